"""Writing a build's files safely: staged as temporary files, moved into place together, and the manifest."""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import signal
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from kitgen.errors import KitgenError

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Artifact:
    """One file of a build, as recorded in the manifest."""

    lesson: str
    band: str
    lang: str
    kind: str
    path: str  # relative to the output folder, with forward slashes
    sha256: str
    bytes: int
    inputs: str = ""  # the input hash it was made from (see kitgen.fingerprint); empty if unknown

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.lesson, self.band, self.lang, self.kind


def refuse_inside(out_dir: Path, input_dirs: Iterable[Path]) -> None:
    """Refuse an output folder that is, or is inside, one of the input folders: a build must not write there."""
    out = out_dir.resolve()
    for source in input_dirs:
        src = source.resolve()
        if out == src or out.is_relative_to(src):
            raise KitgenError(f"--out {out_dir} is inside the input folder {source}; choose another folder")


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it."""
    tmp = _write_temporary(path, data, mode)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _remove_quietly(tmp)
        raise KitgenError(f"cannot write {path}: {exc.strerror}") from None


def _write_temporary(path: Path, data: bytes, mode: int = 0o644) -> str:
    """Write ``data`` to a new temporary file next to ``path``; on any error nothing is left behind."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KitgenError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
    except OSError as exc:
        _remove_quietly(tmp)
        raise KitgenError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        _remove_quietly(tmp)
        raise
    return tmp


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM inside the block; one that arrived is delivered when it ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file (not a symlink), or None when there is none."""
    try:
        if not path.is_file() or path.is_symlink():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class OutputFolder:
    """The output folder of one build.

    New files are staged as temporary files next to their final place; :meth:`commit` moves them all into
    place, removes stale files and writes the manifest. Leaving the ``with`` block by an error instead
    removes every staged file, so the previous output stays as it was.
    """

    def __init__(self, root: Path):
        if root.exists() and not root.is_dir():
            raise KitgenError(f"--out {root} is a file, not a folder")
        self.root = root
        self._staged: dict[str, str] = {}  # relative path → temporary file
        self._created_dirs: list[Path] = []

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.discard()

    def previous(self) -> dict[tuple[str, str, str, str], Artifact]:
        """The artifacts of the last build's manifest by key; empty if there is none or it is unreadable."""
        try:
            manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            entries = manifest["artifacts"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        names = {f.name for f in dataclasses.fields(Artifact)}
        artifacts = {}
        for entry in entries if isinstance(entries, list) else []:
            try:
                artifact = Artifact(**{k: v for k, v in entry.items() if k in names})
            except (TypeError, AttributeError):
                continue
            if self.relative_file(artifact.path) is not None:
                artifacts[artifact.key] = artifact
        return artifacts

    def relative_file(self, relative: object) -> Path | None:
        """The file a manifest path names, or None unless it is a plain relative path below this folder."""
        if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
            return None
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or relative == MANIFEST:
            return None
        return self.root / pure

    def inside(self, relative: object) -> Path | None:
        """Like :meth:`relative_file`, and also None when a symlink leads the path out of this folder,
        or the path goes through a linked folder."""
        path = self.relative_file(relative)
        if path is None or self._linked_folder(path) is not None:
            return None
        root, resolved = self.root.resolve(), path.resolve()
        return path if resolved.is_relative_to(root) and resolved != root else None

    def _linked_folder(self, path: Path) -> Path | None:
        """The first folder between this folder and ``path`` that is a symbolic link (or junction), if any."""
        folder = path.parent
        between = []
        while folder != self.root and folder.is_relative_to(self.root):
            between.append(folder)
            folder = folder.parent
        for folder in reversed(between):
            if folder.is_symlink() or (hasattr(folder, "is_junction") and folder.is_junction()):
                return folder
        return None

    def _target(self, relative: str) -> Path:
        """Where ``relative`` is written: refused unless it lies inside this folder through no linked folder."""
        path = self.relative_file(relative)
        if path is None:
            raise KitgenError(f"refusing to write '{relative}': not a plain path inside {self.root}")
        linked = self._linked_folder(path)
        if linked is not None:
            raise KitgenError(
                f"refusing to write {path}: {linked} is a link to another folder; remove the link and build again"
            )
        root, resolved = self.root.resolve(), path.resolve()
        if not resolved.is_relative_to(root) or resolved == root:
            raise KitgenError(f"refusing to write {path}: it lies outside {self.root}")
        return path

    def is_intact(self, artifact: Artifact) -> bool:
        """Whether the file of ``artifact`` is on disk exactly as the manifest recorded it."""
        path = self.relative_file(artifact.path)
        return path is not None and file_sha256(path) == artifact.sha256

    def stage(
        self, relative: str, data: bytes, *, lesson: str, band: str, lang: str, kind: str, inputs: str
    ) -> Artifact:
        """Write ``data`` to a temporary file next to ``relative``; it is moved into place by :meth:`commit`."""
        if relative in self._staged:
            raise RuntimeError(f"two artifacts want the same path {relative}")  # a bug, not bad input
        path = self._target(relative)
        self._make_dirs(path.parent)
        path = self._target(relative)  # again: a folder made meanwhile by someone else may be a link
        with _interrupts_deferred():  # so a Ctrl-C cannot fall between making a temporary file and noting it
            self._staged[relative] = _write_temporary(path, data)
        return Artifact(lesson, band, lang, kind, relative, hashlib.sha256(data).hexdigest(), len(data), inputs)

    def commit(self, generator: str, artifacts: list[Artifact], stale: list[Artifact]) -> list[Artifact]:
        """Move every staged file into place, remove ``stale`` files, write the manifest; return what was removed."""
        for relative, tmp in list(self._staged.items()):
            try:
                os.replace(tmp, self._target(relative))
            except OSError as exc:
                raise KitgenError(f"cannot write {self.root / relative}: {exc.strerror}") from None
            del self._staged[relative]
        self._created_dirs.clear()  # they hold this build's files now
        kept = {a.path for a in artifacts}
        removed = [a for a in stale if a.path not in kept and self._remove_own_file(a)]
        self._write_manifest(generator, artifacts)
        return removed

    def discard(self) -> None:
        """Remove every staged file and the folders made for them; the previous output stays as it was."""
        for tmp in self._staged.values():
            _remove_quietly(tmp)
        self._staged.clear()
        for folder in reversed(self._created_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: something else lives there
        self._created_dirs.clear()

    def _make_dirs(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for new in reversed(missing):
            try:
                new.mkdir()
            except FileExistsError:
                if not new.is_dir():
                    raise KitgenError(f"cannot make the folder {new}: a file is in the way") from None
                continue
            except OSError as exc:
                raise KitgenError(f"cannot make the folder {new}: {exc.strerror}") from None
            self._created_dirs.append(new)

    def _remove_own_file(self, artifact: Artifact) -> bool:
        """Remove a stale artifact's file, only if it is still exactly what an earlier build wrote there."""
        path = self.inside(artifact.path)
        if path is None or file_sha256(path) != artifact.sha256:
            return False
        try:
            path.unlink()
        except OSError as exc:
            raise KitgenError(f"cannot remove the old file {path}: {exc.strerror}") from None
        folder = path.parent
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()  # only succeeds once the folder is empty
            except OSError:
                break
            folder = folder.parent
        return True

    def _write_manifest(self, generator: str, artifacts: list[Artifact]) -> None:
        ordered = sorted(artifacts, key=lambda a: a.path)
        manifest = {"generator": generator, "artifacts": [asdict(a) for a in ordered]}
        data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        path = self.root / MANIFEST
        try:
            if path.read_bytes() == data:
                return  # nothing changed: leave the file (and its modification time) alone
        except OSError:
            pass
        self._make_dirs(self.root)
        self._created_dirs.clear()
        write_atomic(path, data)
