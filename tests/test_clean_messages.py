"""Odd values give a `file:line:col: message`, never a traceback: sizes, long texts, control characters, dates."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import main
from tests.conftest import SCHOOL_YAML

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
ONE_KIT = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl", "--jobs", "1", "-q")
PROFILE = SCHOOL_YAML


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(tmp_path: Path, lessons: Path, *args: str, env: dict | None = None):
    result = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(tmp_path / "out"),
                                       *ONE_KIT, *args], env=env)
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    return result


@pytest.mark.parametrize("key, value, message", [
    ("slide_body_pt: 28", "slide_body_pt: 0", "bands.yaml:8:20: 'slide_body_pt' is 0; give a number from 12 to 60"),
    ("worksheet_body_pt: 14", "worksheet_body_pt: 0", "'worksheet_body_pt' is 0; give a number from 8 to 24"),
    ("minutes: 45", "minutes: 99999999999999999999", "'minutes' is 99999999999999999999; give a number from 10"),
    ("writing_lines: 6", "writing_lines: 0", "'writing_lines' is 0; give a number from 1 to 12"),
])
def test_band_numbers_out_of_range(lesson_tree, tmp_path, key, value, message, monkeypatch):
    lessons = lesson_tree()
    monkeypatch.chdir(tmp_path)
    _replace(lessons / "bands.yaml", key, value)
    result = _build(tmp_path, lessons)
    assert result.exit_code == 1 and message in result.output, result.output


@pytest.mark.parametrize("old, new, message", [
    ('  nl: "Niet iedereen is wie hij zegt"', '  nl: "' + "Niet iedereen is wie hij zegt " * 6 + '"',
     "grooming.yaml:7:3: the Dutch title is 179 characters long; keep it to 120"),
    ('  nl: "Niet iedereen is wie hij zegt"', '  nl: "Niet \\e[31miedereen"',
     "grooming.yaml:7:7: the Dutch text of 'title' contains the control character U+001B (character 6"),
    ('  nl: "Niet iedereen is wie hij zegt"', '  nl: "Niet\\u0090iedereen"',
     "grooming.yaml:7:7: the Dutch text of 'title' contains the control character U+0090 (character 5"),
    ('  nl: "Niet iedereen is wie hij zegt"', '  nl: "Niet ' + "x" * 2000 + '"',
     "the Dutch text of 'title' has a word of 2000 characters"),
    ('  nl: "Niet iedereen is wie hij zegt"', '  nl: "' + "woord " * 1000 + '"',
     "the Dutch text of 'title' is 6,000 characters long; keep it under 4,000"),
])
def test_lesson_texts_that_cannot_be_printed(lesson_tree, tmp_path, old, new, message, monkeypatch):
    lessons = lesson_tree()
    monkeypatch.chdir(tmp_path)
    _replace(lessons / "grooming.yaml", old, new)
    result = _build(tmp_path, lessons)
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("old, new, message", [
    ('email: "s.devries@school.example"', 'email: "s.devries@school.example?subject=Hoi&body=klik"',
     "'email' must be an e-mail address like name@school.nl"),
    ('email: "s.devries@school.example"', 'email: "s.devries@school.example#x"', "'email' must be an e-mail"),
    ('name: "De Regenboog"', 'name: "' + "De Regenboog " * 20 + '"', "'name' is 259 characters long; keep it to 100"),
    ('class: "groep 7b"', 'class: "' + "groep 7b " * 10 + '"', "'class' is 89 characters long; keep it to 60"),
    ('teacher: "Sanne de Vries"', 'teacher: "Sanne\\tde\\u0007Vries"', "contains the control character U+0007"),
])
def test_school_values_that_cannot_be_used(tmp_path, old, new, message):
    school = tmp_path / "school.yaml"
    school.write_text(PROFILE.replace(old, new), encoding="utf-8")
    result = _build(tmp_path, PROJECT_ROOT / "lessons", "--school", str(school), "--zip")
    assert result.exit_code == 1 and message in result.output, result.output
    assert f"{school}:" in result.output or "school.yaml:" in result.output


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "4400000000", "99999999999999999999", "١٢٣"])
def test_a_source_date_epoch_that_is_not_a_date(tmp_path, value):
    env = {**os.environ, "SOURCE_DATE_EPOCH": value, "PYTHONPATH": str(PROJECT_ROOT),
           "KITGEN_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "kitgen", "build", "--out", str(tmp_path / "out"), *ONE_KIT],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "is not a date kitgen can use; give whole seconds since 1 January 1970" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_last_date_a_zip_can_hold_still_builds(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "4354819199"}
    result = _build(tmp_path, PROJECT_ROOT / "lessons", env=env)
    assert result.exit_code == 0, result.output


def test_a_page_that_cannot_hold_a_text_is_a_clean_error():
    from kitgen.context import BuildContext
    from kitgen.errors import KitgenError
    from kitgen.loader import load_catalog
    from kitgen.renderers import Registry
    from kitgen.rendering import Task, render
    from kitgen.view import make_view

    class LayoutError(Exception):  # what reportlab raises when a flowable is taller than a page
        pass

    class Overflowing:
        kind, suffix = "worksheet", ".pdf"

        def render(self, view, context):
            raise LayoutError("Flowable <Table@0x7F> too large on page 3")

    registry = Registry()
    registry.add(Overflowing())
    catalog = load_catalog(PROJECT_ROOT / "lessons", BuildContext().assets_dir)
    view = make_view(catalog, catalog.lessons[0], "8-10", "nl")
    with pytest.raises(KitgenError, match=r"the worksheet of lesson '.+', band 8-10, language nl does not fit"):
        render(registry, Task(view, "worksheet", ""), BuildContext())
