"""The teacher's guide (answer key PDF): the shared background sections and the short-period line."""
from __future__ import annotations

from pathlib import Path
import dataclasses
import io

import pytest
from pypdf import PdfReader

from kitgen.context import BuildContext
from kitgen.loader import load_catalog
from kitgen.model import Text
from kitgen.renderers.sheet.answers import AnswersRenderer
from kitgen.view import make_view

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from

CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")


def guide_text(view) -> str:
    pdf = AnswersRenderer().render(view, BuildContext())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("lang, label", [("nl", "Korter lesuur?"), ("en", "Shorter period?")])
def test_the_short_period_line_is_printed_under_the_lesson_plan(lang, label):
    lesson = CATALOG.lessons[0]
    content = dataclasses.replace(
        lesson.bands["14-16"], short_period=Text({"nl": "Sla de quiz over.", "en": "Skip the quiz."})
    )
    lesson = dataclasses.replace(lesson, bands={**lesson.bands, "14-16": content})
    text = guide_text(make_view(CATALOG, lesson, "14-16", lang))
    line = {"nl": "Sla de quiz over.", "en": "Skip the quiz."}[lang]
    assert f"{label} {line}" in text
    assert text.index(line) > text.index({"nl": "Lesverloop", "en": "Lesson plan"}[lang])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("band", [band.id for band in CATALOG.bands])
def test_every_guide_has_the_shared_background_for_its_band(band, lang):
    view = make_view(CATALOG, CATALOG.lessons[0], band, lang)
    text = guide_text(view)
    sections = CATALOG.guide.for_band(band)
    assert len(sections) >= 6, "background, law, signs, before the lesson, images, incidents"
    for section in sections:
        assert " ".join(section.title[lang].split()) in text
        for point in section.points:
            assert " ".join(point[lang].split())[:60] in text
    for source in CATALOG.guide.sources:
        assert source.url[:40] in text.replace(" ", "")


def test_primary_and_secondary_guides_name_their_own_school_roles():
    def background(band):
        return " ".join(point["nl"] for section in CATALOG.guide.for_band(band) for point in section.points)

    primary, secondary = background("8-10"), background("14-16")
    assert "intern begeleider" in primary and "zorgcoördinator" not in primary
    assert "zorgcoördinator" in secondary and "intern begeleider" not in secondary
