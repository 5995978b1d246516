"""Finding a kit language's compiled catalogue (.mo): packaged with kitgen, or a .po compiled into the cache.

Where the words of kit language ``<code>`` come from, first match wins:

1. ``designer``: ``locale/<code>.po`` in the lessons folder (beside its ``languages.yaml``), for a language
   kitgen has no words for (or other wording); compiled with Babel into the cache folder.
2. ``packaged``: ``kitgen/locale/<code>/LC_MESSAGES/kit.mo``, compiled from the .po when the wheel was built
   (or by ``pip install -e .``). An installed wheel only ever reads it.
3. ``checkout``: a checkout never installed, or whose .po was edited after its .mo was compiled: the .po is
   compiled into the cache folder (``$KITGEN_CACHE``/catalogues/, named by the .po's SHA-256).
4. ``none``: no catalogue; the kit uses the English words.

Nothing is ever written next to the package; when the cache cannot be written, the .po is compiled in memory.
"""
from __future__ import annotations

import functools
import gettext
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.i18n.compiling import compile_po

#: The kit words' catalogues: kit.pot (made by ``pybabel extract``) and <code>/LC_MESSAGES/kit.po per language.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The catalogue domain, as Babel's and gettext's tools name it.
DOMAIN = "kit"
#: The cache folder's subfolder for compiled catalogues.
CACHE_FOLDER = "catalogues"
#: Largest compiled catalogue read back from the cache (the kit's are about 5 kB).
MAX_MO_BYTES = 4_000_000


@dataclass(frozen=True)
class Found:
    """A language's compiled catalogue and where it came from."""

    # Where the words were found does not count in input hashes: the same words make the same kit.
    how: str = field(compare=False)  # designer, packaged, checkout or none (see the module's docstring)
    source: Path | None = field(compare=False)  # the .mo read, or the .po compiled
    words: gettext.NullTranslations

    def describe(self) -> str:
        """Where the words come from, as `kitgen list` says it."""
        return {
            "designer": f"the lessons folder's locale/{self.source.name if self.source else ''}",
            "packaged": "kitgen's compiled catalogue",
            "checkout": "kitgen's .po, compiled into the cache",
        }.get(self.how, "English (no catalogue)")


def packaged_po(lang: str) -> Path:
    """The kit words' .po of ``lang`` in the package's locale folder (present in a checkout, not in a wheel)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def packaged_mo(lang: str) -> Path:
    """The compiled catalogue of ``lang`` that the packaging step puts beside its .po."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def packaged_languages() -> list[str]:
    """The languages kitgen itself has kit words for (a .po or a compiled .mo), sorted."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o"))


def find(lang: str, designer_po: str | None = None) -> Found:
    """The compiled catalogue of ``lang``; ``designer_po``: the lessons folder's ``locale/<code>.po``, if any."""
    if designer_po is not None:
        return Found("designer", Path(designer_po), _compiled(Path(designer_po)))
    mo, po = packaged_mo(lang), packaged_po(lang)
    if mo.is_file() and (not po.is_file() or _stamp(mo)[0] >= _stamp(po)[0]):
        return Found("packaged", mo, _read_mo(str(mo), *_stamp(mo)))
    if po.is_file():
        return Found("checkout", po, _compiled(po))
    return Found("none", None, gettext.NullTranslations())


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=32)
def _read_mo(path: str, mtime_ns: int, size: int) -> gettext.GNUTranslations:  # the stamp keys the cache
    with open(path, "rb") as file:
        return gettext.GNUTranslations(file)


def _compiled(po: Path) -> gettext.GNUTranslations:
    return _compiled_bytes(po.read_bytes())


@functools.lru_cache(maxsize=32)
def _compiled_bytes(po: bytes) -> gettext.GNUTranslations:
    """The catalogue of a .po's bytes: compiled once into the cache folder, then read from there."""
    name = f"{hashlib.sha256(po).hexdigest()}.mo"
    mo = _from_cache(name)
    if mo is None:
        mo = compile_po(po)
        _to_cache(name, mo)
    return gettext.GNUTranslations(io.BytesIO(mo))


def _cache_folder() -> Path:
    from kitgen.catalogcache import cache_dir  # imported late: it needs the loader, which needs this package

    return cache_dir() / CACHE_FOLDER


def _private(info: os.stat_result, directory: bool) -> bool:
    """Whether a cache file or folder is ours alone: not a link, owned by us, writable by no one else."""
    return (
        not stat.S_ISLNK(info.st_mode)
        and (stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode))
        and (not hasattr(os, "getuid") or info.st_uid == os.getuid())
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _from_cache(name: str) -> bytes | None:
    """A compiled catalogue from the cache folder; None when it is not there or not safely ours."""
    try:
        folder = _cache_folder()
        path = folder / name
        if not (_private(os.lstat(folder), True) and _private(os.lstat(path), False)):
            return None
        if path.stat().st_size > MAX_MO_BYTES:
            return None
        data = path.read_bytes()
        gettext.GNUTranslations(io.BytesIO(data))  # a damaged entry is compiled again
        return data
    except (OSError, RuntimeError, ValueError, IndexError):
        return None


def _to_cache(name: str, mo: bytes) -> None:
    """Keep a compiled catalogue in the cache folder; one that cannot be written costs a compile, never a build."""
    from kitgen.output import write_atomic

    try:
        folder = _cache_folder()
        if not folder.exists():
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        if _private(os.lstat(folder), True):
            write_atomic(folder / name, mo, mode=0o600)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        pass
