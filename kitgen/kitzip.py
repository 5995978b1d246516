"""One zip per kit: the kit's files flat inside, with a short read-me in the kit's language; same bytes every build."""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from typing import Collection, Iterable

from kitgen.i18n import Labels, word
from kitgen.zipstamp import MEMBER_PERMISSIONS, fixed_zip

#: What each kind of file is for, as the read-me says it (translated in the kit-word catalogues).
_PURPOSES = {
    "slides": word("readme_slides", "Slides with speaker notes for the teacher (PowerPoint, yours to edit)."),
    "worksheet": word("readme_worksheet", "Worksheet for pupils: print one for each pupil."),
    "answers": word("readme_answers", "Lesson plan, safeguarding notes and answers. For the teacher only."),
    "letter": word("readme_letter", "Letter to parents and carers, to print."),
    "letter-text": word("readme_letter_text",
                        "The same letter as plain text, to paste into the parent app or an email."),
    "letter-html": word("readme_letter_html", "The same letter as a formatted email (HTML)."),
    "letter-eml": word("readme_letter_eml",
                       "The same letter as an email ready to send: open the file, add the recipients and send it."),
}
_OTHER = word("readme_other", "Part of this kit.")
#: The note under a file in a language whose translation is a draft (``status: draft`` in languages.yaml).
_DRAFT_LETTER = word("readme_draft_letter", "Draft translation, not yet reviewed by a native speaker: have someone "
                                            "who reads the language well read it before you send it.")
_DRAFT_OTHER = word("readme_draft_other", "Draft translation, not yet reviewed by a native speaker: have someone "
                                          "who reads the language well read it before you use it.")
#: The letter kinds: a draft note says to have them read before sending.
_LETTER_KINDS = frozenset({"letter", "letter-text", "letter-html", "letter-eml"})

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


def lang_of(name: str) -> str | None:
    """The language code in a kit file's name (``grooming-8-10-tr-letter.pdf`` → ``tr``), or None."""
    kind = kind_of(name)
    if kind is None:
        return None
    return name.rsplit(".", 1)[0][: -len(kind) - 1].rsplit("-", 1)[-1] or None


def readme_name(labels: Labels) -> str:
    """The read-me's file name in the kit's language (``LEESMIJ.txt``, ``README.txt``)."""
    # TRANSLATORS: the file name of the kit zip's read-me: letters, digits and hyphens, ending in .txt
    return labels("readme_file", "README.txt")


def readme_text(names: Iterable[str], labels: Labels, title: str = "", drafts: Collection[str] = ()) -> str:
    """The read-me of a kit: a heading, then every file's name with what it is for, in the kit's language.

    A file in one of the ``drafts`` languages (codes whose translation awaits review) is flagged as a draft.
    """
    lines = [title, ""] if title else []
    lines += [labels("readme_heading", "What is in this kit?"), ""]
    for name in names:
        kind = kind_of(name)
        lines += [name, f"    {labels(_PURPOSES.get(kind, _OTHER))}"]
        if lang_of(name) in drafts:
            lines.append(f"    {labels(_DRAFT_LETTER if kind in _LETTER_KINDS else _DRAFT_OTHER)}")
        lines.append("")
    return "\r\n".join(lines)  # CRLF, so that every Windows editor shows the lines


def flat_name(name: str) -> str:
    """A kit file's name inside the zip: the last part of its path."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def readme(names: Iterable[str], lang: str, title: str = "", drafts: Collection[str] = (),
           kit_words: str | None = None) -> tuple[str, str]:
    """The read-me's file name and text for a kit of ``names`` (see :func:`pack_kit`)."""
    labels = Labels(lang, kit_words)
    return readme_name(labels), readme_text(names, labels, title, drafts)


def pack_kit(files: Iterable[tuple[str, bytes]], lang: str, when: dt.datetime, title: str = "", *,
             drafts: Collection[str] = (), kit_words: str | None = None) -> bytes:
    """The zip of one kit, as bytes: the files flat inside, in the order given, after a read-me.

    ``files`` are (file name, content) pairs, e.g. ``("grooming-8-10-nl-slides.pptx", b"...")``; only the
    name's last part is used, so a path loses its folders. The read-me (``LEESMIJ.txt`` for ``nl``,
    ``README.txt`` for ``en``) says what each file is for, recognised from its kind at the end of the name,
    in the words of ``lang``'s kit-word catalogue (``kit_words``: the lessons folder's own ``.po``, if any;
    a language without a catalogue gets the English words); ``title`` (e.g. the lesson's title) heads it,
    and files in the ``drafts`` languages are flagged as draft translations. Every member is dated ``when`` (use the build date) with
    fixed permissions, so the same files give the same bytes. Works in memory: the web page calls it too.
    """
    members = [(flat_name(name), data) for name, data in files]
    names = [name for name, _ in members]
    readme_file, readme_words = readme(names, lang, title, drafts, kit_words)
    if len(set(names)) != len(names) or readme_file in names:
        raise ValueError(f"two files of a kit have the same name: {sorted(names)}")
    readme_bytes = readme_words.encode("utf-8")
    buffer = io.BytesIO()
    stamp = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(readme_file, readme_bytes), *members]:
            entry = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = MEMBER_PERMISSIONS
            archive.writestr(entry, data)
    return fixed_zip(buffer.getvalue(), when)
