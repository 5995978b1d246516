"""A slide template's layout boxes, read from its XML (so `kitgen check` can plan decks without python-pptx)."""
from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Iterator, Mapping

from lxml import etree

from kitgen.errors import KitgenError
from kitgen.renderers.deck.plan import Box

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
#: The master placeholder a layout placeholder without a position of its own takes it from (as PowerPoint does).
_BASE_TYPE = {"title": "title", "ctrTitle": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
#: No entities, no network, no huge trees: a template is untrusted input.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


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


def read_geometry(path: Path, data: bytes) -> Geometry:
    """The boxes of the first slide master's layouts, by layout name (the first of a repeated name wins)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            presentation = _xml(package, "ppt/presentation.xml")
            size = presentation.find("p:sldSz", _NS)
            master_id = presentation.find("p:sldMasterIdLst/p:sldMasterId", _NS)
            master_name = _target(package, "ppt/presentation.xml", master_id.get(f"{{{_NS['r']}}}id"))
            master = _xml(package, master_name)
            base = {ph_type: box for ph_type, _, box in _placeholders(master) if box is not None}
            layouts: dict[str, LayoutBoxes] = {}
            for layout_id in master.findall("p:sldLayoutIdLst/p:sldLayoutId", _NS):
                layout_name = _target(package, master_name, layout_id.get(f"{{{_NS['r']}}}id"))
                layout = _xml(package, layout_name)
                name = layout.find("p:cSld", _NS).get("name", "")
                boxes = {}
                for ph_type, idx, box in _placeholders(layout):
                    box = box or base.get(_BASE_TYPE.get(ph_type, "body"))
                    if box is not None:
                        boxes.setdefault(idx, box)
                layouts.setdefault(name, LayoutBoxes(path, name, boxes))
            slide = Box(0, 0, int(size.get("cx")), int(size.get("cy")))
    except (zipfile.BadZipFile, KeyError, AttributeError, TypeError, ValueError, etree.XMLSyntaxError):
        raise KitgenError(f"{path} is not a PowerPoint (.pptx) file") from None
    return Geometry(path, layouts, slide)


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name), _PARSER)


def _target(package: zipfile.ZipFile, source: str, rel_id: str) -> str:
    """The part a relationship of ``source`` points at, as a name inside the package."""
    folder, file = posixpath.split(source)
    rels = _xml(package, posixpath.join(folder, "_rels", f"{file}.rels"))
    for rel in rels.findall("rel:Relationship", _NS):
        if rel.get("Id") == rel_id:
            return posixpath.normpath(posixpath.join(folder, rel.get("Target")))
    raise KeyError(rel_id)


def _placeholders(part: etree._Element) -> Iterator[tuple[str, int, Box | None]]:
    """Each placeholder shape's type, index and own box (None when it takes its position from the master)."""
    for shape in part.find("p:cSld/p:spTree", _NS):
        ph = shape.find("*/p:nvPr/p:ph", _NS)
        if ph is None:
            continue
        xfrm = shape.find("p:spPr/a:xfrm", _NS)
        off, ext = (xfrm.find("a:off", _NS), xfrm.find("a:ext", _NS)) if xfrm is not None else (None, None)
        box = None
        if off is not None and ext is not None:
            box = Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        yield ph.get("type", "obj"), int(ph.get("idx", "0")), box
