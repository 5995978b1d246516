"""Validated catalogs kept between builds, keyed by everything validation reads, so an unchanged build skips it."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable

from kitgen.context import BuildContext
from kitgen.fingerprint import PACKAGE_DIR, content_digest
from kitgen.builtin import lessons_file
from kitgen.loader import RESERVED, Loaded, display_path
from kitgen.output import write_atomic

#: Cache entries kept; older ones are removed when a new one is written.
KEEP = 16
PREFIX = "catalog-"


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
    an optimisation only: when it cannot be read or written, the catalog is simply validated. ``key`` tells
    apart validations of one folder that differ (the lessons a filtered build asked for).
    """
    try:
        path = cache_dir() / f"{PREFIX}{validation_key(lessons_dir, context, key)}.pickle"
    except Exception:  # noqa: BLE001 - no home folder, unreadable input: validation will say what is wrong
        return validate()
    try:
        catalog = pickle.loads(path.read_bytes())
        if isinstance(catalog, Loaded):
            return catalog
    except Exception:  # noqa: BLE001 - missing, truncated or from another kitgen: validate instead
        pass
    catalog = validate()
    _store(path, catalog)
    return catalog


def _store(path: Path, catalog: Loaded) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
        entries = sorted(path.parent.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except Exception:  # noqa: BLE001 - a cache that cannot be written costs time, never a build
        pass
