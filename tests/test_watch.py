"""Live rebuilds: one rebuild per save, problems printed, watching goes on after them."""
from __future__ import annotations

import threading
import time

from kitgen.errors import Pos, Problem, ValidationError
from kitgen.watch import watch


def _start(tmp_path, rebuild):
    lines: list[str] = []
    stop = threading.Event()
    out = tmp_path / "output"
    out.mkdir()
    thread = threading.Thread(
        target=watch, args=([tmp_path], rebuild), kwargs={"ignore": [out], "echo": lines.append, "stop": stop}
    )
    thread.start()
    return lines, stop, thread, out


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_save_rebuilds_once_and_output_changes_do_not(tmp_path):
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text("id: a\n", encoding="utf-8")
    calls = []

    def rebuild():
        calls.append(time.monotonic())
        return f"Made {len(calls)} files"

    lines, stop, thread, out = _start(tmp_path, rebuild)
    try:
        assert _wait_for(lambda: any(line.startswith("Watching") for line in lines))
        time.sleep(0.3)  # let the watcher start before the first change
        (out / "deck.pptx").write_bytes(b"made by the build")
        lesson.write_text("id: b\n", encoding="utf-8")
        assert _wait_for(lambda: len(calls) == 2)
        time.sleep(1.0)  # no second rebuild for the same save, none for the output folder
        assert len(calls) == 2
        assert "Changed: lesson.yaml" in lines and lines[-1] == "Made 2 files"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_problems_are_printed_and_watching_goes_on(tmp_path):
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text("id: a\n", encoding="utf-8")
    results = iter([ValidationError([Problem(Pos("lesson.yaml", 3, 7), "a tab at column 7; use spaces to indent")]), "Made 6 files"])

    def rebuild():
        result = next(results)
        if isinstance(result, Exception):
            raise result
        return result

    lines, stop, thread, _ = _start(tmp_path, rebuild)
    try:
        assert _wait_for(lambda: any(line.startswith("Watching") for line in lines))
        assert "lesson.yaml:3:7: a tab at column 7; use spaces to indent" in lines[0]
        assert lines[0].endswith("1 problem found; waiting for the next save.")
        time.sleep(0.3)
        lesson.write_text("id: fixed\n", encoding="utf-8")
        assert _wait_for(lambda: lines[-1] == "Made 6 files")
    finally:
        stop.set()
        thread.join(timeout=10)


def test_build_watch_rebuilds_on_a_save_and_stops_on_ctrl_c(tmp_path):
    import os
    import shutil
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from kitgen.renderers import KINDS

    lessons = tmp_path / "lessons"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", lessons)
    command = [sys.executable, "-m", "kitgen", "build", "--watch", "--lessons", str(lessons),
               "--out", str(tmp_path / "out"), "--lang", "nl", "--band", "8-10", "--jobs", "1"]
    env = {**os.environ, "KITGEN_CACHE": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: any(line.startswith("Watching") for line in lines), 120), lines
        assert any(line.startswith(f"Made {len(KINDS)} files") for line in lines), lines
        time.sleep(0.5)
        lesson = lessons / "tiny.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Leg uit.", "Leg het uit."), encoding="utf-8")
        assert _wait_for(lambda: any(line.startswith("Changed: tiny.yaml") for line in lines), 60), lines
        assert _wait_for(lambda: sum(line.startswith("Made ") for line in lines) == 2, 120), lines
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    made = [line for line in lines if line.startswith("Made ")]
    assert len(made) == 2 and made[1].startswith(f"Made {len(KINDS)} files"), made  # every kind is made from the lesson
