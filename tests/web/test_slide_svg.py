"""The SVG slide preview drawn from the deck plan, and `kitgen preview`'s contact sheets."""
from __future__ import annotations

import base64
import io
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

sys.path.insert(0, str(Path(__file__).parent))
from webkit import PROJECT_ROOT  # noqa: E402

from kitgen.cli import main  # noqa: E402
from kitgen.context import BuildContext  # noqa: E402
from kitgen.loader import load_catalog  # noqa: E402
from kitgen.renderers.deck.fit import load_metrics  # noqa: E402
from kitgen.renderers.deck.slides import SlidesRenderer  # noqa: E402
from kitgen.renderers.deck.svg import slide_svg  # noqa: E402
from kitgen.renderers.deck.theme import theme_for  # noqa: E402
from kitgen.view import make_view  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("lesson_id, band, lang", [("grooming", "8-10", "nl"), ("sharing-photos", "14-16", "en")])
def test_every_slide_is_drawn_with_its_measured_lines(lesson_id, band, lang):
    context = BuildContext()
    catalog = load_catalog(PROJECT_ROOT / "lessons", context.assets_dir)
    view = make_view(catalog, next(l for l in catalog.lessons if l.id == lesson_id), band, lang)
    renderer, metrics = SlidesRenderer(), load_metrics(context.fonts_dir)
    plan = renderer.plan(view, context)
    size = renderer.template(context, theme_for(plan.theme)).geometry.slide
    deck = Presentation(io.BytesIO(renderer.render(view, context)))
    assert len(plan.slides) == len(deck.slides)
    for planned in plan.slides:
        root = ET.fromstring(slide_svg(planned, size, metrics, plan))
        assert root.get("viewBox") == f"0 0 {size.w_pt:g} {size.h_pt:g}"
        assert root.find(f"{SVG}title").text == planned.title_text
        drawn = [t.text for t in root.iter(f"{SVG}text")]
        for block in planned.text_blocks():
            for lines in block.lines(metrics):
                for line in lines:
                    if line:
                        assert line in drawn, (planned.title_text, line)
        images = [i.get("href") for i in root.iter(f"{SVG}image")]
        assert len(images) == len(planned.pictures)
        assert all(href.startswith("data:image/") for href in images)  # nothing fetched from elsewhere


def test_preview_command_writes_a_contact_sheet_per_kit(tmp_path):
    out = tmp_path / "sheets"
    result = CliRunner().invoke(main, ["preview", "--lessons", str(PROJECT_ROOT / "lessons"), "--lesson", "grooming",
                                       "--band", "10-12", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheets = sorted(p.name for p in out.iterdir())
    assert sheets == ["grooming-10-12-en-slides.html", "grooming-10-12-nl-slides.html"]
    html = (out / sheets[1]).read_text(encoding="utf-8")
    svgs = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert svgs and all(ET.fromstring(base64.b64decode(s)).tag == f"{SVG}svg" for s in svgs)
    assert '<html lang="nl">' in html


def test_preview_refuses_an_unknown_lesson(tmp_path):
    result = CliRunner().invoke(main, ["preview", "--lessons", str(PROJECT_ROOT / "lessons"), "--lesson", "nope",
                                       "--out", str(tmp_path)])
    assert result.exit_code != 0 and "nope" in result.output and "Traceback" not in result.output
