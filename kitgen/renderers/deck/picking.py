"""Which catalogue picture a slide shows when the lesson names none: by the slide's kind, then by its words."""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from kitgen.model import HelpSlide, PointsSlide, QuizSlide, ScenarioSlide, TitleSlide
from kitgen.pictures import PictureCatalogue

#: The picture a kind of slide shows when its words point to none (first one the catalogue has).
KIND_DEFAULTS = {
    "title": ("shield",),
    "goals": ("idea",),
    "explain": ("idea",),
    "discussion": ("thinking", "speak-up"),
    "question": ("thinking", "question"),
    "recap": ("idea", "star"),
    "closing": ("shield",),
    "chat": ("phone", "chat"),
    "request": ("wave", "stranger"),
    "quiz": ("question",),
    "help-young": ("trusted-adult", "helpline"),
    "help": ("helpline", "trusted-adult"),
}
#: Kinds whose picture is fixed: the meaning of the slide matters more than its words.
FIXED_KINDS = frozenset({"closing", "quiz", "help", "help-young", "chat"})
#: Pictures too general to be a lesson's key picture.
NOT_KEY = frozenset({"question", "thinking", "idea", "check", "star", "speak-up", "trusted-adult", "helpline",
                     "chat", "phone", "internet"})


def slide_words(slide) -> str:
    """The words of a slide (localized view) that say what it is about, lower-case."""
    parts = [slide.title]
    if isinstance(slide, TitleSlide):
        parts.append(slide.subtitle or "")
    elif isinstance(slide, PointsSlide):
        parts += slide.points
    elif isinstance(slide, ScenarioSlide):
        parts.append(slide.question)
        if slide.chat is not None:
            parts += [slide.chat.app, *(m.text for m in slide.chat.messages)]
        if slide.request is not None:
            parts += [slide.request.bio, *slide.request.details]
    elif isinstance(slide, QuizSlide):
        parts += [slide.question, *slide.options]
    elif isinstance(slide, HelpSlide):
        parts.append(slide.intro or "")
    return " ".join(parts).lower()


def slide_kind(slide, young: bool) -> str:
    if isinstance(slide, TitleSlide):
        return "title"
    if isinstance(slide, PointsSlide):
        return slide.kind
    if isinstance(slide, ScenarioSlide):
        return "chat" if slide.chat is not None else "request"
    if isinstance(slide, QuizSlide):
        return "quiz"
    return "help-young" if young else "help"


@functools.lru_cache(maxsize=1024)
def _topic_pattern(topic: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(topic.lower()))


@dataclass
class PicturePicker:
    """Picks pictures for one deck, spreading them: a picture used less often wins a tie."""

    catalogue: PictureCatalogue
    young: bool  # 8–12: a trusted adult on the help slide rather than a phone
    used: Counter = field(default_factory=Counter)

    def score(self, picture_id: str, words: str) -> int:
        """How often the words mention the picture's topics (each a word beginning)."""
        return sum(len(_topic_pattern(topic).findall(words)) for topic in self.catalogue[picture_id].topics)

    def by_words(self, words: str, exclude: frozenset[str] = frozenset()) -> str | None:
        """The catalogue picture whose topics the words mention most, or None."""
        best, best_key = None, None
        for order, picture_id in enumerate(self.catalogue.pictures):
            if picture_id in exclude or self.catalogue[picture_id].decorative:
                continue
            score = self.score(picture_id, words)
            key = (score - self.used[picture_id], -order)  # a picture already shown must be more apt
            if score and (best_key is None or key > best_key):
                best, best_key = picture_id, key
        return best

    def key_picture(self, headline: str, lesson_words: str) -> str | None:
        """The lesson's own picture for its title slide: what its title says, else what its words are most about."""
        return (self.by_words(headline, NOT_KEY) or self.by_words(lesson_words, NOT_KEY)
                or self._first(KIND_DEFAULTS["title"]))

    def pick(self, slide) -> str | None:
        """The picture for ``slide``: its kind's when fixed, else what its words are about, else the kind's."""
        kind = slide_kind(slide, self.young)
        chosen = None
        if kind not in FIXED_KINDS:
            chosen = self.by_words(slide_words(slide))
        chosen = chosen or self._first(KIND_DEFAULTS.get(kind, ()))
        if chosen:
            self.used[chosen] += 1
        return chosen

    def first(self, ids) -> str | None:
        """The first of ``ids`` the catalogue has."""
        return self._first(ids)

    def _first(self, ids) -> str | None:
        return next((picture_id for picture_id in ids if picture_id in self.catalogue), None)
