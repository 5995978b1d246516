"""The parent letter for screens: plain UTF-8 text and e-mail-safe HTML, laid out by Jinja2 templates."""
from __future__ import annotations

import base64
import io

from PIL import Image

from kitgen.context import BuildContext
from kitgen.renderers.letter.content import Letter, logo_source, make_letter
from kitgen.templating import environment, render_template
from kitgen.view import LessonView

#: Text lines are wrapped at this width (fits a phone screen and every e-mail client).
TEXT_WIDTH = 72
#: The logo in the HTML letter is scaled down to this height in pixels.
LOGO_PIXELS = 96


class LetterText:
    """The letter as plain UTF-8 text for a parent app or e-mail."""

    kind = "letter-text"
    suffix = ".txt"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        env = context.once(("jinja", context.templates_dirs), lambda: environment(context.templates_dirs))
        text = render_template(env, "letter.txt.j2", letter=make_letter(view, context), width=TEXT_WIDTH)
        return text.encode("utf-8")


class LetterHtml:
    """The letter as simple HTML for e-mail: inline styles, no scripts, nothing fetched from elsewhere."""

    kind = "letter-html"
    suffix = ".html"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        env = context.once(
            ("jinja-html", context.templates_dirs), lambda: environment(context.templates_dirs, autoescape=True)
        )
        letter = make_letter(view, context)
        html = render_template(env, "letter.html.j2", letter=letter, logo=_logo_data(letter, context))
        return html.encode("utf-8")


def _logo_data(letter: Letter, context: BuildContext) -> str | None:
    """The logo as a small PNG data: URL, so the e-mail needs nothing from elsewhere."""
    if letter.logo is None:
        return None

    def encode() -> str:
        with Image.open(logo_source(letter.logo)) as image:
            image = image.convert("RGBA")
            image.thumbnail((LOGO_PIXELS * 4, LOGO_PIXELS))
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

    return context.once(("logo-html", letter.logo), encode)
