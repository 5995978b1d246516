"""Does this text fit its box? Word-wrapping with real font metrics, before anything is written.

The decks name "Arial", a font every school computer has. We measure with Liberation Sans from
assets/fonts/, which is metric-compatible with Arial (every glyph has the same advance width), so a
line that fits in our measurement fits in PowerPoint with Arial and in LibreOffice with Liberation Sans.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

#: Line height as a multiple of the font size; the writer sets exactly this line spacing.
LINE_HEIGHT = 1.2
TITLE_LINE_HEIGHT = 1.1
#: Text frame insets in points (left/right, top/bottom); the writer sets exactly these.
INSET_X = 7.2
INSET_Y = 3.6
#: Keep a little width in reserve for differences between renderers (kerning, hinting).
WIDTH_RESERVE = 0.96
#: Glyphs the font lacks (emoji) are drawn from a fallback font; count them as wide.
MISSING_GLYPH_EM = 1.25
EMU_PER_PT = 12700


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of the regular and bold faces, in 1/1000 em."""

    regular: dict[int, float]
    bold: dict[int, float]

    def width(self, text: str, size_pt: float, bold: bool = False) -> float:
        """The width of ``text`` in points."""
        widths = self.bold if bold else self.regular
        return sum(widths.get(ord(ch), MISSING_GLYPH_EM * 1000) for ch in text) * size_pt / 1000


@functools.lru_cache(maxsize=4)
def load_metrics(fonts_dir: Path) -> FontMetrics:
    """The metrics of Liberation Sans (regular and bold) from ``fonts_dir``."""

    def widths(name: str) -> dict[int, float]:
        face = TTFont(name, str(fonts_dir / name)).face
        return {code: face.charWidths.get(code, face.defaultWidth) for code in face.charToGlyph}

    return FontMetrics(widths("LiberationSans-Regular.ttf"), widths("LiberationSans-Bold.ttf"))


def wrap(text: str, width_pt: float, size_pt: float, metrics: FontMetrics, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width_pt``, as a word processor would; long words are cut."""
    usable = width_pt * WIDTH_RESERVE
    lines: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in filter(None, hard_line.split(" ")):  # only spaces: a no-break space joins its words
            candidate = f"{line} {word}" if line else word
            if metrics.width(candidate, size_pt, bold) <= usable:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while metrics.width(word, size_pt, bold) > usable:
                cut = _longest_prefix(word, usable, size_pt, metrics, bold)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, usable: float, size_pt: float, metrics: FontMetrics, bold: bool) -> int:
    cut = 1
    while cut < len(word) and metrics.width(word[: cut + 1], size_pt, bold) <= usable:
        cut += 1
    return cut
