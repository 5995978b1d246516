"""The command line: build, check and list; reportlab and python-pptx are imported only to build."""
from __future__ import annotations

from pathlib import Path

import click

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
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


def _load(lessons_dir: Path, context: BuildContext):
    from kitgen.loader import load_catalog

    return load_catalog(lessons_dir, context.assets_dir)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitgen", message="%(prog)s %(version)s")
def main() -> None:
    """kitgen makes classroom kits on staying safe online from YAML lessons.

    For every lesson, age band and language it writes a slide deck, a worksheet,
    an answer key with the lesson plan, and a parent letter (PDF and text).
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
    "--slides-template",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    metavar="FILE",
    help="A .pptx with the layouts title, content, two-column, picture-text, question and closing.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(lessons_dir: Path, out_dir: Path, lessons, bands, langs, slides_template: Path | None, quiet: bool) -> None:
    """Build the kits into the output folder."""
    from kitgen.build import Selection, build as run_build
    from kitgen.renderers import default_registry

    context = BuildContext(slides_template=slides_template)
    catalog = _load(lessons_dir, context)
    _refuse_output_inside_sources(out_dir, lessons_dir, context)
    selection = Selection(tuple(lessons), tuple(bands), tuple(langs))
    registry = default_registry()
    show = (lambda line: None) if quiet else (lambda line: click.echo(f"  wrote {line}"))
    artifacts = run_build(catalog, registry, out_dir, selection, context, progress=show)
    if not quiet:
        click.echo(f"Built {len(artifacts)} files into {out_dir}/ (see {out_dir}/manifest.json).")


@main.command()
@_LESSONS
def check(lessons_dir: Path) -> None:
    """Validate the lessons without writing anything."""
    catalog = _load(lessons_dir, BuildContext())
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


def _refuse_output_inside_sources(out_dir: Path, lessons_dir: Path, context: BuildContext) -> None:
    """The build must never write into (or over) its own inputs."""
    out = out_dir.resolve()
    for source in (lessons_dir, context.assets_dir, *context.templates_dirs):
        src = source.resolve()
        if out == src or out.is_relative_to(src):
            raise KitgenError(f"--out {out_dir} is inside the input folder {source}; choose another folder")
