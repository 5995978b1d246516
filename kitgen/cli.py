"""The command line: build, check and list; reportlab and python-pptx are imported only to build."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError, ValidationError
from kitgen.i18n import LANGUAGES

_LESSONS = click.option(
    "--lessons",
    "lessons_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("lessons"),
    show_default=True,
    help="Folder with bands.yaml, resources.yaml and the lesson files.",
)


_STRICT = click.option("--strict", is_flag=True, help="Treat warnings (such as an old review date) as errors.")


def _load(lessons_dir: Path, context: BuildContext, strict: bool = False, *, for_build: bool = False):
    """Load and validate the lessons; print warnings, which --strict turns into errors.

    ``for_build`` also checks that the PDF font has every character, and reuses the catalog a build
    validated before when nothing validation reads has changed (see kitgen.catalogcache).
    """
    from kitgen.checks import stale_warnings
    from kitgen.loader import load_catalog

    if for_build:
        from kitgen.catalogcache import validated_catalog
        from kitgen.glyphs import check_glyphs

        def validate():
            checked = load_catalog(lessons_dir, context.assets_dir)
            check_glyphs(checked, context.fonts_dir)
            return checked

        catalog = validated_catalog(lessons_dir, context, validate)
    else:
        catalog = load_catalog(lessons_dir, context.assets_dir)
    warnings = stale_warnings(catalog, context.build_date.date())
    if warnings and strict:
        raise ValidationError(warnings)
    for warning in warnings:
        click.echo(f"{warning.pos}: warning: {warning.message}", err=True)
    return catalog


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitgen", message="%(prog)s %(version)s")
def main() -> None:
    """kitgen makes classroom kits on staying safe online from YAML lessons.

    For every lesson, age band and language it writes a slide deck, a worksheet,
    an answer key with the lesson plan, and a parent letter (PDF, text and HTML).
    """


@main.command()
@_LESSONS
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write the kits and manifest.json into.",
)
@click.option("--lesson", "lessons", multiple=True, metavar="ID", help="Only this lesson (repeatable).")
@click.option("--band", "bands", multiple=True, metavar="ID", help="Only this age band (repeatable).")
@click.option(
    "--lang", "langs", multiple=True, type=click.Choice(list(LANGUAGES)), help="Only this language (repeatable)."
)
@click.option(
    "--school",
    "school_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.yaml",
    help="School profile (name, teacher, class, lesson_date, email, phone, logo) for the parent letters.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder with your own letter templates; each one replaces the default of the same name.",
)
@click.option(
    "--slides-template",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    metavar="FILE",
    help="A .pptx with the layouts title, content, two-column, picture-text, question and closing.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Render in N processes at once.  [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild every selected file, even those whose inputs did not change.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_STRICT
def build(
    lessons_dir: Path, out_dir: Path, lessons, bands, langs, school_file, templates_dir,
    slides_template: Path | None, jobs: int | None, force: bool, quiet: bool, strict: bool,
) -> None:
    """Build the kits into the output folder.

    Only files whose inputs (lesson, bands, resources, templates, assets, settings, kitgen itself)
    changed since the last build are made again; files of lessons, bands or languages that no longer
    exist are removed. Nothing in the output folder changes unless every file could be made.
    """
    from kitgen.build import Selection, build as run_build
    from kitgen.rendering import available_cores, default_renderers

    problems = []
    try:
        context = _build_context(school_file, templates_dir)
    except ValidationError as error:
        context, problems = BuildContext(), error.problems
    if slides_template is not None:
        from kitgen.inputfile import SLIDES_TEMPLATE_BYTES, InputFileError, check_input

        try:
            check_input(slides_template, SLIDES_TEMPLATE_BYTES)
        except InputFileError as why:
            raise KitgenError(f"--slides-template {slides_template}: {why}") from None
    context = dataclasses.replace(context, slides_template=slides_template)
    try:
        catalog = _load(lessons_dir, context, strict, for_build=True)
    except ValidationError as error:
        problems += error.problems
    if problems:  # the profile's and the lessons' problems, reported together
        raise ValidationError(problems)
    selection = Selection(tuple(lessons), tuple(bands), tuple(langs))
    with _ProgressBar(enabled=not quiet) as progress:
        result = run_build(
            catalog, default_renderers(), out_dir, selection, context,
            lessons_dir=lessons_dir, jobs=jobs or available_cores(), force=force, progress=progress,
        )
    if not quiet:
        others = f", {result.not_selected} others left as they were" if result.not_selected else ""
        removed = f", removed {len(result.removed)} old" if result.removed else ""
        click.echo(
            f"Made {len(result.rendered)} files, {len(result.unchanged)} already up to date{others}{removed}, "
            f"in {out_dir}/ (see {out_dir}/manifest.json)."
        )


class _ProgressBar:
    """click's progress bar over the files being made; shown only in a terminal and only once there is work."""

    def __init__(self, enabled: bool):
        self._enabled = enabled and sys.stdout.isatty()
        self._bar = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, path: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Making files", show_pos=True)
            self._bar.__enter__()
        self._bar.update(1)

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc_info)


@main.command()
@_LESSONS
@_STRICT
@click.option(
    "--report", is_flag=True, help="Also print slides, exercises, words and missing parts per lesson, band and language."
)
def check(lessons_dir: Path, strict: bool, report: bool) -> None:
    """Validate the lessons without writing anything."""
    catalog = _load(lessons_dir, BuildContext(), strict)
    if report:
        from kitgen.report import report_table

        click.echo(report_table(catalog))
    kits = len(catalog.lessons) * len(catalog.bands) * len(LANGUAGES)
    from kitgen.glyphs import check_glyphs  # here, not at the top: `kitgen --help` needs none of it

    check_glyphs(catalog, BuildContext().fonts_dir)  # what `build` checks before rendering
    click.echo(
        f"OK: {len(catalog.lessons)} lessons, {len(catalog.bands)} bands, "
        f"{len(LANGUAGES)} languages ({kits} kits)."
    )


@main.command(name="list")
@_LESSONS
def list_(lessons_dir: Path) -> None:
    """List the lessons, age bands and languages."""
    catalog = _load(lessons_dir, BuildContext())
    click.echo("Lessons:")
    for lesson in catalog.lessons:
        titles = "  |  ".join(f"{lang}: {lesson.title[lang]}" for lang in LANGUAGES)
        click.echo(f"  {lesson.id:<20} {titles}")
    click.echo("Bands:")
    for band in catalog.bands:
        labels = "  |  ".join(f"{lang}: {band.label[lang]}" for lang in LANGUAGES)
        click.echo(f"  {band.id:<20} {labels}")
    click.echo("Languages:")
    for code, tag in LANGUAGES.items():
        click.echo(f"  {code:<20} {tag}")


@main.command()
@click.argument("file_format", metavar="[lesson|bands|resources]", default="lesson",
                type=click.Choice(["lesson", "bands", "resources"]))
def schema(file_format: str) -> None:
    """Print the JSON Schema of a file format (for editors).

    Save it, for example with `kitgen schema > lesson.schema.json`, and point your editor's
    YAML language server at it: see docs/lesson-format.md.
    """
    import json

    from kitgen.jsonschema import json_schema

    click.echo(json.dumps(json_schema(file_format), indent=2, ensure_ascii=False))


@main.command()
@_LESSONS
@click.argument("lesson_id")
def new(lessons_dir: Path, lesson_id: str) -> None:
    """Start a new lesson file, with every key and TODOs to fill in.

    Writes LESSONS/LESSON_ID.yaml (never over an existing file). Replace every TODO, then run
    `kitgen check`: it lists each TODO that is left with its line.
    """
    from kitgen.scaffold import write_scaffold

    path = write_scaffold(lessons_dir, lesson_id)
    click.echo(f"Wrote {path}. Replace every TODO, then run: kitgen check")


def _build_context(school_file: Path | None, templates_dir: Path | None) -> BuildContext:
    """The build's settings from --school and --templates (checked before anything is written)."""
    defaults = BuildContext()
    templates_dirs = defaults.templates_dirs
    if templates_dir is not None:
        from kitgen.templatefolder import template_folder_problems

        problems = template_folder_problems(templates_dir, templates_dirs[-1])
        templates_dirs = (templates_dir, *templates_dirs)
    else:
        problems = []
    if school_file is None:
        if problems:
            raise ValidationError(problems)
        return BuildContext(templates_dirs=templates_dirs)
    from kitgen.school import load_school  # only now: it costs a build with nothing to do its time

    try:
        school = load_school(school_file, defaults.fonts_dir)
    except ValidationError as error:
        problems += error.problems
    if problems:  # the templates' and the profile's, reported together
        raise ValidationError(problems)
    return BuildContext(templates_dirs=templates_dirs, school=school, author=school.name)

