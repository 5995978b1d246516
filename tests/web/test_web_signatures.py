"""The web form's closing lines: one field per language a letter is offered in, checked in that language's font."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from webkit import PROJECT_ROOT, FORM  # noqa: E402

from kitgen.school import parse_school  # noqa: E402
from kitgen.web.app import create_app  # noqa: E402

ARABIC_LINE = "مع خالص التقدير،"


@pytest.fixture(scope="module")
def client(maker):
    with TestClient(create_app(maker, rate_limit=0), raise_server_exceptions=False) as client:
        yield client


def _post(client, path, **changes):
    return client.post(path, data={**FORM, **changes})


def test_the_form_has_a_closing_line_field_per_offered_language(client):
    page = client.get("/?ui=nl").text
    for code in ("nl", "en", "tr", "ar", "pl", "uk"):
        # each next to its language's box (app.js shows only those of the ticked ones)
        assert f'<div class="field" data-letter="{code}">' in page and f'id="letter-{code}"' in page
    assert "Slotgroet in de brief in het Turks" in page and "Slotgroet in de Nederlandse brief" in page
    assert re.search(r'name="signature_ar"[^>]*lang="ar" dir="auto"', page)
    assert "Closing line of the letter in Arabic" in client.get("/?ui=en").text


def test_an_arabic_closing_line_reaches_the_arabic_letter(client):
    response = _post(client, "/download", letter_lang=["nl", "ar"], signature_ar=ARABIC_LINE)
    assert response.status_code == 200, response.text[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pdf = next(name for name in archive.namelist() if name.endswith("-ar-letter.pdf"))
    text = subprocess.run(["pdftotext", "-", "-"], input=archive.read(pdf), capture_output=True, check=True).stdout
    plain = "".join(ch for ch in unicodedata.normalize("NFKC", text.decode("utf-8")) if ch not in "\u202a\u202b\u202c")
    assert ARABIC_LINE in plain
    readme = archive.read("LEESMIJ.txt").decode("utf-8").split("\r\n")
    assert readme[readme.index(pdf) + 2].startswith("    Conceptvertaling, nog niet nagekeken")
    assert not any(line.startswith("    Concept") for line in readme[:readme.index(pdf)])  # the Dutch kit is no draft


def test_a_closing_line_the_font_cannot_print_is_reported_at_its_field(client):
    response = _post(client, "/preview", letter_lang=["nl", "tr"], signature_tr="Saygılar ☺︎")
    assert response.status_code == 400
    assert 'href="#f-signature_tr"' in response.text and "cannot be printed in the Turkish letter" in response.text
    assert '<div class="field invalid" data-letter="tr">' in response.text  # app.js keeps a field with a mistake shown


def test_closing_lines_are_saved_and_loaded_in_every_language(client):
    saved = _post(client, "/school.yaml", letter_lang=["nl", "tr"], signature_tr="Saygılarımla,",
                  signature_ar=ARABIC_LINE)
    assert saved.status_code == 200
    profile = parse_school(saved.content, "school.yaml", PROJECT_ROOT / "assets" / "fonts")
    assert profile.signature_for("tr") == "Saygılarımla," and profile.signature_for("ar") == ARABIC_LINE
    loaded = client.post("/load", data={"ui": "nl"}, files={"school_file": ("school.yaml", saved.content)})
    assert loaded.status_code == 200 and 'value="Saygılarımla,"' in loaded.text
