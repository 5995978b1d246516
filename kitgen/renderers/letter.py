"""The parent letter: one structure, written as an A4 PDF and as plain text from a Jinja2 template."""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Spacer

from kitgen.context import BuildContext
from kitgen.renderers.pdfbase import build_pdf, bullet, para, register_fonts, styles
from kitgen.templating import environment, render_template
from kitgen.view import LessonView


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs and bullet points."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Letter:
    """Everything the letter says, in the kit's language."""

    subject: str
    intro: str
    sections: list[Section]
    sender: str


def resource_line(resource) -> str:
    """One help resource as a line: name, what it is, web address and phone."""
    parts = [f"{resource.name}: {resource.description}"]
    if resource.url:
        parts.append(resource.url)
    if resource.phone:
        parts.append(resource.phone)
    return " – ".join(parts)


def make_letter(view: LessonView) -> Letter:
    labels = view.labels
    letter = view.content.letter
    return Letter(
        subject=labels("letter_subject", title=view.title),
        intro=labels("letter_intro", title=view.title),
        sections=[
            Section(labels("letter_what"), paragraphs=[letter.what]),
            Section(labels("letter_why"), paragraphs=[letter.why]),
            Section(labels("letter_learns"), bullets=letter.learns),
            Section(labels("letter_talk"), bullets=letter.conversation),
            Section(labels("letter_tips"), bullets=letter.tips),
            Section(labels("letter_help"), bullets=[resource_line(r) for r in view.resources]),
        ],
        sender=labels("letter_sender"),
    )


class LetterPdf:
    """The letter for print."""

    kind = "letter"
    suffix = ".pdf"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        register_fonts(context.fonts_dir)
        st = styles(10.5)
        letter = make_letter(view)
        story = [para(letter.subject, st["title"]), para(view.labels("dear_parents"), st["body"]), para(letter.intro, st["body"])]
        for section in letter.sections:
            story.append(para(section.heading, st["h2"]))
            story += [para(p, st["body"]) for p in section.paragraphs]
            story += [bullet(b, st["bullet"]) for b in section.bullets]
        story += [Spacer(1, 8), para(view.labels("regards"), st["body"]), para(letter.sender, st["body"])]
        return build_pdf(story, context=context, title=letter.subject, subject=view.band.label, lang_tag=view.language_tag)


class LetterText:
    """The letter as plain UTF-8 text for a parent app or e-mail."""

    kind = "letter-text"
    suffix = ".txt"

    def render(self, view: LessonView, context: BuildContext) -> bytes:
        env = environment(context.templates_dirs)
        text = render_template(env, "letter.txt.j2", letter=make_letter(view), labels=view.labels)
        return text.encode("utf-8")
