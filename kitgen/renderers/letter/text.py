"""The parent letter for screens: plain UTF-8 text and e-mail-safe HTML, laid out by Jinja2 templates."""
from __future__ import annotations

import base64
import dataclasses
import io
from xml.sax.saxutils import escape

from markupsafe import Markup
from PIL import Image

from kitgen.context import BuildContext
from kitgen.i18n import Labels
from kitgen.renderers.letter.content import Letter, logo_source, make_letter
from kitgen.renderers.rtl import mark_latin_runs
from kitgen.templating import environment, render_template
from kitgen.view import LessonView

#: The logo in the HTML letter is scaled down to this height in pixels (shown at half, sharp on phones).
LOGO_PIXELS = 128
#: The height the logo is shown at, in CSS pixels.
LOGO_SHOWN = 64


class LetterText:
    """The letter as plain UTF-8 text for a parent app or e-mail: one line per paragraph, the reader wraps."""

    kind = "letter-text"
    suffix = ".txt"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        return letter_text(screen_letter(view, context), context, view.labels).encode("utf-8")


def screen_letter(view: LessonView, context: BuildContext) -> Letter:
    """The letter for screens (text, HTML, e-mail). Right to left, its Latin runs sit between direction marks,
    so a phone number in an Arabic sentence reads 020-261 52 75 and not 75 52 020-261."""
    letter = make_letter(view, context, screen=True)
    return _with_direction_marks(letter) if letter.direction == "rtl" else letter


def _with_direction_marks(value):
    """A copy of the letter with direction marks in every string that mixes Arabic and Latin."""
    if isinstance(value, str):
        return mark_latin_runs(value)
    if isinstance(value, list):
        return [_with_direction_marks(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: _with_direction_marks(getattr(value, f.name)) for f in dataclasses.fields(value)
            if f.name not in ("lang_tag", "direction", "logo", "phone_link", "link", "placeholders")
        })
    return value


class LetterHtml:
    """The letter as simple HTML for e-mail: inline styles, no scripts, nothing fetched from elsewhere."""

    kind = "letter-html"
    suffix = ".html"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        letter = screen_letter(view, context)
        logo = logo_png(letter, context)
        source = None if logo is None else "data:image/png;base64," + base64.b64encode(logo[0]).decode("ascii")
        return letter_html(letter, context, source, logo, view.labels).encode("utf-8")


def letter_text(letter: Letter, context: BuildContext, labels: Labels) -> str:
    """The letter as plain text, from the (possibly overridden) letter.txt.j2; ``labels``: the kit words."""
    env = context.once(("jinja", context.templates_dirs), lambda: environment(context.templates_dirs))
    # width: the line length older templates wrapped at; this one leaves wrapping to the reader's screen
    return render_template(env, "letter.txt.j2", letter=letter, labels=labels, width=72)


def letter_html(letter: Letter, context: BuildContext, logo_src: str | None,
                logo: tuple[bytes, int, int] | None, labels: Labels) -> str:
    """The letter as HTML, from the (possibly overridden) letter.html.j2; the logo shown from ``logo_src``.

    ``labels``: the kit words, which the template calls as ``labels("logo_alt", "School logo")``.
    """
    env = context.once(("jinja-html", context.templates_dirs), lambda: _html_environment(context))
    width = None if logo is None else round(logo[1] * LOGO_SHOWN / logo[2])
    return render_template(env, "letter.html.j2", letter=letter, labels=labels, logo=logo_src, logo_width=width,
                           logo_height=LOGO_SHOWN)


def _html_environment(context: BuildContext):
    env = environment(context.templates_dirs, autoescape=True)
    env.filters["marked"] = marked
    return env


def marked(text: str, placeholders) -> Markup:
    """``text`` escaped, each placeholder in it highlighted (``<mark>``) so the teacher sees what to replace."""
    out = escape(str(text))
    for word in placeholders:
        out = out.replace(escape(word), f'<mark style="background:#FFE58F;color:#1F2933;">{escape(word)}</mark>')
    return Markup(out)


def logo_png(letter: Letter, context: BuildContext) -> tuple[bytes, int, int] | None:
    """The logo as a small PNG for screens, with its pixel size (None without a logo)."""
    if letter.logo is None:
        return None

    def encode() -> tuple[bytes, int, int]:
        with Image.open(logo_source(letter.logo)) as image:
            image = image.convert("RGBA")
            image.thumbnail((LOGO_PIXELS * 4, LOGO_PIXELS))
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            return buffer.getvalue(), image.width, image.height

    return context.once(("logo-png", letter.logo), encode)
