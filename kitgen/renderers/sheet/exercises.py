"""Every exercise kind, laid out twice: for pupils to do by hand, and answered in the teacher's key.

A new kind is its model class (the YAML shape), one ``sheet`` and one ``key`` function, and a line in
:data:`LAYOUTS`.
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kitgen.i18n import Word, word
from kitgen.model import (
    ChoiceExercise,
    FillExercise,
    MatchExercise,
    OpenExercise,
    SortExercise,
    TrueFalseExercise,
)
from kitgen.renderers.pdfbase import ACCENT, FONT, FONT_BOLD, MUTED, KitParagraph, bullet, para, styles
from kitgen.renderers.sheet.parts import EMPTY, RULE, ZEBRA, Dot, TickBox, WritingLines, sheet_table, tinted_box
from kitgen.view import LessonView

BLANK = re.compile(r"\[\[(.+?)\]\]")
#: The words pupils tick, as the sheets' column heads and the key's answers.
TRUE, FALSE = word("true", "True"), word("false", "False")
SAFE, NOT_SAFE = word("safe", "Safe"), word("not_safe", "Not safe")


@dataclass(frozen=True)
class Page:
    """What a layout needs: the lesson view, paragraph styles, body size, text width and the assets folder."""

    view: LessonView
    styles: dict[str, ParagraphStyle]
    size: float
    width: float
    assets_dir: Path

    def label(self, key: str | Word, text: str | None = None, /, **values: object) -> str:
        """A kit word in the view's language: ``page.label("safe", "Safe")`` (see kitgen.i18n)."""
        return self.view.labels(key, text, **values)


@dataclass(frozen=True)
class ExerciseLayout:
    """How one kind of exercise looks: the instruction (a kit word), the pupil's part and the key's part."""

    instruction: Word
    sheet: Callable[[object, int, Page], list[Flowable]]
    key: Callable[[object, int, Page], list[Flowable]]


def layout_for(exercise) -> ExerciseLayout:
    """The layout of an exercise's kind; a kind without one is a bug in kitgen, not in the lesson."""
    try:
        return LAYOUTS[type(exercise)]
    except KeyError:
        raise TypeError(f"no worksheet layout for {type(exercise).__name__}") from None


def page_styles(size: float) -> dict[str, ParagraphStyle]:
    """The shared paragraph styles plus those exercises need: table cells, bold answers, muted options."""
    st = dict(styles(size))
    body = st["body"]
    cell = ParagraphStyle("cell", parent=body, spaceAfter=0)
    strong = ParagraphStyle("strong", parent=cell, fontName=FONT_BOLD)
    return st | {
        "cell": cell,
        "strong": strong,
        "head_center": ParagraphStyle("head_center", parent=strong, alignment=TA_CENTER),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "right_option": ParagraphStyle("right_option", parent=st["bullet"], fontName=FONT_BOLD),
        "other_option": ParagraphStyle("other_option", parent=st["bullet"], textColor=MUTED),
        "hanging": ParagraphStyle("hanging", parent=cell, leftIndent=size * 1.6, bulletIndent=0),
        # room above each blank to write in; the space between sentences sets them apart from wrapped lines
        "fill": ParagraphStyle(
            "fill", parent=st["bullet"], leading=size * 1.9, spaceAfter=size * 0.5, leftIndent=size * 1.6,
            bulletIndent=0,
        ),
    }


# --- shared pieces -------------------------------------------------------------------------------


def _grid(rows, widths, page: Page, header: bool = False, padding: float | None = None) -> Table:
    pad = page.size * 0.35 if padding is None else padding
    style = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style += [
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]),
        ]
    return sheet_table(rows, widths, style, repeatRows=1 if header else 0)


def _tick_table(texts: list[str], yes: str, no: str, page: Page) -> Table:
    """Statements with two tick columns (true / false, safe / not safe)."""
    box = page.size
    col = max(stringWidth(label, FONT_BOLD, page.size) for label in (yes, no)) + 14
    col = max(col, box + 16, page.width * 0.14)
    head = page.styles["head_center"]
    rows = [[EMPTY, para(yes, head), para(no, head)]]
    rows += [[para(text, page.styles["cell"]), TickBox(box), TickBox(box)] for text in texts]
    table = _grid(rows, [page.width - 2 * col, col, col], page, header=True)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER")]))
    return table


def _answer_table(rows: list[tuple[str, str]], page: Page) -> Table:
    """Statements with their answer in bold, for the key."""
    body, strong = page.styles["cell"], page.styles["strong"]
    col = max(stringWidth(answer, FONT_BOLD, page.size) for _, answer in rows) + 14
    cells = [[para(text, body), para(answer, strong)] for text, answer in rows]
    return _grid(cells, [page.width - col, col], page, padding=page.size * 0.2)


def _letters(count: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(count)]


def match_order(view: LessonView, number: int, count: int) -> list[int]:
    """A fixed shuffle of the right-hand column, never the identity (so matching is not trivial)."""
    order = list(range(count))
    rng = random.Random(f"{view.lesson_id}/{view.band.id}/{number}")
    while count > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


def blank_words(exercise: FillExercise) -> list[str]:
    """The words of the word bank: every ``[[word]]``, once, alphabetically."""
    return sorted({w for s in exercise.sentences for w in BLANK.findall(s)}, key=str.casefold)


def _marked(sentence: str, fill: Callable[[str], str]) -> str:
    """A fill-in sentence as escaped markup, with each ``[[word]]`` replaced by ``fill(word)`` markup."""
    parts, last = [], 0
    for match in BLANK.finditer(sentence):
        parts += [escape(sentence[last:match.start()]), fill(match.group(1))]
        last = match.end()
    parts.append(escape(sentence[last:]))
    return "".join(parts)


# --- multiple choice -----------------------------------------------------------------------------


def choice_sheet(exercise: ChoiceExercise, number: int, page: Page) -> list[Flowable]:
    box = page.size
    rows = [[TickBox(box), para(option, page.styles["cell"])] for option in exercise.options]
    table = _grid(rows, [box + 14, page.width - box - 14], page)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0, ZEBRA)]))
    return [table]


def choice_key(exercise: ChoiceExercise, number: int, page: Page) -> list[Flowable]:
    right = exercise.answer - 1
    return [
        bullet(option, page.styles["right_option"], "►")
        if i == right
        else bullet(option, page.styles["other_option"], "–")
        for i, option in enumerate(exercise.options)
    ]


# --- true / false --------------------------------------------------------------------------------


def true_false_sheet(exercise: TrueFalseExercise, number: int, page: Page) -> list[Flowable]:
    return [_tick_table([s.text for s in exercise.statements], page.label(TRUE), page.label(FALSE), page)]


def true_false_key(exercise: TrueFalseExercise, number: int, page: Page) -> list[Flowable]:
    rows = [(s.text, page.label(TRUE) if s.answer else page.label(FALSE)) for s in exercise.statements]
    return [_answer_table(rows, page)]


# --- sort: safe / not safe -----------------------------------------------------------------------


def sort_sheet(exercise: SortExercise, number: int, page: Page) -> list[Flowable]:
    if exercise.cards:
        return [_sorting_mats(page)]
    return [_tick_table([i.text for i in exercise.items], page.label(SAFE), page.label(NOT_SAFE), page)]


def _sorting_mats(page: Page) -> Table:
    """Two labelled fields, safe and not safe, to lay the cut-out cards on."""
    head = page.styles["head_center"]
    half = page.width / 2
    table = sheet_table([[para(page.label(SAFE), head), para(page.label(NOT_SAFE), head)], [EMPTY, EMPTY]],
                        [half, half], [
        ("BOX", (0, 0), (0, -1), 1, RULE),
        ("BOX", (1, 0), (1, -1), 1, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
        ("BACKGROUND", (0, 1), (-1, 1), ZEBRA),
        ("TOPPADDING", (0, 0), (-1, 0), page.size * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, 0), page.size * 0.4),
    ], rowHeights=[None, CARD_HEIGHT * 1.6])
    return table


#: A cut-out card: big enough to pick up and to read the text on at arm's length.
CARD_HEIGHT = 32 * mm
CARD_COLUMNS = 3


def card_page(exercise: SortExercise, number: int, page: Page) -> list[Flowable]:
    """A page of cards to cut out along the dashed lines, one card per item, in a fixed mixed order."""
    order = match_order(page.view, number, len(exercise.items))
    title = page.label("cards_title", "Cards for exercise {number}", number=number)
    style = ParagraphStyle("card", parent=page.styles["cell"], alignment=TA_CENTER)
    cards = [para(exercise.items[i].text, style) for i in order]
    cards += [EMPTY] * (-len(cards) % CARD_COLUMNS)
    rows = [cards[i:i + CARD_COLUMNS] for i in range(0, len(cards), CARD_COLUMNS)]
    width = page.width / CARD_COLUMNS
    cut = [("BOX", (i % CARD_COLUMNS, i // CARD_COLUMNS), (i % CARD_COLUMNS, i // CARD_COLUMNS), 1, RULE, None,
            (4, 3)) for i in range(len(exercise.items))]  # the cutting lines, dashed, round each card
    grid = sheet_table(rows, [width] * CARD_COLUMNS, [
        *cut,
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), page.size * 0.6),
        ("RIGHTPADDING", (0, 0), (-1, -1), page.size * 0.6),
    ], rowHeights=CARD_HEIGHT)
    cut = page.label("cut_along_line", "Cut along the dotted lines.")
    return [para(title, page.styles["h2"]), para(cut, page.styles["muted"]),
            Spacer(1, page.size * 0.6), grid]


def sort_key(exercise: SortExercise, number: int, page: Page) -> list[Flowable]:
    rows = [(i.text, page.label(SAFE) if i.safe else page.label(NOT_SAFE)) for i in exercise.items]
    return [_answer_table(rows, page)]


# --- what would you do? --------------------------------------------------------------------------


def open_sheet(exercise: OpenExercise, number: int, page: Page) -> list[Flowable]:
    situation = tinted_box([para(exercise.situation, page.styles["cell"])], page.width, padding=page.size * 0.6)
    # room for a child's handwriting: 10 mm at 14 pt, 8.5 mm (ruled paper) at 12 pt; the sheet adds lines
    # to fill its page
    line_gap = max(page.size * 2.0, 8.5 * mm)
    return [situation, Spacer(1, page.size * 0.4), WritingLines(page.view.band.writing_lines, line_gap)]


def open_key(exercise: OpenExercise, number: int, page: Page) -> list[Flowable]:
    return [
        para(exercise.situation, page.styles["muted"]),
        para(exercise.answer, page.styles["body"], bold_prefix=page.label("model_answer", "Model answer") + ":"),
    ]


# --- match two columns ---------------------------------------------------------------------------


def match_sheet(exercise: MatchExercise, number: int, page: Page) -> list[Flowable]:
    order = match_order(page.view, number, len(exercise.pairs))
    letters = _letters(len(order))
    dot = page.size * 0.45
    dot_col = dot + 10
    hang = page.styles["hanging"]
    rows = [
        [KitParagraph(escape(pair.left), hang, bulletText=f"{i + 1}."), Dot(dot), EMPTY, Dot(dot),
         KitParagraph(escape(exercise.pairs[order[i]].right), hang, bulletText=f"{letters[i]}.")]
        for i, pair in enumerate(exercise.pairs)
    ]
    # each column gets what its longest text needs when both fit; otherwise they share in proportion,
    # but never so narrow that a single word has to break
    gap = page.width * 0.14  # the space between the dots, for drawing lines
    room = page.width - gap - 2 * dot_col
    columns = ([p.left for p in exercise.pairs], [p.right for p in exercise.pairs])
    extra = hang.leftIndent + 14
    left_need, right_need = (max(stringWidth(t, FONT, page.size) for t in texts) + extra for texts in columns)
    left_min, right_min = (
        max(stringWidth(word, FONT, page.size) for t in texts for word in t.split()) + extra for texts in columns
    )
    if left_need + right_need <= room:
        left = left_need
    else:
        left = room * left_need / (left_need + right_need)
        left = min(max(left, room * 0.3, left_min), room - right_min)
    right = room - left
    return [sheet_table(rows, [left, dot_col, gap, dot_col, right], [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), page.size * 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), page.size * 0.5),
    ])]


def match_key(exercise: MatchExercise, number: int, page: Page) -> list[Flowable]:
    order = match_order(page.view, number, len(exercise.pairs))
    letter_of = {pair_index: letter for letter, pair_index in zip(_letters(len(order)), order)}
    rows = [
        (f"{i + 1}. {pair.left}  →  {pair.right}", f"{i + 1} – {letter_of[i]}")
        for i, pair in enumerate(exercise.pairs)
    ]
    return [_answer_table(rows, page)]


# --- fill in the blank ---------------------------------------------------------------------------


NBSP = "\u00a0"

#: The shortest line a pupil writes a word on.
BLANK_MIN = 40 * mm


def fill_sheet(exercise: FillExercise, number: int, page: Page) -> list[Flowable]:
    words = blank_words(exercise)
    # no-break spaces as characters, not &nbsp; entities: the same text, parsed several times faster
    bank = KitParagraph(f"{NBSP * 3}·{NBSP * 3} ".join(escape(w) for w in words), page.styles["strong"])
    space = stringWidth("\u00a0", FONT, page.size)
    longest = max((stringWidth(w, FONT, page.size) for w in words), default=0)
    # every blank is as long as the longest word would need, so the length gives nothing away; it is an
    # underlined run of no-break spaces, a rule that never breaks over two lines
    blank = "<u>" + NBSP * math.ceil(max(BLANK_MIN, longest * 1.4) / space) + "</u>"
    style = page.styles["fill"]
    sentences = [
        KitParagraph(_marked(s, lambda _: blank), style, bulletText=f"{i}.")
        for i, s in enumerate(exercise.sentences, 1)
    ]
    if not words:  # sentences without [[blanks]]: nothing to choose from
        return sentences
    return [tinted_box([bank], page.width, padding=page.size * 0.6), Spacer(1, page.size * 0.5), *sentences]


def fill_key(exercise: FillExercise, number: int, page: Page) -> list[Flowable]:
    return [
        KitParagraph(_marked(s, lambda word: f"<b><u>{escape(word)}</u></b>"), page.styles["bullet"], bulletText=f"{i}.")
        for i, s in enumerate(exercise.sentences, 1)
    ]


#: Exercise class → its layout. The model's ``Exercise`` union and this table list the same kinds.
LAYOUTS: Mapping[type, ExerciseLayout] = MappingProxyType({
    ChoiceExercise: ExerciseLayout(word("tick_one", "Tick the right answer."), choice_sheet, choice_key),
    TrueFalseExercise: ExerciseLayout(word("true_false_header", "Tick: true or false?"), true_false_sheet,
                                      true_false_key),
    OpenExercise: ExerciseLayout(word("open_instruction", "Read what happens. Write down what you would do."),
                                 open_sheet, open_key),
    SortExercise: ExerciseLayout(word("sort_instruction", "Tick: safe or not safe?"), sort_sheet, sort_key),
    MatchExercise: ExerciseLayout(word("match_instruction", "Draw a line from left to right."), match_sheet, match_key),
    FillExercise: ExerciseLayout(word("fill_instruction", "Complete each sentence with a word from the box."),
                                 fill_sheet, fill_key),
})
