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
import bidi
from bidi import get_display
from bidi.mirror import MIRRORED as MIRROR
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


def _levels(text: str) -> list[int]:
    """The embedding level the Unicode bidirectional algorithm resolves for each character of a right-to-left
    line (odd: right to left), bracket pairs included (rule N0): python-bidi gives them on request (``debug``),
    one per byte of the line in UTF-8."""
    info = get_display(text, base_dir="R", debug=True)
    found = re.search(r"levels: \[(.*?)\]", info, re.S)
    per_byte = [int(level) for level in re.findall(r"Level\(\s*(\d+)", found.group(1))] if found else []
    if len(per_byte) != len(text.encode()):
        raise RuntimeError(f"python-bidi {bidi.VERSION} reported no embedding levels kitgen can read")
    levels, offset = [], 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode())
    return levels


def _display_order(levels: list[int]) -> list[int]:
    """Which character comes where, left to right (rule L2): from the highest level down to the lowest odd
    one, every stretch of characters at that level or higher is turned round."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    for level in range(max(levels, default=0), min(odd, default=1) - 1, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = order[start:position][::-1]
                start = None
    return order


@functools.lru_cache(maxsize=8192)
def display_line(logical: str) -> str:
    """One line of text in reading order, joined and put in display (left-to-right drawing) order.

    A bracket or quotation mark shows its mirror image only where it stands in right-to-left text (rule L4):
    "(grooming)" in an Arabic sentence, or Arabic words in brackets, but not the brackets inside a Latin run
    such as "groep 7b (combinatieklas)". Kept per line: a table wraps its cells more than once."""
    joined = arabic_reshaper.reshape(mark_latin_runs(logical))
    if any(ch in MIRROR for ch in joined):
        levels = _levels(joined)
        shown = "".join(MIRROR.get(joined[i], joined[i]) if levels[i] % 2 else joined[i]
                        for i in _display_order(levels))
    else:  # nothing to mirror: python-bidi's display order as it is
        shown = get_display(joined, base_dir="R")
    return shown.replace(LRM, "").replace(RLM, "")


@functools.lru_cache(maxsize=2048)
def _word_widths(text: str, font: str, latin_font: str, size: float) -> tuple[float, ...]:
    """The width of each word of a paragraph (words parted by single spaces), joined, in the fonts that print
    its letters. Arabic letters join within a word only, so the paragraph is joined once and cut at its spaces.

    Kept per paragraph: a table wraps its cells more than once, and a letter set again more closely too."""
    return tuple(sum(pdfmetrics.stringWidth(run, run_font, size) for run_font, run in _runs(joined, font, latin_font))
                 for joined in arabic_reshaper.reshape(text).split(" "))


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

    def widest(self) -> float:
        """The width of the widest line as last wrapped (wider than the room where one word is)."""
        return max((self._width(display_line(line)) for line in self.lines), default=0.0) \
            + self.style.leftIndent + self.style.rightIndent

    def _width(self, display: str) -> float:
        size = self.style.fontSize
        return sum(pdfmetrics.stringWidth(run, font, size) for font, run in
                   _runs(display, self.style.fontName, self.latin_font))

    def wrap(self, available_width, available_height):
        room = available_width - self.style.leftIndent - self.style.rightIndent
        self.lines = self._break(room)
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def _break(self, room: float) -> list[str]:
        """The lines, filled word by word as long as the line (joined and in display order) fits in ``room``.

        Each word is measured once; the sum of a line's word and space widths is the line's width up to its
        spaces (drawn in the font of the text before them) and its mirrored brackets, so only a line whose sum
        comes within ``margin`` of ``room`` is put in display order and measured whole."""
        style, words = self.style, self.text.split(" ")
        widths = _word_widths(self.text, style.fontName, self.latin_font, style.fontSize)
        space = pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
        space_spread = abs(space - pdfmetrics.stringWidth(" ", self.latin_font, style.fontSize))
        lines, start, width = [], 0, 0.0
        for end in range(len(words)):
            if end == start:
                width = widths[end]
                continue
            width += space + widths[end]
            margin = style.fontSize + (end - start) * space_spread
            if width > room + margin or (width > room - margin and self._width(
                    display_line(" ".join(words[start:end + 1]))) > room):
                lines.append(" ".join(words[start:end]))
                start, width = end, widths[end]
        if words[start:]:
            lines.append(" ".join(words[start:]))
        return lines

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
