"""The parent letter as one structure of plain strings, worded by the templates/letter-words.<lang>.j2 template."""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_date

from kitgen.context import BuildContext, explicit_source_date
from kitgen.errors import KitgenError
from kitgen.i18n import word
from kitgen.templating import environment, template_module
from kitgen.view import LessonView

#: A line to fill in by hand where a --school profile would have given the fact (printed letter only).
BLANK = "_" * 22

#: What the screen letters (text, HTML, e-mail) show instead of a fact a --school profile would have
#: given: a marked placeholder the teacher replaces, a kit word (a letter language uses the English one).
# TRANSLATORS: the square brackets mark a placeholder the teacher replaces in the letter; keep them
PLACEHOLDERS = {
    "name": word("placeholder_school", "[name of the school]"),
    "teacher": word("placeholder_teacher", "[your name]"),
    "class_name": word("placeholder_class", "[class]"),
    "lesson_date": word("placeholder_lesson_date", "[date of the lesson]"),
    "email": word("placeholder_email", "[your email address]"),
    "phone": word("placeholder_phone", "[your phone number]"),
    "written": word("placeholder_date", "[date]"),
}

#: The pieces every letter-words template must set.
WORDS = (
    "subject", "school_line", "written_line", "salutation", "intro", "what_heading", "why_heading",
    "meaning_heading", "grooming_means", "sextortion_means", "learns_heading", "talk_heading", "talk_intro",
    "tips_heading", "signs_heading", "signs_intro", "dont_heading", "dont_intro", "call_heading", "call_text",
    "help_heading", "qr_hint", "phone_label", "email_label", "questions", "closing", "sender", "sender_role",
)
#: The pieces that are lists of lines (bullets), set in the template as ``{% set signs = [...] %}``.
LIST_WORDS = ("signs", "donts")

#: How many conversation starters a letter offers.
CONVERSATION_STARTERS = 3


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs and bullet points."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    key: str = ""  # which part of the letter: what, why, meaning, learns, talk, tips, signs, donts, call


@dataclass(frozen=True)
class HelpEntry:
    """One help resource as the letter shows it."""

    name: str
    description: str
    url: str | None
    phone: str | None
    phone_link: str | None  # tel: link, so a parent reading on a phone can tap to call


@dataclass(frozen=True)
class ContactLine:
    """How to reach the teacher: "E-mail: …" with a mailto: or tel: link, or a blank without a link."""

    label: str
    value: str
    link: str | None


@dataclass(frozen=True)
class Letter:
    """Everything the letter says, in the kit's language, as plain text (never markup)."""

    lang_tag: str  # BCP 47, e.g. nl-NL
    direction: str  # "ltr" or "rtl", for the HTML letter's dir attribute
    logo: Path | bytes | None  # a file, or the image's bytes
    logo_alt: str  # the logo's alt text ("Logo van de school"): not the school's name, which follows it
    school_line: str  # the school's name, or a blank to fill in
    address: str | None  # the school's address on one line, when the profile gives it (never a blank)
    written_line: str  # the date of writing
    subject: str
    salutation: str
    intro: str  # what the class will do, and when
    sections: list[Section]  # what, why, what the child learns, talking at home, tips
    help_heading: str
    qr_hint: str  # how to use the QR codes (only the printed letter has them)
    help: list[HelpEntry]
    phone_label: str
    questions: str
    contact: list[ContactLine]  # e-mail, phone
    closing: str
    sender: str  # the teacher's name, or a blank to fill in
    sender_role: str
    #: The marked placeholders in the text (screen forms without a --school profile), for the HTML to highlight.
    placeholders: tuple[str, ...] = ()


def resource_line(resource) -> str:
    """One help resource as a line: name, what it is, web address and phone (the slides use it too)."""
    parts = [f"{resource.name}: {resource.description}"]
    if resource.url:
        parts.append(resource.url)
    if resource.phone:
        parts.append(resource.phone)
    return " – ".join(parts)


def tel_link(phone: str | None) -> str | None:
    """A tel: link for a phone number as people write it ("0800-0432" → "tel:08000432")."""
    if not phone:
        return None
    digits = re.sub(r"[^0-9+]", "", phone)
    return f"tel:{digits}" if digits else None


def long_date(date: dt.date, lang_tag: str, *, weekday: bool = False) -> str:
    """A date written out for the kit's language: "3 december 2026", "Thursday, 3 December 2026"."""
    return format_date(date, "full" if weekday else "long", locale=lang_tag.replace("-", "_"))


def letter_date(context: BuildContext) -> dt.date | None:
    """The date printed on the letter: the profile's ``letter_date``, else SOURCE_DATE_EPOCH's day.

    Never a made-up default: without either, the letter leaves a line to write the date on.
    """
    if context.school is not None and context.school.letter_date is not None:
        return context.school.letter_date
    return explicit_source_date()


def placeholder(view: LessonView, field: str) -> str:
    """The marked placeholder for a school fact on screen, e.g. "[naam van de school]"."""
    return view.labels(PLACEHOLDERS[field])


def letter_words_template(names: list[str], lang: str) -> str:
    """The letter-words template of ``lang``; a kit language added without one writes its letters in English."""
    own = f"letter-words.{lang}.j2"
    return own if own in names else "letter-words.en.j2"


def letter_words(view: LessonView, context: BuildContext, screen: bool = False) -> dict:
    """The letter's words for this view, from the (possibly overridden) letter-words template.

    ``screen``: for the text, HTML and e-mail forms, where a missing school fact is a marked placeholder
    rather than a line to write on.
    """
    school = context.school
    fill_in = screen and school is None
    if fill_in:
        facts = {field: placeholder(view, field) for field in PLACEHOLDERS if field != "written"}
        school_values = {**facts, "signature": None, "address": None}
    elif school is not None:
        school_values = {
            "name": school.name,
            "teacher": school.teacher,
            "class_name": school.class_name,
            "lesson_date": long_date(school.lesson_date, view.language_tag, weekday=True),
            "email": school.email,
            "phone": school.phone,
            "address": school.address,
            "signature": school.signature_for(view.lang),
        }
    else:
        school_values = None
    written = letter_date(context)
    written_text = long_date(written, view.language_tag) if written else (
        placeholder(view, "written") if fill_in else BLANK)
    env = context.once(("jinja", context.templates_dirs), lambda: environment(context.templates_dirs))
    name = letter_words_template(env.loader.list_templates(), view.lang)
    module = template_module(
        env,
        name,
        title=view.title,
        ages=view.band.ages,
        role=view.band.teacher_role,
        phones=view.phones,
        emergency=view.emergency_phones,
        written=written_text,
        blank=placeholder(view, "name") if fill_in else BLANK,
        school=school_values,
    )
    missing = [word for word in (*WORDS, *LIST_WORDS) if not hasattr(module, word)]
    if missing:
        raise KitgenError(f"template '{name}' does not set {', '.join(repr(w) for w in missing)}")
    not_lists = [word for word in LIST_WORDS if not isinstance(getattr(module, word), (list, tuple))]
    if not_lists:
        raise KitgenError(f"template '{name}' must set {', '.join(repr(w) for w in not_lists)} to a list, "
                          "as {% set signs = [\"...\", \"...\"] %}")
    # Template authors may wrap a piece over several lines; the letter wants it as one line.
    words: dict = {word: " ".join(str(getattr(module, word)).split()) for word in WORDS}
    words.update({word: [" ".join(str(line).split()) for line in getattr(module, word)] for word in LIST_WORDS})
    return words


def make_letter(view: LessonView, context: BuildContext, screen: bool = False) -> Letter:
    """The letter for one kit, made once per build: one for print (the PDF), one for screens (text, HTML,
    e-mail), which differ only without a school profile (lines to write on, or marked placeholders)."""
    screen = screen and context.school is None
    key = ("letter", view.lesson_id, view.band.id, view.lang, screen)
    return context.once(key, lambda: _compose(view, context, screen))


def _compose(view: LessonView, context: BuildContext, screen: bool) -> Letter:
    words = letter_words(view, context, screen)
    content = view.content.letter
    school = context.school
    contact = [
        ContactLine(words["email_label"], school.email, f"mailto:{school.email}") if school
        else ContactLine(words["email_label"], placeholder(view, "email") if screen else BLANK, None),
        ContactLine(words["phone_label"], school.phone, tel_link(school.phone)) if school
        else ContactLine(words["phone_label"], placeholder(view, "phone") if screen else BLANK, None),
    ]
    return Letter(
        lang_tag=view.language_tag,
        direction="rtl" if view.rtl else "ltr",
        logo=school.logo if school else None,
        logo_alt=view.labels("logo_alt", "School logo"),
        school_line=words["school_line"],
        address=school.address if school else None,
        written_line=words["written_line"],
        subject=words["subject"],
        salutation=words["salutation"],
        intro=words["intro"],
        sections=[
            Section(words["what_heading"], paragraphs=[content.what], key="what"),
            Section(words["why_heading"], paragraphs=[content.why], key="why"),
            Section(words["meaning_heading"], paragraphs=[words["grooming_means"], words["sextortion_means"]],
                    key="meaning"),
            Section(words["learns_heading"], bullets=content.learns, key="learns"),
            Section(
                words["talk_heading"],
                paragraphs=[words["talk_intro"]],
                bullets=content.conversation[:CONVERSATION_STARTERS],
                key="talk",
            ),
            Section(words["tips_heading"], bullets=content.tips, key="tips"),
            Section(words["signs_heading"], paragraphs=[words["signs_intro"]], bullets=words["signs"], key="signs"),
            Section(words["dont_heading"], paragraphs=[words["dont_intro"]], bullets=words["donts"], key="donts"),
            Section(words["call_heading"], paragraphs=[words["call_text"]], key="call"),
        ],
        help_heading=words["help_heading"],
        qr_hint=words["qr_hint"],
        help=[HelpEntry(r.name, r.description, r.url, r.phone, tel_link(r.phone)) for r in view.resources],
        phone_label=words["phone_label"],
        questions=words["questions"],
        contact=contact,
        closing=words["closing"],
        sender=words["sender"],
        sender_role=words["sender_role"],
        placeholders=tuple(placeholder(view, field) for field in PLACEHOLDERS) if screen else (),
    )


def logo_source(logo: Path | bytes) -> str | io.BytesIO:
    """What reportlab and Pillow open: a logo file's path, or a stream over the image's bytes."""
    return io.BytesIO(logo) if isinstance(logo, bytes) else str(logo)
