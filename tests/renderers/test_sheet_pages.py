"""Worksheet pages used as paper: balanced pages, writing room, long blanks, cut-out cards."""
from __future__ import annotations

from pathlib import Path
import glob
import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm

from kitgen.context import BuildContext
from kitgen.loader import load_catalog
from kitgen.renderers.sheet.exercises import BLANK_MIN
from kitgen.renderers.sheet.paging import balance
from kitgen.renderers.sheet.worksheet import SHEET_MARGINS, WorksheetRenderer
from kitgen.view import make_view
from worksheet_lesson import lone_lesson_tree
from worksheet_pdf import pages_text



# --- planning ------------------------------------------------------------------------------------


def test_the_fewest_pages_and_no_lone_exercise_on_the_last_when_it_can_be_helped():
    # 1+2 fit a page, 3+4+5 fit one too: two pages, and not 1+2+3 | 4+5 (page 2 of one would be lone)
    assert balance([300, 300, 200, 200, 200], [700, 700], 10, 700) == [[0, 1], [2, 3, 4]]
    # three pages are needed; the last one holds two exercises rather than one
    assert balance([500, 250, 250, 250, 250], [700, 700], 10, 700) == [[0], [1, 2], [3, 4]]
    # … unless that would leave a page before it more than a third empty
    assert balance([400, 250, 250, 250, 250], [700, 700], 10, 700) == [[0, 1], [2, 3], [4]]


def test_a_page_before_the_last_is_never_left_two_thirds_empty_when_a_split_avoids_it():
    # 1 | 2+3 | 4 would leave page 1 mostly empty; 1+2 | 3 | 4 (an open question, growing) does not
    pages = balance([200, 300, 500, 300], [700, 700], 10, 700, growing=[False, False, True, True])
    for on_page in pages[:-1]:
        heights = sum([200, 300, 500, 300][i] for i in on_page)
        assert heights > 700 * 2 / 3 or len(on_page) > 1 or any(i >= 2 for i in on_page)


def test_an_exercise_taller_than_a_page_gets_a_page_of_its_own():
    assert balance([100, 900, 100], [700, 700], 10, 700) == [[0], [1], [2]]


# --- the shipped lessons, built ------------------------------------------------------------------


def _page_fills(pdf: Path) -> list[float]:
    """Each page's lowest ink above the footer, as a share of the text area's height."""
    out = pdf.parent / (pdf.stem + "-fill")
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(out)], check=True)
    fills = []
    for image_path in sorted(glob.glob(f"{out}-*.pgm")):
        with Image.open(image_path) as image:
            width, height = image.size
            pixels = image.load()
            top = round(height * SHEET_MARGINS[0] / (297 * mm))
            bottom = round(height * (1 - SHEET_MARGINS[2] / (297 * mm)))
            low = top
            for y in range(top, bottom):
                if any(pixels[x, y] < 200 for x in range(width)):
                    low = y
            fills.append((low - top) / (bottom - top))
        Path(image_path).unlink()
    return fills


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_no_worksheet_page_but_the_last_is_more_than_a_third_empty(built, manifest, tmp_path):
    for entry in manifest["artifacts"]:
        if entry["kind"] != "worksheet":
            continue
        copy = tmp_path / Path(entry["path"]).name
        shutil.copy(built / entry["path"], copy)
        fills = _page_fills(copy)
        assert all(fill >= 2 / 3 for fill in fills[:-1]), (entry["path"], fills)


# --- one lesson with every kind --------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The all-kinds lesson with its sort exercise as cards, as nl worksheets for a young and an old band."""
    lessons, assets = lone_lesson_tree(tmp_path_factory.mktemp("pages"),
                                       replace={"    - kind: sort\n": "    - kind: sort\n      cards: true\n"})
    catalog = load_catalog(lessons, assets)
    context = BuildContext(assets_dir=assets)
    return {band: (make_view(catalog, catalog.lessons[0], band, "nl"),
                   WorksheetRenderer().render(make_view(catalog, catalog.lessons[0], band, "nl"), context))
            for band in ("8-10", "14-16")}


def _horizontal_segments(data: bytes) -> list[list[float]]:
    """Per page, the lengths of the straight horizontal lines drawn (rules, blanks, writing lines)."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        lengths, start = [], None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"m":
                start = [float(v) for v in operands]
            elif operator == b"l" and start is not None:
                x, y = (float(v) for v in operands)
                if abs(y - start[1]) < 0.01:
                    lengths.append(abs(x - start[0]))
                start = None
        pages.append(lengths)
    return pages


def test_fill_in_blanks_are_rules_at_least_4_cm_long(rendered):
    view, data = rendered["8-10"]
    blanks = sum(sentence.count("[[") for e in view.content.exercises if e.kind == "fill" for sentence in e.sentences)
    lengths = [length for page in _horizontal_segments(data) for length in page]
    assert sum(1 for length in lengths if BLANK_MIN - 0.5 <= length < 160) >= blanks
    assert BLANK_MIN >= 40 * mm - 0.01
    assert "____" not in " ".join(pages_text(data))


@pytest.mark.parametrize("band, least", [("8-10", 6), ("14-16", 5)])
def test_the_open_question_gets_at_least_the_bands_writing_lines(rendered, band, least):
    view, data = rendered[band]
    assert view.band.writing_lines >= least
    # writing lines: a run of equally long lines, the text width under the question
    longest_run = 0
    for page in _horizontal_segments(data):
        counts: dict[float, int] = {}
        for length in page:
            counts[round(length, 1)] = counts.get(round(length, 1), 0) + 1
        longest_run = max([longest_run, *(n for length, n in counts.items() if length > 300)])
    assert longest_run >= least


def test_sort_cards_come_on_their_own_page_with_every_item(rendered):
    view, data = rendered["8-10"]
    pages = pages_text(data)
    sort = next(e for e in view.content.exercises if e.kind == "sort")
    number = view.content.exercises.index(sort) + 1
    assert view.labels("sort_cards_instruction") in " ".join(pages[:-1])
    last = pages[-1]
    assert view.labels("cards_title", number=number) in last and view.labels("cut_along_line") in last
    for item in sort.items:
        assert " ".join(item.text.split()) in last
    # the worksheet pages before it hold no card texts as tick rows: only the page of cards does
    assert all(view.labels("cards_title", number=number) not in page for page in pages[:-1])
