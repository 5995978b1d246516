"""Readability per kit: average sentence length and long-word share of pupils' text and of the parent letter."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from kitgen.agefit import SENTENCE_END, WORD, pupil_texts  # one way of splitting words and sentences
from kitgen.errors import Problem
from kitgen.model import Catalog, Lesson, position

#: A long word, as in LIX (Björnsson's readability index): more than six letters.
LONG_WORD = 7


@dataclass(frozen=True)
class Readability:
    """Counts over some texts; the averages are what the report shows."""

    sentences: int
    words: int
    long_words: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        """Long words as a percentage of all words."""
        return 100 * self.long_words / self.words if self.words else 0.0


def measure(texts: Iterable[str]) -> Readability:
    """Sentences, words and long words of ``texts`` (a text without a full stop is one sentence: a slide point)."""
    sentences = words = long_words = 0
    for text in texts:
        for sentence in SENTENCE_END.split(text):
            found = WORD.findall(sentence)
            if found:
                sentences += 1
                words += len(found)
                long_words += sum(len(word) >= LONG_WORD for word in found)
    return Readability(sentences, words, long_words)


def pupil_text(lesson: Lesson, band_id: str, lang: str) -> Readability:
    """The text pupils read on the slides and the worksheet (not the teacher's notes or the answer key)."""
    content = lesson.bands[band_id]
    return measure(text[lang] for _, text in pupil_texts(content.slides, content.exercises))


def letter_text(catalog: Catalog, lesson: Lesson, band_id: str, lang: str) -> Readability:
    """The parent letter as parents read it: the letter-words template's sentences and the lesson's part."""
    from kitgen.context import BuildContext  # only for the report: rendering the words needs the templates
    from kitgen.renderers.letter.content import LIST_WORDS, WORDS, letter_words
    from kitgen.view import make_view

    view = make_view(catalog, lesson, band_id, lang)
    words = letter_words(view, BuildContext())
    fixed = [words[key] for key in WORDS if key.endswith(("intro", "means", "text", "questions"))]
    fixed += [line for key in LIST_WORDS for line in words[key]]
    part = view.content.letter
    return measure([*fixed, part.what, part.why, *part.learns, *part.conversation, *part.tips])


def readability_warnings(catalog: Catalog) -> list[Problem]:
    """Kits whose pupils' text or letter reads harder than the band's limits in bands.yaml allow."""
    warnings = []
    for lesson in catalog.lessons:
        for band in catalog.bands:
            limits = band.limits
            if limits is None or band.id not in lesson.bands:
                continue
            where = lesson.bands[band.id].pos or position(lesson, "id")
            for lang in catalog.kit_languages:
                kit = f"{lesson.id} {band.id} {lang}"
                pupils = pupil_text(lesson, band.id, lang)
                if limits.average_sentence_words and pupils.words_per_sentence > limits.average_sentence_words:
                    warnings.append(Problem(where, (
                        f"{kit}: pupils' sentences average {pupils.words_per_sentence:.1f} words; band {band.id} "
                        f"aims for {limits.average_sentence_words} or fewer: split the longest sentences")))
                if limits.long_word_share and pupils.long_word_share > limits.long_word_share:
                    warnings.append(Problem(where, (
                        f"{kit}: {pupils.long_word_share:.0f}% of pupils' words are long (7 letters or more); "
                        f"band {band.id} aims for {limits.long_word_share}% or fewer: use shorter, everyday words")))
                if limits.letter_sentence_words:
                    letter = letter_text(catalog, lesson, band.id, lang)
                    if letter.words_per_sentence > limits.letter_sentence_words:
                        warnings.append(Problem(where, (
                            f"{kit}: the parent letter's sentences average {letter.words_per_sentence:.1f} words; "
                            f"aim for {limits.letter_sentence_words} or fewer (B1): split the longest sentences")))
    return warnings
