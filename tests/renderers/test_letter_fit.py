"""Every parent letter keeps to two A4 pages in every language, with and without a school profile, in type
a parent reads easily, with links and QR codes that work; the school's address heads the letter when given."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from qrscan import decode_qr

from kitgen.context import BuildContext
from kitgen.loader import load_catalog
from kitgen.renderers.letter.content import tel_link
from kitgen.renderers.letter.pdf import FITS, LetterPdf
from kitgen.renderers.letter.text import LetterHtml, LetterText
from kitgen.school import load_school
from kitgen.view import make_view

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
ADDRESS = "Voorbeeldstraat 12, 1234 AB Utrecht"
#: As long as a profile's values may be: the name, teacher, address and e-mail address near their limits.
LONG_PROFILE = f"""\
name: "Openbare Basisschool voor Montessori- en Daltononderwijs De Regenboog en De Zonnebloem Utrecht"
teacher: "Şükrü Öztürk-van 't Hek en Maria van der Berg-Jansen"
class: "groep 7b en groep 8a (combinatieklas)"
lesson_date: 2026-12-03
letter_date: 2026-11-26
email: "juf.maria.vanderberg+groep7b@deregenboogendezonnebloem.example"
phone: "+31 30 123 45 67"
address: "Prinses Margrietstraat 112 (ingang aan de Bloemenweg), {ADDRESS}"
logo: logo.png
"""


def _views():
    for lesson in CATALOG.lessons:
        for band in CATALOG.bands:
            for language in CATALOG.languages:
                yield make_view(CATALOG, lesson, band.id, language.code)


@pytest.fixture(scope="module")
def long_profile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("school")
    shutil.copy(PROJECT_ROOT / "examples" / "logo.png", folder / "logo.png")
    (folder / "school.yaml").write_text(LONG_PROFILE, encoding="utf-8")
    return load_school(folder / "school.yaml")


@pytest.fixture(scope="module")
def letters(tmp_path_factory, long_profile) -> dict[tuple[str, str, str, str], Path]:
    """Every letter PDF of the shipped lessons in every language, without a profile and with the long one."""
    folder = tmp_path_factory.mktemp("letters")
    found = {}
    for profile_name, school in (("blank", None), ("long", long_profile)):
        context = BuildContext(school=school)
        for view in _views():
            path = folder / f"{profile_name}-{view.lesson_id}-{view.band.id}-{view.lang}.pdf"
            path.write_bytes(LetterPdf().render(view, context))
            found[profile_name, view.lesson_id, view.band.id, view.lang] = path
    return found


def test_every_letter_in_every_language_is_at_most_two_a4_pages(letters):
    assert len(letters) == 2 * len(CATALOG.lessons) * len(CATALOG.bands) * len(CATALOG.languages) == 144
    pages = {key: len(PdfReader(path).pages) for key, path in letters.items()}
    assert {key: n for key, n in pages.items() if not 1 <= n <= 2} == {}
    box = PdfReader(next(iter(letters.values()))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def _sizes(path: Path) -> dict[float, int]:
    """How many characters the PDF sets at each type size."""
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            shown = round(size * (tm[3] or 1), 1)
            sizes[shown] = sizes.get(shown, 0) + len(text.strip())

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def _lines(path: Path) -> list[tuple[int, float, float, float]]:
    """Every run of text as (page, type size, x, y) on the page."""
    runs = []
    for number, page in enumerate(PdfReader(path).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((number, round(size * (tm[3] or 1), 1), round(x, 1), round(y, 1)))
        page.extract_text(visitor_text=visit)
    return runs


def test_the_body_is_11_pt_at_1_4_and_nothing_smaller_than_9_pt_even_in_the_longest_letters(letters):
    for (profile, lesson, band, lang), path in letters.items():
        if profile != "long" or lang == "ar":  # the Arabic letter is drawn line by line: see test_languages
            continue
        runs = _lines(path)
        sizes = {size for _, size, _, _ in runs}
        assert min(sizes) >= 9 and 11 in sizes, (path.name, sorted(sizes))
        # lines of body text that start at the same place on a page stand at least 1.4 × 11 pt apart
        starts: dict[tuple[int, float], set[float]] = {}
        for page, size, x, y in runs:
            if size == 11:
                starts.setdefault((page, x), set()).add(y)
        gaps = [b - a for ys in starts.values() for a, b in zip(sorted(ys), sorted(ys)[1:])]
        assert gaps and min(gaps) >= 11 * 1.4 - 0.05, (path.name, min(gaps))


def test_the_longest_letters_are_set_closer_but_keep_their_type(long_profile):
    """The longest letter does not fit two pages at the regular spacing: the closer fit is really used."""
    from kitgen.renderers.letter.content import make_letter
    from kitgen.renderers.letter.pdf import _build

    lesson = next(lesson for lesson in CATALOG.lessons if lesson.id == "sharing-photos")
    view = make_view(CATALOG, lesson, "14-16", "uk")
    context = BuildContext(school=long_profile)
    letter = make_letter(view, context)
    assert [_build(view, letter, context, fit)[1] for fit in FITS] == [3, 3, 2]
    assert min(fit.qr for fit in FITS) >= 11 * 2.8346 - 0.01  # never smaller than 11 mm


def test_every_web_address_e_mail_and_phone_number_in_every_language_is_clickable(letters):
    """Right to left too: the Arabic letter's addresses and numbers are links where they are drawn."""
    for (profile, lesson_id, band, lang), path in letters.items():
        uris = set()
        for page in PdfReader(path).pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                    uris.add(str(annotation["/A"].get_object().get("/URI")))
        view = make_view(CATALOG, next(l for l in CATALOG.lessons if l.id == lesson_id), band, lang)
        wanted = {r.url for r in view.resources if r.url} | {tel_link(r.phone) for r in view.resources if r.phone}
        wanted.add("tel:112")
        if profile == "long":
            wanted |= {"mailto:juf.maria.vanderberg+groep7b@deregenboogendezonnebloem.example", "tel:+31301234567"}
        assert wanted <= uris, (path.name, wanted - uris)


@pytest.mark.parametrize("lang", ["uk", "ar", "nl"])
def test_the_smaller_qr_codes_of_the_longest_letters_decode(letters, tmp_path, lang):
    """Each code read on its own, from a 150 dpi picture of the page (a printer gives twice that)."""
    lesson = next(lesson for lesson in CATALOG.lessons if lesson.id == "sharing-photos")
    urls = sorted(r.url for r in make_view(CATALOG, lesson, "14-16", lang).resources if r.url)
    assert len(urls) >= 8
    for profile in ("blank", "long"):
        assert sorted(decode_qr(letters[profile, "sharing-photos", "14-16", lang], tmp_path)) == urls, profile


def _pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def test_the_address_heads_every_form_of_the_letter_when_the_profile_gives_it(letters, long_profile):
    for lang in ("nl", "en", "tr", "pl", "uk", "ar"):
        path = letters["long", "grooming", "12-14", lang]
        first_page = _pdftotext(path).split(ADDRESS)[0]
        assert ADDRESS in _pdftotext(path), path.name
        assert "Dear parent" not in first_page and "Beste ouder" not in first_page  # in the letterhead, above
        assert ADDRESS not in _pdftotext(letters["blank", "grooming", "12-14", lang]), lang
    view = make_view(CATALOG, CATALOG.lessons[0], "8-10", "nl")
    with_address = BuildContext(school=long_profile)
    text = LetterText().render(view, with_address).decode("utf-8").splitlines()
    assert text[0] == long_profile.name and text[1] == long_profile.address
    assert f">{long_profile.address}</p>" in LetterHtml().render(view, with_address).decode("utf-8")
    import dataclasses

    without = BuildContext(school=dataclasses.replace(long_profile, address=None))
    assert LetterText().render(view, without).decode("utf-8").splitlines()[1].startswith("Datum:")
    assert "ingang aan de Bloemenweg" not in LetterHtml().render(view, without).decode("utf-8")
    pdf = LetterPdf().render(view, without)
    assert "ingang aan de Bloemenweg" not in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
