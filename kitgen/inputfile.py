"""Reading a user's input file safely: a regular file inside its folder, under a size limit, never a FIFO or device."""
from __future__ import annotations

import os
import stat
from pathlib import Path

#: Size limits per kind of input file, in bytes.
LESSON_BYTES = 2_000_000
PROFILE_BYTES = 64_000
TEMPLATE_BYTES = 256_000
LOGO_BYTES = 10_000_000
SLIDES_TEMPLATE_BYTES = 50_000_000


class InputFileError(Exception):
    """Why an input file cannot be read; the message is worded for the user."""


def size_text(limit: int) -> str:
    """``2 MB``, ``64 KB``: a limit as people say it."""
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1_000} KB"


def check_input(path: Path, limit: int, folder: Path | None = None) -> int:
    """Refuse ``path`` unless it is a regular file of at most ``limit`` bytes (inside ``folder`` when given,
    even through links); return its size."""
    try:
        info = os.stat(path)  # follows a link: what matters is what it leads to …
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    if folder is not None and os.path.islink(path):  # … and that it stays in the folder
        target, root = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
        if not target.is_relative_to(root):
            raise InputFileError(f"it is a link to a file outside {folder}; copy the file in instead")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError("it is not a regular file (a folder, pipe or device); give a file")
    if info.st_size > limit:
        raise InputFileError(f"the file is larger than {size_text(limit)} ({info.st_size:,} bytes)")
    return info.st_size


def read_input(path: Path, limit: int, folder: Path | None = None) -> bytes:
    """The bytes of ``path``, checked by :func:`check_input`, and read so a file swapped meanwhile for a pipe
    or a bigger file cannot hang kitgen or make it read more than ``limit``."""
    check_input(path, limit, folder)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror}") from None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputFileError("it is not a regular file (a folder, pipe or device); give a file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputFileError(f"the file is larger than {size_text(limit)}")
    return data
