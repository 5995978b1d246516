"""Right-to-left paragraphs: lines broken as a word-by-word fit would break them; brackets that face the right way."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bidi import get_display
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.renderers.pdfbase import FONT, register_fonts
from kitgen.renderers.rtl import RtlParagraph, _display_order, _levels, display_line, register_family
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


@pytest.mark.parametrize("logical, shown", [
    # brackets in a Latin run keep their own shape; the run reads left to right
    ("معلم صف groep 7b (combinatieklas)", "groep 7b (combinatieklas) ﻒﺻ ﻢﻠﻌﻣ"),
    ("صف groep 7b (combinatieklas) في المدرسة",
     "ﺔﺳﺭﺪﻤﻟﺍ ﻲﻓ groep 7b (combinatieklas) ﻒﺻ"),
    # a Latin word or a number in brackets inside an Arabic sentence: the brackets are Arabic, mirrored
    ("يسمى الاستدراج (grooming) هنا", "ﺎﻨﻫ (grooming) ﺝﺍﺭﺪﺘﺳﻻﺍ ﻰﻤﺴﻳ"),
    ("اتصلوا (0800-0432) الآن", "ﻥﻵﺍ (0800-0432) ﺍﻮﻠﺼﺗﺍ"),
    ("اكتبوا (s.devries@deregenboog.example) الآن",
     "ﻥﻵﺍ (s.devries@deregenboog.example) ﺍﻮﺒﺘﻛﺍ"),
    ("زوروا (https://www.meldknop.nl) الآن", "ﻥﻵﺍ (https://www.meldknop.nl) ﺍﻭﺭﻭﺯ"),
    ("الهاتف: 030 123 45 67 (مساء)", "(ﺀﺎﺴﻣ) 030 123 45 67 :ﻒﺗﺎﻬﻟﺍ"),
    # Arabic words in brackets and Arabic quotation marks
    ("نص (عربي) هنا", "ﺎﻨﻫ (ﻲﺑﺮﻋ) ﺺﻧ"),
    ("درس «ليس كل» هنا", "ﺎﻨﻫ «ﻞﻛ ﺲﻴﻟ» ﺱﺭﺩ"),
])
def test_brackets_face_the_way_they_read(logical, shown):
    assert display_line(logical) == shown


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z7 ()[]«».,:-/@+عربي لا\u200e\u200f", max_size=40))
def test_display_order_is_python_bidis(text):
    """The levels read from python-bidi and turned round by rule L2 give python-bidi's own display order."""
    assert "".join(text[i] for i in _display_order(_levels(text))) == get_display(text, base_dir="R")


SCHOOL = """\
name: "Basisschool De Regenboog"
teacher: "Sanne de Vries"
class: "groep 7b (combinatieklas)"
lesson_date: 2026-12-03
email: "s.devries-vanderlinden.groep7b@basisschool-de-regenboog-utrecht.example"
phone: "030 123 45 67"
"""


@pytest.fixture(scope="module")
def arabic_letter(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rtl")
    (folder / "school.yaml").write_text(SCHOOL, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "-q", "--lang", "ar",
                                       "--lesson", "grooming", "--band", "10-12",
                                       "--school", str(folder / "school.yaml")])
    assert result.exit_code == 0, result.output
    return next(out.rglob("*-ar-letter.pdf"))


def test_the_class_name_keeps_its_brackets_in_the_arabic_letter(arabic_letter):
    drawn = "".join(page.extract_text() for page in PdfReader(arabic_letter).pages)  # in drawing order
    assert drawn.count("(combinatieklas)") == 2  # in the first paragraph and under the teacher's name
    assert ")combinatieklas(" not in drawn
    read = subprocess.run(["pdftotext", str(arabic_letter), "-"], capture_output=True, text=True, check=True).stdout
    read = unicodedata.normalize("NFKC", re.sub("[\u202a-\u202c]", "", read))
    assert "درس عن الأمان على الإنترنت" in read  # still in reading order
