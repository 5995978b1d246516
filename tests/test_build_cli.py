"""The build command's options and start-up: --jobs, --force, the progress bar, and no heavy imports to check."""
from __future__ import annotations

from pathlib import Path
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.renderers import KINDS

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
HEAVY = ("reportlab", "pptx")


@pytest.mark.parametrize("command", [["--help"], ["check", "--lessons", str(LESSONS)], ["build", "--help"]])
def test_help_and_check_do_not_import_the_document_libraries(command):
    script = (
        "import sys\n"
        "from kitgen.cli import main\n"
        f"try:\n    main({command!r})\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_build_with_nothing_to_do_does_not_import_them_either(tmp_path):
    args = ["build", "--lessons", str(LESSONS), "--out", str(tmp_path), "--lesson", "grooming", "--band", "8-10",
            "--lang", "en", "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    script = (
        "import sys\nfrom kitgen.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_no_progress_bar_when_the_output_is_not_a_terminal(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(LESSONS), "--out", str(tmp_path), "--lesson", "grooming", "--band", "8-10"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Made {2 * len(KINDS)} files, 0 already up to date, in {tmp_path}/ (see {tmp_path}/manifest.json).",
        "note: no --school profile, so the parent letters are not personalised: the printed letter has lines to "
        "write on, the text, HTML and e-mail letters [placeholders] to replace before sending",
    ]


@pytest.mark.parametrize("jobs", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(tmp_path, jobs):
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(tmp_path), "--jobs", jobs])
    assert result.exit_code == 2
    assert "--jobs" in result.output
    assert not any(tmp_path.iterdir())


def test_a_progress_bar_in_a_terminal(tmp_path):
    import os
    import pty

    primary, secondary = pty.openpty()
    args = ["build", "--lessons", str(LESSONS), "--out", str(tmp_path), "--lesson", "grooming", "--band", "8-10"]
    process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "kitgen.py"), *args],
                               stdout=secondary, stderr=secondary, cwd=PROJECT_ROOT)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed: the build is over
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.wait() == 0, shown
    text = shown.decode("utf-8", "replace")
    assert "Making files" in text and f"{2 * len(KINDS)}/{2 * len(KINDS)}" in text
    assert f"Made {2 * len(KINDS)} files" in text
