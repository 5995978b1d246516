"""What the PDF renderers share: the embedded font, paragraph styles, escaping and the A4 document."""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kitgen.context import BuildContext

FONT = "KitSans"
FONT_BOLD = "KitSans-Bold"
INK = colors.HexColor("#1F2933")
ACCENT = colors.HexColor("#1F5F8B")
MUTED = colors.HexColor("#52606D")
MARGIN = 20 * mm


def register_fonts(fonts_dir: Path) -> None:
    """Register the project's TrueType font (embedded as a subset in every PDF)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(fonts_dir / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts_dir / "LiberationSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def styles(body_pt: float) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from one body size."""
    leading = body_pt * 1.35
    body = ParagraphStyle("body", fontName=FONT, fontSize=body_pt, leading=leading, textColor=INK, spaceAfter=body_pt * 0.4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=body_pt * 0.8, leading=body_pt * 1.05, textColor=MUTED),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=body_pt * 1.2, bulletIndent=body_pt * 0.2, spaceAfter=body_pt * 0.2),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=body_pt * 1.7, leading=body_pt * 2.1, textColor=ACCENT, spaceAfter=body_pt * 0.6),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=body_pt * 1.2, leading=body_pt * 1.6, textColor=ACCENT, spaceBefore=body_pt * 0.8, spaceAfter=body_pt * 0.3),
        "h3": ParagraphStyle("h3", parent=body, fontName=FONT_BOLD, spaceBefore=body_pt * 0.4, spaceAfter=body_pt * 0.2),
    }


def markup(text: str, bold_prefix: str | None = None) -> str:
    """Lesson text as Paragraph markup: escaped, so text from YAML is never read as markup."""
    escaped = escape(text).replace("\n", "<br/>")
    return f"<b>{escape(bold_prefix)}</b> {escaped}" if bold_prefix else escaped


def para(text: str, style: ParagraphStyle, bold_prefix: str | None = None) -> Paragraph:
    """A paragraph of lesson text."""
    return Paragraph(markup(text, bold_prefix), style)


def bullet(text: str, style: ParagraphStyle, mark: str = "•", bold_prefix: str | None = None) -> Paragraph:
    """A bulleted paragraph of lesson text."""
    return Paragraph(markup(text, bold_prefix), style, bulletText=mark)


def build_pdf(story: list, *, context: BuildContext, title: str, subject: str, lang_tag: str, on_page=None) -> bytes:
    """Lay out ``story`` on A4 and return reproducible PDF bytes with metadata and language."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author=context.author,
        creator="kitgen",
        producer="kitgen",
        invariant=1,
        lang=lang_tag,
    )
    handler = on_page or (lambda canvas, doc: None)
    doc.build(story, onFirstPage=handler, onLaterPages=handler)
    return buffer.getvalue()
