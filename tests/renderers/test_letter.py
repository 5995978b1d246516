"""The parent letter with and without a school profile: facts, dates, QR codes, escaping and templates."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html.parser
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader
from qrscan import decode_qr as _decode_qr
from worksheet_pdf import embedded_fonts

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.school import SchoolProfile, load_school
from kitgen.view import make_view
from kitgen.renderers.letter.content import tel_link

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
CATALOG = load_catalog(LESSONS, PROJECT_ROOT / "assets")
SCHOOL = "De Regenboog & <Zon>"
TEACHER = "Şükrü Öztürk-van 't Hek"
CLASS = "groep 7b <b>"
LESSON_DATE = {"nl": "3 december 2026", "en": "3 December 2026"}
PROFILE = f"""\
name: "{SCHOOL}"
teacher: "{TEACHER}"
class: "{CLASS}"
lesson_date: 2026-12-03
letter_date: 2026-11-26
email: "juf+meester@regenboog.example"
phone: "030 123 45 67"
logo: logo.png
"""


def _build(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "-q", *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("school")
    shutil.copy(PROJECT_ROOT / "examples" / "logo.png", folder / "logo.png")
    path = folder / "school.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def with_school(tmp_path_factory, profile_file) -> Path:
    out = tmp_path_factory.mktemp("letters") / "out"
    _build(out, "--school", str(profile_file))
    return out


@pytest.fixture(scope="module")
def without_school(built) -> Path:
    """The session's full build (tests/conftest.py), made without a profile."""
    return built


def _letters(out: Path, kind: str) -> dict[tuple[str, str, str], Path]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # the kit languages' letters; the letter languages' (tr, ar, pl, uk) are tested in tests/test_languages.py
    return {(a["lesson"], a["band"], a["lang"]): out / a["path"] for a in manifest["artifacts"]
            if a["kind"] == kind and a["lang"] in LANGUAGES}


def _pdf_text(pdf: Path | bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


class _TextOf(html.parser.HTMLParser):
    """The text a reader of the HTML letter sees, and every tag and attribute it uses."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("br", "p", "li", "h1", "h2"):
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def _html(path: Path) -> _TextOf:
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _lesson(lesson_id: str):
    return next(lesson for lesson in CATALOG.lessons if lesson.id == lesson_id)


def _facts(lesson, band: str, lang: str) -> list[str]:
    """What every form of a personalised letter must say, as plain text."""
    view = make_view(CATALOG, lesson, band, lang)
    facts = [SCHOOL, TEACHER, CLASS, LESSON_DATE[lang], "juf+meester@regenboog.example", "030 123 45 67", view.title]
    facts += view.content.letter.conversation[:3] + view.content.letter.tips + view.content.letter.learns
    for resource in view.resources:
        facts += [resource.name, resource.url or "", resource.phone or ""]
    return [" ".join(f.split()) for f in facts if f]


def test_every_letter_is_one_or_two_a4_pages_with_every_fact(with_school):
    letters = _letters(with_school, "letter")
    assert len(letters) == len(CATALOG.lessons) * len(CATALOG.bands) * len(LANGUAGES)
    for (lesson_id, band, lang), path in letters.items():
        reader = PdfReader(path)
        assert 1 <= len(reader.pages) <= 2, path.name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        text = _pdf_text(path)
        lesson = _lesson(lesson_id)
        missing = [fact for fact in _facts(lesson, band, lang) if fact not in text]
        assert not missing, (path.name, missing)


def _annotations(path: Path) -> list[str]:
    """The URIs of every link annotation in a PDF."""
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                uris.append(str(annotation["/A"].get_object().get("/URI")))
    return uris


def test_every_web_address_e_mail_and_phone_in_the_letter_pdf_is_a_link(with_school):
    for (lesson_id, band, lang), path in _letters(with_school, "letter").items():
        uris = set(_annotations(path))
        view = make_view(CATALOG, _lesson(lesson_id), band, lang)
        wanted = {r.url for r in view.resources if r.url} | {tel_link(r.phone) for r in view.resources if r.phone}
        wanted |= {"mailto:juf+meester@regenboog.example", "tel:0301234567", "tel:112"}
        assert wanted <= uris, (path.name, wanted - uris)


def test_the_letter_pdf_body_is_11_pt_and_captions_at_least_9(with_school):
    path = next(iter(_letters(with_school, "letter").values()))
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * (tm[3] or 1), 1))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    assert min(sizes) >= 9 and 11 in sizes, sorted(sizes)


def test_text_and_html_say_the_same_as_the_pdf(with_school):
    texts, htmls = _letters(with_school, "letter-text"), _letters(with_school, "letter-html")
    assert texts.keys() == htmls.keys() == _letters(with_school, "letter").keys()
    for key, text_path in texts.items():
        lesson = _lesson(key[0])
        text = " ".join(text_path.read_text(encoding="utf-8").split())
        html_text = _html(htmls[key]).text
        for fact in _facts(lesson, key[1], key[2]):
            assert fact in text, (text_path.name, fact)
            assert fact in html_text, (htmls[key].name, fact)


def test_names_are_data_never_markup(with_school):
    path = _letters(with_school, "letter-html")["grooming", "10-12", "nl"]
    source = path.read_text(encoding="utf-8")
    assert "De Regenboog &amp; &lt;Zon&gt;" in source and "<Zon>" not in source
    assert "groep 7b &lt;b&gt;" in source and "<b>" not in source
    assert "Öztürk-van &#39;t Hek" in source or "Öztürk-van 't Hek" in source
    assert SCHOOL in _html(path).text
    text = _letters(with_school, "letter-text")["grooming", "10-12", "nl"].read_text(encoding="utf-8")
    assert SCHOOL in text and TEACHER in text and "&amp;" not in text


def test_html_is_safe_for_e_mail(with_school):
    for path in _letters(with_school, "letter-html").values():
        parsed = _html(path)
        tags = {tag for tag, _ in parsed.tags}
        assert not tags & {"script", "link", "style", "iframe", "object", "form"}, path.name
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), (path.name, tag)
            if "src" in attrs:
                assert attrs["src"].startswith("data:image/png;base64,"), path.name
            if "href" in attrs:
                assert attrs["href"].startswith(("https://", "mailto:", "tel:")), path.name
        assert any(tag == "img" for tag, _ in parsed.tags)  # the logo, embedded
    links = {attrs["href"] for tag, attrs in parsed.tags if tag == "a"}
    assert {"mailto:juf+meester@regenboog.example", "tel:0301234567", "tel:08000432"} <= links


def test_every_letter_pdf_embeds_all_its_fonts(with_school, without_school):
    """No font of reportlab's own (Helvetica from an empty table cell or a drawing) sneaks in unembedded."""
    for out in (with_school, without_school):
        for path in _letters(out, "letter").values():
            for font in embedded_fonts(PdfReader(path)):
                assert "/FontFile2" in font.get("/FontDescriptor", {}), (path.name, font["/BaseFont"])


def test_dates_are_written_out_in_the_kits_language(with_school):
    letters = _letters(with_school, "letter-text")
    nl = letters["grooming", "8-10", "nl"].read_text(encoding="utf-8")
    en = letters["grooming", "8-10", "en"].read_text(encoding="utf-8")
    assert "donderdag 3 december 2026" in " ".join(nl.split())
    assert "Thursday, 3 December 2026" in " ".join(en.split())
    assert nl.splitlines()[1] == "Datum: 26 november 2026"  # the profile's letter_date
    assert en.splitlines()[1] == "Date: 26 November 2026"


def test_the_letter_is_dated_by_source_date_epoch_when_the_profile_has_no_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")  # 2026-12-03
    _build(tmp_path, "--lesson", "grooming", "--band", "8-10")
    letters = _letters(tmp_path, "letter-text")
    assert letters["grooming", "8-10", "nl"].read_text(encoding="utf-8").splitlines()[1] == "Datum: 3 december 2026"


def test_qr_codes_decode_to_the_resource_urls(with_school, tmp_path):
    """Every URL any letter shows is decoded from a printed letter (the codes are drawn once per URL)."""
    letters = _letters(with_school, "letter")
    urls = {key: sorted(r.url for r in make_view(CATALOG, _lesson(key[0]), key[1], key[2]).resources if r.url)
            for key in letters}
    unchecked = set().union(*map(set, urls.values()))
    for key in sorted(letters, key=lambda k: -len(urls[k])):  # letters with the most codes first
        if unchecked & set(urls[key]) or key == ("grooming", "8-10", "en"):
            assert sorted(_decode_qr(letters[key], tmp_path)) == urls[key], key
            unchecked -= set(urls[key])
    assert not unchecked


def test_the_school_is_the_author_of_every_file(with_school):
    letter = _letters(with_school, "letter")["grooming", "8-10", "nl"]
    assert PdfReader(letter).metadata.author == SCHOOL
    deck = _letters(with_school, "slides")["grooming", "8-10", "nl"]
    assert Presentation(io.BytesIO(deck.read_bytes())).core_properties.author == SCHOOL


def test_without_a_profile_the_letter_has_blanks_not_invented_facts(without_school):
    for kind in ("letter", "letter-text", "letter-html"):
        for path in _letters(without_school, kind).values():
            if kind == "letter":
                text = _pdf_text(path)
            elif kind == "letter-html":
                text = _html(path).text
            else:
                text = " ".join(path.read_text(encoding="utf-8").split())
            assert "2026-12" not in text and "december 2026" not in text.lower()
            if kind == "letter":  # paper: lines to write on
                assert "______" in text, path.name
                assert ("Naam school: ___" in text) or ("School: ___" in text), path.name
                assert ("Naam: ___" in text) or ("Name: ___" in text), path.name
                assert ("Op ___" in text) or ("On ___" in text), path.name  # the lesson date
                assert ("Datum: ___" in text) or ("Date: ___" in text), path.name  # no invented date of writing
                continue
            # screens: marked placeholders to replace, never blanks nobody can fill in
            assert "__" not in text, path.name
            assert ("[naam van de school]" in text) or ("[name of the school]" in text), path.name
            assert ("Op [datum van de les]" in text) or ("On [date of the lesson]" in text), path.name
            assert ("Datum: [datum]" in text) or ("Date: [date]" in text), path.name


def test_the_html_letter_marks_its_placeholders(without_school):
    path = _letters(without_school, "letter-html")["grooming", "8-10", "nl"]
    page = path.read_text(encoding="utf-8")
    assert '[naam van de school]</mark>' in page and '[uw e-mailadres]</mark>' in page


def test_the_plain_text_letter_has_no_underlines_and_one_line_per_paragraph(with_school, without_school):
    for out in (with_school, without_school):
        for (lesson_id, band, lang), path in _letters(out, "letter-text").items():
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            assert not any(set(line) <= {"=", "-"} and len(line) > 2 for line in lines), path.name
            view = make_view(CATALOG, _lesson(lesson_id), band, lang)
            for paragraph in (view.content.letter.what, view.content.letter.why):
                assert " ".join(paragraph.split()) in lines, path.name  # whole, on one line


def test_build_says_once_that_the_letters_are_not_personalised(tmp_path):
    result = CliRunner().invoke(main, ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(tmp_path),
                                       "--lesson", "grooming", "--band", "8-10", "--lang", "en", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.count("not personalised") == 1


def test_the_blank_letter_still_has_decodable_qr_codes(without_school, tmp_path):
    path = _letters(without_school, "letter")["grooming", "14-16", "nl"]
    view = make_view(CATALOG, _lesson("grooming"), "14-16", "nl")
    assert sorted(_decode_qr(path, tmp_path)) == sorted(r.url for r in view.resources if r.url)


def test_each_url_is_encoded_once_per_build(monkeypatch, profile_file):
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from kitgen.renderers.letter.pdf import LetterPdf

    encoded = []
    original = QrCodeWidget.draw
    monkeypatch.setattr(QrCodeWidget, "draw", lambda self: encoded.append(self.value) or original(self))
    context = BuildContext(school=load_school(profile_file))
    for lesson in CATALOG.lessons:
        for band in CATALOG.bands:
            for lang in LANGUAGES:
                LetterPdf().render(make_view(CATALOG, lesson, band.id, lang), context)
    assert encoded and len(encoded) == len(set(encoded))
    assert set(encoded) <= {r.url for r in CATALOG.resources.values() if r.url}


def test_a_misspelt_template_variable_stops_the_build_cleanly(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "letter.txt.j2").write_text("{{ letter.subject }}\n{{ letter.sendr }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out),
                                       "--templates", str(templates)])
    assert result.exit_code == 1
    assert f"{templates / 'letter.txt.j2'}:2: " in result.output and "has no attribute 'sendr'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_override_template_is_picked_up_and_the_rest_fall_back(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    words = (PROJECT_ROOT / "templates" / "letter-words.en.j2").read_text(encoding="utf-8")
    (templates / "letter-words.en.j2").write_text(words.replace("Dear parent or carer,", "Hello families,"))
    out = tmp_path / "out"
    _build(out, "--templates", str(templates), "--band", "8-10", "--lesson", "grooming")
    letters = {kind: _letters(out, kind) for kind in ("letter", "letter-text", "letter-html")}
    assert "Hello families," in _pdf_text(letters["letter"]["grooming", "8-10", "en"])
    assert "Hello families," in letters["letter-text"]["grooming", "8-10", "en"].read_text(encoding="utf-8")
    assert "Hello families," in _html(letters["letter-html"]["grooming", "8-10", "en"]).text
    assert "Beste ouder of verzorger," in letters["letter-text"]["grooming", "8-10", "nl"].read_text(encoding="utf-8")


def test_a_long_letter_keeps_the_help_heading_with_its_first_row_and_the_sign_off_together():
    from kitgen.renderers.letter.pdf import LetterPdf

    view = make_view(CATALOG, _lesson("grooming"), "14-16", "en")
    for repeat in range(1, 12):  # lengthen the letter until it runs onto a third page
        letter = dataclasses.replace(view.content.letter, why=" ".join([view.content.letter.why] * repeat))
        longer = dataclasses.replace(view, content=dataclasses.replace(view.content, letter=letter))
        pages = PdfReader(io.BytesIO(LetterPdf().render(longer, BuildContext()))).pages
        texts = [" ".join(page.extract_text().split()) for page in pages]
        help_page = next(i for i, text in enumerate(texts) if "Where to get help" in text)
        after_heading = texts[help_page].split("Where to get help", 1)[1]
        assert longer.resources[0].name in after_heading  # never a heading alone at the foot of a page
        sign_off = [i for i, text in enumerate(texts) if "Kind regards," in text or "Please email or call me" in text]
        assert len(set(sign_off)) == 1 and sign_off[0] == len(pages) - 1
        if len(pages) > 2:
            break
    assert len(pages) > 2


def test_letters_are_byte_for_byte_reproducible(profile_file):
    from kitgen.renderers.letter.pdf import LetterPdf
    from kitgen.renderers.letter.text import LetterHtml, LetterText

    view = make_view(CATALOG, _lesson("grooming"), "12-14", "nl")

    def render_all() -> list[bytes]:
        context = BuildContext(school=load_school(profile_file))  # a fresh build: nothing cached
        return [renderer.render(view, context) for renderer in (LetterPdf(), LetterText(), LetterHtml())]

    assert render_all() == render_all()


@settings(max_examples=15, deadline=None)
@given(name=st.text(alphabet="abcXYZéŞü &<>\"'{}%#;/\\", min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_any_school_name_appears_literally_in_every_form(name):
    from kitgen.renderers.letter.pdf import LetterPdf
    from kitgen.renderers.letter.text import LetterHtml, LetterText

    name = " ".join(name.split())
    school = SchoolProfile(name=name, teacher="T", class_name="7b", lesson_date=dt.date(2026, 12, 3),
                           email="t@school.example", phone="1")
    context = BuildContext(school=school, author=name)
    view = make_view(CATALOG, _lesson("grooming"), "8-10", "en")
    assert name in _pdf_text(LetterPdf().render(view, context))
    assert name in LetterText().render(view, context).decode("utf-8")
    parser = _TextOf()
    parser.feed(LetterHtml().render(view, context).decode("utf-8"))
    assert name in parser.text



def test_a_context_holding_cached_letters_can_go_to_a_worker_process(profile_file):
    import pickle

    from kitgen.renderers.letter.pdf import LetterPdf

    context = BuildContext(school=load_school(profile_file))
    LetterPdf().render(make_view(CATALOG, _lesson("grooming"), "8-10", "nl"), context)
    copy = pickle.loads(pickle.dumps(context))
    assert copy == context and copy.school.name == SCHOOL and copy._memo == {}
