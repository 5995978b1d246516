"""The kit zip of the web page: the kit's files flat inside, dated with the build date (same bytes for the same files)."""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from typing import Iterable

from kitgen.zipstamp import MEMBER_PERMISSIONS


def kit_zip_name(lesson: str, band: str, lang: str, school: str | None = None) -> str:
    """``<lesson>-<band>-<lang>[-<school>].zip``, the school's name in lower-case ASCII words."""
    ascii_text = unicodedata.normalize("NFKD", school or "").encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return f"{lesson}-{band}-{lang}{'-' + slug if slug else ''}.zip"


def pack_kit(files: Iterable[tuple[str, bytes]], lang: str, when: dt.datetime, title: str = "") -> bytes:
    """The zip of one kit's (name, bytes) files, in the order given."""
    stamp = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = MEMBER_PERMISSIONS
            archive.writestr(entry, data)
    return buffer.getvalue()
