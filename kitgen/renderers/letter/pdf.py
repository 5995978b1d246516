"""The parent letter for print: an A4 PDF with letterhead, and a QR code beside every web address."""
from __future__ import annotations

import html
import io
import re
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from kitgen.context import BuildContext
from kitgen.languages import LATIN_FONT
from kitgen.renderers.letter.content import ContactLine, HelpEntry, Letter, Section, make_letter, tel_link
from kitgen.renderers.pdfbase import (
    FONT, FONT_BOLD, INK, MUTED, KitParagraph, build_pdf, bullet, markup, para, register_fonts, styles,
)
from kitgen.renderers.letter.logo import printed_logo
from kitgen.renderers.letter.qr import qr_code
from kitgen.renderers.rtl import RtlParagraph, register_family
from kitgen.view import LessonView

#: The body size: a parent with little reading practice reads 11 pt at 1.45 leading comfortably.
BODY_PT = 11
LEADING = 1.4
#: The smallest type in the letter (help descriptions, QR hint).
CAPTION_PT = 9
LOGO_MAX_HEIGHT = 18 * mm
LOGO_MAX_WIDTH = 50 * mm
LINK = HexColor("#1F5F8B")
#: Big enough for a phone to read from paper at arm's length.
QR_SIZE = 17 * mm
#: Top, right, bottom, left: a letter can go closer to the top and bottom edges than a worksheet.
MARGINS = (13 * mm, 17 * mm, 13 * mm, 17 * mm)
#: The width of the text frame (SimpleDocTemplate's frame pads 6 pt on each side).
WIDTH = A4[0] - MARGINS[1] - MARGINS[3] - 12
RULE = HexColor("#9AA5B1")


#: How the letter's sections are set: across the page, but two short lists side by side.
LAYOUT = (("what",), ("why",), ("meaning",), ("learns",), ("talk",), ("tips",), ("signs", "donts"), ("call",))

#: A web address, an e-mail address or a phone number as Dutch and British letters write them
#: ("0800-0432", "020-261 52 75", "030 123 45 67", "112"), found in escaped paragraph text.
LINKABLE = re.compile(
    r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>(?<![\w/.-])(?:112|0\d{2,3}[- ]?\d{2,4}(?:[ -]?\d{2,4}){0,3}|\+\d{2}[\d ]{8,14}\d)(?![\w/-]))"
)

class LetterPdf:
    """The letter for print."""

    kind = "letter"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        letter = make_letter(view, context)
        # Lay out, then look: one or two pages as the words need; if the last lines spill onto a third
        # page, the help and the sign-off start page two together instead.
        pdf, pages = _build(view, letter, context, body_pt=BODY_PT, help_on_new_page=False)
        if pages <= 2:
            return pdf
        pdf, pages = _build(view, letter, context, body_pt=BODY_PT, help_on_new_page=True)
        return pdf


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
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=3 * mm, spaceAfter=3 * mm),
        st.para(letter.written_line, st["body"]),
        st.para(letter.subject, st["subject"]),
        st.para(letter.salutation, st["body"]),
        st.linked(letter.intro, st["body"]),
    ]
    blocks = {section.key: _section(section, st) for section in letter.sections}
    for row in LAYOUT:
        present = [blocks.pop(key) for key in row if key in blocks]
        if len(present) == 2:
            story.append(_side_by_side(*present, st))
        elif present:
            story += _kept_start(present[0])
    for block in blocks.values():  # a section the layout does not know yet
        story += _kept_start(block)
    if help_on_new_page:
        story.append(PageBreak())
    if letter.help:
        # The rows may go on to a second page, but the heading stays with the first row.
        first, *rest = _help_rows(letter.help, letter.phone_label, st, context)
        story.append(KeepTogether([_heading_with_hint(letter, st), first]))
        story += rest
    contact = [st.linked(letter.questions, st["body"])]
    contact += [st.contact(line, st["body"]) for line in letter.contact]
    sign_off = [
        st.para(letter.closing, st["body"]),
        Spacer(1, 3 * mm),
        st.para(letter.sender, st["name"]),
        st.para(letter.sender_role, st["body"]),
    ]
    # how to reach the teacher beside the greeting and name, as on a printed school letter's last lines
    cells = [sign_off, contact] if st.rtl else [contact, sign_off]
    story += [Spacer(1, 3 * mm), _table(cells, [WIDTH * 0.55, WIDTH * 0.45][::-1 if st.rtl else 1], gutter=5 * mm)]
    counter = _PageCounter()
    story.append(counter)
    pdf = build_pdf(
        story, context=context, title=letter.subject, subject=view.band.label, lang_tag=view.language_tag,
        margins=MARGINS,
    )
    return pdf, counter.page


class _Styles(dict):
    """The letter's paragraph styles, and how to set a paragraph, bullet point or linked text in its language."""

    def __init__(self, styles: dict[str, ParagraphStyle], rtl: bool):
        super().__init__(styles)
        self.rtl = rtl

    def para(self, text: str, style: ParagraphStyle):
        return RtlParagraph(text, style, FONT) if self.rtl else para(text, style)

    def bullet(self, text: str, style: ParagraphStyle):
        return RtlParagraph(text, style, FONT, bullet="•") if self.rtl else bullet(text, style)

    def linked(self, text: str, style: ParagraphStyle, mark: str | None = None):
        """Text whose web addresses, e-mail addresses and phone numbers are links (right to left: plain)."""
        if self.rtl:
            return RtlParagraph(text, style, FONT, bullet=mark) if mark else RtlParagraph(text, style, FONT)
        return linked(text, style, mark)

    def contact(self, line: ContactLine, style: ParagraphStyle):
        """"E-mail: …" with its mailto: or tel: link (a blank to fill in has none)."""
        if self.rtl or not line.link:
            return self.para(f"{line.label}: {line.value}", style)
        return KitParagraph(f"{escape(line.label)}: {_link_markup(line.value, line.link)}", style)


def _styles(body_pt: float, view: LessonView, context: BuildContext) -> _Styles:
    st = _language_font(styles(body_pt), view, context)
    leading = body_pt * LEADING
    for name in ("body", "bullet"):
        st[name] = ParagraphStyle(name, parent=st[name], leading=leading)
    st["school"] = ParagraphStyle("school", parent=st["title"], fontSize=body_pt * 1.45, leading=body_pt * 1.8,
                                  spaceAfter=body_pt * 0.2, alignment=TA_RIGHT)
    st["school_detail"] = ParagraphStyle("school_detail", parent=st["body"], fontSize=CAPTION_PT + 0.5,
                                         leading=(CAPTION_PT + 0.5) * 1.4, textColor=MUTED, alignment=TA_RIGHT,
                                         spaceAfter=0)
    st["subject"] = ParagraphStyle(
        "subject", parent=st["h2"], fontSize=body_pt * 1.3, leading=body_pt * 1.7, spaceBefore=body_pt * 0.6,
        spaceAfter=body_pt * 0.7,
    )
    st["name"] = ParagraphStyle("name", parent=st["h3"], spaceBefore=0, spaceAfter=0)
    caption = dict(fontSize=CAPTION_PT, leading=CAPTION_PT * 1.35, textColor=INK)
    st["help"] = ParagraphStyle("help", parent=st["small"], spaceAfter=body_pt * 0.15, **caption)
    st["hint"] = ParagraphStyle("hint", parent=st["small"], alignment=TA_RIGHT, spaceAfter=0,
                                **(caption | {"textColor": MUTED}))
    st["resource"] = ParagraphStyle("resource", parent=st["name"], fontSize=body_pt * 0.95, leading=body_pt * 1.25)
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


def linked(text: str, style: ParagraphStyle, bullet: str | None = None) -> KitParagraph:
    """A paragraph of letter text in which every web address, e-mail address and phone number is a link."""
    def link(match: re.Match) -> str:
        shown = match.group(0)
        if match.lastgroup == "url":
            target = html.unescape(shown)
        elif match.lastgroup == "email":
            target = f"mailto:{shown}"
        else:
            target = tel_link(shown)
        return f'<a href="{escape(target, {chr(34): "&quot;"})}" color="#1F5F8B"><u>{shown}</u></a>'

    return KitParagraph(LINKABLE.sub(link, markup(text)), style, bulletText=bullet)


def _heading_with_hint(letter: Letter, st) -> Table:
    """The help heading, with how to use the QR codes beside it in small type."""
    cells = [st.para(letter.help_heading, st["h2"]), st.para(letter.qr_hint, st["hint"])]
    return _table(cells, [WIDTH * 0.4, WIDTH * 0.6], valign="BOTTOM", top=st["h2"].spaceBefore, bottom=st["h2"].spaceAfter)


def _section(section: Section, st) -> list:
    block = [st.para(section.heading, st["h2"])]
    block += [st.linked(p, st["body"]) for p in section.paragraphs]
    block += [st.linked(b, st["bullet"], "•") for b in section.bullets]
    return block


def _kept_start(block: list) -> list:
    """A section that may run on over a page break, its heading kept with the first two lines of text."""
    return [KeepTogether(block[:2]), *block[2:]]


def _side_by_side(left: list, right: list, st) -> Table:
    """Two short sections in two columns, so the letter keeps to two pages."""
    # A heading at the top of a cell loses its space before; the top padding gives it back.
    cells = [right, left] if st.rtl else [left, right]  # a right-to-left reader starts on the right
    return _table(cells, [WIDTH / 2, WIDTH / 2], top=st["h2"].spaceBefore, gutter=5 * mm)


def _letterhead(letter: Letter, st, context: BuildContext) -> Table:
    """The logo top left; the school's name and how to reach it top right, the name wrapping in its own column."""
    block = [st.para(letter.school_line, st["school"])]
    block += [st.contact(line, st["school_detail"]) for line in letter.contact if line.link]
    if letter.logo is None:
        return _table([block], [WIDTH], valign="TOP")
    logo = _logo(letter, context)
    return _table([logo, block], [logo.drawWidth + 6 * mm, WIDTH - logo.drawWidth - 6 * mm], valign="TOP")


def _logo(letter: Letter, context: BuildContext) -> Image:
    data, width, height = context.once(
        ("logo-pdf", letter.logo), lambda: printed_logo(letter.logo, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
    )
    scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _help_rows(entries: list[HelpEntry], phone_label: str, st, context: BuildContext) -> list[Table]:
    """Help resources one to a row, as a list: its QR code beside its name, description, address and phone."""
    widths = [QR_SIZE + 4 * mm, WIDTH - QR_SIZE - 4 * mm]
    return [_table(_help_cell(entry, phone_label, st, context), widths[::-1] if st.rtl else widths,
                   top=1.2 * mm, bottom=1.2 * mm) for entry in entries]


def _help_cell(entry: HelpEntry, phone_label: str, st, context: BuildContext) -> list:
    small = st["help"]
    text = [st.para(entry.name, st["resource"]), st.para(entry.description, small)]
    if st.rtl:
        text += [st.para(part, small) for part in (entry.url, entry.phone and f"{phone_label}: {entry.phone}") if part]
        code = qr_code(entry.url, QR_SIZE, context) if entry.url else ""
        return [text, code]  # the code on the reader's right: where a right-to-left line starts
    reach = []
    if entry.url:
        reach.append(_link_markup(entry.url, entry.url))
    if entry.phone:
        number = _link_markup(entry.phone, entry.phone_link) if entry.phone_link else escape(entry.phone)
        reach.append(f"{escape(phone_label)}: {number}")
    if reach:
        text.append(KitParagraph(" · ".join(reach), small))  # on one line: the address never breaks
    code = qr_code(entry.url, QR_SIZE, context) if entry.url else ""
    return [code, text]


def _link_markup(shown: str, target: str) -> str:
    """Paragraph markup for ``shown`` as a link to ``target``."""
    return f'<a href="{escape(target, {chr(34): "&quot;"})}" color="#1F5F8B"><u>{escape(shown)}</u></a>'


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
