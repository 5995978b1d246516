"""The school profile's languages come from the languages data: a closing line in any of them, checked in its font."""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.errors import ValidationError
from kitgen.school import load_school, profile_languages
from tests.conftest import SCHOOL_YAML, with_german

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LESSONS = PROJECT_ROOT / "lessons"
ASSETS = PROJECT_ROOT / "assets"
FONTS = ASSETS / "fonts"
GOOD = SCHOOL_YAML
ARABIC_LINE = "مع خالص التقدير،"  # "with sincere appreciation": not the Arabic letter's default closing line
GERMAN = "  - code: de\n    tag: de-DE\n    name: German\n    native: Deutsch\n    purpose: kit\n"


@pytest.fixture
def profile(tmp_path):
    def write(text: str) -> Path:
        path = tmp_path / "school.yaml"
        path.write_text(GOOD + text, encoding="utf-8")
        return path

    return write


def _problems(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_school(path, FONTS, **kwargs)
    return [str(problem) for problem in info.value.problems]


def _german_languages(folder: Path) -> Path:
    """A lessons folder's languages.yaml with German as a third kit language (no code knows German)."""
    folder.mkdir(exist_ok=True)
    text = (LESSONS / "languages.yaml").read_text(encoding="utf-8")
    (folder / "languages.yaml").write_text(text.replace("  - code: tr\n", GERMAN + "  - code: tr\n"), encoding="utf-8")
    return folder


def test_a_signature_in_letter_languages_loads_checked_in_their_fonts(profile):
    school = load_school(profile(f'signature: {{nl: "Groet,", en: "Regards,", tr: "Saygılarımla,", ar: "{ARABIC_LINE}"}}\n'),
                         FONTS)
    assert school.signature_for("tr") == "Saygılarımla," and school.signature_for("ar") == ARABIC_LINE
    assert school.warnings == ()  # every kit language has its line; draft letter languages are not asked for


def test_a_signature_in_letter_languages_only_warns_about_the_kit_languages(profile):
    school = load_school(profile(f'signature: {{tr: "Saygılarımla,", ar: "{ARABIC_LINE}"}}\n'), FONTS)
    assert [str(w) for w in school.warnings] == [
        f"{school.signature.pos}: 'signature' is written in Turkish, Arabic only, so the {name} letters use the default "
        "closing line; write signature: {nl: ..., en: ..., tr: ..., ar: ...} to give every language its own"
        for name in ("Dutch", "English")
    ]
    # a letter language being built is asked for too; the other letter languages are not
    built = load_school(profile('signature: {nl: "Groet,", en: "Regards,"}\n'), FONTS, built=("nl", "pl"))
    assert [w.message.split(",")[0] for w in built.warnings] == ["'signature' is written in Dutch"]
    assert "so the Polish letters use the default" in built.warnings[0].message


def test_an_unknown_signature_language_names_the_known_ones(profile):
    path = profile('signature: {nl: "Groet,", xx: "Hm,"}\n')
    assert _problems(path) == [
        f"{path}:7:27: unknown language 'xx' in 'signature'; kits and letters are made in nl, en, tr, ar, pl, uk"
    ]


def test_a_signature_line_must_be_printable_in_its_languages_font(profile):
    # Arabic letters are printed in Noto Sans Arabic (with Liberation Sans for Latin runs); Dutch ones have no Arabic
    path = profile(f'signature: {{nl: "{ARABIC_LINE}", ar: "{ARABIC_LINE} Juf Sanne"}}\n')
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:7:17: 'م' (U+0645 ARABIC LETTER MEEM)")
    assert problems[0].endswith("cannot be printed in the Dutch letter's font Liberation Sans; replace or remove it")
    written_once = profile('language: ar\nsignature: "Groet ☺︎"\n')
    assert any("cannot be printed in the Arabic letter's font Noto Sans Arabic (with Liberation Sans for Latin)" in p
               for p in _problems(written_once)), _problems(written_once)


def test_a_kit_language_added_in_the_data_is_accepted_with_no_code_change(profile, tmp_path):
    folder = _german_languages(tmp_path / "lessons")
    languages = profile_languages(folder, ASSETS)
    school = load_school(profile('signature: {nl: "Groet,", en: "Regards,", de: "Mit freundlichen Grüßen,"}\n'),
                         FONTS, languages)
    assert school.signature_for("de") == "Mit freundlichen Grüßen,"
    assert school.warnings == ()
    dutch_only = load_school(profile('signature: "Groet,"\n'), FONTS, languages)
    assert [w.message.split(" letters")[0][-9:] for w in dutch_only.warnings] == ["e English", "he German"]
    # the built-in data knows no German
    assert "unknown language 'de'" in _problems(profile('signature: {de: "Grüße,"}\n'))[0]
    assert "'language' must be one of nl, en, de, tr, ar, pl, uk" in _problems(profile("language: fr\n"), languages=languages)[0]


def test_check_reads_the_lessons_folders_languages_for_the_profile(profile, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    for source in (PROJECT_ROOT / "tests" / "fixtures" / "tiny").glob("*.yaml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        (folder / source.name).write_text(yaml.safe_dump(with_german(data), allow_unicode=True), encoding="utf-8")
    _german_languages(folder)
    path = profile('signature: {nl: "Groet,", en: "Regards,", de: "Mit freundlichen Grüßen,"}\n')
    result = CliRunner().invoke(main, ["check", "--lessons", str(folder), "--school", str(path)])
    assert result.exit_code == 0, result.output
    assert "signature" not in result.output
    builtin = CliRunner().invoke(main, ["check", "--school", str(path)])
    assert builtin.exit_code == 1 and "unknown language 'de' in 'signature'" in builtin.output


def test_the_arabic_letter_prints_the_schools_arabic_closing_line(profile, tmp_path):
    path = profile(f'signature: {{nl: "Hartelijke groet,", en: "Kind regards,", ar: "{ARABIC_LINE}"}}\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--school", str(path), "--out", str(out), "--lesson", "grooming",
                                       "--band", "10-12", "--lang", "ar", "-q"])
    assert result.exit_code == 0, result.output
    pdf = next(out.rglob("*-ar-letter.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    plain = unicodedata.normalize("NFKC", text)
    plain = "".join(ch for ch in plain if ch not in "\u202a\u202b\u202c\u200e\u200f")
    assert ARABIC_LINE in plain and "مع أطيب التحيات" not in plain  # the school's line, not the default
    assert ARABIC_LINE in next(out.rglob("*-ar-letter-text.txt")).read_text(encoding="utf-8")
