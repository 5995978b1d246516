"""KitParagraph: line breaks kept per width give the same layout and PDF as reportlab's own Paragraph."""
from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kitgen.context import BuildContext
from kitgen.renderers.pdfbase import KitParagraph, markup, register_fonts, styles

TEXT = ("Iemand die je online ontmoet, vraagt na een paar dagen om een foto. "
        "Wat doe je? Praat erover met iemand die je vertrouwt, en blokkeer of meld het account. ") * 4


def lines(paragraph) -> list[str]:
    return [" ".join(line[1]) for line in paragraph.blPara.lines]


def test_a_second_wrap_at_the_same_width_gives_the_same_lines_and_height():
    register_fonts(BuildContext().fonts_dir)
    style = styles(11)["body"]
    paragraph, plain = KitParagraph(markup(TEXT), style), Paragraph(markup(TEXT), style)
    first = paragraph.wrap(200, 500)
    assert paragraph.wrap(200, 500) == first == plain.wrap(200, 500)
    assert lines(paragraph) == lines(plain)
    assert len(lines(paragraph)) > 3


def test_a_different_width_breaks_the_lines_again_and_going_back_restores_them():
    register_fonts(BuildContext().fonts_dir)
    style = styles(11)["body"]
    paragraph = KitParagraph(markup(TEXT), style)
    narrow_size = paragraph.wrap(150, 500)
    narrow = lines(paragraph)
    wide_size = paragraph.wrap(400, 500)
    assert wide_size[1] < narrow_size[1] and len(lines(paragraph)) < len(narrow)
    assert paragraph.wrap(150, 500) == narrow_size and lines(paragraph) == narrow


def test_split_after_cached_wraps_matches_reportlab():
    register_fonts(BuildContext().fonts_dir)
    style = styles(11)["body"]
    paragraph, plain = KitParagraph(markup(TEXT), style), Paragraph(markup(TEXT), style)
    for candidate in (paragraph, plain):
        candidate.wrap(180, 500)
        candidate.wrap(180, 500)
    parts, plain_parts = paragraph.split(180, 60), plain.split(180, 60)
    assert len(parts) == len(plain_parts) == 2
    for part, plain_part in zip(parts, plain_parts):
        assert part.wrap(180, 500) == plain_part.wrap(180, 500)
        assert lines(part) == lines(plain_part)


def pdf_text(paragraph_class) -> bytes:
    style = styles(11)["body"]
    story = [paragraph_class(markup(TEXT), style) for _ in range(12)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName=style.fontName).build(story)
    return buffer.getvalue()


def test_a_document_of_kit_paragraphs_is_byte_for_byte_reportlabs():
    register_fonts(BuildContext().fonts_dir)
    kit, plain = pdf_text(KitParagraph), pdf_text(Paragraph)
    assert len(PdfReader(io.BytesIO(kit)).pages) >= 2  # the story breaks across pages, so split is used
    assert kit == plain
