"""The lesson model: frozen dataclasses whose type hints are also the YAML schema."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Mapping, Union

from kitgen.errors import Pos


@dataclass(frozen=True)
class Text:
    """A text written in every kit language: ``{"nl": "...", "en": "..."}``."""

    values: Mapping[str, str]
    pos: Pos | None = field(default=None, compare=False)
    #: Where each language's text starts (the mapping's ``pos`` is where the first one does).
    where: Mapping[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, lang: str) -> str:
        return self.values[lang]


#: Fields every node gets that the YAML never sets: where the node and each of its keys' values start.
HIDDEN_FIELDS = frozenset({"pos", "positions"})


def node(cls):
    """Declare a model node: frozen, keyword-only, remembering its YAML position in ``pos``.

    ``positions`` maps a key (and ``key[i]`` for the items of a list) to where its value starts,
    so a check made after loading can point at the exact line.
    """
    cls.__annotations__["pos"] = Pos | None
    cls.pos = field(default=None, compare=False, repr=False)
    cls.__annotations__["positions"] = Mapping[str, Pos]
    cls.positions = field(default_factory=dict, compare=False, repr=False)
    return dataclass(frozen=True, kw_only=True)(cls)


def position(item, key: str) -> Pos | None:
    """Where ``key`` of a loaded node was written, falling back to the node itself."""
    return item.positions.get(key, item.pos)


# --- Languages -----------------------------------------------------------------------------


@node
class Language:
    """A language kits or parent letters are made in (lessons/languages.yaml)."""

    code: str  # the id in file names and --lang, e.g. "tr"
    tag: str  # BCP 47, written into the files, e.g. "tr-TR"
    name: str  # in English, for messages: "Turkish"
    native: str  # in the language itself, for lists and the web page: "Türkçe"
    purpose: Literal["kit", "letter"]  # the whole kit, or the parent letters only (next to a kit language)
    direction: Literal["ltr", "rtl"] = "ltr"
    font: str = "Liberation Sans"  # a family in assets/fonts/: <family without spaces>-Regular.ttf and -Bold.ttf
    status: Literal["ready", "draft"] = "ready"  # draft: its texts await review by a native speaker


# --- Bands and resources -------------------------------------------------------------------


@node
class Band:
    """An age band and the settings the renderers need for it."""

    id: str
    label: Text  # e.g. "groep 5–6 (8–10 jaar)"
    ages: str  # e.g. "8–10"
    minutes: int  # length of one lesson
    slide_body_pt: int  # minimum body size on slides
    slide_title_pt: int
    worksheet_body_pt: int  # body size on the worksheet
    writing_lines: int = 3  # lines under a "what would you do?" question
    #: The decks' look: "playful" (warm, round, many pictures) or "calm" (grown-up); see renderers/deck/theme.py.
    theme: Literal["playful", "calm"] = "calm"


@node
class Resource:
    """A help resource referenced by id from lessons; kept in one place so facts change once."""

    id: str
    name: str | Text  # one name for every language, or one per language
    url: str | None = None  # None when there is no one address (e.g. the report button inside an app)
    phone: str | None = None
    emergency_phone: str | None = None
    description: Text
    country: str = "NL"
    source: str  # the web page (the organisation's own) the description, address and phone were checked on
    verified: dt.date  # when that page was read


# --- Lesson content ------------------------------------------------------------------------


@node
class Source:
    """A source a lesson's facts come from."""

    title: str
    url: str
    consulted: dt.date


@node
class Goal:
    """A learning goal."""

    kind: Literal["knowledge", "skills", "attitude"]
    text: Text


@node
class Keyword:
    """A key word with a child-level explanation."""

    term: Text
    meaning: Text


@node
class Activity:
    """One timed step of the lesson plan."""

    minutes: int
    title: Text
    description: Text


@node
class Picture:
    """An illustration: a catalogue id (``picture: phone``) or a file in ``assets/`` with alt text.

    A catalogue picture brings its own alt text; ``alt`` here replaces it.
    """

    id: str | None = None  # an id from assets/pictures.yaml
    file: str | None = None  # a PNG or JPEG inside assets/
    alt: Text | None = None
    decorative: bool = False


#: ``picture: phone`` is short for ``picture: {id: phone}``.
Picture.SHORTHAND = "id"


@node
class ChatMessage:
    """One message in a fictional chat."""

    sender: str
    text: Text
    me: bool = False  # shown on the right, as the pupil's own message


@node
class Chat:
    """A fictional chat to judge."""

    app: str = "Chat"
    contact: str
    messages: list[ChatMessage]


@node
class FriendRequest:
    """A fictional friend request or profile to judge."""

    name: str
    handle: str | None = None
    age: str | None = None
    mutual_friends: int = 0
    bio: Text
    details: list[Text] = field(default_factory=list)


@node
class TitleSlide:
    """The opening slide."""

    kind: Literal["title"]
    title: Text
    subtitle: Text | None = None
    notes: Text
    minutes: int = 1
    picture: Picture | None = None


@node
class PointsSlide:
    """A slide with a title and bullet points: goals, explanation, discussion, recap, closing."""

    kind: Literal["goals", "explain", "discussion", "recap", "closing", "question"]
    title: Text
    points: list[Text] = field(default_factory=list)
    notes: Text
    minutes: int = 1
    picture: Picture | None = None


@node
class ScenarioSlide:
    """A dilemma: a fictional chat or friend request, and a question about it."""

    kind: Literal["scenario"]
    title: Text
    question: Text
    chat: Chat | None = None
    request: FriendRequest | None = None
    notes: Text
    minutes: int = 1
    picture: Picture | None = None  # replaces the picture the deck would pick


@node
class QuizSlide:
    """A quiz or poll question; the answer follows on its own slide."""

    kind: Literal["quiz"]
    title: Text
    question: Text
    options: list[Text]
    answer: int  # 1-based number of the right option
    explanation: Text
    notes: Text
    minutes: int = 1
    picture: Picture | None = None  # replaces the picture the deck would pick


@node
class HelpSlide:
    """Where to get help: resources from the registry."""

    kind: Literal["help"]
    title: Text
    intro: Text | None = None
    resources: list[str]
    notes: Text
    minutes: int = 1
    picture: Picture | None = None  # replaces the picture the deck would pick


Slide = Union[TitleSlide, PointsSlide, ScenarioSlide, QuizSlide, HelpSlide]


@node
class ChoiceExercise:
    """Multiple choice with tick boxes."""

    kind: Literal["choice"]
    prompt: Text
    options: list[Text]
    answer: int  # 1-based number of the right option
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class Statement:
    """A true/false statement."""

    text: Text
    answer: bool


@node
class TrueFalseExercise:
    """True or false statements."""

    kind: Literal["true_false"]
    prompt: Text
    statements: list[Statement]
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class OpenExercise:
    """"What would you do?": a situation and lines to write on."""

    kind: Literal["open"]
    prompt: Text
    situation: Text
    answer: Text  # a model answer for the key
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class SortItem:
    """A card to sort as safe or not safe."""

    text: Text
    safe: bool


@node
class SortExercise:
    """Sort items into safe / not safe."""

    kind: Literal["sort"]
    prompt: Text
    items: list[SortItem]
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class Pair:
    """Two things that belong together."""

    left: Text
    right: Text


@node
class MatchExercise:
    """Match two columns."""

    kind: Literal["match"]
    prompt: Text
    pairs: list[Pair]
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class FillExercise:
    """Fill in the blanks: each ``[[word]]`` in a sentence becomes a blank."""

    kind: Literal["fill"]
    prompt: Text
    sentences: list[Text]
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


Exercise = Union[
    ChoiceExercise, TrueFalseExercise, OpenExercise, SortExercise, MatchExercise, FillExercise
]


@node
class Safeguarding:
    """What the teacher needs to keep the lesson safe."""

    ground_rules: list[Text]
    disclosure: list[Text]  # how to respond when a child tells something
    distance: list[Text]  # keeping distance: characters, not pupils' own experiences


@node
class LetterContent:
    """The lesson's part of the parent letter."""

    what: Text  # what the class does
    why: Text
    learns: list[Text]  # what the child learns at this age
    conversation: list[Text]  # conversation starters
    tips: list[Text]  # tips for home


@node
class BandContent:
    """Everything a lesson says for one age band (common text merged with the band's own)."""

    summary: Text
    goals: list[Goal]
    keywords: list[Keyword]
    materials: list[Text]
    preparation: list[Text]
    activities: list[Activity]
    slides: list[Slide]
    exercises: list[Exercise]
    discussion_tips: list[Text] = field(default_factory=list)
    short_period: Text | None = None  # what to leave out when the period is shorter than the lesson (e.g. 45 of 50 min)
    safeguarding: Safeguarding
    letter: LetterContent
    resources: list[str]


@node
class Lesson:
    """A lesson: metadata, and its content resolved for every band it is written for."""

    id: str
    title: Text
    version: str
    reviewed: dt.date
    sources: list[Source]
    bands: Mapping[str, BandContent]  # band id → content, in band order


@node
class Catalog:
    """Everything loaded from a lessons folder."""

    bands: list[Band]
    resources: Mapping[str, Resource]
    lessons: list[Lesson]
    languages: list[Language] = field(default_factory=list)  # kit languages first, in the file's order

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)

    @property
    def kit_languages(self) -> list[str]:
        """The codes of the languages whole kits are made in."""
        return [language.code for language in self.languages if language.purpose == "kit"]

    @property
    def letter_languages(self) -> list[str]:
        """The codes of the languages only parent letters are made in."""
        return [language.code for language in self.languages if language.purpose == "letter"]

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)
