"""Right-to-left paragraphs for the PDF letters: lines broken in reading order, each drawn in display order.

Arabic letters are joined into their connected forms (arabic-reshaper) and each line is put into display
order by the Unicode bidirectional algorithm (python-bidi); runs the right-to-left font cannot print (web
addresses, names in Latin letters) are drawn in the kit font.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable

import arabic_reshaper
from bidi import get_display
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from kitgen.fontcmap import mapped_characters
from kitgen.languages import font_files

#: reportlab names of a registered family: the regular and the bold face.
FAMILY_PREFIX = "Kit-"


def register_family(family: str, fonts_dir: Path) -> tuple[str, str]:
    """Register a font family from assets/fonts (no harfbuzz shaping: the text comes shaped); its two names."""
    names = (f"{FAMILY_PREFIX}{family}", f"{FAMILY_PREFIX}{family}-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        for name, file_name in zip(names, font_files(family)):
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir / file_name), shapable=False))
        pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0], boldItalic=names[1])
    return names


@functools.cache
def _printable(font_file: str) -> frozenset[int]:
    return frozenset(mapped_characters(Path(font_file)))


def _runs(line: str, font: str, latin_font: str) -> list[tuple[str, str]]:
    """A display-order line cut into runs of one font each: the right-to-left font where it has the glyph."""
    printable = _printable(pdfmetrics.getFont(font).face.filename)
    runs: list[tuple[str, str]] = []
    for ch in line:
        use = font if ord(ch) in printable or ch == " " else latin_font
        if runs and (runs[-1][0] == use or ch == " "):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((use, ch))
    return runs


#: A run of Latin letters, digits and the marks of addresses and phone numbers, inside right-to-left text.
LATIN_RUN = re.compile(r"[A-Za-z0-9+@][A-Za-z0-9.,:/@+\-_?=&%#~]*(?:[ ][A-Za-z0-9+@][A-Za-z0-9.,:/@+\-_?=&%#~]*)*")
#: Left-to-right and right-to-left marks. After Arabic letters, "0900-8844" would show as "8844-0900" (the
#: numbers count as Arabic numbers, which a hyphen does not join): a left-to-right mark keeps a run in order.
LRM, RLM = "\u200e", "\u200f"


def mark_latin_runs(text: str) -> str:
    """Right-to-left text whose Latin runs (web addresses, phone numbers) sit between left-to-right marks."""
    if not text or not any("\u0590" <= ch <= "\u08ff" for ch in text):
        return text

    def mark(match: re.Match) -> str:
        run = match.group(0)
        core = run.rstrip(".,:")  # a full stop after an address belongs to the sentence
        return f"{LRM}{core}{LRM}{run[len(core):]}"

    return RLM + LATIN_RUN.sub(mark, text)


#: Paired marks that turn round in right-to-left text (the bidi algorithm's mirroring, rule L4).
MIRRORED = str.maketrans("()[]{}«»‹›", ")(][}{»«›‹")


@functools.lru_cache(maxsize=8192)
def display_line(logical: str) -> str:
    """One line of text in reading order, joined and put in display (left-to-right drawing) order.

    Kept per line: a table wraps its cells more than once, and each wrap tries every line again."""
    shown = get_display(arabic_reshaper.reshape(mark_latin_runs(logical)), base_dir="R")
    return shown.replace(LRM, "").replace(RLM, "").translate(MIRRORED)


#: Where a line (in display order) holds links: (start, end, target) for each, e.g. a web address.
Links = Callable[[str], list[tuple[int, int, str]]]


class RtlParagraph(Flowable):
    """A paragraph (or bullet point) set right to left, right-aligned, in ``style``'s font and size;
    with ``links``, the web addresses, e-mail addresses and phone numbers in it are underlined links."""

    def __init__(self, text: str, style: ParagraphStyle, latin_font: str, bullet: str | None = None,
                 links: Links | None = None):
        super().__init__()
        self.text = " ".join(text.split())
        self.style = style
        self.latin_font = latin_font
        self.bullet = bullet
        self.links = links
        self.lines: list[str] = []
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def _width(self, display: str) -> float:
        size = self.style.fontSize
        return sum(pdfmetrics.stringWidth(run, font, size) for font, run in
                   _runs(display, self.style.fontName, self.latin_font))

    def wrap(self, available_width, available_height):
        room = available_width - self.style.leftIndent - self.style.rightIndent
        self.lines, current = [], []
        for word in self.text.split(" "):
            trial = " ".join([*current, word])
            if current and self._width(display_line(trial)) > room:
                self.lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        if current:
            self.lines.append(" ".join(current))
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def draw(self):
        canvas, style = self.canv, self.style
        canvas.setFillColor(style.textColor)
        right = self.width - style.leftIndent  # the bullet indent of a left-to-right style, mirrored
        for number, logical in enumerate(self.lines):
            y = self.height - (number + 1) * style.leading + (style.leading - style.fontSize) * 0.8
            display = display_line(logical)
            x = start = right - self._width(display)
            for font, run in _runs(display, style.fontName, self.latin_font):
                canvas.setFont(font, style.fontSize)
                canvas.drawString(x, y, run)
                x += pdfmetrics.stringWidth(run, font, style.fontSize)
            for begin, end, target in self.links(display) if self.links else ():
                self._link(start + self._width(display[:begin]), start + self._width(display[:end]), y, target)
            if number == 0 and self.bullet:
                canvas.setFont(self.latin_font, style.fontSize)
                canvas.drawRightString(self.width - style.bulletIndent, y, self.bullet)

    def _link(self, left: float, right: float, y: float, target: str) -> None:
        """An underlined link annotation over the text from ``left`` to ``right`` on the line at ``y``."""
        canvas, size = self.canv, self.style.fontSize
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(0.5)
        canvas.line(left, y - 0.12 * size, right, y - 0.12 * size)
        canvas.restoreState()
        canvas.linkURL(target, (left, y - 0.25 * size, right, y + 0.85 * size), relative=1, thickness=0)
