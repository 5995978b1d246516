"""The pupils' worksheet: an A4 PDF with a name/class/date header and exercises to do by hand."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Indenter, PageBreak, Paragraph, Spacer, Table

from kitgen.context import BuildContext
from kitgen.i18n import word
from kitgen.renderers.sheet.exercises import Page, card_page, layout_for, page_styles
from kitgen.renderers.sheet.paging import SAFETY, balance, height_of
from kitgen.renderers.pdfbase import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FRAME_PADDING,
    MARGIN,
    MUTED,
    build_pdf,
    para,
    register_fonts,
    text_width,
)
from kitgen.renderers.sheet.parts import EMPTY, RULE, KeptTogether, NumberBadge, SheetTable, WritingLines, picture, sheet_table
from kitgen.view import LessonView

#: Top, right, bottom, left: room at the bottom for the footer.
SHEET_MARGINS = (18 * mm, MARGIN, 21 * mm, MARGIN)
TEXT_WIDTH = text_width(SHEET_MARGINS[3], SHEET_MARGINS[1])
#: Where the footer starts and ends: in line with the text above it.
FOOTER_LEFT = MARGIN + FRAME_PADDING

#: The instruction of a sort exercise whose cards are cut out (``cards: true``) rather than ticked.
SORT_CARDS = word("sort_cards_instruction", "Cut out the cards at the back of this worksheet. Put each card in the "
                  "right box.")


def page_footer(view: LessonView, kind_label: str, version: bool = True):
    """Footer on every page: lesson title, version (for teachers) and band on the left, "page x of y" on the right."""
    version_label = view.labels("version", "version {version}", version=view.version) if version else ""
    parts = [view.title, version_label, kind_label, view.band.label]
    left = " · ".join(part for part in parts if part)

    def draw(canvas, page: int, pages: int) -> None:
        canvas.saveState()
        width = A4[0]
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(FOOTER_LEFT, 16 * mm, width - FOOTER_LEFT, 16 * mm)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(FOOTER_LEFT, 11 * mm, left)
        number = view.labels("page", "Page {page} of {pages}", page=page, pages=pages)
        canvas.drawRightString(width - FOOTER_LEFT, 11 * mm, number)
        canvas.restoreState()

    return draw


def eyebrow(text: str, size: float) -> Paragraph:
    """A small coloured line above a title, e.g. "WORKSHEET · AGES 8–10"."""
    style = ParagraphStyle("eyebrow", fontName=FONT_BOLD, fontSize=size, leading=size * 1.3, textColor=ACCENT)
    return para(text.upper(), style)


def name_block(page: Page) -> Table:
    """Name, class and date, each with a line to write on."""
    label = page.styles["cell"]
    words = [page.label("name", "Name") + ":", page.label("class", "Class") + ":", page.label("date", "Date") + ":"]
    # the label column is as wide as the longer of "name" and "class"; the name line runs to the margin
    label_w = max(stringWidth(w, FONT, page.size) for w in words[:2]) + 10
    date_w = stringWidth(words[2], FONT, page.size) + 24  # 12 left padding + 6 right + slack
    rest = page.width - label_w - date_w
    rows = [
        [para(words[0], label), EMPTY, EMPTY, EMPTY],
        [para(words[1], label), EMPTY, para(words[2], label), EMPTY],
    ]
    return sheet_table(rows, [label_w, rest * 0.55, date_w, rest * 0.45], [
        ("SPAN", (1, 0), (3, 0)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (1, 0), (3, 0), 0.8, RULE),
        ("LINEBELOW", (1, 1), (1, 1), 0.8, RULE),
        ("LINEBELOW", (3, 1), (3, 1), 0.8, RULE),
        ("LEFTPADDING", (2, 1), (2, 1), 12),
    ], rowHeights=page.size * 2.4)


def exercise_block(exercise, number: int, page: Page) -> list[Flowable]:
    """One exercise: number badge, prompt and instruction, then its body indented under the prompt.

    The flowables are meant to stay on one page (the caller keeps them together).
    """
    layout = layout_for(exercise)
    badge = page.size * 1.9
    indent = badge + page.size * 0.7
    instruction = page.label(SORT_CARDS if getattr(exercise, "cards", False) else layout.instruction)
    text = [
        para(exercise.prompt, page.styles["prompt"]),
        para(instruction, page.styles["instruction"]),
    ]
    heading = sheet_table([[NumberBadge(number, badge), text]], [indent, page.width - indent], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), page.size * 0.5),
    ])
    body_page = Page(page.view, page.styles, page.size, page.width - indent, page.assets_dir)
    body = []
    if exercise.picture is not None:
        body += [picture(exercise.picture, page.assets_dir, body_page.width * 0.6), Spacer(1, page.size * 0.5)]
    body += layout.sheet(exercise, number, body_page)
    return [heading, Indenter(left=indent), *body, Indenter(left=-indent)]


def loosen(flowables: list[Flowable], room: float, most: float) -> float:
    """More padding in the rows of the tables among ``flowables`` (up to ``most`` a side, ``room`` in all).

    Returns the height added.
    """
    tables = [f for f in flowables if isinstance(f, Table)]
    rows = sum(len(t._cellvalues) for t in tables)
    if not rows or room <= 0:
        return 0.0
    more = min(room / (2 * rows), most)
    for table in tables:
        for row in table._cellStyles:
            for cell in row:
                cell.topPadding += more
                cell.bottomPadding += more
        if isinstance(table, SheetTable):
            table.restyled()
    return 2 * more * rows


def paged_exercises(blocks: list[list[Flowable]], first_room: float, room: float, gap: float) -> list[Flowable]:
    """The exercises balanced over as few pages as the paper allows, each page used to its foot.

    An open question's writing lines grow into what its page leaves free, on the last page too; on the
    other pages but the last, the space between exercises grows instead, so no page stops a third of the way up.
    """
    heights = [height_of(block, TEXT_WIDTH) for block in blocks]
    lines = [[f for f in block if isinstance(f, WritingLines)] for block in blocks]
    pages = balance(heights, [first_room, room], gap, room, growing=[bool(found) for found in lines])
    story: list[Flowable] = []
    for number, on_page in enumerate(pages):
        free = (first_room if number == 0 else room) - SAFETY - sum(heights[i] for i in on_page) \
            - gap * (len(on_page) - 1)
        growing = [w for i in on_page for w in lines[i]]
        last = number == len(pages) - 1
        if not growing and not last:  # table rows take some of the room first, then the gaps
            free -= sum(loosen(blocks[i][1:], free / len(on_page), gap * 0.4) for i in on_page)
        for i, writing in enumerate(growing):  # the free room shared out, in whole lines
            share = free / (len(growing) - i)
            more = max(int(share // writing.gap), 0)  # the last page too: a pupil writes to its foot
            writing.count += more
            free -= more * writing.gap
        spread = free / (len(on_page) - 1) if not growing and not last and len(on_page) > 1 and free > 0 else 0
        if number:
            story.append(PageBreak())
        for k, i in enumerate(on_page):
            if k:
                story.append(Spacer(1, gap + spread))
            story.append(KeptTogether(blocks[i]))
    return story


def sheet_styles(size: float):
    """Worksheet styles: the exercise styles plus a bold prompt and a muted instruction."""
    st = page_styles(size)
    st["prompt"] = ParagraphStyle("prompt", parent=st["cell"], fontName=FONT_BOLD, fontSize=size * 1.1,
                                  leading=size * 1.4, spaceBefore=size * 0.2)
    # pupils read the instruction too, so it keeps the band's body size; colour sets it apart
    st["instruction"] = ParagraphStyle("instruction", parent=st["cell"], textColor=MUTED, spaceBefore=size * 0.15)
    return st


class WorksheetRenderer:
    """The pupils' worksheet."""

    kind = "worksheet"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        size = view.band.worksheet_body_pt
        page = Page(view, sheet_styles(size), size, TEXT_WIDTH, context.assets_dir)
        worksheet = view.labels("worksheet", "Worksheet")
        story = [
            eyebrow(f"{worksheet} · {view.band.label}", max(9, size * 0.75)),
            Spacer(1, size * 0.3),
            para(view.title, page.styles["title"]),
            name_block(page),
            Spacer(1, size * 1.8),
        ]
        exercises = view.content.exercises
        blocks = [exercise_block(exercise, number, page) for number, exercise in enumerate(exercises, 1)]
        room = A4[1] - SHEET_MARGINS[0] - SHEET_MARGINS[2] - 2 * FRAME_PADDING
        story += paged_exercises(blocks, room - height_of(story, TEXT_WIDTH), room, size * 1.3)
        for number, exercise in enumerate(exercises, 1):
            if getattr(exercise, "cards", False):
                story += [PageBreak(), *card_page(exercise, number, page)]
        return build_pdf(
            story, context=context, title=f"{view.title} – {worksheet}", subject=f"{worksheet} · {view.band.label}",
            lang_tag=view.language_tag, page_footer=page_footer(view, worksheet, version=False),
            keywords=[view.lesson_id, view.band.id, view.lang], margins=SHEET_MARGINS,
        )
