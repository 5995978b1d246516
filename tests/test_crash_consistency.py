"""Killed and concurrent builds: a lock, temporary files removed, workers that end, a journalled commit."""
from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import output
from kitgen.cli import main
from kitgen.folderlock import FolderLock

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"
ONE_KIT = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl")
posix_only = pytest.mark.skipif(os.name != "posix", reason="signals and /proc")


def _command(out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kitgen", "build", "--lessons", str(LESSONS), "--out", str(out), "-q", *args]


def _environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "KITGEN_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(PROJECT_ROOT)}


def assert_consistent(out: Path) -> dict:
    """Every manifest entry matches its file, and nothing of kitgen's own bookkeeping is left."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["artifacts"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"], entry["path"]
    leftovers = [p.name for p in out.rglob(".*")]
    assert not leftovers, leftovers
    return manifest


def _processes_writing_to(out: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(out).encode() in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def test_a_second_build_waits_then_says_another_is_running(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    lock = FolderLock(out)
    lock.acquire()
    try:
        started = time.monotonic()
        result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"])
        waited = time.monotonic() - started
    finally:
        lock.release()
    assert result.exit_code == 1
    assert f"another kitgen build is writing to {out}; wait for it to finish, then build again" in result.output
    assert 4 < waited < 30
    assert not (out / "manifest.json").exists()
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"]).exit_code == 0
    assert_consistent(out)


def test_temporary_files_of_a_killed_build_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"]).exit_code == 0
    kit = out / "nl" / "8-10" / "grooming"
    left = [kit / ".kitgen-tmp.grooming-8-10-nl-slides.pptx.x1y2z3.tmp",
            kit / ".grooming-8-10-nl-worksheet.pdf.a1b2c3d4.tmp"]  # as kitgen named them before
    mine = [kit / ".my-notes.tmp", out / "notes.tmp", kit / ".grooming.pdf.tmp"]
    for path in left + mine:
        path.write_bytes(b"half a file")
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"]).exit_code == 0
    assert not any(p.exists() for p in left)
    assert all(p.read_bytes() == b"half a file" for p in mine)


def test_an_interrupted_commit_is_finished_by_the_next_build(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q", "--jobs", "1"]).exit_code == 0
    real_replace, calls = os.replace, []

    class Killed(BaseException):
        pass

    def dies_half_way(source, target):
        calls.append(target)
        if len(calls) == 4:  # the journal, then two files moved into place
            raise Killed
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", dies_half_way)
    monkeypatch.setattr(output.OutputFolder, "discard", lambda self: None)  # as after SIGKILL: nothing cleaned
    monkeypatch.setattr(output.FolderLock, "release", lambda self: None)
    with pytest.raises(Killed):
        CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "--force", "--jobs", "1"],
                           env={"SOURCE_DATE_EPOCH": "1800000000"}, catch_exceptions=False)
    monkeypatch.undo()
    assert (out / output.JOURNAL).exists()
    (out / ".kitgen-lock").unlink()  # the killed process's lock ended with it
    result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "--jobs", "1"],
                                env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert result.exit_code == 0, result.output
    assert "finished the changes of a build" in result.output
    assert "Made 0 files" in result.output  # the interrupted build's files were all moved into place
    assert_consistent(out)


def test_a_stale_file_that_cannot_be_removed_is_a_warning(tmp_path, lesson_tree, monkeypatch):
    out, lessons = tmp_path / "out", lesson_tree()
    args = ["build", "--lessons", str(lessons), "--out", str(out), "--band", "8-10", "--lang", "nl", "--jobs", "1"]
    assert CliRunner().invoke(main, [*args, "-q"]).exit_code == 0
    (lessons / "grooming.yaml").unlink()
    real_unlink = Path.unlink

    def refuses(self, *a, **k):
        if "grooming-8-10-nl-slides" in self.name:
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, *a, **k)

    monkeypatch.setattr(Path, "unlink", refuses)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "warning: cannot remove the old file" in result.output and "Permission denied" in result.output
    manifest = assert_consistent(out)
    assert [a["kind"] for a in manifest["artifacts"] if a["lesson"] == "grooming"] == ["slides"]  # tried again later
    monkeypatch.undo()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "removed 1 old" in result.output
    assert not [a for a in assert_consistent(out)["artifacts"] if a["lesson"] == "grooming"]


def test_a_hand_edited_manifest_never_removes_a_file_kitgen_did_not_name(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"]).exit_code == 0
    own = out / "nl" / "my-plan.pdf"
    own.write_bytes(b"mine")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["artifacts"].append({"lesson": "gone", "band": "8-10", "lang": "nl", "kind": "slides",
                                  "path": "nl/my-plan.pdf", "sha256": hashlib.sha256(b"mine").hexdigest(),
                                  "bytes": 4, "inputs": ""})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"]).exit_code == 0
    assert own.read_bytes() == b"mine"


@pytest.mark.parametrize("text", ["{", "[]", '{"artifacts": "x"}', '{"artifacts": [1, {"path": 5}]}', "\xff"])
def test_a_malformed_manifest_is_rebuilt_without_a_traceback(tmp_path, text):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(text, encoding="latin-1")
    result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT, "-q"])
    assert result.exit_code == 0, result.output
    assert_consistent(out)


@posix_only
def test_concurrent_builds_with_different_selections_keep_both(tmp_path):
    out = tmp_path / "out"
    env = _environment(tmp_path)
    first = subprocess.Popen(_command(out, "--lesson", "grooming", "--band", "8-10", "--lang", "nl", "--jobs", "1"),
                             env=env, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(_command(out, "--lesson", "grooming", "--band", "8-10", "--lang", "en", "--jobs", "1"),
                              env=env, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=120), p.stderr.read()) for p in (first, second)]
    for code, errors in results:
        assert code == 0 or "another kitgen build is writing to" in errors, errors
        assert "Traceback" not in errors
    manifest = assert_consistent(out)
    langs = {a["lang"] for a in manifest["artifacts"]}
    assert langs == {lang for (code, _), lang in zip(results, ("nl", "en")) if code == 0}


@posix_only
def test_builds_killed_at_random_moments_leave_a_consistent_folder(tmp_path):
    out, env = tmp_path / "out", _environment(tmp_path)
    args = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl", "--jobs", "2", "--force")
    started = time.monotonic()
    assert subprocess.run(_command(out, *args), env=env, timeout=120).returncode == 0
    duration = time.monotonic() - started
    chance = random.Random(17)
    deadline = time.monotonic() + 90  # bounded in time: on a busy machine fewer kills, never fewer than 10
    kills = 0
    while kills < 20 and time.monotonic() < deadline:
        build = subprocess.Popen(_command(out, *args), env=env, stderr=subprocess.PIPE)
        time.sleep(chance.uniform(0, duration * 1.1))
        build.send_signal(signal.SIGKILL)
        build.wait()
        kills += 1
        if kills % 5 == 0:  # now and then, a build that runs to the end must repair what the kills left
            result = subprocess.run(_command(out, *args[:-1]), env=env, timeout=120, capture_output=True, text=True)
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
            assert_consistent(out)
    assert kills >= 10
    time.sleep(1.5)  # workers notice within half a second that their parent is gone
    assert _processes_writing_to(out) == []
    result = subprocess.run(_command(out, *args[:-1]), env=env, timeout=120, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_consistent(out)
