"""Does this text fit its box? Word-wrapping with real font metrics, before anything is written.

The decks name "Arial", a font every school computer has. We measure with Liberation Sans from
assets/fonts/, which is metric-compatible with Arial (every glyph has the same advance width), so a
line that fits in our measurement fits in PowerPoint with Arial and in LibreOffice with Liberation Sans.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.fontcmap import advance_widths

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
    #: Widths already measured, by (text, bold): fitting measures the same words at many sizes.
    _measured: dict[tuple[str, bool], float] = field(default_factory=dict, init=False, compare=False, repr=False)

    def width(self, text: str, size_pt: float, bold: bool = False) -> float:
        """The width of ``text`` in points."""
        return self.units(text, bold) * size_pt / 1000

    def units(self, text: str, bold: bool = False) -> float:
        """The width of ``text`` in 1/1000 em.

        Every advance is a whole number of font units (1/2048 em) times 1000/2048, so these sums are
        exact in any order: adding a word's units to a line's gives the very float summing the joined text does.
        """
        measured = self._measured.get((text, bold))
        if measured is None:
            widths = self.bold if bold else self.regular
            measured = self._measured[text, bold] = sum(widths.get(ord(ch), MISSING_GLYPH_EM * 1000) for ch in text)
        return measured


@functools.lru_cache(maxsize=4)
def load_metrics(fonts_dir: Path) -> FontMetrics:
    """The metrics of Liberation Sans (regular and bold) from ``fonts_dir``."""

    return FontMetrics(
        advance_widths(fonts_dir / "LiberationSans-Regular.ttf"), advance_widths(fonts_dir / "LiberationSans-Bold.ttf")
    )


def wrap(text: str, width_pt: float, size_pt: float, metrics: FontMetrics, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width_pt``, as a word processor would; long words are cut."""
    usable = width_pt * WIDTH_RESERVE
    space = metrics.units(" ", bold)

    def fits(units: float) -> bool:  # the same arithmetic as FontMetrics.width, so the same decisions
        return units * size_pt / 1000 <= usable

    lines: list[str] = []
    for hard_line in text.split("\n"):
        line, line_units = "", 0.0
        for word in filter(None, hard_line.split(" ")):  # only spaces: a no-break space joins its words
            word_units = metrics.units(word, bold)
            candidate_units = line_units + space + word_units if line else word_units
            if fits(candidate_units):
                line = f"{line} {word}" if line else word
                line_units = candidate_units
                continue
            if line:
                lines.append(line)
            while not fits(word_units):
                cut = _longest_prefix(word, fits, metrics, bold)
                lines.append(word[:cut])
                word = word[cut:]
                word_units = metrics.units(word, bold)
            line, line_units = word, word_units
        lines.append(line)
    return lines


def _longest_prefix(word: str, fits, metrics: FontMetrics, bold: bool) -> int:
    """How many of ``word``'s first characters fit (at least one)."""
    cut, units = 1, metrics.units(word[0], bold)
    while cut < len(word):
        units += metrics.units(word[cut], bold)
        if not fits(units):
            break
        cut += 1
    return cut
