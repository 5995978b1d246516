"""The teacher's guide: lesson plan, safeguarding, every exercise answered and explained, as an A4 PDF."""
from __future__ import annotations

from dataclasses import replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from kitgen.context import BuildContext
from kitgen.i18n import word
from kitgen.renderers.sheet.exercises import Page, layout_for, page_styles
from kitgen.renderers.pdfbase import ACCENT, FONT_BOLD, FRAME_PADDING, build_pdf, bullet, para, register_fonts
from kitgen.renderers.sheet.floats import FloatingBox
from kitgen.renderers.sheet.paging import balance, height_of
from kitgen.renderers.sheet.tail import TailChoice
from kitgen.renderers.sheet.parts import KeptTogether, RULE, SheetTable, WARM_EDGE, WARM_TINT, ZEBRA, form_row, sheet_table, tinted_box
from kitgen.renderers.sheet.worksheet import SHEET_MARGINS, TEXT_WIDTH, eyebrow, page_footer
from kitgen.view import LessonView

BODY_PT = 10.5
BOX_PADDING = 8

#: The heading of each kind of lesson goal (a goal's ``kind`` in the YAML).
GOAL_KINDS = {
    "knowledge": word("goal_knowledge", "Knowledge"),
    "skills": word("goal_skills", "Skills"),
    "attitude": word("goal_attitude", "Attitude"),
}


def guide_styles(size: float) -> dict[str, ParagraphStyle]:
    """Guide styles: the exercise styles plus a heading for each answered exercise."""
    st = page_styles(size)
    st["exercise"] = ParagraphStyle("exercise", parent=st["h3"], fontSize=size * 1.05, leading=size * 1.4,
                                    spaceBefore=size * 0.9, spaceAfter=size * 0.35, keepWithNext=1)
    st["subhead"] = ParagraphStyle("subhead", parent=st["cell"], fontName=FONT_BOLD, spaceBefore=size * 0.5,
                                   spaceAfter=size * 0.15, keepWithNext=1)
    # a point's last line never alone at the top of a page
    st["bullet"] = ParagraphStyle("guide_bullet", parent=st["bullet"], allowWidows=0)
    st["source"] = st["small"]
    # the sources run to some thirty lines (the lesson's and the background's); set closer when that saves a page
    st["source_compact"] = ParagraphStyle("source_compact", parent=st["small"], fontSize=size * 0.7,
                                          leading=size * 0.86, spaceAfter=size * 0.1)
    return st


def heading(text: str, page: Page) -> list[Flowable]:
    """A section heading; :func:`keep_headings` keeps it with what follows."""
    return [para(text, page.styles["h2"])]


def keep_headings(story: list[Flowable], page: Page) -> list[Flowable]:
    """Every heading kept on a page with the start of what follows it, never alone at a page's foot.

    A heading and the next flowable go together; before a table, the heading asks for room for the table's
    head and first two rows only (a whole table dragged along could leave half a page empty).
    """
    heads = {id(page.styles[name]) for name in ("h2", "subhead", "exercise")}
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        flowable = story[i]
        if getattr(flowable, "style", None) is not None and id(flowable.style) in heads and i + 1 < len(story):
            group = [flowable]
            while i + 1 < len(story) and id(getattr(story[i + 1], "style", None)) in heads:
                i += 1
                group.append(story[i])  # a heading right under a heading joins it
            following = story[i + 1] if i + 1 < len(story) else None
            if isinstance(following, Table):
                following.wrap(page.width, 1e6)
                need = height_of(group, page.width) + sum(following._rowHeights[:3])
                out += [CondPageBreak(need), *group]
            elif following is not None:
                out.append(KeptTogether([*group, following]))
                i += 1
            else:
                out += group
        else:
            out.append(flowable)
        i += 1
    return out


def _table(rows, widths, page: Page) -> Table:
    return sheet_table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]),
        ("TOPPADDING", (0, 0), (-1, -1), page.size * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), page.size * 0.5),
    ], repeatRows=1)


def plan_section(page: Page) -> list[Flowable]:
    """Goals, preparation and materials, key words and the timed activities."""
    content, st = page.view.content, page.styles
    story: list[Flowable] = heading(page.label("goals", "Learning goals"), page)
    story += [bullet(g.text, st["bullet"], bold_prefix=page.label(GOAL_KINDS[g.kind]) + ":") for g in content.goals]
    story += heading(page.label("prepare_and_materials", "Preparation and materials"), page)
    for title, items in ((word("preparation", "Preparation"), content.preparation),
                         (word("materials", "Materials"), content.materials)):
        story.append(para(page.label(title), st["subhead"]))
        story += [bullet(item, st["bullet"]) for item in items]
    story += heading(page.label("keywords", "Key words"), page)
    rows = [[para(page.label("term", "Word"), st["strong"]), para(page.label("meaning", "Meaning"), st["strong"])]]
    rows += [[para(k.term, st["strong"]), para(k.meaning, st["cell"])] for k in content.keywords]
    story.append(_table(rows, [page.width * 0.28, page.width * 0.72], page))
    story += heading(page.label("lesson_plan", "Lesson plan"), page)
    rows = [[para(page.label("time", "Time"), st["strong"]), para(page.label("activity", "Activity"), st["strong"])]]
    start = 0
    for activity in content.activities:
        end = start + activity.minutes
        rows.append([
            para(page.label("time_span", "{start}–{end} min", start=start, end=end), st["cell"]),
            [para(activity.title, st["strong"]), para(activity.description, st["cell"])],
        ])
        start = end
    story.append(_table(rows, [page.width * 0.16, page.width * 0.84], page))
    if content.short_period:
        story += [Spacer(1, page.size * 0.6),
                  para(content.short_period, st["body"], bold_prefix=page.label("short_period", "Shorter period?"))]
    return story


def safeguarding_section(page: Page) -> list[Flowable]:
    """The ground rules, responding to a disclosure and keeping distance, in a warm box that may break."""
    st, safeguarding = page.styles, page.view.content.safeguarding
    # the school fills in who to go to, so the teacher has it at hand during the lesson: at the top, with
    # room to write a name (over 7 cm) and a phone number
    width = page.width - 3 * BOX_PADDING
    rows: list[Flowable] = [
        form_row([para(f"{label}:", st["strong"])],
                 [stringWidth(f"{label}:", FONT_BOLD, page.size) + 12], width * share, [1.0])
        for label, share in ((page.label("safeguarding_lead", "Safeguarding lead at school"), 1.0),
                             (page.label("phone", "Phone"), 0.6))
    ]
    rows.append(Spacer(1, page.size * 0.4))
    for key, title in (("ground_rules", word("ground_rules", "Ground rules for the class")),
                       ("disclosure", word("disclosure", "If a pupil tells you something")),
                       ("distance", word("distance", "Keeping distance"))):
        rows.append(para(page.label(title), st["subhead"]))
        rows += [bullet(item, st["bullet"]) for item in getattr(safeguarding, key)]
    box = tinted_box(rows, page.width, WARM_TINT, WARM_EDGE, padding=BOX_PADDING)
    # kept whole on one page (a box taller than a page still breaks between its rows)
    return [KeptTogether([*heading(page.label("safeguarding", "Safeguarding"), page), box])]


def background_sections(page: Page) -> list[list[Flowable]]:
    """The teacher's background shared by every lesson (guide.yaml): the topic, the law, signs, what to do;
    each section its heading (kept with its first point) and points."""
    st = page.styles
    return [keep_headings([*heading(section.title, page), *(bullet(point, st["bullet"]) for point in section.points)],
                          page)
            for section in page.view.guide]


def safeguarding_and_background(page: Page) -> list[Flowable]:
    """The safeguarding box, then the background; when the box does not fit under the lesson plan, the
    background's first sections that fit whole fill that page and the box heads the next."""
    return [FloatingBox(safeguarding_section(page), background_sections(page))]


def answer_block(exercise, number: int, page: Page) -> list[Flowable]:
    """One exercise answered: its prompt, the key and why."""
    st = page.styles
    block = [para(exercise.prompt, st["exercise"], bold_prefix=f"{number}.")]
    block += layout_for(exercise).key(exercise, number, page)
    block.append(Spacer(1, page.size * 0.3))
    block.append(para(exercise.explanation, st["body"], bold_prefix=page.label("explanation", "Why") + ":"))
    return block


#: How much of the space between paragraphs and in table rows a key set closer keeps.
CLOSER = 0.5


def closer_page(page: Page) -> Page:
    """``page`` with less space above and below paragraphs (the type keeps its size and leading)."""
    styles = {name: ParagraphStyle(f"{name}_closer", parent=style, spaceBefore=style.spaceBefore * CLOSER,
                                   spaceAfter=style.spaceAfter * CLOSER)
              for name, style in page.styles.items()}
    return replace(page, styles=styles)


def set_closer(block: list[Flowable]) -> list[Flowable]:
    """The rows of ``block``'s tables set closer (in place); returns ``block``."""
    for flowable in block:
        if isinstance(flowable, Table):
            for row in flowable._cellStyles:
                for cell in row:
                    cell.topPadding *= CLOSER
                    cell.bottomPadding *= CLOSER
            if isinstance(flowable, SheetTable):
                flowable.restyled()
    return block


def answer_section(page: Page) -> list[Flowable]:
    """Every exercise with its answers and a short explanation, each kept on one page.

    The key starts on a page of its own, with the lesson's title, so it can be printed or handed out alone.
    The exercises are balanced over its pages (:func:`~kitgen.renderers.sheet.paging.balance`), so the last
    page holds more than one when it can; a key that runs a little over its pages is set closer when that
    saves a page.
    """
    st, view = page.styles, page.view
    head: list[Flowable] = [
        eyebrow(page.label("answer_key", "Answers") + f" · {view.band.label}", 9),
        Spacer(1, 4),
        para(view.title, st["title"]),
    ]
    room = A4[1] - SHEET_MARGINS[0] - SHEET_MARGINS[2] - 2 * FRAME_PADDING
    rooms = [room - height_of(head, page.width), room]
    exercises = view.content.exercises

    def plan(on: Page, blocks: list[list[Flowable]]):
        heights = [height_of(block, on.width) for block in blocks]
        return balance(heights, rooms, on.styles["exercise"].spaceBefore, room)

    blocks = [answer_block(exercise, number, page) for number, exercise in enumerate(exercises, 1)]
    pages = plan(page, blocks)
    if len(pages) > 1:
        closer = closer_page(page)
        tight = [set_closer(answer_block(exercise, number, closer)) for number, exercise in enumerate(exercises, 1)]
        fewer = plan(closer, tight)
        if len(fewer) < len(pages):
            blocks, pages = tight, fewer
    story: list[Flowable] = [PageBreak(), *head]
    for number, on_page in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [KeptTogether(blocks[i]) for i in on_page]
    return story


def closing_section(page: Page) -> list[Flowable]:
    """Discussion tips and help to refer pupils to (the sources follow: :func:`sources_section`)."""
    view, st = page.view, page.styles
    story: list[Flowable] = []
    if view.content.discussion_tips:
        story += heading(page.label("discussion_tips", "Tips for the discussion"), page)
        story += [bullet(tip, st["bullet"]) for tip in view.content.discussion_tips]
    if view.resources:
        story += heading(page.label("help_for_teacher", "Help and referral"), page)
        for resource in view.resources:
            contact = " · ".join(part for part in (resource.url, resource.phone) if part)
            story.append(bullet(f"{resource.description} {contact}".strip(), st["bullet"],
                                bold_prefix=f"{resource.name}:"))
    return story


def sources_section(page: Page, compact: bool = False) -> list[Flowable]:
    """The sources and the review date, the guide's last lines; ``compact`` sets the sources closer."""
    view, st = page.view, page.styles
    story = heading(page.label("sources", "Sources"), page)
    shown = {s.url: s for s in [*view.sources, *view.guide_sources]}  # a page cited by both counts once
    style = st["source_compact" if compact else "source"]
    story += [para(f"{s.title} – {s.url} ({s.consulted.isoformat()})", style) for s in shown.values()]
    reviewed = page.label("reviewed", "Content reviewed on {date}", date=view.reviewed.isoformat())
    story.append(para(reviewed, st["small"]))
    return keep_headings(story, page)


#: A last page this empty (share of its height left over) is worth saving by setting the sources closer.
NEARLY_EMPTY = 0.75


def sources_set_closer(page: Page) -> TailChoice:
    """The sources, set closer when a few of them would otherwise sit alone on the guide's last page."""
    return TailChoice(
        lambda: sources_section(page), lambda: sources_section(page, compact=True),
        try_other=lambda end: end.page > 1 and end.space_left > NEARLY_EMPTY * end.page_height,
        prefer_other=lambda usual, closer: closer.page < usual.page,
    )


class AnswersRenderer:
    """The teacher's guide with the answer key."""

    kind = "answers"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        page = Page(view, guide_styles(BODY_PT), BODY_PT, TEXT_WIDTH, context.assets_dir)
        labels = view.labels
        story = [
            eyebrow(" · ".join([
                labels("teacher_only", "For the teacher"), view.band.label,
                labels.plural("minutes_total", "{count} minute", "{count} minutes", view.band.minutes),
            ]), 9),
            Spacer(1, 4),
            para(view.title, page.styles["title"]),
            para(labels("answers", "Answers and lesson plan"), page.styles["h3"]),
            para(labels("about_lesson", "About this lesson"), page.styles["h2"]),
            para(view.content.summary, page.styles["body"]),
            *plan_section(page),
            *safeguarding_and_background(page),
            *closing_section(page),
        ]
        story = keep_headings(story, page)
        story.append(sources_set_closer(page))  # the guide's last lines, before the answer key's own pages
        story += keep_headings(answer_section(page), page)
        answers = labels("answers", "Answers and lesson plan")
        return build_pdf(
            story, context=context, title=f"{view.title} – {answers}", subject=f"{answers} · {view.band.label}",
            lang_tag=view.language_tag, page_footer=page_footer(view, answers),
            keywords=[view.lesson_id, view.band.id, view.lang], margins=SHEET_MARGINS,
        )
