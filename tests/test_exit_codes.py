"""Exit codes: 0 success, 1 bad input files, 2 command-line mistakes, 130 on Ctrl-C; python3 -m kitgen."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import __version__
from kitgen.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"


@pytest.mark.parametrize("args, message", [
    (["--band", "16-18"], "--band 16-18: no band '16-18'; choose from 8-10, 10-12, 12-14, 14-16"),
    (["--lesson", "nosuch"], "--lesson nosuch: no lesson 'nosuch'; choose from friend-requests, grooming, sharing-photos"),
    (["--lang", "de"], "--lang de: no language 'de'; choose from nl, en, tr, ar, pl, uk"),
    (["--school", "nosuch.yaml"], "'nosuch.yaml' does not exist"),
    (["--templates", "no-such-folder"], "'no-such-folder' does not exist"),
    (["--slides-template", "nosuch.pptx"], "'nosuch.pptx' does not exist"),
    (["--config", "nosuch.toml"], "'nosuch.toml' does not exist"),
    (["--jobs", "0"], "--jobs"),
    (["--no-such-option"], "No such option"),
])
def test_every_command_line_mistake_exits_2_and_says_what_is_valid(tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_input_file_exits_1(tmp_path, lesson_tree):
    lessons = lesson_tree("bands.yaml", "bands: [\n")
    result = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "bands.yaml:2:1: YAML syntax error" in result.output


def test_python_dash_m_kitgen(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kitgen", "--version"], capture_output=True, text=True,
                            cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"kitgen {__version__}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_during_a_build_exits_130_and_changes_nothing(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "KITGEN_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kitgen", "build", "--lessons", str(LESSONS), "--out", str(out), "--force", "-j", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
    )
    deadline = time.monotonic() + 60
    while not any(out.rglob("*.tmp")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)  # until the first file is being written
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted; nothing was changed"
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert not [p for p in out.rglob("*") if p.is_file()] if out.exists() else True
