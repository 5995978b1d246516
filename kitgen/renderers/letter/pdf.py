"""The parent letter for print: an A4 PDF with letterhead, and a QR code beside every web address."""
from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from kitgen.context import BuildContext
from kitgen.renderers.letter.content import HelpEntry, Letter, Section, make_letter
from kitgen.languages import LATIN_FONT
from kitgen.renderers.pdfbase import FONT, FONT_BOLD, MARGIN, build_pdf, bullet, para, register_fonts, styles
from kitgen.renderers.letter.logo import printed_logo
from kitgen.renderers.letter.qr import qr_code
from kitgen.renderers.rtl import RtlParagraph, register_family
from kitgen.view import LessonView

#: The body size, then a slightly smaller one tried before the letter takes a second page.
BODY_SIZES = (10, 9.5)
LOGO_MAX_HEIGHT = 15 * mm
LOGO_MAX_WIDTH = 45 * mm
#: Big enough for a phone to read from paper at arm's length.
QR_SIZE = 17 * mm
#: Top, right, bottom, left: a letter can go closer to the top and bottom edges than a worksheet.
MARGINS = (15 * mm, MARGIN, 15 * mm, MARGIN)
#: The width of the text frame (SimpleDocTemplate's frame pads 6 pt on each side).
WIDTH = A4[0] - 2 * MARGIN - 12
RULE = HexColor("#9AA5B1")


#: How the letter's sections are set: two short ones side by side, longer ones across the page.
LAYOUT = (("what", "why"), ("meaning",), ("learns",), ("talk", "tips"), ("signs", "donts"), ("call",))

class LetterPdf:
    """The letter for print."""

    kind = "letter"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        letter = make_letter(view, context)
        # Lay out, then look: one page when it fits (at a slightly smaller size if need be); else the
        # help and the sign-off share page two, rather than leaving the greeting alone on a page.
        flowing = {}
        for body_pt in BODY_SIZES:
            flowing[body_pt] = _build(view, letter, context, body_pt=body_pt, help_on_new_page=False)
            if flowing[body_pt][1] == 1:
                return flowing[body_pt][0]
        for body_pt in BODY_SIZES:  # two full pages read better than a third one for the last few lines
            if flowing[body_pt][1] == 2:
                return flowing[body_pt][0]
        return _build(view, letter, context, body_pt=BODY_SIZES[0], help_on_new_page=True)[0]


class _PageCounter(Flowable):
    """An invisible flowable that remembers the page it lands on (put it last to count the pages)."""

    def __init__(self):
        super().__init__()
        self.page = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.page = self.canv.getPageNumber()


def _build(
    view: LessonView, letter: Letter, context: BuildContext, *, body_pt: float, help_on_new_page: bool
) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    st = _styles(body_pt, view, context)
    story = [
        _letterhead(letter, st, context),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2 * mm, spaceAfter=2 * mm),
        st.para(letter.subject, st["subject"]),
        st.para(letter.salutation, st["body"]),
        st.para(letter.intro, st["body"]),
    ]
    blocks = {section.key: _section(section, st) for section in letter.sections}
    for row in LAYOUT:
        present = [blocks.pop(key) for key in row if key in blocks]
        if len(present) == 2:
            story.append(_side_by_side(*present, st))
        elif present:
            story.append(KeepTogether(present[0]))
    story += [KeepTogether(block) for block in blocks.values()]  # a section the layout does not know yet
    if help_on_new_page:
        story.append(PageBreak())
    if letter.help:
        # The rows may go on to a second page, but the heading stays with the first row.
        first, *rest = _help_rows(letter.help, letter.phone_label, st, context)
        story.append(KeepTogether([_heading_with_hint(letter, st), first]))
        story += rest
    sign_off = [
        st.para(letter.closing, st["body"]),
        Spacer(1, 3 * mm),
        st.para(letter.sender, st["name"]),
        st.para(letter.sender_role, st["body"]),
    ]
    contact = [st.para(letter.questions, st["body"]), *(st.para(f"{line.label}: {line.value}", st["body"]) for line in letter.contact)]
    counter = _PageCounter()
    story += [_side_by_side(sign_off, contact, st), counter]
    pdf = build_pdf(
        story, context=context, title=letter.subject, subject=view.band.label, lang_tag=view.language_tag,
        margins=MARGINS,
    )
    return pdf, counter.page


class _Styles(dict):
    """The letter's paragraph styles, and how to set a paragraph or bullet point in its language."""

    def __init__(self, styles: dict[str, ParagraphStyle], rtl: bool):
        super().__init__(styles)
        self.rtl = rtl

    def para(self, text: str, style: ParagraphStyle):
        return RtlParagraph(text, style, FONT) if self.rtl else para(text, style)

    def bullet(self, text: str, style: ParagraphStyle):
        return RtlParagraph(text, style, FONT, bullet="•") if self.rtl else bullet(text, style)


def _styles(body_pt: float, view: LessonView, context: BuildContext) -> _Styles:
    st = _language_font(styles(body_pt), view, context)
    st["school"] = ParagraphStyle("school", parent=st["title"], fontSize=body_pt * 1.4, leading=body_pt * 1.8, spaceAfter=0)
    st["date"] = ParagraphStyle("date", parent=st["body"], alignment=TA_RIGHT, spaceAfter=0)
    st["subject"] = ParagraphStyle(
        "subject", parent=st["h2"], fontSize=body_pt * 1.3, spaceBefore=body_pt * 0.6, spaceAfter=body_pt * 0.7
    )
    st["name"] = ParagraphStyle("name", parent=st["h3"], spaceBefore=0, spaceAfter=0)
    st["help"] = ParagraphStyle("help", parent=st["small"], spaceAfter=body_pt * 0.15)
    st["hint"] = ParagraphStyle("hint", parent=st["small"], alignment=TA_RIGHT, spaceAfter=0)
    st["resource"] = ParagraphStyle("resource", parent=st["name"], fontSize=body_pt * 0.9, leading=body_pt * 1.15)
    return _Styles(st, view.rtl)


def _language_font(st: dict[str, ParagraphStyle], view: LessonView, context: BuildContext) -> dict[str, ParagraphStyle]:
    """The styles in the letter language's own font, when it is not the kit font."""
    family = view.language.font if view.language is not None else LATIN_FONT
    if family == LATIN_FONT:
        return st
    regular, bold = register_family(family, context.fonts_dir)
    for style in st.values():
        style.fontName = bold if style.fontName == FONT_BOLD else regular
    return st


def _heading_with_hint(letter: Letter, st) -> Table:
    """The help heading, with how to use the QR codes beside it in small type."""
    cells = [st.para(letter.help_heading, st["h2"]), st.para(letter.qr_hint, st["hint"])]
    return _table(cells, [WIDTH * 0.4, WIDTH * 0.6], valign="BOTTOM", top=st["h2"].spaceBefore, bottom=st["h2"].spaceAfter)


def _section(section: Section, st) -> list:
    block = [st.para(section.heading, st["h2"])]
    block += [st.para(p, st["body"]) for p in section.paragraphs]
    block += [st.bullet(b, st["bullet"]) for b in section.bullets]
    return block


def _side_by_side(left: list, right: list, st) -> Table:
    """Two short sections in two columns, to keep the letter on one page."""
    # A heading at the top of a cell loses its space before; the top padding gives it back.
    cells = [right, left] if st.rtl else [left, right]  # a right-to-left reader starts on the right
    return _table(cells, [WIDTH / 2, WIDTH / 2], top=st["h2"].spaceBefore, gutter=4 * mm)


def _letterhead(letter: Letter, st, context: BuildContext) -> Table:
    """Logo and school name on the left, the date of writing on the right."""
    cells = []
    widths = []
    if letter.logo is not None:
        logo = _logo(letter, context)
        cells.append(logo)
        widths.append(logo.drawWidth + 4 * mm)
    date_width = 45 * mm
    cells += [st.para(letter.school_line, st["school"]), st.para(letter.written_line, st["date"])]
    widths += [WIDTH - sum(widths) - date_width, date_width]
    return _table(cells, widths, valign="MIDDLE")


def _logo(letter: Letter, context: BuildContext) -> Image:
    data, width, height = context.once(
        ("logo-pdf", letter.logo), lambda: printed_logo(letter.logo, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
    )
    scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _help_rows(entries: list[HelpEntry], phone_label: str, st, context: BuildContext) -> list[Table]:
    """Help resources two to a row, each with its QR code beside its name, description and address."""
    column = WIDTH / 2
    cells = [_help_cell(entry, phone_label, column, st, context) for entry in entries]
    if len(cells) % 2:
        cells.append("")
    return [
        _table(cells[i:i + 2], [column, column], top=1 * mm, bottom=1 * mm, gutter=3 * mm)
        for i in range(0, len(cells), 2)
    ]


def _help_cell(entry: HelpEntry, phone_label: str, width: float, st, context: BuildContext) -> Table:
    small = st["help"]
    text = [st.para(entry.name, st["resource"]), st.para(entry.description, small)]
    if entry.url:
        text.append(st.para(entry.url, small))
    if entry.phone:
        text.append(st.para(f"{phone_label}: {entry.phone}", small))
    code = qr_code(entry.url, QR_SIZE, context) if entry.url else ""
    return _table([code, text], [QR_SIZE + 2 * mm, width - QR_SIZE - 5 * mm])


def _table(cells: list, widths: list[float], *, valign: str = "TOP", top: float = 0, bottom: float = 0,
           gutter: float = 0) -> Table:
    """One row of cells used for layout only: no lines, no padding but ``gutter`` between the cells."""
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else an empty cell sets reportlab's Helvetica, not embedded
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), gutter),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]))
    return table
