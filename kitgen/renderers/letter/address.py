"""The letter's e-mail line: an address too long for its cell breaks before an '@' or a '.', not mid-word."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from kitgen.renderers.pdfbase import KitParagraph

#: Where an address may break, as printed books break them: before an '@' or a '.'; a part still too long for a
#: line breaks after a hyphen or an underscore, and only a part without any of these goes on letter by letter.
BREAKS = (re.compile(r"(?=[@.])"), re.compile(r"(?<=[-_])"))


def address_lines(address: str, first: float, rest: float, width) -> list[str]:
    """``address`` cut into lines: the first at most ``first`` wide (after its label; it may stay empty), the
    others at most ``rest``; ``width(text)`` measures a piece."""
    lines, room = [""], first
    for piece in _pieces(address, rest, width):
        if lines[-1] and width(lines[-1] + piece) > room or not lines[-1] and width(piece) > room and room < rest:
            lines.append("")
            room = rest
        lines[-1] += piece
    return lines


def _pieces(text: str, room: float, width, level: int = 0) -> list[str]:
    """``text`` cut at its break points, each piece cut further where it is wider than ``room`` alone."""
    if width(text) <= room:
        return [text]
    if level == len(BREAKS):
        pieces = [""]
        for ch in text:
            if pieces[-1] and width(pieces[-1] + ch) > room:
                pieces.append("")
            pieces[-1] += ch
        return pieces
    return [part for piece in BREAKS[level].split(text) if piece
            for part in _pieces(piece, room, width, level + 1)]


class EmailLine(Flowable):
    """"E-mail: address" whose address, when the line is too short for it, goes on at the breaks of
    :func:`address_lines`, every part a mailto: link.

    Left to right, it is one paragraph. Right to left, ``whole`` (the line as one right-to-left paragraph) is used
    while no word of it overflows; else ``label`` (a right-to-left paragraph) with the address right-aligned
    under it, in ``style`` (the kit font, for the Latin letters of the address)."""

    def __init__(self, label: str, address: str, target: str, style: ParagraphStyle, link_markup,
                 rtl: tuple[Flowable, Flowable] | None = None):
        super().__init__()
        self.label, self.address, self.target, self.style = label, address, target, style
        self.link_markup = link_markup  # (shown, target) -> paragraph markup for a link
        self.rtl = rtl  # right to left: (the whole line, the label alone)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._parts: list[Flowable] = []

    def _width(self, text: str) -> float:
        return stringWidth(text, self.style.fontName, self.style.fontSize)

    def _layout(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.rtl is None:
            head = f"{self.label}: "
            lines = address_lines(self.address, available_width - self._width(head), available_width, self._width)
            body = "<br/>".join(self.link_markup(line, self.target) if line else "" for line in lines)
            return [KitParagraph(escape(head) + body, self.style)]
        whole, label = self.rtl
        whole.wrap(available_width, available_height)
        if whole.widest() <= available_width:
            return [whole]
        lines = address_lines(self.address, available_width, available_width, self._width)
        style = ParagraphStyle("address", parent=self.style, alignment=TA_RIGHT, spaceBefore=0, spaceAfter=0)
        return [label, KitParagraph("<br/>".join(self.link_markup(line, self.target) for line in lines), style)]

    def wrap(self, available_width, available_height):
        self._parts = self._layout(available_width, available_height)
        self.width, self.height = available_width, 0
        for part in self._parts:
            self.height += part.wrap(available_width, available_height)[1]
        return self.width, self.height

    def draw(self):
        y = self.height
        for part in self._parts:
            y -= part.height
            part.drawOn(self.canv, 0, y)
