"""A look per age band: the colours, shapes and layout file of each deck theme named in bands.yaml."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass



@dataclass(frozen=True)
class Theme:
    """What a deck looks like beyond its text: colours (``RRGGBB``), corners, how often a picture shows.

    The layout file (``template``) holds backgrounds, title styles and decorations; the colours here
    are for what the deck draws itself (chats, cards, quiz options) and must match it.
    """

    name: str
    template: str  # the layout file in templates/ when the school brings none
    ink: str  # body text on the light slides
    paper: str  # light slide background
    heading: str  # titles and names on light slides
    muted: str  # secondary text
    accent: str  # decorations: the title rule, badges
    dark: str  # background of the title slide
    dark_closing: str  # background of the closing slide
    on_dark: str  # text on ``dark`` and ``dark_closing``
    on_dark_soft: str
    card: str  # cards and chat windows
    line: str  # card and bubble edges: at least 3:1 against the paper and the card
    header: str  # chat header bar
    on_header: str
    bubble_them: str
    bubble_me: str
    option_fills: tuple[str, ...]  # quiz cards A, B, C, D
    option_badges: tuple[str, ...]  # the letter's disc on each card (white letter)
    right_fill: str  # the right answer's card on the answer slide
    right_line: str
    dimmed_fill: str  # the other options on the answer slide
    dimmed_ink: str
    key_accents: tuple[str, ...]  # one per lesson: the title slide's picture disc, so decks differ at a glance
    corner: float  # corner radius of cards, in points
    picture_every: int  # at least one picture on every n-th slide (0: only where a slide needs one)

    def key_accent(self, lesson_id: str) -> str:
        """The lesson's own accent colour: stable for a lesson, different between lessons."""
        digest = hashlib.sha256(lesson_id.encode("utf-8")).digest()
        return self.key_accents[digest[0] % len(self.key_accents)]

    def text_pairs(self) -> list[tuple[str, str]]:
        """Every (text, background) pair this theme draws; each needs a contrast of at least 4.5:1."""
        pairs = [
            (self.ink, self.paper), (self.heading, self.paper), (self.muted, self.paper),
            (self.on_dark, self.dark), (self.on_dark_soft, self.dark),
            (self.on_dark, self.dark_closing), (self.on_dark_soft, self.dark_closing),
            (self.ink, self.card), (self.heading, self.card), (self.muted, self.card),
            (self.on_header, self.header), (self.ink, self.bubble_them), (self.ink, self.bubble_me),
            (self.muted, self.bubble_them), (self.muted, self.bubble_me),
            (self.ink, self.right_fill), (self.dimmed_ink, self.dimmed_fill),
        ]
        pairs += [(self.ink, fill) for fill in self.option_fills]
        pairs += [("FFFFFF", badge) for badge in self.option_badges]
        return pairs


#: Warm and playful, for 8–12: cream paper, orange and purple, yellow dots, round corners, a picture on every other slide.
PLAYFUL = Theme(
    name="playful", template="slides-playful.pptx",
    ink="2D2A26", paper="FFF8EE", heading="5B2A86", muted="5C5248", accent="F08C00",
    dark="C2410C", dark_closing="5B2A86", on_dark="FFFFFF", on_dark_soft="FFF1E0",
    card="FFFFFF", line="8C7B6B", header="5B2A86", on_header="FFFFFF",
    bubble_them="E9E1F5", bubble_me="FFE3CC",
    option_fills=("FFE3CC", "FFF0B3", "D7F2E3", "E7DDF5"),
    option_badges=("C2410C", "8A5A00", "1F7A52", "5B2A86"),
    right_fill="D3F0DD", right_line="1F7A52", dimmed_fill="EEEEEE", dimmed_ink="5F6670",
    key_accents=("FFD43B", "8CE0B8", "FFB38A", "B9A6F0", "8FD3F4"),
    corner=18.0, picture_every=2,
)

#: Grown-up and calm, for 12–16: warm grey paper, deep slate, a phone-screen title slide, soft teal.
CALM = Theme(
    name="calm", template="slides.pptx",
    ink="1E2328", paper="F4F3EF", heading="1F3A4D", muted="55606B", accent="2E8B7A",
    dark="1E2A33", dark_closing="1E2A33", on_dark="FFFFFF", on_dark_soft="B8C7D1",
    card="FFFFFF", line="7D8A96", header="1E2A33", on_header="FFFFFF",
    bubble_them="E4E9EE", bubble_me="CFE8DF",
    option_fills=("FFFFFF", "FFFFFF", "FFFFFF", "FFFFFF"),
    option_badges=("1F3A4D", "2E6F8E", "1F7A52", "A3361E"),
    right_fill="D3F0DD", right_line="1F7A52", dimmed_fill="EEEEEE", dimmed_ink="5F6670",
    key_accents=("2E8B7A", "3D6FA8", "B5654A", "7A62A8"),
    corner=10.0, picture_every=0,
)

THEMES = {theme.name: theme for theme in (PLAYFUL, CALM)}
#: The theme of a band that names none.
DEFAULT_THEME = CALM.name


def theme_for(name: str | None) -> Theme:
    return THEMES.get(name or DEFAULT_THEME, CALM)

