"""Writing a build's files safely: temporary file then os.replace, never one path twice, and the manifest."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KitgenError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _remove_quietly(tmp)
        raise KitgenError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        _remove_quietly(tmp)
        raise


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class OutputFolder:
    """The output folder of one build: remembers what it wrote and refuses to write a path twice."""

    def __init__(self, root: Path):
        self.root = root
        self._written: dict[str, Artifact] = {}

    def write(self, relative: str, data: bytes, *, lesson: str, band: str, lang: str, kind: str) -> Artifact:
        if relative in self._written:
            raise RuntimeError(f"two artifacts want the same path {relative}")  # a bug, not bad input
        write_atomic(self.root / relative, data)
        artifact = Artifact(
            lesson=lesson,
            band=band,
            lang=lang,
            kind=kind,
            path=relative,
            sha256=hashlib.sha256(data).hexdigest(),
            bytes=len(data),
        )
        self._written[relative] = artifact
        return artifact

    def write_manifest(self, generator: str, artifacts: list[Artifact]) -> None:
        ordered = sorted(artifacts, key=lambda a: a.path)
        manifest = {"generator": generator, "artifacts": [asdict(a) for a in ordered]}
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.root / MANIFEST, text.encode("utf-8"))
