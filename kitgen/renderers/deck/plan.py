"""The deck plan: slides as plain data (layout, boxes, text, shapes, pictures, notes), checked for fit."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.errors import Pos
from kitgen.renderers.deck.fit import (
    EMU_PER_PT,
    INSET_X,
    INSET_Y,
    LINE_HEIGHT,
    FontMetrics,
    wrap,
)

#: Placeholder index of the title; body placeholders use 1 and 2.
TITLE = 0


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT


@dataclass(frozen=True)
class Para:
    """One paragraph: its text and how it is set."""

    text: str
    size: float  # points
    bold: bool = False
    bullet: bool = False  # a bullet with a hanging indent
    colour: str | None = None  # RRGGBB; None keeps the layout's colour
    space_before: float = 0.0  # points; ignored on a block's first paragraph
    align: str = "l"  # "l", "ctr" or "r"
    link: str | None = None  # a web address (https://…) the text links to
    link_text: str | None = None  # the part of ``text`` that is the link; None: all of it
    lead: str | None = None  # the start of ``text`` set in bold (a sender's name); measured as if all were bold

    @property
    def indent(self) -> float:
        """The hanging indent of a bulleted paragraph, in points."""
        return round(self.size * 0.9) if self.bullet else 0.0


@dataclass(frozen=True)
class TextBlock:
    """Paragraphs in a box: a placeholder's text or a shape's text."""

    box: Box
    paras: tuple[Para, ...]
    line_height: float = LINE_HEIGHT  # times the font size
    inset_x: float = INSET_X  # points
    inset_y: float = INSET_Y
    anchor: str = "t"  # "t", "ctr" or "b"

    def lines(self, metrics: FontMetrics) -> list[list[str]]:
        """Each paragraph's lines as the box will wrap them."""
        width = self.box.w_pt - 2 * self.inset_x
        # a paragraph with a bold lead is measured all bold: wider than it is, so it wraps no later than measured
        return [wrap(p.text, width - p.indent, p.size, metrics, p.bold or p.lead is not None) for p in self.paras]

    def height_needed(self, metrics: FontMetrics) -> float:
        """The height the text takes, insets included, in points."""
        height = 2 * self.inset_y
        for i, (para, lines) in enumerate(zip(self.paras, self.lines(metrics))):
            height += len(lines) * para.size * self.line_height + (para.space_before if i else 0)
        return height

    def fits(self, metrics: FontMetrics) -> bool:
        return self.height_needed(metrics) <= self.box.h_pt + 0.01

    def text_bottom(self, metrics: FontMetrics) -> float:
        """Where the last line of text ends on the slide, in points from the top (its anchor counted)."""
        top, needed = self.box.y / EMU_PER_PT, min(self.height_needed(metrics), self.box.h_pt)
        if self.anchor == "t":
            return top + needed
        if self.anchor == "ctr":
            return top + (self.box.h_pt + needed) / 2
        return top + self.box.h_pt


@dataclass(frozen=True)
class Shape:
    """A native shape drawn on the slide (chat bubble, card, button), maybe holding text."""

    name: str
    geometry: str  # a DrawingML preset: "roundRect", "ellipse", "rect"
    box: Box
    fill: str | None = None
    line: str | None = None
    text: TextBlock | None = None
    decorative: bool = False  # no text and no meaning: screen readers skip it
    corner: float = 10.0  # corner radius of a "roundRect", in points


def text_rect_inset(geometry: str, box: Box, corner: float) -> tuple[float, float]:
    """How far inside its box a preset shape puts its text (DrawingML's preset definitions), in points.

    PowerPoint and LibreOffice lay text out in this inner rectangle, and then apply the insets, so
    the measurement must count both.
    """
    if geometry == "roundRect":  # il = radius * (1 - cos 45°)
        radius = min(corner, box.w_pt / 2, box.h_pt / 2)
        return radius * (1 - math.sqrt(0.5)), radius * (1 - math.sqrt(0.5))
    if geometry == "ellipse":
        share = (1 - math.sqrt(0.5)) / 2
        return box.w_pt * share, box.h_pt * share
    return 0.0, 0.0


@dataclass(frozen=True)
class Drawing:
    """A group of shapes that together show one thing (a chat, a profile), with its alt text."""

    name: str
    alt: str
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class PicturePlan:
    """A picture on the slide. ``box`` is where it is drawn: its own proportions, already fitted.

    ``path`` is a PNG, JPEG or SVG file (an SVG is drawn as a high-resolution PNG when the deck is
    written); for a QR code ``path`` is None and ``qr`` holds the web address to encode.
    """

    path: Path | None
    box: Box
    alt: str  # in the kit's language; "" when decorative
    decorative: bool
    picture_id: str | None = None  # the catalogue id (assets/pictures.yaml), when it comes from there
    qr: str | None = None  # a web address drawn as a QR code


@dataclass(frozen=True)
class SlidePlan:
    """One slide: a layout by name and what goes into it, in reading order."""

    layout: str
    title: TextBlock
    bodies: tuple[tuple[int, TextBlock], ...] = ()  # (placeholder index, text)
    drawing: Drawing | None = None
    pictures: tuple[PicturePlan, ...] = ()
    backdrops: tuple[Shape, ...] = ()  # decorative shapes drawn behind the pictures (e.g. a coloured disc)
    notes: str = ""
    source: Pos | None = None  # the YAML node this slide comes from
    plain: bool = False  # hide the layout's decorations (a picture takes their place)

    @property
    def title_text(self) -> str:
        return " ".join(p.text for p in self.title.paras)

    def text_blocks(self) -> list[TextBlock]:
        """Every text on the slide: title, bodies and the drawing's shapes."""
        shapes = self.drawing.shapes if self.drawing else ()
        return [self.title, *(block for _, block in self.bodies), *(s.text for s in shapes if s.text)]

    def content_bottom(self, metrics: FontMetrics) -> float:
        """Where the lowest text, picture or drawn shape below the title ends, in points from the top."""
        bottoms = [block.text_bottom(metrics) for _, block in self.bodies]
        bottoms += [(p.box.y + p.box.h) / EMU_PER_PT for p in self.pictures]
        if self.drawing:
            bottoms += [(s.box.y + s.box.h) / EMU_PER_PT for s in self.drawing.shapes]
        return max(bottoms, default=0.0)


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck and its metadata."""

    title: str
    subject: str
    language: str  # BCP 47, e.g. "nl-NL"
    keywords: str
    theme: str = "calm"  # the look (renderers/deck/theme.py)
    ink: str = "1F2933"  # text colour inside drawn shapes that set none
    slides: tuple[SlidePlan, ...] = field(default_factory=tuple)

    @property
    def layouts(self) -> set[str]:
        return {slide.layout for slide in self.slides}
