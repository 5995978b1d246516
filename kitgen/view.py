"""One (lesson, band, language) resolved into plain text: all a renderer ever sees."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from kitgen.errors import Pos
from kitgen.i18n import LANGUAGES, Labels
from kitgen.model import Band, BandContent, Catalog, GuideSection, Lesson, Resource, Source, Text


def localize(value: Any, lang: str) -> Any:
    """A copy of ``value`` with every Text replaced by its ``lang`` string."""
    if isinstance(value, Text):
        return value[lang]
    if isinstance(value, list):
        return [localize(item, lang) for item in value]
    if isinstance(value, dict):
        return {key: localize(item, lang) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: localize(getattr(value, f.name), lang) for f in dataclasses.fields(value)}
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
        return LANGUAGES[self.lang]

    def resource(self, resource_id: str) -> Resource:
        return next(r for r in self.resources if r.id == resource_id)


def make_view(catalog: Catalog, lesson: Lesson, band_id: str, lang: str) -> LessonView:
    """Resolve ``lesson`` for one band and language."""
    content = lesson.bands[band_id]
    ids = list(dict.fromkeys([*content.resources, *_help_slide_resources(content)]))
    return LessonView(
        lesson_id=lesson.id,
        title=lesson.title[lang],
        version=lesson.version,
        reviewed=lesson.reviewed,
        sources=lesson.sources,
        lang=lang,
        band=localize(catalog.band(band_id), lang),
        content=localize(content, lang),
        resources=[localize(catalog.resources[i], lang) for i in ids],
        labels=Labels(lang),
        text_positions=_text_positions((lesson.title, content), lang),
        guide=localize(catalog.guide.for_band(band_id), lang) if catalog.guide else [],
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
