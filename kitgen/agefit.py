"""Age-fit lint: pupil-facing text measured against its band's limits in bands.yaml (words, sentences, word list, 'u')."""
from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from kitgen.errors import Pos, Problem
from kitgen.model import AgeLimits, Band, Catalog, Text

#: Keys whose text pupils never see: the teacher's notes, and the answer key's explanations and model answers.
_TEACHER_KEYS = frozenset({"notes", "explanation", "answer"})
#: A word, for counting: letters and digits with inner apostrophes or hyphens ("don't", "e-mail").
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
#: Where a sentence ends: . ! ? … followed by a space or the end.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")
#: Dutch polite address: teachers write je/jij to pupils.
_POLITE_DUTCH = re.compile(r"\b([Uu]w?)\b")


def age_fit_warnings(catalog: Catalog) -> list[Problem]:
    """Every pupil-facing text of every lesson above its band's limits, at the text's own line."""
    warnings: list[Problem] = []
    for lesson in catalog.lessons:
        for band in catalog.bands:
            limits = band.limits
            if limits is None or band.id not in lesson.bands:
                continue
            content = lesson.bands[band.id]
            for key, text in pupil_texts(content.slides, content.exercises):
                for lang, value in text.values.items():
                    where = text.where.get(lang) or text.pos
                    warnings += _text_warnings(value, lang, key, where, band, limits)
    return sorted(set(warnings))


def _text_warnings(value: str, lang: str, key: str, where: Pos, band: Band, limits: AgeLimits) -> Iterator[Problem]:
    words = WORD.findall(value)
    if key == "points" and limits.words_per_point and len(words) > limits.words_per_point:
        yield Problem(
            where,
            f"this slide point has {len(words)} words; band {band.id} keeps points to {limits.words_per_point} "
            "words or fewer: shorten it or split it in two",
        )
    if limits.words_per_sentence:
        for sentence in SENTENCE_END.split(value):
            count = len(WORD.findall(sentence))
            if count > limits.words_per_sentence:
                yield Problem(
                    where,
                    f"a sentence of {count} words ('{_clip(sentence)}'); band {band.id} keeps sentences to "
                    f"{limits.words_per_sentence} words or fewer",
                )
    avoid = _word_list(limits.avoid_words, lang)
    for word in words:
        if word.lower() in avoid:
            yield Problem(
                where,
                f"'{word}' is on band {band.id}'s list of words to avoid in pupils' text (bands.yaml); "
                "say it another way",
            )
    if lang == "nl":
        polite = _POLITE_DUTCH.search(value)
        if polite:
            yield Problem(where, f"pupils are spoken to with je/jij, not '{polite.group(1)}'")


def _word_list(words: Text | None, lang: str) -> frozenset[str]:
    if words is None or lang not in words.values:
        return frozenset()
    return frozenset(word.strip().lower() for word in words[lang].split(",") if word.strip())


def pupil_texts(*values) -> Iterator[tuple[str, Text]]:
    """Each Text pupils see on the slides and the worksheet, with the key it stands under."""
    stack: list[tuple[str, object]] = [("", value) for value in reversed(values)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, Text):
            yield key, item
        elif isinstance(item, (list, tuple)):
            stack.extend((key, part) for part in reversed(item))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(
                (f.name, getattr(item, f.name))
                for f in reversed(dataclasses.fields(item))
                if f.name not in _TEACHER_KEYS and f.name not in ("pos", "positions")
            )


def _clip(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
