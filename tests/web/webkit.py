"""Helpers for the web page's tests: a valid form, a logo, a decompression-bomb PNG."""
from __future__ import annotations

import io
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
