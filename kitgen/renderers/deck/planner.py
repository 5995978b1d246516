"""From a lesson view to a deck plan: one or more planned slides per YAML slide, split when text is long."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping
from pathlib import Path

from kitgen.checks import resolve_asset
from kitgen.errors import KitgenError, PlacedError, Pos, Problem
from kitgen.model import HelpSlide, Picture, PointsSlide, QuizSlide, ScenarioSlide, TitleSlide
from kitgen.pictures import PictureCatalogue, picture_size
from kitgen.renderers.deck.helpcards import MAX_CARDS, QR_COMFORT_IN, QR_MIN_IN, Card, first_sentence, lay_out_cards
from kitgen.renderers.deck.fit import EMU_PER_PT, LINE_HEIGHT, TITLE_LINE_HEIGHT, FontMetrics
from kitgen.renderers.deck.picking import PicturePicker, slide_words
from kitgen.renderers.deck.plan import TITLE, Box, DeckPlan, Drawing, Para, PicturePlan, Shape, SlidePlan, TextBlock
from kitgen.renderers.deck.scene import chat_drawings, chat_transcript, request_drawing
from kitgen.renderers.deck.theme import Theme
from kitgen.view import LessonView

from kitgen.renderers.deck.template import Geometry

#: Stands for the ground-rules slide the planner adds after the title slide (it has no YAML slide of its own).
GROUND_RULES = object()
#: The layout each kind of points slide uses.
POINTS_LAYOUT = {"question": "question", "closing": "closing"}
#: How much larger than the band's title size the deck's opening title is, when it fits.
OPENING_TITLE_SCALE = 1.25
#: Text sizes as multiples of the band's minimum, largest first. Larger text is easier to read from
#: the back of the class, so each slide takes the largest that needs no more slides than the minimum.
SCALES = (1.4, 1.25, 1.1, 1.0)
#: Larger text than this looks shouty, whatever the band (and two title lines of 44 pt fill the title box).
MAX_BODY_PT = 36
MAX_TITLE_PT = 44


#: The lowest text or picture of a content slide ends at least this far down the slide.
FILL_SHARE = 0.70
#: A picture beside text: its largest side, and the gap between it and the text, in inches.
PICTURE_MAX_IN = {"playful": 3.0, "calm": 2.6}
PICTURE_GAP_IN = 0.4
#: The title slide's key picture: the coloured disc and the picture on it, in inches.
KEY_DISC_IN = 3.9
KEY_PICTURE_IN = 2.5
#: The picture beside a quiz question for 8–12, in inches.
QUIZ_PICTURE_IN = 1.3
#: Gap between quiz cards, and the padding inside a card, in points.
CARD_GAP = 14.0
CARD_PAD = 12.0


@dataclass(frozen=True)
class Planner:
    """Plans one kit's deck; sizes come from the band, boxes from the template's layouts, looks from the theme."""

    view: LessonView
    geometry: Geometry
    metrics: FontMetrics
    assets_dir: Path
    theme: Theme
    catalogue: PictureCatalogue
    scale: float = 1.0  # body text, times the band's minimum
    deck_scale: float = 1.0  # the deck's own: titles, and text beside a drawing

    @property
    def body_pt(self) -> float:
        return round(self.view.band.slide_body_pt * self.scale)

    @property
    def title_pt(self) -> float:
        band = self.view.band.slide_title_pt
        return max(band, min(round(band * self.deck_scale), MAX_TITLE_PT))

    @property
    def young(self) -> bool:
        return self.theme.name == "playful"

    # --- the deck -----------------------------------------------------------------------------

    def plan(self, problems: list[Problem] | None = None) -> DeckPlan:
        """The deck; with ``problems``, every slide's designer error is added there and planning goes on."""
        content = self.view.content
        titles = _numbered_titles([slide.title for slide in content.slides])
        picker = PicturePicker(self.catalogue, self.young)
        # the lesson's title and its opening slide say what the lesson is about; the rest only when they say nothing
        headline = " ".join([self.view.title, *(slide_words(s) for s in content.slides if isinstance(s, TitleSlide))])
        lesson_words = " ".join(slide_words(slide) for slide in content.slides).lower()
        slides: list[SlidePlan] = []
        rules_at = 0  # right after the title slide; first of all when a deck has none
        for slide, title in zip(content.slides, titles):
            if slide.picture is not None:
                chosen = slide.picture
            elif isinstance(slide, TitleSlide):
                chosen = picker.key_picture(headline.lower(), lesson_words)
            else:
                chosen = picker.pick(slide)
            slides += self._collect(problems, self._largest, slide, title, chosen) or []
            if isinstance(slide, TitleSlide) and not rules_at:
                rules_at = len(slides)
        if content.safeguarding.ground_rules:
            picture = picker.first(("handshake", "idea"))
            rules_title = self.view.labels("ground_rules_slide", "Our ground rules")
            rules = self._collect(problems, self._largest, GROUND_RULES, rules_title, picture)
            slides[rules_at:rules_at] = rules or []
        slides = _unique_titles(slides)
        for planned in slides:
            self._collect(problems, self._require_fit, planned)
        view = self.view
        return DeckPlan(
            title=view.title,
            subject=f"{view.title} – {view.band.label}",
            language=view.language_tag,
            keywords=f"kitgen; {view.lesson_id}; {view.band.id}",
            slides=tuple(slides),
            theme=self.theme.name,
            ink=self.theme.ink,
        )

    @staticmethod
    def _collect(problems: list[Problem] | None, step, *args):
        """``step(*args)``; with ``problems``, a designer's error is added there (and None returned), not raised."""
        if problems is None:
            return step(*args)
        try:
            return step(*args)
        except PlacedError as error:
            problems.append(error.problem)
            return None

    def _largest(self, slide, title: str, picture) -> list[SlidePlan]:
        """The slide at the largest scale up to ours that splits it no more than the band's minimum does."""
        smallest = replace(self, scale=1.0).plan_slide(slide, title, picture)  # its errors are the designer's to fix
        for scale in (s for s in SCALES if 1.0 < s <= self.scale):
            try:
                parts = replace(self, scale=scale).plan_slide(slide, title, picture)
            except KitgenError:
                continue
            if len(parts) == len(smallest):
                return parts
        return smallest

    def plan_slide(self, slide, title: str, picture: Picture | str | None = None) -> list[SlidePlan]:
        """``slide``'s planned slides; ``picture`` is the lesson's picture for it or a catalogue id."""
        if slide is GROUND_RULES:
            return self.ground_rules(title, picture)
        if isinstance(slide, TitleSlide):
            return [self.opening(slide, title, picture)]
        if isinstance(slide, PointsSlide):
            return self.points(slide, title, picture)
        if isinstance(slide, ScenarioSlide):
            return self.scenario(slide, title, picture)
        if isinstance(slide, QuizSlide):
            return self.quiz(slide, title, picture)
        if isinstance(slide, HelpSlide):
            return self.help(slide, title, picture)
        raise TypeError(f"no slide plan for {type(slide).__name__}")  # a bug: the model grew a kind

    # --- kinds --------------------------------------------------------------------------------

    def opening(self, slide: TitleSlide, title: str, picture=None) -> SlidePlan:
        """Title and subtitle on the left; the lesson's key picture on a disc in its own colour on the right."""
        layout = self.geometry["title"]
        title_block = self._title(layout, title, round(self.title_pt * OPENING_TITLE_SCALE))
        lines = [slide.subtitle, self.view.band.label] if slide.subtitle else [self.view.band.label]
        subtitle = self._fitting(layout[1], lambda size: [Para(line, size) for line in lines])
        if subtitle is None:
            raise self._too_long(slide.pos, "the subtitle", layout[1], slide.subtitle)
        pictures, backdrops = (), ()
        if picture is not None:
            heading, sub, margin = layout[TITLE], layout[1], _emu(0.4)
            left = max(heading.x + heading.w, sub.x + sub.w) + margin
            area = Box(left, heading.y, self.geometry.slide.w - left - margin, sub.y + sub.h - heading.y)
            disc = min(_emu(KEY_DISC_IN), area.w, area.h)
            cx, cy = area.x + area.w // 2, self.geometry.slide.h // 2
            disc_box = Box(cx - disc // 2, cy - disc // 2, disc, disc)
            backdrops = (Shape("Key colour", "ellipse", disc_box, fill=self.theme.key_accent(self.view.lesson_id),
                               decorative=True),)
            inner = int(disc * KEY_PICTURE_IN / KEY_DISC_IN)
            pictures = (self._picture(picture, Box(cx - inner // 2, cy - inner // 2, inner, inner)),)
        return SlidePlan("title", title_block, ((1, subtitle),), pictures=pictures, backdrops=backdrops,
                         notes=self._notes(slide), source=slide.pos, plain=bool(pictures))

    def points(self, slide: PointsSlide, title: str, picture=None) -> list[SlidePlan]:
        """Bullets centred in the body; a picture beside them when the theme, the lesson or the space asks."""
        name = POINTS_LAYOUT.get(slide.kind, "content")
        layout = self.geometry[name]

        def make(size: float) -> list[Para]:
            return [Para(point, size, bullet=True, space_before=size * 0.5) for point in slide.points]

        wanted = picture is not None and (self.young or slide.picture is not None or slide.kind == "closing")
        for with_picture in ((True, False) if wanted else (False, True)):
            if with_picture and picture is None:
                continue
            text_box, picture_box = self._beside_picture(layout[1]) if with_picture else (layout[1], None)
            parts = self._chunks(make, text_box, slide.pos, "a point")
            if parts is None:
                continue
            if with_picture and len(parts) > 1 and self.scale == 1.0 and \
                    len(self._chunks(make, layout[1], slide.pos, "a point") or parts) < len(parts):
                continue  # even at the band's smallest size the picture would push points onto another slide
            blocks = [self._text(text_box, chunk, anchor="ctr") if chunk else None for chunk in parts]
            short = any(b is None or b.text_bottom(self.metrics) < self._fill_line() for b in blocks)
            if not with_picture and short and picture is not None and not wanted:
                continue  # the bottom third would stay empty: try again with a picture
            pictures = (self._picture(picture, picture_box),) if with_picture else ()
            return [
                SlidePlan(name, self._title(layout, t), ((1, block),) if block else (), pictures=pictures,
                          notes=self._notes(slide, part, len(parts)), source=slide.pos)
                for part, (t, block) in enumerate(zip(_part_titles(title, len(parts)), blocks), start=1)
            ]
        parts = self._split(make(self.body_pt), layout[1], slide.pos, "a point")  # raises the designer's error
        raise AssertionError("unreachable")  # pragma: no cover

    def ground_rules(self, title: str, picture=None) -> list[SlidePlan]:
        """The class's ground rules from the lesson's safeguarding, agreed before the lesson starts: laid out
        as a points slide (centred, with a picture beside them when the theme or the space asks)."""
        safeguarding = self.view.content.safeguarding
        where = safeguarding.positions.get("ground_rules", safeguarding.pos)
        rules = PointsSlide(kind="goals", title=title, points=list(safeguarding.ground_rules), notes="", pos=where)
        try:
            parts = self.points(rules, title, picture)
        except KitgenError:
            layout = self.geometry["content"]
            self._split([Para(rule, self.body_pt, bullet=True) for rule in rules.points], layout[1], where,
                        "a ground rule")  # raises the designer's error, naming the rule
            raise
        # TRANSLATORS: the speaker notes of the ground rules slide, said by the teacher to the class
        notes = self.view.labels("ground_rules_notes", "Go through the ground rules before the lesson starts and check "
                                 "that everyone agrees. Add: we don't repeat what classmates say here. But if I'm "
                                 "worried about your safety, I have to tell someone who can help. Nobody has to say "
                                 "anything about themselves.")
        return [replace(planned, notes=notes if len(parts) == 1 else f"({part}/{len(parts)}) {notes}")
                for part, planned in enumerate(parts, start=1)]

    def scenario(self, slide: ScenarioSlide, title: str, picture=None) -> list[SlidePlan]:
        """The question and a picture on the left; the chat or profile, in a frame of fixed size, on the right."""
        layout = self.geometry["picture-text"]
        deck_pt = round(self.view.band.slide_body_pt * self.deck_scale)
        question = self._fitting(layout[1], lambda size: [Para(slide.question, size, bold=True)], deck_pt)
        if question is None:
            raise self._too_long(slide.pos, "the question", layout[1], slide.question, bold=True)
        question = replace(question, box=replace(question.box, h=_emu_pt(question.height_needed(self.metrics)) + 1))
        # every chat and profile of the deck at the band's size: their bubbles and text look alike
        size = self.view.band.slide_body_pt
        if slide.chat is not None:
            drawings = chat_drawings(slide.chat, layout[2], size, self.metrics, self.view.labels, self.theme)
        else:
            drawings = [request_drawing(slide.request, layout[2], size, self.metrics, self.view.labels, self.theme)]
        pictures = ()
        if picture is not None:
            column = layout[1]
            top = question.box.y + question.box.h + _emu(0.25)
            space = Box(column.x, top, column.w, column.y + column.h - top)
            side = min(space.w, space.h, _emu(PICTURE_MAX_IN[self.theme.name]))
            if side >= _emu(1.0):
                box = Box(space.x + (space.w - side) // 2, space.y + space.h - side, side, side)
                pictures = (self._picture(picture, box),)
        titles = _part_titles(title, len(drawings))
        transcript = f"\n\n{chat_transcript(slide.chat)}" if slide.chat is not None else ""
        return [
            SlidePlan("picture-text", self._title(layout, t), ((1, question),), drawing=drawing, pictures=pictures,
                      notes=self._notes(slide, part, len(drawings)) + (transcript if part == 1 else ""),
                      source=slide.pos)
            for part, (t, drawing) in enumerate(zip(titles, drawings), start=1)
        ]

    def quiz(self, slide: QuizSlide, title: str, picture=None) -> list[SlidePlan]:
        """The question over large lettered cards; then the answer: the question again, the right card marked."""
        labels = self.view.labels
        layout = self.geometry["question"]
        body = layout[1]
        right = f"{_letter(slide.answer - 1)}. {slide.options[slide.answer - 1]}"
        answer_note = labels("answer", "Answer") + f": {right}"
        asking = self._quiz_slide(slide, layout, title, answered=False, picture=picture)
        answer_title = f"{title} – " + labels("quiz_answer", "The answer")
        answer = self._quiz_slide(slide, layout, answer_title, answered=True)
        if asking is None or answer is None:
            raise self._too_long(slide.pos, "the quiz question with its options and explanation", body, slide.question)
        return [
            replace(asking, notes=f"{self._notes(slide)}\n\n{answer_note}"),
            replace(answer, notes=f"{slide.explanation}\n\n{answer_note}"),
        ]

    def _quiz_slide(self, slide: QuizSlide, layout, title: str, answered: bool, picture=None) -> SlidePlan | None:
        body = layout[1]
        # the answer slide repeats the question when there is room; without it, the cards and the explanation
        for size, repeat in ((size, repeat) for repeat in ((True, False) if answered else (True,))
                             for size in dict.fromkeys((self.body_pt, self.view.band.slide_body_pt))):
            icon = _emu(QUIZ_PICTURE_IN) if self.young and not answered and picture is not None else 0
            text_body = replace(body, w=body.w - icon - (_emu(PICTURE_GAP_IN) if icon else 0))
            question = self._text(text_body, [Para(slide.question, size, bold=True)])
            if not question.fits(self.metrics):
                continue
            question = replace(question, box=replace(text_body, h=_emu_pt(question.height_needed(self.metrics)) + 1))
            pictures = ()
            if icon:
                pictures = (self._picture(picture, Box(body.x + body.w - icon, body.y, icon, icon)),)
            top = max(question.box.y + question.box.h, body.y + icon) + _emu_pt(CARD_GAP) if repeat else body.y
            bottom = body.y + body.h
            explanation = None
            if answered:
                probe = self._text(Box(body.x, 0, body.w, body.h), [Para(slide.explanation, size)])
                height = _emu_pt(probe.height_needed(self.metrics)) + 1
                explanation = self._text(Box(body.x, bottom - height, body.w, height), [Para(slide.explanation, size)])
                bottom = explanation.box.y - _emu_pt(CARD_GAP)
            cards = self._cards(slide, Box(body.x, top, body.w, bottom - top), size, answered)
            if cards is None:
                continue
            if explanation is not None:
                cards = replace(cards, shapes=(*cards.shapes, Shape("Explanation", "rect", explanation.box,
                                                                     text=explanation)))
            return SlidePlan("question", self._title(layout, title), ((1, question),) if repeat else (),
                             drawing=cards, pictures=pictures, source=slide.pos)
        return None

    def _cards(self, slide: QuizSlide, area: Box, size: float, answered: bool) -> Drawing | None:
        """The options as lettered cards filling ``area``: side by side when they fit, else under each other."""
        if area.h <= 0:
            return None
        theme, labels, n = self.theme, self.view.labels, len(slide.options)
        gap = _emu_pt(CARD_GAP)
        for columns in dict.fromkeys((n if n <= 3 else 2, 1)):
            rows = -(-n // columns)
            width, height = (area.w - (columns - 1) * gap) // columns, (area.h - (rows - 1) * gap) // rows
            badge = min(_emu_pt(size * 2.0), height - 2 * _emu_pt(CARD_PAD))
            if badge < _emu_pt(size * LINE_HEIGHT / 0.7 + 1):  # the letter inside the disc's text area
                continue
            shapes: list[Shape] = []
            ok = True
            for i, option in enumerate(slide.options):
                x = area.x + (i % columns) * (width + gap)
                y = area.y + (i // columns) * (height + gap)
                is_right = answered and i == slide.answer - 1
                fill = theme.option_fills[i % len(theme.option_fills)]
                line, ink, badge_fill = theme.line, theme.ink, theme.option_badges[i % len(theme.option_badges)]
                if answered:
                    fill, line = (theme.right_fill, theme.right_line) if is_right else (theme.dimmed_fill, theme.line)
                    ink = theme.ink if is_right else theme.dimmed_ink
                    badge_fill = theme.right_line if is_right else theme.dimmed_ink
                pad = _emu_pt(CARD_PAD)
                text_x = x + pad + badge + pad
                paras = [Para(option, size, bold=is_right, colour=ink)]
                if is_right:
                    paras.append(Para(labels("right_answer", "Right answer"), size, bold=True,
                                      colour=theme.right_line, space_before=size * 0.2))
                text = TextBlock(Box(text_x, y + pad // 2, x + width - pad - text_x, height - pad), tuple(paras),
                                 anchor="ctr")
                if not text.fits(self.metrics) or self._cuts_words(text):
                    ok = False
                    break
                letter = TextBlock(Box(x + pad, y + (height - badge) // 2, badge, badge),
                                   (Para(_letter(i), size, bold=True, colour="FFFFFF", align="ctr"),),
                                   anchor="ctr", inset_x=badge / EMU_PER_PT * 0.15, inset_y=badge / EMU_PER_PT * 0.15)
                shapes += [
                    Shape(f"Option {_letter(i)}", "roundRect", Box(x, y, width, height), fill=fill, line=line,
                          corner=theme.corner, decorative=True),
                    Shape(f"Letter {_letter(i)}", "ellipse", letter.box, fill=badge_fill, text=letter),
                    Shape(f"Option {_letter(i)} text", "rect", text.box, text=text),
                ]
            if ok:
                alt = labels("quiz_options_alt", "Answer options") + ": " + "; ".join(
                    f"{_letter(i)}. {option}" for i, option in enumerate(slide.options))
                if answered:
                    alt += ". " + labels("right_answer", "Right answer") + f": {_letter(slide.answer - 1)}"
                return Drawing("Quiz options", alt, tuple(shapes))
        return None

    def _cuts_words(self, block: TextBlock) -> bool:
        """Would a word be broken over two lines (too long for the box's width)?"""
        return any(line and line.split(" ")[-1] not in para.text.split()
                   for para, lines in zip(block.paras, block.lines(self.metrics)) for line in lines)

    def help(self, slide: HelpSlide, title: str, picture=None) -> list[SlidePlan]:
        """Up to three organisations on one slide, as cards side by side with a QR code under each (12–16).

        8–12 first get their resources in a column beside the slide's picture, when that holds them on one slide.
        """
        beside: list[SlidePlan] = []
        if self.young and picture is not None:
            try:
                beside = self._help_beside_picture(slide, title, picture)
            except KitgenError:
                pass
            if len(beside) == 1:
                return beside
            # cards without the picture only when, even at the band's smallest size, the column takes two
            # slides (or cannot hold a resource) and the cards hold every resource on one
            if self.scale > 1.0 and len(self._smallest_beside(slide, title, picture)) == 1:
                if beside:
                    return beside
                raise self._too_long(slide.pos, "the help resources", self.geometry["content"][1])
            cards = self._help_cards(slide, title, MAX_CARDS, None)
            if cards is not None and len(cards) == 1 or not beside:
                return cards or self._help_cards_split(slide, title, (None,))
            return beside
        # codes for 12–16: comfortably large beside larger text; at the band's smallest size, codes down to
        # QR_MIN_IN, then (rather than a split: a code too small to scan helps nobody) none, the links stay
        if self.young:  # no picture to go beside (or a resource too long for that column): cards without codes
            qr_sizes = (None,)
        else:
            qr_sizes = (QR_MIN_IN, None) if self.scale <= 1.0 else (QR_COMFORT_IN,)
        return self._help_cards_split(slide, title, qr_sizes)

    def _help_cards_split(self, slide: HelpSlide, title: str, qr_sizes: tuple[float | None, ...]) -> list[SlidePlan]:
        """The cards on as few slides as hold them, each size of codes tried before a split."""
        for per_slide in range(min(len(slide.resources), MAX_CARDS), 0, -1):
            for qr_min in qr_sizes:
                plans = self._help_cards(slide, title, per_slide, qr_min)
                if plans is not None:
                    return plans
        # the card with the most to say is the one to shorten, where its text is written (resources.yaml)
        resource = self.view.resource(max(slide.resources, key=lambda rid: len(self._card(rid, True).summary)))
        key = "short_description" if resource.short_description else "description"
        band = self.view.band
        raise PlacedError(
            resource.positions.get(key) or resource.pos or slide.pos,
            f"the help resource '{resource.name}' does not fit on its card on a help slide at {band.slide_body_pt} pt, "
            f"the smallest text size for band {band.id} ({self.view.lang}); shorten its {key}",
        )

    def _smallest_beside(self, slide: HelpSlide, title: str, picture) -> list[SlidePlan]:
        """The column beside the picture at the band's smallest size ([] when a resource is too long for it)."""
        try:
            return replace(self, scale=1.0)._help_beside_picture(slide, title, picture)
        except KitgenError:
            return []

    def _help_cards(self, slide: HelpSlide, title: str, per_slide: int, qr_min: float | None) -> list[SlidePlan] | None:
        """The slide's resources ``per_slide`` to a slide (shared out evenly), the intro on the first; None if one misfits."""
        layout = self.geometry["content"]
        body = layout[1]
        emergency = self._emergency_lines(slide)
        count = -(-len(slide.resources) // per_slide)
        groups = [slide.resources[i * len(slide.resources) // count:(i + 1) * len(slide.resources) // count]
                  for i in range(count)]
        titles = _part_titles(title, count)
        plans = []
        for part, (heading, ids) in enumerate(zip(titles, groups), start=1):
            bodies, top = (), body.y
            intro = self._intro(slide, self.body_pt) if part == 1 else []
            if intro:
                block = self._text(body, intro)
                if not block.fits(self.metrics):
                    return None
                block = replace(block, box=replace(body, h=_emu_pt(block.height_needed(self.metrics)) + 1))
                bodies, top = ((1, block),), block.box.y + block.box.h + _emu_pt(CARD_GAP)
            area = Box(body.x, top, body.w, body.y + body.h - top)
            cards = [self._card(rid, rid in emergency) for rid in ids]
            alt = ", ".join(card.name for card in cards)
            laid = lay_out_cards(cards, area, self.body_pt, self.metrics, self.theme, qr_min,
                                 lambda url: self.view.labels("qr_alt", "QR code for {url}", url=url), alt)
            if laid is None:
                return None
            plans.append(SlidePlan("content", self._title(layout, heading), bodies, drawing=laid.texts,
                                   pictures=laid.codes, backdrops=laid.frames,
                                   notes=self._notes(slide, part, count), source=slide.pos))
        return plans

    def _card(self, resource_id: str, emergency: bool) -> Card:
        """A resource as its card on a help slide shows it."""
        labels, resource = self.view.labels, self.view.resource(resource_id)
        return Card(
            name=resource.name,
            url=resource.url,
            shown_url=resource.url and _bare_url(resource.url).removeprefix("www."),  # as a card has room for
            # the number unbroken, and kept with the word before it by a no-break space
            phone=resource.phone and labels("phone", "Phone") + " " + resource.phone.replace(" ", "\u00a0"),
            summary=resource.short_description or first_sentence(resource.description),
            emergency=labels("emergency", "In an emergency: call {phone}",
                             phone=f"\u00a0{resource.emergency_phone}").replace(" \u00a0", "\u00a0")
            if emergency and resource.emergency_phone else None,
        )

    def _help_beside_picture(self, slide: HelpSlide, title: str, picture) -> list[SlidePlan]:
        """The resources in a column beside the slide's picture (8–12), split over slides when they do not fit."""
        layout = self.geometry["content"]
        body = layout[1]
        side_w = _emu(PICTURE_MAX_IN[self.theme.name])
        text_box = replace(body, w=body.w - side_w - _emu(PICTURE_GAP_IN))
        side = Box(text_box.x + text_box.w + _emu(PICTURE_GAP_IN), body.y, side_w, body.h)
        emergency = self._emergency_lines(slide)
        groups = [self._resource_paras(rid, self.body_pt, text_box, rid in emergency) for rid in slide.resources]
        intro = self._intro(slide, self.body_pt)
        parts: list[list[Para]] = []
        pending = list(groups)
        while pending:
            taken = next((n for n in range(len(pending), 0, -1)
                          if self._text(text_box, [*intro, *(p for g in pending[:n] for p in g)]).fits(self.metrics)),
                         0)
            if taken == 0:
                raise self._too_long(slide.pos, f"the help resource '{pending[0][0].text}'", text_box)
            parts.append([*intro, *(p for g in pending[:taken] for p in g)])
            pending, intro = pending[taken:], []
        titles = _part_titles(title, len(parts))
        square = self._centred_square(side, _emu(PICTURE_MAX_IN["playful"]))
        return [
            SlidePlan("content", self._title(layout, t), ((1, self._text(text_box, paras, anchor="ctr")),),
                      pictures=(self._picture(picture, square),), notes=self._notes(slide, part, len(parts)),
                      source=slide.pos)
            for part, (t, paras) in enumerate(zip(titles, parts), start=1)
        ]
    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _intro(slide: HelpSlide, size: float) -> list[Para]:
        return [Para(slide.intro, size)] if slide.intro else []

    def _emergency_lines(self, slide: HelpSlide) -> set[str]:
        """The resources whose emergency number the slide shows: each number once, and not when a text says it."""
        shown, ids = set(), set()
        texts = " ".join([slide.intro or "", *(self.view.resource(rid).description for rid in slide.resources)])
        for rid in slide.resources:
            number = self.view.resource(rid).emergency_phone
            if number and number not in shown and number not in texts:
                shown.add(number)
                ids.add(rid)
        return ids

    def _resource_paras(self, resource_id: str, size: float, box: Box, emergency: bool = True) -> list[Para]:
        """Name, web address and phone, what it is for, and (with ``emergency``) its emergency number."""
        labels = self.view.labels
        resource = self.view.resource(resource_id)
        gap = size * 0.7
        # a non-breaking space keeps "Telefoon" with its number; the address and phone share a line only if it fits
        address = resource.url and _bare_url(resource.url)
        phone = resource.phone and labels("phone", "Phone") + f"\u00a0{resource.phone}"
        contact = [part for part in (address, phone) if part]
        one_line = [" · ".join(contact)] if contact else []
        if one_line and len(TextBlock(box, (Para(one_line[0], size, bold=True),)).lines(self.metrics)[0]) == 1:
            contact = one_line
        paras = [Para(resource.name, size, bold=True, colour=self.theme.heading, space_before=gap)]
        paras += [Para(part, size, bold=True, link=resource.url if address and address in part else None,
                       link_text=address if address and address in part else None) for part in contact]
        paras.append(Para(resource.description, size))
        if emergency and resource.emergency_phone:
            emergency_call = labels("emergency", "In an emergency: call {phone}", phone=resource.emergency_phone)
            paras.append(Para(emergency_call, size, bold=True))
        return paras

    def _split(self, paras: list[Para], box: Box, pos: Pos | None, what: str) -> list[list[Para]]:
        """``paras`` in as few chunks as fit ``box`` one after another; a paragraph is never cut."""
        chunks: list[list[Para]] = [[]]
        for para in paras:
            if self._text(box, [*chunks[-1], para]).fits(self.metrics):
                chunks[-1].append(para)
            elif chunks[-1] and self._text(box, [para]).fits(self.metrics):
                chunks.append([para])
            else:
                raise self._too_long(pos, f"{what} ('{_clip(para.text)}')", box, para.text, para.bold, para.bullet)
        return chunks

    def _fitting(self, box: Box, make, *larger: float) -> TextBlock | None:
        """The text ``make(size)`` at the first of ``larger`` sizes or the body size that fits ``box``, or None."""
        for size in (*larger, self.body_pt):
            block = self._text(box, make(size))
            if block.fits(self.metrics):
                return block
        return None

    def _too_long(self, pos: Pos | None, what: str, box: Box, text: str | None = None, bold: bool = False,
                  bullet: bool = False) -> PlacedError:
        """The designer's error for a text that does not fit ``box`` at the band's smallest size, at that text's line."""
        band = self.view.band
        where = self.view.source_of(text, pos) if text else pos
        over = self._overflow(box, Para(text, band.slide_body_pt, bold=bold, bullet=bullet)) if text else ""
        return PlacedError(
            where or self.view.lesson_id,
            f"{what} does not fit on one slide at {band.slide_body_pt} pt, the smallest text size for band "
            f"{band.id} ({self.view.lang}){over}; shorten it",
        )

    def _overflow(self, box: Box, para: Para, line_height: float = LINE_HEIGHT) -> str:
        """``: 2 lines too long, about 40 characters over`` for ``para`` alone in ``box``; "" when alone it fits."""
        block = TextBlock(box, (para,), line_height=line_height)
        needed = len(block.lines(self.metrics)[0])
        room = max(0, int((box.h_pt - 2 * block.inset_y) // (para.size * line_height) + 1e-9))
        if needed <= room:
            return ""
        over = needed - room
        characters = max(1, round(len(para.text) * over / needed))
        return f": {over} line{'s' if over != 1 else ''} too long, about {characters} characters over"

    def _require_fit(self, planned: SlidePlan) -> None:
        if not planned.title.fits(self.metrics):
            band, text = self.view.band, planned.title_text
            over = self._overflow(planned.title.box, Para(text, band.slide_title_pt, bold=True), TITLE_LINE_HEIGHT)
            raise PlacedError(
                self.view.source_of(text, planned.source) or self.view.lesson_id,
                f"the slide title '{text}' does not fit at {band.slide_title_pt} pt "
                f"(band {band.id}, {self.view.lang}){over}; shorten it",
            )
        for block in planned.text_blocks():
            if not block.fits(self.metrics):  # a bug in planning: every block was sized to fit
                raise AssertionError(f"planned text overflows on slide '{planned.title_text}': {block.paras[0].text[:40]!r}")

    def _title(self, layout: Mapping[int, Box], text: str, *larger: float) -> TextBlock:
        """The title at the first size that fits: ``larger`` ones, the deck's title size, down to the band's."""
        smaller = range(int(self.title_pt) - 2, self.view.band.slide_title_pt - 1, -2)
        for points in (*larger, self.title_pt, *smaller, self.view.band.slide_title_pt):
            block = TextBlock(layout[TITLE], (Para(text, points, bold=True),), line_height=TITLE_LINE_HEIGHT,
                              anchor="b")
            if block.fits(self.metrics):
                break
        return block

    @staticmethod
    def _text(box: Box, paras: list[Para], anchor: str = "t") -> TextBlock:
        return TextBlock(box, tuple(paras), anchor=anchor)

    def _chunks(self, make, box: Box, pos: Pos | None, what: str) -> list[list[Para]] | None:
        """The paragraphs at the largest size that fits ``box`` in one piece, else split; None if one is too long."""
        whole = self._fitting(box, make)
        if whole is not None:
            return [list(whole.paras)]
        try:
            return self._split(make(self.body_pt), box, pos, what)
        except KitgenError:
            return None

    def _fill_line(self) -> float:
        """How far down (points) a content slide's lowest text or picture must reach."""
        return self.geometry.slide.h_pt * FILL_SHARE

    def _beside_picture(self, body: Box) -> tuple[Box, Box]:
        """``body`` split in text on the left and a picture's square on the right, both vertically centred."""
        room = self.geometry.slide.w - _emu(0.5) - (body.x + body.w)
        side = _emu(PICTURE_MAX_IN[self.theme.name])
        if room >= side:  # the layout leaves room beside its body (the closing slide)
            column = Box(body.x + body.w + (room - side) // 2, body.y, side, body.h)
            return body, self._centred_square(column, side)
        column = Box(body.x + body.w - side, body.y, side, body.h)
        text = replace(body, w=body.w - side - _emu(PICTURE_GAP_IN))
        return text, self._centred_square(column, side)

    @staticmethod
    def _centred_square(area: Box, side: int) -> Box:
        side = min(side, area.w, area.h)
        return Box(area.x + (area.w - side) // 2, area.y + (area.h - side) // 2, side, side)

    def _picture(self, picture: Picture | str, box: Box) -> PicturePlan:
        """A lesson's picture or a catalogue id, as large as fits ``box`` in its own proportions, centred."""
        picture_id = picture if isinstance(picture, str) else picture.id
        if picture_id is not None:
            path = self.catalogue.path(picture_id)
            alt = self.catalogue.alt(picture_id, self.view.lang)
            decorative = self.catalogue[picture_id].decorative
            if not isinstance(picture, str):
                alt, decorative = picture.alt or alt, picture.decorative or decorative
        else:
            path = resolve_asset(picture.file, self.assets_dir)
            if path is None:
                raise KitgenError(f"{picture.pos}: picture '{picture.file}' is not a file inside the assets folder")
            alt, decorative = picture.alt or "", picture.decorative
        width, height = picture_size(path)
        scale = min(box.w / width, box.h / height)
        w, h = int(width * scale), int(height * scale)
        placed = Box(box.x + (box.w - w) // 2, box.y + (box.h - h) // 2, w, h)
        return PicturePlan(path, placed, "" if decorative else alt, decorative, picture_id)

    def _notes(self, slide, part: int = 1, parts: int = 1) -> str:
        minutes = self.view.labels("notes_minutes", "Time: {minutes} min", minutes=slide.minutes)
        if parts == 1:
            return f"{slide.notes}\n\n{minutes}"
        if part == 1:
            return f"({part}/{parts}) {slide.notes}\n\n{minutes}"
        return f"({part}/{parts}) {slide.notes}"


def plan_deck(view: LessonView, geometry: Geometry, metrics: FontMetrics, assets_dir: Path, theme: Theme,
              catalogue: PictureCatalogue, problems: list[Problem] | None = None) -> DeckPlan:
    """The deck of one kit in ``theme``'s look, with pictures from ``catalogue``.

    With ``problems``, every text that does not fit is added there instead of stopping at the first.
    """
    scale = next(s for s in SCALES if view.band.slide_body_pt * s <= MAX_BODY_PT or s == 1.0)
    return Planner(view, geometry, metrics, assets_dir, theme, catalogue, scale, scale).plan(problems)


def _numbered_titles(titles: list[str]) -> list[str]:
    """Titles used by more than one YAML slide get a number: "Quiz 1", "Quiz 2"."""
    counts, seen = Counter(titles), Counter()
    numbered = []
    for title in titles:
        seen[title] += 1
        numbered.append(f"{title} {seen[title]}" if counts[title] > 1 else title)
    return numbered


def _part_titles(title: str, parts: int) -> list[str]:
    return [title] if parts == 1 else [f"{title} ({part}/{parts})" for part in range(1, parts + 1)]


def _unique_titles(slides: list[SlidePlan]) -> list[SlidePlan]:
    """A last guard: a title that still repeats (say "Quiz 2" was also written by hand) gets a suffix."""
    seen: set[str] = set()
    unique = []
    for planned in slides:
        title, n = planned.title_text, 1
        while title in seen:
            n += 1
            title = f"{planned.title_text} ({n})"
        seen.add(title)
        if title != planned.title_text:
            para = replace(planned.title.paras[0], text=title)
            planned = replace(planned, title=replace(planned.title, paras=(para,)))
        unique.append(planned)
    return unique


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _bare_url(url: str) -> str:
    """A web address as people say it: without https:// and a trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.rstrip("/")


def _clip(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _emu(inches: float) -> int:
    return int(round(inches * 914400))


def _emu_pt(points: float) -> int:
    return int(round(points * EMU_PER_PT))
