"""The parent letter for print: an A4 PDF with letterhead, and a QR code beside every web address."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import HRFlowable, Image, KeepTogether, Spacer, Table, TableStyle

from kitgen.context import BuildContext
from kitgen.renderers.letter import HelpEntry, Letter, Section, make_letter
from kitgen.renderers.pdfbase import ACCENT, MARGIN, build_pdf, bullet, para, register_fonts, styles
from kitgen.renderers.qr import qr_drawing
from kitgen.view import LessonView

BODY_PT = 10
LOGO_MAX_HEIGHT = 16 * mm
LOGO_MAX_WIDTH = 45 * mm
#: Big enough for a phone to read from paper at arm's length.
QR_SIZE = 19 * mm
#: The width of the text frame (SimpleDocTemplate's frame pads 6 pt on each side).
WIDTH = A4[0] - 2 * MARGIN - 12
RULE = HexColor("#9AA5B1")


class LetterPdf:
    """The letter for print."""

    kind = "letter"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        letter = make_letter(view, context)
        st = styles(BODY_PT)
        st["school"] = ParagraphStyle("school", parent=st["title"], fontSize=BODY_PT * 1.4, leading=BODY_PT * 1.8, spaceAfter=0)
        st["date"] = ParagraphStyle("date", parent=st["body"], alignment=TA_RIGHT, spaceAfter=0)
        st["subject"] = ParagraphStyle("subject", parent=st["h2"], fontSize=BODY_PT * 1.3, spaceBefore=BODY_PT * 0.6)
        st["name"] = ParagraphStyle("name", parent=st["h3"], spaceBefore=0, spaceAfter=0)
        st["subject"].spaceAfter = BODY_PT * 0.7
        st["help"] = ParagraphStyle("help", parent=st["small"], spaceAfter=BODY_PT * 0.15)
        story = [
            _letterhead(letter, st),
            HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=3 * mm, spaceAfter=2 * mm),
            para(letter.subject, st["subject"]),
            para(letter.salutation, st["body"]),
            para(letter.intro, st["body"]),
        ]
        what, why, learns, talk, tips = (_section(section, st) for section in letter.sections)
        story += [_side_by_side(what, why), KeepTogether(learns), _side_by_side(talk, tips)]
        if letter.help:
            # The rows may go on to a second page, but the heading stays with the first row.
            first, *rest = _help_rows(letter.help, letter.phone_label, st, context)
            story.append(KeepTogether([para(letter.help_heading, st["h2"]), para(letter.qr_hint, st["body"]), first]))
            story += rest
        sign_off = [
            para(letter.closing, st["body"]),
            Spacer(1, 5 * mm),
            para(letter.sender, st["name"]),
            para(letter.sender_role, st["body"]),
        ]
        contact = [para(letter.questions, st["body"]), *(para(line, st["body"]) for line in letter.contact)]
        story += [Spacer(1, 3 * mm), _side_by_side(sign_off, contact)]
        return build_pdf(story, context=context, title=letter.subject, subject=view.band.label, lang_tag=view.language_tag)


def _section(section: Section, st) -> list:
    block = [para(section.heading, st["h2"])]
    block += [para(p, st["body"]) for p in section.paragraphs]
    block += [bullet(b, st["bullet"]) for b in section.bullets]
    return block


def _side_by_side(left: list, right: list) -> Table:
    """Two short sections in two columns, to keep the letter on one page."""
    table = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 4 * mm),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        # A heading at the top of a cell loses its space before; give it back here.
        ("TOPPADDING", (0, 0), (-1, -1), BODY_PT * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _letterhead(letter: Letter, st) -> Table:
    """Logo and school name on the left, the date of writing on the right."""
    cells = []
    widths = []
    if letter.logo is not None:
        logo = _logo(letter)
        cells.append(logo)
        widths.append(logo.drawWidth + 4 * mm)
    date_width = 55 * mm
    cells += [para(letter.school_line, st["school"]), para(letter.written_line, st["date"])]
    widths += [WIDTH - sum(widths) - date_width, date_width]
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _logo(letter: Letter) -> Image:
    width, height = ImageReader(str(letter.logo)).getSize()
    scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return Image(str(letter.logo), width=width * scale, height=height * scale)


def _help_rows(entries: list[HelpEntry], phone_label: str, st, context: BuildContext) -> list[Table]:
    """Help resources two to a row, each with its QR code beside its name, description and address."""
    column = WIDTH / 2
    cells = [_help_cell(entry, phone_label, column, st, context) for entry in entries]
    if len(cells) % 2:
        cells.append("")
    rows = []
    for i in range(0, len(cells), 2):
        row = Table([cells[i:i + 2]], colWidths=[column, column])
        row.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ]))
        rows.append(row)
    return rows


def _help_cell(entry: HelpEntry, phone_label: str, width: float, st, context: BuildContext) -> Table:
    small = st["help"]
    text = [para(entry.name, st["name"]), para(entry.description, small)]
    if entry.url:
        text.append(para(entry.url, small))
    if entry.phone:
        text.append(para(f"{phone_label}: {entry.phone}", small))
    code = qr_drawing(entry.url, QR_SIZE, context) if entry.url else ""
    cell = Table([[code, text]], colWidths=[QR_SIZE + 2 * mm, width - QR_SIZE - 5 * mm])
    cell.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return cell
