"""Scenario drawings made of native shapes and real text: a fictional chat and a friend-request card."""
from __future__ import annotations

from dataclasses import replace

from kitgen.errors import KitgenError
from kitgen.i18n import Labels
from kitgen.model import Chat, ChatMessage, FriendRequest
from kitgen.renderers.deck.theme import Theme
from kitgen.renderers.deck.plan import Box, Drawing, Para, Shape, TextBlock
from kitgen.renderers.deck.fit import EMU_PER_PT, INSET_X, INSET_Y, WIDTH_RESERVE, FontMetrics

PAD = 12.0  # points between the chat window's edge and what is in it
CARD_PAD = 9.0  # the same on the profile card, which has more to hold
GAP = 7.0  # points between bubbles
BUBBLE_CORNER = 10.0
# the insets include the part of a rounded corner that keeps text off the edge (deckplan.text_rect_inset)
BUBBLE_INSET_X = 9.0 + BUBBLE_CORNER * 0.3
BUBBLE_INSET_Y = 5.0 + BUBBLE_CORNER * 0.3
SMALL_CORNER = 6.0  # headers and buttons
SMALL_INSET_X = INSET_X + SMALL_CORNER * 0.3
SMALL_INSET_Y = INSET_Y + SMALL_CORNER * 0.3
BUBBLE_MAX_SHARE = 0.88  # a bubble is at most this share of the card's width
MAX_CARD_PT = 520.0  # a profile card wider than this looks stretched


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _box(x: float, y: float, w: float, h: float) -> Box:
    """A box from points."""
    return Box(_emu(x), _emu(y), _emu(w), _emu(h))


def _block(x: float, y: float, w: float, paras: list[Para], metrics: FontMetrics, **options) -> TextBlock:
    """A text block ``w`` wide at (x, y), exactly as tall as its text."""
    probe = TextBlock(_box(x, y, w, 0), tuple(paras), **options)
    return TextBlock(_box(x, y, w, probe.height_needed(metrics)), tuple(paras), **options)


def _bottom(block: TextBlock) -> float:
    return (block.box.y + block.box.h) / EMU_PER_PT


# --- chat --------------------------------------------------------------------------------------


def chat_transcript(chat: Chat) -> str:
    """The whole chat as lines "name: message", for the alt text and the speaker notes."""
    return "\n".join(f"{message.sender}: {message.text}" for message in chat.messages)


def chat_drawings(chat: Chat, area: Box, size: float, metrics: FontMetrics, labels: Labels,
                  theme: Theme) -> list[Drawing]:
    """The chat as one drawing per slide: messages that do not fit under each other continue on the next.

    The window fills ``area`` whatever the number of messages, and every bubble is set at ``size``
    and starts with its sender's name in bold, so the chats of a deck look alike.
    """
    left, top = area.x / EMU_PER_PT, area.y / EMU_PER_PT
    width, bottom = area.w_pt, top + area.h_pt
    inner = width - 2 * PAD
    header = _block(left + PAD, top + PAD, inner, [Para(f"{chat.app} · {chat.contact}", size, bold=True,
                                                        colour=theme.on_header)], metrics, anchor="ctr",
                    inset_x=SMALL_INSET_X, inset_y=SMALL_INSET_Y)
    made_up = labels("chat_alt", "Made-up chat in {app} with {contact}", app=chat.app, contact=chat.contact)
    alt = f"{made_up}. {chat_transcript(chat)}".replace("\n", " / ")
    first_y = _bottom(header) + GAP
    room = bottom - PAD - first_y + GAP  # each bubble takes its height and a gap
    heights = []
    for message in chat.messages:
        height = _bottom(_bubble(message, left + PAD, inner, 0.0, size, metrics, theme)) + GAP
        if height > room + 0.01:
            raise KitgenError(f"{message.pos}: this chat message does not fit on one slide at {size:g} pt; shorten it")
        heights.append(height)
    parts: list[list[tuple[TextBlock, ChatMessage]]] = []
    for group in _balanced_groups(heights, room):
        y, bubbles = first_y, []
        for index in group:
            bubble = _bubble(chat.messages[index], left + PAD, inner, y, size, metrics, theme)
            bubbles.append((bubble, chat.messages[index]))
            y = _bottom(bubble) + GAP
        parts.append(bubbles)
    drawings = []
    for bubbles in parts:
        card = Shape("Chat window", "roundRect", area, fill=theme.card, line=theme.line, decorative=True,
                     corner=PAD)
        head = Shape("Chat header", "roundRect", header.box, fill=theme.header, text=header, corner=SMALL_CORNER)
        shapes = [card, head]
        for bubble, message in bubbles:
            fill = theme.bubble_me if message.me else theme.bubble_them
            name = f"Message from {message.sender}"
            shapes.append(Shape(name, "roundRect", bubble.box, fill=fill, line=theme.line, text=bubble,
                                corner=BUBBLE_CORNER))
        drawings.append(Drawing("Chat", alt, tuple(shapes)))
    return drawings


def _balanced_groups(heights: list[float], room: float) -> list[list[int]]:
    """The messages in order, in as few slides as the greedy fill needs, as evenly filled as possible.

    No slide is left holding one short message while the one before is full.
    """
    count = 1
    used = 0.0
    for height in heights:
        if used + height > room + 0.01:
            count, used = count + 1, 0.0
        used += height
    best: tuple[float, list[list[int]]] | None = None

    def search(start: int, groups_left: int, groups: list[list[int]], tallest: float) -> None:
        nonlocal best
        if best is not None and tallest >= best[0]:
            return
        if groups_left == 1:
            rest = sum(heights[start:])
            if rest <= room + 0.01 and (best is None or max(tallest, rest) < best[0]):
                best = (max(tallest, rest), [*groups, list(range(start, len(heights)))])
            return
        total = 0.0
        for end in range(start + 1, len(heights) - groups_left + 2):
            total += heights[end - 1]
            if total > room + 0.01:
                break
            search(end, groups_left - 1, [*groups, list(range(start, end))], max(tallest, total))

    if heights:
        search(0, count, [], 0.0)
    return best[1] if best else [list(range(len(heights)))]


def _bubble(message: ChatMessage, left: float, inner: float, y: float, size: float,
            metrics: FontMetrics, theme: Theme) -> TextBlock:
    """A message bubble as narrow as its text allows, on the left (them) or the right (me), named."""
    lead = f"{message.sender}:"
    paras = [Para(f"{lead} {_emoji_with_word(message.text, metrics)}", size, colour=theme.ink, lead=lead)]
    widest = max(metrics.width(line, p.size, True) for p in paras for line in p.text.split("\n"))
    natural = widest / WIDTH_RESERVE + 2 * BUBBLE_INSET_X + 1
    width = min(natural, inner * BUBBLE_MAX_SHARE)
    x = left + inner - width if message.me else left
    return _block(x, y, width, paras, metrics, inset_x=BUBBLE_INSET_X, inset_y=BUBBLE_INSET_Y)


def _emoji_with_word(text: str, metrics: FontMetrics) -> str:
    """A word of only emoji (glyphs the font lacks) joined to the word before it, so it never stands alone."""
    words = text.split(" ")
    for i in range(1, len(words)):
        if words[i] and all(ord(ch) not in metrics.regular for ch in words[i]):
            words[i] = "\u00a0" + words[i]
    return " ".join(words).replace(" \u00a0", "\u00a0")


# --- friend request ----------------------------------------------------------------------------


def request_drawing(request: FriendRequest, area: Box, size: float, metrics: FontMetrics,
                    labels: Labels, theme: Theme, may_drop_buttons: bool = True) -> Drawing:
    """A friend request as a profile card: picture with initials, name, bio, details and two buttons.

    When the card is too tall for the slide, the buttons go first if allowed (the question on the slide
    still asks "accept?"); when it is still too tall, the designer has to shorten it.
    """
    for buttons in (True, False) if may_drop_buttons else (True,):
        shapes = _profile_card(request, area, size, metrics, labels, buttons, theme)
        if (shapes[0].box.h / EMU_PER_PT) <= area.h_pt:
            card = shapes[0]  # as tall as the area: every card of a deck has the same frame
            full = Box(card.box.x, card.box.y, card.box.w, area.h)
            made_up = labels("request_alt", "Made-up friend request from {name}", name=request.name)
            alt = f"{made_up}. {request.bio}"
            return Drawing("Friend request", alt, (replace(card, box=full), *shapes[1:]))
    raise KitgenError(
        f"{request.pos}: this friend request does not fit on one slide at {size:g} pt; shorten the bio or the details"
    )


def _profile_card(request: FriendRequest, area: Box, size: float, metrics: FontMetrics, labels: Labels,
                  buttons: bool, theme: Theme) -> tuple[Shape, ...]:
    """The card's shapes, the card itself first, as tall as its content."""
    left, top = area.x / EMU_PER_PT, area.y / EMU_PER_PT
    width = min(area.w_pt, MAX_CARD_PT)
    inner = width - 2 * CARD_PAD
    avatar_d = max(size * 2.6, 60.0)
    avatar = TextBlock(_box(left + CARD_PAD, top + CARD_PAD, avatar_d, avatar_d),
                       (Para(_initials(request.name), size, bold=True, colour=theme.on_header, align="ctr"),),
                       anchor="ctr", inset_x=avatar_d * 0.15, inset_y=avatar_d * 0.15)  # an ellipse's text area
    name_x = left + CARD_PAD + avatar_d + CARD_PAD
    name_w = left + width - CARD_PAD - name_x
    age = request.age and (labels.plural("age_years", "{count} year old", "{count} years old", int(request.age))
                           if request.age.isdigit() else request.age)
    facts = [part for part in (request.handle and f"@{request.handle.lstrip('@')}", age) if part]
    mutual = labels.plural("mutual_friends", "{count} mutual friend", "{count} mutual friends", request.mutual_friends)
    fact_lines = [" · ".join([*facts, mutual])]
    if len(_block(name_x, 0, name_w, [Para(fact_lines[0], size)], metrics).lines(metrics)[0]) > 1:
        fact_lines = [" · ".join(facts), mutual] if facts else [mutual]
    who = [Para(request.name, size, bold=True, colour=theme.header)]
    who += [Para(line, size, colour=theme.muted) for line in fact_lines]
    names = _block(name_x, top + CARD_PAD, name_w, who, metrics)
    about = [Para(request.bio, size)] + [
        Para(detail, size, bullet=True, colour=theme.muted, space_before=size * 0.3) for detail in request.details
    ]
    bio = _block(left + CARD_PAD, max(_bottom(names), top + CARD_PAD + avatar_d) + GAP, inner, about, metrics)
    shapes = [
        Shape("Profile picture", "ellipse", avatar.box, fill=theme.header, text=avatar),
        Shape("Profile name", "rect", names.box, text=names),
        Shape("Profile text", "rect", bio.box, text=bio),
    ]
    bottom = _bottom(bio)
    if buttons:
        button_w = (inner - CARD_PAD) / 2
        y = _bottom(bio) + GAP
        small = {"inset_x": SMALL_INSET_X, "inset_y": SMALL_INSET_Y}
        accept = _block(left + CARD_PAD, y, button_w, [Para(labels("request_accept", "Accept"), size, bold=True,
                                                            colour=theme.on_header, align="ctr")], metrics, **small)
        decline = _block(left + CARD_PAD + button_w + CARD_PAD, y, button_w,
                         [Para(labels("request_decline", "Decline"), size, bold=True, colour=theme.ink, align="ctr")],
                         metrics, **small)
        shapes += [
            Shape("Accept button", "roundRect", accept.box, fill=theme.option_badges[2], text=accept, corner=SMALL_CORNER),
            Shape("Decline button", "roundRect", decline.box, fill=theme.card, line=theme.line, text=decline,
                  corner=SMALL_CORNER),
        ]
        bottom = max(_bottom(accept), _bottom(decline))
    card = Shape("Profile card", "roundRect", _box(left, top, width, bottom + CARD_PAD - top), fill=theme.card,
                 line=theme.line, decorative=True, corner=CARD_PAD)
    return (card, *shapes)


def _initials(name: str) -> str:
    letters = [word[0] for word in name.replace("_", " ").split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"
