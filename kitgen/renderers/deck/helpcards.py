"""Help slides as cards side by side: each organisation's name, address, phone and what it does, its QR code below."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from kitgen.renderers.deck.fit import EMU_PER_PT, FontMetrics
from kitgen.renderers.deck.plan import Box, Drawing, Para, PicturePlan, Shape, TextBlock
from kitgen.renderers.deck.theme import Theme

#: At most this many organisations share a slide: three cards side by side still hold a line of text each.
MAX_CARDS = 3
#: Gap between cards, padding inside a card, and the least space between a card's text and its QR code, in points.
CARD_GAP = 14.0
CARD_PAD = 10.0
QR_GAP = 8.0
#: The QR codes' side, in inches. A code has 29 modules (web addresses up to 42 characters, level M) and
#: two of quiet zone. Projected on a board about 2 m wide (6× the 33.9 cm slide), a 1 in (2.54 cm) code
#: is 15 cm wide, a module 4.5 mm: 2.5 camera pixels of a 12 Mpx phone (70° view, 4000 px) at 6 m,
#: the back of a classroom, which phones read. Codes grow into the space the text leaves, up to 1.8 in;
#: text larger than the band's smallest size is only taken while the codes stay at least QR_COMFORT_IN.
QR_MIN_IN = 1.0
QR_COMFORT_IN = 1.3
QR_MAX_IN = 1.8
EMU_PER_IN = 914400


@dataclass(frozen=True)
class Card:
    """One organisation as its card shows it, in the kit's language."""

    name: str
    url: str | None  # the address the link and the QR code lead to
    shown_url: str | None  # the address as people read it (no https://)
    phone: str | None  # "Telefoon 0800-0432"
    summary: str  # what it does, in a sentence
    emergency: str | None  # "Bij direct gevaar: bel 112"


@dataclass(frozen=True)
class CardsPlan:
    """The laid-out cards: the card frames (drawn behind the codes), their texts, and the QR codes."""

    frames: tuple[Shape, ...]
    texts: Drawing
    codes: tuple[PicturePlan, ...]


def card_paras(card: Card, size: float, heading: str) -> list[Para]:
    """The card's text: the name, the linked address, the phone, what it does, and the emergency number."""
    paras = [Para(card.name, size, bold=True, colour=heading)]
    if card.shown_url:
        paras.append(Para(card.shown_url, size, link=card.url))
    if card.phone:
        paras.append(Para(card.phone, size, bold=True))
    paras.append(Para(card.summary, size, space_before=size * 0.4))
    if card.emergency:
        paras.append(Para(card.emergency, size, bold=True, space_before=size * 0.25))
    return paras


def lay_out_cards(cards: list[Card], area: Box, size: float, metrics: FontMetrics, theme: Theme,
                  qr_min: float | None, qr_alt: Callable[[str], str], alt: str) -> CardsPlan | None:
    """The cards side by side, as tall as ``area``; each text at the top, the QR codes in one row below.

    None when a text does not fit its card, a word (a web address) would be cut over two lines, or the
    codes would be smaller than ``qr_min`` inches (None: no codes).
    """
    gap, pad = _emu(CARD_GAP), _emu(CARD_PAD)
    count = len(cards)
    width = (area.w - (count - 1) * gap) // count
    blocks: list[TextBlock] = []
    for i, card in enumerate(cards):
        x = area.x + i * (width + gap)
        probe = TextBlock(Box(x + pad, area.y + pad, width - 2 * pad, 0), tuple(card_paras(card, size, theme.heading)))
        probe = _phone_number_whole(probe, card, metrics)
        if _cuts_words(probe, metrics):
            return None
        height = _emu(probe.height_needed(metrics)) + 1
        blocks.append(TextBlock(Box(probe.box.x, probe.box.y, probe.box.w, height), probe.paras))
    text_bottom = max(b.box.y + b.box.h for b in blocks)
    bottom = area.y + area.h - pad
    if text_bottom > bottom:
        return None
    codes: list[PicturePlan] = []
    with_code = [card for card in cards if card.url] if qr_min is not None else []
    if with_code:
        room = bottom - text_bottom - _emu(QR_GAP)
        side = min(width - 2 * pad, room, int(QR_MAX_IN * EMU_PER_IN))
        if side < int(qr_min * EMU_PER_IN):
            return None
        # the codes in one row, in the middle of the space under the tallest text
        y = text_bottom + _emu(QR_GAP) + (room - side) // 2
        for i, card in enumerate(cards):
            if card.url:
                x = area.x + i * (width + gap) + (width - side) // 2
                codes.append(PicturePlan(None, Box(x, y, side, side), qr_alt(card.shown_url or card.url), False,
                                         qr=card.url))
    frames = tuple(Shape(f"Help card {i + 1}", "roundRect", Box(area.x + i * (width + gap), area.y, width, area.h),
                         fill=theme.card, line=theme.line, decorative=True, corner=theme.corner)
                   for i in range(count))
    texts = tuple(Shape(f"Help card {i + 1} text", "rect", block.box, text=block) for i, block in enumerate(blocks))
    return CardsPlan(frames, Drawing("Help", alt, texts), tuple(codes))


def first_sentence(description: str) -> str:
    """The description's first sentence: what the organisation does (the rest is for the letter and the notes)."""
    for i, char in enumerate(description[:-2]):
        if char in ".!?" and description[i + 1] == " " and description[i + 2].isupper():
            return description[: i + 1]
    return description


def _phone_number_whole(block: TextBlock, card: Card, metrics: FontMetrics) -> TextBlock:
    """The phone's label on a line of its own when label and number take two lines.

    Renderers break after a hyphen ("020-" and "261 52 75"), which the measuring does not: a line
    break of our own keeps the number whole.
    """
    if not card.phone or " " not in card.phone:
        return block
    paras = list(block.paras)
    index = next(i for i, para in enumerate(paras) if para.text == card.phone)
    if len(block.lines(metrics)[index]) > 1:
        paras[index] = replace(paras[index], text=card.phone.replace(" ", "\n", 1))
    return replace(block, paras=tuple(paras))


def _cuts_words(block: TextBlock, metrics: FontMetrics) -> bool:
    """Would a word be broken over two lines (too long for the card's width)?"""
    return any(line and line.split(" ")[-1] not in para.text.replace("\n", " ").split(" ")
               for para, lines in zip(block.paras, block.lines(metrics)) for line in lines)


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))
