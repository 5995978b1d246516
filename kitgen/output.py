"""Writing a build's files safely: staged as temporary files, moved into place together, and the manifest."""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import signal
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from kitgen.errors import KitgenError
from kitgen.folderlock import WAIT_SECONDS, FolderLock

MANIFEST = "manifest.json"
#: The commit under way: the new manifest and the moves and removals that lead to it (see OutputFolder.commit).
JOURNAL = ".kitgen-journal.json"
#: How kitgen's temporary files begin (``.kitgen-tmp.<file name>.<random>.tmp``), so a later build can remove
#: those a killed build left behind, and nothing else.
TEMP_PREFIX = ".kitgen-tmp."
_TEMP = re.compile(re.escape(TEMP_PREFIX) + r".+\.tmp\Z")
#: Temporary files of kitgen before 2026-12 (``.<kit file>.<8 random>.tmp``), removed too.
_OLD_TEMP = re.compile(r"\.[a-z0-9-]+\.(pptx|pdf|txt|html|eml|zip|json)\.[A-Za-z0-9_]{8}\.tmp\Z")
#: Largest journal read back.
_MAX_JOURNAL = 64_000_000


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
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp")
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

    def __init__(
        self, root: Path, *, own_name: Callable[[Artifact], bool] = lambda artifact: True,
        lock_wait: float = WAIT_SECONDS,
    ):
        if root.exists() and not root.is_dir():
            raise KitgenError(f"--out {root} is a file, not a folder")
        self.root = root
        #: Whether a manifest entry's path follows kitgen's own naming: only such files are ever removed.
        self.own_name = own_name
        #: Things the user should know that did not stop the build (a stale file that could not be removed).
        self.warnings: list[str] = []
        self._staged: dict[str, str] = {}  # relative path → temporary file
        self._created_dirs: list[Path] = []
        self._lock = FolderLock(root, lock_wait)

    def __enter__(self) -> OutputFolder:
        """Lock the folder (made if need be), finish a commit a killed build left, and remove its temporary files."""
        self._make_dirs(self.root)
        try:
            self._lock.acquire()
        except BaseException:
            self._remove_created_dirs()
            raise
        try:
            self._recover()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.discard()
        self._lock.release()
        self._remove_created_dirs()

    def previous(self) -> dict[tuple[str, str, str, str], Artifact]:
        """The artifacts of the last build's manifest by key; empty if there is none or it is unreadable."""
        try:
            manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            entries = manifest["artifacts"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return {}
        return {artifact.key: artifact for artifact in self._artifacts(entries)}

    def _artifacts(self, entries: object) -> list[Artifact]:
        """The well-formed entries of a manifest's (or journal's) artifact list."""
        names = {f.name for f in dataclasses.fields(Artifact)}
        artifacts = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                artifact = Artifact(**{k: v for k, v in entry.items() if k in names})
            except (TypeError, AttributeError):
                continue
            fields_ok = all(isinstance(getattr(artifact, f), str) for f in names - {"bytes"})
            if fields_ok and isinstance(artifact.bytes, int) and self.relative_file(artifact.path) is not None:
                artifacts.append(artifact)
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
        """Move every staged file into place, remove ``stale`` files, write the manifest; return what was removed.

        The new manifest, the moves and the removals are first written down as a journal: a build killed
        half-way through them is finished by the next build (see :meth:`_recover`), so every manifest entry
        always ends up matching its file.
        """
        kept = {a.path for a in artifacts}
        stale = [a for a in stale if a.path not in kept]
        moves = [[(PurePosixPath(relative).parent / Path(tmp).name).as_posix(), relative]
                 for relative, tmp in self._staged.items()]
        journal = {"generator": generator, "artifacts": [asdict(a) for a in artifacts],
                   "moves": moves, "remove": [asdict(a) for a in stale]}
        with _interrupts_deferred():  # a Ctrl-C waits until the commit is done
            if moves or stale:  # else only the manifest may change, and writing it is atomic by itself
                write_atomic(self.root / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
            for relative, tmp in list(self._staged.items()):
                try:
                    os.replace(tmp, self._target(relative))
                except OSError as exc:
                    raise KitgenError(f"cannot write {self.root / relative}: {exc.strerror}") from None
                del self._staged[relative]
            self._created_dirs.clear()  # they hold this build's files now
            removed, left = self._remove_stale(stale)
            self._write_manifest(generator, artifacts + left)
            if moves or stale:
                _remove_quietly(self.root / JOURNAL)
        return removed

    def _remove_stale(self, stale: list[Artifact]) -> tuple[list[Artifact], list[Artifact]]:
        """Remove the files of ``stale`` artifacts; (removed, kept in the manifest because they could not be)."""
        removed, left = [], []
        for artifact in stale:
            try:
                if self._remove_own_file(artifact):
                    removed.append(artifact)
            except OSError as exc:
                self.warnings.append(
                    f"cannot remove the old file {self.root / artifact.path}: {exc.strerror}; "
                    "remove it by hand (kitgen tries again at the next build)"
                )
                left.append(artifact)
        return removed, left

    def _recover(self) -> None:
        """Finish the commit a killed build left in its journal, then remove every temporary file kitgen left."""
        journal_path = self.root / JOURNAL
        if os.path.lexists(journal_path):
            journal = self._read_journal(journal_path)
            if journal is not None:
                self._roll_forward(journal)
            _remove_quietly(journal_path)
        for folder, subfolders, files in os.walk(self.root):  # never into linked folders
            for name in files:
                if _TEMP.match(name) or _OLD_TEMP.match(name):
                    try:
                        os.unlink(os.path.join(folder, name))
                    except OSError as exc:
                        self.warnings.append(f"cannot remove the temporary file {os.path.join(folder, name)}: "
                                             f"{exc.strerror}")

    def _read_journal(self, path: Path) -> dict | None:
        try:
            if not path.is_file() or path.is_symlink() or path.stat().st_size > _MAX_JOURNAL:
                raise ValueError("not a journal kitgen wrote")
            journal = json.loads(path.read_text(encoding="utf-8"))
            if not (isinstance(journal, dict) and isinstance(journal.get("generator"), str)
                    and all(isinstance(journal.get(key), list) for key in ("artifacts", "moves", "remove"))):
                raise ValueError("not a journal kitgen wrote")
            return journal
        except (OSError, ValueError, RecursionError):
            self.warnings.append(f"ignored the damaged file {path} (an interrupted build's list of changes)")
            return None

    def _roll_forward(self, journal: dict) -> None:
        """Make the moves and removals of an interrupted commit that were not made yet, then its manifest."""
        for move in journal["moves"]:
            if not (isinstance(move, list) and len(move) == 2 and all(isinstance(p, str) for p in move)):
                continue
            tmp, final = (self.relative_file(p) for p in move)
            if tmp is None or final is None or tmp.parent != final.parent or not _TEMP.match(tmp.name):
                continue
            try:
                target = self._target(final.relative_to(self.root).as_posix())
                if tmp.is_file() and not tmp.is_symlink():
                    os.replace(tmp, target)
            except (KitgenError, OSError):
                continue  # that entry will not match its file, and is left out of the manifest below
        stale = [a for a in self._artifacts(journal["remove"]) if self.own_name(a)]
        _, left = self._remove_stale(stale)
        artifacts = [a for a in self._artifacts(journal["artifacts"]) + left if self.is_intact(a)]
        self._write_manifest(journal["generator"], artifacts)
        self.warnings.append(f"finished the changes of a build of {self.root} that was interrupted")

    def discard(self) -> None:
        """Remove every staged file; the previous output stays as it was."""
        for tmp in self._staged.values():
            _remove_quietly(tmp)
        self._staged.clear()

    def _remove_created_dirs(self) -> None:
        """Remove the folders this build made and did not fill (after the lock is released)."""
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
        """Remove a stale artifact's file, only if its path follows kitgen's naming and it is still exactly
        what an earlier build wrote there; an OSError says why it could not be removed."""
        path = self.inside(artifact.path)
        if path is None or not self.own_name(artifact) or file_sha256(path) != artifact.sha256:
            return False
        path.unlink()
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
