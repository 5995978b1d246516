"""The guide's tail (its sources) set closer, decided where the page stands, in one layout of the document."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from kitgen.renderers.sheet.tail import Ending, TailChoice, lay_out_tail

LOOSE = ParagraphStyle("loose", fontName="Helvetica", fontSize=10, leading=14)
CLOSE = ParagraphStyle("close", parent=LOOSE, fontSize=8, leading=9)


def lines(style: ParagraphStyle, count: int) -> list[Paragraph]:
    return [Paragraph(f"Source {n}: a title – https://example.org/{n}", style) for n in range(count)]


def build(story: list) -> tuple[int, list[str]]:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    pages = PdfReader(buffer).pages
    return len(pages), [page.extract_text() for page in pages]


def story(filler: float, tail, after: bool = True) -> list:
    """A page of ``filler`` points, then the tail, then (like the answer key) a page of its own."""
    return [Spacer(1, filler), tail, *([PageBreak(), Paragraph("Answer key", LOOSE)] if after else [])]


def closer_when_it_saves_a_page() -> TailChoice:
    return TailChoice(lambda: lines(LOOSE, 62), lambda: lines(CLOSE, 62),
                      try_other=lambda end: end.page > 1 and end.space_left > 0.75 * end.page_height,
                      prefer_other=lambda usual, closer: closer.page < usual.page)


@pytest.mark.parametrize("filler", [100.0, 300.0, 500.0, 640.0])
def test_the_trial_ends_where_the_real_document_ends(filler):
    """The trial layout, started mid-page, lands on the page and spot a whole build of the document does."""
    probe = []

    class Record(TailChoice):
        def frameAction(self, frame):
            doc = self.canv._doctemplate
            from kitgen.renderers.sheet.tail import _Position

            here = _Position(self.canv.getPageNumber(), frame._y, frame._atTop, frame._prevASpace, (0.0, 0.0))
            probe.append(lay_out_tail(doc, here, lines(LOOSE, 40)))
            frame.add_generated_content(*lines(LOOSE, 40))

    pages, _ = build(story(filler, Record(None, None, None, None), after=False))
    (ending,) = probe
    assert isinstance(ending, Ending)
    assert ending.page == pages


def test_the_closer_setting_is_chosen_when_it_saves_a_nearly_empty_last_page():
    loose_pages, _ = build([Spacer(1, 520.0), *lines(LOOSE, 62)])
    close_pages, _ = build([Spacer(1, 520.0), *lines(CLOSE, 62)])
    assert close_pages < loose_pages, "the fixture must be one where closer lines save a page"
    choice = closer_when_it_saves_a_page()
    pages, text = build(story(520.0, choice))
    assert choice.chosen == "other"
    assert pages == close_pages + 1  # the answer key's own page
    assert "Source 61" in text[-2] and "Answer key" in text[-1]


def test_the_usual_setting_stays_when_the_last_page_is_well_used():
    choice = closer_when_it_saves_a_page()
    pages, text = build(story(100.0, choice))
    assert choice.chosen == "usual"
    assert pages == 3 and "Source 61" in text[-2]
