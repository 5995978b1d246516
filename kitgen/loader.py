"""Load a lessons folder (bands, resources, lessons) into a validated Catalog, or report every problem."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from kitgen.builtin import lessons_file
from kitgen.checks import band_problems, check_catalog, node_problems, resource_problems
from kitgen.errors import Pos, Problem, ValidationError
from kitgen.languages import (
    LANGUAGES_FILE, LanguagesFile, kit_word_files, kit_word_problems, language_problems, ordered,
)
from kitgen.model import (
    HIDDEN_FIELDS, Band, BandContent, Catalog, Guide, Language, Lesson, Resource, Source, Text, node, position,
)
from kitgen.translations import apply_translations
from kitgen.pictures import catalogue_problems
from kitgen.schema import INVALID, TODO_MARK, Converter, did_you_mean, known_keys
from kitgen.yamlsource import read_yaml

BANDS_FILE = "bands.yaml"
RESOURCES_FILE = "resources.yaml"
GUIDE_FILE = "guide.yaml"
_TODO_END = f"still says {TODO_MARK}; write the real value"
#: Files in the lessons folder that are not lessons.
RESERVED = (BANDS_FILE, RESOURCES_FILE, GUIDE_FILE, LANGUAGES_FILE)


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
    status: Literal["ready", "draft"] = "ready"  # a draft is checked, but left out of builds

    OTHER_KEYS = ("common", "bands")  # read apart, before the header


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


@dataclass(frozen=True)
class Skipped:
    """A lesson a build leaves out: a draft, or one with TODOs left."""

    lesson: str  # the file name without .yaml
    path: str  # as messages show it
    reason: str  # e.g. "status: draft" or "3 TODOs left"

    def __str__(self) -> str:
        return f"{self.path}: skipped the lesson '{self.lesson}' ({self.reason})"


@dataclass(frozen=True)
class Loaded:
    """A build's catalog, and the lessons it left out."""

    catalog: Catalog
    skipped: tuple[Skipped, ...] = ()
    #: Lesson files not in the catalog (drafts, or not asked for): a build leaves their old kits alone.
    left_out: tuple[str, ...] = ()


@dataclass
class _LessonFile:
    path: Path
    shown: str
    lesson: Lesson | None
    problems: list[Problem]
    status: str  # as written ("ready" when not), even in a lesson that is not valid yet

    @property
    def todos(self) -> int:
        return sum(1 for p in self.problems if p.message.endswith(_TODO_END))

    @property
    def draft(self) -> bool:
        return self.status == "draft" or self.todos > 0

    @property
    def why_skipped(self) -> str:
        if self.status == "draft":
            return "status: draft"
        return f"{self.todos} TODO{'s' if self.todos != 1 else ''} left"


def load_catalog(lessons_dir: Path, assets_dir: Path) -> Catalog:
    """Load and validate everything under ``lessons_dir``; raise ValidationError with all problems.

    A folder without bands.yaml or resources.yaml uses the built-in one.
    """
    return load_checked(lessons_dir, assets_dir).catalog


def load_checked(lessons_dir: Path, assets_dir: Path) -> Loaded:
    """Like :func:`load_catalog`, every lesson included; ``skipped`` names the drafts a build would leave out."""
    problems, registries_ok, bands, resources, guide, files, languages, guide_problems = _load_all(lessons_dir, assets_dir)
    catalog = Catalog(bands=bands, resources={r.id: r for r in resources}, guide=guide,
                      lessons=[f.lesson for f in files if f.lesson is not None], languages=languages,
                      kit_words=kit_word_files(lessons_file(lessons_dir, LANGUAGES_FILE), languages))
    if registries_ok:  # cross-checks against broken languages, bands or resources would only add noise
        problems += check_catalog(catalog)
        translated = apply_translations(catalog, lessons_dir, display_path(lessons_dir))
        catalog, problems = translated.catalog, problems + translated.errors
    problems += guide_problems + [p for f in files for p in f.problems]
    if problems:
        raise ValidationError(problems)
    return Loaded(catalog, tuple(Skipped(f.path.stem, f.shown, f.why_skipped) for f in files if f.draft))


def load_for_build(lessons_dir: Path, assets_dir: Path, only: tuple[str, ...] = ()) -> Loaded:
    """The lessons a build makes: drafts (``status: draft``, or TODOs left) are left out and named in
    ``skipped``; with ``only`` (lesson ids), just those lessons (and the bands and resources) must be valid."""
    problems, registries_ok, bands, resources, guide, files, languages, guide_problems = _load_all(lessons_dir, assets_dir)
    if problems:  # languages, bands, resources or the folder itself: every lesson needs them
        if registries_ok:
            problems += check_catalog(Catalog(bands=bands, resources={r.id: r for r in resources}, guide=guide,
                                              lessons=[f.lesson for f in files if f.lesson is not None],
                                              languages=languages))
        raise ValidationError(problems + guide_problems + [p for f in files for p in f.problems])
    wanted = [f for f in files if not only or f.path.stem in only]
    skipped = tuple(Skipped(f.path.stem, f.shown, f.why_skipped) for f in wanted if f.draft)
    kept = [f for f in wanted if not f.draft]
    catalog = Catalog(bands=bands, resources={r.id: r for r in resources}, guide=guide,
                      lessons=[f.lesson for f in kept if f.lesson is not None], languages=languages,
                      kit_words=kit_word_files(lessons_file(lessons_dir, LANGUAGES_FILE), languages))
    problems = check_catalog(catalog) + guide_problems + [p for f in kept for p in f.problems]
    if not problems:
        translated = apply_translations(catalog, lessons_dir, display_path(lessons_dir))
        catalog, problems = translated.catalog, translated.errors
    if problems:
        raise ValidationError(problems)
    return Loaded(catalog, skipped, tuple(f.path.stem for f in files if f not in kept))


def _load_all(lessons_dir: Path, assets_dir: Path):
    """The folder's problems, bands, resources, the guide, each lesson file with its own problems, the guide's problems."""
    if not lessons_dir.is_dir():
        raise ValidationError([Problem(Pos(display_path(lessons_dir)), "no such lessons folder")])
    problems: list[Problem] = []
    languages = _load_languages(lessons_file(lessons_dir, LANGUAGES_FILE), assets_dir, problems)
    problems += kit_word_problems(kit_word_files(lessons_file(lessons_dir, LANGUAGES_FILE), languages), display_path)
    kit_names = {lang.code: lang.name for lang in languages if lang.purpose == "kit"} or None
    bands, band_ids = _load_list(lessons_file(lessons_dir, BANDS_FILE), BandsFile, "bands", problems, kit_names)
    problems += band_problems(bands)
    before_resources = len(problems)
    resources, resource_ids = _load_list(
        lessons_file(lessons_dir, RESOURCES_FILE), ResourcesFile, "resources", problems, kit_names
    )
    problems += resource_problems(resources)
    registries_ok = not problems  # cross-checks against broken bands or resources would only add noise
    # the built-in background is written for the built-in bands: a folder with bands of its own needs its own guide
    own_bands = (lessons_dir / BANDS_FILE).exists()
    guide_problems: list[Problem] = []  # reported with the lessons' own: they need not hide checks across the catalog
    guide = _load_guide(
        lessons_dir / GUIDE_FILE if own_bands else lessons_file(lessons_dir, GUIDE_FILE), band_ids, guide_problems,
        kit_names,
    )
    resources_ok = len(problems) == before_resources
    check_node = functools.partial(
        # ids written in a broken resources.yaml still catch typos; none at all would flag every reference
        node_problems, resource_ids=resource_ids if resources_ok or resource_ids else None, assets_dir=assets_dir
    )
    paths = lesson_files(lessons_dir)
    if not paths:
        problems.append(Problem(Pos(display_path(lessons_dir)), "no lesson files (*.yaml) in this folder"))
    files = []
    for path in paths:
        own: list[Problem] = []
        status: list[str] = []
        lesson = _load_lesson(path, band_ids, own, check_node, status, kit_names)
        files.append(_LessonFile(path, display_path(path), lesson, own, status[0] if status else "ready"))
    problems += catalogue_problems(assets_dir)
    return problems, registries_ok, bands, resources, guide, files, languages, guide_problems


def registry_ids(lessons_dir: Path) -> dict[str, list[str]]:
    """The band and resource ids a lessons folder has (as written, even in a broken file), for editors."""
    ignored: list[Problem] = []
    bands = _load_list(lessons_file(lessons_dir, BANDS_FILE), BandsFile, "bands", ignored)[1]
    resources = _load_list(lessons_file(lessons_dir, RESOURCES_FILE), ResourcesFile, "resources", ignored)[1]
    return {"band": bands, "resource": resources}


def _load_languages(path: Path, assets_dir: Path, problems: list[Problem]) -> list[Language]:
    """The languages of ``languages.yaml``, kit languages first; its problems go to ``problems``."""
    shown = display_path(path)
    if not path.is_file():
        problems.append(Problem(Pos(shown), f"missing file: the lessons folder needs a {path.name}"))
        return []
    root, read_problems = read_yaml(path, shown)
    problems += read_problems
    if root is None:
        return []
    conv = Converter(shown)
    pairs = conv.pairs(root, path.name)
    loaded = conv.fields(LanguagesFile, pairs, conv.pos(root), path.name) if pairs is not None else INVALID
    languages = [] if loaded is INVALID else loaded.languages
    seen: dict[str, Pos] = {}
    for language in languages:
        if language.code in seen:
            conv.error(language.pos, f"duplicate language '{language.code}' (first at line {seen[language.code].line})")
        seen.setdefault(language.code, language.pos)
    problems += conv.problems + language_problems(languages, assets_dir / "fonts")
    return ordered(languages)


def _load_list(
    path: Path, file_cls: type, key: str, problems: list[Problem], kit_names: dict[str, str] | None = None
) -> tuple[list, list[str]]:
    """The items of ``bands.yaml`` or ``resources.yaml``, and their ids (as written, even when an item is broken)."""
    shown = display_path(path)
    if not path.exists():
        problems.append(Problem(Pos(shown), f"missing file: the lessons folder needs a {path.name}"))
        return [], []
    root, read_problems = read_yaml(path, shown, folder=path.parent)
    problems += read_problems
    if root is None:
        return [], []
    conv = Converter(shown, languages=kit_names)
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


def _load_guide(
    path: Path, band_ids: list[str], problems: list[Problem], kit_names: dict[str, str] | None = None
) -> Guide | None:
    """The teacher's background shared by every lesson, when the folder has a ``guide.yaml``."""
    if not path.is_file():
        return None
    shown = display_path(path)
    root, read_problems = read_yaml(path, shown)
    problems += read_problems
    if root is None:
        return None
    conv = Converter(shown, languages=kit_names)
    pairs = conv.pairs(root, path.name)
    guide = conv.fields(Guide, pairs, conv.pos(root), path.name) if pairs is not None else INVALID
    problems += conv.problems
    if guide is INVALID:
        return None
    for section in guide.sections:
        for index, band_id in enumerate(section.bands):
            if band_ids and band_id not in band_ids:
                hint = did_you_mean(band_id, band_ids) or f"; the bands are {', '.join(band_ids)}"
                problems.append(Problem(position(section, f"bands[{index}]"), f"unknown band '{band_id}'{hint}"))
    return guide


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


def _load_lesson(
    path: Path, band_ids: list[str], problems: list[Problem], check_node, status: list[str],
    kit_names: dict[str, str] | None = None,
) -> Lesson | None:
    """The lesson in ``path``, or None; its problems are added to ``problems``, its status (if readable) to ``status``."""
    shown = display_path(path)
    root, read_problems = read_yaml(path, shown, folder=path.parent)
    problems += read_problems
    if root is None:
        return None
    conv = Converter(shown, check_node, kit_names)
    pairs = conv.pairs(root, "the lesson")
    if pairs is None:
        problems += conv.problems
        return None
    common = pairs.pop("common", None)
    variants = pairs.pop("bands", None)
    status_pair = pairs.get("status")
    if status_pair is not None and isinstance(status_pair[1], yaml.ScalarNode):
        status.append(status_pair[1].value)  # known even when the rest of the lesson is not valid yet
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
    unknown_targets: list[str] = []
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
            targets = _block_targets(conv, block, block_pairs.pop("for", None), band_ids, unknown_targets)
            blocks.append((targets, _known_content_keys(conv, block_pairs, "a 'bands' block"), conv.pos(block)))
    content: dict[str, BandContent] = {}
    ok = True
    targeted = {band_id for targets, _, _ in blocks for band_id in targets}
    for band_id in band_ids:
        if unknown_targets and band_id not in targeted:
            # A misspelt band id in 'for:' is reported once; its band's missing keys would only repeat it.
            ok = False
            continue
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
            conv.error(key, f"unknown key '{name}' in {what}{known_keys(name, names)}")
    return known


def _block_targets(conv: Converter, block, for_pair, band_ids: list[str], unknown: list[str]) -> list[str]:
    """The band ids a ``bands`` block applies to; ids that are no band are reported and added to ``unknown``."""
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
            unknown.append(band_id)
            hint = did_you_mean(band_id, band_ids) or f"; the bands are {', '.join(band_ids)}"
            conv.error(item, f"unknown band '{band_id}'{hint}")
            continue
        targets.append(band_id)
    return targets
