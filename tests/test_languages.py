"""Languages as data: languages.yaml checks, letter-only languages, Arabic letters, translation files."""
from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
import subprocess
import unicodedata

from bidi.algorithm import get_display
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.translations import source_hash
from tests.conftest import LESSONS


def _copy_lessons(tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    return folder


def test_languages_file_errors_have_file_line_and_column(tmp_path):
    folder = _copy_lessons(tmp_path)
    text = (folder / "languages.yaml").read_text(encoding="utf-8")
    text = text.replace("tag: tr-TR", "tag: xx-nowhere-99").replace("font: Noto Sans Arabic", "font: No Such Font")
    (folder / "languages.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(folder)])
    assert result.exit_code == 1
    assert "languages.yaml:20:10: 'xx-nowhere-99' is not a language tag" in result.output
    assert "font 'No Such Font': put NoSuchFont-Regular.ttf and NoSuchFont-Bold.ttf" in result.output


def test_check_lists_draft_languages_and_strict_refuses_them():
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--lessons", str(LESSONS)])
    assert result.exit_code == 0, result.output
    assert "the Arabic (ar) texts are a draft translation" in result.output
    strict = runner.invoke(main, ["check", "--strict", "--lessons", str(LESSONS)])
    assert strict.exit_code == 1
    assert "Arabic (ar) is a draft translation" in strict.output or "no Arabic (ar) translation" in strict.output


def test_a_draft_language_without_texts_for_these_lessons_is_not_reported(tmp_path):
    folder = _copy_lessons(tmp_path)
    shutil.rmtree(folder / "translations")
    result = CliRunner().invoke(main, ["check", "--strict", "--lessons", str(folder)])
    assert "draft translation" not in result.output  # no letter in tr/ar/pl/uk can be made, so none to warn of


def test_list_shows_purpose_coverage_and_status():
    result = CliRunner().invoke(main, ["list", "--lessons", str(LESSONS)])
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if row.strip().startswith("ar "))
    assert "letter" in line and "rtl" in line and "draft" in line and "letter texts" in line


def test_letter_language_builds_only_letters_and_arabic_reads_in_order(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "--lang", "ar", "-q"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    artifacts = manifest["artifacts"] if isinstance(manifest, dict) else manifest
    kinds = {a["kind"] for a in artifacts}
    assert kinds == {"letter", "letter-text", "letter-html", "letter-eml"}
    assert {a["lang"] for a in artifacts} == {"ar"}
    pdf = next(out.rglob("*-ar-letter.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    plain = unicodedata.normalize("NFKC", text).replace("\u202b", "").replace("\u202c", "").replace("\u202a", "")
    assert "درس عن الأمان على الإنترنت" in plain  # logical (reading) order, letters joined back
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansArabic-Regular" in fonts
    html = next(out.rglob("*-ar-letter-html.html")).read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    letter = next(out.rglob("*-ar-letter-text.txt")).read_text(encoding="utf-8")
    assert re.search("\u200e[0-9][0-9-]+[0-9]\u200e", letter)  # a phone number inside an Arabic sentence
    mail = email.message_from_bytes(next(out.rglob("*-ar-letter-eml.eml")).read_bytes(), policy=email.policy.default)
    screens = {"text": letter, "html": html, "e-mail text": mail.get_body(("plain",)).get_content(),
               "e-mail html": mail.get_body(("html",)).get_content()}
    for name, shown in screens.items():  # the bidi algorithm keeps a number in an Arabic sentence in its order
        sentence = next(line for line in shown.splitlines() if "020-261 52 75" in line and "Helpwanted" in line)
        assert "020-261 52 75" in " ".join(re.findall(r"[0-9-]+", get_display(sentence, base_dir="R"))), name


def test_a_build_without_lang_keeps_the_letters_made_in_a_letter_language(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    common = ["build", "--lessons", str(LESSONS), "--out", str(out), "--lesson", "grooming", "--band", "10-12", "-q"]
    assert runner.invoke(main, [*common, "--lang", "uk"]).exit_code == 0
    result = runner.invoke(main, common)  # the kit languages only
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {a["lang"] for a in manifest["artifacts"]} == {"nl", "en", "uk"}
    assert next(out.rglob("*-uk-letter.pdf")).is_file()


def test_changed_dutch_text_marks_translation_fuzzy(tmp_path):
    folder = _copy_lessons(tmp_path)
    path = folder / "translations" / "grooming.uk.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "source:" in line)
    path.write_text(text.replace(old, "    source: 000000000000", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(folder)])
    assert "the Dutch text changed since this was translated" in result.output
    assert re.search(r"grooming\.uk\.yaml:5:11: warning: the Dutch text changed since this was translated", result.output)


def test_unknown_translation_key_is_an_error(tmp_path):
    folder = _copy_lessons(tmp_path)
    path = folder / "translations" / "grooming.tr.yaml"
    path.write_text(f"texts:\n  bands.10-12.letter.nothing:\n    text: \"x\"\n    source: {source_hash('x')}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(folder)])
    assert result.exit_code == 1
    assert "grooming.tr.yaml:2:3: 'bands.10-12.letter.nothing' is no letter text of 'grooming'" in result.output


def test_glyph_check_uses_each_languages_font(tmp_path):
    folder = _copy_lessons(tmp_path)
    path = folder / "translations" / "grooming.ar.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ليس كل شخص", "ليس كل 人 شخص", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(folder)])
    assert result.exit_code == 1
    assert "the Arabic text uses '人'" in result.output and "Noto Sans Arabic" in result.output


def test_po_round_trip_changes_only_the_new_text(tmp_path):
    folder = _copy_lessons(tmp_path)
    po_file = tmp_path / "uk.po"
    runner = CliRunner()
    result = runner.invoke(main, ["translate", "export", "--lessons", str(folder), "--lang", "uk",
                                  "--lesson", "grooming", "--out", str(po_file)])
    assert result.exit_code == 0, result.output
    po = po_file.read_text(encoding="utf-8")
    assert 'msgctxt "grooming:bands.8-10.letter.what"' in po and "Language: uk_UA" in po
    assert "#: " in po and "grooming.yaml:" in po  # where the Dutch text is
    start = po.index('msgctxt "grooming:bands.8-10.letter.what"')
    line_start = po.index("msgstr ", start)
    line_end = po.index("\n", line_start)
    po_file.write_text(po[:line_start] + 'msgstr "Новий текст."' + po[line_end:], encoding="utf-8")
    path = folder / "translations" / "grooming.uk.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(main, ["translate", "import", "--lessons", str(folder), str(po_file)])
    assert result.exit_code == 0, result.output
    assert "1 texts changed" in result.output
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert changed == [(changed[0][0], '    text: "Новий текст."')]  # that text only; comments and the rest kept
    assert after[after.index('    text: "Новий текст."') - 1] == "  bands.8-10.letter.what:"


def test_export_marks_a_translation_fuzzy_when_the_dutch_changed(tmp_path):
    folder = _copy_lessons(tmp_path)
    lesson = folder / "grooming.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("Niet iedereen is wie hij zegt", "Niet iedereen is wie hij zegt te zijn", 1),
                      encoding="utf-8")
    out = tmp_path / "uk.xlf"
    result = CliRunner().invoke(main, ["translate", "export", "--lessons", str(folder), "--lang", "uk",
                                       "--lesson", "grooming", "--format", "xliff", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 fuzzy" in result.output
    xliff = out.read_text(encoding="utf-8")
    unit = xliff[xliff.index('<unit id="grooming:title">'):]
    unit = unit[:unit.index("</unit>")]
    assert 'state="initial"' in unit and "Не кожен є тим" in unit
    po_result = CliRunner().invoke(main, ["translate", "export", "--lessons", str(folder), "--lang", "uk",
                                          "--lesson", "grooming", "--out", str(tmp_path / "uk.po")])
    po = (tmp_path / "uk.po").read_text(encoding="utf-8")
    assert po_result.exit_code == 0
    assert po[:po.index('msgctxt "grooming:title"')].rstrip().endswith("#, fuzzy")


def test_export_refuses_a_kit_language():
    result = CliRunner().invoke(main, ["translate", "export", "--lessons", str(LESSONS), "--lang", "nl"])
    assert result.exit_code == 1
    assert "--lang nl: not a letter language" in result.output


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


def test_a_fourth_kit_language_in_the_data_builds_a_full_kit(tmp_path):
    import yaml

    folder = tmp_path / "lessons"
    folder.mkdir()
    for source in (LESSONS.parent / "tests" / "fixtures" / "tiny").glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        (folder / source.name).write_text(yaml.safe_dump(_with_german(data), allow_unicode=True), encoding="utf-8")
    languages = (LESSONS / "languages.yaml").read_text(encoding="utf-8")
    german = "  - code: de\n    tag: de-DE\n    name: German\n    native: Deutsch\n    purpose: kit\n"
    (folder / "languages.yaml").write_text(languages.replace("  - code: tr\n", german + "  - code: tr\n"),
                                           encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(folder), "--out", str(out), "--lang", "de", "-q"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    from kitgen.renderers import KINDS

    german_kinds = {a["kind"] for a in manifest["artifacts"] if a["lang"] == "de"}
    assert german_kinds == set(KINDS)  # slides, worksheet, answers and the letters
    worksheet = next(out.rglob("*-de-worksheet.pdf"))
    text = subprocess.run(["pdftotext", str(worksheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "(de)" in text  # the lesson's German texts; the kit words are English until a de.po exists
    letter = next(out.rglob("*-de-letter-text.txt")).read_text(encoding="utf-8")
    assert "(de)" in letter and "Dear parent or carer" in letter  # English letter words until letter-words.de.j2


def test_check_report_shows_coverage_per_letter_language():
    result = CliRunner().invoke(main, ["check", "--report", "--lessons", str(LESSONS)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("uk "))
    translated, fuzzy, missing = (int(n) for n in row.split()[2:5])
    assert row.split()[1] == "draft" and translated > 0 and fuzzy == 0 and missing >= 0


def test_kit_words_come_from_the_catalogues_with_plural_forms():
    from kitgen.i18n import Labels

    nl, en = Labels("nl"), Labels("en")
    assert nl("mutual_friends", count=1) == "1 gezamenlijke vriend"
    assert nl("mutual_friends", count=2) == "2 gezamenlijke vrienden"
    assert en("mutual_friends", count=1) == "1 mutual friend"
    assert en("mutual_friends", count=0) == "0 mutual friends"
    assert nl("page", page=1, pages=2) == "Pagina 1 van 2"
    assert Labels("xx")("page", page=1, pages=2) == "Page 1 of 2"  # no catalogue: gettext's English fallback
