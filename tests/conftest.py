"""Shared fixtures: the shipped lessons, a full build made once per session, and a tiny-lesson writer."""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
#: A filled-in school profile, as school.yaml holds it.
SCHOOL_YAML = """\
name: "De Regenboog"
teacher: "Sanne de Vries"
class: "groep 7b"
lesson_date: 2026-12-03
email: "s.devries@school.example"
phone: "030 123 45 67"
"""


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Every test's builds keep their catalog cache in a temporary folder, never the user's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KITGEN_CACHE", str(tmp_path_factory.mktemp("cache") / "kitgen"))
        yield


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A full build of the shipped lessons (made once; tests must not change it)."""
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def manifest(built) -> dict:
    return json.loads((built / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def lesson_tree(tmp_path):
    """Copy the shipped lessons folder into tmp_path; return a writer that replaces one file's text."""
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS, root)

    def write(name: str | None = None, text: str | None = None) -> Path:
        if name is not None and text is not None:
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


def with_german(value):
    """A copy of parsed YAML where every text written in nl and en is also written in de."""
    if isinstance(value, dict):
        copied = {key: with_german(item) for key, item in value.items()}
        if {"nl", "en"} <= set(copied) and all(isinstance(copied[k], str) for k in ("nl", "en")):
            copied["de"] = f"{copied['en']} (de)"
        return copied
    if isinstance(value, list):
        return [with_german(item) for item in value]
    return value
