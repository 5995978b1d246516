"""pack_kit: one reproducible zip per kit, files flat inside, with a read-me in the kit's language."""
import datetime as dt
import io
import zipfile

import pytest

from kitgen.kitzip import kit_zip_name, pack_kit, slug

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
FILES = [("nl/8-10/grooming/grooming-8-10-nl-slides.pptx", b"deck"), ("grooming-8-10-nl-letter-text.txt", b"brief")]


def test_files_flat_with_a_dutch_readme_first():
    archive = zipfile.ZipFile(io.BytesIO(pack_kit(FILES, "nl", WHEN, title="Grooming")))
    assert archive.namelist() == ["LEESMIJ.txt", "grooming-8-10-nl-slides.pptx", "grooming-8-10-nl-letter-text.txt"]
    assert archive.read("grooming-8-10-nl-slides.pptx") == b"deck"
    readme = archive.read("LEESMIJ.txt").decode("utf-8")
    assert readme.startswith("Grooming\r\n")
    assert "grooming-8-10-nl-letter-text.txt\r\n    Dezelfde brief als platte tekst" in readme
    assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_english_readme_and_same_bytes_every_time():
    files = [("grooming-8-10-en-answers.pdf", b"key")]
    data = pack_kit(files, "en", WHEN)
    assert data == pack_kit(files, "en", WHEN)
    assert "For the teacher only" in zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode("utf-8")
    assert data != pack_kit(files, "en", WHEN + dt.timedelta(days=1))


def test_two_files_with_one_name_are_refused():
    with pytest.raises(ValueError, match="same name"):
        pack_kit([("a/x.pdf", b"1"), ("b/x.pdf", b"2")], "en", WHEN)


def test_names():
    assert slug("Basisschool De Eik, Zoë") == "basisschool-de-eik-zoe"
    assert kit_zip_name("grooming", "8-10", "nl") == "grooming-8-10-nl.zip"
    assert kit_zip_name("grooming", "8-10", "nl", "OBS 't Startpunt") == "grooming-8-10-nl-obs-t-startpunt.zip"
