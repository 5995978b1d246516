"""The web page through Starlette's test client: every route, validation message, limit and header."""
from __future__ import annotations

import email
import email.policy
import io
import logging
import re
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from pypdf import PdfReader  # noqa: E402
from pptx import Presentation  # noqa: E402
with warnings.catch_warnings():  # Starlette asks for httpx2, which the test client does not need yet
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from webkit import PROJECT_ROOT, FORM, LOGO, jpeg, png  # noqa: E402

from kitgen.school import parse_school  # noqa: E402
from kitgen.web.app import create_app  # noqa: E402
from kitgen.web.guards import RateLimit  # noqa: E402

LESSONS = PROJECT_ROOT / "lessons"
FONTS = PROJECT_ROOT / "assets" / "fonts"


@pytest.fixture(scope="module")
def client(maker):
    with TestClient(create_app(maker, rate_limit=0), raise_server_exceptions=False) as client:
        yield client


def post(client, path, form=None, files=None, **changes):
    data = {**(FORM if form is None else form), **changes}
    return client.post(path, data=data, files=files)


def messages(html: str) -> list[str]:
    """The messages of the page's error summary, unescaped."""
    found = re.findall(r'<li><a href="#[^"]*">([^<]*)</a></li>', html)
    return [m.replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for m in found]


# --- Pages, headers, errors ------------------------------------------------------------------------


def test_home_in_dutch_by_default_and_english_when_asked(client):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="nl">' in page.text and "Kies een les" in page.text
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert '<html lang="en">' in english.text and "Choose a lesson" in english.text
    switched = client.get("/?ui=nl", headers={"Accept-Language": "en"})
    assert '<html lang="nl">' in switched.text
    assert client.get("/", headers={"Accept-Language": "fr, nl;q=0.3, en;q=0.2"}).text.count('lang="nl"') >= 1


def test_home_lists_every_lesson_band_and_language(client, maker):
    page = client.get("/?ui=en").text
    for lesson in maker.catalog.lessons:
        assert f'value="{lesson.id}"' in page and lesson.title["en"] in page
    for band in maker.catalog.bands:
        assert f'value="{band.id}"' in page and band.label["en"].replace("–", "–") in page
    assert 'name="letter_lang" id="letter-nl"' in page and 'name="letter_lang" id="letter-en"' in page


@pytest.mark.parametrize("path", ["/", "/healthz", "/nope", "/static/style.css", "/pictures/shield.png"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_no_outside_resources(client):
    page = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


def test_static_and_pictures(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/pictures/shield.png").content.startswith(b"\x89PNG")
    assert client.get("/pictures/..%2Fpyproject.toml").status_code == 404
    assert client.get("/static/../kits.py").status_code == 404


def test_404_and_405_are_pages_without_tracebacks(client):
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "Deze pagina bestaat niet." in missing.text
    wrong = client.get("/preview")
    assert wrong.status_code == 405 and "Traceback" not in wrong.text
    assert client.delete("/").status_code == 405
    assert client.put("/download").status_code == 405


def test_a_failure_while_making_the_kit_is_a_500_page_without_traceback(maker, monkeypatch, caplog):
    async def broken(request, thumbs=False):
        raise RuntimeError(f"boom for {request.school.name}")

    monkeypatch.setattr(maker, "kit", broken)
    with TestClient(create_app(maker, rate_limit=0), raise_server_exceptions=False) as client:
        with caplog.at_level(logging.ERROR, logger="kitgen.web"):
            response = post(client, "/download")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text and "Traceback" not in response.text and "boom" not in response.text
    assert "RuntimeError" in caplog.text and "Regenboog" not in caplog.text  # where, never what was sent


def test_a_body_that_is_not_a_form_is_a_400(client):
    response = client.post("/preview", content=b"\xff\xfe", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "Traceback" not in response.text


def test_a_request_body_over_the_limit_is_refused(client):
    response = client.post("/preview", content=b"x" * (4 * 1024 * 1024 + 1),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_rate_limit_answers_429(maker):
    with TestClient(create_app(maker, rate_limit=3)) as client:
        statuses = [client.get("/").status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        refused = client.get("/")
        assert refused.headers["retry-after"] == "60" and refused.headers["x-content-type-options"] == "nosniff"
        assert client.get("/healthz").status_code == 200  # a load balancer's check is never limited


def test_rate_limit_refills_per_client():
    now = [0.0]
    limit = RateLimit(None, per_minute=60, refuse=None, clock=lambda: now[0])
    assert all(limit._allow("a") for _ in range(60)) and not limit._allow("a")
    assert limit._allow("b")
    now[0] += 2.0  # two seconds give two requests back
    assert limit._allow("a") and limit._allow("a") and not limit._allow("a")


# --- The kit -----------------------------------------------------------------------------------------


def test_preview_shows_every_slide_and_page(client, maker):
    response = post(client, "/preview", files={"logo": ("logo.png", LOGO, "image/png")})
    assert response.status_code == 200, messages(response.text)
    html = response.text
    zipped = post(client, "/download", files={"logo": ("logo.png", LOGO, "image/png")})
    kit = zipfile.ZipFile(io.BytesIO(zipped.content))
    slides = len(Presentation(io.BytesIO(kit.read("grooming-10-12-nl-slides.pptx"))).slides)
    assert html.count('src="data:image/svg+xml;base64,') == slides
    pages = sum(len(PdfReader(io.BytesIO(kit.read(name))).pages) for name in kit.namelist() if name.endswith(".pdf"))
    assert html.count('src="data:image/png;base64,') == pages
    for kind in ("slides", "worksheet", "answers", "letter", "letter-text", "letter-html"):
        assert f'value="grooming-10-12-nl-{kind}.' in html
    assert 'value="grooming-10-12-en-letter.pdf"' in html  # the second letter language
    assert 'name="logo_data"' in html  # the logo goes back with the download, never stored


def test_kit_zip_has_every_file_and_the_school(client):
    response = post(client, "/download", files={"logo": ("logo.png", LOGO, "image/png")})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="grooming-10-12-nl-basisschool-de-regenboog.zip"' in response.headers["content-disposition"]
    kit = zipfile.ZipFile(io.BytesIO(response.content))
    names = kit.namelist()
    for lang in ("nl", "en"):
        for suffix in ("letter.pdf", "letter-text.txt", "letter-html.html"):
            assert f"grooming-10-12-{lang}-{suffix}" in names
    for suffix in ("slides.pptx", "worksheet.pdf", "answers.pdf"):
        assert f"grooming-10-12-nl-{suffix}" in names
    letter = "".join(p.extract_text() for p in PdfReader(io.BytesIO(kit.read("grooming-10-12-nl-letter.pdf"))).pages)
    assert "Basisschool De Regenboog" in letter and "groep 7b" in letter and "Hartelijke groet," in letter
    mail = email.message_from_bytes(kit.read("grooming-10-12-nl-letter-eml.eml"), policy=email.policy.default)
    assert mail["Subject"] and "Sanne de Vries" in mail.get_body(("plain",)).get_content()  # ready to open in mail
    html = kit.read("grooming-10-12-en-letter-html.html").decode("utf-8")
    assert "Sanne de Vries" in html and "data:image/png;base64," in html  # the uploaded logo


def test_single_file_download(client):
    response = post(client, "/download", file="grooming-10-12-nl-letter-text.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'filename="grooming-10-12-nl-letter-text.txt"' in response.headers["content-disposition"]
    assert "Sanne de Vries" in response.text
    assert post(client, "/download", file="../../etc/passwd").status_code == 404


def test_shared_files_are_cached_letters_are_not(client, maker):
    post(client, "/download")
    cached = len(maker._cache)
    second = post(client, "/download", name="Andere School")
    assert len(maker._cache) == cached  # slides, worksheet and answers came from the cache
    kit = zipfile.ZipFile(io.BytesIO(second.content))
    assert b"Andere School" in kit.read("grooming-10-12-nl-letter-text.txt")


def test_the_download_form_sends_the_logo_back(client):
    preview = post(client, "/preview", files={"logo": ("logo.png", LOGO, "image/png")}).text
    logo_data = re.search(r'name="logo_data" value="([^"]+)"', preview).group(1)
    response = post(client, "/download", logo_name="logo.png", logo_data=logo_data, file="grooming-10-12-nl-letter-html.html")
    assert "data:image/png;base64," in response.text


# --- Validation: the CLI's messages -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "teacher", "class", "email", "phone"])
def test_every_required_field_must_be_filled_in(client, field):
    response = post(client, "/preview", **{field: ""})
    assert response.status_code == 400
    assert f"'{field}' is empty; write a value" in messages(response.text)
    assert f'id="f-{field}"' in response.text and 'aria-invalid="true"' in response.text


def test_date_and_email_messages_are_the_clis(client):
    response = post(client, "/preview", lesson_date="volgende week", email="geen-adres", letter_date="3-12-2026")
    found = messages(response.text)
    assert "'lesson_date' must be a date written as YYYY-MM-DD, not 'volgende week'" in found
    assert "'letter_date' must be a date written as YYYY-MM-DD, not '3-12-2026'" in found
    assert any(m.startswith("'email' must be an e-mail address like name@school.nl, not 'geen-adres'") for m in found)


def test_lesson_band_and_letter_language_must_be_chosen(client):
    response = post(client, "/preview", lesson="nope", band="", letter_lang=[])
    assert response.status_code == 400
    assert {"Kies een les.", "Kies een groep of klas.", "Kies minstens één taal voor de ouderbrief."} <= set(messages(response.text))


def test_characters_the_letter_font_lacks_are_refused(client):
    response = post(client, "/preview", teacher="Juf 😀")
    assert any("U+1F600" in m and "cannot be printed in the letter's font" in m for m in messages(response.text))


def test_values_are_kept_after_a_mistake(client):
    response = post(client, "/preview", email="")
    assert 'value="Sanne de Vries"' in response.text
    assert re.search(r'value="grooming" required\s+checked', response.text)


def test_a_10000_character_name_is_refused_quickly(client):
    response = post(client, "/preview", name="A" * 10_000)
    assert response.status_code == 400
    assert "'name' is longer than 200 characters; shorten it" in messages(response.text)


SCRIPT = '<script>alert(1)</script>"\''


def test_script_in_every_field_is_escaped(client):
    fields = {name: SCRIPT for name in ("name", "teacher", "class", "lesson_date", "letter_date", "email", "phone", "address",
                                        "signature_nl", "signature_en")}
    response = post(client, "/preview", **fields, lesson=SCRIPT, band=SCRIPT, lang=SCRIPT, letter_lang=[SCRIPT])
    assert response.status_code == 400
    assert "<script>alert" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_script_in_a_valid_kit_is_escaped_in_page_and_letters(client):
    text_fields = {name: "Juf " + SCRIPT for name in ("name", "teacher", "class", "phone", "address", "signature_nl")}
    preview = post(client, "/preview", **text_fields)
    assert preview.status_code == 200, messages(preview.text)
    assert "<script>alert" not in preview.text
    html = post(client, "/download", **text_fields, file="grooming-10-12-nl-letter-html.html").text
    assert "<script>alert" not in html and "&lt;script&gt;" in html


# --- Uploads --------------------------------------------------------------------------------------


def test_logo_png_and_jpeg_are_accepted(client):
    assert post(client, "/preview", files={"logo": ("logo.png", LOGO, "image/png")}).status_code == 200
    assert post(client, "/preview", files={"logo": ("logo.jpg", jpeg(), "image/jpeg")}).status_code == 200


def test_a_logo_that_is_not_an_image_is_refused(client):
    response = post(client, "/preview", files={"logo": ("logo.png", b"GIF89a not really", "image/png")})
    assert "logo 'logo.png' must be a PNG or JPEG image" in messages(response.text)


def test_an_oversized_logo_is_refused(client):
    big = LOGO + b"\x00" * (2 * 1024 * 1024)
    response = post(client, "/preview", files={"logo": ("big.png", big, "image/png")})
    assert response.status_code == 400
    assert "logo 'big.png' is larger than 2 MB; save it smaller" in messages(response.text)


def test_a_decompression_bomb_png_is_refused_before_decoding(client):
    bomb = png(6000, 6000)  # 36 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    response = post(client, "/preview", files={"logo": ("bomb.png", bomb, "image/png")})
    assert "logo 'bomb.png' has more than 20 megapixels (6000 × 6000); save it smaller" in messages(response.text)


def test_load_school_yaml_fills_in_the_form(client):
    example = (PROJECT_ROOT / "examples" / "school.yaml").read_bytes()
    response = post(client, "/load", files={"school_file": ("school.yaml", example, "application/yaml")},
                    name="", teacher="")
    assert response.status_code == 200
    assert 'value="Basisschool De Regenboog"' in response.text and 'value="2026-12-03"' in response.text
    assert re.search(r'value="grooming" required\s+checked', response.text)  # the lesson chosen before is kept


def test_load_school_yaml_reports_problems_with_line_and_column(client):
    bad = b"name: De School\nteacher: ''\nclass: 7b\nlesson_date: soon\nemail: x\nphone: 1\n"
    response = post(client, "/load", files={"school_file": ("mijn-school.yaml", bad, "application/yaml")})
    assert response.status_code == 400
    assert "mijn-school.yaml:2:10: &#39;teacher&#39; is empty; write a value" in response.text
    assert "mijn-school.yaml:4:14: &#39;lesson_date&#39; must be a date written as YYYY-MM-DD, not &#39;soon&#39;" in response.text


def test_load_school_yaml_limits_and_unsafe_yaml(client):
    big = b"name: x\n" + b"#" * (64 * 1024)
    response = post(client, "/load", files={"school_file": ("school.yaml", big, "application/yaml")})
    assert "school.yaml: the file is larger than 64 KB; a school profile is far smaller" in response.text
    unsafe = b"name: !!python/object:os.system x\n"
    assert "is not allowed; write plain YAML values" in post(
        client, "/load", files={"school_file": ("school.yaml", unsafe, "application/yaml")}).text
    assert post(client, "/load").status_code == 400  # no file chosen


def test_save_school_yaml_reads_back_the_same(client):
    response = post(client, "/school.yaml", name="De Eik ‘t Hof", signature_en="Best wishes,")
    assert response.status_code == 200
    assert 'filename="school.yaml"' in response.headers["content-disposition"]
    profile = parse_school(response.content, "school.yaml", FONTS)
    assert profile.name == "De Eik ‘t Hof" and profile.teacher == FORM["teacher"] and profile.signature_for("en") == "Best wishes,"
    assert profile.signature_for("nl") == FORM["signature_nl"]
    assert profile.lesson_date.isoformat() == FORM["lesson_date"]


def test_the_school_address_is_an_optional_field_that_reaches_the_letter(client):
    assert 'name="address"' in client.get("/").text
    address = "Voorbeeldstraat 12, 1234 AB Utrecht"
    assert parse_school(post(client, "/school.yaml", address=address).content, "school.yaml", FONTS).address == address
    assert parse_school(post(client, "/school.yaml", address="").content, "school.yaml", FONTS).address is None
    letter = post(client, "/download", address=address, file="grooming-10-12-nl-letter-text.txt")
    assert letter.status_code == 200 and address in letter.text


def test_save_school_yaml_checks_the_details(client):
    response = post(client, "/school.yaml", email="nope")
    assert response.status_code == 400 and "'email' must be an e-mail address" in " ".join(messages(response.text))


# --- Privacy --------------------------------------------------------------------------------------


def test_school_details_are_not_logged_or_written(client, caplog, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.DEBUG):
        post(client, "/download", files={"logo": ("logo.png", LOGO, "image/png")})
        post(client, "/preview", email="wrong")
    assert "Sanne" not in caplog.text and "Regenboog" not in caplog.text
    assert list(tmp_path.iterdir()) == []


# --- Property tests on the form's parsers ------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from kitgen.web.school_form import check_school, quoted  # noqa: E402
from kitgen.yamlsource import parse_yaml  # noqa: E402


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_any_field_value_reads_back_unchanged(value):
    root, problems = parse_yaml(f"name: {quoted(value)}\n".encode("utf-8"), "the form")
    assert problems == [] and root.value[0][1].value == value


@given(st.dictionaries(st.sampled_from(["name", "teacher", "class", "lesson_date", "letter_date", "email", "phone",
                                        "address", "signature_nl", "signature_en"]), st.text(max_size=40)))
@settings(max_examples=100, deadline=None)
def test_any_form_gives_a_profile_or_messages(values):
    result = check_school(values, None, FONTS)
    assert (result.profile is None) == bool(result.errors)
    assert all(isinstance(m, str) and m for messages in result.errors.values() for m in messages)
