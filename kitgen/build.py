"""A build: every selected (lesson, band, language, kind) rendered and written, then the manifest."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.i18n import LANGUAGES
from kitgen.glyphs import check_glyphs
from kitgen.model import Catalog
from kitgen.output import Artifact, OutputFolder
from kitgen.renderers import Registry
from kitgen.view import make_view


@dataclass(frozen=True)
class Selection:
    """Which lessons, bands and languages to build; an empty tuple means all."""

    lessons: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()

    def validate(self, catalog: Catalog) -> None:
        """Refuse filter values that name nothing, listing what exists."""
        known = {
            "--lesson": [lesson.id for lesson in catalog.lessons],
            "--band": [band.id for band in catalog.bands],
            "--lang": list(LANGUAGES),
        }
        for option, wanted in (("--lesson", self.lessons), ("--band", self.bands), ("--lang", self.langs)):
            for value in wanted:
                if value not in known[option]:
                    raise KitgenError(f"{option} {value}: no such id; choose from {', '.join(known[option])}")

    def jobs(self, catalog: Catalog) -> Iterable[tuple[str, str, str]]:
        """Every selected (lesson id, band id, language), in a stable order."""
        for lesson in catalog.lessons:
            if self.lessons and lesson.id not in self.lessons:
                continue
            for band in catalog.bands:
                if self.bands and band.id not in self.bands:
                    continue
                for lang in LANGUAGES:
                    if not self.langs or lang in self.langs:
                        yield lesson.id, band.id, lang


def artifact_path(lesson: str, band: str, lang: str, kind: str, suffix: str) -> str:
    """Where an artifact goes inside the output folder."""
    return f"{lang}/{band}/{lesson}/{lesson}-{band}-{lang}-{kind}{suffix}"


def build(
    catalog: Catalog,
    registry: Registry,
    out_dir: Path,
    selection: Selection,
    context: BuildContext,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Artifact]:
    """Render and write every selected artifact, then the manifest; return what was written."""
    selection.validate(catalog)
    check_glyphs(catalog, context.fonts_dir)
    output = OutputFolder(out_dir)
    lessons = {lesson.id: lesson for lesson in catalog.lessons}
    artifacts = []
    for lesson_id, band_id, lang in selection.jobs(catalog):
        view = make_view(catalog, lessons[lesson_id], band_id, lang)
        for renderer in registry:
            data = renderer.render(view, context)
            relative = artifact_path(lesson_id, band_id, lang, renderer.kind, renderer.suffix)
            artifacts.append(
                output.write(relative, data, lesson=lesson_id, band=band_id, lang=lang, kind=renderer.kind)
            )
            progress(relative)
    output.write_manifest(f"kitgen {__version__}", artifacts)
    return artifacts
