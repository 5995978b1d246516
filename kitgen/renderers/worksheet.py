"""The pupils' worksheet and the teacher's answer key with the lesson plan, as A4 PDFs."""
from __future__ import annotations

import random
import re

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kitgen.context import BuildContext
from kitgen.model import (
    ChoiceExercise,
    FillExercise,
    MatchExercise,
    OpenExercise,
    SortExercise,
    TrueFalseExercise,
)
from kitgen.renderers.pdfbase import (
    ACCENT,
    FONT,
    MARGIN,
    MUTED,
    build_pdf,
    bullet,
    para,
    register_fonts,
    styles,
)
from kitgen.view import LessonView

BLANK = re.compile(r"\[\[(.+?)\]\]")
LINE = colors.HexColor("#9AA5B1")


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.size, self.size)


class WritingLines(Flowable):
    """Ruled lines to write an answer on."""

    def __init__(self, count: int, gap: float):
        super().__init__()
        self.count, self.gap = count, gap

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.count * self.gap

    def draw(self):
        self.canv.setStrokeColor(LINE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.gap + 2
            self.canv.line(0, y, self.width, y)


def _footer(view: LessonView, title: str):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        width, _ = doc.pagesize
        canvas.drawString(MARGIN, 10 * mm, f"{view.lesson_id} · v{view.version} · {title} · {view.band.label}")
        canvas.drawRightString(width - MARGIN, 10 * mm, str(doc.page))
        canvas.restoreState()

    return draw


def _grid(rows, widths, header=False) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT))
    table.setStyle(TableStyle(style))
    return table


def match_order(view: LessonView, index: int, count: int) -> list[int]:
    """A fixed shuffle of the right-hand column, never the identity (so matching is not trivial)."""
    order = list(range(count))
    rng = random.Random(f"{view.lesson_id}/{view.band.id}/{index}")
    while count > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


class WorksheetRenderer:
    """The pupils' worksheet."""

    kind = "worksheet"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        size = view.band.worksheet_body_pt
        st = styles(size)
        labels = view.labels
        width = 210 * mm - 2 * MARGIN
        story = [
            para(view.title, st["title"]),
            para(f"{labels('worksheet')} · {view.band.label}", st["small"]),
            Spacer(1, size),
            _grid(
                [[para(f"{labels(key)}:", st["body"]), ""] for key in ("name", "class", "date")],
                [width * 0.22, width * 0.78],
            ),
            Spacer(1, size),
        ]
        for number, exercise in enumerate(view.content.exercises, 1):
            block = [para(labels("exercise", number=number), st["h2"]), para(exercise.prompt, st["body"])]
            block += self._body(view, number, exercise, st, size, width)
            story.append(KeepTogether(block))
        title = f"{view.title} – {labels('worksheet')}"
        return build_pdf(
            story, context=context, title=title, subject=view.band.label, lang_tag=view.language_tag,
            on_page=_footer(view, labels("worksheet")),
        )

    def _body(self, view, number, exercise, st, size, width) -> list:
        labels = view.labels
        box = size * 0.9
        if isinstance(exercise, ChoiceExercise):
            rows = [[TickBox(box), para(option, st["body"])] for option in exercise.options]
            return [_grid(rows, [box * 2, width - box * 2])]
        if isinstance(exercise, (TrueFalseExercise, SortExercise)):
            if isinstance(exercise, TrueFalseExercise):
                texts, yes, no = [s.text for s in exercise.statements], labels("true"), labels("false")
            else:
                texts, yes, no = [i.text for i in exercise.items], labels("safe"), labels("not_safe")
            col = width * 0.17
            header = ["", para(yes, st["h3"]), para(no, st["h3"])]
            rows = [header] + [[para(t, st["body"]), TickBox(box), TickBox(box)] for t in texts]
            table = _grid(rows, [width - 2 * col, col, col], header=True)
            table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER")]))
            return [table]
        if isinstance(exercise, OpenExercise):
            return [
                para(exercise.situation, st["body"]),
                WritingLines(view.band.writing_lines, size * 2.1),
            ]
        if isinstance(exercise, MatchExercise):
            order = match_order(view, number, len(exercise.pairs))
            rows = [
                [para(f"{i + 1}. {pair.left}", st["body"]), "•", "•",
                 para(f"{chr(65 + j)}. {exercise.pairs[order[j]].right}", st["body"])]
                for i, (pair, j) in enumerate(zip(exercise.pairs, range(len(order))))
            ]
            return [_grid(rows, [width * 0.4, width * 0.08, width * 0.08, width * 0.44])]
        if isinstance(exercise, FillExercise):
            words = sorted({w for s in exercise.sentences for w in BLANK.findall(s)}, key=str.lower)
            lines = [para(f"{labels('word_bank')}: " + "  ·  ".join(words), st["h3"])]
            for sentence in exercise.sentences:
                lines.append(bullet(BLANK.sub("______________", sentence), st["bullet"], "–"))
            return lines
        raise TypeError(f"no layout for {type(exercise).__name__}")


def answer_lines(view: LessonView, number: int, exercise) -> list[str]:
    """The answers of one exercise as short lines of text, for the key."""
    labels = view.labels
    if isinstance(exercise, ChoiceExercise):
        return [exercise.options[exercise.answer - 1]]
    if isinstance(exercise, TrueFalseExercise):
        return [f"{s.text} → {labels('true') if s.answer else labels('false')}" for s in exercise.statements]
    if isinstance(exercise, SortExercise):
        return [f"{i.text} → {labels('safe') if i.safe else labels('not_safe')}" for i in exercise.items]
    if isinstance(exercise, OpenExercise):
        return [f"{labels('model_answer')}: {exercise.answer}"]
    if isinstance(exercise, MatchExercise):
        order = match_order(view, number, len(exercise.pairs))
        letter_of = {pair_index: chr(65 + position) for position, pair_index in enumerate(order)}
        return [f"{i + 1} – {letter_of[i]}: {p.left} → {p.right}" for i, p in enumerate(exercise.pairs)]
    if isinstance(exercise, FillExercise):
        return [BLANK.sub(lambda m: m.group(1).upper(), s) for s in exercise.sentences]
    raise TypeError(f"no answer layout for {type(exercise).__name__}")


class AnswersRenderer:
    """The teacher's guide: lesson plan, safeguarding, and the answer key."""

    kind = "answers"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        st = styles(11)
        labels = view.labels
        content = view.content
        width = 210 * mm - 2 * MARGIN
        story = [
            para(view.title, st["title"]),
            para(f"{labels('answers')} · {labels('teacher_only')} · {view.band.label} · "
                 f"{labels('minutes_total', minutes=view.band.minutes)}", st["small"]),
            para(content.summary, st["body"]),
            para(labels("goals"), st["h2"]),
        ]
        story += [bullet(g.text, st["bullet"], bold_prefix=f"{labels('goal_' + g.kind)}:") for g in content.goals]
        story.append(para(labels("keywords"), st["h2"]))
        story += [para(k.meaning, st["body"], bold_prefix=f"{k.term}:") for k in content.keywords]
        for key, items in (("materials", content.materials), ("preparation", content.preparation)):
            story.append(para(labels(key), st["h2"]))
            story += [bullet(item, st["bullet"]) for item in items]
        story.append(para(labels("lesson_plan"), st["h2"]))
        rows = [[para(labels("time"), st["h3"]), para(labels("activity"), st["h3"])]]
        for activity in content.activities:
            rows.append([
                para(f"{activity.minutes} {labels('minutes')}", st["body"]),
                [para(activity.title, st["h3"]), para(activity.description, st["body"])],
            ])
        story.append(_grid(rows, [width * 0.14, width * 0.86], header=True))
        story.append(para(labels("safeguarding"), st["h2"]))
        for key in ("ground_rules", "disclosure", "distance"):
            story.append(para(labels(key), st["h3"]))
            story += [bullet(item, st["bullet"]) for item in getattr(content.safeguarding, key)]
        story.append(para(labels("answer_key"), st["h2"]))
        for number, exercise in enumerate(content.exercises, 1):
            block = [para(f"{labels('exercise', number=number)}: {exercise.prompt}", st["h3"])]
            block += [bullet(line, st["bullet"]) for line in answer_lines(view, number, exercise)]
            block.append(para(exercise.explanation, st["body"], bold_prefix=f"{labels('explanation')}:"))
            story.append(KeepTogether(block))
        if content.discussion_tips:
            story.append(para(labels("discussion_tips"), st["h2"]))
            story += [bullet(tip, st["bullet"]) for tip in content.discussion_tips]
        story.append(para(labels("sources"), st["h2"]))
        story += [para(f"{s.title} – {s.url} ({s.consulted.isoformat()})", st["small"]) for s in view.sources]
        story.append(para(labels("reviewed", date=view.reviewed.isoformat()), st["small"]))
        title = f"{view.title} – {labels('answers')}"
        return build_pdf(
            story, context=context, title=title, subject=view.band.label, lang_tag=view.language_tag,
            on_page=_footer(view, labels("answers")),
        )
