"""Layout boxes read from a template's XML are python-pptx's, inherited positions included."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from kitgen.renderers.deck.layouts import read_geometry

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _python_pptx_boxes(data: bytes) -> dict[str, dict[int, tuple[int, int, int, int]]]:
    deck = Presentation(io.BytesIO(data))
    boxes = {}
    for layout in deck.slide_layouts:
        boxes.setdefault(layout.name, {
            ph.placeholder_format.idx: (int(ph.left), int(ph.top), int(ph.width), int(ph.height))
            for ph in layout.placeholders if ph.width is not None and ph.height is not None
        })
    return boxes


def _ours(data: bytes) -> dict[str, dict[int, tuple[int, int, int, int]]]:
    geometry = read_geometry(Path("t.pptx"), data)
    return {name: {idx: (b.x, b.y, b.w, b.h) for idx, b in geometry[name].items()} for name in geometry}


def _default_template() -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)  # its layouts take most positions from the master
    return buffer.getvalue()


@pytest.mark.parametrize("data", [*(p.read_bytes() for p in sorted(TEMPLATES.glob("*.pptx"))), _default_template()])
def test_layout_boxes_are_python_pptx_boxes(data):
    assert _ours(data) == _python_pptx_boxes(data)


def test_a_file_that_is_no_pptx_is_an_error_naming_it():
    with pytest.raises(Exception, match="t.pptx is not a PowerPoint"):
        read_geometry(Path("t.pptx"), b"PK\x03\x04 not really")
