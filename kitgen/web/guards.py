"""ASGI middleware that guards every response: security headers, a request body limit, a per-client rate limit."""
from __future__ import annotations

import time
from typing import Callable

#: A strict policy: everything from this server only; data: images carry the personal previews.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every response (pages, files, errors alike)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """The request body passed the limit while it was being read."""


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes, by their Content-Length or while they stream in."""

    def __init__(self, app, limit: int, refuse: Callable):
        self.app, self.limit, self.refuse = app, limit, refuse

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                return await self.refuse(scope, receive, send, 413)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            await self.refuse(scope, receive, send, 413)


class RateLimit:
    """At most ``per_minute`` requests per client address (a token bucket); more get 429.

    /healthz and the static files are not counted. The buckets hold only addresses and counts, never
    request content, and are forgotten once full again.
    """

    def __init__(self, app, per_minute: int, refuse: Callable, clock: Callable[[], float] = time.monotonic):
        self.app, self.per_minute, self.refuse, self.clock = app, per_minute, refuse, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, when)

    def _allow(self, client: str) -> bool:
        now = self.clock()
        rate = self.per_minute / 60
        tokens, when = self._buckets.get(client, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * rate)
        if len(self._buckets) > 10_000:  # forget full buckets, so the table stays small
            self._buckets = {k: v for k, v in self._buckets.items() if v[0] + (now - v[1]) * rate < self.per_minute}
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return False
        self._buckets[client] = (tokens - 1, now)
        return True

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.per_minute:
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path == "/healthz" or path.startswith("/static/"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        if not self._allow(client):
            return await self.refuse(scope, receive, send, 429)
        await self.app(scope, receive, send)
