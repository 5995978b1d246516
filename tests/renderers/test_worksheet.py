"""Worksheet and teacher guide PDFs: every question and answer is there, A4, embedded fonts, literal text."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from kitgen import model
from kitgen.context import BuildContext
from kitgen.loader import load_catalog
from kitgen.renderers.sheet.answers import AnswersRenderer
from kitgen.renderers.sheet.exercises import LAYOUTS
from kitgen.renderers.pdfbase import FONT, FONT_BOLD, MARGIN
from kitgen.renderers.sheet.worksheet import WorksheetRenderer
from kitgen.view import make_view
from worksheet_lesson import MARKUP, lone_lesson_tree, write_lone_lesson
from worksheet_pdf import embedded_fonts, flat, key_texts, pages_text, sheet_texts


BANDS = ("8-10", "14-16")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The all-kinds lesson rendered as worksheet and guide for two bands, in both languages."""
    lessons, assets = lone_lesson_tree(tmp_path_factory.mktemp("worksheet"))
    catalog = load_catalog(lessons, assets)
    context = BuildContext(assets_dir=assets)
    lesson = catalog.lessons[0]
    views, pdfs = {}, {}
    for band in BANDS:
        for lang in ("nl", "en"):
            view = make_view(catalog, lesson, band, lang)
            views[band, lang] = view
            pdfs[band, lang, "worksheet"] = WorksheetRenderer().render(view, context)
            pdfs[band, lang, "answers"] = AnswersRenderer().render(view, context)
    return views, pdfs, context


def test_every_exercise_kind_has_a_layout():
    kinds = set(typing.get_args(model.Exercise))
    assert kinds == set(LAYOUTS)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("band", BANDS)
def test_worksheet_holds_every_question_on_one_page(kit, band, lang):
    views, pdfs, _ = kit
    view = views[band, lang]
    pages = pages_text(pdfs[band, lang, "worksheet"])
    whole = " ".join(pages)
    for label in ("name", "class", "date"):
        assert view.labels(label) in whole
    assert view.title in whole and view.band.label in whole
    # the title, not the id "allkinds"; the version is for teachers, not on the pupils' sheet
    footer = f"{view.title} · {view.labels('worksheet')} · {view.band.label}"
    assert footer in whole and "allkinds" not in whole and view.labels("version", version="2.3") not in whole
    assert view.labels("page", page=1, pages=len(pages)) in pages[0]
    for exercise in view.content.exercises:
        wanted = [flat(exercise.prompt), *map(flat, sheet_texts(exercise))]
        # the whole exercise sits on one page: no exercise is split over a page break
        assert any(all(text in page for text in wanted) for page in pages), wanted


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("band", BANDS)
def test_guide_holds_plan_safeguarding_and_every_answer(kit, band, lang):
    views, pdfs, _ = kit
    view = views[band, lang]
    text = " ".join(pages_text(pdfs[band, lang, "answers"]))
    content = view.content
    for line in [
        *(g.text for g in content.goals), *(k.meaning for k in content.keywords), *content.materials,
        *content.preparation, *(a.description for a in content.activities), *content.safeguarding.ground_rules,
        *content.safeguarding.disclosure, *content.safeguarding.distance, *content.discussion_tips,
    ]:
        assert flat(line) in text
    assert view.labels("time_span", start=0, end=view.band.minutes) in text
    for number, exercise in enumerate(content.exercises, 1):
        assert flat(exercise.prompt) in text
        assert flat(exercise.explanation) in text
        for answer in key_texts(exercise, view, number):
            assert flat(answer) in text, answer


@pytest.mark.parametrize("kind", ["worksheet", "answers"])
def test_pdfs_are_a4_with_embedded_upright_fonts_and_metadata(kit, kind):
    views, pdfs, _ = kit
    for band in BANDS:
        for lang, tag in (("nl", "nl-NL"), ("en", "en-GB")):
            reader = PdfReader(io.BytesIO(pdfs[band, lang, kind]))
            for page in reader.pages:
                assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
            fonts = list(embedded_fonts(reader))
            assert fonts
            for font in fonts:
                assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
                assert not re.search("Italic|Oblique", font["/BaseFont"])
            assert reader.trailer["/Root"]["/Lang"] == tag
            meta = reader.metadata
            assert meta.title.startswith(views[band, lang].title)
            assert views[band, lang].band.label in meta.subject
            assert meta.author


def _sizes(data: bytes) -> list[tuple[str, float, float]]:
    """Every text chunk with its size and height on the page, in points."""
    chunks = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            chunks.append((text, round(size * tm[0] * cm[0], 1), tm[5] * cm[3] + cm[5]))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return chunks


@pytest.mark.parametrize("band", BANDS)
def test_pupils_read_nothing_smaller_than_the_bands_type_size(kit, band):
    views, pdfs, _ = kit
    view = views[band, "en"]
    chunks = _sizes(pdfs[band, "en", "worksheet"])
    option = view.content.exercises[0].options[0]
    assert {size for text, size, _ in chunks if option in text} == {float(view.band.worksheet_body_pt)}
    kicker = view.labels("worksheet").upper()
    # everything but the footer and the small line above the title
    read = [(text, size) for text, size, y in chunks if y > 20 * mm and not text.startswith(kicker)]
    assert read and min(size for _, size in read) >= view.band.worksheet_body_pt, read
    if band == "8-10":
        assert view.band.worksheet_body_pt >= 14


def test_markup_in_lesson_text_comes_out_literally(kit):
    _, pdfs, _ = kit
    for kind in ("worksheet", "answers"):
        text = " ".join(pages_text(pdfs["8-10", "en", kind]))
        assert MARKUP in text, kind


def test_picture_is_placed_where_the_yaml_asks(kit):
    _, pdfs, _ = kit
    reader = PdfReader(io.BytesIO(pdfs["8-10", "nl", "worksheet"]))
    images = [name for page in reader.pages for name in page.images]
    assert len(images) == 1  # the picture, and no <img> from lesson text


def test_rendering_is_reproducible_and_dated_by_source_date_epoch(kit, monkeypatch):
    views, pdfs, context = kit
    view = views["14-16", "nl"]
    assert WorksheetRenderer().render(view, context) == pdfs["14-16", "nl", "worksheet"]
    assert AnswersRenderer().render(view, context) == pdfs["14-16", "nl", "answers"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = BuildContext(assets_dir=context.assets_dir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01
    later = BuildContext(assets_dir=context.assets_dir)
    first = PdfReader(io.BytesIO(WorksheetRenderer().render(view, later))).metadata
    assert first["/CreationDate"].startswith("D:20260601")
    assert WorksheetRenderer().render(view, dated) != WorksheetRenderer().render(view, later)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_problems(kit, tmp_path):
    _, pdfs, _ = kit
    for (band, lang, kind), data in pdfs.items():
        path = tmp_path / f"{band}-{lang}-{kind}.pdf"
        path.write_bytes(data)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def _text_extent(data: bytes) -> tuple[float, float]:
    """The leftmost start and rightmost end of any text on any page, in points."""
    left, right = A4[0], 0.0

    def visit(text, cm, tm, font, size):
        nonlocal left, right
        if not text.strip() or font is None:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        name = FONT_BOLD if "Bold" in font["/BaseFont"] else FONT
        left = min(left, x)
        right = max(right, x + stringWidth(text.rstrip("\n"), name, size * tm[0] * cm[0]))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return left, right


def test_text_stays_inside_the_margins(kit):
    _, pdfs, _ = kit
    for key, data in pdfs.items():
        left, right = _text_extent(data)
        assert left >= MARGIN - 0.5 and right <= A4[0] - MARGIN + 0.5, (key, left, right)


LONG = (
    "Dit is met opzet een lange tekst, zoals een ontwerper hem soms schrijft: met een bijzin, nog een "
    "bijzin en een voorbeeld uit een game waarin iemand vraagt of je ook op een andere app wilt praten"
)


def test_long_texts_still_fit_and_no_exercise_splits(lesson_tree, kit):
    _, _, context = kit
    root = lesson_tree()
    long_text = f'{{nl: "{LONG}.", en: "{LONG}."}}'
    write_lone_lesson(root, replace={
        '{nl: "Alleen vrienden", en: "Only friends"}': long_text,
        '{nl: "Iemand vraagt om een foto.", en: "Someone asks for a photo."}': f'{{nl: "{LONG}, {LONG}.", en: "x"}}',
        '{nl: "Je adres sturen aan een onbekende", en: "Sending your address to a stranger"}': long_text,
        '{nl: "Dreigt met beelden", en: "Threatens with images"}': long_text,
        '{nl: "Chantage", en: "Blackmail"}': '{nl: "Chantage en afpersing via een nepaccount", en: "x"}',
        '{nl: "Een naar [[geheim]] mag je vertellen.", en: "You may tell a bad [[secret]]."}':
            f'{{nl: "{LONG} en een naar [[geheim]] mag je altijd vertellen aan wie je vertrouwt.", en: "[[x]]"}}',
    })
    catalog = load_catalog(root, context.assets_dir)
    view = make_view(catalog, catalog.lessons[0], "8-10", "nl")
    data = WorksheetRenderer().render(view, context)
    left, right = _text_extent(data)
    assert left >= MARGIN - 0.5 and right <= A4[0] - MARGIN + 0.5
    pages = pages_text(data)
    for exercise in view.content.exercises:
        wanted = [flat(exercise.prompt), *map(flat, sheet_texts(exercise))]
        assert any(all(text in page for text in wanted) for page in pages), wanted


MARKUPISH = st.lists(
    st.sampled_from([*"ab <>&;\"'/=#[]é–", "<b>", "</i>", "&amp;", "<br/>", '<img src="x"/>', "<font size=99>"]),
    min_size=1, max_size=12,
).map("".join).filter(str.strip)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=MARKUPISH, option=MARKUPISH)
def test_any_markup_like_text_is_printed_literally(kit, prompt, option):
    views, _, context = kit
    view = views["14-16", "en"]
    first = view.content.exercises[0]
    changed = dataclasses.replace(first, prompt=prompt, options=[option, *first.options[1:]])
    content = dataclasses.replace(view.content, exercises=[changed, *view.content.exercises[1:]])
    view = dataclasses.replace(view, content=content)
    for renderer in (WorksheetRenderer(), AnswersRenderer()):
        text = " ".join(pages_text(renderer.render(view, context)))
        assert flat(prompt) in text and flat(option) in text
