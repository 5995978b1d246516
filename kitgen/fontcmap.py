"""What a TrueType font can print and how wide, from its cmap and hmtx tables (so `kitgen check` needs no reportlab)."""
from __future__ import annotations

import struct
from pathlib import Path

#: cmap subtables to read, best first: (platform, encoding, format). Windows full Unicode, then the BMP.
_PREFERRED = ((3, 10, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4))


class FontError(ValueError):
    """The file is not a TrueType font with a Unicode cmap kitgen can read."""


def mapped_characters(path: Path) -> frozenset[int]:
    """The code points ``path`` maps to a real glyph (glyph 0 is the 'missing' box)."""
    return frozenset(_glyphs(path))


def advance_widths(path: Path) -> dict[int, float]:
    """The advance width of every code point ``path`` maps, in 1/1000 em (as PDF and reportlab count)."""
    try:
        data = path.read_bytes()
        head, hhea, hmtx = _table(data, b"head"), _table(data, b"hhea"), _table(data, b"hmtx")
        (units_per_em,) = struct.unpack_from(">H", data, head + 18)
        (long_metrics,) = struct.unpack_from(">H", data, hhea + 34)
        advances = struct.unpack_from(f">{2 * long_metrics}H", data, hmtx)[::2]
    except struct.error as exc:
        raise FontError(f"{path.name} is cut short or not a TrueType font ({exc})") from None
    scale = 1000 / units_per_em
    # Glyphs past the long metrics share the last advance (monospaced tails).
    return {code: advances[min(glyph, long_metrics - 1)] * scale for code, glyph in _glyphs(path).items()}


def _glyphs(path: Path) -> dict[int, int]:
    """Each code point ``path`` maps to a real glyph, with that glyph's number."""
    try:
        return _read(path.read_bytes(), path.name)
    except struct.error as exc:
        raise FontError(f"{path.name} is cut short or not a TrueType font ({exc})") from None


def _read(data: bytes, name: str) -> dict[int, int]:
    cmap = _table(data, b"cmap")
    _version, count = struct.unpack_from(">HH", data, cmap)
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        (fmt,) = struct.unpack_from(">H", data, cmap + offset)
        subtables.setdefault((platform, encoding, fmt), cmap + offset)
    for key in _PREFERRED:
        if key in subtables:
            reader = _format12 if key[2] == 12 else _format4
            return dict(reader(data, subtables[key]))
    raise FontError(f"{name} has no Unicode cmap")


def _table(data: bytes, tag: bytes) -> int:
    (count,) = struct.unpack_from(">H", data, 4)
    for index in range(count):
        entry_tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if entry_tag == tag:
            return offset
    raise FontError(f"no '{tag.decode()}' table")


def _format12(data: bytes, start: int):
    (groups,) = struct.unpack_from(">I", data, start + 12)
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * index)
        for offset, code in enumerate(range(first, last + 1)):
            if glyph + offset:
                yield code, glyph + offset


def _format4(data: bytes, start: int):
    (seg_x2,) = struct.unpack_from(">H", data, start + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 2 * seg_x2)
    range_offsets_at = start + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    for index in range(segments):
        for code in range(starts[index], ends[index] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[index] == 0:
                glyph = (code + deltas[index]) & 0xFFFF
            else:
                at = range_offsets_at + 2 * index + range_offsets[index] + 2 * (code - starts[index])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[index]) & 0xFFFF if glyph else 0
            if glyph:
                yield code, glyph
