"""The command line: build, check and list; reportlab and python-pptx are imported only to build."""
from __future__ import annotations

from pathlib import Path

import click

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.i18n import LANGUAGES

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
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Render in N processes at once.  [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild every selected file, even those whose inputs did not change.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(lessons_dir: Path, out_dir: Path, lessons, bands, langs, jobs: int | None, force: bool, quiet: bool) -> None:
    """Build the kits into the output folder.

    Only files whose inputs (lesson, bands, resources, templates, assets, settings, kitgen itself)
    changed since the last build are made again; files of lessons, bands or languages that no longer
    exist are removed.
    """
    from kitgen.build import Selection, build as run_build
    from kitgen.rendering import available_cores, default_renderers

    context = BuildContext()
    catalog = _load(lessons_dir, context)
    selection = Selection(tuple(lessons), tuple(bands), tuple(langs))
    with _ProgressBar(enabled=not quiet) as progress:
        result = run_build(
            catalog, default_renderers(), out_dir, selection, context,
            lessons_dir=lessons_dir, jobs=jobs or available_cores(), force=force, progress=progress,
        )
    if not quiet:
        removed = f", removed {len(result.removed)} old" if result.removed else ""
        click.echo(
            f"Made {len(result.rendered)} files, {result.unchanged} already up to date{removed}, "
            f"in {out_dir}/ (see {out_dir}/manifest.json)."
        )


class _ProgressBar:
    """click's progress bar over the files being made; shown only in a terminal and only once there is work."""

    def __init__(self, enabled: bool):
        self._enabled = enabled and click.get_text_stream("stdout").isatty()
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
def check(lessons_dir: Path) -> None:
    """Validate the lessons without writing anything."""
    catalog = _load(lessons_dir, BuildContext())
    kits = len(catalog.lessons) * len(catalog.bands) * len(LANGUAGES)
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

