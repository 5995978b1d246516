"""The kits' fixed words (headings, labels, instructions) in each kit language, from gettext catalogues.

Code names each word where it uses it, with its key (the msgctxt) and its English text (the msgid), so
``pybabel extract`` finds every word (see docs/translating-kit-words.md)::

    labels("page", "Page {page} of {pages}", page=1, pages=2)
    labels.plural("age_years", "{count} year old", "{count} years old", count)   # ngettext
    GOAL = word("goal_skills", "Skills")          # marked here, translated where used: labels(GOAL)

The catalogue's plural rule (its Plural-Forms header) picks the plural form. Lesson texts live in the YAML.
"""
from __future__ import annotations

import gettext
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from kitgen.i18n.catalogues import DOMAIN, LOCALE_DIR, find

__all__ = ["DOMAIN", "LANGUAGES", "LANGUAGE_NAMES", "LOCALE_DIR", "Labels", "Word", "catalogue_words", "word"]

#: Kit languages: code → BCP 47 tag written into the files.
LANGUAGES = MappingProxyType({"nl": "nl-NL", "en": "en-GB"})

#: Language names for messages to designers.
LANGUAGE_NAMES = MappingProxyType({"nl": "Dutch", "en": "English"})

#: The language whose words a language without a catalogue (or a key asked for alone) falls back to.
SOURCE_LANGUAGE = "en"


class Word(NamedTuple):
    """A kit word marked where it is defined and translated where it is used (gettext's ``N_``)."""

    key: str  # the msgctxt, e.g. "goal_skills"
    text: str  # the English msgid, e.g. "Skills"


def word(key: str, text: str) -> Word:
    """Mark a kit word for ``pybabel extract`` in a table; ``labels(the_word)`` translates it later."""
    return Word(key, text)


class Labels:
    """The fixed words of one kit language.

    ``labels(key, english, **values)`` and ``labels.plural(key, singular, plural, count, **values)`` as code
    calls them; ``labels(key, **values)`` (a test, a check) finds the word by its key alone.
    """

    def __init__(self, lang: str, designer_po: str | None = None):
        self.lang = lang
        self.tag = LANGUAGES.get(lang, lang)
        self.designer_po = designer_po  # the lessons folder's locale/<lang>.po, when it has one
        self.found = find(lang, designer_po)  # the catalogue, and where it came from (how, source)
        self._english = self.found.words if lang == SOURCE_LANGUAGE else find(SOURCE_LANGUAGE).words
        # a language without a catalogue uses the English one, whose plural forms are right for English
        self._words = self.found.words if self.found.how != "none" else self._english

    def __reduce__(self):
        # Rebuilt from the language alone (its catalogue cannot be pickled), so views reach worker processes.
        return Labels, (self.lang, self.designer_po)

    def __call__(self, key: str | Word, text: str | None = None, /, **values: object) -> str:
        if isinstance(key, Word):
            key, text = key
        if text is None:  # asked for by key alone
            return self._by_key(key, values)
        return _filled(self._words.pgettext(key, text), values)

    def plural(self, key: str, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form of the word that goes with ``count`` (``{count}`` in it is filled in)."""
        return _filled(self._words.npgettext(key, singular, plural, int(count)), {"count": count, **values})

    def _by_key(self, key: str, values: dict) -> str:
        english = _index(self._english)
        if key not in english:
            raise KeyError(f"no kit word with the key {key!r} in {self.found.source or 'the English catalogue'}")
        singular, has_plural = english[key]
        if has_plural:
            return self.plural(key, singular, singular, int(values.pop("count")), **values)
        return self(key, singular, **values)


def _filled(word_: str, values: dict) -> str:
    return word_.format(**values) if values else word_


def _index(words: gettext.NullTranslations) -> dict[str, tuple[str, bool]]:
    """Each key of a compiled catalogue with its English msgid, and whether it has plural forms."""
    found: dict[str, tuple[str, bool]] = {}
    for entry in getattr(words, "_catalog", {}):  # GNUTranslations' own table: "key\x04msgid" or (that, n)
        plural = isinstance(entry, tuple)
        text = entry[0] if plural else entry
        if "\x04" in text:
            key, msgid = text.split("\x04", 1)
            found[key] = (msgid, plural or found.get(key, ("", False))[1])
    return found


def catalogue_words(lang: str, designer_po: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """Every kit word of ``lang``'s catalogue by key, with all its forms (for checks)."""
    labels = Labels(lang, None if designer_po is None else str(designer_po))
    words = {}
    for key, (msgid, plural) in sorted(_index(labels._english).items()):
        if plural:
            words[key] = tuple(labels.plural(key, msgid, msgid, n) for n in (1, 2, 5))
        else:
            words[key] = (labels._words.pgettext(key, msgid),)
    return words
