"""Parent-letter texts in the letter languages, kept in per-language files beside the lessons.

``lessons/translations/<lesson>.<lang>.yaml`` holds one lesson's letter texts (its title and, per band, the
letter's what, why, learns, conversation starters and tips); ``lessons/translations/shared.<lang>.yaml`` holds the
band labels, who signs the letter and the help resources' names and descriptions. Each entry keeps ``source``, a hash of the Dutch
text it was translated from, so a changed Dutch text shows up as "fuzzy". The lesson YAML is never rewritten.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from kitgen.errors import Pos, Problem
from kitgen.model import HIDDEN_FIELDS, Catalog, Text
from kitgen.yamlsource import read_yaml

FOLDER = "translations"
SHARED = "shared"
#: The language every translation is made from.
SOURCE_LANG = "nl"
#: How many conversation starters a letter prints (see renderers/letter/content.py).
CONVERSATION_STARTERS = 3
FUZZY = ("the Dutch text changed since this was translated; it is not used until someone checks it and sets "
         "'source' to {hash} (or imports a new translation)")


def source_hash(text: str) -> str:
    """A short hash of a Dutch source text: kept with its translation to notice when the Dutch changes."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    """One translated text as its file holds it."""

    text: str
    source: str | None  # the hash of the Dutch text it was made from
    pos: Pos  # where the text is written


@dataclass(frozen=True)
class Unit:
    """One text a letter language needs: its file's scope (lesson id or ``shared``), key and the Text."""

    scope: str
    key: str
    text: Text
    band: str | None = None  # the band the text belongs to, when it belongs to one


def file_path(lessons_dir: Path, scope: str, lang: str) -> Path:
    return lessons_dir / FOLDER / f"{scope}.{lang}.yaml"


def letter_units(catalog: Catalog, lesson_id: str | None = None) -> Iterator[Unit]:
    """Every text a parent letter in a letter language needs (the shared ones unless a lesson is named)."""
    if lesson_id is None:
        for band in catalog.bands:
            yield Unit(SHARED, f"bands.{band.id}.label", band.label, band.id)
            yield Unit(SHARED, f"bands.{band.id}.teacher_role", band.teacher_role, band.id)
        for resource in catalog.resources.values():
            if isinstance(resource.name, Text):
                yield Unit(SHARED, f"resources.{resource.id}.name", resource.name)
            yield Unit(SHARED, f"resources.{resource.id}.description", resource.description)
    for lesson in catalog.lessons:
        if lesson_id is not None and lesson.id != lesson_id:
            continue
        yield Unit(lesson.id, "title", lesson.title)
        for band_id, content in lesson.bands.items():
            letter = content.letter
            prefix = f"bands.{band_id}.letter"
            yield Unit(lesson.id, f"{prefix}.what", letter.what, band_id)
            yield Unit(lesson.id, f"{prefix}.why", letter.why, band_id)
            for name in ("learns", "conversation", "tips"):
                items = getattr(letter, name)
                if name == "conversation":
                    items = items[:CONVERSATION_STARTERS]
                for number, text in enumerate(items, start=1):
                    yield Unit(lesson.id, f"{prefix}.{name}.{number}", text, band_id)


def read_entries(path: Path, shown: str) -> tuple[dict[str, Entry], dict[str, Pos], list[Problem]]:
    """The entries of one translation file, where each key is written, and the file's problems."""
    root, problems = read_yaml(path, shown)
    entries: dict[str, Entry] = {}
    keys: dict[str, Pos] = {}
    if root is None:
        return entries, keys, problems

    def pos(node: yaml.Node) -> Pos:
        return Pos(shown, node.start_mark.line + 1, node.start_mark.column + 1)

    texts = None
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == "texts":
            texts = value
        else:
            problems.append(Problem(pos(key), f"unknown key '{key.value}' in a translation file; it holds 'texts'"))
    if not isinstance(texts, yaml.MappingNode):
        problems.append(Problem(pos(texts if texts is not None else root), "a translation file needs 'texts:', "
                                "a mapping of keys to {text: ..., source: ...}"))
        return entries, keys, problems
    for key, value in texts.value:
        name = str(key.value)
        if name in keys:
            problems.append(Problem(pos(key), f"duplicate key '{name}' (first at line {keys[name].line})"))
            continue
        keys[name] = pos(key)
        fields = {str(k.value): v for k, v in value.value} if isinstance(value, yaml.MappingNode) else None
        text = fields.get("text") if fields else None
        if not isinstance(text, yaml.ScalarNode) or not str(text.value).strip():
            problems.append(Problem(pos(value), f"'{name}' needs 'text:' with the translation"))
            continue
        source = fields.get("source")
        entries[name] = Entry(" ".join(str(text.value).split()),
                              str(source.value) if isinstance(source, yaml.ScalarNode) else None, pos(text))
    return entries, keys, problems


@dataclass
class Translated:
    """A catalog with the letter languages' texts filled in, and what loading them found."""

    catalog: Catalog
    errors: list[Problem]  # broken files, unknown keys
    warnings: list[Problem]  # missing and fuzzy texts


def apply_translations(catalog: Catalog, lessons_dir: Path, shown_dir: str) -> Translated:
    """Fill in every letter language's texts from the translation files beside the lessons."""
    languages = {language.code: language for language in catalog.languages if language.purpose == "letter"}
    units = list(letter_units(catalog))
    scopes = {unit.scope for unit in units}
    added: dict[int, dict[str, tuple[str, Pos]]] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for lang, language in languages.items():
        for scope in sorted(scopes):
            path = file_path(lessons_dir, scope, lang)
            if not path.is_file():
                continue
            shown = f"{shown_dir}/{FOLDER}/{path.name}"
            entries, keys, problems = read_entries(path, shown)
            errors += problems
            wanted = {unit.key: unit for unit in units if unit.scope == scope}
            for key, where in keys.items():
                if key not in wanted:
                    errors.append(Problem(where, f"'{key}' is no letter text of '{scope}'; "
                                                 f"`kitgen translate export --lang {lang}` lists them"))
            missing = [unit for key, unit in wanted.items() if key not in keys]
            if missing:
                first = missing[0]
                more = f" and {len(missing) - 1} more letter texts" if len(missing) > 1 else ""
                warnings.append(Problem(
                    first.text.where.get(SOURCE_LANG) or first.text.pos,
                    f"'{first.key}'{more} of '{scope}' have no {language.name} ({lang}) translation in {shown} "
                    f"(their letters are not made in {lang}); `kitgen translate export --lang {lang}` lists them",
                ))
            for key, unit in wanted.items():
                entry = entries.get(key)
                if entry is None:
                    continue
                current = source_hash(unit.text[SOURCE_LANG])
                if entry.source != current:  # like gettext, a fuzzy translation is not used
                    warnings.append(Problem(entry.pos, FUZZY.format(hash=current)))
                    continue
                added.setdefault(id(unit.text), {})[lang] = (entry.text, entry.pos)
    if not added:
        return Translated(catalog, errors, warnings)
    return Translated(_with_texts(catalog, added), errors, warnings)


def _with_texts(value, added: dict[int, dict[str, tuple[str, Pos]]]):
    """A copy of ``value`` whose Texts (found by identity) carry the added languages."""
    if isinstance(value, Text):
        more = added.get(id(value))
        if not more:
            return value
        return Text({**value.values, **{lang: text for lang, (text, _) in more.items()}}, pos=value.pos,
                    where={**value.where, **{lang: pos for lang, (_, pos) in more.items()}})
    if isinstance(value, list):
        return [_with_texts(item, added) for item in value]
    if isinstance(value, dict):
        return {key: _with_texts(item, added) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and not isinstance(value, Pos):
        changes = {f.name: _with_texts(getattr(value, f.name), added)
                   for f in dataclasses.fields(value) if f.name not in HIDDEN_FIELDS}
        return dataclasses.replace(value, **changes)
    return value


def letter_complete(catalog: Catalog, lesson_id: str, band_id: str, lang: str) -> bool:
    """Whether every text of this lesson's letter for this band (and the shared ones) is there in ``lang``."""
    for unit in letter_units(catalog):
        if unit.scope == SHARED and unit.band not in (None, band_id):
            continue
        if unit.scope not in (SHARED, lesson_id) or (unit.band not in (None, band_id)):
            continue
        if lang not in unit.text.values:
            return False
    return True


def coverage(catalog: Catalog, lang: str) -> dict[str, int]:
    """How many letter texts ``lang`` has translated, and how many are missing (fuzzy ones need the files)."""
    units = list(letter_units(catalog))
    done = sum(1 for unit in units if lang in unit.text.values)
    return {"translated": done, "missing": len(units) - done, "total": len(units)}


def coverage_table(catalog: Catalog, lessons_dir: Path) -> str:
    """Per letter language: its status and how many letter texts are translated, fuzzy and missing."""
    units = list(letter_units(catalog))
    lines = ["language  status  translated  fuzzy  missing  (of letter texts)"]
    for language in catalog.languages:
        if language.purpose != "letter":
            continue
        files: dict[str, dict[str, Entry]] = {}
        counts = {"translated": 0, "fuzzy": 0, "missing": 0}
        for unit in units:
            if unit.scope not in files:
                path = file_path(lessons_dir, unit.scope, language.code)
                files[unit.scope] = read_entries(path, str(path))[0] if path.is_file() else {}
            entry = files[unit.scope].get(unit.key)
            if entry is None:
                counts["missing"] += 1
            elif entry.source != source_hash(unit.text[SOURCE_LANG]):
                counts["fuzzy"] += 1
            else:
                counts["translated"] += 1
        lines.append(f"{language.code:<9} {language.status:<7} {counts['translated']:>10} {counts['fuzzy']:>6} "
                     f"{counts['missing']:>8}  ({len(units)})")
    return "\n".join(lines)
