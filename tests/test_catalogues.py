"""The kit words' gettext catalogues: kit.pot as `pybabel extract` makes it, complete .po files, and the .mo
kitgen reads (packaged, compiled into the cache in a checkout, or a designer's own)."""
from __future__ import annotations

import gettext
import hashlib
import io
import json
import os
import re
import shutil
import string
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.i18n import Labels, catalogues
from kitgen.i18n.compiling import compile_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "kitgen" / "locale"
POT = LOCALE / "kit.pot"
#: The languages kitgen has kit words for.
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/kit.po"))
#: Letter languages: their letters use only a few kit words, so their catalogues may leave the rest out.
LETTER_LANGUAGES = {item["code"] for item in yaml.safe_load((ROOT / "lessons" / "languages.yaml").read_text(
    encoding="utf-8"))["languages"] if item["purpose"] == "letter"}


def _babel_config(command: str) -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["babel"][command]


def _ids(message) -> tuple[str | None, tuple[str, ...]]:
    return message.context, message.id if isinstance(message.id, tuple) else (message.id,)


def _extracted() -> dict:
    """What `pybabel extract` (with pyproject.toml's options and babel.cfg) finds in the code and templates."""
    config = _babel_config("extract_messages")
    with open(ROOT / config["mapping_file"], encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = parse_keywords(config["keywords"])
    found: dict = {}
    for folder in config["input_paths"]:
        for path, _line, message, comments, context in extract_from_dir(
            ROOT / folder, method_map, options_map, keywords=keywords, comment_tags=config["add_comments"],
        ):
            ids = message if isinstance(message, tuple) else (message,)
            found.setdefault((context, ids), set()).add(path)
    return found


def _catalogue(path: Path) -> PoCatalog:
    with open(path, "rb") as file:
        return read_po(file)


def test_kit_pot_is_what_extraction_finds():
    extracted = _extracted()
    pot = {_ids(m) for m in _catalogue(POT) if m.id}
    assert pot == set(extracted), (
        "kitgen/locale/kit.pot is out of date: run `pybabel extract` and `pybabel update` in the checkout "
        f"(new: {sorted(set(extracted) - pot)}; gone: {sorted(pot - set(extracted))})"
    )
    # every word has its key as msgctxt, each key names one word, and both extractors find words
    assert all(context for context, _ in extracted)
    keys = [context for context, _ in extracted]
    assert len(keys) == len(set(keys)) and len(keys) >= 70
    paths = {Path(p).as_posix() for places in extracted.values() for p in places}
    assert any(p.startswith("templates/") and p.endswith(".j2") for p in paths)
    assert any(p.startswith("kitgen/renderers/") for p in paths)
    plural = [ids for _, ids in extracted if len(ids) == 2]
    assert ("{count} mutual friend", "{count} mutual friends") in plural


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_every_catalogue_has_every_word_translated_with_its_plural_forms(po):
    lang = po.parent.parent.name
    catalogue = _catalogue(po)
    pot = {_ids(m) for m in _catalogue(POT) if m.id}
    messages = [m for m in catalogue if m.id]
    assert {_ids(m) for m in messages} == pot, f"{po}: run `pybabel update`"
    assert not catalogue.obsolete
    plural = get_plural(Locale.parse(lang))
    assert catalogue.plural_forms == plural.plural_forms and catalogue.num_plurals == plural.num_plurals
    assert re.search(rf'"Plural-Forms: {re.escape(plural.plural_forms)}\\n"', po.read_text(encoding="utf-8"))
    fields = string.Formatter()
    for message in messages:
        assert not message.fuzzy, f"{po}: {message.context} is fuzzy"
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(translations) or lang in LETTER_LANGUAGES, f"{po}: {message.context} is not translated"
        assert len(translations) == catalogue.num_plurals if message.pluralizable else len(translations) == 1
        names = {name for _, name, _, _ in fields.parse(_ids(message)[1][-1]) if name}
        for text in translations:
            assert {name for _, name, _, _ in fields.parse(text) if name} == names, (po, message.context)


def test_compiling_gives_the_same_bytes_every_time():
    for po in PO_FILES:
        assert compile_po(po.read_bytes()) == compile_po(po.read_bytes())
    undated = b'msgid ""\nmsgstr ""\n"Language: nl\\n"\n\nmsgctxt "name"\nmsgid "Name"\nmsgstr "Naam"\n'
    mo = compile_po(undated)
    assert b"POT-Creation-Date: 1970-01-01" in mo  # no compile time in the header
    assert gettext.GNUTranslations(io.BytesIO(mo)).pgettext("name", "Name") == "Naam"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KITGEN_CACHE", str(folder))
    catalogues._compiled_bytes.cache_clear()
    yield folder
    catalogues._compiled_bytes.cache_clear()


def _locale_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package's locale folder that kitgen reads instead (to add or age a .mo there)."""
    folder = tmp_path / "locale"
    shutil.copytree(LOCALE, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(catalogues, "LOCALE_DIR", folder)
    return folder


def test_a_checkout_compiles_into_the_cache_and_an_install_reads_its_mo(tmp_path, monkeypatch, cache):
    locale = _locale_copy(tmp_path, monkeypatch)
    po = locale / "nl" / "LC_MESSAGES" / "kit.po"
    before = sorted(locale.rglob("*"))

    labels = Labels("nl")  # a checkout never installed: only the .po
    assert (labels.found.how, labels.found.source) == ("checkout", po)
    assert labels("page", "Page {page} of {pages}", page=1, pages=2) == "Pagina 1 van 2"
    entry = cache / "catalogues" / f"{hashlib.sha256(po.read_bytes()).hexdigest()}.mo"
    assert entry.read_bytes() == compile_po(po.read_bytes())
    assert sorted(locale.rglob("*")) == before  # nothing written beside the package's catalogues

    mo = po.with_suffix(".mo")  # as the packaging step leaves it (the wheel, or pip install -e .)
    mo.write_bytes(compile_po(po.read_bytes()))
    assert (Labels("nl").found.how, Labels("nl").found.source) == ("packaged", mo)
    os.utime(mo, ns=(po.stat().st_mtime_ns - 10**9,) * 2)  # the .po edited after the .mo was compiled
    assert Labels("nl").found.how == "checkout"
    po.unlink()  # an installed wheel: the .mo alone
    assert Labels("nl").found.how == "packaged"


def test_labels_need_no_catalogue_and_find_words_by_key():
    xx = Labels("xx")
    assert xx.found.how == "none"
    assert xx("page", page=1, pages=2) == "Page 1 of 2"  # the English words
    assert xx("mutual_friends", count=1) == "1 mutual friend" and xx("mutual_friends", count=3) == "3 mutual friends"
    with pytest.raises(KeyError, match="no kit word with the key 'nonsense'"):
        xx("nonsense")


def _with_german(value):
    """A copy of parsed YAML where every text written in nl and en is also written in de."""
    if isinstance(value, dict):
        copied = {key: _with_german(item) for key, item in value.items()}
        if {"nl", "en"} <= set(copied) and all(isinstance(copied[k], str) for k in ("nl", "en")):
            copied["de"] = f"{copied['en']} (de)"
        return copied
    if isinstance(value, list):
        return [_with_german(item) for item in value]
    return value


def _german_folder(tmp_path: Path, german_words: dict) -> tuple[Path, PoCatalog]:
    """The tiny fixture with German as a fourth kit language, and ``locale/de.po`` with ``german_words``."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    for source in (ROOT / "tests" / "fixtures" / "tiny").glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        (folder / source.name).write_text(yaml.safe_dump(_with_german(data), allow_unicode=True), encoding="utf-8")
    languages = (ROOT / "lessons" / "languages.yaml").read_text(encoding="utf-8")
    german = "  - code: de\n    tag: de-DE\n    name: German\n    native: Deutsch\n    purpose: kit\n"
    (folder / "languages.yaml").write_text(languages.replace("  - code: tr\n", german + "  - code: tr\n"),
                                           encoding="utf-8")
    # the designer's catalogue: kit.pot made into de.po (as `pybabel init -l de` does), a few words translated
    po = PoCatalog(locale="de", project="kit words", fuzzy=False)
    for message in _catalogue(POT):
        if message.id and message.context in german_words:
            po.add(message.id, german_words[message.context], context=message.context)
    (folder / "locale").mkdir()
    with open(folder / "locale" / "de.po", "wb") as file:
        write_po(file, po)
    return folder, po


def test_a_fourth_kit_language_takes_its_words_from_the_lessons_folder(tmp_path, cache):
    german_words = {"page": "Seite {page} von {pages}", "name": "Name", "worksheet": "Arbeitsblatt",
                    "mutual_friends": ("{count} gemeinsamer Freund", "{count} gemeinsame Freunde")}
    folder, po = _german_folder(tmp_path, german_words)
    package = sorted(LOCALE.rglob("*"))

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(folder), "--out", str(out), "--lang", "de", "-q"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    from kitgen.renderers import KINDS

    assert {a["kind"] for a in manifest["artifacts"] if a["lang"] == "de"} == set(KINDS)
    worksheet = next(out.rglob("*-de-worksheet.pdf"))
    text = subprocess.run(["pdftotext", str(worksheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "ARBEITSBLATT" in text and "Seite 1 von" in text and "(de)" in text
    assert "Date:" in text  # a word de.po leaves out stays English
    compiled = cache / "catalogues" / f"{hashlib.sha256((folder / 'locale' / 'de.po').read_bytes()).hexdigest()}.mo"
    assert compiled.is_file()  # compiled with Babel into the cache, not beside the package
    assert sorted(LOCALE.rglob("*")) == package
    labels = Labels("de", str(folder / "locale" / "de.po"))
    assert labels.found.how == "designer" and labels("mutual_friends", count=2) == "2 gemeinsame Freunde"
    listed = CliRunner().invoke(main, ["list", "--lessons", str(folder)]).output.splitlines()
    assert next(row for row in listed if row.startswith("  de ")).endswith("kit words: the lessons folder's locale/de.po")
    assert next(row for row in listed if row.startswith("  nl ")).endswith(
        ("kit words: kitgen's compiled catalogue", "kit words: kitgen's .po, compiled into the cache"))

    # a changed word makes the German kits again (the catalogue counts in their input hashes)
    german_words["page"] = "S. {page}/{pages}"
    po.delete("Page {page} of {pages}", context="page")
    po.add("Page {page} of {pages}", german_words["page"], context="page")
    with open(folder / "locale" / "de.po", "wb") as file:
        write_po(file, po)
    again = CliRunner().invoke(main, ["build", "--lessons", str(folder), "--out", str(out), "--lang", "de", "-q"])
    assert again.exit_code == 0, again.output
    text = subprocess.run(["pdftotext", str(worksheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "S. 1/" in text


def test_a_designers_catalogue_with_unknown_names_or_broken_is_an_error(tmp_path, monkeypatch):
    folder, _ = _german_folder(tmp_path, {"page": "Seite {seite} von {pages}"})
    monkeypatch.chdir(tmp_path)
    line = next(n for n, text in enumerate((folder / "locale" / "de.po").read_text().splitlines(), 1)
                if text == 'msgstr "Seite {seite} von {pages}"')
    result = CliRunner().invoke(main, ["check", "--lessons", "lessons"])
    assert result.exit_code == 1
    assert (f"lessons/locale/de.po:{line}:1: the de translation of 'page' uses {{seite}}, which kitgen does not "
            "fill in; use {page}, {pages}") in result.output
    (folder / "locale" / "de.po").write_bytes(b"\xff\xfe not a catalogue")
    result = CliRunner().invoke(main, ["check", "--lessons", "lessons"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "lessons/locale/de.po: not a gettext catalogue kitgen can read" in result.output
    assert "pybabel init -i <kitgen>/locale/kit.pot -l de" in result.output


def test_a_letter_language_may_have_kit_words_for_its_letters(tmp_path, cache):
    folder = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", folder)
    po = PoCatalog(locale="tr", project="kit words", fuzzy=False)
    po.add("[name of the school]", "[okulun adı]", context="placeholder_school")
    (folder / "locale").mkdir()
    with open(folder / "locale" / "tr.po", "wb") as file:
        write_po(file, po)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(folder), "--out", str(out), "--lang", "tr",
                                       "--lesson", "grooming", "--band", "10-12", "-q"])
    assert result.exit_code == 0, result.output
    letter = next(out.rglob("*-tr-letter-text.txt")).read_text(encoding="utf-8")
    assert "[okulun adı]" in letter  # from tr.po
    assert "[your name]" in letter  # a word tr.po leaves out: English, as for a letter language without one
