"""The slide layout file: found, opened once, and its layouts' placeholder boxes read by layout name."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.pptxguard import checked_slide_template
from kitgen.renderers.deck.layouts import Geometry, LayoutBoxes, read_geometry

__all__ = ["Geometry", "LayoutBoxes", "SlideTemplate", "load_template", "template_path"]

TEMPLATE_NAME = "slides.pptx"
#: The layouts the decks use and the placeholder indexes each must have (0 is the title).
REQUIRED_LAYOUTS = {
    "title": (0, 1),
    "content": (0, 1),
    "two-column": (0, 1, 2),
    "picture-text": (0, 1, 2),
    "question": (0, 1),
    "closing": (0, 1),
}


@dataclass(frozen=True)
class SlideTemplate:
    """A .pptx whose layouts the decks use, its bytes and its layout geometry."""

    path: Path
    data: bytes
    geometry: Geometry


def template_path(context: BuildContext, name: str = TEMPLATE_NAME) -> Path:
    """The school's template when given (it wins over every theme), else the first templates/ folder that
    has the theme's layout file ``name``, else slides.pptx."""
    if context.slides_template is not None:
        return context.slides_template
    for wanted in dict.fromkeys((name, TEMPLATE_NAME)):
        for folder in context.templates_dirs:
            if (folder / wanted).is_file():
                return folder / wanted
    raise KitgenError(f"no {TEMPLATE_NAME} in {', '.join(str(d) for d in context.templates_dirs)}")


def load_template(path: Path) -> SlideTemplate:
    """Open a layout file and read where each layout puts its placeholders."""
    data = checked_slide_template(path)  # sizes, zip bomb, entities; external links and comments removed
    geometry = read_geometry(path, data)
    for name, layout in geometry.items():
        for idx, box in layout.items():
            if box.w <= 0 or box.h <= 0:
                raise KitgenError(f"{path}: layout '{name}' has a placeholder (index {idx}) of size 0; "
                                  "make it larger in PowerPoint")
    for name, indexes in REQUIRED_LAYOUTS.items():
        for idx in indexes:
            geometry[name][idx]  # raises an error naming what is missing
    return SlideTemplate(path, data, geometry)
