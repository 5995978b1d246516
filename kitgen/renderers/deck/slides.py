"""The slide deck renderer: plan the deck from the lesson view, check it fits, write it on the layout file."""
from __future__ import annotations

from pathlib import Path

from kitgen.context import BuildContext
from kitgen.errors import Problem
from kitgen.renderers.deck.plan import DeckPlan
from kitgen.renderers.deck.fit import load_metrics
from kitgen.renderers.deck.planner import plan_deck
from kitgen.renderers.deck.template import SlideTemplate, load_template, template_path
from kitgen.pictures import load_pictures
from kitgen.renderers.deck.theme import CALM, Theme, theme_for
from kitgen.view import LessonView


class SlidesRenderer:
    """The editable 16:9 slide deck with speaker notes."""

    kind = "slides"
    suffix = ".pptx"

    def __init__(self) -> None:
        self._templates: dict[Path, SlideTemplate] = {}  # opened once per build, not once per kit

    def template(self, context: BuildContext, theme: Theme = CALM) -> SlideTemplate:
        """The theme's layout file, or the school's (which wins over every theme)."""
        path = template_path(context, theme.template)
        if path not in self._templates:
            self._templates[path] = load_template(path)
        return self._templates[path]

    def plan(self, view: LessonView, context: BuildContext, problems: list[Problem] | None = None) -> DeckPlan:
        """The deck plan of one kit, every text measured to fit (with ``problems``: every misfit collected there)."""
        metrics = load_metrics(context.fonts_dir)
        theme = theme_for(view.band.theme)
        catalogue = load_pictures(context.assets_dir)[0]
        geometry = self.template(context, theme).geometry
        return plan_deck(view, geometry, metrics, context.assets_dir, theme, catalogue, problems)

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        from kitgen.renderers.deck.pptxwriter import write_deck  # python-pptx: only to write (check plans too)

        plan = self.plan(view, context)
        return write_deck(plan, self.template(context, theme_for(plan.theme)), context)
