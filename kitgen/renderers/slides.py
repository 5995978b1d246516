"""The slide deck: a plain deck plan from the lesson view, then written as .pptx with python-pptx."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.util import Emu, Pt

from kitgen.context import BuildContext
from kitgen.model import HelpSlide, PointsSlide, QuizSlide, ScenarioSlide, TitleSlide
from kitgen.renderers.letter import resource_line
from kitgen.view import LessonView

SLIDE_WIDTH = Emu(12192000)  # 16:9, 13.333 in
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in


@dataclass(frozen=True)
class SlidePlan:
    """One slide as the deck will show it."""

    layout: str  # "title" or "content"
    title: str
    body: list[str] = field(default_factory=list)
    notes: str = ""


def _notes(view: LessonView, slide) -> str:
    return f"{slide.notes}\n\n{view.labels('notes_minutes', minutes=slide.minutes)}"


def plan_deck(view: LessonView) -> list[SlidePlan]:
    """The slides of one kit, in order."""
    labels = view.labels
    plans = []
    for slide in view.content.slides:
        notes = _notes(view, slide)
        if isinstance(slide, TitleSlide):
            plans.append(SlidePlan("title", slide.title, [slide.subtitle or view.band.label], notes))
        elif isinstance(slide, PointsSlide):
            plans.append(SlidePlan("content", slide.title, list(slide.points), notes))
        elif isinstance(slide, ScenarioSlide):
            if slide.chat is not None:
                body = [f"{m.sender}: {m.text}" for m in slide.chat.messages]
            else:
                request = slide.request
                body = [request.name, request.bio, *request.details]
            plans.append(SlidePlan("content", slide.title, [*body, slide.question], notes))
        elif isinstance(slide, QuizSlide):
            options = [f"{chr(65 + i)}. {option}" for i, option in enumerate(slide.options)]
            plans.append(SlidePlan("content", slide.title, [slide.question, *options], notes))
            answer = f"{chr(64 + slide.answer)}. {slide.options[slide.answer - 1]}"
            plans.append(
                SlidePlan("content", f"{slide.title} – {labels('quiz_answer')}", [answer, slide.explanation], notes)
            )
        elif isinstance(slide, HelpSlide):
            lines = [resource_line(view.resource(rid)) for rid in slide.resources]
            plans.append(SlidePlan("content", slide.title, [*([slide.intro] if slide.intro else []), *lines], notes))
    return plans


class SlidesRenderer:
    """The editable slide deck with speaker notes."""

    kind = "slides"
    suffix = ".pptx"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        deck = Presentation()
        deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        layouts = {"title": deck.slide_layouts[0], "content": deck.slide_layouts[1]}
        body_pt = Pt(view.band.slide_body_pt)
        for plan in plan_deck(view):
            slide = deck.slides.add_slide(layouts[plan.layout])
            slide.shapes.title.text = plan.title
            body = slide.placeholders[1].text_frame
            for i, line in enumerate(plan.body):
                paragraph = body.paragraphs[0] if i == 0 else body.add_paragraph()
                paragraph.text = line
                for run in paragraph.runs:
                    run.font.size = body_pt
            slide.notes_slide.notes_text_frame.text = plan.notes
        props = deck.core_properties
        props.title = view.title
        props.subject = view.band.label
        props.author = context.author
        props.last_modified_by = context.author
        props.language = view.language_tag
        props.created = props.modified = context.build_date.replace(tzinfo=None)
        props.revision = 1
        buffer = io.BytesIO()
        deck.save(buffer)
        return buffer.getvalue()
