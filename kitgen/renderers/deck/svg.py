"""A deck plan drawn as SVG, one picture per slide: boxes, text lines as the fit check measured them, shapes, pictures."""
from __future__ import annotations

import base64
import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from kitgen.renderers.deck import style
from kitgen.renderers.deck.fit import FontMetrics
from kitgen.renderers.deck.plan import Box, DeckPlan, Shape, SlidePlan, TextBlock, text_rect_inset

#: Layouts with a dark background (the template's title and closing slides).
DARK_LAYOUTS = frozenset({"title", "closing"})
#: Where a line's baseline sits below the top of its line box, as a share of the font size.
BASELINE = 0.9
#: Pictures are shrunk to this width in pixels before they go into a preview.
PICTURE_PIXELS = 480
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
ANCHOR = {"l": "start", "ctr": "middle", "r": "end"}


def deck_svgs(plan: DeckPlan, slide: Box, metrics: FontMetrics) -> list[str]:
    """Every slide of ``plan`` as a standalone SVG document; ``slide`` is the slide's size."""
    return [slide_svg(planned, slide, metrics) for planned in plan.slides]


def slide_svg(planned: SlidePlan, slide: Box, metrics: FontMetrics) -> str:
    """One slide as SVG, in points; its title is the SVG's title, so a screen reader can name it."""
    dark = planned.layout in DARK_LAYOUTS
    width, height = slide.w_pt, slide.h_pt
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" font-family="{FONT_FAMILY}">',
        f"<title>{escape(planned.title_text)}</title>",
        f'<rect width="{width:g}" height="{height:g}" fill="#{style.NAVY if dark else style.PAPER}"/>',
    ]
    if not dark and not planned.plain:
        parts.append(f'<rect width="{0.18 * 72:g}" height="{height:g}" fill="#{style.NAVY}"/>')
    title_colour = style.ON_NAVY if dark else style.NAVY
    body_colour = style.ON_NAVY if dark else style.INK
    parts += _text(planned.title, metrics, title_colour, bold=True)
    for _, block in planned.bodies:
        parts += _text(block, metrics, body_colour)
    for picture in planned.pictures:
        parts.append(_picture(picture.path, picture.box, picture.alt, picture.decorative))
    if planned.drawing is not None:
        parts.append(f"<g><title>{escape(planned.drawing.alt)}</title>")
        for shape in planned.drawing.shapes:
            parts += _shape(shape, metrics)
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _pt(emu: int) -> float:
    return round(emu / 12700, 2)


def _shape(shape: Shape, metrics: FontMetrics) -> list[str]:
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
        parts += _text(shape.text, metrics, style.INK, inner=(inset_x, inset_y))
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


def _picture(path: Path, box: Box, alt: str, decorative: bool) -> str:
    label = "" if decorative else f"<title>{escape(alt)}</title>"
    return (
        f'<g>{label}<image x="{_pt(box.x):g}" y="{_pt(box.y):g}" width="{_pt(box.w):g}" height="{_pt(box.h):g}" '
        f'preserveAspectRatio="xMidYMid meet" href={quoteattr(picture_data_url(path))}/></g>'
    )


@functools.lru_cache(maxsize=64)
def picture_data_url(path: Path) -> str:
    """A picture shrunk for a preview, as a PNG data: URL, so the SVG needs no other file."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGBA")
        image.thumbnail((PICTURE_PIXELS, PICTURE_PIXELS))
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
