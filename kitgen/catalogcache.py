"""Validated catalogs kept between builds as plain JSON in a private folder, so an unchanged build skips validation.

Nothing is unpickled: an entry is data, checked field by field against the model's types when it is read,
and only read from a folder that belongs to the user and that no one else can write to.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Callable

import click

from kitgen.catalogjson import NotACatalog, catalog_from_plain, to_plain
from kitgen.context import BuildContext
from kitgen.builtin import lessons_file
from kitgen.fingerprint import PACKAGE_DIR, content_digest
from kitgen.loader import RESERVED, Loaded, Skipped, display_path
from kitgen.output import write_atomic

#: Cache entries kept; older ones are removed when a new one is written.
KEEP = 16
PREFIX = "catalog-"
SUFFIX = ".json"
#: Largest entry read back (the shipped lessons make about 1 MB).
MAX_ENTRY_BYTES = 64_000_000
#: Bumped whenever the entry's layout changes.
FORMAT = 3


class UnsafeCache(Exception):
    """The cache folder or entry cannot be trusted; the message says why."""


def cache_dir() -> Path:
    """``$KITGEN_CACHE``, else ``$XDG_CACHE_HOME/kitgen``, else ``~/.cache/kitgen``."""
    if os.environ.get("KITGEN_CACHE"):
        return Path(os.environ["KITGEN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kitgen"


def validation_key(lessons_dir: Path, context: BuildContext, key: str = "") -> str:
    """A digest of what validating ``lessons_dir`` depends on: its files, the assets, kitgen's code,
    and the folder as messages name it (positions in the model carry it)."""
    parts = [
        display_path(lessons_dir),
        content_digest(lessons_dir, hidden=True),
        *(content_digest(lessons_file(lessons_dir, name)) for name in RESERVED),  # perhaps the built-in ones
        content_digest(context.assets_dir, hidden=True),
        content_digest(PACKAGE_DIR),
        _yaml_version(),
        key,
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _yaml_version() -> str:
    import yaml  # the loader has imported it already

    return f"{yaml.__version__} {yaml.__with_libyaml__}"


def validated_catalog(
    lessons_dir: Path, context: BuildContext, validate: Callable[[], Loaded], key: str = ""
) -> Loaded:
    """The catalog ``validate()`` returns for these inputs: from the cache when it validated them before.

    Only a catalog that passed every check is kept; problems are found again each time. The cache is
    an optimisation only: when it cannot be trusted, read or written, the catalog is simply validated,
    and a cache that is unsafe or damaged is named in a message. ``key`` tells apart validations of one
    folder that differ (the lessons a filtered build asked for).
    """
    try:
        key = validation_key(lessons_dir, context, key)
        folder = cache_dir()
    except Exception:  # noqa: BLE001 - no home folder, unreadable input: validation will say what is wrong
        return validate()
    path = folder / f"{PREFIX}{key}{SUFFIX}"
    try:
        check_private(folder)
        catalog = _read(path, key)
        if catalog is not None:
            return catalog
    except UnsafeCache as why:
        click.echo(f"warning: not using the cache {display_path(path)}: {why}; validating instead", err=True)
        return validate()
    catalog = validate()
    _store(path, key, catalog)
    return catalog


def check_private(folder: Path) -> None:
    """Refuse a cache folder that is a link, belongs to someone else, or that others may write to."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return  # made private when the first entry is written
    except OSError as exc:
        raise UnsafeCache(f"cannot read the folder: {exc.strerror}") from None
    _check_owned(info, "the folder")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache("it is not a folder")


def _check_owned(info: os.stat_result, what: str) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeCache(f"{what} is a symbolic link")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeCache(f"{what} belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCache(f"others may write to {what}; run: chmod go-w on it, or remove it")


def _read(path: Path, key: str) -> Loaded | None:
    """The catalog stored for ``key``; None when there is none yet."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnsafeCache(f"cannot open it: {exc.strerror}") from None
    with open(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        _check_owned(info, "the entry")
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            raise UnsafeCache("it is not a cache entry kitgen wrote")
        raw = handle.read()
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            raise NotACatalog("written by another kitgen or for other inputs")
        return Loaded(catalog_from_plain(data.get("catalog")), _skipped(data.get("skipped")), _names(data.get("left_out")))
    except (ValueError, RecursionError) as exc:  # NotACatalog, JSON and UTF-8 errors
        raise UnsafeCache(f"it is damaged ({str(exc)[:200]})") from None


def _skipped(data) -> tuple[Skipped, ...]:
    if not isinstance(data, list) or not all(isinstance(item, list) and len(item) == 3 for item in data):
        raise NotACatalog("the skipped lessons are not a list of [lesson, path, reason]")
    return tuple(Skipped(*_names(item)) for item in data)


def _names(data) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise NotACatalog("expected a list of texts")
    return tuple(data)


def _store(path: Path, key: str, loaded: Loaded) -> None:
    plain = {
        "format": FORMAT,
        "key": key,
        "catalog": to_plain(loaded.catalog),
        "skipped": [[item.lesson, item.path, item.reason] for item in loaded.skipped],
        "left_out": list(loaded.left_out),
    }
    data = json.dumps(plain, ensure_ascii=False)
    try:
        folder = path.parent
        if not folder.exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        check_private(folder)
        write_atomic(path, data.encode("utf-8"), mode=0o600)
        entries = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
        for pickle_file in folder.glob(f"{PREFIX}*.pickle"):  # left by an older kitgen; never read
            pickle_file.unlink()
    except Exception:  # noqa: BLE001 - a cache that cannot be written costs time, never a build
        pass
