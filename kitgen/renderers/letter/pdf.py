"""The parent letter for print: an A4 PDF with letterhead, and a QR code beside every web address."""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, Spacer, Table, TableStyle

from kitgen.context import BuildContext
from kitgen.languages import LATIN_FONT
from kitgen.renderers.letter.content import ContactLine, HelpEntry, Letter, Section, make_letter, tel_link
from kitgen.renderers.pdfbase import (
    FONT, FONT_BOLD, INK, MUTED, KitParagraph, build_pdf, bullet, markup, para, register_fonts, styles,
)
from kitgen.renderers.letter.logo import printed_logo
from kitgen.renderers.letter.qr import qr_code
from kitgen.renderers.rtl import RtlParagraph, display_line, register_family
from kitgen.view import LessonView

#: The body size: a parent with little reading practice reads 11 pt at 1.4 leading comfortably.
BODY_PT = 11
LEADING = 1.4
#: The smallest type in the letter (help descriptions, QR hint).
CAPTION_PT = 9
LOGO_MAX_HEIGHT = 16 * mm
LOGO_MAX_WIDTH = 45 * mm
LINK = HexColor("#1F5F8B")
#: A phone reads a code this size from paper at reading distance (modules of 0.4 mm for the longest address).
QR_SIZE = 12 * mm
#: Top, right, bottom, left: a letter can go closer to the edges than a worksheet (printers keep 5 mm free).
MARGINS = (10 * mm, 15 * mm, 10 * mm, 15 * mm)
#: The width of the text frame (SimpleDocTemplate's frame pads 6 pt on each side).
WIDTH = A4[0] - MARGINS[1] - MARGINS[3] - 12
RULE = HexColor("#9AA5B1")


#: How the letter's sections are set: across the page, but short lists two by two, side by side.
LAYOUT = (("what",), ("why",), ("meaning",), ("learns", "talk"), ("tips",), ("signs", "donts"), ("call",))

#: A web address, an e-mail address or a phone number as Dutch and British letters write them
#: ("0800-0432", "020-261 52 75", "030 123 45 67", "112"), found in escaped paragraph text.
LINKABLE = re.compile(
    r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>(?<![\w/.-])(?:112|0\d{2,3}[- ]?\d{2,4}(?:[ -]?\d{2,4}){0,3}|\+\d{2}[\d ]{8,14}\d)(?![\w/-]))"
)
#: The same in a right-to-left line in display order, where a sentence's full stop stands left of a number.
LINKABLE_DISPLAYED = re.compile(LINKABLE.pattern.replace(r"(?<![\w/.-])", r"(?<![\w/-])"))

@dataclass(frozen=True)
class Fit:
    """How closely the letter is set. The type stays the same (body 11 pt at 1.4); only the space between
    blocks, the help directory's rows and its QR codes get smaller when the words need it."""

    space: float  # the space between paragraphs and before headings, as a share of the regular space
    qr: float  # the QR codes' size
    row_gap: float  # white space above and below each help organisation
    help_leading: float  # the help descriptions' line spacing, as a multiple of their size
    #: Whether two sections side by side may break over a page (else they move to the next page together).
    split_columns: bool


#: The settings tried in turn until the letter keeps to two pages: the regular one; the same with sections
#: side by side going on over the page break; then closer spacing and smaller codes for the longest letters.
FITS = (
    Fit(space=1, qr=QR_SIZE, row_gap=0.8 * mm, help_leading=1.3, split_columns=False),
    Fit(space=1, qr=QR_SIZE, row_gap=0.8 * mm, help_leading=1.3, split_columns=True),
    Fit(space=0.6, qr=11 * mm, row_gap=0.4 * mm, help_leading=1.2, split_columns=True),
)


class LetterPdf:
    """The letter for print."""

    kind = "letter"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        letter = make_letter(view, context)
        # Lay out, then look: one or two pages as the words need; if the lines run onto a third page,
        # the letter is set again more closely (never in smaller type).
        for fit in FITS:
            pdf, pages = _build(view, letter, context, fit)
            if pages <= 2:
                break
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


def _build(view: LessonView, letter: Letter, context: BuildContext, fit: Fit = FITS[0]) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    st = _styles(BODY_PT, view, context, fit)
    story = [
        _letterhead(letter, st, context),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2.5 * mm, spaceAfter=2 * fit.space * mm),
        st.para(letter.written_line, st["body"]),
        st.para(letter.subject, st["subject"]),
        st.para(letter.salutation, st["body"]),
        st.linked(letter.intro, st["body"]),
    ]
    blocks = {section.key: _section(section, st) for section in letter.sections}
    for row in LAYOUT:
        present = [blocks.pop(key) for key in row if key in blocks]
        if len(present) == 2:
            story.append(_side_by_side(*present, st, fit.split_columns))
        elif present:
            story += _kept_start(present[0])
    for block in blocks.values():  # a section the layout does not know yet
        story += _kept_start(block)
    if letter.help:
        # The rows may go on to the next page, but the heading stays with the first row.
        first, *rest = _help_rows(letter.help, letter.phone_label, st, context, fit)
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
    story += [Spacer(1, 2 * fit.space * mm), _table(cells, [WIDTH * 0.55, WIDTH * 0.45][::-1 if st.rtl else 1], gutter=5 * mm)]
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
        return RtlParagraph(text, style, _latin(style)) if self.rtl else para(text, style)

    def bullet(self, text: str, style: ParagraphStyle):
        return RtlParagraph(text, style, _latin(style), bullet="•") if self.rtl else bullet(text, style)

    def linked(self, text: str, style: ParagraphStyle, mark: str | None = None):
        """Text whose web addresses, e-mail addresses and phone numbers are links."""
        if self.rtl:
            return RtlParagraph(text, style, _latin(style), bullet=mark, links=_link_spans)
        return linked(text, style, mark)

    def contact(self, line: ContactLine, style: ParagraphStyle):
        """"E-mail: …" with its mailto: or tel: link (a blank to fill in has none)."""
        if self.rtl and line.link:
            return self.linked(f"{line.label}: {line.value}", style)
        if self.rtl or not line.link:
            return self.para(f"{line.label}: {line.value}", style)
        return KitParagraph(f"{escape(line.label)}: {_link_markup(line.value, line.link)}", style)


def _latin(style: ParagraphStyle) -> str:
    """The kit font's face for the Latin words (names, web addresses) in a right-to-left paragraph."""
    return FONT_BOLD if style.fontName.endswith("-Bold") else FONT


class _RtlHint(RtlParagraph):
    """A right-to-left paragraph only as wide as its longest line, so a cell sets it at its far (left) edge."""

    def wrap(self, available_width, available_height):
        super().wrap(available_width, available_height)
        self.width = max(self._width(display_line(line)) for line in self.lines) + self.style.leftIndent
        return self.width, self.height


def _styles(body_pt: float, view: LessonView, context: BuildContext, fit: Fit) -> _Styles:
    st = _language_font(styles(body_pt), view, context)
    leading = body_pt * LEADING
    # Paragraphs are set apart by a little space, bullet points by their leading alone; a heading sits
    # close to its text and further from the text before it, so the eye sees the blocks.
    st["body"] = ParagraphStyle("body", parent=st["body"], leading=leading, spaceAfter=body_pt * 0.3 * fit.space)
    st["bullet"] = ParagraphStyle("bullet", parent=st["bullet"], leading=leading, spaceAfter=body_pt * 0.1 * fit.space)
    st["h2"] = ParagraphStyle("h2", parent=st["h2"], fontSize=body_pt * 1.15, leading=body_pt * 1.4,
                              spaceBefore=body_pt * 0.65 * fit.space, spaceAfter=body_pt * 0.15)
    st["school"] = ParagraphStyle("school", parent=st["title"], fontSize=body_pt * 1.3, leading=body_pt * 1.6,
                                  spaceAfter=body_pt * 0.1, alignment=TA_RIGHT)
    st["school_detail"] = ParagraphStyle("school_detail", parent=st["body"], fontSize=CAPTION_PT + 0.5,
                                         leading=(CAPTION_PT + 0.5) * 1.35, textColor=MUTED, alignment=TA_RIGHT,
                                         spaceAfter=0)
    st["subject"] = ParagraphStyle(
        "subject", parent=st["h2"], fontSize=body_pt * 1.3, leading=body_pt * 1.6, spaceBefore=body_pt * 0.3,
        spaceAfter=body_pt * 0.4,
    )
    st["name"] = ParagraphStyle("name", parent=st["h3"], leading=leading, spaceBefore=0, spaceAfter=0)
    caption = dict(fontSize=CAPTION_PT, leading=CAPTION_PT * fit.help_leading, textColor=INK)
    st["help"] = ParagraphStyle("help", parent=st["small"], spaceAfter=0, **caption)
    st["hint"] = ParagraphStyle("hint", parent=st["small"], alignment=TA_RIGHT, spaceAfter=0,
                                **(caption | {"textColor": MUTED}))
    st["resource"] = ParagraphStyle("resource", parent=st["name"], fontSize=CAPTION_PT + 0.5,
                                    leading=CAPTION_PT * fit.help_leading)
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


def _link_spans(line: str) -> list[tuple[int, int, str]]:
    """Where a right-to-left line (in display order) holds a web address, e-mail address or phone number,
    and its link."""
    spans = []
    for match in LINKABLE_DISPLAYED.finditer(line):
        shown = match.group(0)
        target = shown if match.lastgroup == "url" else f"mailto:{shown}" if match.lastgroup == "email" \
            else tel_link(shown)
        spans.append((match.start(), match.end(), target))
    return spans


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
    widths = [WIDTH * 0.35, WIDTH * 0.65]
    if st.rtl:  # the heading where a right-to-left reader starts, the hint at the far left
        cells, widths = [_RtlHint(letter.qr_hint, st["hint"], _latin(st["hint"])), cells[0]], widths[::-1]
    return _table(cells, widths, valign="BOTTOM", top=st["h2"].spaceBefore, bottom=st["h2"].spaceAfter)


def _section(section: Section, st) -> list:
    block = [st.para(section.heading, st["h2"])]
    block += [st.linked(p, st["body"]) for p in section.paragraphs]
    block += [st.linked(b, st["bullet"], "•") for b in section.bullets]
    return block


def _kept_start(block: list) -> list:
    """A section that may run on over a page break, its heading kept with the first two lines of text."""
    return [KeepTogether(block[:2]), *block[2:]]


def _side_by_side(left: list, right: list, st, split: bool) -> Table:
    """Two short sections in two columns, so the letter keeps to two pages.

    With ``split``, the columns may go on over a page break, both breaking at the same height; each
    column's heading, with the first two lines of text under it, moves on as one, so no heading is left
    alone at a page foot.
    """
    gutter = 5 * mm
    blocks = [right, left] if st.rtl else [left, right]  # a right-to-left reader starts on the right
    cells = [_kept_start_in_cell(block, width) for block, width in zip(blocks, (WIDTH / 2 - gutter, WIDTH / 2))] \
        if split else blocks
    # A heading at the top of a cell loses its space before; the top padding gives it back.
    return _table(cells, [WIDTH / 2, WIDTH / 2], top=st["h2"].spaceBefore, gutter=gutter, split=split)


def _kept_start_in_cell(block: list, width: float) -> list:
    """A section in a table cell that may break over a page, its heading kept with two lines of text.

    KeepTogether does not work inside a cell: the heading and the first two lines go into a table of
    their own, which a page break cannot split.
    """
    heading, first, *rest = block
    if isinstance(first, KitParagraph):
        first.wrap(width, A4[1])
        lines = len(first.blPara.lines)
        if lines > 2:
            style = first.style
            top, bottom = first.split(width, 2 * style.leading + style.leading / 2)
            return [_table([[heading, top]], [width]), bottom, *rest]
    return [_table([[heading, first]], [width]), *rest]


def _letterhead(letter: Letter, st, context: BuildContext) -> Table:
    """The logo at the top of the reading side, the school's name and address beside it.

    The name wraps in its own column; how to reach the teacher stands once, beside the greeting at the end.
    """
    block = [st.para(letter.school_line, st["school"])]
    if letter.address:
        block.append(st.para(letter.address, st["school_detail"]))
    if letter.logo is None:
        return _table([block], [WIDTH], valign="TOP")
    logo = _logo(letter, context)
    cells, widths = [logo, block], [logo.drawWidth + 6 * mm, WIDTH - logo.drawWidth - 6 * mm]
    if st.rtl:  # the logo at the right, where a right-to-left reader starts, the name beside it
        return _table(cells[::-1], widths[::-1], valign="TOP", gutter=6 * mm)
    return _table(cells, widths, valign="TOP")


def _logo(letter: Letter, context: BuildContext) -> Image:
    data, width, height = context.once(
        ("logo-pdf", letter.logo), lambda: printed_logo(letter.logo, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
    )
    scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _help_rows(entries: list[HelpEntry], phone_label: str, st, context: BuildContext, fit: Fit) -> list[Table]:
    """Help resources one to a row, as a directory: a small QR code beside the name, what it offers and how
    to reach it. Names run in (bold) at the start of their description, so a row is as tall as its code."""
    gap = 3 * mm  # between the code and the text
    # right to left, the code stands flush with the right edge and the text keeps the gap on its right
    widths, gutter = ([WIDTH - fit.qr, fit.qr], gap) if st.rtl else ([fit.qr + gap, WIDTH - fit.qr - gap], 0)
    return [_table(_help_cell(entry, phone_label, st, context, fit.qr), widths, top=fit.row_gap,
                   bottom=fit.row_gap, gutter=gutter) for entry in entries]


def _help_cell(entry: HelpEntry, phone_label: str, st, context: BuildContext, qr_size: float) -> list:
    small = st["help"]
    code = qr_code(entry.url, qr_size, context) if entry.url else ""
    if st.rtl:
        text = [st.para(entry.name, st["resource"]), st.para(entry.description, small)]
        reach = [part for part in (entry.url, entry.phone and f"{phone_label}: {entry.phone}") if part]
        if reach:
            text.append(st.linked("  ·  ".join(reach), small))
        return [text, code]  # the code on the reader's right: where a right-to-left line starts
    text = [KitParagraph(f"<b>{escape(entry.name)}</b>  {markup(entry.description)}", small)]
    reach = []
    if entry.url:
        reach.append(_link_markup(entry.url, entry.url))
    if entry.phone:
        number = _link_markup(entry.phone, entry.phone_link) if entry.phone_link else escape(entry.phone)
        reach.append(f"{escape(phone_label)}: {number}")
    if reach:
        text.append(KitParagraph(" · ".join(reach), small))  # on its own line: the address never breaks
    return [code, text]


def _link_markup(shown: str, target: str) -> str:
    """Paragraph markup for ``shown`` as a link to ``target``."""
    return f'<a href="{escape(target, {chr(34): "&quot;"})}" color="#1F5F8B"><u>{escape(shown)}</u></a>'


def _table(cells: list, widths: list[float], *, valign: str = "TOP", top: float = 0, bottom: float = 0,
           gutter: float = 0, split: bool = False) -> Table:
    """One row of cells used for layout only: no lines, no padding but ``gutter`` between the cells.

    ``split``: the row may go on over a page break, both columns breaking at the same height.
    """
    table = Table([cells], colWidths=widths, splitInRow=int(split))
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
