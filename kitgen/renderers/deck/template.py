"""The slide layout file: found, opened once, and its layouts' placeholder boxes read by layout name."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from pptx import Presentation

from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.renderers.deck.plan import Box

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


class LayoutBoxes(Mapping[int, Box]):
    """One layout's placeholder boxes by placeholder index; a missing one is an error naming it."""

    def __init__(self, template: Path, layout: str, boxes: dict[int, Box]):
        self._template, self._layout, self._boxes = template, layout, boxes

    def __getitem__(self, idx: int) -> Box:
        if idx not in self._boxes:
            what = "a title placeholder" if idx == 0 else f"a text placeholder with index {idx}"
            raise KitgenError(f"{self._template}: layout '{self._layout}' needs {what}")
        return self._boxes[idx]

    def __iter__(self) -> Iterator[int]:
        return iter(self._boxes)

    def __len__(self) -> int:
        return len(self._boxes)


class Geometry(Mapping[str, LayoutBoxes]):
    """Every layout of the template by name; asking for a missing layout is an error naming it."""

    def __init__(self, template: Path, layouts: dict[str, LayoutBoxes], slide: Box):
        self._template, self._layouts = template, layouts
        self.slide = slide  # the whole slide

    def __getitem__(self, name: str) -> LayoutBoxes:
        if name not in self._layouts:
            have = ", ".join(self._layouts) or "none"
            raise KitgenError(f"{self._template}: the slide template has no layout named '{name}' (it has: {have})")
        return self._layouts[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._layouts)

    def __len__(self) -> int:
        return len(self._layouts)


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
    try:
        data = path.read_bytes()
        deck = Presentation(io.BytesIO(data))
    except OSError as exc:
        raise KitgenError(f"cannot read the slide template {path}: {exc.strerror}") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise KitgenError(f"{path} is not a PowerPoint (.pptx) file") from None
    layouts: dict[str, LayoutBoxes] = {}
    for layout in deck.slide_layouts:
        boxes = {
            ph.placeholder_format.idx: Box(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
            for ph in layout.placeholders
            if ph.width is not None and ph.height is not None
        }
        layouts.setdefault(layout.name, LayoutBoxes(path, layout.name, boxes))
    geometry = Geometry(path, layouts, Box(0, 0, int(deck.slide_width), int(deck.slide_height)))
    for name, indexes in REQUIRED_LAYOUTS.items():
        for idx in indexes:
            geometry[name][idx]  # raises an error naming what is missing
    return SlideTemplate(path, data, geometry)
