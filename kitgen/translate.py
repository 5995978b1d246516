"""The translators' round trip: letter texts out to PO or XLIFF 2.0, and translations back into the translation files."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po, write_po

from kitgen import __version__
from kitgen.errors import KitgenError
from kitgen.model import Catalog
from kitgen.translations import SOURCE_LANG, file_path, letter_units, read_entries, source_hash

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
#: msgctxt and XLIFF unit ids: "<scope>:<key>", e.g. "grooming:bands.10-12.letter.what".
SEPARATOR = ":"


@dataclass(frozen=True)
class Row:
    """One text to translate: its id, the Dutch and English text, where the Dutch is, and any translation."""

    id: str
    source: str
    english: str | None
    location: str
    translation: str | None
    fuzzy: bool  # the Dutch text changed since the translation was made


def rows(catalog: Catalog, lessons_dir: Path, lang: str, lesson: str | None) -> list[Row]:
    """Every letter text ``lang`` needs (one lesson's, or all with the shared ones), with its translation."""
    if lang not in catalog.letter_languages:
        choices = ", ".join(catalog.letter_languages)
        raise KitgenError(f"--lang {lang}: not a letter language; translations are made for {choices}")
    if lesson is not None and lesson not in {item.id for item in catalog.lessons}:
        raise KitgenError(f"--lesson {lesson}: no such lesson")
    files: dict[str, dict] = {}
    result = []
    for unit in letter_units(catalog, lesson):
        if unit.scope not in files:
            path = file_path(lessons_dir, unit.scope, lang)
            files[unit.scope] = read_entries(path, str(path))[0] if path.is_file() else {}
        entry = files[unit.scope].get(unit.key)
        source = unit.text[SOURCE_LANG]
        pos = unit.text.where.get(SOURCE_LANG) or unit.text.pos
        result.append(Row(
            id=f"{unit.scope}{SEPARATOR}{unit.key}", source=source, english=unit.text.values.get("en"),
            location=f"{pos.path}:{pos.line}" if pos else unit.scope,
            translation=entry.text if entry else None,
            fuzzy=entry is not None and entry.source != source_hash(source),
        ))
    return result


def to_po(found: list[Row], lang: str, tag: str) -> bytes:
    """A PO file (Poedit, Weblate, Crowdin) with the Dutch text as msgid and the key as msgctxt."""
    po = PoCatalog(locale=tag.replace("-", "_"), project="kitgen letters", version=__version__, fuzzy=False)
    for row in found:
        comments = [f"English: {row.english}"] if row.english else []
        path, _, line = row.location.rpartition(":")
        po.add(row.source, row.translation or "", locations=[(path, int(line))] if line.isdigit() else [],
               flags=["fuzzy"] if row.fuzzy else [], auto_comments=comments, context=row.id)
    buffer = io.BytesIO()
    write_po(buffer, po, width=0, include_previous=False)
    return buffer.getvalue()


def to_xliff(found: list[Row], lang: str, tag: str) -> bytes:
    """An XLIFF 2.0 file with one unit per text."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "2.0", "srcLang": "nl-NL", "trgLang": tag})
    file_element = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {"id": "letters"})
    for row in found:
        unit = ET.SubElement(file_element, f"{{{XLIFF_NS}}}unit", {"id": row.id})
        notes = ET.SubElement(unit, f"{{{XLIFF_NS}}}notes")
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", {"category": "location"}).text = row.location
        if row.english:
            ET.SubElement(notes, f"{{{XLIFF_NS}}}note", {"category": "english"}).text = row.english
        state = "initial" if not row.translation or row.fuzzy else "translated"
        segment = ET.SubElement(unit, f"{{{XLIFF_NS}}}segment", {"state": state})
        ET.SubElement(segment, f"{{{XLIFF_NS}}}source").text = row.source
        if row.translation:
            ET.SubElement(segment, f"{{{XLIFF_NS}}}target").text = row.translation
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def read_translations(path: Path) -> tuple[str | None, list[tuple[str, str, str]]]:
    """The language tag and the finished translations (id, Dutch source, translation) of a PO or XLIFF file."""
    data = path.read_bytes()
    if data.lstrip().startswith(b"<"):
        root = ET.fromstring(data)
        tag = root.get("trgLang")
        found = []
        for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
            segment = unit.find(f"{{{XLIFF_NS}}}segment")
            source = segment.findtext(f"{{{XLIFF_NS}}}source") if segment is not None else None
            target = segment.findtext(f"{{{XLIFF_NS}}}target") if segment is not None else None
            if source and target and segment.get("state") != "initial":
                found.append((unit.get("id"), source, target))
        return tag, found
    po = read_po(io.BytesIO(data))
    found = [(m.context, m.id, m.string) for m in po if m.id and m.context and m.string and not m.fuzzy]
    return (str(po.locale).replace("_", "-") if po.locale else None), found


def import_file(catalog: Catalog, lessons_dir: Path, path: Path, lang: str | None) -> dict[str, int]:
    """Write the finished translations of ``path`` into the translation files; how many per file."""
    tag, found = read_translations(path)
    if lang is None:
        lang = next((item.code for item in catalog.languages if tag and item.tag.lower() == tag.lower()), None)
        lang = lang or next((item.code for item in catalog.languages if tag and item.code == tag.split("-")[0]), None)
    if lang not in catalog.letter_languages:
        raise KitgenError(f"{path}: cannot tell which letter language this is ({tag}); give --lang")
    known = {f"{unit.scope}{SEPARATOR}{unit.key}": unit for unit in letter_units(catalog)}
    updates: dict[str, dict[str, tuple[str, str]]] = {}
    for text_id, source, target in found:
        if text_id not in known:
            raise KitgenError(f"{path}: '{text_id}' is no letter text of these lessons")
        scope, key = text_id.split(SEPARATOR, 1)
        updates.setdefault(scope, {})[key] = (" ".join(target.split()), source_hash(source))
    counts = {}
    for scope, changes in updates.items():
        target_path = file_path(lessons_dir, scope, lang)
        counts[str(target_path)] = write_file(target_path, catalog, scope, lang, changes)
    return counts


def write_file(path: Path, catalog: Catalog, scope: str, lang: str, changes: dict[str, tuple[str, str]]) -> int:
    """Merge ``changes`` (key → text, source hash) into one translation file, in the lesson's order."""
    entries = {}
    if path.is_file():
        entries = {key: (entry.text, entry.source or "") for key, entry in read_entries(path, str(path))[0].items()}
    changed = sum(1 for key, value in changes.items() if entries.get(key) != value)
    entries.update(changes)
    order = [unit.key for unit in letter_units(catalog) if unit.scope == scope]
    keys = [key for key in order if key in entries] + [key for key in entries if key not in order]
    name = catalog.language(lang).name
    what = "the band labels and the help resources" if scope == "shared" else f"the parent letter of '{scope}'"
    lines = [
        f"# {name} ({lang}) texts for {what}. Written by `kitgen translate import`; edit here or in a PO file.",
        "# 'source' is a hash of the Dutch text each translation was made from: kitgen check warns when it changes.",
        "texts:",
    ]
    for key in keys:
        text, source = entries[key]
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"  {key}:", f'    text: "{quoted}"', f"    source: {source}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed
