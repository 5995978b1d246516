"""One zip per kit: the kit's files flat inside, with a short read-me in the kit's language; same bytes every build."""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from typing import Iterable

from kitgen.zipstamp import MEMBER_PERMISSIONS, fixed_zip

#: The read-me's file name per kit language.
README_NAMES = {"nl": "LEESMIJ.txt", "en": "README.txt"}

_WORDS = {
    "nl": {
        "heading": "Wat zit er in dit lespakket?",
        "slides": "Presentatie met aantekeningen voor de leerkracht (PowerPoint, zelf aan te passen).",
        "worksheet": "Werkblad voor de leerlingen: print er een per leerling.",
        "answers": "Lesplan, aandachtspunten en antwoorden. Alleen voor de leerkracht.",
        "letter": "Brief aan de ouders, om te printen.",
        "letter-text": "Dezelfde brief als platte tekst, om in de ouderapp of een e-mail te plakken.",
        "letter-html": "Dezelfde brief als opgemaakte e-mail (HTML).",
        "letter-eml": "Dezelfde brief als e-mail om te versturen: open het bestand, vul de ontvangers in en verstuur.",
        "other": "Hoort bij dit lespakket.",
    },
    "en": {
        "heading": "What is in this kit?",
        "slides": "Slides with speaker notes for the teacher (PowerPoint, yours to edit).",
        "worksheet": "Worksheet for pupils: print one for each pupil.",
        "answers": "Lesson plan, safeguarding notes and answers. For the teacher only.",
        "letter": "Letter to parents and carers, to print.",
        "letter-text": "The same letter as plain text, to paste into the parent app or an email.",
        "letter-html": "The same letter as a formatted email (HTML).",
        "letter-eml": "The same letter as an email ready to send: open the file, add the recipients and send it.",
        "other": "Part of this kit.",
    },
}

#: File kinds recognised from the end of a file's name (``…-<kind>.<suffix>``), longest first.
_KINDS = ("letter-text", "letter-html", "letter-eml", "worksheet", "answers", "slides", "letter")


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens, for a file name (``Basisschool De Eik`` → ``basisschool-de-eik``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def kit_zip_name(lesson: str, band: str, lang: str, school: str | None = None) -> str:
    """The zip's file name: ``<lesson>-<band>-<lang>[-<school-slug>].zip``."""
    school_part = f"-{slug(school)}" if school and slug(school) else ""
    return f"{lesson}-{band}-{lang}{school_part}.zip"


def kind_of(name: str) -> str | None:
    """The kind a kit file's name ends with (``grooming-8-10-nl-letter-text.txt`` → ``letter-text``), or None."""
    stem = name.rsplit(".", 1)[0]
    return next((kind for kind in _KINDS if stem.endswith(f"-{kind}")), None)


def readme_text(names: Iterable[str], lang: str, title: str = "") -> str:
    """The read-me of a kit: a heading, then every file's name with what it is for, in the kit's language."""
    words = _WORDS.get(lang, _WORDS["en"])  # a kit language without its own read-me words gets the English
    lines = [title, ""] if title else []
    lines += [words["heading"], ""]
    for name in names:
        lines += [name, f"    {words[kind_of(name) or 'other']}", ""]
    return "\r\n".join(lines)  # CRLF, so that every Windows editor shows the lines


def pack_kit(files: Iterable[tuple[str, bytes]], lang: str, when: dt.datetime, title: str = "") -> bytes:
    """The zip of one kit, as bytes: the files flat inside, in the order given, after a read-me.

    ``files`` are (file name, content) pairs, e.g. ``("grooming-8-10-nl-slides.pptx", b"...")``; only the
    name's last part is used, so a path loses its folders. The read-me (``LEESMIJ.txt`` for ``nl``,
    ``README.txt`` for ``en``) says what each file is for, recognised from its kind at the end of the name;
    ``title`` (e.g. the lesson's title) heads it. Every member is dated ``when`` (use the build date) with
    fixed permissions, so the same files give the same bytes. Works in memory: the web page calls it too.
    """
    members = [(name.replace("\\", "/").rsplit("/", 1)[-1], data) for name, data in files]
    names = [name for name, _ in members]
    readme_name = README_NAMES.get(lang, "README.txt")
    if len(set(names)) != len(names) or readme_name in names:
        raise ValueError(f"two files of a kit have the same name: {sorted(names)}")
    readme = readme_text(names, lang, title).encode("utf-8")
    buffer = io.BytesIO()
    stamp = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(readme_name, readme), *members]:
            entry = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = MEMBER_PERMISSIONS
            archive.writestr(entry, data)
    return fixed_zip(buffer.getvalue(), when)
