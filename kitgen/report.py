"""`kitgen check --report`: how big each kit is, how it reads, and which recommended parts it lacks, without rendering."""
from __future__ import annotations

import dataclasses
from typing import Iterator

from kitgen.i18n import LANGUAGES
from kitgen.model import HIDDEN_FIELDS, BandContent, Catalog, QuizSlide, Text

#: Recommended parts of a kit: (label, test on a band's content). The schema does not require them.
RECOMMENDED = (
    ("quiz", lambda c: any(s.kind == "quiz" for s in c.slides)),
    ("scenario", lambda c: any(s.kind == "scenario" for s in c.slides)),
    ("help slide", lambda c: any(s.kind == "help" for s in c.slides)),
    ("recap", lambda c: any(s.kind == "recap" for s in c.slides)),
    ("keywords", lambda c: bool(c.keywords)),
    ("discussion tips", lambda c: bool(c.discussion_tips)),
    ("knowledge goal", lambda c: any(g.kind == "knowledge" for g in c.goals)),
    ("skills goal", lambda c: any(g.kind == "skills" for g in c.goals)),
    ("attitude goal", lambda c: any(g.kind == "attitude" for g in c.goals)),
)

#: w/sent: pupils' words per sentence; long%: pupils' words of 7+ letters; letter-w/sent: the parent letter's.
_HEADERS = ("lesson", "band", "lang", "slides", "exercises", "words", "w/sent", "long%", "letter-w/sent", "missing")


def report_rows(catalog: Catalog) -> list[tuple[str, ...]]:
    """One row per lesson × band × language; readability of pupils' text and of the parent letter (kitgen.readability)."""
    from kitgen.readability import letter_text, pupil_text

    rows = []
    for lesson in catalog.lessons:
        for band_id, content in lesson.bands.items():
            missing = ", ".join(label for label, present in RECOMMENDED if not present(content)) or "-"
            for lang in catalog.kit_languages or LANGUAGES:
                pupils, letter = pupil_text(lesson, band_id, lang), letter_text(catalog, lesson, band_id, lang)
                rows.append(
                    (
                        lesson.id,
                        band_id,
                        lang,
                        str(deck_length(content)),
                        str(len(content.exercises)),
                        str(word_count(content, lang)),
                        f"{pupils.words_per_sentence:.1f}",
                        f"{pupils.long_word_share:.0f}",
                        f"{letter.words_per_sentence:.1f}",
                        missing,
                    )
                )
    return rows


def report_table(catalog: Catalog) -> str:
    """The report as an aligned plain-text table."""
    rows = [_HEADERS, *report_rows(catalog)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS) - 1)]
    lines = []
    for row in rows:
        cells = [cell.rjust(width) if cell.replace(".", "").isdigit() else cell.ljust(width)
                 for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def deck_length(content: BandContent) -> int:
    """Slides in the deck: the ground rules after the title, and a quiz gets a second slide with its answer."""
    return 1 + len(content.slides) + sum(isinstance(s, QuizSlide) for s in content.slides)


def word_count(content: BandContent, lang: str) -> int:
    """Words of every text in one language of a band's content."""
    return sum(len(text[lang].split()) for text in _texts(content))


def _texts(value) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in HIDDEN_FIELDS:
                yield from _texts(getattr(value, f.name))
