"""The command line: build, check and list; reportlab and python-pptx are imported only to build."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError, ValidationError
from kitgen.i18n import LANGUAGES
from kitgen.glyphs import check_glyphs

_LESSONS = click.option(
    "--lessons",
    "lessons_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("lessons"),
    show_default=True,
    help="Folder with bands.yaml, resources.yaml and the lesson files.",
)


_STRICT = click.option("--strict", is_flag=True, help="Treat warnings (such as an old review date) as errors.")


def _load(lessons_dir: Path, context: BuildContext, strict: bool = False):
    """Load and validate the lessons; print warnings, which --strict turns into errors."""
    from kitgen.checks import stale_warnings
    from kitgen.errors import ValidationError
    from kitgen.loader import load_catalog

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
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_STRICT
def build(
    lessons_dir: Path, out_dir: Path, lessons, bands, langs, school_file, templates_dir,
    slides_template: Path | None, quiet: bool, strict: bool,
) -> None:
    """Build the kits into the output folder."""
    from kitgen.build import Selection, build as run_build
    from kitgen.renderers import default_registry

    problems = []
    try:
        context = _build_context(school_file, templates_dir)
    except ValidationError as error:
        context, problems = BuildContext(), error.problems
    context = dataclasses.replace(context, slides_template=slides_template)
    try:
        catalog = _load(lessons_dir, context, strict)
    except ValidationError as error:
        problems += error.problems
    if problems:  # the profile's and the lessons' problems, reported together
        raise ValidationError(problems)
    _refuse_output_inside_sources(out_dir, lessons_dir, context)
    selection = Selection(tuple(lessons), tuple(bands), tuple(langs))
    selection.validate(catalog)
    registry = default_registry()
    _check_letter_templates(catalog, selection, context)
    show = (lambda line: None) if quiet else (lambda line: click.echo(f"  wrote {line}"))
    artifacts = run_build(catalog, registry, out_dir, selection, context, progress=show)
    if not quiet:
        click.echo(f"Built {len(artifacts)} files into {out_dir}/ (see {out_dir}/manifest.json).")


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
    from kitgen.school import load_school

    defaults = BuildContext()
    templates_dirs = defaults.templates_dirs
    if templates_dir is not None:
        if not templates_dir.is_dir():
            raise KitgenError(f"--templates {templates_dir}: no such folder")
        templates_dirs = (templates_dir, *templates_dirs)
    if school_file is None:
        return BuildContext(templates_dirs=templates_dirs)
    school = load_school(school_file, defaults.fonts_dir)
    return BuildContext(templates_dirs=templates_dirs, school=school, author=school.name)


def _check_letter_templates(catalog, selection, context: BuildContext) -> None:
    """Render one letter per language before writing anything, so a broken template stops the build early."""
    from kitgen.renderers.letter_text import LetterHtml, LetterText
    from kitgen.view import make_view

    lessons = {lesson.id: lesson for lesson in catalog.lessons}
    first_job = {}
    for lesson_id, band_id, lang in selection.jobs(catalog):
        first_job.setdefault(lang, (lesson_id, band_id))
    for lang, (lesson_id, band_id) in first_job.items():
        view = make_view(catalog, lessons[lesson_id], band_id, lang)
        for renderer in (LetterText(), LetterHtml()):
            renderer.render(view, context)


def _refuse_output_inside_sources(out_dir: Path, lessons_dir: Path, context: BuildContext) -> None:
    """The build must never write into (or over) its own inputs."""
    out = out_dir.resolve()
    for source in (lessons_dir, context.assets_dir, *context.templates_dirs):
        src = source.resolve()
        if out == src or out.is_relative_to(src):
            raise KitgenError(f"--out {out_dir} is inside the input folder {source}; choose another folder")
