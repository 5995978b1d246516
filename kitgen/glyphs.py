"""Before rendering: every character of lesson text that reaches a PDF must have a glyph in the kit font."""
from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path
from typing import Iterator

from kitgen.errors import Pos, Problem, ValidationError
from kitgen.i18n import LANGUAGE_NAMES
from kitgen.model import BandContent, Catalog, Language, Text

#: The TrueType files the PDF renderers embed (regular and bold); a character must be in both.
FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
FONT_NAME = "Liberation Sans"
#: Only slides skip the check: they go into .pptx, where the viewer's own fonts fill in.
NOT_IN_PDFS = {(BandContent, "slides")}
#: Whitespace the PDF layout turns into line breaks or spaces, so it needs no glyph.
LAYOUT_WHITESPACE = frozenset("\n\r\t")


def font_characters(fonts_dir: Path, family: str | None = None) -> frozenset[int]:
    """The code points every file of a font family (the kit font unless named) can print."""
    from kitgen.fontcmap import mapped_characters  # reads the cmap itself: `kitgen check` stays free of reportlab
    from kitgen.languages import font_files

    files = FONT_FILES if family in (None, FONT_NAME) else font_files(family)
    return frozenset.intersection(*(mapped_characters(fonts_dir / name) for name in files))


def language_characters(catalog: Catalog, fonts_dir: Path) -> dict[str, tuple[str, frozenset[int]]]:
    """Per language: its font's name and what it prints (a right-to-left letter prints Latin runs in the kit font)."""
    kit = font_characters(fonts_dir)
    return {language.code: printable_in(language, fonts_dir, kit) for language in catalog.languages}


def printable_in(language: Language, fonts_dir: Path, kit: frozenset[int] | None = None) -> tuple[str, frozenset[int]]:
    """A language's font's name and what it prints (a right-to-left letter prints Latin runs in the kit font)."""
    own = font_characters(fonts_dir, language.font)
    if language.direction == "rtl":
        return f"{language.font} (with {FONT_NAME} for Latin)", own | (font_characters(fonts_dir) if kit is None else kit)
    return language.font, own


def missing_glyphs(text: str, printable: frozenset[int]) -> list[str]:
    """The distinct characters of ``text`` the font cannot print, in order of first use."""
    missing = [ch for ch in text if ord(ch) not in printable and ch not in LAYOUT_WHITESPACE]
    return list(dict.fromkeys(missing))


def describe(ch: str) -> str:
    """A character as a designer can find it: the character, its code point and its Unicode name."""
    name = unicodedata.name(ch, "unnamed character")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    return f"'{shown}' (U+{ord(ch):04X} {name})" if shown else f"U+{ord(ch):04X} {name}"


def glyph_problems(catalog: Catalog, fonts_dir: Path) -> list[Problem]:
    """One problem for every text (and language) with characters the kit font lacks."""
    printable = font_characters(fonts_dir)
    by_language = language_characters(catalog, fonts_dir)
    names = {language.code: language.name for language in catalog.languages}
    letter_langs = set(catalog.letter_languages)
    problems: list[Problem] = []
    for value, pos in printed_texts(catalog):
        strings = value.values.items() if isinstance(value, Text) else [(None, value)]
        for lang, string in strings:
            font, chars_ok = by_language.get(lang, (FONT_NAME, printable))
            missing = missing_glyphs(string, chars_ok)
            if missing:
                where = f"the {names.get(lang) or LANGUAGE_NAMES.get(lang, lang)} text" if lang else "this text"
                chars = ", ".join(describe(ch) for ch in missing)
                # a letter language's text is in its translation file, not where the Dutch is
                at = value.where.get(lang, pos) if lang in letter_langs and isinstance(value, Text) else pos
                problems.append(
                    Problem(at, f"{where} uses {chars}, which the PDF font {font} cannot print; "
                                "replace or remove it")
                )
    return list(dict.fromkeys(problems))  # text shared by several bands is reported once


def check_glyphs(catalog: Catalog, fonts_dir: Path) -> None:
    """Raise ValidationError, with the YAML position of each text, when the font cannot print it."""
    problems = glyph_problems(catalog, fonts_dir)
    if problems:
        raise ValidationError(problems)


def printed_texts(catalog: Catalog) -> Iterator[tuple[Text | str, Pos]]:
    """Every Text and free-text string that can reach a PDF, with where it was written."""
    for band in catalog.bands:
        yield from _walk(band.label, band.pos)
    for resource in catalog.resources.values():
        yield from _walk(resource, resource.pos)
    for lesson in catalog.lessons:
        yield from _walk(lesson, lesson.pos)


def _walk(value, pos: Pos | None) -> Iterator[tuple[Text | str, Pos]]:
    if isinstance(value, Text):
        yield value, value.pos or pos
    elif isinstance(value, str):
        yield value, pos
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item, pos)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, pos)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "pos", None) or pos
        for f in dataclasses.fields(value):
            if f.name != "pos" and (type(value), f.name) not in NOT_IN_PDFS:
                yield from _walk(getattr(value, f.name), own)
