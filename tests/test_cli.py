"""The command line: version, help, exit codes and clean errors."""
from __future__ import annotations

from pathlib import Path
import tomllib

from click.testing import CliRunner

from kitgen import __version__
from kitgen.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from


def test_version_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    result = CliRunner().invoke(main, ["--version"])
    assert result.output.strip() == f"kitgen {__version__}"


def test_every_command_has_help():
    for command in ([], ["build"], ["check"], ["list"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_unknown_filter_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(tmp_path), "--band", "6-8"]
    )
    assert result.exit_code == 2  # a mistake on the command line
    assert "--band 6-8: no band '6-8'; choose from 8-10, 10-12, 12-14, 14-16" in result.output
    assert not any(tmp_path.iterdir())


def test_usage_error_exits_2():
    assert CliRunner().invoke(main, ["build", "--lang", "fr"]).exit_code == 2


def test_bad_lessons_folder_is_exit_1_without_traceback(tmp_path):
    (tmp_path / "bands.yaml").write_text("bands: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bands.yaml:2:1: YAML syntax error" in result.output
