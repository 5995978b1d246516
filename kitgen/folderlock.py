"""A lock on an output folder, so two builds never write into it at once (flock on POSIX, msvcrt on Windows)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from kitgen.errors import KitgenError

#: The lock file's name inside the output folder; it exists only while a build holds it.
LOCK_NAME = ".kitgen-lock"
#: How long a second build waits for the first before giving up, in seconds.
WAIT_SECONDS = 5.0

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


class FolderLock:
    """Held from :meth:`acquire` to :meth:`release`; a second holder waits up to ``wait`` seconds, then stops."""

    def __init__(self, folder: Path, wait: float = WAIT_SECONDS):
        self.path = folder / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                raise KitgenError(f"cannot write to {self.path.parent}: {exc.strerror}") from None
            if _try_lock(fd):
                if self._is_current(fd):
                    self._fd = fd
                    return
                os.close(fd)  # the holder before us removed the file it locked: lock the new one
                continue
            os.close(fd)
            if time.monotonic() >= deadline:
                raise KitgenError(
                    f"another kitgen build is writing to {self.path.parent}; "
                    "wait for it to finish, then build again"
                )
            time.sleep(0.1)

    def _is_current(self, fd: int) -> bool:
        """Whether the file we locked is still the one at the lock's path."""
        try:
            on_disk, ours = os.stat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (on_disk.st_dev, on_disk.st_ino) == (ours.st_dev, ours.st_ino)

    def release(self) -> None:
        if self._fd is None:
            return
        if fcntl is not None:  # removed while still held, so no one can lock a file on its way out
            try:
                os.unlink(self.path)
            except OSError:
                pass
        os.close(self._fd)
        self._fd = None
