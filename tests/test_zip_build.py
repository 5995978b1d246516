"""build --zip: one zip per kit, files flat with a read-me, in the manifest as kind zip, the same bytes each time."""
from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from kitgen.cli import main
from kitgen.renderers import KINDS

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"
ONE_KIT_BOTH_LANGS = ["--lessons", str(LESSONS), "--lesson", "grooming", "--band", "10-12", "-j", "1",
                      "--lang", "nl", "--lang", "en"]


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_one_zip_per_kit_with_its_files_and_a_readme(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *ONE_KIT_BOTH_LANGS, "--out", str(out), "--zip"])
    assert result.exit_code == 0, result.output
    zips = [a for a in _manifest(out)["artifacts"] if a["kind"] == "zip"]
    assert sorted(a["path"] for a in zips) == ["grooming-10-12-en.zip", "grooming-10-12-nl.zip"]
    for entry in zips:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        archive = zipfile.ZipFile(out / entry["path"])
        assert archive.testzip() is None
        kit_files = [a for a in _manifest(out)["artifacts"] if a["lang"] == entry["lang"] and a["kind"] != "zip"]
        readme = "LEESMIJ.txt" if entry["lang"] == "nl" else "README.txt"
        assert archive.namelist()[0] == readme
        assert sorted(archive.namelist()[1:]) == sorted(Path(a["path"]).name for a in kit_files)
        assert len(kit_files) == len(KINDS)
        for kit_file in kit_files:
            assert archive.read(Path(kit_file["path"]).name) == (out / kit_file["path"]).read_bytes()
        text = archive.read(readme).decode("utf-8")
        assert all(Path(a["path"]).name in text for a in kit_files)
    english = zipfile.ZipFile(out / "grooming-10-12-en.zip").read("README.txt").decode("utf-8")
    assert "Worksheet for pupils" in english and "For the teacher only" in english


def test_zips_are_reproducible_and_kept_when_nothing_changed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert CliRunner().invoke(main, ["build", *ONE_KIT_BOTH_LANGS, "--out", str(out), "--zip", "-q"]).exit_code == 0
    assert (first / "grooming-10-12-nl.zip").read_bytes() == (second / "grooming-10-12-nl.zip").read_bytes()
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()
    again = CliRunner().invoke(main, ["build", *ONE_KIT_BOTH_LANGS, "--out", str(first), "--zip"])
    assert again.output.startswith(f"Made 0 files, {2 * len(KINDS) + 2} already up to date"), again.output  # + 2 zips


def test_a_school_names_the_zip_and_a_build_without_zip_removes_the_old_ones(tmp_path):
    school = tmp_path / "school"
    shutil.copytree(PROJECT_ROOT / "examples", school)
    out = tmp_path / "out"
    args = ["build", "--lessons", str(LESSONS), "--lesson", "grooming", "--band", "10-12", "-j", "1",
            "--out", str(out), "--lang", "nl", "-q"]
    assert CliRunner().invoke(main, [*args, "--zip", "--school", str(school / "school.yaml")]).exit_code == 0
    assert (out / "grooming-10-12-nl-basisschool-de-regenboog.zip").is_file()
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not list(out.glob("*.zip"))
    assert not [a for a in _manifest(out)["artifacts"] if a["kind"] == "zip"]


def test_a_zip_of_draft_letters_says_so_in_its_readme(tmp_path):
    out = tmp_path / "out"
    args = ["build", "--lessons", str(LESSONS), "--lesson", "grooming", "--band", "10-12", "-j", "1", "--lang", "tr",
            "--out", str(out), "--zip", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out / "grooming-10-12-tr.zip")
    readme = archive.read("README.txt").decode("utf-8").split("\r\n")
    letters = [name for name in archive.namelist() if name != "README.txt"]
    assert len(letters) == 4
    for name in letters:
        assert readme[readme.index(name) + 2].startswith("    Draft translation, not yet reviewed by a native speaker")
    first = (out / "grooming-10-12-tr.zip").read_bytes()
    again = CliRunner().invoke(main, [*args, "--force"])
    assert again.exit_code == 0 and (out / "grooming-10-12-tr.zip").read_bytes() == first


def test_a_reviewed_translation_remakes_the_zip_without_the_draft_note(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    out = tmp_path / "out"
    args = ["build", "--lessons", str(lessons), "--lesson", "grooming", "--band", "10-12", "-j", "1", "--lang", "pl",
            "--out", str(out), "--zip", "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "Draft translation" in zipfile.ZipFile(out / "grooming-10-12-pl.zip").read("README.txt").decode("utf-8")
    languages = lessons / "languages.yaml"
    text = languages.read_text(encoding="utf-8")
    polish = text.index("  - code: pl\n")
    end = text.index("status: draft", polish) + len("status: draft")
    languages.write_text(text[:polish] + text[polish:end].replace("status: draft", "status: ready") + text[end:],
                         encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Draft translation" not in zipfile.ZipFile(out / "grooming-10-12-pl.zip").read("README.txt").decode("utf-8")
