"""Does every slide text fit at its band's sizes? The deck planner's own measurements, for `kitgen check`."""
from __future__ import annotations

from kitgen.context import BuildContext
from kitgen.errors import Problem
from kitgen.model import Catalog
from kitgen.view import make_view


def fit_problems(catalog: Catalog, context: BuildContext) -> list[Problem]:
    """Every slide text of every kit that would not fit, once each, at the line where it is written."""
    from kitgen.renderers.deck.slides import SlidesRenderer  # plans without python-pptx or reportlab

    renderer = SlidesRenderer()
    problems: list[Problem] = []
    for lesson in catalog.lessons:
        for band in catalog.bands:
            for lang in catalog.kit_languages:
                renderer.plan(make_view(catalog, lesson, band.id, lang), context, problems)
    return sorted(set(problems))
