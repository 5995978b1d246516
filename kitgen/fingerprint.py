"""Input hashes: a digest of everything one artifact is made from, so unchanged artifacts are not rebuilt."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import os
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.model import Catalog, Lesson

#: The kitgen package itself: a change to any of its files (renderers, labels) changes every input hash.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Libraries whose version can change the bytes kitgen writes: import name → distribution (as in .dist-info).
LIBRARIES = {"reportlab": "reportlab", "pptx": "python_pptx", "jinja2": "jinja2", "babel": "babel", "PIL": "pillow"}


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data that is equal exactly when the value is, with no absolute paths."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": hashlib.sha256(value).hexdigest()}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Path):
        return {"path": value.name, "content": content_digest(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {name: plain(getattr(value, name)) for name in _compared_fields(type(value))}
        return {"__type__": type(value).__qualname__, **fields}
    if hasattr(value, "__dict__"):
        attributes = {name: plain(item) for name, item in vars(value).items()}
        return {"__type__": type(value).__qualname__, **attributes}
    raise TypeError(f"cannot fingerprint a {type(value).__qualname__}")


@functools.cache
def _compared_fields(cls: type) -> tuple[str, ...]:
    # Fields left out of comparison (YAML positions) say where a value was written, not what it is.
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def digest(value: Any) -> str:
    """The SHA-256 of ``value``'s plain form."""
    text = json.dumps(plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(path: Path, *, hidden: bool = False) -> str:
    """The SHA-256 of a file's bytes, or of a folder's file names and bytes; ``-`` when it does not exist.

    Hidden files (unless ``hidden``) and byte-code caches in a folder do not count, so they cannot make
    two machines differ.
    """
    try:
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
        if not path.is_dir():
            return "-"
        hasher = hashlib.sha256()
        files = (p for p in path.rglob("*") if p.is_file() and (hidden or not _ignored(p.relative_to(path))))
        for file in sorted(files):
            hasher.update(file.relative_to(path).as_posix().encode("utf-8") + b"\0")
            hasher.update(hashlib.sha256(file.read_bytes()).digest())
        return hasher.hexdigest()
    except OSError as exc:
        raise KitgenError(f"cannot read {exc.filename or path}: {exc.strerror}") from None


def _ignored(relative: Path) -> bool:
    """Files no build reads: hidden ones (editor swap files, .DS_Store) and Python's byte-code caches."""
    return relative.suffix == ".pyc" or any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


@functools.cache  # they cannot change while kitgen runs
def library_versions() -> dict[str, str]:
    """The installed version of each library in LIBRARIES, read from its .dist-info folder's name.

    importlib.metadata would cost more start-up time than a whole build with nothing to do may take;
    without a .dist-info folder, the digest of the package's ``__init__.py`` stands in.
    """
    versions = {}
    for module, distribution in LIBRARIES.items():
        spec = find_spec(module)
        if spec is None or not spec.origin:
            versions[distribution] = "-"
            continue
        package = Path(spec.origin).parent
        prefix = distribution.lower() + "-"
        names = [n for n in _listing(package.parent) if n.lower().startswith(prefix) and n.endswith(".dist-info")]
        if len(names) == 1:
            versions[distribution] = names[0][len(prefix):-len(".dist-info")]
        else:
            versions[distribution] = content_digest(Path(spec.origin))
    return versions


@functools.cache
def _listing(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


class InputHasher:
    """Input hashes for one build: kitgen's code and version, the libraries, every BuildContext setting,
    the resources, and for each kit its lesson and band."""

    def __init__(self, context: BuildContext, catalog: Catalog):
        # Every field of the context counts, so settings added later (a school profile) are covered too.
        self._base = digest(
            {
                "kitgen": __version__,
                "code": content_digest(PACKAGE_DIR),
                "libraries": library_versions(),
                "context": context,
                # Letters print a date only when it is set, so whether it is set counts, not just the date.
                "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
                "resources": catalog.resources,
                "guide": catalog.guide,
                "kit_words": {lang: Path(po) for lang, po in catalog.kit_words.items()},  # the folder's own
            }
        )
        self._bands = {band.id: digest(band) for band in catalog.bands}

    def kit_digest(self, lesson: Lesson, band_id: str) -> str:
        """The digest of what one lesson's kits for one band are made from (in every language)."""
        # The model rather than the view: it is cheaper to hash than to resolve into views first, which
        # keeps a build where nothing changed fast; the view is made from exactly these parts.
        header = {name: getattr(lesson, name) for name in _compared_fields(type(lesson)) if name != "bands"}
        return digest({"lesson": header, "content": lesson.bands[band_id], "band": self._bands[band_id]})

    def artifact_inputs(self, kit_digest: str, lang: str, kind: str) -> str:
        """The input hash of one artifact: its kit, language and kind, and everything shared by the build."""
        return hashlib.sha256(f"{self._base}\0{kit_digest}\0{lang}\0{kind}".encode("utf-8")).hexdigest()
