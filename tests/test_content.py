"""The shipped lessons meet the content counts of the curriculum, checked from the model."""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pptx import Presentation

from kitgen.i18n import LANGUAGES, Labels
from kitgen.loader import load_catalog
from kitgen.model import Text

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

CATALOG = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
KITS = [(lesson, band.id) for lesson in CATALOG.lessons for band in CATALOG.bands]
IDS = [f"{lesson.id}/{band}" for lesson, band in KITS]


def _texts(value) -> list[Text]:
    """Every Text inside a model value."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in _texts(getattr(value, f.name))]
    return []


def test_the_three_lessons_are_there():
    assert {lesson.id for lesson in CATALOG.lessons} == {"grooming", "friend-requests", "sharing-photos"}


@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_slides(lesson, band):
    slides = lesson.bands[band].slides
    assert 10 <= len(slides) <= 16
    kinds = {slide.kind for slide in slides}
    assert {"title", "question", "explain", "scenario", "quiz", "discussion", "recap", "help"} <= kinds
    assert all(slide.notes and slide.minutes >= 1 for slide in slides)


@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_worksheet_goals_and_plan(lesson, band):
    content = lesson.bands[band]
    assert len(content.exercises) >= 4
    assert len({exercise.kind for exercise in content.exercises}) >= 3
    assert {goal.kind for goal in content.goals} == {"knowledge", "skills", "attitude"}
    assert len(content.keywords) >= 3
    assert content.materials and content.preparation
    assert sum(a.minutes for a in content.activities) == CATALOG.band(band).minutes
    safeguarding = content.safeguarding
    assert safeguarding.ground_rules and safeguarding.disclosure and safeguarding.distance


@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_letter_and_help(lesson, band):
    content = lesson.bands[band]
    assert len(content.letter.conversation) == 3
    assert content.letter.tips and content.letter.learns
    assert content.resources
    help_ids = {rid for slide in content.slides if slide.kind == "help" for rid in slide.resources}
    if band in ("8-10", "10-12"):
        assert "helpwanted" not in help_ids | set(content.resources), "Help Wanted serves ages 12-18"


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=[lesson.id for lesson in CATALOG.lessons])
def test_sources_and_review(lesson):
    assert lesson.sources and all(source.url.startswith("https://") for source in lesson.sources)
    assert lesson.reviewed


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=[lesson.id for lesson in CATALOG.lessons])
def test_youngest_and_oldest_bands_differ_in_content(lesson):
    def kit_text(band):
        content = lesson.bands[band]
        parts = [content.slides, content.exercises, content.letter, content.summary, content.goals]
        return {t["nl"] for part in parts for t in _texts(part)}

    young, old = kit_text("8-10"), kit_text("14-16")
    assert len(young & old) / len(young | old) < 0.2


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=[lesson.id for lesson in CATALOG.lessons])
def test_every_text_is_translated_and_not_copied(lesson):
    texts = [t for content in lesson.bands.values() for t in _texts(content)]
    assert all(set(LANGUAGES) <= set(t.values) for t in texts)  # letter texts may also have letter languages
    # Names and numbers ("De Kindertelefoon: 0800-0432") are the same in both; sentences are not.
    copied = [t for t in texts if t["nl"] == t["en"] and len(t["nl"].split()) > 5]
    assert not copied, [t["nl"] for t in copied[:5]]


def _artifact(built, manifest, lesson: str, band: str, lang: str, kind: str) -> bytes:
    entry = next(a for a in manifest["artifacts"] if (a["lesson"], a["band"], a["lang"], a["kind"]) == (lesson, band, lang, kind))
    return (built / entry["path"]).read_bytes()


def _slide_text(slide) -> str:
    return " ".join(" ".join(shape.text_frame.text.split()) for shape in slide.shapes if shape.has_text_frame)


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_the_ground_rules_come_right_after_the_title_slide(built, manifest, lesson, band, lang):
    deck = Presentation(io.BytesIO(_artifact(built, manifest, lesson.id, band, lang, "slides")))
    slides = list(deck.slides)
    assert slides[0].shapes.title.text_frame.text.strip() == lesson.bands[band].slides[0].title[lang]
    title = Labels(lang)("ground_rules_slide")
    assert slides[1].shapes.title.text_frame.text.startswith(title)
    rules_slides = [s for s in slides if s.shapes.title is not None and s.shapes.title.text_frame.text.startswith(title)]
    shown = " ".join(_slide_text(s) for s in rules_slides)
    for rule in lesson.bands[band].safeguarding.ground_rules:
        assert " ".join(rule[lang].split()) in shown


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_the_letter_explains_warns_and_says_who_to_call_signed_by_the_bands_role(built, manifest, lesson, band, lang):
    text = _artifact(built, manifest, lesson.id, band, lang, "letter-text").decode("utf-8")
    flat = " ".join(text.split())
    words = {
        "nl": ["Grooming:", "Sextortion:", "Waar kunt u op letten?", "Wat kunt u beter niet doen?", "boos afpakken",
               "wissen", "dader", "Betalen", "Wie kunt u bellen?", "112", "0800-2000"],
        "en": ["Grooming is when", "Sextortion is when", "What to look out for", "What not to do", "in anger",
               "delete", "offender", "pay", "Who to call", "112", "0800-2000"],
    }[lang]
    missing = [word for word in words if word not in flat]
    assert not missing, missing
    role = CATALOG.band(band).teacher_role[lang]
    sign_off = " ".join(text.strip().splitlines()[-2:]).lower()  # the sender's name and role
    assert role in sign_off
    if band in ("12-14", "14-16"):
        assert "leerkracht" not in sign_off and "your child’s teacher" not in sign_off


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("nl", "1 gezamenlijke vriend", "2 gezamenlijke vrienden"),
    ("en", "1 mutual friend", "2 mutual friends"),
])
def test_no_plural_slip_when_a_profile_card_shows_1_and_2(lang, one, two):
    from kitgen.model import FriendRequest
    from kitgen.renderers.deck.fit import load_metrics
    from kitgen.renderers.deck.plan import Box
    from kitgen.renderers.deck.scene import request_drawing
    from kitgen.renderers.deck.theme import CALM

    metrics = load_metrics(PROJECT_ROOT / "assets" / "fonts")

    def card(count: int, age: str | None = None) -> str:
        request = FriendRequest(name="Sam", handle="sam.skate", age=age, mutual_friends=count, bio="Hoi!")
        drawing = request_drawing(request, Box(0, 0, 6_000_000, 4_000_000), 20, metrics, Labels(lang), CALM)
        return " ".join(p.text for shape in drawing.shapes if shape.text for p in shape.text.paras)

    assert one in card(1) and f"{one}en" not in card(1) and f"{one}s" not in card(1)
    assert two in card(2)
    assert {"nl": "12 jaar", "en": "12 years old"}[lang] in card(0, "12")
    assert {"nl": "1 jaar", "en": "1 year old"}[lang] in card(0, "1")
    assert Labels(lang)("minutes_total", count=1).startswith("1 minu")
    assert Labels(lang)("minutes_total", count=1) != Labels(lang)("minutes_total", count=50).replace("50", "1")


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_no_phone_number_twice_on_one_slide(built, manifest, lesson, band, lang):
    numbers = {n for r in CATALOG.resources.values() for n in (r.phone, r.emergency_phone) if n}
    deck = Presentation(io.BytesIO(_artifact(built, manifest, lesson.id, band, lang, "slides")))
    for index, slide in enumerate(deck.slides, 1):
        text = _slide_text(slide)
        twice = [n for n in numbers if text.count(n) > 1]
        assert not twice, (index, twice, text[:200])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_worksheet_footer_shows_the_lessons_title_not_its_id(built, manifest, lang):
    for lesson in CATALOG.lessons:
        text = _pdf_text(_artifact(built, manifest, lesson.id, "10-12", lang, "worksheet"))
        assert f"{' '.join(lesson.title[lang].split())} · " in text
        assert f"{lesson.id} · " not in text


#: Words that promise pupils secrecy, which the kits' own disclosure rules forbid (a teacher has to pass on worries).
SECRECY = {
    "nl": [r"blijft (?:hier )?in (?:de|deze) (?:klas|groep)", r"blijft (?:tussen|onder) ons",
           r"\bik vertel (?:het|dit) (?:aan )?niemand", r"\bik beloof(?! geen| niet)\b[^.]*\b(?:aan niemand|geheim\b)",
           r"\bwat je (?:hier )?zegt,? blijft\b"],
    "en": [r"stays? in (?:the |this )?(?:class|classroom|room)\b", r"stays? between (?:us|you and me)",
           r"\bI (?:won't|will not|promise not to) tell\b", r"\bI promise\b(?! not)[^.]*\bsecret\b",
           r"\bwhat you say (?:here )?stays\b"],
}


def _kit_texts(lang: str):
    """Every text a kit can print, with where it comes from: lessons, the teacher's guide, fixed words, letter words."""
    import re as _re

    for lesson in CATALOG.lessons:
        for band, content in lesson.bands.items():
            for text in _texts(content):
                yield f"{lesson.id} {band}", text[lang]
    if CATALOG.guide is not None:
        for section in CATALOG.guide.sections:
            for text in [section.title, *section.points]:
                yield "guide.yaml", text[lang]
    from kitgen.i18n import catalogue_words

    for key, forms in catalogue_words(lang).items():
        for form in forms:
            yield f"i18n {key}", form
    template = (PROJECT_ROOT / "templates" / f"letter-words.{lang}.j2").read_text(encoding="utf-8")
    yield f"letter-words.{lang}.j2", _re.sub(r"\{#.*?#\}", "", template, flags=_re.S)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_kit_text_promises_secrecy(lang):
    import re

    promises = [(where, text[:90]) for where, text in _kit_texts(lang)
                for pattern in SECRECY[lang] if re.search(pattern, text, re.IGNORECASE)]
    assert not promises, promises


def test_the_secrecy_check_catches_the_old_promises():
    import re

    for lang, promise in (("nl", "Wat je zegt, blijft in de klas."), ("en", "What someone says in class stays in class."),
                          ("en", "I promise I won't tell anyone."), ("nl", "Dit blijft tussen ons."),
                          ("nl", "Ik beloof dat het geheim blijft.")):
        assert any(re.search(pattern, promise, re.IGNORECASE) for pattern in SECRECY[lang]), promise
    for lang, honest in (("nl", "Ik beloof geen geheimhouding."), ("en", "Don't promise to keep it secret.")):
        assert not any(re.search(pattern, honest, re.IGNORECASE) for pattern in SECRECY[lang]), honest


#: What the 12-14 and 14-16 kits must mention: sextortion for money, getting images removed, the 2024 law.
OLDER_MUST_MENTION = {
    "money sextortion": {"nl": r"\b(?:geld|betaal|betalen|cadeaukaart)", "en": r"\b(?:money|pay|gift cards?)\b"},
    "removal help": {"nl": r"Take It Down|(?:laten |te )?verwijderen|offline (?:laten )?halen",
                     "en": r"Take It Down|\bremov(?:e|ed|al)\b|taken down"},
    "the 2024 law": {"nl": r"\b2024\b", "en": r"\b2024\b"},
}


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("band", ["12-14", "14-16"])
@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=[lesson.id for lesson in CATALOG.lessons])
def test_older_kits_mention_money_sextortion_removal_help_and_the_2024_law(lesson, band, lang):
    import re

    text = " ".join(t[lang] for t in _texts(lesson.bands[band]))
    missing = [what for what, patterns in OLDER_MUST_MENTION.items() if not re.search(patterns[lang], text, re.I)]
    assert not missing, missing


def test_every_resource_has_the_page_its_facts_were_checked_on_and_a_date():
    for resource in CATALOG.resources.values():
        assert resource.source.startswith("https://"), resource.id
        assert resource.verified.year >= 2026, resource.id


#: Where a legal claim may come from: the law itself, government, police and justice, and the Dutch expert centre.
LEGAL_SOURCES = ("wetten.overheid.nl", "rijksoverheid.nl", "politie.nl", "om.nl", "rechtspraak.nl", "offlimits.nl",
                 "helpwanted.nl", "nederlanddigitaal.nl")
_LEGAL_CLAIM = {"nl": r"\bstrafbaar\b|\bde wet\b|\bwet seksuele", "en": r"\ba crime\b|\bthe law\b|\billegal\b"}


def test_every_legal_claim_has_a_dated_source_from_the_law_government_or_police():
    import re

    owners = [(lesson.id, lesson.sources, [t for c in lesson.bands.values() for t in _texts(c)]) for lesson in CATALOG.lessons]
    guide = CATALOG.guide
    owners.append(("guide.yaml", guide.sources, [t for s in guide.sections for t in [s.title, *s.points]]))
    for owner, sources, texts in owners:
        claims = [t for t in texts if any(re.search(_LEGAL_CLAIM[lang], t[lang], re.I) for lang in LANGUAGES)]
        if not claims:
            continue
        assert all(source.consulted and source.url.startswith("https://") for source in sources), owner
        official = [s.url for s in sources if any(domain in s.url for domain in LEGAL_SOURCES)]
        assert official, f"{owner} states the law ('{claims[0]['en'][:60]}') without an official source"


@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_lessons_longer_than_a_45_minute_period_say_what_to_cut(lesson, band):
    if CATALOG.band(band).minutes > 45:
        short = lesson.bands[band].short_period
        assert short is not None and all(short[lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize(("lesson", "band"), KITS, ids=IDS)
def test_the_teachers_guide_leaves_no_last_page_with_a_few_stray_lines(built, manifest, lesson, band, lang):
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(_artifact(built, manifest, lesson.id, band, lang, "answers"))).pages
    last = [line for line in (pages[-1].extract_text() or "").splitlines() if line.strip()]
    assert len(pages) == 1 or len(last) > 8, last
