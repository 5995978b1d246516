"""Draft lessons: checked and named by `kitgen check`, left out of builds with a note; filtered builds."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from kitgen.cli import main

ONE_KIT = ["--lesson", "grooming", "--band", "8-10", "--lang", "en", "-j", "1"]


def _artifact_lessons(out) -> set[str]:
    return {a["lesson"] for a in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]}


def test_a_new_lesson_with_todos_does_not_block_builds(tmp_path, lesson_tree):
    lessons = lesson_tree()
    runner = CliRunner()
    assert runner.invoke(main, ["new", "cyberbullying", "--lessons", str(lessons)]).exit_code == 0

    checked = runner.invoke(main, ["check", "--lessons", str(lessons)])
    assert checked.exit_code == 1  # check reports what is left to do
    assert re.search(r"cyberbullying\.yaml:\d+:\d+: .*still says TODO", checked.output)

    out = tmp_path / "out"
    filtered = runner.invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), *ONE_KIT])
    assert filtered.exit_code == 0, filtered.output
    assert _artifact_lessons(out) == {"grooming"}

    everything = runner.invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), "--lang", "en",
                                      "--band", "8-10", "-j", "1"])
    assert everything.exit_code == 0, everything.output
    notes = [line for line in everything.output.splitlines() if "skipped" in line]
    assert len(notes) == 1
    assert re.fullmatch(r".*cyberbullying\.yaml: skipped the lesson 'cyberbullying' \(status: draft\)", notes[0])
    assert _artifact_lessons(out) == {"grooming", "friend-requests", "sharing-photos"}


def test_todos_alone_make_a_draft(tmp_path, lesson_tree):
    lessons = lesson_tree()
    CliRunner().invoke(main, ["new", "cyberbullying", "--lessons", str(lessons)])
    path = lessons / "cyberbullying.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: ready"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(tmp_path / "o"),
                                       "--band", "8-10", "--lang", "en", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert re.search(r"skipped the lesson 'cyberbullying' \(\d+ TODOs left\)", result.output)


def test_a_valid_draft_is_named_by_check_and_left_out_of_builds(tmp_path, lesson_tree):
    lessons = lesson_tree()
    path = lessons / "grooming.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^version: (.*)$", r"version: \1\nstatus: draft", text, count=1, flags=re.M),
                    encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "--lessons", str(lessons)])
    assert checked.exit_code == 0, checked.output
    assert "grooming.yaml: draft (status: draft); kitgen build leaves it out" in checked.output

    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), "--band", "8-10",
                                      "--lang", "en", "-j", "1"])
    assert built.exit_code == 0, built.output
    assert "grooming" not in _artifact_lessons(out)


def test_a_filtered_build_needs_only_its_own_lesson_valid(tmp_path, lesson_tree):
    lessons = lesson_tree("sharing-photos.yaml", "id: sharing-photos\ntitle: [\n")
    out = tmp_path / "out"
    filtered = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), *ONE_KIT])
    assert filtered.exit_code == 0, filtered.output
    # the other lessons' kits from an earlier build are left alone, not removed
    whole = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(out)])
    assert whole.exit_code == 1
    assert "sharing-photos.yaml:3:1" in whole.output or "sharing-photos.yaml:2" in whole.output
    assert _artifact_lessons(out) == {"grooming"}


def test_kits_of_lessons_a_filtered_build_did_not_load_stay(tmp_path, lesson_tree):
    lessons = lesson_tree()
    out = tmp_path / "out"
    args = ["--band", "8-10", "--lang", "en", "-j", "1"]
    assert CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), *args]).exit_code == 0
    again = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(out), "--lesson", "grooming",
                                      *args])
    assert again.exit_code == 0, again.output
    assert "removed" not in again.output
    assert _artifact_lessons(out) == {"grooming", "friend-requests", "sharing-photos"}
