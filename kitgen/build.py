"""A build: the selected artifacts whose inputs changed rendered and written, stale ones removed, the manifest."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.fingerprint import InputHasher
from kitgen.ids import id_problem
from kitgen.kitzip import flat_name, kit_zip_name, pack_kit, readme
from kitgen.model import Catalog
from kitgen.output import Artifact, OutputFolder, refuse_inside
from kitgen.renderers import KINDS
from kitgen.rendering import Renderers, Task, render_all
from kitgen.translations import letter_complete
from kitgen.view import make_view

#: The manifest kind of a kit's zip (``--zip``); it is packed from the kit's files, not rendered.
ZIP_KIND = "zip"
#: Called after each rendered artifact with its path, how many are done and how many there are.
Progress = Callable[[str, int, int], None]


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
            "--lang": [language.code for language in catalog.languages],
        }
        for option, wanted in (("--lesson", self.lessons), ("--band", self.bands), ("--lang", self.langs)):
            for value in wanted:
                if value not in known[option]:
                    raise KitgenError(f"{option} {value}: no such id; choose from {', '.join(known[option])}")

    def jobs(self, catalog: Catalog) -> Iterable[tuple[str, str, str]]:
        """Every selected (lesson id, band id, language), in a stable order.

        Without languages named, the kit languages: letter languages are made when asked for (``--lang tr``,
        or ``langs`` in kitgen.toml), and then only for the bands whose letter texts are all translated.
        """
        wanted = self.langs or tuple(catalog.kit_languages)
        for lesson in catalog.lessons:
            if self.lessons and lesson.id not in self.lessons:
                continue
            for band in catalog.bands:
                if self.bands and band.id not in self.bands:
                    continue
                for lang in catalog.kit_languages:
                    if lang in wanted:
                        yield lesson.id, band.id, lang
                for lang in catalog.letter_languages:  # letters only, once every text of the letter is there
                    if lang in wanted and letter_complete(catalog, lesson.id, band.id, lang):
                        yield lesson.id, band.id, lang


def kinds_for(catalog: Catalog, lang: str, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds made in ``lang``: all of them in a kit language, the letter kinds in a letter language."""
    if lang in catalog.kit_languages:
        return kinds
    return tuple(kind for kind in kinds if kind.startswith("letter"))


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the manifest's artifacts, and which of them it rendered or removed."""

    artifacts: list[Artifact]  # everything the manifest lists now
    rendered: list[Artifact]  # selected, and made because their inputs changed (or --force)
    unchanged: list[Artifact]  # selected, and already up to date
    removed: list[Artifact]  # of lessons, bands or languages that no longer exist
    warnings: list[str] = field(default_factory=list)  # what the user should know, though the build went fine

    @property
    def not_selected(self) -> int:
        """Artifacts outside a filtered build's selection, left as they were."""
        return len(self.artifacts) - len(self.rendered) - len(self.unchanged)


def artifact_path(lesson: str, band: str, lang: str, kind: str, suffix: str) -> str:
    """Where an artifact goes inside the output folder; every id must be a name (see kitgen.ids)."""
    for value, what in ((lesson, "lesson"), (band, "band"), (lang, "language"), (kind, "kind")):
        bad_id = id_problem(value, what)
        if bad_id:
            raise KitgenError(bad_id)
    return f"{lang}/{band}/{lesson}/{lesson}-{band}-{lang}-{kind}{suffix}"


@dataclass
class Plan:
    """What a build does with each artifact, decided from the previous manifest before anything renders."""

    tasks: list[Task]  # selected artifacts to render
    kept: list[Artifact]  # selected artifacts already up to date
    others: list[Artifact]  # artifacts outside the selection, left as they are
    stale: list[Artifact]  # artifacts of lessons, bands, languages or kinds that no longer exist


def plan(
    catalog: Catalog, kinds: tuple[str, ...], selection: Selection, hasher: InputHasher,
    previous: dict[tuple[str, str, str, str], Artifact], is_intact: Callable[[Artifact], bool], force: bool,
) -> Plan:
    """Sort every artifact of the catalog into render, keep, leave alone or remove."""
    lessons = {lesson.id: lesson for lesson in catalog.lessons}
    selected, tasks, kept, kit_digests = set(), [], [], {}
    for lesson_id, band_id, lang in selection.jobs(catalog):
        if (lesson_id, band_id) not in kit_digests:
            kit_digests[lesson_id, band_id] = hasher.kit_digest(lessons[lesson_id], band_id)
        view = None  # resolved only if something of this kit must be rendered
        for kind in kinds_for(catalog, lang, kinds):
            key = (lesson_id, band_id, lang, kind)
            selected.add(key)
            inputs = hasher.artifact_inputs(kit_digests[lesson_id, band_id], lang, kind)
            old = previous.get(key)
            if not force and old is not None and old.inputs == inputs and is_intact(old):
                kept.append(old)
                continue
            view = view or make_view(catalog, lessons[lesson_id], band_id, lang)
            tasks.append(Task(view, kind, inputs))
    every_language = Selection(langs=tuple(language.code for language in catalog.languages))
    existing = {
        (*kit, kind) for kit in every_language.jobs(catalog)
        for kind in (*kinds_for(catalog, kit[2], kinds), ZIP_KIND)
    }
    others = [a for key, a in previous.items() if key in existing and key not in selected]
    stale = [a for key, a in previous.items() if key not in existing]
    return Plan(tasks, kept, others, stale)


def build(
    catalog: Catalog,
    renderers: Renderers,
    out_dir: Path,
    selection: Selection,
    context: BuildContext,
    *,
    lessons_dir: Path,
    jobs: int = 1,
    force: bool = False,
    progress: Progress = lambda path, done, total: None,
    zip_kits: bool = False,
    left_out: Iterable[str] = (),
) -> BuildResult:
    """Render the selected artifacts whose inputs changed (all with ``force``), then commit them together.

    Nothing in ``out_dir`` changes until every artifact has rendered; on any error it stays as it was.
    With ``zip_kits``, each selected kit's files are also packed into one zip (kind ``zip``). The kits of
    ``left_out`` lessons (drafts, lessons not loaded for a filtered build) stay as they are.
    """
    selection.validate(catalog)
    refuse_inside(out_dir, (lessons_dir, context.assets_dir, *context.templates_dirs))
    hasher = InputHasher(context, catalog)
    with OutputFolder(out_dir, own_name=follows_naming) as output:
        previous = output.previous()
        todo = plan(catalog, tuple(renderers.kinds), selection, hasher, previous, output.is_intact, force)
        alone = set(left_out)
        todo.others += [a for a in todo.stale if a.lesson in alone]
        todo.stale = [a for a in todo.stale if a.lesson not in alone]
        rendered, made = [], {}
        for task, result in render_all(todo.tasks, renderers, context, jobs):
            view = task.view
            relative = artifact_path(view.lesson_id, view.band.id, view.lang, task.kind, result.suffix)
            rendered.append(
                output.stage(
                    relative, result.data,
                    lesson=view.lesson_id, band=view.band.id, lang=view.lang, kind=task.kind, inputs=task.inputs,
                )
            )
            progress(relative, len(rendered), len(todo.tasks))
            if zip_kits:
                made[relative] = result.data
        # a selected kit's old zip is made again (or kept) by a --zip build, and removed by one without --zip
        kits = set(selection.jobs(catalog))
        old_zips = [a for a in todo.others if a.kind == ZIP_KIND and (a.lesson, a.band, a.lang) in kits]
        todo.others = [a for a in todo.others if a not in old_zips]
        if not zip_kits:
            todo.stale.extend(old_zips)
        else:
            zipped, kept_zips = _zip_kits(catalog, todo.kept + rendered, made, output, previous, context, force)
            rendered += zipped
            todo.kept.extend(kept_zips)
        moved = [previous[a.key] for a in rendered if a.key in previous and previous[a.key].path != a.path]
        artifacts = todo.kept + todo.others + rendered
        removed = output.commit(f"kitgen {__version__}", artifacts, todo.stale + moved)
    return BuildResult(
        artifacts=artifacts, rendered=rendered, unchanged=todo.kept, removed=removed, warnings=output.warnings
    )


#: A school's name as a zip's file name ends with it (see kitgen.kitzip.slug).
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
#: The file suffixes kitgen writes.
_SUFFIXES = (".pptx", ".pdf", ".txt", ".html", ".eml", ".zip")


def follows_naming(artifact: Artifact) -> bool:
    """Whether a manifest entry's path is one kitgen itself would write: only such files are ever removed."""
    if any(id_problem(value, "id") for value in (artifact.lesson, artifact.band, artifact.lang, artifact.kind)):
        return False
    if artifact.kind == ZIP_KIND:
        prefix = f"{artifact.lesson}-{artifact.band}-{artifact.lang}"
        name = artifact.path
        return "/" not in name and name.endswith(".zip") and (
            name == f"{prefix}.zip" or (name.startswith(f"{prefix}-") and _SLUG.fullmatch(name[len(prefix) + 1:-4]))
        )
    stem = artifact_path(artifact.lesson, artifact.band, artifact.lang, artifact.kind, "")
    return artifact.path.startswith(stem) and artifact.path[len(stem):] in _SUFFIXES


def _zip_kits(
    catalog: Catalog, files: list[Artifact], made: dict[str, bytes], output: OutputFolder,
    previous: dict[tuple[str, str, str, str], Artifact], context: BuildContext, force: bool,
) -> tuple[list[Artifact], list[Artifact]]:
    """One zip per kit of ``files`` (staged), unless the one from before holds the same files; (made, kept)."""
    kits: dict[tuple[str, str, str], list[Artifact]] = {}
    for artifact in files:
        kits.setdefault((artifact.lesson, artifact.band, artifact.lang), []).append(artifact)
    school = context.school.name if context.school is not None else None
    lessons = {lesson.id: lesson for lesson in catalog.lessons}
    drafts = [language.code for language in catalog.languages if language.status == "draft"]
    zipped, kept = [], []
    for (lesson_id, band_id, lang), members in sorted(kits.items()):
        members.sort(key=lambda a: (KINDS.index(a.kind) if a.kind in KINDS else len(KINDS), a.path))
        name = kit_zip_name(lesson_id, band_id, lang, school)
        title = f"{lessons[lesson_id].title[lang]} – {catalog.band(band_id).label[lang]}"
        kit_words = catalog.kit_words.get(lang)
        # the read-me's words (its catalogue, the draft notes) count too
        words = readme([flat_name(a.path) for a in members], lang, title, drafts, kit_words)
        parts = [ZIP_KIND, name, *words, context.build_date.isoformat(), *(f"{a.path} {a.sha256}" for a in members)]
        inputs = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        old = previous.get((lesson_id, band_id, lang, ZIP_KIND))
        if not force and old is not None and old.inputs == inputs and old.path == name and output.is_intact(old):
            kept.append(old)
            continue
        contents = [(a.path, made[a.path] if a.path in made else (output.root / a.path).read_bytes()) for a in members]
        data = pack_kit(contents, lang, context.build_date, title, drafts=drafts, kit_words=kit_words)
        zipped.append(output.stage(name, data, lesson=lesson_id, band=band_id, lang=lang, kind=ZIP_KIND, inputs=inputs))
    return zipped, kept
