"""The command line: build, check, list, init, config and the designer tools; heavy imports wait for a build."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kitgen import __version__
from kitgen.context import BuildContext
from kitgen.errors import KitgenError, Problem, ValidationError

#: Exit status for Ctrl-C (128 + SIGINT), as shells use.
INTERRUPTED = 130


class _Commands(click.Group):
    """kitgen's commands: Ctrl-C ends any of them with one line and exit status 130."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was changed", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except Exception as error:
            if not _interrupted(error):
                raise
            click.echo("interrupted; nothing was changed", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


def _interrupted(error: BaseException) -> bool:
    """Did Ctrl-C cause ``error``? Some libraries turn it into their own error (reportlab reading a font)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _path(exists: bool = False, **kinds) -> click.Path:
    return click.Path(path_type=Path, exists=exists, **kinds)


_LESSONS = click.option(
    "--lessons", type=_path(file_okay=False), default=None, metavar="DIR",
    help="Folder with the lesson files (and bands.yaml, resources.yaml, else the built-in ones)."
    "  [default: lessons/ if there is one here, else the built-in lessons]",
)
def _SELECTION(command):
    """--lesson, --band and --lang: which kits a command makes (build, preview)."""
    for option in reversed((
        click.option("--lesson", "lessons_wanted", multiple=True, metavar="ID", help="Only this lesson (repeatable)."),
        click.option("--band", "bands", multiple=True, metavar="ID", help="Only this age band (repeatable)."),
        click.option(
            "--lang", "langs", multiple=True, metavar="CODE",
            help="Only this language (repeatable): a kit language, or a letter language "
                 "(then only the parent letters).",
        ),
    )):
        command = option(command)
    return command


_CONFIG = click.option(
    "--config", "config_file", type=_path(exists=True, dir_okay=False), metavar="FILE",
    help="Settings file.  [default: kitgen.toml here or in a folder above]",
)
_STRICT = click.option("--strict", is_flag=True, help="Treat warnings (such as an old review date) as errors.")


def _settings(config_file: Path | None, **given):
    """The effective settings (kitgen.settings decides which value wins)."""
    from kitgen.settings import resolve

    return resolve(given, config_file)


def _load(lessons_dir: Path, context: BuildContext, strict: bool = False, *, only: tuple[str, ...] | None = None):
    """Load and validate the lessons; print warnings, which --strict turns into errors.

    With ``only`` (a build: the lesson ids asked for, or () for all), drafts are left out with a note, only the
    lessons built must be valid, the PDF font must have every character, and a catalog validated before is
    reused when nothing validation reads has changed (see kitgen.catalogcache). Returns a ``Loaded``.
    """
    from kitgen.agefit import age_fit_warnings
    from kitgen.checks import stale_warnings
    from kitgen.loader import load_checked, load_for_build

    if only is not None:
        from kitgen.catalogcache import validated_catalog
        from kitgen.glyphs import check_glyphs

        def validate():
            checked = load_for_build(lessons_dir, context.assets_dir, only)
            check_glyphs(checked.catalog, context.fonts_dir)
            return checked

        loaded = validated_catalog(lessons_dir, context, validate, key=" ".join(only))
    else:
        loaded = load_checked(lessons_dir, context.assets_dir)
    from kitgen.loader import display_path
    from kitgen.translations import apply_translations

    warnings = stale_warnings(loaded.catalog, context.build_date.date()) + age_fit_warnings(loaded.catalog)
    warnings += apply_translations(loaded.catalog, lessons_dir, display_path(lessons_dir)).warnings
    if context.school is not None:  # e.g. a signature written in one language only
        warnings += context.school.warnings
    if warnings and strict:
        raise ValidationError(warnings)
    for warning in warnings:
        click.echo(f"{warning.pos}: warning: {warning.message}", err=True)
    return loaded


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitgen", message="%(prog)s %(version)s")
def main() -> None:
    """kitgen makes classroom kits on staying safe online from YAML lessons.

    For every lesson, age band and language it writes a slide deck, a worksheet,
    an answer key with the lesson plan, and a parent letter (PDF, text and HTML).
    Settings can also come from a kitgen.toml (see `kitgen init` and `kitgen config`).
    """


@main.command()
@_LESSONS
@click.option(
    "--out", type=_path(file_okay=False), default=None, metavar="DIR",
    help="Folder to write the kits and manifest.json into.  [default: output]",
)
@_SELECTION
@click.option(
    "--school", type=_path(exists=True, dir_okay=False), metavar="FILE.yaml",
    help="School profile (name, teacher, class, lesson_date, email, phone, address, logo) for the parent letters.",
)
@click.option(
    "--templates", type=_path(exists=True, file_okay=False), metavar="DIR",
    help="Folder with your own letter templates; each one replaces the default of the same name.",
)
@click.option(
    "--slides-template", type=_path(exists=True, dir_okay=False), metavar="FILE",
    help="A .pptx with the layouts title, content, two-column, picture-text, question and closing.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Render in N processes at once.  [default: the number of cores]",
)
@click.option("--zip", "zip_kits", is_flag=True,
              help="Also pack each kit into one zip (LESSON-BAND-LANG[-SCHOOL].zip) with a read-me.")
@click.option("--force", is_flag=True, help="Rebuild every selected file, even those whose inputs did not change.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--watch", is_flag=True,
    help="Keep running: rebuild what changed whenever a lesson, band, resource, template or asset file is saved.",
)
@_STRICT
@_CONFIG
def build(
    lessons: Path | None, out: Path | None, lessons_wanted, bands, langs, school, templates,
    slides_template: Path | None, jobs: int | None, zip_kits: bool, force: bool, quiet: bool, watch: bool,
    strict: bool, config_file: Path | None,
) -> None:
    """Build the kits into the output folder.

    Only files whose inputs (lesson, bands, resources, templates, assets, settings, kitgen itself)
    changed since the last build are made again; files of lessons, bands or languages that no longer
    exist are removed. Nothing in the output folder changes unless every file could be made.
    Draft lessons (status: draft, or TODOs left) are left out with a note.
    """
    settings = _settings(
        config_file, lessons=lessons, out=out, school=school, templates=templates,
        slides_template=slides_template, langs=langs, bands=bands, jobs=jobs,
    )

    def build_once(show_progress: bool) -> str:
        return _build_once(settings, tuple(lessons_wanted), strict, force, zip_kits, show_progress)

    if not watch:
        summary = build_once(not quiet)
        if not quiet:
            click.echo(summary)
            _note_unpersonalised(settings)
        return
    from kitgen.watch import watch as watch_and_rebuild

    watched = [settings.lessons, *BuildContext().templates_dirs, BuildContext().assets_dir]
    watched += [path for path in (settings.templates, settings.school, settings.slides_template) if path]
    watch_and_rebuild(watched, lambda: build_once(False), ignore=[settings.out])


def _note_unpersonalised(settings) -> None:
    """Say (once a build) that without a school profile the parent letters still need the school's details."""
    if settings.school is None:
        click.echo("note: no --school profile, so the parent letters are not personalised: the printed letter has "
                   "lines to write on, the text, HTML and e-mail letters [placeholders] to replace before sending",
                   err=True)


def _build_once(settings, lessons_wanted: tuple[str, ...], strict: bool, force: bool, zip_kits: bool,
                show_progress: bool) -> str:
    """One build with these settings; its one-line summary (problems are raised)."""
    from kitgen.build import Selection, build as run_build
    from kitgen.rendering import available_cores, default_renderers

    problems = []
    try:
        context = _build_context(settings)
    except ValidationError as error:
        context, problems = BuildContext(), error.problems
    if settings.slides_template is not None:
        from kitgen.inputfile import SLIDES_TEMPLATE_BYTES, InputFileError, check_input

        try:
            check_input(settings.slides_template, SLIDES_TEMPLATE_BYTES)
        except InputFileError as why:
            raise KitgenError(f"--slides-template {settings.slides_template}: {why}") from None
    context = dataclasses.replace(context, slides_template=settings.slides_template)
    loaded = None
    try:
        loaded = _load(settings.lessons, context, strict, only=lessons_wanted)
    except ValidationError as error:
        problems += error.problems
    if problems:  # the profile's and the lessons' problems, reported together
        raise ValidationError(problems)
    for note in loaded.skipped:
        click.echo(f"{note}", err=True)
    catalog = loaded.catalog
    selection = Selection(lessons_wanted, settings.bands, settings.langs)
    _check_selection(selection, catalog, settings, loaded)
    _note_untranslated_letters(selection, catalog)
    with _ProgressBar(enabled=show_progress) as progress:
        result = run_build(
            catalog, default_renderers(), settings.out, selection, context,
            lessons_dir=settings.lessons, jobs=settings.jobs or available_cores(), force=force, progress=progress,
            zip_kits=zip_kits, left_out=loaded.left_out,
        )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    from kitgen.loader import display_path

    shown_out = display_path(settings.out)
    others = f", {result.not_selected} others left as they were" if result.not_selected else ""
    removed = f", removed {len(result.removed)} old" if result.removed else ""
    return (
        f"Made {len(result.rendered)} files, {len(result.unchanged)} already up to date{others}{removed}, "
        f"in {shown_out}/ (see {shown_out}/manifest.json)."
    )


def _note_untranslated_letters(selection, catalog) -> None:
    """For a letter language asked for by name: the lessons and bands whose letter it cannot make yet."""
    from kitgen.translations import letter_complete

    for lang in selection.langs:
        if lang not in catalog.letter_languages:
            continue
        for lesson in catalog.lessons:
            if selection.lessons and lesson.id not in selection.lessons:
                continue
            bands = [band.id for band in catalog.bands if (not selection.bands or band.id in selection.bands)
                     and not letter_complete(catalog, lesson.id, band.id, lang)]
            if bands:
                click.echo(f"note: no {lang} letter for '{lesson.id}' ({', '.join(bands)}): its letter texts are not "
                           f"all translated yet; `kitgen translate export --lang {lang} --lesson {lesson.id}`",
                           err=True)


def _check_selection(selection, catalog, settings, loaded) -> None:
    """Lesson, band and language values that name nothing: a command-line mistake (exit 2), or kitgen.toml's."""
    from kitgen.errors import Pos, Problem

    drafts = {note.lesson for note in loaded.skipped}
    known = {
        "lesson": sorted({lesson.id for lesson in catalog.lessons} | drafts | set(loaded.left_out)),
        "band": [band.id for band in catalog.bands],
        "lang": [language.code for language in catalog.languages],
    }
    for option, key, wanted in (("--lesson", None, selection.lessons), ("--band", "bands", selection.bands),
                                ("--lang", "langs", selection.langs)):
        kind = option[2:]
        for value in wanted:
            if value in known[kind]:
                continue
            message = f"no {'language' if kind == 'lang' else kind} '{value}'; choose from {', '.join(known[kind])}"
            if key is None or settings.from_command_line(key):
                raise click.UsageError(f"{option} {value}: {message}")
            raise ValidationError([Problem(settings.pos(key), message)])


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
@click.option(
    "--school", type=_path(exists=True, dir_okay=False), metavar="FILE.yaml",
    help="Also check a school profile, as build --school would use it.",
)
@_CONFIG
def check(lessons: Path | None, strict: bool, report: bool, school: Path | None, config_file: Path | None) -> None:
    """Validate the lessons without writing anything (drafts too)."""
    settings = _settings(config_file, lessons=lessons, school=school)
    problems, context = [], BuildContext()
    try:
        context = _build_context(settings)
    except ValidationError as error:
        problems = error.problems
    try:
        loaded = _load(settings.lessons, context, strict)
    except ValidationError as error:
        raise ValidationError(problems + error.problems) from None
    if problems:  # the profile's and the lessons' problems, reported together
        raise ValidationError(problems)
    catalog = loaded.catalog
    if report:
        from kitgen.readability import readability_warnings
        from kitgen.report import report_table

        click.echo(report_table(catalog))
        hard = readability_warnings(catalog)  # a kit that reads harder than its band's limits in bands.yaml
        if hard and strict:
            raise ValidationError(hard)
        for warning in hard:
            click.echo(f"{warning.pos}: warning: {warning.message}", err=True)
        from kitgen.translations import coverage_table

        click.echo()
        click.echo(coverage_table(catalog, settings.lessons))
    kits = len(catalog.lessons) * len(catalog.bands) * len(catalog.kit_languages)
    from kitgen.fitcheck import fit_problems  # here, not at the top: `kitgen --help` needs none of it
    from kitgen.glyphs import glyph_problems

    # what `build` checks before rendering, and what the slides' planner would refuse
    problems = glyph_problems(catalog, context.fonts_dir) + fit_problems(catalog, context)
    if problems:
        raise ValidationError(problems)
    for note in loaded.skipped:
        click.echo(f"{note.path}: draft ({note.reason}); kitgen build leaves it out")
    from kitgen.translations import coverage

    # a draft language with no text for these lessons makes no letter, so there is nothing to warn about
    drafts = [language for language in catalog.languages
              if language.status == "draft" and coverage(catalog, language.code)["translated"]]
    for language in drafts:
        click.echo(f"{language.pos}: warning: the {language.name} ({language.code}) texts are a draft translation, "
                   "not yet reviewed by a native speaker", err=True)
    if drafts and strict:
        raise ValidationError([Problem(language.pos, f"{language.name} ({language.code}) is a draft translation; "
                                                     "have it reviewed, then set 'status: ready'")
                               for language in drafts])
    letters = len(catalog.letter_languages)
    click.echo(
        f"OK: {len(catalog.lessons)} lessons, {len(catalog.bands)} bands, "
        f"{len(catalog.kit_languages)} kit languages ({kits} kits), {letters} letter languages."
    )


@main.command(name="list")
@_LESSONS
@_CONFIG
def list_(lessons: Path | None, config_file: Path | None) -> None:
    """List the lessons, age bands and languages."""
    catalog = _load(_settings(config_file, lessons=lessons).lessons, BuildContext()).catalog
    click.echo("Lessons:")
    for lesson in catalog.lessons:
        titles = "  |  ".join(f"{lang}: {lesson.title[lang]}" for lang in catalog.kit_languages)
        click.echo(f"  {lesson.id:<20} {titles}")
    click.echo("Bands:")
    for band in catalog.bands:
        labels = "  |  ".join(f"{lang}: {band.label[lang]}" for lang in catalog.kit_languages)
        click.echo(f"  {band.id:<20} {labels}")
    click.echo("Languages:")
    from kitgen.translations import coverage

    from kitgen.i18n.catalogues import find

    for language in catalog.languages:
        words = ""
        if language.purpose == "kit":
            covered = "every text"
            words = f"  kit words: {find(language.code, catalog.kit_words.get(language.code)).describe()}"
        else:
            counts = coverage(catalog, language.code)
            covered = f"{counts['translated']}/{counts['total']} letter texts"
        click.echo(f"  {language.code:<4} {language.tag:<6} {language.native:<12} {language.purpose:<6} "
                   f"{language.direction}  {covered}  {language.status}{words}")


@main.command()
@click.argument("file_format", metavar="[lesson|bands|resources|guide|languages]", default="lesson",
                type=click.Choice(["lesson", "bands", "resources", "guide", "languages"]))
@click.option(
    "--lessons", type=_path(exists=True, file_okay=False), default=None, metavar="DIR",
    help="Also list the band, resource and picture ids this lessons folder has, so an editor completes them.",
)
def schema(file_format: str, lessons: Path | None) -> None:
    """Print the JSON Schema of a file format (for editors).

    Save it, for example with `kitgen schema --lessons lessons > lesson.schema.json`, and point your
    editor's YAML language server at it: see docs/lesson-format.md.
    """
    import json

    from kitgen.jsonschema import json_schema

    ids = None
    if lessons is not None:
        from kitgen.loader import registry_ids
        from kitgen.pictures import load_pictures

        ids = {**registry_ids(lessons), "picture": list(load_pictures(BuildContext().assets_dir)[0].pictures)}
    click.echo(json.dumps(json_schema(file_format, ids), indent=2, ensure_ascii=False))


@main.command()
@_LESSONS
@_CONFIG
@click.argument("lesson_id")
def new(lessons: Path | None, config_file: Path | None, lesson_id: str) -> None:
    """Start a new lesson file, with every key and TODOs to fill in.

    Writes LESSONS/LESSON_ID.yaml (never over an existing file), as a draft. Replace every TODO, then run
    `kitgen check`: it lists each TODO that is left with its line.
    """
    from kitgen.builtin import lessons_dir as builtin_lessons
    from kitgen.scaffold import write_scaffold

    folder = _settings(config_file, lessons=lessons).lessons
    if folder == builtin_lessons():
        folder = Path("lessons")  # never into kitgen's own files
    path = write_scaffold(folder, lesson_id)
    click.echo(f"Wrote {path}. Replace every TODO, then run: kitgen check")
    schema_file = path.parent.parent / "lesson.schema.json"
    if not schema_file.exists():
        click.echo(
            f"For completion and explanations in your editor, save the schema its first line names once:\n"
            f"  kitgen schema --lessons {path.parent} > {schema_file}"
        )


@main.command()
@click.argument("folder", type=_path(file_okay=False), default=Path("."), required=False)
@click.option("--with-lessons", is_flag=True, help="Also copy the built-in lessons into FOLDER/lessons to edit.")
def init(folder: Path, with_lessons: bool) -> None:
    """Start a folder for kitgen: kitgen.toml, school.yaml to fill in, and optionally the lessons.

    Never overwrites a file that is already there.
    """
    from kitgen.starter import write_starter

    for path, written in write_starter(folder, with_lessons):
        click.echo(f"{'wrote' if written else 'kept '} {path}")
    click.echo("Next: fill in school.yaml, then run: kitgen build  (kitgen config shows the settings)")


@main.command()
@_CONFIG
def config(config_file: Path | None) -> None:
    """Print the effective settings and where each comes from."""
    from kitgen.settings import describe

    settings = _settings(config_file)
    click.echo(f"# settings file: {settings.config or '(none; kitgen init makes one)'}")
    for key, value, origin in describe(settings):
        click.echo(f"{key:<16} = {value:<40} # {origin}")


@main.command()
@_LESSONS
@_SELECTION
@click.option(
    "--out", "out_dir", type=_path(file_okay=False), default=Path("preview"), show_default=True, metavar="DIR",
    help="Folder to write the contact sheets into.",
)
@_CONFIG
def preview(lessons: Path | None, lessons_wanted, bands, langs, out_dir: Path, config_file: Path | None) -> None:
    """Write an HTML contact sheet of every slide per kit (drawn from the deck plan), to open in a browser."""
    from kitgen.build import Selection
    from kitgen.preview import write_contact_sheets

    catalog = _load(_settings(config_file, lessons=lessons).lessons, BuildContext()).catalog
    selection = Selection(tuple(lessons_wanted), tuple(bands), tuple(langs))
    written = write_contact_sheets(catalog, selection, BuildContext(), out_dir)
    click.echo(f"Wrote {len(written)} contact sheets in {out_dir}/.")


@main.group()
def translate() -> None:
    """Send the parent letters' texts to translators (PO or XLIFF 2.0) and take their work back."""


@translate.command(name="export")
@_LESSONS
@click.option("--lang", required=True, metavar="CODE", help="The letter language to translate into.")
@click.option("--lesson", "lesson_id", metavar="ID", help="Only this lesson's texts (else every lesson's and the shared ones).")
@click.option("--format", "file_format", type=click.Choice(["po", "xliff"]), default="po", show_default=True)
@click.option("--out", "out_file", type=_path(dir_okay=False), metavar="FILE",
              help="Where to write it.  [default: LANG.po or LANG.xlf, or LESSON.LANG.po with --lesson]")
@_CONFIG
def translate_export(lessons: Path | None, lang: str, lesson_id: str | None, file_format: str, out_file: Path | None,
                     config_file: Path | None) -> None:
    """Write every letter text LANG needs, with the Dutch source, its place and any translation so far.

    A translation whose Dutch text changed since it was made is marked fuzzy.
    """
    from kitgen.translate import rows, to_po, to_xliff

    lessons_dir = _settings(config_file, lessons=lessons).lessons
    catalog = _load(lessons_dir, BuildContext()).catalog
    found = rows(catalog, lessons_dir, lang, lesson_id)
    tag = catalog.language(lang).tag
    data = to_po(found, lang, tag) if file_format == "po" else to_xliff(found, lang, tag)
    suffix = ".po" if file_format == "po" else ".xlf"
    out_file = out_file or Path(f"{lesson_id + '.' if lesson_id else ''}{lang}{suffix}")
    out_file.write_bytes(data)
    done = sum(1 for row in found if row.translation and not row.fuzzy)
    fuzzy = sum(1 for row in found if row.fuzzy)
    click.echo(f"Wrote {out_file}: {len(found)} texts, {done} translated, {fuzzy} fuzzy, "
               f"{len(found) - done - fuzzy} to do.")


@translate.command(name="import")
@_LESSONS
@click.argument("file", type=_path(exists=True, dir_okay=False))
@click.option("--lang", metavar="CODE", help="The letter language of FILE.  [default: from the file]")
@_CONFIG
def translate_import(lessons: Path | None, file: Path, lang: str | None, config_file: Path | None) -> None:
    """Write the finished (not fuzzy) translations of a PO or XLIFF file into lessons/translations/."""
    from kitgen.translate import import_file

    lessons_dir = _settings(config_file, lessons=lessons).lessons
    catalog = _load(lessons_dir, BuildContext()).catalog
    counts = import_file(catalog, lessons_dir, file, lang)
    for path, changed in counts.items():
        click.echo(f"{path}: {changed} texts changed")
    if not counts:
        click.echo(f"{file}: no finished translations in it")


@main.command()
@_LESSONS
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers", type=click.IntRange(min=0), default=None, metavar="N",
    help="Processes that make the files (0: in the server process).  [default: the number of cores]",
)
@click.option(
    "--rate-limit", type=click.IntRange(min=0), default=120, show_default=True, metavar="N",
    help="Requests per minute one client may make (0: no limit).",
)
@_CONFIG
def serve(lessons: Path | None, host: str, port: int, workers: int | None, rate_limit: int,
          config_file: Path | None) -> None:
    """Serve the web page where teachers choose a lesson, fill in their school and download the kit."""
    from kitgen.web.server import run

    run(_settings(config_file, lessons=lessons).lessons, host=host, port=port, workers=workers, rate_limit=rate_limit)


def _build_context(settings) -> BuildContext:
    """The build's settings from the school profile and the templates folder (checked before anything is written)."""
    from kitgen.errors import Pos, Problem

    defaults = BuildContext()
    templates_dirs = defaults.templates_dirs
    for key in ("templates", "school", "slides_template"):
        value = getattr(settings, key)
        if value is not None and not value.exists():  # a command-line value was checked by click already
            raise ValidationError([Problem(settings.pos(key), f"{key}: no such file or folder {value}")])
    problems = []
    if settings.templates is not None:
        if not settings.templates.is_dir():
            raise ValidationError([Problem(settings.pos("templates"), f"{settings.templates} is not a folder")])
        from kitgen.templatefolder import template_folder_problems

        problems = template_folder_problems(settings.templates, templates_dirs[-1])
        templates_dirs = (settings.templates, *templates_dirs)
    if settings.school is None:
        if problems:
            raise ValidationError(problems)
        return BuildContext(templates_dirs=templates_dirs)
    from kitgen.school import load_school  # only now: it costs a build with nothing to do its time

    try:
        school = load_school(settings.school, defaults.fonts_dir)
    except ValidationError as error:
        problems += error.problems
    if problems:  # the templates' and the profile's, reported together
        raise ValidationError(problems)
    return BuildContext(templates_dirs=templates_dirs, school=school, author=school.name)
