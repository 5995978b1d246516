"""A deck plan drawn as SVG, one picture per slide: boxes, text lines as the fit check measured them, shapes, pictures."""
from __future__ import annotations

import base64
import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from kitgen.renderers.deck.fit import FontMetrics
from kitgen.renderers.deck.plan import Box, DeckPlan, PicturePlan, Shape, SlidePlan, TextBlock, text_rect_inset
from kitgen.renderers.deck.theme import theme_for

#: Layouts with a dark background in the layout files (tools/make_slides_template.py).
DARK_LAYOUTS = frozenset({"title", "section", "closing"})
#: Pixels of a QR code in a preview.
QR_PIXELS = 160
#: Where a line's baseline sits below the top of its line box, as a share of the font size.
BASELINE = 0.9
#: Pictures are shrunk to this width in pixels before they go into a preview.
PICTURE_PIXELS = 480
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
ANCHOR = {"l": "start", "ctr": "middle", "r": "end"}


def deck_svgs(plan: DeckPlan, slide: Box, metrics: FontMetrics) -> list[str]:
    """Every slide of ``plan`` as a standalone SVG document; ``slide`` is the slide's size."""
    return [slide_svg(planned, slide, metrics, plan) for planned in plan.slides]


def slide_svg(planned: SlidePlan, slide: Box, metrics: FontMetrics, deck: DeckPlan) -> str:
    """One slide as SVG, in points, in the deck's theme; its title is the SVG's title, so a screen reader can name it."""
    theme = theme_for(deck.theme)
    dark = planned.layout in DARK_LAYOUTS
    width, height = slide.w_pt, slide.h_pt
    background = (theme.dark_closing if planned.layout == "closing" else theme.dark) if dark else theme.paper
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" font-family="{FONT_FAMILY}">',
        f"<title>{escape(planned.title_text)}</title>",
        f'<rect width="{width:g}" height="{height:g}" fill="#{background}"/>',
    ]
    parts += _text(planned.title, metrics, theme.on_dark if dark else theme.heading, bold=True)
    for _, block in planned.bodies:
        parts += _text(block, metrics, theme.on_dark if dark else theme.ink)
    for backdrop in planned.backdrops:
        parts += _shape(backdrop, metrics, deck.ink)
    if planned.drawing is not None:  # before the pictures, as the deck has it (reading order)
        parts.append(f"<g><title>{escape(planned.drawing.alt)}</title>")
        for shape in planned.drawing.shapes:
            parts += _shape(shape, metrics, deck.ink)
        parts.append("</g>")
    for picture in planned.pictures:
        parts.append(_picture(picture))
    parts.append("</svg>")
    return "".join(parts)


def _pt(emu: int) -> float:
    return round(emu / 12700, 2)


def _shape(shape: Shape, metrics: FontMetrics, ink: str) -> list[str]:
    box = shape.box
    x, y, w, h = _pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h)
    fill = f'fill="#{shape.fill}"' if shape.fill else 'fill="none"'
    line = f'stroke="#{shape.line}" stroke-width="1"' if shape.line else ""
    if shape.geometry == "ellipse":
        drawn = f'<ellipse cx="{x + w / 2:g}" cy="{y + h / 2:g}" rx="{w / 2:g}" ry="{h / 2:g}" {fill} {line}/>'
    else:
        radius = min(shape.corner, w / 2, h / 2) if shape.geometry == "roundRect" else 0
        drawn = f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{radius:g}" {fill} {line}/>'
    parts = [drawn]
    if shape.text is not None:
        inset_x, inset_y = text_rect_inset(shape.geometry, box, shape.corner)
        parts += _text(shape.text, metrics, ink, inner=(inset_x, inset_y))
    return parts


def _text(block: TextBlock, metrics: FontMetrics, colour: str, bold: bool = False,
          inner: tuple[float, float] = (0.0, 0.0)) -> list[str]:
    """Each measured line of ``block`` at the place the deck puts it."""
    box = block.box
    left = _pt(box.x) + inner[0] + block.inset_x
    right = _pt(box.x) + _pt(box.w) - inner[0] - block.inset_x
    top = _pt(box.y) + inner[1]
    room = _pt(box.h) - 2 * inner[1]
    needed = block.height_needed(metrics)
    if block.anchor == "ctr":
        top += (room - needed) / 2
    elif block.anchor == "b":
        top += room - needed
    y = top + block.inset_y
    parts = []
    for i, (para, lines) in enumerate(zip(block.paras, block.lines(metrics))):
        if i:
            y += para.space_before
        step = para.size * block.line_height
        fill = f"#{para.colour or colour}"
        weight = ' font-weight="bold"' if (para.bold or bold) else ""
        x = {"l": left + para.indent, "ctr": (left + right) / 2, "r": right}[para.align]
        for n, line in enumerate(lines):
            baseline = y + para.size * BASELINE
            if para.bullet and n == 0:
                parts.append(f'<text x="{left:g}" y="{baseline:g}" font-size="{para.size:g}" fill="{fill}">•</text>')
            parts.append(
                f'<text x="{x:g}" y="{baseline:g}" font-size="{para.size:g}" fill="{fill}"{weight} '
                f'text-anchor="{ANCHOR[para.align]}" xml:space="preserve">{escape(line)}</text>'
            )
            y += step
    return parts


def _picture(picture: PicturePlan) -> str:
    box = picture.box
    label = "" if picture.decorative else f"<title>{escape(picture.alt)}</title>"
    source = qr_data_url(picture.qr) if picture.qr is not None else picture_data_url(picture.path)
    return (
        f'<g>{label}<image x="{_pt(box.x):g}" y="{_pt(box.y):g}" width="{_pt(box.w):g}" height="{_pt(box.h):g}" '
        f'preserveAspectRatio="xMidYMid meet" href={quoteattr(source)}/></g>'
    )


@functools.lru_cache(maxsize=64)
def picture_data_url(path: Path) -> str:
    """A picture as a data: URL, so the SVG needs no other file: an SVG as it is, a bitmap shrunk for a preview."""
    if path.suffix.lower() == ".svg":
        return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGBA")
        image.thumbnail((PICTURE_PIXELS, PICTURE_PIXELS))
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@functools.lru_cache(maxsize=64)
def qr_data_url(url: str) -> str:
    """A QR code that phones read as ``url``, as a PNG data: URL."""
    from kitgen.context import BuildContext
    from kitgen.renderers.letter.qr import qr_png

    return "data:image/png;base64," + base64.b64encode(qr_png(url, QR_PIXELS, BuildContext())).decode("ascii")
