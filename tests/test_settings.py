"""kitgen.toml, kitgen config and kitgen init: which value wins, where it came from, and clean errors."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from kitgen import builtin
from kitgen.cli import main
from kitgen.settings import find_config, resolve

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"


def _toml(folder: Path, text: str) -> Path:
    path = folder / "kitgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_line_wins_over_kitgen_toml_which_wins_over_defaults(tmp_path, monkeypatch):
    _toml(tmp_path, f'lessons = "{LESSONS.as_posix()}"\nout = "kits"\nlangs = ["nl"]\njobs = 1\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found in a folder above, like pyproject.toml
    settings = resolve({"out": Path("mine"), "langs": ()})
    assert settings.out == Path("mine") and settings.origin["out"] == "command line"
    assert settings.langs == ("nl",) and settings.origin["langs"] == f"{tmp_path / 'kitgen.toml'}:3"
    assert settings.jobs == 1 and settings.bands == () and settings.origin["bands"] == "default"
    assert settings.lessons == LESSONS and settings.origin["lessons"] == f"{tmp_path / 'kitgen.toml'}:1"

    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert lines["langs"].endswith(f"# {tmp_path / 'kitgen.toml'}:3") and "= nl " in lines["langs"]
    assert lines["school"].endswith("# default")


def test_a_build_uses_kitgen_toml_and_its_paths_are_relative_to_it(tmp_path, monkeypatch):
    _toml(tmp_path, f'lessons = "{LESSONS.as_posix()}"\nout = "kits"\nlangs = ["en"]\nbands = ["12-14"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--lesson", "grooming", "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "kits" / "manifest.json").read_text(encoding="utf-8"))
    assert {(a["band"], a["lang"]) for a in manifest["artifacts"]} == {("12-14", "en")}
    # the command line wins: another band into another folder
    result = CliRunner().invoke(main, ["build", "--lesson", "grooming", "--band", "8-10", "--out", "x", "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text(encoding="utf-8"))
    assert {(a["band"], a["lang"]) for a in manifest["artifacts"]} == {("8-10", "en")}


def test_unknown_keys_and_bad_values_are_errors_with_file_and_line(tmp_path, monkeypatch):
    _toml(tmp_path, '# settings\nout = "kits"\nlesson = "lessons"\nlangs = ["de"]\njobs = 0\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 1
    assert "kitgen.toml:3:1: unknown setting 'lesson' (did you mean 'lessons'?)" in result.output
    assert "kitgen.toml:4:1: unknown language 'de'; choose from nl, en, tr, ar, pl, uk" in result.output
    assert "kitgen.toml:5:1: 'jobs' must be a whole number" in result.output


def test_a_band_in_kitgen_toml_that_names_nothing_is_a_file_error(tmp_path, monkeypatch):
    _toml(tmp_path, f'lessons = "{LESSONS.as_posix()}"\nbands = ["16-18"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "kitgen.toml:2:1: no band '16-18'; choose from 8-10, 10-12, 12-14, 14-16" in result.output


def test_a_toml_syntax_error_has_its_line(tmp_path):
    path = _toml(tmp_path, 'out = "kits"\nlangs = [\n')
    result = CliRunner().invoke(main, ["config", "--config", str(path)])
    assert result.exit_code == 1
    assert "kitgen.toml:" in result.output and "Traceback" not in result.output


def test_without_settings_the_lessons_are_the_folder_here_or_the_built_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config() is None or not find_config().is_relative_to(tmp_path)
    assert resolve({}, find=False).lessons == builtin.lessons_dir()
    (tmp_path / "lessons").mkdir()
    assert resolve({}, find=False).lessons == Path("lessons")


def test_init_writes_a_starting_folder_and_never_overwrites(tmp_path, monkeypatch):
    folder = tmp_path / "school"
    result = CliRunner().invoke(main, ["init", str(folder), "--with-lessons"])
    assert result.exit_code == 0, result.output
    config = tomllib.loads((folder / "kitgen.toml").read_text(encoding="utf-8"))
    assert config == {"lessons": "lessons", "out": "output"}
    assert sorted(p.name for p in (folder / "lessons").glob("*.yaml")) == sorted(p.name for p in LESSONS.glob("*.yaml"))
    # the letter languages' translations come along, so the copied lessons still make tr/ar/pl/uk letters
    assert sorted(p.name for p in (folder / "lessons" / "translations").iterdir()) == \
        sorted(p.name for p in (LESSONS / "translations").glob("*.yaml"))
    assert "TODO" in (folder / "school.yaml").read_text(encoding="utf-8")

    (folder / "school.yaml").write_text("name: mine\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["init", str(folder), "--with-lessons"])
    assert again.exit_code == 0
    assert "kept " in again.output and "wrote" not in again.output
    assert (folder / "school.yaml").read_text(encoding="utf-8") == "name: mine\n"

    monkeypatch.chdir(folder)
    shown = CliRunner().invoke(main, ["config"])
    assert "# kitgen.toml:4" in shown.output.splitlines()[1]  # lessons, from the file init wrote
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_the_school_file_init_writes_is_reported_until_filled_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    result = CliRunner().invoke(main, ["build", "--school", "school.yaml", "--lesson", "grooming", "--out", "o"])
    assert result.exit_code == 1
    assert "school.yaml:3:" in result.output and "TODO" in result.output


def test_new_in_an_empty_folder_starts_lessons_there_with_the_built_in_bands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "cyberbullying"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "lessons" / "cyberbullying.yaml").read_text(encoding="utf-8")
    assert "status: draft" in text and "8-10" in text  # the built-in bands
    assert sorted(p.name for p in (tmp_path / "lessons").iterdir()) == ["cyberbullying.yaml"]
    checked = CliRunner().invoke(main, ["check"])  # ./lessons now, with the built-in bands and resources
    assert checked.exit_code == 1 and "cyberbullying.yaml" in checked.output and "bands.yaml" not in checked.output


def test_a_missing_school_named_in_kitgen_toml_is_a_file_error_with_its_line(tmp_path, monkeypatch):
    _toml(tmp_path, f'lessons = "{LESSONS.as_posix()}"\n\nschool = "nosuch.yaml"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--lesson", "grooming", "--out", "o"])
    assert result.exit_code == 1
    assert f"kitgen.toml:3:1: school: no such file or folder {tmp_path / 'nosuch.yaml'}" in result.output
    assert not (tmp_path / "o").exists()
