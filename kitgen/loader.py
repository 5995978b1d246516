"""Load a lessons folder (bands, resources, lessons) into a validated Catalog, or report every problem."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

import yaml

from kitgen.checks import check_catalog, node_problems
from kitgen.errors import Pos, Problem, ValidationError
from kitgen.model import HIDDEN_FIELDS, Band, BandContent, Catalog, Lesson, Resource, Source, Text, node
from kitgen.schema import INVALID, Converter, did_you_mean
from kitgen.yamlsource import read_yaml

BANDS_FILE = "bands.yaml"
RESOURCES_FILE = "resources.yaml"
#: Files in the lessons folder that are not lessons.
RESERVED = (BANDS_FILE, RESOURCES_FILE)


@node
class BandsFile:
    """The top of ``bands.yaml``."""

    bands: list[Band]


@node
class ResourcesFile:
    """The top of ``resources.yaml``."""

    resources: list[Resource]


@node
class LessonHeader:
    """A lesson file's keys besides ``common`` and ``bands``."""

    id: str
    title: Text
    version: str
    reviewed: dt.date
    sources: list[Source]


def display_path(path: Path) -> str:
    """A path as the user should see it in messages: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(absolute)


def lesson_files(lessons_dir: Path) -> list[Path]:
    """The lesson files of a lessons folder, in a stable order."""
    return sorted(p for p in lessons_dir.glob("*.yaml") if p.name not in RESERVED)


def load_catalog(lessons_dir: Path, assets_dir: Path) -> Catalog:
    """Load and validate everything under ``lessons_dir``; raise ValidationError with all problems."""
    if not lessons_dir.is_dir():
        raise ValidationError([Problem(Pos(display_path(lessons_dir)), "no such lessons folder")])
    problems: list[Problem] = []
    bands, band_ids = _load_list(lessons_dir / BANDS_FILE, BandsFile, "bands", problems)
    before_resources = len(problems)
    resources, resource_ids = _load_list(lessons_dir / RESOURCES_FILE, ResourcesFile, "resources", problems)
    resources_ok = len(problems) == before_resources
    registries_ok = not problems  # cross-checks against broken bands or resources would only add noise
    check_node = functools.partial(
        # ids written in a broken resources.yaml still catch typos; none at all would flag every reference
        node_problems, resource_ids=resource_ids if resources_ok or resource_ids else None, assets_dir=assets_dir
    )
    lessons = []
    files = lesson_files(lessons_dir)
    if not files:
        problems.append(Problem(Pos(display_path(lessons_dir)), "no lesson files (*.yaml) in this folder"))
    for path in files:
        lesson = _load_lesson(path, band_ids, problems, check_node)
        if lesson is not None:
            lessons.append(lesson)
    catalog = Catalog(bands=bands, resources={r.id: r for r in resources}, lessons=lessons)
    if registries_ok:
        problems += check_catalog(catalog)
    if problems:
        raise ValidationError(problems)
    return catalog


def _load_list(path: Path, file_cls: type, key: str, problems: list[Problem]) -> tuple[list, list[str]]:
    """The items of ``bands.yaml`` or ``resources.yaml``, and their ids (as written, even when an item is broken)."""
    shown = display_path(path)
    if not path.exists():
        problems.append(Problem(Pos(shown), f"missing file: the lessons folder needs a {path.name}"))
        return [], []
    root, read_problems = read_yaml(path, shown, folder=path.parent)
    problems += read_problems
    if root is None:
        return [], []
    conv = Converter(shown)
    pairs = conv.pairs(root, path.name)
    loaded = conv.fields(file_cls, pairs, conv.pos(root), path.name) if pairs is not None else INVALID
    items = [] if loaded is INVALID else getattr(loaded, key)
    seen: dict[str, Pos] = {}
    for item in items:
        if item.id in seen:
            conv.error(item.pos, f"duplicate id '{item.id}' (first used at line {seen[item.id].line})")
        seen.setdefault(item.id, item.pos)
    problems += conv.problems
    return items, [item.id for item in items] if items else _written_ids(root, key)


def _written_ids(root: yaml.Node, key: str) -> list[str]:
    """The ``id`` values under ``key`` as written, so lessons can still be checked when an item is broken."""
    ids = []
    for top_key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if top_key.value != key or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            for item_key, item_value in item.value if isinstance(item, yaml.MappingNode) else []:
                if item_key.value == "id" and isinstance(item_value, yaml.ScalarNode) and item_value.value:
                    ids.append(item_value.value)
    return list(dict.fromkeys(ids))


def _load_lesson(path: Path, band_ids: list[str], problems: list[Problem], check_node) -> Lesson | None:
    shown = display_path(path)
    root, read_problems = read_yaml(path, shown, folder=path.parent)
    problems += read_problems
    if root is None:
        return None
    conv = Converter(shown, check_node)
    pairs = conv.pairs(root, "the lesson")
    if pairs is None:
        problems += conv.problems
        return None
    common = pairs.pop("common", None)
    variants = pairs.pop("bands", None)
    header = conv.fields(LessonHeader, pairs, conv.pos(root), "the lesson")
    content = _band_contents(conv, root, common, variants, band_ids)
    problems += conv.problems
    if header is INVALID or content is INVALID:
        return None
    return Lesson(
        id=header.id,
        title=header.title,
        version=header.version,
        reviewed=header.reviewed,
        sources=header.sources,
        bands=content,
        pos=header.pos,
        positions=header.positions,
    )


def _band_contents(conv: Converter, root, common, variants, band_ids: list[str]):
    """Merge ``common`` with each band's own blocks, key by key, and convert the result per band."""
    common_pairs = {}
    if common is not None:
        common_pairs = _known_content_keys(conv, conv.pairs(common[1], "'common'") or {}, "'common'")
    blocks: list[tuple[list[str], dict, Pos]] = []
    if variants is None:
        if not common_pairs:
            conv.error(root, "the lesson has no 'common' and no 'bands' content")
            return INVALID
    elif not isinstance(variants[1], yaml.SequenceNode):
        conv.error(variants[1], "'bands' must be a list of blocks, each starting with 'for: [band ids]'")
        return INVALID
    else:
        for block in variants[1].value:
            block_pairs = conv.pairs(block, "a 'bands' block")
            if block_pairs is None:
                continue
            targets = _block_targets(conv, block, block_pairs.pop("for", None), band_ids)
            blocks.append((targets, _known_content_keys(conv, block_pairs, "a 'bands' block"), conv.pos(block)))
    content: dict[str, BandContent] = {}
    ok = True
    for band_id in band_ids:
        merged = dict(common_pairs)
        where = conv.pos(common[1]) if common is not None else conv.pos(root)
        for targets, block_pairs, block_pos in blocks:
            if band_id in targets:
                merged.update(block_pairs)
                where = block_pos
        converted = conv.fields(BandContent, merged, where, f"the content for band {band_id}")
        if converted is INVALID:
            ok = False
        else:
            content[band_id] = converted
    return content if ok else INVALID


def _known_content_keys(conv: Converter, pairs: dict, what: str) -> dict:
    """Report unknown keys once where they are written (not once per band they merge into), and drop them."""
    names = [f.name for f in dataclasses.fields(BandContent) if f.name not in HIDDEN_FIELDS]
    known = {}
    for name, (key, value) in pairs.items():
        if name in names:
            known[name] = (key, value)
        else:
            conv.error(key, f"unknown key '{name}' in {what}{did_you_mean(name, names)}")
    return known


def _block_targets(conv: Converter, block, for_pair, band_ids: list[str]) -> list[str]:
    """The band ids a ``bands`` block applies to."""
    if for_pair is None:
        conv.error(block, "a 'bands' block needs 'for:' with the band ids it applies to")
        return []
    key, value = for_pair
    items = value.value if isinstance(value, yaml.SequenceNode) else [value]
    targets = []
    for item in items:
        band_id = conv.scalar(item, "a band id in 'for'")
        if band_id is INVALID:
            continue
        if band_id not in band_ids:
            conv.error(item, f"unknown band '{band_id}'; the bands are {', '.join(band_ids)}{did_you_mean(band_id, band_ids)}")
            continue
        targets.append(band_id)
    return targets
