"""A slide template (.pptx) checked as a zip before python-pptx opens it, and cleaned of what must not reach a deck.

Checked: the file's size, the number of members, their total unpacked size and packing ratio (zip bombs),
no DOCTYPE in any XML part (entity expansion, external entities), and the number of layouts. Removed:
external relationships (tracking links, linked pictures), custom document properties and comments.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from kitgen.errors import KitgenError
from kitgen.inputfile import SLIDES_TEMPLATE_BYTES, InputFileError, read_input, size_text

#: Most members a template may have (the default has 26).
MAX_MEMBERS = 2_000
#: Most bytes all members may unpack to.
MAX_UNPACKED = 200_000_000
#: Highest packing ratio for a member larger than RATIO_FROM bytes (text packs about 10:1).
MAX_RATIO = 200
RATIO_FROM = 1_000_000
#: Most slide layouts a template may have (the default has 7; decks use 6).
MAX_LAYOUTS = 100

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LAYOUT = re.compile(r"ppt/slideLayouts/slideLayout[0-9]+\.xml\Z")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
#: Parts never copied into a deck: custom properties, comments and their authors.
_DROPPED = re.compile(
    r"(docProps/custom\.xml|ppt/commentAuthors\.xml|ppt/authors\.xml|ppt/comments/.*)\Z"
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def checked_slide_template(path: Path) -> bytes:
    """The bytes of the slide template at ``path``, checked and cleaned; a clean error when it is unsafe."""
    try:
        data = read_input(path, SLIDES_TEMPLATE_BYTES)
    except InputFileError as why:
        raise KitgenError(f"{path}: {why}") from None
    return clean_pptx(data, str(path))


def clean_pptx(data: bytes, shown: str) -> bytes:
    """``data`` (a .pptx) without external relationships, custom properties and comments."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise KitgenError(f"{shown} is not a PowerPoint (.pptx) file") from None
    if len(members) > MAX_MEMBERS:
        raise KitgenError(f"{shown}: the slide template has {len(members):,} parts, more than {MAX_MEMBERS:,}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise KitgenError(f"{shown}: the slide template unpacks to more than {size_text(MAX_UNPACKED)}")
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise KitgenError(f"{shown}: the part {member.filename} packs too tightly to be a real slide template")
    layouts = [m for m in members if _LAYOUT.match(m.filename)]
    if len(layouts) > MAX_LAYOUTS:
        raise KitgenError(f"{shown}: the slide template has {len(layouts):,} layouts, more than {MAX_LAYOUTS}")
    parts: dict[str, bytes] = {}
    try:
        for member in members:
            if member.is_dir() or _DROPPED.match(member.filename):
                continue
            with archive.open(member) as handle:
                parts[member.filename] = handle.read(member.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise KitgenError(f"{shown}: the slide template is damaged; save it again from PowerPoint") from None
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")) and _DOCTYPE.search(content):
            raise KitgenError(f"{shown}: the part {name} declares a DOCTYPE or entities; save it again from PowerPoint")
    dropped = {m.filename for m in members if _DROPPED.match(m.filename)}
    try:
        _clean_relationships(parts, dropped)
        _clean_content_types(parts, dropped)
    except etree.XMLSyntaxError as exc:
        raise KitgenError(f"{shown}: the slide template has broken XML ({exc}); save it again from PowerPoint") from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as cleaned:
        for name, content in parts.items():
            cleaned.writestr(name, content)
    return out.getvalue()


def _source_of(rels_name: str) -> str:
    """The part a relationships part belongs to: ``ppt/_rels/presentation.xml.rels`` → ``ppt/presentation.xml``."""
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _clean_relationships(parts: dict[str, bytes], dropped: set[str]) -> None:
    """Remove external relationships and those to dropped parts, and the references to them."""
    for name in [n for n in parts if n.endswith(".rels")]:
        root = etree.fromstring(parts[name], _parser())
        source = _source_of(name)
        removed = set()
        for rel in root.findall(f"{{{_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            if rel.get("TargetMode") == "External" or resolved in dropped:
                removed.add(rel.get("Id"))
                root.remove(rel)
        if not removed:
            continue
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if source in parts:
            parts[source] = _without_references(parts[source], removed)


def _without_references(content: bytes, ids: set[str]) -> bytes:
    """A part without its attributes (``r:id``, ``r:link`` …) that name a removed relationship."""
    root = etree.fromstring(content, _parser())
    for element in root.iter():
        for attribute, value in list(element.attrib.items()):
            if attribute.startswith(f"{{{_R_NS}}}") and value in ids:
                del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_content_types(parts: dict[str, bytes], dropped: set[str]) -> None:
    name = "[Content_Types].xml"
    if name not in parts or not dropped:
        return
    root = etree.fromstring(parts[name], _parser())
    for override in root.findall(f"{{{_CT_NS}}}Override"):
        if override.get("PartName", "").lstrip("/") in dropped:
            root.remove(override)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
