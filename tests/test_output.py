"""A safe build: on any error the previous output stays as it was, no temporary file is left, errors are clean."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import output, rendering
from kitgen.build import Selection, build
from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.fingerprint import library_versions
from kitgen.loader import load_catalog
from kitgen.renderers import KINDS, Registry, default_registry

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
ONE_KIT = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl")
ONE_BAND = Selection(lessons=("grooming",), bands=("8-10",))


def previous_build(out: Path, *selection: str) -> dict[str, tuple[bytes, int]]:
    """Build into ``out`` and return every file below it with its bytes and modification time."""
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "-q", *selection])
    assert result.exit_code == 0, result.output
    return snapshot(out)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file with its bytes and modification time, and every folder (whose times staging may touch)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else (b"", 0)
        for p in folder.rglob("*")
    }


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp")]


class FailingRenderer:
    """A renderer that fails for English kits, after the Dutch ones rendered fine."""

    def __init__(self, inner, error: type[BaseException]):
        self.kind, self.suffix, self._inner, self._error = inner.kind, inner.suffix, inner, error

    def render(self, view, context):
        if view.lang == "en":
            raise self._error("renderer broke")
        return self._inner.render(view, context)


def failing_registry(error: type[BaseException] = RuntimeError) -> Registry:
    registry = Registry()
    for renderer in default_registry():
        registry.add(FailingRenderer(renderer, error) if renderer.kind == "answers" else renderer)
    return registry


@pytest.mark.parametrize(
    "jobs, error", [(1, RuntimeError), (2, RuntimeError), (1, KeyboardInterrupt), (2, KitgenError)]
)
def test_a_renderer_failing_midway_leaves_the_previous_output(tmp_path, jobs, error):
    before = previous_build(tmp_path, "--lesson", "grooming", "--band", "8-10")
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    with pytest.raises(error, match="renderer broke"):
        build(catalog, failing_registry(error), tmp_path, ONE_BAND, BuildContext(),
              lessons_dir=LESSONS, jobs=jobs, force=True)
    assert snapshot(tmp_path) == before
    assert not leftovers(tmp_path)


def test_a_failed_first_build_leaves_no_files_or_folders(tmp_path):
    out = tmp_path / "new"
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    with pytest.raises(RuntimeError):
        build(catalog, failing_registry(), out, ONE_BAND, BuildContext(), lessons_dir=LESSONS)
    assert not out.exists() or not any(out.iterdir())


def test_a_full_disk_gives_a_clean_error_and_keeps_the_old_output(tmp_path, monkeypatch):
    before = previous_build(tmp_path, *ONE_KIT)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self._handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self._handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(LESSONS), "--out", str(tmp_path), "--force", "--jobs", "1", *ONE_KIT]
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert snapshot(tmp_path) == before
    assert not leftovers(tmp_path)


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 1 MB tmpfs, when this machine lets us mount one."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.decode().strip() or 'not permitted'}); "
                    "test_a_full_disk_gives_a_clean_error_and_keeps_the_old_output covers it by fault injection")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_filesystem_keeps_the_old_output(tiny_tmpfs):
    out = tiny_tmpfs / "out"
    before = previous_build(out, *ONE_KIT)
    with open(tiny_tmpfs / "filler", "wb", buffering=0) as filler:  # fill what is left, to the last block
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(LESSONS), "--out", str(out), "--force", "--jobs", "1", *ONE_KIT]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: cannot write") and "No space left on device" in result.output
    assert snapshot(out) == before
    assert not leftovers(out)


class StandIn:
    """A renderer that needs no library files: a few fixed bytes of one kind."""

    def __init__(self, kind: str):
        self.kind, self.suffix = kind, ".bin"

    def render(self, view, context):
        return f"{self.kind} {view.lesson_id} {view.band.id} {view.lang}".encode("utf-8")


def stand_in_registry() -> Registry:
    registry = Registry()
    for kind in KINDS:
        registry.add(StandIn(kind))
    return registry


def _build_as_nobody(out: Path) -> dict:
    """Run ``kitgen build`` into ``out`` in a forked child that dropped root for the user nobody."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    # Python and its libraries live in root's home here, which nobody may not read (python-pptx reads its
    # template at every render): read the library versions while still root, and render with stand-ins.
    library_versions()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges for good, build, report, and leave without cleaning up
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            rendering.default_renderers = lambda: stand_in_registry()  # only in this child
            os.environ["KITGEN_CACHE"] = str(out.parent / "no-cache")  # root's cache is not nobody's
            result = CliRunner().invoke(
                main, ["build", "--lessons", str(LESSONS), "--out", str(out), "--force", "--jobs", "1", *ONE_KIT]
            )
            report = {"uid": os.getuid(), "exit_code": result.exit_code, "output": result.output,
                      "exception": "".join(traceback.format_exception(result.exception)) if result.exception else ""}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            report = {"uid": os.getuid(), "exit_code": -1, "output": repr(exc)}
        os.write(write_end, json.dumps(report).encode("utf-8"))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def _build_as_this_user(out: Path) -> dict:
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(LESSONS), "--out", str(out), "--force", "--jobs", "1", *ONE_KIT]
    )
    return {"uid": os.getuid(), "exit_code": result.exit_code, "output": result.output}


def test_a_read_only_output_folder_gives_a_clean_error(tmp_path):
    # Root writes anywhere: as root, the build runs in a child that became the user nobody; as anyone
    # else, the folders are simply made read-only for their owner.
    as_root = os.geteuid() == 0
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"kitgen-readonly-{os.getpid()}"
    base.mkdir(mode=0o755)
    out = base / "out"
    try:
        before = previous_build(out, *ONE_KIT)
        folders = [out, *[p for p in out.rglob("*") if p.is_dir()]]
        for folder in folders:
            folder.chmod(0o755 if as_root else 0o555)  # for nobody, 755 on root's folders is read-only
        report = _build_as_nobody(out) if as_root else _build_as_this_user(out)
        for folder in folders:
            folder.chmod(0o755)
        assert report["uid"] != 0
        assert report["exit_code"] == 1, report
        assert report["output"].startswith("Error: cannot write to "), report
        assert "Permission denied" in report["output"]
        assert "Traceback" not in report["output"]
        assert snapshot(out) == before
        assert not leftovers(out)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(base)], check=False)
        subprocess.run(["rm", "-rf", str(base)], check=True)


@pytest.mark.parametrize("inside", ["lessons", "lessons/kits", "assets", "assets/fonts/x", "templates"])
def test_an_output_folder_inside_the_inputs_is_refused(tmp_path, inside):
    project = tmp_path / "project"
    for name in ("lessons", "assets", "templates"):
        (project / name).mkdir(parents=True)
    out = project / inside
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    context = BuildContext(assets_dir=project / "assets", templates_dirs=(project / "templates",))
    with pytest.raises(KitgenError, match="is inside the input folder"):
        build(catalog, default_registry(), out, Selection(), context, lessons_dir=project / "lessons")
    assert not any(p.is_file() for p in project.rglob("*"))


def test_the_cli_refuses_to_write_into_the_lessons_folder(lesson_tree):
    lessons = lesson_tree()
    result = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(lessons / "kits")])
    assert result.exit_code == 1
    assert "is inside the input folder" in result.output and "Traceback" not in result.output
    assert not (lessons / "kits").exists()


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.write_text("a file", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out)])
    assert result.exit_code == 2 and "is a file" in result.output  # click's own check of --out
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    with pytest.raises(KitgenError, match="is a file, not a folder"):
        build(catalog, default_registry(), out, Selection(), BuildContext(), lessons_dir=LESSONS)
    assert out.read_text(encoding="utf-8") == "a file"


def test_write_atomic_leaves_no_temporary_file_when_the_move_fails(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")

    def refuse(source, destination):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(KitgenError, match="Permission denied"):
        output.write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


class DyingRenderer:
    """A renderer whose process dies, as one killed for want of memory does."""

    kind, suffix = "slides", ".pptx"

    def __init__(self):
        self._main_process = os.getpid()

    def render(self, view, context):
        if os.getpid() == self._main_process:
            raise RuntimeError("expected to run in a worker process")  # never take the test run down
        os._exit(9)


def test_a_worker_process_that_dies_is_a_clean_error(tmp_path):
    before = previous_build(tmp_path, *ONE_KIT)
    registry = Registry()
    registry.add(DyingRenderer())
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    selection = Selection(lessons=("grooming",), bands=("8-10",))  # two tasks, so they go to workers
    with pytest.raises(KitgenError, match="worker process stopped unexpectedly"):
        build(catalog, registry, tmp_path, selection, BuildContext(), lessons_dir=LESSONS, jobs=2, force=True)
    assert snapshot(tmp_path) == before
    assert not leftovers(tmp_path)
