"""The school profile: the example loads; every mistake is reported with its file, line and column."""
from __future__ import annotations

from pathlib import Path
import datetime as dt
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.errors import ValidationError
from kitgen.school import load_school
from tests.conftest import SCHOOL_YAML

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

EXAMPLE = PROJECT_ROOT / "examples" / "school.yaml"
FONTS = PROJECT_ROOT / "assets" / "fonts"

GOOD = SCHOOL_YAML


@pytest.fixture
def profile(tmp_path):
    """Write a profile (and the example logo next to it) into tmp_path/school; return a writer."""
    folder = tmp_path / "school"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "examples" / "logo.png", folder / "logo.png")

    def write(text: str):
        path = folder / "profile.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _problems(path, fonts_dir=None) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_school(path, fonts_dir)
    return [str(p) for p in info.value.problems]


def test_the_example_profile_loads():
    school = load_school(EXAMPLE)
    assert school.name == "Basisschool De Regenboog"
    assert school.class_name == "groep 7b"
    assert school.lesson_date == dt.date(2026, 12, 3)
    assert school.logo == (PROJECT_ROOT / "examples" / "logo.png").resolve()
    assert school.signature["nl"] != school.signature["en"]


def test_a_signature_written_once_is_for_the_profiles_language_only_and_warns_for_the_other(profile):
    school = load_school(profile(GOOD + 'signature: "Groetjes,"\n'))
    assert (school.signature_for("nl"), school.signature_for("en")) == ("Groetjes,", None)
    assert school.logo is None
    assert [str(w) for w in school.warnings] == [
        f"{school.signature.pos}: 'signature' is written in Dutch only, so the English letters use the default "
        "closing line; write signature: {nl: ..., en: ...} to give every language its own"
    ]
    english = load_school(profile(GOOD + 'language: en\nsignature: "Best wishes,"\n'))
    assert (english.signature_for("nl"), english.signature_for("en")) == (None, "Best wishes,")
    assert "written in English only" in str(english.warnings[0])


def test_a_signature_in_some_languages_keeps_the_default_for_the_rest(profile):
    school = load_school(profile(GOOD + 'signature: {nl: "Hartelijke groet,"}\n'))
    assert (school.signature_for("nl"), school.signature_for("en")) == ("Hartelijke groet,", None)
    assert len(school.warnings) == 1
    both = load_school(profile(GOOD + 'signature: {nl: "Groet,", en: "Regards,"}\n'))
    assert both.warnings == ()


def test_an_unknown_profile_language_is_refused(profile):
    assert _problems(profile(GOOD + "language: de\n")) == [
        f"{profile(GOOD + 'language: de').parent / 'profile.yaml'}:7:11: 'language' must be one of nl, en, tr, ar, pl, uk, not 'de'"
    ]


def test_check_and_build_warn_about_a_signature_in_one_language(profile, tmp_path):
    path = profile(GOOD + 'signature: "Groetjes,"\n')
    result = CliRunner().invoke(main, ["check", "--school", str(path)])
    assert result.exit_code == 0 and "warning: 'signature' is written in Dutch only" in result.output
    strict = CliRunner().invoke(main, ["check", "--strict", "--school", str(path)])
    assert strict.exit_code == 1
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", "--school", str(path), "--out", str(out), "--lesson", "grooming",
                                      "--band", "8-10", "-q"])
    assert built.exit_code == 0 and "written in Dutch only" in built.output
    english = (out / "en" / "8-10" / "grooming" / "grooming-8-10-en-letter-text.txt").read_text(encoding="utf-8")
    dutch = (out / "nl" / "8-10" / "grooming" / "grooming-8-10-nl-letter-text.txt").read_text(encoding="utf-8")
    assert "Groetjes," in dutch and "Groetjes," not in english and "Kind regards," in english


def test_unknown_keys_and_a_malformed_date_are_reported_together(profile):
    path = profile(GOOD.replace("2026-12-03", "3-12-2026") + "colour: blue\n")
    problems = _problems(path)
    assert any(p.endswith("profile.yaml:4:14: 'lesson_date' must be a date written as YYYY-MM-DD, not '3-12-2026'")
               for p in problems), problems
    assert any(p.endswith("profile.yaml:7:1: unknown key 'colour' in the school profile; the keys here are name, "
                          "teacher, lesson_date, email, phone, letter_date, logo, address, class, signature")
               for p in problems), problems


def test_class_is_required(profile):
    problems = _problems(profile(GOOD.replace('class: "groep 7b"\n', "")))
    assert any(p.endswith("profile.yaml:1:1: the school profile is missing the required key 'class'") for p in problems)


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("missing.png", "logo 'missing.png' does not exist in"),
        ("../outside.png", "logo '../outside.png' must be a file inside the profile's folder"),
        ("/etc/hostname", "logo '/etc/hostname' must be a file inside the profile's folder"),
        ("profile.yaml", "logo 'profile.yaml' must be a PNG or JPEG image"),
    ],
)
def test_a_bad_logo_is_reported_at_its_line(profile, tmp_path, logo, message):
    shutil.copy(PROJECT_ROOT / "examples" / "logo.png", tmp_path / "outside.png")
    problems = _problems(profile(GOOD + f'logo: "{logo}"\n'))
    assert len(problems) == 1 and ":7:7: " + message in problems[0], problems


def test_a_bad_email_and_an_empty_name_are_refused(profile):
    problems = _problems(profile(GOOD.replace('"De Regenboog"', '" "').replace("s.devries@school.example", "sanne")))
    assert any(p.endswith(":1:7: 'name' is empty; write a value") for p in problems), problems
    assert any(":5:8: 'email' must be an e-mail address" in p for p in problems), problems


def test_the_cli_writes_nothing_for_a_bad_profile(profile, tmp_path):
    path = profile(GOOD + "logo: missing.png\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(out),
                                       "--school", str(path)])
    assert result.exit_code == 1
    assert "profile.yaml:7:7: logo 'missing.png' does not exist" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_address_is_one_line_of_plain_text(profile):
    school = load_school(profile(GOOD + 'address: "  Voorbeeldstraat 12,   1234 AB  Utrecht "\n'), FONTS)
    assert school.address == "Voorbeeldstraat 12, 1234 AB Utrecht"
    assert load_school(profile(GOOD)).address is None
    problems = _problems(profile(GOOD + "address: |\n  Voorbeeldstraat 12\n  1234 AB Utrecht\n"))
    assert any(p.endswith("profile.yaml:7:10: 'address' must be one line, such as \"Voorbeeldstraat 12, 1234 AB "
                          "Utrecht\"; separate its parts with commas") for p in problems), problems
    problems = _problems(profile(GOOD + f'address: "{"x" * 101}"\n'))
    assert any(p.endswith("profile.yaml:7:10: 'address' is 101 characters long; keep it to 100") for p in problems)
    problems = _problems(profile(GOOD + 'address: " "\n'))
    assert any(p.endswith("profile.yaml:7:10: 'address' is empty; write the school's address on one line or leave "
                          "the key out") for p in problems), problems
    problems = _problems(profile(GOOD + 'address: "Dorpsplein 1 🏫"\n'), FONTS)
    assert any(":7:10: '🏫' (U+1F3EB SCHOOL) cannot be printed" in p for p in problems), problems


def test_characters_the_pdf_font_lacks_are_refused(profile):
    path = profile(GOOD.replace('"De Regenboog"', '"De Regenboog 🌈"') + 'signature: {nl: "Groet ☺︎", en: "Bye"}\n')
    problems = _problems(path, FONTS)
    assert any(p.endswith("profile.yaml:1:7: '🌈' (U+1F308 RAINBOW) cannot be printed in the letter's font "
                          "Liberation Sans; replace or remove it") for p in problems), problems
    assert any(":7:17: " in p for p in problems), problems
    assert load_school(profile(GOOD), FONTS).teacher == "Sanne de Vries"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["name", "teacher", "class", "lesson_date", "email", "phone", "logo", "signature", "address",
                         "x"]),
    value=st.one_of(
        st.text(max_size=20),
        st.sampled_from(["", "~", "[a, b]", "{nl: a}", "{nl: a, en: b}", "2026-02-30", "logo.png", "\\0", "&a *a"]),
    ),
)
def test_any_value_gives_a_profile_or_clean_problems(profile, key, value):
    lines = [line for line in GOOD.splitlines() if not line.startswith(f"{key}:")]
    path = profile("\n".join([*lines, f"{key}: {value}"]) + "\n")
    try:
        load_school(path, FONTS)
    except ValidationError as error:
        assert error.problems and all(str(p).startswith(f"{path}:") for p in error.problems)


def test_profile_and_lesson_problems_are_reported_together(profile, lesson_tree, tmp_path):
    lessons = lesson_tree("bands.yaml", "bands: [\n")
    path = profile(GOOD + "colour: blue\n")
    result = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(tmp_path / "out"),
                                       "--school", str(path)])
    assert result.exit_code == 1
    assert "profile.yaml:7:1: unknown key 'colour' in the school profile" in result.output
    assert "bands.yaml:2:1: YAML syntax error" in result.output
    assert not (tmp_path / "out").exists()
