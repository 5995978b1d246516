"""Reading worksheet and guide PDFs back: page texts, fonts, and what each exercise must show."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from kitgen import model
from kitgen.renderers.sheet.exercises import blank_words, match_order


def pages_text(data: bytes) -> list[str]:
    """Each page's text with whitespace squeezed, so wrapped lines still match."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet_texts(exercise) -> list[str]:
    """What a pupil must be able to read for an exercise."""
    if isinstance(exercise, model.ChoiceExercise):
        return [*exercise.options]
    if isinstance(exercise, model.TrueFalseExercise):
        return [s.text for s in exercise.statements]
    if isinstance(exercise, model.SortExercise):
        return [i.text for i in exercise.items]
    if isinstance(exercise, model.OpenExercise):
        return [exercise.situation]
    if isinstance(exercise, model.MatchExercise):
        return [text for pair in exercise.pairs for text in (pair.left, pair.right)]
    if isinstance(exercise, model.FillExercise):
        return [part.strip() for s in exercise.sentences for part in re.split(r"\[\[.+?\]\]", s) if part.strip()]
    raise AssertionError(type(exercise))


def key_texts(exercise, view, number: int) -> list[str]:
    """What the teacher must find in the key for an exercise."""
    labels = view.labels
    if isinstance(exercise, model.ChoiceExercise):
        return [exercise.options[exercise.answer - 1]]
    if isinstance(exercise, model.TrueFalseExercise):
        return [f"{s.text} {labels('true') if s.answer else labels('false')}" for s in exercise.statements]
    if isinstance(exercise, model.SortExercise):
        return [f"{i.text} {labels('safe') if i.safe else labels('not_safe')}" for i in exercise.items]
    if isinstance(exercise, model.OpenExercise):
        return [exercise.answer]
    if isinstance(exercise, model.MatchExercise):
        order = match_order(view, number, len(exercise.pairs))
        return [f"{i + 1} – {chr(65 + order.index(i))}" for i in range(len(exercise.pairs))]
    if isinstance(exercise, model.FillExercise):
        return blank_words(exercise)
    raise AssertionError(type(exercise))


def embedded_fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            yield descendants[0].get_object() if descendants else font
