"""Every worksheet and guide of a full build: A4, embedded fonts, /Lang, qpdf-clean, complete, reproducible."""
from __future__ import annotations

from pathlib import Path
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kitgen.cli import main
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.view import make_view
from worksheet_pdf import embedded_fonts, flat, key_texts, pages_text, sheet_texts

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from

CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
KINDS = ("worksheet", "answers")


def _entries(manifest):
    return [a for a in manifest["artifacts"] if a["kind"] in KINDS]


def test_every_sheet_is_a4_with_embedded_fonts_and_its_language(built, manifest):
    entries = _entries(manifest)
    assert len(entries) == len(CATALOG.lessons) * len(CATALOG.bands) * len(LANGUAGES) * len(KINDS)
    for entry in entries:
        reader = PdfReader(built / entry["path"])
        assert reader.trailer["/Root"]["/Lang"] == LANGUAGES[entry["lang"]]
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        for font in embedded_fonts(reader):
            assert "/FontFile2" in font["/FontDescriptor"], (entry["path"], font["/BaseFont"])


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_every_sheet_passes_qpdf_check(built, manifest):
    for entry in _entries(manifest):
        result = subprocess.run(["qpdf", "--check", str(built / entry["path"])], capture_output=True, text=True)
        assert result.returncode == 0, (entry["path"], result.stdout, result.stderr)


def test_every_worksheet_has_its_exercises_and_every_guide_their_answers(built, manifest):
    lessons = {lesson.id: lesson for lesson in CATALOG.lessons}
    for entry in _entries(manifest):
        view = make_view(CATALOG, lessons[entry["lesson"]], entry["band"], entry["lang"])
        text = " ".join(pages_text((built / entry["path"]).read_bytes()))
        for number, exercise in enumerate(view.content.exercises, 1):
            assert flat(exercise.prompt) in text, entry["path"]
            wanted = sheet_texts(exercise) if entry["kind"] == "worksheet" else key_texts(exercise, view, number)
            for item in wanted:
                assert flat(item) in text, (entry["path"], item)


def test_a_rebuild_is_byte_identical(built, manifest, tmp_path):
    band = CATALOG.bands[0].id
    args = ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(tmp_path), "--band", band, "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    again = [a for a in _entries(manifest) if a["band"] == band]
    assert again
    for entry in again:
        assert (tmp_path / entry["path"]).read_bytes() == (built / entry["path"]).read_bytes(), entry["path"]
