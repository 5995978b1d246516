"""The teacher's guide paginated for print: the answer key on pages of its own, headings with what follows,
the safeguarding box whole."""
from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from kitgen.i18n import Labels
from kitgen.renderers.sheet.answers import BODY_PT, guide_styles
from kitgen.renderers.sheet.worksheet import SHEET_MARGINS
from kitgen.loader import load_catalog
from kitgen.view import make_view
from worksheet_pdf import flat, pages_text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
LESSONS = {lesson.id: lesson for lesson in CATALOG.lessons}

#: Headings are set bold at these sizes (section heading, exercise heading).
HEADING_SIZES = {round(guide_styles(BODY_PT)[name].fontSize, 2) for name in ("h2",)}


def _guides(built, manifest):
    for entry in manifest["artifacts"]:
        if entry["kind"] == "answers":
            yield entry, (built / entry["path"]).read_bytes()


def _last_line_sizes(data: bytes) -> list[float]:
    """Per page, the font size of the lowest line of text above the footer."""
    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines: list[tuple[float, float]] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                y = cm[5] + tm[5] * cm[3]
                if y > SHEET_MARGINS[2]:
                    lines.append((y, round(size * tm[3] * cm[3], 2) if tm[3] else size))

        page.extract_text(visitor_text=visit)
        sizes.append(min(lines)[1] if lines else 0)
    return sizes


def test_the_answer_key_starts_on_a_page_of_its_own_and_ends_the_guide(built, manifest):
    for entry, data in _guides(built, manifest):
        pages = pages_text(data)
        key = Labels(entry["lang"])("answer_key").upper()
        starts = [n for n, page in enumerate(pages) if page.startswith(key)]
        assert starts, entry["path"]
        first = starts[0]
        view = make_view(CATALOG, LESSONS[entry["lesson"]], entry["band"], entry["lang"])
        explanations = [flat(exercise.explanation) for exercise in view.content.exercises]
        before, key = " ".join(pages[:first]), " ".join(pages[first:])
        assert all(e not in before and e in key for e in explanations), entry["path"]
        sources = Labels(entry["lang"])("sources")
        assert sources in before and sources not in key, entry["path"]  # the key ends the guide


def test_no_page_ends_with_a_heading(built, manifest):
    for entry, data in _guides(built, manifest):
        sizes = _last_line_sizes(data)
        for number, size in enumerate(sizes[:-1], 1):
            assert size not in HEADING_SIZES, (entry["path"], number)


def test_the_safeguarding_box_stays_on_one_page(built, manifest):
    for entry, data in _guides(built, manifest):
        labels = Labels(entry["lang"])
        pages = pages_text(data)
        holding = [n for n, page in enumerate(pages)
                   if labels("safeguarding_lead") in page or labels("distance") in page]
        assert len(set(holding)) == 1, (entry["path"], holding)


def _key_pages(entry, data) -> list[int]:
    """How many exercises end on each page of the answer key (where each explanation is)."""
    pages = pages_text(data)
    first = next(n for n, page in enumerate(pages) if page.startswith(Labels(entry["lang"])("answer_key").upper()))
    view = make_view(CATALOG, LESSONS[entry["lesson"]], entry["band"], entry["lang"])
    where = [next(n for n, page in enumerate(pages) if flat(e.explanation)[-40:] in page) - first
             for e in view.content.exercises]
    return [where.count(n) for n in range(len(pages) - first)]


def test_no_answer_key_ends_with_one_exercise_alone(built, manifest):
    for entry, data in _guides(built, manifest):
        per_page = _key_pages(entry, data)
        assert all(per_page), (entry["path"], per_page)  # no page without an exercise
        assert len(per_page) == 1 or per_page[-1] > 1, (entry["path"], per_page)


def test_the_shipped_answer_keys_fit_one_page_each(built, manifest):
    """Five exercises run a little over a page at the usual spacing; set closer, each key fits one."""
    for entry, data in _guides(built, manifest):
        assert len(_key_pages(entry, data)) == 1, entry["path"]


def test_a_key_set_closer_keeps_the_body_size(built, manifest):
    """Setting the key closer takes space between rows and exercises, never type size."""
    for entry, data in _guides(built, manifest):
        reader = PdfReader(io.BytesIO(data))
        first = len(reader.pages) - len(_key_pages(entry, data))
        sizes: list[float] = []

        def visit(text, cm, tm, font, size):
            if text.strip() and cm[5] + tm[5] * cm[3] > SHEET_MARGINS[2]:  # above the footer
                sizes.append(round(size * tm[3] * cm[3], 2) if tm[3] else size)

        for page in reader.pages[first:]:
            page.extract_text(visitor_text=visit)
        assert sizes and min(sizes) >= 9, entry["path"]  # the eyebrow's 9 pt; everything else the body's
        assert sizes.count(BODY_PT) > len(sizes) / 2, entry["path"]


def _guide_pages_empty(entry, data) -> list[float]:
    """Per guide page before the answer key: the share of the text area left empty below its lowest text."""
    from reportlab.lib.pagesizes import A4

    top, bottom = A4[1] - SHEET_MARGINS[0], SHEET_MARGINS[2]
    key = Labels(entry["lang"])("answer_key").upper()
    empty = []
    for page in PdfReader(io.BytesIO(data)).pages:
        if (page.extract_text() or "").startswith(key):
            break
        heights: list[float] = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size:
                          text.strip() and heights.append(cm[5] + tm[5] * cm[3]))
        empty.append((min(y for y in heights if y > bottom + 5) - bottom) / (top - bottom))
    return empty


def test_no_guide_page_but_the_last_is_a_third_empty(built, manifest):
    """The safeguarding box, too tall for the room under the lesson plan, lets the background fill it."""
    for entry, data in _guides(built, manifest):
        empty = _guide_pages_empty(entry, data)
        assert all(share < 1 / 3 for share in empty[:-1]), (entry["path"], [round(e, 2) for e in empty])


def test_the_safeguarding_box_follows_the_lesson_plan_within_a_page(built, manifest):
    for entry, data in _guides(built, manifest):
        labels = Labels(entry["lang"])
        pages = pages_text(data)
        view = make_view(CATALOG, LESSONS[entry["lesson"]], entry["band"], entry["lang"])
        plan_ends = max(n for n, page in enumerate(pages) if flat(view.content.activities[-1].description)[-30:] in page)
        box = next(n for n, page in enumerate(pages) if labels("safeguarding_lead") in page)
        last_background = flat(view.guide[-1].points[-1])[-30:]
        assert plan_ends <= box <= plan_ends + 1, entry["path"]
        assert box <= next(n for n, page in enumerate(pages) if last_background in page), entry["path"]
