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

#: What a key means wherever it stands, for keys that mean the same in every place (a field's own comment wins).
#: Editors show these on hover through `kitgen schema`.
KEY_DOCS = {
    "id": "A short name: a-z, 0-9 and '-'. Used in file names and to refer to this item.",
    "kind": "What kind of item this is; it decides which other keys it has.",
    "title": "The title, as pupils or readers see it.",
    "notes": "The speaker notes: what the teacher says and which answers to expect.",
    "minutes": "Minutes this slide takes in class (default 1); shown in the notes.",
    "picture": "A picture shown with this slide or exercise.",
    "prompt": "The instruction on the worksheet.",
    "explanation": "Why the answer is right, for the answer key (and the quiz's answer slide).",
    "question": "The question pupils think about.",
    "points": "Bullet points, one short sentence each.",
    "options": "The options, lettered A, B, C … on the slide or ticked on the worksheet.",
    "subtitle": "The line under the title (default: the band's label).",
    "intro": "A sentence above the help resources.",
    "resources": "Help resources by id, from resources.yaml.",
    "url": "A web address starting with https://.",
    "source": "The web page (the organisation's own) where the facts were checked.",
    "verified": "The date (YYYY-MM-DD) the facts were last checked on that page.",
    "description": "What the help resource offers, in a sentence for parents and pupils.",
    "name": "The name as people see it.",
    "text": "The text.",
    "sources": "Where the facts come from (title, url, consulted); listed in the teacher's guide.",
    "status": "'ready' (default) or 'draft': a draft is checked but left out of builds.",
    "version": "The content version, such as \"1.0\"; raise it when the content changes.",
    "reviewed": "When the facts were last checked (YYYY-MM-DD); older than 12 months gives a warning.",
    "consulted": "When you read the source (YYYY-MM-DD).",
    "label": "The band as teachers know it, such as \"groep 5–6 (8–10 jaar)\".",
    "items": "The cards to sort.",
    "pairs": "The pairs to match; the right column is shuffled on the worksheet.",
    "sentences": "Sentences with each blank written as [[word]]; the words go in a word bank.",
    "statements": "Statements to mark true or false.",
    "situation": "The situation pupils write about.",
    "bands": "The age bands.",
    "lessons": "The lessons.",
}


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
    direction: Literal["ltr", "rtl"] = "ltr"  # ltr (left to right) or rtl (right to left, e.g. Arabic)
    font: str = "Liberation Sans"  # a family in assets/fonts/: <family without spaces>-Regular.ttf and -Bold.ttf
    status: Literal["ready", "draft"] = "ready"  # draft: its texts await review by a native speaker


# --- Bands and resources -------------------------------------------------------------------


@node
class AgeLimits:
    """What pupils of a band can read: `kitgen check` warns about pupil-facing text beyond these."""

    words_per_point: int | None = None  # most words in one slide point
    words_per_sentence: int | None = None  # most words in one sentence of pupils' text
    #: Words that must not appear in pupils' text for this band, comma-separated per language.
    avoid_words: Text | None = None
    #: Readability (`kitgen check --report`): the most words pupils' sentences may have on average, per kit.
    average_sentence_words: int | None = None
    #: Readability: the largest percentage of pupils' words with 7 letters or more, per kit (as in LIX).
    long_word_share: int | None = None
    #: Readability: the most words the parent letter's sentences may have on average (B1: about 12).
    letter_sentence_words: int | None = None


@node
class Band:
    """An age band and the settings the renderers need for it."""

    id: str
    label: Text  # e.g. "groep 5–6 (8–10 jaar)"
    ages: str  # e.g. "8–10"
    minutes: int  # length of one lesson
    slide_body_pt: int  # minimum body size on slides
    slide_title_pt: int  # slide title size, in points
    worksheet_body_pt: int  # body size on the worksheet
    writing_lines: int = 5  # at least this many lines under a "what would you do?" question; the page adds more
    #: The decks' look: "playful" (warm, round, many pictures) or "calm" (grown-up); see renderers/deck/theme.py.
    theme: Literal["playful", "calm"] = "calm"
    limits: AgeLimits | None = None  # age-fit limits for pupils' text; none: no age-fit warnings
    teacher_role: Text  # who signs the parent letter, e.g. "leerkracht" / "teacher", "mentor of docent"


@node
class Resource:
    """A help resource referenced by id from lessons; kept in one place so facts change once."""

    id: str
    name: str | Text  # one name for every language, or one per language
    url: str | None = None  # None when there is no one address (e.g. the report button inside an app)
    phone: str | None = None  # phone number as people dial it, such as 0800-0432
    emergency_phone: str | None = None  # number for emergencies (112), shown apart
    description: Text
    short_description: Text | None = None  # what it does in a few words, for its help-slide card
    country: str = "NL"  # country code where the resource helps (default NL)
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

    kind: Literal["knowledge", "skills", "attitude"]  # knowledge, skills or attitude
    text: Text  # the goal, as the teacher reads it


@node
class Keyword:
    """A key word with a child-level explanation."""

    term: Text  # the key word
    meaning: Text  # what it means, at the pupils' level


@node
class Activity:
    """One timed step of the lesson plan."""

    minutes: int  # minutes this part of the lesson takes; together they make the band's minutes
    title: Text  # the part of the lesson, in a few words
    description: Text  # what the teacher and pupils do


@node
class Picture:
    """An illustration: a catalogue id (``picture: phone``) or a file in ``assets/`` with alt text.

    A catalogue picture brings its own alt text; ``alt`` here replaces it.
    """

    id: str | None = None  # an id from assets/pictures.yaml
    file: str | None = None  # a PNG or JPEG inside assets/
    alt: Text | None = None  # what the picture shows, for pupils who cannot see it
    decorative: bool = False  # true for a picture that adds nothing to the content (no alt text needed)


#: ``picture: phone`` is short for ``picture: {id: phone}``.
Picture.SHORTHAND = "id"


@node
class ChatMessage:
    """One message in a fictional chat."""

    sender: str  # who wrote the message (the same in every language)
    text: Text  # the message
    me: bool = False  # shown on the right, as the pupil's own message


@node
class Chat:
    """A fictional chat to judge."""

    app: str = "Chat"  # the app's name in the header (default Chat; never a real brand)
    contact: str  # who the pupil chats with, as the header shows it
    messages: list[ChatMessage]  # the messages, oldest first


@node
class FriendRequest:
    """A fictional friend request or profile to judge."""

    name: str  # the name on the profile
    handle: str | None = None  # the user name, such as @sam_2014
    age: str | None = None  # the age as the profile shows it
    mutual_friends: int = 0  # how many friends you share (default 0)
    bio: Text  # the profile's own text
    details: list[Text] = field(default_factory=list)  # more lines on the profile


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
    chat: Chat | None = None  # a made-up chat to judge (give chat or request)
    request: FriendRequest | None = None  # a made-up friend request to judge (give chat or request)
    notes: Text
    minutes: int = 1
    picture: Picture | None = None  # replaces the picture the deck would pick


@node
class QuizSlide:
    """A quiz or poll question; the answer follows on its own slide."""

    kind: Literal["quiz"]
    title: Text
    question: Text
    options: list[Text]  # the options, lettered A, B, C … as large cards
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
    resources: list[str]  # help resources by id, from resources.yaml, in this order
    notes: Text
    minutes: int = 1
    picture: Picture | None = None  # replaces the picture the deck would pick


Slide = Union[TitleSlide, PointsSlide, ScenarioSlide, QuizSlide, HelpSlide]


@node
class ChoiceExercise:
    """Multiple choice with tick boxes."""

    kind: Literal["choice"]
    prompt: Text
    options: list[Text]  # at least two options to tick
    answer: int  # 1-based number of the right option
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet


@node
class Statement:
    """A true/false statement."""

    text: Text  # the statement
    answer: bool  # true or false


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

    text: Text  # the card's text
    safe: bool  # true when the card is safe


@node
class SortExercise:
    """Sort items into safe / not safe."""

    kind: Literal["sort"]
    prompt: Text
    items: list[SortItem]
    explanation: Text
    picture: Picture | None = None  # an illustration on the worksheet
    #: true: the items are also printed as cards to cut out (an extra page with dashed cutting lines) and
    #: the worksheet shows two fields, safe and not safe, to lay them on; false: tick a column per item
    cards: bool = False


@node
class Pair:
    """Two things that belong together."""

    left: Text  # the left column's text
    right: Text  # its match in the right column


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

    ground_rules: list[Text]  # agreements with the class, shown on the slide after the title (at most 4, pupils' words)
    disclosure: list[Text]  # how to respond when a child tells something
    distance: list[Text]  # keeping distance: characters, not pupils' own experiences


@node
class LetterContent:
    """The lesson's part of the parent letter."""

    what: Text  # what the class does
    why: Text  # why the school teaches it
    learns: list[Text]  # what the child learns at this age
    conversation: list[Text]  # conversation starters
    tips: list[Text]  # tips for home


@node
class BandContent:
    """Everything a lesson says for one age band (common text merged with the band's own)."""

    summary: Text  # the lesson in one or two sentences, for the teacher
    goals: list[Goal]  # learning goals of all three kinds
    keywords: list[Keyword]  # key words with their meaning, at the pupils' level
    materials: list[Text]  # what the teacher needs in class
    preparation: list[Text]  # what the teacher does before the lesson
    activities: list[Activity]  # the lesson plan; the minutes add up to the band's minutes
    slides: list[Slide]  # the slide deck, in order
    exercises: list[Exercise]  # the worksheet's exercises, in order
    #: Tips for leading the conversation, in the teacher's guide.
    discussion_tips: list[Text] = field(default_factory=list)
    short_period: Text | None = None  # what to leave out when the period is shorter than the lesson (e.g. 45 of 50 min)
    safeguarding: Safeguarding  # ground rules, what to do on a disclosure, and how to keep distance
    letter: LetterContent  # the lesson's part of the parent letter, in plain language (B1)
    resources: list[str]  # help resources by id for the letter and the teacher's guide


@node
class Lesson:
    """A lesson: metadata, and its content resolved for every band it is written for."""

    id: str
    title: Text  # the lesson's title, on every kit part and in the parent letter
    version: str
    reviewed: dt.date
    sources: list[Source]
    bands: Mapping[str, BandContent]  # band id → content, in band order


# --- The teacher's guide --------------------------------------------------------------------


@node
class GuideSection:
    """A part of the teacher's background, printed in the guide of every kit (or of the bands listed)."""

    title: Text
    points: list[Text]
    bands: list[str] = field(default_factory=list)  # band ids; empty: every band


@node
class Guide:
    """Background for the teacher shared by every lesson (``guide.yaml``), with the sources of its facts."""

    sections: list[GuideSection]  # the background's sections, each for every band or for the bands it names
    sources: list[Source]

    def for_band(self, band_id: str) -> list[GuideSection]:
        return [section for section in self.sections if not section.bands or band_id in section.bands]


@node
class Catalog:
    """Everything loaded from a lessons folder."""

    bands: list[Band]
    resources: Mapping[str, Resource]
    lessons: list[Lesson]
    guide: Guide | None = None  # None when the folder has no guide.yaml
    languages: list[Language] = field(default_factory=list)  # kit languages first, in the file's order
    #: Language → the lessons folder's own catalogue of kit words for it (``locale/<code>.po`` beside
    #: languages.yaml), when it has one: a language kitgen has no words for, or other wording.
    kit_words: Mapping[str, str] = field(default_factory=dict)

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
