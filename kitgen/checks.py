"""Checks across a loaded catalog: references, answers, timings and asset paths."""
from __future__ import annotations

from pathlib import Path

from kitgen.errors import Pos, Problem
from kitgen.model import (
    Catalog,
    ChoiceExercise,
    HelpSlide,
    Picture,
    QuizSlide,
    ScenarioSlide,
)

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def check_catalog(catalog: Catalog, assets_dir: Path) -> list[Problem]:
    """Every cross-reference problem in the catalog."""
    problems: list[Problem] = []
    seen_lessons: dict[str, Pos] = {}
    for lesson in catalog.lessons:
        if not lesson.id or not set(lesson.id) <= _ID_CHARS:
            problems.append(Problem(lesson.pos, f"lesson id '{lesson.id}' may use only a-z, 0-9 and '-'"))
        if lesson.id in seen_lessons:
            first = seen_lessons[lesson.id]
            problems.append(Problem(lesson.pos, f"lesson id '{lesson.id}' is also used by {first.path}"))
        seen_lessons.setdefault(lesson.id, lesson.pos)
        for band_id, content in lesson.bands.items():
            band = catalog.band(band_id)
            for resource_id, where in _resource_refs(content):
                if resource_id not in catalog.resources:
                    known = ", ".join(catalog.resources)
                    problems.append(Problem(where, f"unknown resource '{resource_id}'; known: {known}"))
            for item in [*content.slides, *content.exercises]:
                if isinstance(item, (QuizSlide, ChoiceExercise)) and not 1 <= item.answer <= len(item.options):
                    problems.append(
                        Problem(item.pos, f"answer {item.answer} is not one of the {len(item.options)} options")
                    )
                if isinstance(item, ScenarioSlide) and (item.chat is None) == (item.request is None):
                    problems.append(Problem(item.pos, "a scenario needs either 'chat' or 'request' (one of them)"))
                picture = getattr(item, "picture", None)
                if picture is not None:
                    problems += _check_picture(picture, assets_dir)
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
    return problems


def _resource_refs(content):
    for resource_id in content.resources:
        yield resource_id, content.pos
    for slide in content.slides:
        if isinstance(slide, HelpSlide):
            for resource_id in slide.resources:
                yield resource_id, slide.pos


def _check_picture(picture: Picture, assets_dir: Path) -> list[Problem]:
    problems = []
    if picture.alt is None and not picture.decorative:
        problems.append(Problem(picture.pos, "a picture needs 'alt' text, or 'decorative: true'"))
    if not resolve_asset(picture.file, assets_dir):
        problems.append(
            Problem(picture.pos, f"picture '{picture.file}' is not a file inside the assets folder")
        )
    return problems


def resolve_asset(name: str, assets_dir: Path) -> Path | None:
    """The file ``name`` refers to inside ``assets_dir``, or None when it is missing or outside."""
    if "\x00" in name or "://" in name or Path(name).is_absolute():
        return None
    root = assets_dir.resolve()
    candidate = (root / name).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
