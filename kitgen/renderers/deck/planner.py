"""From a lesson view to a deck plan: one or more planned slides per YAML slide, split when text is long."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from kitgen.checks import resolve_asset
from kitgen.errors import KitgenError, Pos
from kitgen.model import HelpSlide, Picture, PointsSlide, QuizSlide, ScenarioSlide, TitleSlide
from kitgen.renderers.deck import style
from kitgen.renderers.deck.plan import TITLE, Box, DeckPlan, Para, PicturePlan, SlidePlan, TextBlock
from kitgen.renderers.deck.scene import chat_drawings, request_drawing
from kitgen.renderers.deck.fit import TITLE_LINE_HEIGHT, FontMetrics
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


@dataclass(frozen=True)
class Planner:
    """Plans one kit's deck; sizes come from the band, boxes from the template's layouts."""

    view: LessonView
    geometry: Geometry
    metrics: FontMetrics
    assets_dir: Path
    scale: float = 1.0  # body text, times the band's minimum
    deck_scale: float = 1.0  # the deck's own: titles, and text beside a drawing

    @property
    def body_pt(self) -> float:
        return round(self.view.band.slide_body_pt * self.scale)

    @property
    def title_pt(self) -> float:
        band = self.view.band.slide_title_pt
        return max(band, min(round(band * self.deck_scale), MAX_TITLE_PT))

    # --- the deck -----------------------------------------------------------------------------

    def plan(self) -> DeckPlan:
        titles = _numbered_titles([slide.title for slide in self.view.content.slides])
        slides: list[SlidePlan] = []
        rules_at = 0  # right after the title slide; first of all when a deck has none
        for slide, title in zip(self.view.content.slides, titles):
            slides += self._largest(slide, title)
            if isinstance(slide, TitleSlide) and not rules_at:
                rules_at = len(slides)
        if self.view.content.safeguarding.ground_rules:
            slides[rules_at:rules_at] = self._largest(GROUND_RULES, self.view.labels("ground_rules_slide"))
        slides = _unique_titles(slides)
        for planned in slides:
            self._require_fit(planned)
        view = self.view
        return DeckPlan(
            title=view.title,
            subject=f"{view.title} – {view.band.label}",
            language=view.language_tag,
            keywords=f"kitgen; {view.lesson_id}; {view.band.id}",
            slides=tuple(slides),
        )

    def _largest(self, slide, title: str) -> list[SlidePlan]:
        """The slide at the largest scale up to ours that splits it no more than the band's minimum does."""
        smallest = replace(self, scale=1.0).plan_slide(slide, title)  # its errors are the designer's to fix
        for scale in (s for s in SCALES if 1.0 < s <= self.scale):
            try:
                parts = replace(self, scale=scale).plan_slide(slide, title)
            except KitgenError:
                continue
            if len(parts) == len(smallest):
                return parts
        return smallest

    def plan_slide(self, slide, title: str) -> list[SlidePlan]:
        if slide is GROUND_RULES:
            return self.ground_rules(title)
        if isinstance(slide, TitleSlide):
            return [self.opening(slide, title)]
        if isinstance(slide, PointsSlide):
            return self.points(slide, title)
        if isinstance(slide, ScenarioSlide):
            return self.scenario(slide, title)
        if isinstance(slide, QuizSlide):
            return self.quiz(slide, title)
        if isinstance(slide, HelpSlide):
            return self.help(slide, title)
        raise TypeError(f"no slide plan for {type(slide).__name__}")  # a bug: the model grew a kind

    # --- kinds --------------------------------------------------------------------------------

    def opening(self, slide: TitleSlide, title: str) -> SlidePlan:
        layout = self.geometry["title"]
        title_block = self._title(layout, title, round(self.title_pt * OPENING_TITLE_SCALE))
        lines = [slide.subtitle, self.view.band.label] if slide.subtitle else [self.view.band.label]
        subtitle = self._fitting(layout[1], lambda size: [Para(line, size) for line in lines])
        if subtitle is None:
            raise self._too_long(slide.pos, "the subtitle", layout[1])
        pictures = ()
        if slide.picture is not None:  # right of the title and subtitle
            heading, sub, margin = layout[TITLE], layout[1], _emu(0.4)
            left = max(heading.x + heading.w, sub.x + sub.w) + margin
            area = Box(left, heading.y, self.geometry.slide.w - left - margin, sub.y + sub.h - heading.y)
            pictures = (self._picture(slide.picture, area),)
        return SlidePlan("title", title_block, ((1, subtitle),), pictures=pictures,
                         notes=self._notes(slide), source=slide.pos, plain=bool(pictures))

    def points(self, slide: PointsSlide, title: str) -> list[SlidePlan]:
        name = "picture-text" if slide.picture is not None else POINTS_LAYOUT.get(slide.kind, "content")
        layout = self.geometry[name]

        def make(size: float) -> list[Para]:
            return [Para(point, size, bullet=True, space_before=size * 0.5) for point in slide.points]

        pictures = (self._picture(slide.picture, layout[2]),) if slide.picture is not None else ()
        whole = self._fitting(layout[1], make)
        parts = [list(whole.paras)] if whole else self._split(make(self.body_pt), layout[1], slide.pos, "a point")
        return [
            SlidePlan(name, self._title(layout, t), ((1, self._text(layout[1], chunk)),) if chunk else (),
                      pictures=pictures, notes=self._notes(slide, part, len(parts)), source=slide.pos)
            for part, (t, chunk) in enumerate(zip(_part_titles(title, len(parts)), parts), start=1)
        ]

    def ground_rules(self, title: str) -> list[SlidePlan]:
        """The class's ground rules from the lesson's safeguarding, agreed before the lesson starts."""
        safeguarding = self.view.content.safeguarding
        layout = self.geometry["content"]

        def make(size: float) -> list[Para]:
            return [Para(rule, size, bullet=True, space_before=size * 0.5) for rule in safeguarding.ground_rules]

        whole = self._fitting(layout[1], make)
        where = safeguarding.positions.get("ground_rules", safeguarding.pos)
        parts = [list(whole.paras)] if whole else self._split(make(self.body_pt), layout[1], where, "a ground rule")
        notes = self.view.labels("ground_rules_notes")
        return [
            SlidePlan("content", self._title(layout, t), ((1, self._text(layout[1], chunk)),), source=where,
                      notes=notes if len(parts) == 1 else f"({part}/{len(parts)}) {notes}")
            for part, (t, chunk) in enumerate(zip(_part_titles(title, len(parts)), parts), start=1)
        ]

    def scenario(self, slide: ScenarioSlide, title: str) -> list[SlidePlan]:
        layout = self.geometry["picture-text"]
        deck_pt = round(self.view.band.slide_body_pt * self.deck_scale)
        question = self._fitting(layout[1], lambda size: [Para(slide.question, size, bold=True)], deck_pt)
        if question is None:
            raise self._too_long(slide.pos, "the question", layout[1])
        if slide.chat is not None:
            drawings = chat_drawings(slide.chat, layout[2], self.body_pt, self.metrics, self.view.labels)
        else:
            # a larger size is no reason to leave out the buttons; only the smallest size may
            drawings = [request_drawing(slide.request, layout[2], self.body_pt, self.metrics, self.view.labels,
                                        may_drop_buttons=self.scale == 1.0)]
        titles = _part_titles(title, len(drawings))
        return [
            SlidePlan("picture-text", self._title(layout, t), ((1, question),), drawing=drawing,
                      notes=self._notes(slide, part, len(drawings)), source=slide.pos)
            for part, (t, drawing) in enumerate(zip(titles, drawings), start=1)
        ]

    def quiz(self, slide: QuizSlide, title: str) -> list[SlidePlan]:
        labels = self.view.labels
        layout = self.geometry["question"]
        question = self._fitting(layout[1], lambda size: [
            Para(slide.question, size, bold=True),
            *(Para(f"{_letter(i)}. {option}", size, space_before=size * 0.5) for i, option in enumerate(slide.options)),
        ])
        if question is None:
            raise self._too_long(slide.pos, "the quiz question with its options", layout[1])
        right = f"{_letter(slide.answer - 1)}. {slide.options[slide.answer - 1]}"
        answer_layout = self.geometry["content"]
        answer = self._fitting(answer_layout[1], lambda size: [
            Para(right, size, bold=True, colour=style.TEAL),
            Para(slide.explanation, size, space_before=size),
        ])
        if answer is None:
            raise self._too_long(slide.pos, "the quiz answer with its explanation", answer_layout[1])
        answer_note = f"{labels('answer')}: {right}"
        return [
            SlidePlan("question", self._title(layout, title), ((1, question),),
                      notes=f"{self._notes(slide)}\n\n{answer_note}", source=slide.pos),
            SlidePlan("content", self._title(answer_layout, f"{title} – {labels('quiz_answer')}"),
                      ((1, answer),), notes=f"{slide.explanation}\n\n{answer_note}", source=slide.pos),
        ]

    def help(self, slide: HelpSlide, title: str) -> list[SlidePlan]:
        """Resources as name, address and phone, and what they are for; two columns when one is too full."""
        single = self.geometry["content"]
        block = self._fitting(single[1], lambda size: [
            *self._intro(slide, size),
            *(p for rid in slide.resources for p in self._resource_paras(rid, size, single[1])),
        ])
        if block is not None:
            return [SlidePlan("content", self._title(single, title), ((1, block),),
                              notes=self._notes(slide), source=slide.pos)]
        columns = self.geometry["two-column"]
        groups = [self._resource_paras(rid, self.body_pt, columns[1]) for rid in slide.resources]
        intro = self._intro(slide, self.body_pt)
        plans: list[tuple[list[Para], list[Para]]] = []
        pending = list(groups)
        while pending:
            taken, columns_text = next(
                ((n, split) for n in range(len(pending), 0, -1)
                 if (split := self._balanced(intro, pending[:n], columns)) is not None),
                (0, None),
            )
            if columns_text is None:
                raise self._too_long(slide.pos, f"the help resource '{pending[0][0].text}'", columns[1])
            plans.append(columns_text)
            pending, intro = pending[taken:], []
        titles = _part_titles(title, len(plans))
        return [
            SlidePlan("two-column", self._title(columns, t),
                      tuple((idx, self._text(columns[idx], paras)) for idx, paras in ((1, left), (2, right)) if paras),
                      notes=self._notes(slide, part, len(plans)), source=slide.pos)
            for part, (t, (left, right)) in enumerate(zip(titles, plans), start=1)
        ]

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _intro(slide: HelpSlide, size: float) -> list[Para]:
        return [Para(slide.intro, size)] if slide.intro else []

    def _resource_paras(self, resource_id: str, size: float, box: Box) -> list[Para]:
        """Name, web address and phone, what it is for, and the emergency number when there is one."""
        labels = self.view.labels
        resource = self.view.resource(resource_id)
        gap = size * 0.7
        # a non-breaking space keeps "Telefoon" with its number; the address and phone share a line only if it fits
        contact = [part for part in (resource.url and _bare_url(resource.url),
                                     resource.phone and f"{labels('phone')}\u00a0{resource.phone}") if part]
        one_line = [" · ".join(contact)] if contact else []
        if one_line and len(TextBlock(box, (Para(one_line[0], size, bold=True),)).lines(self.metrics)[0]) == 1:
            contact = one_line
        paras = [Para(resource.name, size, bold=True, colour=style.NAVY, space_before=gap)]
        paras += [Para(part, size, bold=True) for part in contact]
        paras.append(Para(resource.description, size))
        if resource.emergency_phone:
            paras.append(Para(labels("emergency", phone=resource.emergency_phone), size, bold=True))
        return paras

    def _balanced(self, intro: list[Para], groups: list[list[Para]], columns: Mapping[int, Box]):
        """``intro`` and ``groups`` over two columns with the shorter longest column, or None if they do not fit."""
        best = None
        for cut in range(0 if intro else 1, len(groups) + 1):
            left = self._text(columns[1], [*intro, *(p for g in groups[:cut] for p in g)])
            right = self._text(columns[2], [p for g in groups[cut:] for p in g])
            if left.fits(self.metrics) and right.fits(self.metrics):
                tallest = max(left.height_needed(self.metrics), right.height_needed(self.metrics))
                if best is None or tallest < best[0]:
                    best = (tallest, (list(left.paras), list(right.paras)))
        return best[1] if best else None

    def _split(self, paras: list[Para], box: Box, pos: Pos | None, what: str) -> list[list[Para]]:
        """``paras`` in as few chunks as fit ``box`` one after another; a paragraph is never cut."""
        chunks: list[list[Para]] = [[]]
        for para in paras:
            if self._text(box, [*chunks[-1], para]).fits(self.metrics):
                chunks[-1].append(para)
            elif chunks[-1] and self._text(box, [para]).fits(self.metrics):
                chunks.append([para])
            else:
                raise self._too_long(pos, f"{what} ('{_clip(para.text)}')", box)
        return chunks

    def _fitting(self, box: Box, make, *larger: float) -> TextBlock | None:
        """The text ``make(size)`` at the first of ``larger`` sizes or the body size that fits ``box``, or None."""
        for size in (*larger, self.body_pt):
            block = self._text(box, make(size))
            if block.fits(self.metrics):
                return block
        return None

    def _too_long(self, pos: Pos | None, what: str, box: Box) -> KitgenError:
        band = self.view.band
        return KitgenError(
            f"{pos or self.view.lesson_id}: {what} does not fit on one slide at {band.slide_body_pt} pt, "
            f"the smallest text size for band {band.id} ({self.view.lang}); shorten it"
        )

    def _require_fit(self, planned: SlidePlan) -> None:
        if not planned.title.fits(self.metrics):
            raise KitgenError(
                f"{planned.source or self.view.lesson_id}: the slide title '{planned.title_text}' does not fit "
                f"at {self.view.band.slide_title_pt} pt (band {self.view.band.id}, {self.view.lang}); shorten it"
            )
        for block in planned.text_blocks():
            if not block.fits(self.metrics):  # a bug in planning: every block was sized to fit
                raise AssertionError(f"planned text overflows on slide '{planned.title_text}'")

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
    def _text(box: Box, paras: list[Para]) -> TextBlock:
        return TextBlock(box, tuple(paras))

    def _picture(self, picture: Picture, box: Box) -> PicturePlan:
        path = resolve_asset(picture.file, self.assets_dir)
        if path is None:
            raise KitgenError(f"{picture.pos}: picture '{picture.file}' is not a file inside the assets folder")
        return PicturePlan(path, box, picture.alt or "", picture.decorative)

    def _notes(self, slide, part: int = 1, parts: int = 1) -> str:
        minutes = self.view.labels("notes_minutes", minutes=slide.minutes)
        if parts == 1:
            return f"{slide.notes}\n\n{minutes}"
        if part == 1:
            return f"({part}/{parts}) {slide.notes}\n\n{minutes}"
        return f"({part}/{parts}) {slide.notes}"


def plan_deck(view: LessonView, geometry: Geometry, metrics: FontMetrics, assets_dir: Path) -> DeckPlan:
    """The deck of one kit."""
    scale = next(s for s in SCALES if view.band.slide_body_pt * s <= MAX_BODY_PT or s == 1.0)
    return Planner(view, geometry, metrics, assets_dir, scale, scale).plan()


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
