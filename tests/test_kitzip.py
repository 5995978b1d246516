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


KINDS_IN_A_KIT = ("slides", "worksheet", "answers", "letter", "letter-text", "letter-html", "letter-eml")
#: The read-mes as they were before their words moved into the catalogues: they must not change.
DUTCH_README = "\r\n".join([
    "Titel", "", "Wat zit er in dit lespakket?", "",
    "g-8-10-nl-slides.pptx", "    Presentatie met aantekeningen voor de leerkracht (PowerPoint, zelf aan te passen).", "",
    "g-8-10-nl-worksheet.pdf", "    Werkblad voor de leerlingen: print er een per leerling.", "",
    "g-8-10-nl-answers.pdf", "    Lesplan, aandachtspunten en antwoorden. Alleen voor de leerkracht.", "",
    "g-8-10-nl-letter.pdf", "    Brief aan de ouders, om te printen.", "",
    "g-8-10-nl-letter-text.pdf", "    Dezelfde brief als platte tekst, om in de ouderapp of een e-mail te plakken.", "",
    "g-8-10-nl-letter-html.pdf", "    Dezelfde brief als opgemaakte e-mail (HTML).", "",
    "g-8-10-nl-letter-eml.pdf",
    "    Dezelfde brief als e-mail om te versturen: open het bestand, vul de ontvangers in en verstuur.", "",
    "notes.txt", "    Hoort bij dit lespakket.", "",
])
ENGLISH_README = "\r\n".join([
    "What is in this kit?", "",
    "g-8-10-en-slides.pptx", "    Slides with speaker notes for the teacher (PowerPoint, yours to edit).", "",
    "g-8-10-en-worksheet.pdf", "    Worksheet for pupils: print one for each pupil.", "",
    "g-8-10-en-answers.pdf", "    Lesson plan, safeguarding notes and answers. For the teacher only.", "",
    "g-8-10-en-letter.pdf", "    Letter to parents and carers, to print.", "",
    "g-8-10-en-letter-text.pdf", "    The same letter as plain text, to paste into the parent app or an email.", "",
    "g-8-10-en-letter-html.pdf", "    The same letter as a formatted email (HTML).", "",
    "g-8-10-en-letter-eml.pdf",
    "    The same letter as an email ready to send: open the file, add the recipients and send it.", "",
    "notes.txt", "    Part of this kit.", "",
])
DRAFT_NL = ("    Conceptvertaling, nog niet nagekeken door een moedertaalspreker: laat iemand die de taal goed leest de "
            "brief eerst lezen en verstuur hem pas daarna.")


def _kit(lang: str) -> list[tuple[str, bytes]]:
    files = [(f"g-8-10-{lang}-{kind}.{'pptx' if kind == 'slides' else 'pdf'}", b"x") for kind in KINDS_IN_A_KIT]
    return files + [("notes.txt", b"n")]


def _readme(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_dutch_and_english_readmes_keep_their_words_from_the_catalogues():
    assert _readme(pack_kit(_kit("nl"), "nl", WHEN, "Titel"), "LEESMIJ.txt") == DUTCH_README
    assert _readme(pack_kit(_kit("en"), "en", WHEN), "README.txt") == ENGLISH_README
    # languages whose translation is a draft change nothing for files in a reviewed language
    assert _readme(pack_kit(_kit("nl"), "nl", WHEN, "Titel", drafts=("tr", "ar")), "LEESMIJ.txt") == DUTCH_README


def test_letters_in_a_draft_language_are_flagged_in_the_readme():
    files = _kit("nl") + [("g-8-10-tr-letter.pdf", b"t"), ("g-8-10-tr-letter-text.txt", b"t")]
    readme = _readme(pack_kit(files, "nl", WHEN, "Titel", drafts=("tr", "ar")), "LEESMIJ.txt")
    lines = readme.split("\r\n")
    assert lines[lines.index("g-8-10-tr-letter.pdf") + 2] == DRAFT_NL
    assert lines[lines.index("g-8-10-tr-letter-text.txt") + 2] == DRAFT_NL
    assert readme.count("Conceptvertaling") == 2  # the Dutch kit's own files are not drafts
    english = _readme(pack_kit([("g-8-10-tr-letter.pdf", b"t")], "tr", WHEN, drafts=("tr",)), "README.txt")
    assert english.split("\r\n")[2:6] == [
        "g-8-10-tr-letter.pdf", "    Letter to parents and carers, to print.",
        "    Draft translation, not yet reviewed by a native speaker: have someone who reads the language well "
        "read it before you send it.", "",
    ]  # a letter language has no kit words of its own: the English ones
    assert pack_kit(files, "nl", WHEN, drafts=("tr",)) == pack_kit(files, "nl", WHEN, drafts=("tr",))


def test_a_new_kit_languages_readme_comes_from_its_catalogue(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogue = Catalog(locale="de")
    catalogue.add("README.txt", "LIESMICH.txt", context="readme_file")
    catalogue.add("What is in this kit?", "Was ist in diesem Paket?", context="readme_heading")
    catalogue.add("Letter to parents and carers, to print.", "Elternbrief, zum Ausdrucken.", context="readme_letter")
    catalogue.add("Draft translation, not yet reviewed by a native speaker: have someone who reads the language well "
                  "read it before you send it.", "Entwurf: vor dem Versand lesen lassen.", context="readme_draft_letter")
    po = tmp_path / "locale" / "de.po"
    po.parent.mkdir()
    with po.open("wb") as file:
        write_po(file, catalogue)
    data = pack_kit([("g-8-10-de-letter.pdf", b"d"), ("g-8-10-de-worksheet.pdf", b"w")], "de", WHEN,
                    drafts=("de",), kit_words=str(po))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "LIESMICH.txt"
    assert _readme(data, "LIESMICH.txt").split("\r\n") == [
        "Was ist in diesem Paket?", "",
        "g-8-10-de-letter.pdf", "    Elternbrief, zum Ausdrucken.", "    Entwurf: vor dem Versand lesen lassen.", "",
        # words the catalogue leaves out are the English ones
        "g-8-10-de-worksheet.pdf", "    Worksheet for pupils: print one for each pupil.",
        "    Draft translation, not yet reviewed by a native speaker: have someone who reads the language well read "
        "it before you use it.", "",
    ]
