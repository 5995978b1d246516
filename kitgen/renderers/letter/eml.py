"""The parent letter as a ready-to-send e-mail draft (.eml): plain text and HTML, the logo as an inline image."""
from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from kitgen.context import BuildContext
from kitgen.renderers.letter.text import letter_html, letter_text, logo_png, screen_letter
from kitgen.view import LessonView

#: The logo's Content-ID, which the HTML refers to as cid:…
LOGO_CID = "school-logo@kitgen"


class LetterEml:
    """The letter as an RFC 5322 message that Thunderbird and Outlook open as a draft to send.

    multipart/alternative: text/plain, then the HTML (with the logo, multipart/related: text/html + image/png).
    """

    kind = "letter-eml"
    suffix = ".eml"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        letter = screen_letter(view, context)
        logo = logo_png(letter, context)
        message = EmailMessage(policy=SMTP)
        message["Subject"] = letter.subject
        message["Date"] = format_datetime(context.build_date)
        if context.school is not None:
            message["From"] = f"{context.school.teacher} <{context.school.email}>"
        message["X-Unsent"] = "1"  # Outlook and Thunderbird open the message as a draft to send
        message.set_content(letter_text(letter, context, view.labels), subtype="plain", charset="utf-8",
                            cte="quoted-printable")
        html = letter_html(letter, context, None if logo is None else f"cid:{LOGO_CID}", logo, view.labels)
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
        if logo is not None:
            html_part = message.get_payload()[1]
            html_part.add_related(logo[0], maintype="image", subtype="png", cid=f"<{LOGO_CID}>",
                                  disposition="inline", filename="logo.png")
        message["Content-Language"] = letter.lang_tag  # after the content: setting it clears Content-* headers
        _fixed_boundaries(message)
        return message.as_bytes()


def _fixed_boundaries(message: EmailMessage) -> None:
    """Boundaries made from the parts' content, so the same letter is the same bytes every build."""
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            leaves = (str(leaf.get_payload()) for leaf in part.walk() if not leaf.is_multipart())
            digest = hashlib.sha256("".join(leaves).encode("utf-8")).hexdigest()[:24]
            part.set_boundary(f"=_kitgen_{number}_{digest}")
