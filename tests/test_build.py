"""A full build: the manifest is complete and true, and every artifact holds the lesson's real text."""
from __future__ import annotations

from pathlib import Path
import hashlib
import io
import subprocess
import sys

import pytest
from pptx import Presentation
from pypdf import PdfReader

from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.renderers import KINDS
from kitgen.view import make_view

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")


def test_manifest_lists_every_kind_for_every_kit(manifest):
    kits = len(CATALOG.lessons) * len(CATALOG.bands) * len(LANGUAGES)
    kit_files = [a for a in manifest["artifacts"] if a["lang"] in LANGUAGES]
    assert len(kit_files) == kits * len(KINDS)
    assert {a["kind"] for a in kit_files} == set(KINDS)
    assert {a["lang"] for a in manifest["artifacts"]} == set(LANGUAGES)  # letter languages only when asked for
    assert manifest["generator"].startswith("kitgen ")


def test_manifest_hashes_match_the_files(built, manifest):
    files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()} - {"manifest.json"}
    assert files == {a["path"] for a in manifest["artifacts"]}
    for artifact in manifest["artifacts"]:
        data = (built / artifact["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == artifact["sha256"]
        assert len(data) == artifact["bytes"]


def _artifact(built, manifest, lesson, band, lang, kind):
    entry = next(
        a for a in manifest["artifacts"]
        if (a["lesson"], a["band"], a["lang"], a["kind"]) == (lesson, band, lang, kind)
    )
    return (built / entry["path"]).read_bytes()


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("band", [b.id for b in CATALOG.bands])
def test_every_artifact_holds_the_lessons_text(built, manifest, band, lang):
    for lesson in CATALOG.lessons:
        view = make_view(CATALOG, lesson, band, lang)
        deck = Presentation(io.BytesIO(_artifact(built, manifest, lesson.id, band, lang, "slides")))
        assert len(deck.slides) >= len(view.content.slides)
        texts = [shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame]
        assert view.content.slides[0].title in texts
        assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip() for s in deck.slides)

        worksheet = _pdf_text(_artifact(built, manifest, lesson.id, band, lang, "worksheet"))
        assert view.title in worksheet
        for exercise in view.content.exercises:
            assert " ".join(exercise.prompt.split()) in worksheet

        answers = _pdf_text(_artifact(built, manifest, lesson.id, band, lang, "answers"))
        assert " ".join(view.content.exercises[0].explanation.split())[:40] in answers

        letter = _pdf_text(_artifact(built, manifest, lesson.id, band, lang, "letter"))
        text = _artifact(built, manifest, lesson.id, band, lang, "letter-text").decode("utf-8")
        assert view.title in letter and view.title in text
        for tip in view.content.letter.tips:
            assert " ".join(tip.split())[:30] in letter
            assert " ".join(tip.split())[:30] in " ".join(text.split())


def test_pdfs_are_a4(built, manifest):
    for artifact in manifest["artifacts"]:
        if artifact["path"].endswith(".pdf"):
            page = PdfReader(built / artifact["path"]).pages[0]
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_cli_runs_as_a_subprocess(tmp_path):
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "kitgen.py"), "check", "--lessons", str(PROJECT_ROOT / "lessons")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
