"""Checks across a loaded catalog: references, answers, timings, asset paths and how fresh the facts are."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Collection

from kitgen.errors import Pos, Problem
from kitgen.i18n import LANGUAGE_NAMES, LANGUAGES
from kitgen.ids import id_problem
from kitgen.model import (
    Band,
    BandContent,
    Catalog,
    ChoiceExercise,
    FillExercise,
    HelpSlide,
    MatchExercise,
    Picture,
    QuizSlide,
    ScenarioSlide,
    position,
)
from kitgen.schema import did_you_mean

#: ``https:``, ``file:``, ``data:`` …; one letter would be a Windows drive, refused as an absolute path.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
#: A web address a reader can open: where a resource's facts were checked, or its site.
_WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s]+\Z")
#: A blank in a fill-in sentence: the marker the worksheet turns into a line and a word-bank entry.
_BLANK = re.compile(r"\[\[(.+?)\]\]")
#: Largest picture kitgen will decode (about 6000 × 4000); bigger ones cost memory for nothing on a slide.
MAX_PIXELS = 25_000_000
#: Picture formats every renderer can place.
IMAGE_FORMATS = ("PNG", "JPEG")
#: The numbers a band may give: (lowest, highest), so no renderer meets a size of 0 or a 1000-line page.
BAND_RANGES = {
    "minutes": (10, 240),
    "slide_body_pt": (12, 60),
    "slide_title_pt": (16, 96),
    "worksheet_body_pt": (8, 24),
    "writing_lines": (1, 12),
}
#: Longest lesson title: it is the deck's title and goes into file properties limited to 255 characters.
MAX_TITLE_CHARS = 120
#: How old a review or verification may be before kitgen warns.
STALE_AFTER_MONTHS = 12


def band_problems(bands: list[Band]) -> list[Problem]:
    """Band ids that could not name a folder, and sizes out of range: bands.yaml's own problems."""
    problems: list[Problem] = []
    for band in bands:
        bad_id = id_problem(band.id, "band")
        if bad_id:
            problems.append(Problem(position(band, "id"), bad_id))
        for name, (low, high) in BAND_RANGES.items():
            value = getattr(band, name)
            if not low <= value <= high:
                problems.append(Problem(position(band, name), f"'{name}' is {value}; give a number from {low} to {high}"))
    return problems


def check_catalog(catalog: Catalog) -> list[Problem]:
    """Problems across a whole loaded catalog: lesson ids, and lesson plans that fit the band's time."""
    problems: list[Problem] = []
    seen_lessons: dict[str, Pos] = {}
    for lesson in catalog.lessons:
        bad_id = id_problem(lesson.id, "lesson")
        if bad_id:
            problems.append(Problem(position(lesson, "id"), bad_id))
        elif lesson.pos is not None and lesson.id != PurePosixPath(lesson.pos.path).stem:
            problems.append(
                Problem(
                    position(lesson, "id"),
                    f"lesson id '{lesson.id}' differs from the file name {PurePosixPath(lesson.pos.path).name}; "
                    "use the file name without .yaml",
                )
            )
        for lang, title in lesson.title.values.items():
            if len(title) > MAX_TITLE_CHARS:
                problems.append(Problem(position(lesson, "title"), f"the {LANGUAGE_NAMES.get(lang, lang)} title is {len(title)} "
                                        f"characters long; keep it to {MAX_TITLE_CHARS} (it names files and slides)"))
        if lesson.id in seen_lessons:
            first = seen_lessons[lesson.id]
            problems.append(Problem(position(lesson, "id"), f"lesson id '{lesson.id}' is also used by {first.path}"))
        seen_lessons.setdefault(lesson.id, lesson.pos)
        for band_id, content in lesson.bands.items():
            band = catalog.band(band_id)
            total = sum(a.minutes for a in content.activities)
            if total != band.minutes:
                where = content.activities[0].pos if content.activities else content.pos
                problems.append(
                    Problem(
                        where,
                        f"the activities for band {band_id} add up to {total} minutes, "
                        f"but a lesson for this band lasts {band.minutes}",
                    )
                )
    for lang in LANGUAGES:
        bad_id = id_problem(lang, "language")
        if bad_id:  # languages are kitgen's own data; a bad one is caught here before it names a folder
            problems.append(Problem(Pos("kitgen/i18n/__init__.py"), bad_id))
    return problems


def resource_problems(resources) -> list[Problem]:
    """Every resource says where its facts were checked: a web address (``source``), read on ``verified``."""
    problems = []
    for resource in resources:
        for key in ("source", "url"):
            value = getattr(resource, key)
            if value is not None and not _WEB_ADDRESS.match(value):
                problems.append(Problem(position(resource, key), f"'{key}' of resource '{resource.id}' must be a "
                                        f"web address starting with https:// or http://, not '{value}'"))
    return problems


def node_problems(item, resource_ids: Collection[str] | None, assets_dir: Path) -> list[Problem]:
    """Problems of one lesson node, checked as soon as it is built, so a broken sibling hides none of them.

    ``resource_ids`` is None when resources.yaml could not be read (then references are not checked).
    """
    problems = _shape_problems(item)
    if isinstance(item, (QuizSlide, ChoiceExercise)) and len(item.options) >= 2 and not 1 <= item.answer <= len(item.options):
        problems.append(
            Problem(
                position(item, "answer"),
                f"answer {item.answer} is not one of the options; "
                f"give the number of the right option, 1 to {len(item.options)}",
            )
        )
    if isinstance(item, ScenarioSlide) and (item.chat is None) == (item.request is None):
        problems.append(Problem(item.pos, "a scenario needs either 'chat' or 'request' (one of them)"))
    if isinstance(item, Picture):
        problems += check_picture(item, assets_dir)
    if isinstance(item, (HelpSlide, BandContent)) and resource_ids is not None:
        for index, resource_id in enumerate(item.resources):
            if resource_id not in resource_ids:
                problems.append(
                    Problem(
                        position(item, f"resources[{index}]"),
                        f"unknown resource '{resource_id}'; known: {', '.join(resource_ids)}"
                        f"{did_you_mean(resource_id, resource_ids)}",
                    )
                )
    return problems


def _shape_problems(item) -> list[Problem]:
    """Exercises that cannot work on paper: one option, one pair to match, a fill-in without a blank."""
    problems = []
    if isinstance(item, (QuizSlide, ChoiceExercise)) and len(item.options) < 2:
        problems.append(Problem(position(item, "options"), f"a '{item.kind}' needs at least 2 options"))
    if isinstance(item, MatchExercise) and len(item.pairs) < 2:
        problems.append(Problem(position(item, "pairs"), "a 'match' exercise needs at least 2 pairs"))
    if isinstance(item, FillExercise):
        for index, sentence in enumerate(item.sentences):
            where = position(item, f"sentences[{index}]")
            for lang, text in sentence.values.items():
                language = LANGUAGE_NAMES.get(lang, lang)
                if not _BLANK.search(text):
                    problems.append(Problem(where, f"the {language} sentence has no [[word]] to leave blank"))
                elif "[[" in _BLANK.sub("", text) or "]]" in _BLANK.sub("", text):
                    problems.append(Problem(where, f"the {language} sentence has a '[[' or ']]' without its other half"))
    return problems


def stale_warnings(catalog: Catalog, build_date: dt.date) -> list[Problem]:
    """Reviews and verifications older than STALE_AFTER_MONTHS before ``build_date``."""
    limit = _months_before(build_date, STALE_AFTER_MONTHS)
    warnings = []
    for lesson in catalog.lessons:
        if lesson.reviewed < limit:
            warnings.append(
                Problem(
                    position(lesson, "reviewed"),
                    f"lesson '{lesson.id}' was last reviewed on {lesson.reviewed}, more than "
                    f"{STALE_AFTER_MONTHS} months before {build_date}; check its facts and update 'reviewed'",
                )
            )
    for resource in catalog.resources.values():
        if resource.verified < limit:
            warnings.append(
                Problem(
                    position(resource, "verified"),
                    f"resource '{resource.id}' was last verified on {resource.verified}, more than "
                    f"{STALE_AFTER_MONTHS} months before {build_date}; check its address and phone "
                    "and update 'verified'",
                )
            )
    return warnings


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last_day in (day.day, 30, 29, 28):  # 29 February or 31st → the end of that month
        try:
            return dt.date(year, month + 1, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def check_picture(picture: Picture, assets_dir: Path) -> list[Problem]:
    """A picture's alt text, and that its file is a safe, reasonably sized image inside the assets folder."""
    from kitgen.pictures import unknown_picture

    if (picture.id is None) == (picture.file is None):
        return [Problem(picture.pos, "a picture needs either an 'id' from assets/pictures.yaml or a 'file' (one of them)")]
    if picture.id is not None:
        unknown = unknown_picture(picture.id, position(picture, "id"), assets_dir)
        return [unknown] if unknown else []
    problems = []
    if picture.alt is None and not picture.decorative:
        problems.append(Problem(picture.pos, "a picture needs 'alt' text, or 'decorative: true'"))
    message = asset_problem(picture.file, assets_dir)
    if message:
        problems.append(Problem(position(picture, "file"), f"picture '{picture.file}': {message}"))
    return problems


def asset_problem(name: str, folder: Path, shown: str = "assets/") -> str | None:
    """Why ``name`` cannot be used as a picture from ``folder`` (called ``shown`` in messages), or None."""
    if "\x00" in name:
        return "the name contains a NUL byte"
    if _URL.match(name):
        return f"web addresses are not allowed; save the picture in {shown} and give its name"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return f"absolute paths are not allowed; give a path inside {shown}"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return f"'..' is not allowed; give a path inside {shown}"
    found = resolve_asset(name, folder)
    if found is None:
        if (folder / name).is_symlink():
            return f"it is a link to a file outside {shown}; copy the file in instead"
        return f"no such file in {shown}"
    return _image_problem(found)


def resolve_asset(name: str, assets_dir: Path) -> Path | None:
    """The file ``name`` refers to inside ``assets_dir``, or None when it is missing or outside."""
    if "\x00" in name or _URL.match(name) or Path(name).is_absolute():
        return None
    root = assets_dir.resolve()
    candidate = (root / name).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _image_problem(path: Path) -> str | None:
    """Read only the image header: refuse what is not a picture, or too many pixels to decode safely."""
    import warnings

    from PIL import Image, UnidentifiedImageError  # only when a lesson has pictures: keeps `check` light

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # lazy: decodes nothing until the pixels are asked for
                size, kind = image.size, image.format
    except Image.DecompressionBombError:
        return f"the image has more than {MAX_PIXELS:,} pixels; make it smaller"
    except (UnidentifiedImageError, OSError):
        return f"not a picture kitgen can use; save it as {' or '.join(IMAGE_FORMATS)}"
    if kind not in IMAGE_FORMATS:
        return f"a {kind} image; save it as {' or '.join(IMAGE_FORMATS)}"
    if size[0] * size[1] > MAX_PIXELS:
        return f"the image is {size[0]} × {size[1]} pixels, more than {MAX_PIXELS:,}; make it smaller"
    return None
