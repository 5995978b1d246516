"""A request body read into memory as form fields and uploaded files (never spooled to disk)."""
from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

#: Most fields and files one form may send.
MAX_FIELDS = 60


class FormError(ValueError):
    """A body that is not a form this page sends."""


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name the browser gave and its bytes."""

    filename: str
    data: bytes


@dataclass
class Form:
    """Text fields (the last value of each name wins, lists keep all) and uploads by field name."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1] if values else default

    def getall(self, name: str) -> list[str]:
        return self.fields.get(name, [])


def parse_form(body: bytes, content_type: str) -> Form:
    """The fields and files of an ``application/x-www-form-urlencoded`` or ``multipart/form-data`` body."""
    form = Form()
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded" or not body:
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except (UnicodeDecodeError, ValueError):
            raise FormError("the form is not UTF-8 text") from None
        for name, value in pairs:
            form.fields.setdefault(name, []).append(value)
        return form
    if kind != "multipart/form-data":
        raise FormError(f"a form cannot be sent as {kind or 'nothing'}")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise FormError("the form's parts cannot be read")
    parts = list(message.iter_parts())
    if len(parts) > MAX_FIELDS:
        raise FormError(f"the form has more than {MAX_FIELDS} fields")
    for part in parts:
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        filename = part.get_filename()
        data = part.get_payload(decode=True) or b""
        if filename is not None:
            if data:
                form.files[name] = Upload(filename, data)
            continue
        try:
            text = data.decode(part.get_content_charset() or "utf-8")
        except (UnicodeDecodeError, LookupError):
            raise FormError(f"the field '{name}' is not UTF-8 text") from None
        form.fields.setdefault(name, []).append(text.replace("\r\n", "\n"))
    return form
