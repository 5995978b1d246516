"""Parent letters in the letter languages on the web page: offered from the data with their review status, in the kit."""
from __future__ import annotations

import dataclasses
import email
import email.policy
import html
import io
import re
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from pypdf import PdfReader  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from webkit import PROJECT_ROOT, FORM, lessons_with_more_languages  # noqa: E402

from kitgen.web.app import create_app  # noqa: E402
from kitgen.web.offers import offers  # noqa: E402
from kitgen.web.server import make_maker  # noqa: E402

LESSONS = PROJECT_ROOT / "lessons"
DRAFT_NL = "Concept — nog niet nagekeken door een moedertaalspreker"
DRAFT_EN = "Draft — not yet reviewed by a native speaker"
READY_NL = "Nagekeken door een moedertaalspreker"
def _client(maker):
    return TestClient(create_app(maker, rate_limit=0), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(maker):
    with _client(maker) as client:
        yield client


@pytest.fixture(scope="module")
def data_client(tmp_path_factory):
    """The page over a lessons folder with three more letter languages, added in data alone."""
    folder = lessons_with_more_languages(tmp_path_factory.mktemp("web-langs"))
    maker = make_maker(folder, workers=0)
    with _client(maker) as client:
        yield client
    maker.close()


def _option(page: str, code: str) -> str:
    """The list item of letter language ``code`` on the form."""
    found = re.search(rf'<li class="letter-lang">\s*<input type="checkbox" name="letter_lang" id="letter-{code}".*?</li>',
                      page, re.S)
    assert found, f"no letter language {code} on the page"
    return html.unescape(found.group(0))


def test_page_offers_every_letter_language_of_the_data_with_its_names_and_status(client):
    page = client.get("/?ui=nl").text
    names = {"tr": ("Türkçe", "Turks"), "ar": ("العربية", "Arabisch"), "pl": ("Polski", "Pools"),
             "uk": ("Українська", "Oekraïens")}
    for code, (native, dutch) in names.items():
        option = _option(page, code)
        assert native in option and f"({dutch})" in option
        assert DRAFT_NL in option
        assert f'aria-describedby="letter-{code}-status"' in option  # the status is read out with the choice
    assert '<span lang="ar" dir="rtl">العربية</span>' in page
    english = client.get("/?ui=en").text
    assert DRAFT_EN in _option(english, "tr") and "(Turkish)" in _option(english, "tr")
    assert "(Ukrainian)" in _option(english, "uk")


def test_a_language_added_in_data_is_offered_and_one_without_letters_is_not(data_client):
    page = data_client.get("/?ui=nl").text
    frisian = _option(page, "fy")
    assert "Frysk" in frisian and "(Fries)" in frisian and READY_NL in frisian and "Nog niet voor" not in frisian
    assert 'id="letter-so"' not in page and "Soomaali" not in page  # no letter of it is translated
    german = _option(page, "de")  # every letter but one: offered, saying which one it lacks
    assert "(Duits)" in german and DRAFT_NL in german
    assert "Nog niet voor: Niet iedereen is wie hij zegt — groep 5–6 (8–10 jaar)" in german
    kits = re.search(r'data-kits="([^"]*)"', german).group(1).split()
    assert "grooming/10-12" in kits and "grooming/8-10" not in kits
    assert "data-kits" not in frisian


def test_a_letter_language_without_this_letter_is_refused_with_a_message(data_client):
    answer = data_client.post("/preview", data={**FORM, "band": "8-10", "letter_lang": ["nl", "de"]})
    assert answer.status_code == 400
    assert "Voor deze les en groep is er nog geen ouderbrief in het Duits." in html.unescape(answer.text)
    made = data_client.post("/download", data={**FORM, "band": "10-12", "letter_lang": ["de"]})
    assert made.status_code == 200
    assert "grooming-10-12-de-letter.pdf" in zipfile.ZipFile(io.BytesIO(made.content)).namelist()


def test_unknown_letter_language_is_ignored(client):
    answer = client.post("/preview", data={**FORM, "letter_lang": ["xx"]})
    assert answer.status_code == 400
    assert "Kies minstens één taal voor de ouderbrief." in html.unescape(answer.text)


def test_kit_with_turkish_and_arabic_letters(client):
    answer = client.post("/download", data={**FORM, "letter_lang": ["nl", "tr", "ar"]})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    kit = zipfile.ZipFile(io.BytesIO(answer.content))
    names = kit.namelist()
    for lang in ("nl", "tr", "ar"):
        for kind, suffix in (("letter", ".pdf"), ("letter-text", ".txt"), ("letter-html", ".html"),
                             ("letter-eml", ".eml")):
            assert f"grooming-10-12-{lang}-{kind}{suffix}" in names
    assert not any("-en-" in name for name in names)
    class_kit = [name for name in names if re.search(r"-(slides|worksheet|answers)\.", name)]
    assert class_kit == [f"grooming-10-12-nl-{kind}" for kind in ("slides.pptx", "worksheet.pdf", "answers.pdf")]
    arabic = kit.read("grooming-10-12-ar-letter-html.html").decode("utf-8")
    assert re.search(r'<html[^>]*\blang="ar"', arabic) and re.search(r'<html[^>]*\bdir="rtl"', arabic)
    message = email.message_from_bytes(kit.read("grooming-10-12-ar-letter-eml.eml"), policy=email.policy.default)
    body = message.get_body(("html",)).get_content()
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    turkish = kit.read("grooming-10-12-tr-letter-text.txt").decode("utf-8")
    assert "Sanne de Vries" in turkish and "Herkes söylediği kişi değildir" in turkish
    pdf = PdfReader(io.BytesIO(kit.read("grooming-10-12-tr-letter.pdf")))
    assert "Basisschool De Regenboog" in "".join(page.extract_text() for page in pdf.pages)
    readme = kit.read("LEESMIJ.txt").decode("utf-8")
    assert "grooming-10-12-ar-letter-eml.eml" in readme


def test_preview_shows_the_status_and_an_arabic_letter_right_to_left(client):
    answer = client.post("/preview", data={**FORM, "ui": "en", "letter_lang": ["nl", "ar"]})
    assert answer.status_code == 200
    page = answer.text
    assert '<div class="letter-text" lang="ar" dir="rtl">' in page
    assert '<div class="letter-text" lang="nl-NL" dir="ltr">' in page
    arabic = page[page.index('<h2 id="file-8-title">'):]  # 3 kit files, 4 Dutch letters, then Arabic
    assert arabic.startswith('<h2 id="file-8-title">Parent letter (PDF) (<span lang="ar" dir="rtl">العربية</span>)</h2>')
    assert DRAFT_EN in arabic[:400]
    assert '<input type="hidden" name="letter_lang" value="ar">' in page  # the download asks for them again
    notice = html.unescape(re.search(r'<p class="notice" id="draft-notice">(.*?)</p>', page, re.S).group(1))
    assert "the parent letter in these languages is a draft" in notice
    assert '<span lang="ar" dir="rtl">العربية</span> (Arabic).' in notice and "English" not in notice
    dutch = page[page.index('<h2 id="file-4-title">'):page.index('<h2 id="file-5-title">')]
    assert DRAFT_EN not in dutch


def test_offers_keep_the_kit_languages_when_no_lesson_is_ready(maker):
    catalog = maker.catalog
    empty = dataclasses.replace(catalog, lessons=[])  # a designer folder whose lessons are all drafts
    assert [offer.code for offer in offers(empty, "nl")] == ["nl", "en"]
    assert [offer.code for offer in offers(catalog, "en")] == ["nl", "en", "tr", "ar", "pl", "uk"]
