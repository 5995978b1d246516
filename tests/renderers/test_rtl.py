"""Right-to-left paragraphs: lines broken as a word-by-word fit would break them; brackets that face the right way."""
from __future__ import annotations

import re

import pytest
from reportlab.lib.styles import ParagraphStyle

from kitgen.context import BuildContext
from kitgen.renderers.pdfbase import FONT, register_fonts
from kitgen.renderers.rtl import RtlParagraph, display_line, register_family
from tests.conftest import LESSONS

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def arabic_style() -> ParagraphStyle:
    context = BuildContext()
    register_fonts(context.fonts_dir)
    regular, _bold = register_family("Noto Sans Arabic", context.fonts_dir)
    return ParagraphStyle("body", fontName=regular, fontSize=11, leading=15)


def _arabic_texts() -> list[str]:
    texts = []
    for path in sorted((LESSONS / "translations").glob("*.ar.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            value = line.split(":", 1)[-1].strip().strip("\"'")
            if ARABIC.search(value) and len(value) > 30:
                texts.append(value)
    return texts


def _word_by_word(paragraph: RtlParagraph, room: float) -> list[str]:
    """The lines as trying every word on the line, joined and put in display order each time, breaks them."""
    lines, current = [], []
    for word in paragraph.text.split(" "):
        trial = " ".join([*current, word])
        if current and paragraph._width(display_line(trial)) > room:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    return lines + [" ".join(current)] if current else lines


@pytest.mark.parametrize("room", [120, 231, 260, 380, 523])
def test_lines_break_where_measuring_every_trial_line_breaks_them(arabic_style, room):
    texts = _arabic_texts()
    assert len(texts) > 100
    for text in texts:
        paragraph = RtlParagraph(text, arabic_style, FONT)
        paragraph.wrap(room, 1000)
        assert paragraph.lines == _word_by_word(paragraph, room), text
