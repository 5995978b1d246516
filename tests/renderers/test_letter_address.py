"""A long e-mail address in the letter's sign-off breaks before '@' or '.', stays a mailto: link, stays in its cell."""
from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.renderers.letter.address import address_lines
from kitgen.renderers.pdfbase import FONT, register_fonts
from tests.conftest import LESSONS

ADDRESS = "s.devries-vanderlinden.groep7b@basisschool-de-regenboog-utrecht.example"
SCHOOL = f"""\
name: "Basisschool De Regenboog"
teacher: "Sanne de Vries"
class: "groep 7b"
lesson_date: 2026-12-03
email: "{ADDRESS}"
phone: "030 123 45 67"
"""


def _width(text: str) -> float:
    register_fonts(BuildContext().fonts_dir)
    return stringWidth(text, FONT, 11)


def test_an_address_breaks_before_at_and_dots_and_only_where_it_must():
    assert address_lines(ADDRESS, 500, 500, _width) == [ADDRESS]
    lines = address_lines(ADDRESS, 250, 300, _width)
    assert lines == ["s.devries-vanderlinden.groep7b", "@basisschool-de-regenboog-utrecht.example"]
    assert address_lines(ADDRESS, 4, 300, _width)[0] == ""  # not even the first part fits after the label
    narrow = address_lines(ADDRESS, 100, 100, _width)
    assert "".join(narrow) == ADDRESS and all(_width(line) <= 100 for line in narrow)
    assert narrow[:3] == ["s.devries-", "vanderlinden", ".groep7b"]  # a part too long alone: after a hyphen


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("address")
    (folder / "school.yaml").write_text(SCHOOL, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "-q", "--lang", "nl",
                                       "--lang", "ar", "--lesson", "grooming", "--band", "10-12",
                                       "--school", str(folder / "school.yaml")])
    assert result.exit_code == 0, result.output
    return {lang: next(out.rglob(f"*-{lang}-letter.pdf")) for lang in ("nl", "ar")}


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_long_address_breaks_at_its_dots_and_at_and_every_part_is_its_link(letters, lang):
    text = subprocess.run(["pdftotext", "-layout", str(letters[lang]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "s.devries-vanderlinden.groep7b" in text and "@basisschool-de-regenboog-utrecht.example" in text
    assert ADDRESS not in text  # too long for the cell: on two lines
    reader = PdfReader(letters[lang])
    last = reader.pages[-1]
    links = [annot.get_object() for annot in last.get("/Annots", [])]
    mailto = [link for link in links if link.get("/A", {}).get("/URI") == f"mailto:{ADDRESS}"]
    assert len(mailto) == 2
    # each part stays inside the page's text frame, away from the greeting and name beside it
    lefts = sorted(float(link["/Rect"][0]) for link in mailto)
    rights = sorted(float(link["/Rect"][2]) for link in mailto)
    width = float(last.mediabox.width)
    if lang == "nl":  # the contact cell is the left one
        assert rights[-1] < width * 0.6
    else:  # right to left: the contact cell is the right one
        assert lefts[0] > width * 0.4
