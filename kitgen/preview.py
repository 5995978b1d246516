"""`kitgen preview`: an HTML contact sheet of every slide per kit, drawn from the deck plan (no LibreOffice)."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Iterable

from jinja2 import Environment

from kitgen.build import Selection
from kitgen.context import BuildContext
from kitgen.model import Catalog
from kitgen.view import make_view

_PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; background: #f4f4f4; color: #1f2933; }
ol { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
li { background: #fff; padding: .5rem; border: 1px solid #b8c4cf; }
img { width: 100%; height: auto; display: block; border: 1px solid #b8c4cf; }
</style></head>
<body><main>
<h1>{{ title }}</h1>
<p>{{ band }} · {{ lang }} · {{ slides|length }} slides</p>
<ol>
{% for slide in slides %}<li><img src="data:image/svg+xml;base64,{{ slide.data }}" alt="{{ slide.title }}">
<p>{{ loop.index }}. {{ slide.title }}{% if slide.notes %} <details><summary>Notes</summary><p>{{ slide.notes }}</p></details>{% endif %}</p></li>
{% endfor %}</ol>
</main></body></html>
"""


def contact_sheets(catalog: Catalog, selection: Selection, context: BuildContext) -> Iterable[tuple[str, str]]:
    """(file name, HTML) of one contact sheet per selected kit, every slide drawn as SVG."""
    from kitgen.renderers.deck.fit import load_metrics
    from kitgen.renderers.deck.slides import SlidesRenderer
    from kitgen.renderers.deck.svg import slide_svg
    from kitgen.renderers.deck.theme import theme_for

    selection.validate(catalog)
    renderer, metrics = SlidesRenderer(), load_metrics(context.fonts_dir)
    page = Environment(autoescape=True).from_string(_PAGE)
    lessons = {lesson.id: lesson for lesson in catalog.lessons}
    for lesson_id, band_id, lang in selection.jobs(catalog):
        if lang not in catalog.kit_languages:  # a letter language has no slides
            continue
        view = make_view(catalog, lessons[lesson_id], band_id, lang)
        plan = renderer.plan(view, context)
        size = renderer.template(context, theme_for(plan.theme)).geometry.slide
        slides = [
            {
                "title": planned.title_text,
                "notes": planned.notes,
                "data": base64.b64encode(slide_svg(planned, size, metrics, plan).encode("utf-8")).decode("ascii"),
            }
            for planned in plan.slides
        ]
        html = page.render(title=view.title, band=view.band.label, lang=lang, slides=slides)
        yield f"{lesson_id}-{band_id}-{lang}-slides.html", html


def write_contact_sheets(catalog: Catalog, selection: Selection, context: BuildContext, out_dir: Path) -> list[Path]:
    """Write the contact sheets into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in contact_sheets(catalog, selection, context):
        path = out_dir / name
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written
