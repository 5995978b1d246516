"""What the PDF renderers share: the embedded font, paragraph styles, escaping and the A4 document."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kitgen.context import BuildContext
from kitgen.glyphs import FONT_FILES

FONT = "KitSans"
FONT_BOLD = "KitSans-Bold"
INK = colors.HexColor("#1F2933")
ACCENT = colors.HexColor("#1F5F8B")
MUTED = colors.HexColor("#52606D")
MARGIN = 20 * mm
#: reportlab's frames keep this much padding inside the page margins.
FRAME_PADDING = 6


def text_width(left: float = MARGIN, right: float = MARGIN) -> float:
    """The width lines of text and tables really get on A4 between these margins."""
    return A4[0] - left - right - 2 * FRAME_PADDING


def register_fonts(fonts_dir: Path) -> None:
    """Register the project's TrueType font (embedded as a subset in every PDF)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = FONT_FILES
    pdfmetrics.registerFont(TTFont(FONT, str(fonts_dir / regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(fonts_dir / bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def styles(body_pt: float) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from one body size."""
    leading = body_pt * 1.35
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=body_pt, leading=leading, textColor=INK, spaceAfter=body_pt * 0.4,
        bulletFontName=FONT, bulletFontSize=body_pt,  # reportlab's default bullet is 10 pt Helvetica, not embedded
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=body_pt * 0.8, leading=body_pt * 1.05, textColor=MUTED),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=body_pt * 1.2, bulletIndent=body_pt * 0.2, spaceAfter=body_pt * 0.2),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=body_pt * 1.7, leading=body_pt * 2.1, textColor=ACCENT, spaceAfter=body_pt * 0.6),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=body_pt * 1.2, leading=body_pt * 1.6, textColor=ACCENT, spaceBefore=body_pt * 0.8, spaceAfter=body_pt * 0.3),
        "h3": ParagraphStyle("h3", parent=body, fontName=FONT_BOLD, spaceBefore=body_pt * 0.4, spaceAfter=body_pt * 0.2),
    }


#: What Paragraph.wrap (through breakLines) leaves on the paragraph, restored when a wrap is answered again.
_WRAP_STATE = ("width", "height", "_wrapWidths", "blPara", "_width_max", "_splitLongWordCount", "_hyphenations")


class KitParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    Tables, KeepTogether and the frame each wrap a paragraph at the same width before it is drawn;
    breaking the lines is the costliest part of laying out a sheet, and its result depends on the width only.
    """

    def wrap(self, availWidth, availHeight):
        cache = self.__dict__.setdefault("_wrapped", {})
        state = cache.get(availWidth)
        if state is None:
            size = super().wrap(availWidth, availHeight)
            cache[availWidth] = (size, {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__})
            return size
        size, attributes = state
        self.__dict__.update(attributes)
        return size

    def split(self, availWidth, availHeight):
        # splitting may retouch the fragments the cached line breaks were made from
        self.__dict__.pop("_wrapped", None)
        return super().split(availWidth, availHeight)


def markup(text: str, bold_prefix: str | None = None) -> str:
    """Lesson text as Paragraph markup: escaped, so text from YAML is never read as markup."""
    escaped = escape(text).replace("\n", "<br/>")
    return f"<b>{escape(bold_prefix)}</b> {escaped}" if bold_prefix else escaped


def para(text: str, style: ParagraphStyle, bold_prefix: str | None = None) -> Paragraph:
    """A paragraph of lesson text."""
    return KitParagraph(markup(text, bold_prefix), style)


def bullet(text: str, style: ParagraphStyle, mark: str = "•", bold_prefix: str | None = None) -> Paragraph:
    """A bulleted paragraph of lesson text."""
    return KitParagraph(markup(text, bold_prefix), style, bulletText=mark)


#: Draws on a finished page once the page count is known: ``footer(canvas, page, pages)``.
PageFooter = Callable[[Canvas, int, int], None]


def pdf_date(moment: dt.datetime) -> Callable[..., str]:
    """A reportlab date formatter that writes ``moment`` (the build date) instead of the clock."""
    stamp = moment.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_: stamp


def page_canvas(build_date: dt.datetime, footer: PageFooter | None):
    """A canvas class that dates the file ``build_date`` and, at save time, gives every page its footer."""

    class PageCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.setDateFormatter(pdf_date(build_date))
            self._pending_pages: list[dict] = []

        def showPage(self):
            if footer is None:
                return super().showPage()
            self._pending_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._pending_pages)
            for state in self._pending_pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, pages)
                super().showPage()
            super().save()

    return PageCanvas


def build_pdf(
    story: list,
    *,
    context: BuildContext,
    title: str,
    subject: str,
    lang_tag: str,
    on_page=None,
    page_footer: PageFooter | None = None,
    keywords: list[str] | None = None,
    margins: tuple[float, float, float, float] = (MARGIN, MARGIN, MARGIN, MARGIN),
) -> bytes:
    """Lay out ``story`` on A4 and return reproducible PDF bytes with metadata and language.

    ``margins`` are top, right, bottom, left; ``page_footer`` draws "page x of y" style footers.
    """
    top, right, bottom, left = margins
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        subject=subject,
        author=context.author,
        creator="kitgen",
        producer="kitgen",
        keywords=keywords or [],
        invariant=1,
        lang=lang_tag,
        displayDocTitle=True,
        initialFontName=FONT,  # else reportlab's default Helvetica lands in the file, not embedded
    )
    handler = on_page or (lambda canvas, doc: None)
    doc.build(
        story, onFirstPage=handler, onLaterPages=handler, canvasmaker=page_canvas(context.build_date, page_footer)
    )
    return buffer.getvalue()
