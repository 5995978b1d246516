"""Kits made in memory: a selection and a school profile become files as bytes, rendered in a process pool.

Files that do not depend on the school (slides, worksheet, answer key) are made once per input hash and
kept; letters are made for each request and forgotten with it. Nothing is written to disk.
"""
from __future__ import annotations

import asyncio
import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
from collections import OrderedDict
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kitgen.context import BuildContext
from kitgen.fingerprint import InputHasher
from kitgen.model import Catalog
from kitgen.renderers import KINDS, Registry, default_registry
from kitgen.school import SchoolProfile
from kitgen.view import make_view

#: Kinds that are the same for every school: made once per input hash and kept.
SHARED_KINDS = ("slides", "worksheet", "answers")
#: Kinds made per letter language with the school's details, for each request.
LETTER_KINDS = tuple(kind for kind in KINDS if kind.startswith("letter"))
#: How many shared files (and their thumbnails) are kept; the shipped lessons have 72.
CACHE_SIZE = 512
#: Width in pixels of a page thumbnail.
THUMB_PIXELS = 300
MEDIA_TYPES = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".eml": "message/rfc822",
}


@dataclass(frozen=True)
class KitRequest:
    """What a teacher asked for: one lesson for one band, the class language, the letter languages, the school."""

    lesson: str
    band: str
    lang: str
    letter_langs: tuple[str, ...]
    school: SchoolProfile | None = None

    def jobs(self) -> list[tuple[str, str]]:
        """(kind, language) of every file of the kit, in kit order."""
        return [(kind, self.lang) for kind in SHARED_KINDS] + [
            (kind, lang) for lang in self.letter_langs for kind in LETTER_KINDS
        ]


@dataclass(frozen=True)
class KitFile:
    """One file of a kit: its name, kind and language, its bytes, and (for a preview) thumbnails."""

    name: str
    kind: str
    lang: str
    data: bytes
    thumbs: tuple[tuple[str, bytes], ...] = ()  # (media type, image bytes) per slide or page

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(Path(self.name).suffix, "application/octet-stream")


@dataclass(frozen=True)
class _Job:
    """Files of one kit in one language, rendered together so the letter is composed once for its three forms."""

    lesson: str
    band: str
    lang: str
    kinds: tuple[str, ...]
    school: SchoolProfile | None
    thumbs: bool


class KitMaker:
    """Makes kits for the web page; ``workers`` processes render (0: threads of this process)."""

    def __init__(self, catalog: Catalog, context: BuildContext, workers: int = 0):
        self.catalog = catalog
        self.context = context
        self.workers = workers
        self._hasher = InputHasher(context, catalog)
        self._cache: OrderedDict[tuple, tuple[bytes, tuple]] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: Executor | None = None

    def start(self) -> None:
        """Start the render processes (forked now, before the server starts its threads)."""
        if self._pool is not None:
            return
        _state.update(catalog=self.catalog, context=self.context, registry=default_registry())
        if self.workers <= 0:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kitgen-render")
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        ctx = multiprocessing.get_context(method)
        initargs = () if method == "fork" else (self.catalog, self.context)
        gc.collect()
        gc.freeze()  # the workers then share the loaded lessons and renderers' pages with this process
        self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_start_worker, initargs=initargs)
        list(self._pool.map(_pid, range(self.workers)))  # start them all now, while forking is safe

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    async def kit(self, request: KitRequest, thumbs: bool = False) -> list[KitFile]:
        """Every file of the requested kit, with thumbnails when ``thumbs``."""
        self.start()
        loop = asyncio.get_running_loop()
        lesson = next(lesson for lesson in self.catalog.lessons if lesson.id == request.lesson)
        digest = self._hasher.kit_digest(lesson, request.band)
        waiting, order = [], []
        for kind in SHARED_KINDS:
            key = (self._hasher.artifact_inputs(digest, request.lang, kind), thumbs)
            cached = self._cached(key)
            if cached is not None:
                waiting.append(_done([cached]))
            else:
                job = _Job(request.lesson, request.band, request.lang, (kind,), None, thumbs)
                waiting.append(self._remember(key, loop.run_in_executor(self._pool, _render, job)))
            order.append((kind, request.lang))
        for lang in request.letter_langs:  # the school's letters: made for this request only, never kept
            job = _Job(request.lesson, request.band, lang, LETTER_KINDS, request.school, thumbs)
            waiting.append(loop.run_in_executor(self._pool, _render, job))
            order += [(kind, lang) for kind in LETTER_KINDS]
        results = [item for group in await asyncio.gather(*waiting) for item in group]
        registry = _state["registry"]
        return [
            KitFile(_file_name(request, kind, lang, registry[kind].suffix), kind, lang, data, thumbnails)
            for (kind, lang), (data, thumbnails) in zip(order, results)
        ]

    def _cached(self, key) -> tuple[bytes, tuple] | None:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
            return found

    async def _remember(self, key, future) -> list[tuple[bytes, tuple]]:
        (result,) = await future
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return [result]


async def _done(value):
    return value


def _file_name(request: KitRequest, kind: str, lang: str, suffix: str) -> str:
    return f"{request.lesson}-{request.band}-{lang}-{kind}{suffix}"


# The render processes' catalog, context and renderers: set in the server process before the
# workers are forked (or by the initializer where processes cannot fork); never changed after.
_state: dict[str, object] = {}
_pdfium = threading.Lock()  # pdfium is not thread-safe


def _pid(_: int) -> int:
    return os.getpid()


def _start_worker(catalog: Catalog | None = None, context: BuildContext | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops the pool
    if catalog is not None:
        _state.update(catalog=catalog, context=context, registry=default_registry())


def _render(job: _Job) -> list[tuple[bytes, tuple[tuple[str, bytes], ...]]]:
    """Each of the job's files as bytes, with its thumbnails when asked for."""
    catalog: Catalog = _state["catalog"]  # type: ignore[assignment]
    registry: Registry = _state["registry"]  # type: ignore[assignment]
    context: BuildContext = _state["context"]  # type: ignore[assignment]
    if job.school is not None:
        context = dataclasses.replace(context, school=job.school, author=job.school.name)
        # Work that does not depend on the school (QR codes, templates) is shared with later requests;
        # the letter and the logo stay in this request's memo, which goes when the request does.
        object.__setattr__(context, "_memo", _RequestMemo(_state["context"]._memo))  # type: ignore[union-attr]
    lesson = next(lesson for lesson in catalog.lessons if lesson.id == job.lesson)
    view = make_view(catalog, lesson, job.band, job.lang)
    return [_render_one(registry[kind], view, context, job.thumbs) for kind in job.kinds]


def _render_one(renderer, view, context: BuildContext, thumbs: bool) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    data = renderer.render(view, context)
    if not thumbs:
        return data, ()
    if renderer.kind == "slides":
        return data, _slide_thumbs(renderer, view, context)
    if renderer.suffix == ".pdf":
        return data, _page_thumbs(data)
    return data, ()


class _RequestMemo(dict):
    """A request's memo: school-independent entries go to (and come from) the shared memo, the rest stay here."""

    #: The first part of the keys whose values never depend on the school.
    SHARED = frozenset({"qr", "jinja", "jinja-html", "pptxwriter"})

    def __init__(self, shared: dict):
        super().__init__()
        self._shared = shared

    def _home(self, key) -> dict:
        return self._shared if isinstance(key, tuple) and key and key[0] in self.SHARED else self

    def __contains__(self, key) -> bool:
        home = self._home(key)
        return dict.__contains__(home, key)

    def __getitem__(self, key):
        return dict.__getitem__(self._home(key), key)

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self._home(key), key, value)


def _slide_thumbs(renderer, view, context: BuildContext) -> tuple[tuple[str, bytes], ...]:
    from kitgen.renderers.deck.fit import load_metrics
    from kitgen.renderers.deck.svg import slide_svg
    from kitgen.renderers.deck.theme import theme_for

    plan = renderer.plan(view, context)
    size = renderer.template(context, theme_for(plan.theme)).geometry.slide
    metrics = load_metrics(context.fonts_dir)
    return tuple(("image/svg+xml", slide_svg(s, size, metrics, plan).encode("utf-8")) for s in plan.slides)


def _page_thumbs(pdf: bytes) -> tuple[tuple[str, bytes], ...]:
    import io

    import pypdfium2

    thumbs = []
    with _pdfium:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                scale = THUMB_PIXELS / page.get_width()
                image = page.render(scale=scale).to_pil()
                buffer = io.BytesIO()
                image.convert("RGB").save(buffer, "PNG", optimize=True)
                thumbs.append(("image/png", buffer.getvalue()))
                page.close()
        finally:
            document.close()
    return tuple(thumbs)
