"""Fixed words that go into the kits, from one gettext catalogue per kit language (lesson text lives in the YAML).

The catalogues are kitgen/locale/<lang>.po (Babel compiles them when first used); a word that depends on a
number has a plural and is called with ``count``, and the catalogue's plural rule picks the form (ngettext).
"""
from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: Kit languages: code → BCP 47 tag written into the files.
LANGUAGES = MappingProxyType({"nl": "nl-NL", "en": "en-GB"})

#: Language names for messages to designers.
LANGUAGE_NAMES = MappingProxyType({"nl": "Dutch", "en": "English"})

#: The kit words' gettext catalogues: kit.pot (English source, key as msgctxt) and one <lang>.po per kit language.
LOCALE_DIR = Path(__file__).parent / "locale"
#: The catalogue domain, as Babel's tools name it.
DOMAIN = "kit"


@functools.cache
def _source() -> dict[str, tuple[str, str | None]]:
    """Each key's English word, and its plural when it depends on a number (from kit.pot)."""
    with open(LOCALE_DIR / f"{DOMAIN}.pot", "rb") as file:
        template = read_po(file)
    words = {}
    for message in template:
        if message.context:
            singular, plural = message.id if isinstance(message.id, tuple) else (message.id, None)
            words[message.context] = (singular, plural)
    return words


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (its .po compiled in memory); English words when it has none."""
    po = LOCALE_DIR / f"{lang}.po"
    if not po.is_file():
        return gettext.NullTranslations()  # gettext's fallback: the English msgids
    with open(po, "rb") as file:
        catalogue = read_po(file, locale=None)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def has_catalogue(lang: str) -> bool:
    """Whether the kit words are translated into ``lang`` (else its kits use the English words)."""
    return (LOCALE_DIR / f"{lang}.po").is_file()


class Labels:
    """The fixed words of one kit language: ``labels("page", page=1, pages=2)``, ``labels("age_years", count=9)``."""

    def __init__(self, lang: str):
        self.lang = lang
        self.tag = LANGUAGES.get(lang, lang)
        self._words = translations(lang)

    def __reduce__(self):
        # Rebuilt from the language alone (its catalogue cannot be pickled), so views reach worker processes.
        return Labels, (self.lang,)

    def __call__(self, key: str, **values: object) -> str:
        singular, plural = _source()[key]
        if plural is not None:  # the catalogue's plural rule (ngettext) picks the form for ``count``
            word = self._words.npgettext(key, singular, plural, int(values["count"]))
        else:
            word = self._words.pgettext(key, singular)
        return word.format(**values) if values else word


def catalogue_words(lang: str) -> dict[str, tuple[str, ...]]:
    """Every kit word of ``lang``'s catalogue by key, with all its forms (for checks)."""
    labels = Labels(lang)
    words = {}
    for key, (singular, plural) in _source().items():
        if plural is None:
            words[key] = (labels._words.pgettext(key, singular),)
        else:
            words[key] = tuple(labels._words.npgettext(key, singular, plural, n) for n in (1, 2, 5))
    return words
