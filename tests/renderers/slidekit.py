"""Helpers for the slide tests: the shipped catalog, views, the renderer and plans with edited slides."""
from __future__ import annotations

from pathlib import Path
import dataclasses
from functools import lru_cache

from kitgen.context import BuildContext
from kitgen.errors import Pos
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.renderers.deck.slides import SlidesRenderer
from kitgen.view import LessonView, make_view

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from

CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
CONTEXT = BuildContext()
RENDERER = SlidesRenderer()
KITS = [(lesson.id, band.id, lang) for lesson in CATALOG.lessons for band in CATALOG.bands for lang in LANGUAGES]


@lru_cache(maxsize=None)
def view_of(lesson_id: str, band_id: str, lang: str) -> LessonView:
    lesson = next(lesson for lesson in CATALOG.lessons if lesson.id == lesson_id)
    return make_view(CATALOG, lesson, band_id, lang)


def with_slides(view: LessonView, *slides) -> LessonView:
    """The view with its slides replaced, and without ground rules (so the deck holds just these slides)."""
    safeguarding = dataclasses.replace(view.content.safeguarding, ground_rules=[])
    return dataclasses.replace(view, content=dataclasses.replace(view.content, slides=list(slides),
                                                                 safeguarding=safeguarding))


def first_slide(view: LessonView, kind: str):
    return next(slide for slide in view.content.slides if slide.kind == kind)


HERE = Pos("lessons/test.yaml", 12, 7)
