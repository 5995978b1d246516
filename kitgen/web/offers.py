"""The languages the page offers: names in the language itself and the page's, review status, and which letters exist."""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from kitgen.build import Selection
from kitgen.model import Catalog, Language


@dataclass(frozen=True)
class Offer:
    """One language as the page shows it, in one page language."""

    code: str  # the id the form sends, e.g. "tr"
    tag: str  # BCP 47, for the ``lang`` attribute, e.g. "tr-TR"
    direction: str  # "ltr" or "rtl", for the ``dir`` attribute
    native: str  # the language's name in itself: "Türkçe"
    name: str  # its name in the page language: "Turks" on a Dutch page
    purpose: str  # "kit" (the whole kit) or "letter" (parent letters only)
    status: str  # "ready", or "draft" while its texts await a native speaker's review
    #: (lesson id, band id) of every letter this language has all texts for; every pair for a kit language.
    kits: frozenset[tuple[str, str]]
    #: (lesson id, band id) of the letters not (yet) made in this language, in the catalog's order.
    missing: tuple[tuple[str, str], ...] = ()

    def has_letter(self, lesson_id: str, band_id: str) -> bool:
        return (lesson_id, band_id) in self.kits


def name_in(language: Language, page_lang: str) -> str:
    """The language's name in the page language: Babel's (CLDR) name, the data's English name for English pages."""
    if page_lang == "en":
        return language.name
    try:
        found = Locale.parse(page_lang).languages.get(Locale.parse(language.tag, sep="-").language)
    except (ValueError, UnknownLocaleError):
        found = None
    return found or language.name


def offers(catalog: Catalog, page_lang: str) -> list[Offer]:
    """Every language of the catalog, kit languages first; a letter language only with a letter to offer.

    A letter language's letters are those ``kitgen build --lang <code>`` makes: the lessons and bands
    whose letter texts are all translated (the CLI's own selection decides).
    """
    every = [(lesson.id, band.id) for lesson in catalog.lessons for band in catalog.bands]
    made: dict[str, set[tuple[str, str]]] = {}
    for lesson_id, band_id, lang in Selection(langs=tuple(catalog.letter_languages)).jobs(catalog):
        made.setdefault(lang, set()).add((lesson_id, band_id))
    found = []
    for language in catalog.languages:
        kits = set(every) if language.purpose == "kit" else made.get(language.code, set())
        if not kits and language.purpose != "kit":
            continue  # no letter in this language is fully translated yet: nothing to offer
        found.append(Offer(
            language.code, language.tag, language.direction, language.native, name_in(language, page_lang),
            language.purpose, language.status, frozenset(kits), tuple(pair for pair in every if pair not in kits),
        ))
    return found
