"""Helpers for the web page's tests: a valid form, a logo, a decompression-bomb PNG."""
from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from pathlib import Path


PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from
LOGO = (PROJECT_ROOT / "examples" / "logo.png").read_bytes()

#: A form a teacher would send: one lesson, one band, Dutch lesson, letters in Dutch and English.
FORM = {
    "ui": "nl",
    "lesson": "grooming",
    "band": "10-12",
    "lang": "nl",
    "letter_lang": ["nl", "en"],
    "name": "Basisschool De Regenboog",
    "teacher": "Sanne de Vries",
    "class": "groep 7b",
    "lesson_date": "2026-12-03",
    "letter_date": "",
    "email": "s.devries@deregenboog.example",
    "phone": "030 123 45 67",
    "signature_nl": "Hartelijke groet,",
    "signature_en": "",
}


def png(width: int, height: int) -> bytes:
    """A small valid PNG of ``width`` × ``height`` white pixels (1-bit), however large it claims to be."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def jpeg(width: int = 40, height: int = 20) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


#: Languages added to a copy of the lessons in data only: Frisian with every letter text (copied from the
#: Turkish files, so the page has something to offer), German missing one text of one band, Somali with none.
EXTRA_LANGUAGES = """\
  - code: fy
    tag: fy-NL
    name: West Frisian
    native: Frysk
    purpose: letter
  - code: de
    tag: de-DE
    name: German
    native: Deutsch
    purpose: letter
    status: draft
  - code: so
    tag: so-SO
    name: Somali
    native: Soomaali
    purpose: letter
    status: draft
"""


def lessons_with_more_languages(folder: Path) -> Path:
    """A copy of the lessons in ``folder`` with :data:`EXTRA_LANGUAGES` added to languages.yaml and their texts."""
    lessons = folder / "lessons"
    shutil.copytree(PROJECT_ROOT / "lessons", lessons)
    languages = lessons / "languages.yaml"
    languages.write_text(languages.read_text(encoding="utf-8") + EXTRA_LANGUAGES, encoding="utf-8")
    translations = lessons / "translations"
    for source in sorted(translations.glob("*.tr.yaml")):
        scope = source.name[: -len(".tr.yaml")]
        text = source.read_text(encoding="utf-8")
        (translations / f"{scope}.fy.yaml").write_text(text, encoding="utf-8")
        if scope == "grooming":  # German lacks one text of grooming's 8-10 letter
            text = re.sub(r"  bands\.8-10\.letter\.why:\n    text: .*\n    source: .*\n", "", text)
        (translations / f"{scope}.de.yaml").write_text(text, encoding="utf-8")
    return lessons
