"""The picture catalogue (assets/pictures.yaml): pictures by id with file, licence, alt text and topics; SVG to PNG."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from kitgen.errors import Pos, Problem
from kitgen.ids import id_problem
from kitgen.model import Text, node, position

CATALOGUE_FILE = "pictures.yaml"
#: Picture files a catalogue may name: vector drawings are rendered to PNG when a deck is built.
CATALOGUE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
_LENGTH = re.compile(r"\s*([0-9.]+)\s*(px)?\s*\Z")


@node
class CataloguePicture:
    """One picture of the catalogue."""

    id: str  # what lessons write: ``picture: phone``
    file: str  # inside assets/, e.g. pictures/fluent/mobile-phone.svg
    licence: str  # e.g. "MIT (Fluent Emoji, Microsoft)"; the licence text sits beside the file
    alt: Text | None = None  # what it shows, in every kit language
    decorative: bool = False  # only decorates: no alt text, screen readers skip it
    topics: list[str] = field(default_factory=list)  # word beginnings (any language) the deck picks it by


@node
class CatalogueFile:
    """The top of ``pictures.yaml``."""

    pictures: list[CataloguePicture]


@dataclass(frozen=True)
class PictureCatalogue:
    """Every catalogue picture by id, in the catalogue's order, and where the files are."""

    assets_dir: Path
    pictures: dict[str, CataloguePicture] = field(default_factory=dict)

    def __contains__(self, picture_id: str) -> bool:
        return picture_id in self.pictures

    def __getitem__(self, picture_id: str) -> CataloguePicture:
        return self.pictures[picture_id]

    def path(self, picture_id: str) -> Path:
        """The picture's file (checked to exist when the catalogue was loaded)."""
        return self.assets_dir / self.pictures[picture_id].file

    def alt(self, picture_id: str, lang: str) -> str:
        picture = self.pictures[picture_id]
        if picture.alt is None:
            return ""
        return picture.alt.values.get(lang) or picture.alt["en"]  # a language added since: English until written


def load_pictures(assets_dir: Path) -> tuple[PictureCatalogue, list[Problem]]:
    """The catalogue of ``assets_dir`` and its problems (``file:line:col``); empty without a pictures.yaml."""
    path = assets_dir / CATALOGUE_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return PictureCatalogue(assets_dir), []
    return _load(path, stamp)


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> tuple[PictureCatalogue, list[Problem]]:
    from kitgen.checks import asset_problem  # checks imports the model; keep this module light to import
    from kitgen.loader import display_path
    from kitgen.schema import INVALID, Converter
    from kitgen.yamlsource import read_yaml

    shown = display_path(path)
    root, problems = read_yaml(path, shown)
    if root is None:
        return PictureCatalogue(path.parent), problems
    conv = Converter(shown)
    pairs = conv.pairs(root, path.name)
    loaded = conv.fields(CatalogueFile, pairs, conv.pos(root), path.name) if pairs is not None else INVALID
    pictures: dict[str, CataloguePicture] = {}
    for picture in [] if loaded is INVALID else loaded.pictures:
        where = position(picture, "id")
        if not _ID.match(picture.id):
            conv.error(where, f"picture id '{picture.id}': use lower-case letters, digits and single hyphens")
        elif id_problem(picture.id, "picture"):  # the pattern every id follows: at most 40 characters, too
            conv.error(where, f"picture id '{picture.id}' is longer than 40 characters; shorten it")
        elif picture.id in pictures:
            conv.error(where, f"duplicate picture id '{picture.id}' (first used at line {pictures[picture.id].pos.line})")
        if not picture.licence.strip():
            conv.error(position(picture, "licence"), f"picture '{picture.id}' needs its licence")
        if picture.alt is None and not picture.decorative:
            conv.error(picture.pos, f"picture '{picture.id}' needs 'alt' text in every language, or 'decorative: true'")
        file_pos = position(picture, "file")
        if not picture.file.lower().endswith(CATALOGUE_SUFFIXES):
            conv.error(file_pos, f"picture '{picture.file}': use an SVG, PNG or JPEG file")
        elif picture.file.lower().endswith(".svg"):
            target = path.parent / picture.file
            message = asset_problem(picture.file, path.parent, "assets/") if not target.is_file() else None
            if message is None and svg_size(target) is None:
                message = "not an SVG drawing with a width and height or a viewBox"
            if message:
                conv.error(file_pos, f"picture '{picture.file}': {message}")
        else:
            message = asset_problem(picture.file, path.parent)
            if message:
                conv.error(file_pos, f"picture '{picture.file}': {message}")
        pictures.setdefault(picture.id, picture)
    return PictureCatalogue(path.parent, pictures), [*problems, *conv.problems]


@functools.lru_cache(maxsize=256)
def svg_size(path: Path) -> tuple[float, float] | None:
    """The drawing's width and height (from its viewBox, else width and height), or None when it has none."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    if not root.tag.endswith("svg"):
        return None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width, height
    sizes = [_LENGTH.match(root.get(name) or "") for name in ("width", "height")]
    if all(sizes):
        width, height = (float(m.group(1)) for m in sizes)
        if width > 0 and height > 0:
            return width, height
    return None


def picture_size(path: Path) -> tuple[float, float]:
    """The proportions of a picture file: an SVG's drawing size, a bitmap's pixels."""
    if path.suffix.lower() == ".svg":
        size = svg_size(path)
        if size is None:
            raise ValueError(f"{path}: an SVG without a size")
        return size
    from PIL import Image

    with Image.open(path) as image:
        return float(image.size[0]), float(image.size[1])


def render_png(path: Path, width_px: int) -> bytes:
    """An SVG drawing as a PNG ``width_px`` wide (resvg: no system libraries, the same pixels everywhere)."""
    import resvg_py

    width, height = svg_size(path) or (1.0, 1.0)
    height_px = max(1, round(width_px * height / width))
    return bytes(resvg_py.svg_to_bytes(svg_path=str(path), width=width_px, height=height_px))


def catalogue_problems(assets_dir: Path) -> list[Problem]:
    """The catalogue's own problems, for ``kitgen check`` and every build."""
    return load_pictures(assets_dir)[1]


def unknown_picture(picture_id: str, where: Pos | None, assets_dir: Path) -> Problem | None:
    """A problem when ``picture_id`` is not in the catalogue, suggesting the closest id."""
    from kitgen.schema import did_you_mean

    catalogue = load_pictures(assets_dir)[0]
    if picture_id in catalogue:
        return None
    known = list(catalogue.pictures)
    return Problem(where or Pos(CATALOGUE_FILE),
                   f"unknown picture '{picture_id}'; pick an id from assets/{CATALOGUE_FILE}{did_you_mean(picture_id, known)}")
