"""One (lesson, band, language) resolved into plain text: all a renderer ever sees."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from kitgen.errors import Pos
from kitgen.i18n import LANGUAGES, Labels
from kitgen.model import Band, BandContent, Catalog, GuideSection, Language, Lesson, Resource, Source, Text


def localize(value: Any, lang: str, fallback: str | None = None) -> Any:
    """A copy of ``value`` with every Text replaced by its ``lang`` string (else ``fallback``'s, when given)."""
    if isinstance(value, Text):
        if fallback is not None and lang not in value.values:
            return value[fallback]
        return value[lang]
    if isinstance(value, list):
        return [localize(item, lang, fallback) for item in value]
    if isinstance(value, dict):
        return {key: localize(item, lang, fallback) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: localize(getattr(value, f.name), lang, fallback) for f in dataclasses.fields(value)}
        return type(value)(**changes)
    return value


@dataclass(frozen=True)
class LessonView:
    """A lesson for one band in one language. Text fields hold ``str``, never :class:`Text`."""

    lesson_id: str
    title: str
    version: str
    reviewed: dt.date
    sources: list[Source]
    lang: str
    band: Band  # with ``label`` as str
    content: BandContent  # every Text field as str
    resources: list[Resource]  # those the lesson refers to, in order, descriptions as str
    labels: Labels
    #: The language's entry in languages.yaml (tag, direction, font); None for a view made without one.
    language: Language | None = None
    guide: list[GuideSection] = dataclasses.field(default_factory=list)  # the teacher's background, as str
    guide_sources: list[Source] = dataclasses.field(default_factory=list)  # where the background's facts come from
    #: Every resource's phone numbers by id (``phones["veiligthuis"]``), for fixed texts such as the letter's.
    phones: dict[str, str] = dataclasses.field(default_factory=dict)
    emergency_phones: dict[str, str] = dataclasses.field(default_factory=dict)
    #: Where each text of this view was written (the first place, when a text repeats): errors point there.
    text_positions: Mapping[str, Pos] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def source_of(self, text: str, fallback: Pos | None = None) -> Pos | None:
        """The line and column where ``text`` was written, else ``fallback``."""
        return self.text_positions.get(text, fallback)

    @property
    def language_tag(self) -> str:
        """The BCP 47 tag of the kit's language, e.g. ``nl-NL``."""
        return self.language.tag if self.language is not None else LANGUAGES[self.lang]

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.language is not None and self.language.direction == "rtl"

    def resource(self, resource_id: str) -> Resource:
        return next(r for r in self.resources if r.id == resource_id)


def make_view(catalog: Catalog, lesson: Lesson, band_id: str, lang: str) -> LessonView:
    """Resolve ``lesson`` for one band and language."""
    content = lesson.bands[band_id]
    language = next((item for item in catalog.languages if item.code == lang), None)
    # a letter language has only the letter's texts; the rest (never rendered in it) stays in the first kit language
    fallback = catalog.kit_languages[0] if language is not None and language.purpose == "letter" else None
    ids = list(dict.fromkeys([*content.resources, *_help_slide_resources(content)]))
    return LessonView(
        lesson_id=lesson.id,
        title=localize(lesson.title, lang, fallback),
        version=lesson.version,
        reviewed=lesson.reviewed,
        sources=lesson.sources,
        lang=lang,
        band=localize(catalog.band(band_id), lang, fallback),
        content=localize(content, lang, fallback),
        resources=[localize(catalog.resources[i], lang, fallback) for i in ids],
        # kit words (a letter language's letters use a few; without a catalogue of its own, the English ones),
        # from the lessons folder's locale/<code>.po when it has one, else kitgen's
        labels=Labels(lang, catalog.kit_words.get(lang)),
        language=language,
        text_positions=_text_positions((lesson.title, content), lang),
        guide=localize(catalog.guide.for_band(band_id), lang, fallback) if catalog.guide else [],
        guide_sources=catalog.guide.sources if catalog.guide else [],
        phones={rid: r.phone for rid, r in catalog.resources.items() if r.phone},
        emergency_phones={rid: r.emergency_phone for rid, r in catalog.resources.items() if r.emergency_phone},
    )


def _text_positions(value: Any, lang: str) -> dict[str, Pos]:
    """Each ``lang`` text inside ``value`` with where it was written, the first place for a repeated text."""
    found: dict[str, Pos] = {}
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Text):
            pos = item.where.get(lang) or item.pos
            if pos is not None and lang in item.values:
                found.setdefault(item.values[lang].strip(), pos)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(reversed([getattr(item, f.name) for f in dataclasses.fields(item)]))
    return found


def _help_slide_resources(content: BandContent) -> list[str]:
    return [rid for slide in content.slides if slide.kind == "help" for rid in slide.resources]
