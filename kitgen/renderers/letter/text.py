"""The parent letter for screens: plain UTF-8 text and e-mail-safe HTML, laid out by Jinja2 templates."""
from __future__ import annotations

import base64
import dataclasses
import io

from PIL import Image

from kitgen.context import BuildContext
from kitgen.renderers.letter.content import Letter, logo_source, make_letter
from kitgen.renderers.rtl import mark_latin_runs
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
        letter = make_letter(view, context)
        if letter.direction == "rtl":
            letter = _with_direction_marks(letter)
        text = render_template(env, "letter.txt.j2", letter=letter, width=TEXT_WIDTH)
        return text.encode("utf-8")


def _with_direction_marks(value):
    """A copy of the letter with direction marks in every string that mixes Arabic and Latin."""
    if isinstance(value, str):
        return mark_latin_runs(value)
    if isinstance(value, list):
        return [_with_direction_marks(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: _with_direction_marks(getattr(value, f.name)) for f in dataclasses.fields(value)
            if f.name not in ("lang_tag", "direction", "logo", "phone_link", "link")
        })
    return value


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
