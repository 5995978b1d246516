"""The deck plan: text measured to fit, split or refused with its YAML line; titles, notes and alt text."""
from __future__ import annotations

import dataclasses
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from kitgen.errors import KitgenError
from kitgen.model import ChatMessage, Picture, PointsSlide
from kitgen.renderers.deck.plan import Box, Para, TextBlock
from kitgen.renderers.deck.style import CARD, INK, PAPER, TEXT_PAIRS, contrast_ratio
from kitgen.renderers.deck.fit import load_metrics, wrap
from kitgen.renderers.deck.template import REQUIRED_LAYOUTS
from kitgen.renderers.deck.theme import THEMES, theme_for

from slidekit import CONTEXT, HERE, KITS, RENDERER, first_slide, view_of, with_slides

METRICS = load_metrics(CONTEXT.fonts_dir)
INCH = 914400


def points(n: int, text: str, title: str = "Lots to say") -> PointsSlide:
    return PointsSlide(kind="explain", title=title, points=[f"{text} {i}" for i in range(n)],
                       notes="Say it.", minutes=2, pos=HERE)


def test_wrap_keeps_short_text_on_one_line_and_breaks_long_text_at_words():
    assert wrap("Een foto kan nep zijn.", 500, 28, METRICS) == ["Een foto kan nep zijn."]
    lines = wrap("Een foto en een naam kunnen nep zijn, ook als iemand heel aardig doet.", 300, 28, METRICS)
    assert len(lines) >= 3
    assert all(METRICS.width(line, 28) <= 300 for line in lines)
    assert " ".join(lines) == "Een foto en een naam kunnen nep zijn, ook als iemand heel aardig doet."


def _wrap_measuring_every_line(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Word-wrapping that measures each candidate line from scratch: what wrap() must agree with."""
    usable = width_pt * 0.96
    lines: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in filter(None, hard_line.split(" ")):
            candidate = f"{line} {word}" if line else word
            if METRICS.width(candidate, size_pt, bold) <= usable:
                line = candidate
                continue
            if line:
                lines.append(line)
            while METRICS.width(word, size_pt, bold) > usable:
                cut = 1
                while cut < len(word) and METRICS.width(word[: cut + 1], size_pt, bold) <= usable:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("aW il.,\n\u00a0\u00e9\u4e2d\U0001f600"), max_size=80),
       width=st.floats(20, 400), size=st.sampled_from([14, 18, 24.5, 31, 44]), bold=st.booleans())
def test_wrap_adding_word_widths_breaks_where_measuring_whole_lines_does(text, width, size, bold):
    assert wrap(text, width, size, METRICS, bold) == _wrap_measuring_every_line(text, width, size, bold)


def test_wrap_cuts_a_word_longer_than_the_line():
    lines = wrap("x" * 200, 100, 20, METRICS)
    assert len(lines) > 1 and "".join(lines) == "x" * 200


def test_measured_height_grows_with_the_text():
    box = Box(0, 0, 5 * INCH, 2 * INCH)
    short = TextBlock(box, (Para("Kort.", 24),))
    long = TextBlock(box, (Para("Een veel langere zin die over meerdere regels loopt. " * 4, 24),))
    assert short.fits(METRICS)
    assert long.height_needed(METRICS) > short.height_needed(METRICS) * 4
    assert not long.fits(METRICS)


def test_bold_text_is_measured_wider():
    assert METRICS.width("Wat doe jij?", 28, bold=True) > METRICS.width("Wat doe jij?", 28)


def test_short_points_stay_on_one_slide_and_larger_than_the_minimum():
    view = view_of("grooming", "8-10", "nl")
    plan = RENDERER.plan(with_slides(view, points(3, "Kort")), CONTEXT).slides
    assert [s.title_text for s in plan] == ["Lots to say"]
    sizes = {p.size for _, block in plan[0].bodies for p in block.paras}
    assert min(sizes) >= view.band.slide_body_pt


def test_long_points_split_into_continuation_slides_with_unique_titles():
    view = view_of("grooming", "8-10", "nl")
    slide = points(14, "Een punt dat net iets langer is dan een regel op het digibord, zodat het wel moet omlopen")
    plan = RENDERER.plan(with_slides(view, slide), CONTEXT).slides
    assert len(plan) > 1
    titles = [s.title_text for s in plan]
    assert len(set(titles)) == len(titles)
    assert titles[0] == f"Lots to say (1/{len(plan)})"
    shown = [p.text for s in plan for _, block in s.bodies for p in block.paras]
    assert shown == slide.points  # nothing lost, nothing repeated, in order
    for planned in plan:
        assert all(block.fits(METRICS) for block in planned.text_blocks())
        assert planned.notes.strip()


def test_a_point_too_long_for_any_slide_is_an_error_naming_the_yaml_line():
    view = view_of("grooming", "8-10", "nl")
    with pytest.raises(KitgenError) as error:
        RENDERER.plan(with_slides(view, points(1, "Veel te lang " * 200)), CONTEXT)
    assert str(error.value.message).startswith("lessons/test.yaml:12:7: a point ('Veel te lang")
    assert "28 pt" in error.value.message and "8-10" in error.value.message


def test_a_title_too_long_is_an_error_naming_the_yaml_line():
    view = view_of("grooming", "14-16", "en")
    with pytest.raises(KitgenError, match=r"^lessons/test.yaml:12:7: the slide title 'Far .*' does not fit"):
        RENDERER.plan(with_slides(view, points(1, "Short", title="Far too long a title " * 8)), CONTEXT)


def test_a_long_chat_continues_on_a_second_slide():
    view = view_of("grooming", "8-10", "en")
    scenario = first_slide(view, "scenario")
    messages = [ChatMessage(sender="Lisa11", text=f"Message number {i}, a little longer than one line.", pos=HERE)
                for i in range(9)]
    long_chat = dataclasses.replace(scenario, chat=dataclasses.replace(scenario.chat, messages=messages))
    plan = RENDERER.plan(with_slides(view, long_chat), CONTEXT).slides
    assert len(plan) >= 2
    bubbles = [s.text.paras[-1].text for p in plan for s in p.drawing.shapes if s.name.startswith("Message")]
    assert bubbles == [f"{m.sender}: {m.text}" for m in messages]
    assert all(block.fits(METRICS) for p in plan for block in p.text_blocks())


def test_duplicate_yaml_titles_are_numbered():
    view = view_of("grooming", "10-12", "nl")
    quiz = first_slide(view, "quiz")
    plan = RENDERER.plan(with_slides(view, quiz, quiz), CONTEXT).slides
    titles = [s.title_text for s in plan]
    assert titles[0] == f"{quiz.title} 1" and titles[2] == f"{quiz.title} 2"
    assert len(set(titles)) == 4


def test_a_picture_is_planned_with_its_alt_text_or_as_decorative():
    view = view_of("grooming", "8-10", "en")
    with_alt = dataclasses.replace(points(2, "Tell"), picture=Picture(file="pictures/trusted-adult.png",
                                                                       alt="A child telling an adult", pos=HERE))
    decorative = dataclasses.replace(points(2, "Safe", title="Safe"),
                                     picture=Picture(file="pictures/shield.png", decorative=True, pos=HERE))
    opening = dataclasses.replace(first_slide(view, "title"), picture=Picture(file="pictures/phone-chat.png",
                                                                           alt="A phone with a chat", pos=HERE))
    plan = RENDERER.plan(with_slides(view, opening, with_alt, decorative), CONTEXT).slides
    assert [(p.layout, p.pictures[0].alt, p.pictures[0].decorative) for p in plan] == [
        ("title", "A phone with a chat", False),
        ("content", "A child telling an adult", False),
        ("content", "", True),
    ]
    title_box, picture_box = plan[0].title.box, plan[0].pictures[0].box
    assert picture_box.x >= title_box.x + title_box.w and picture_box.x + picture_box.w <= 12192000


@pytest.mark.parametrize("kit", KITS, ids=["-".join(k) for k in KITS])
def test_every_shipped_deck_plan_is_complete_and_fits(kit):
    view = view_of(*kit)
    plan = RENDERER.plan(view, CONTEXT)
    theme = theme_for(view.band.theme)
    titles = [s.title_text for s in plan.slides]
    assert all(title.strip() for title in titles)
    assert len(set(titles)) == len(titles)
    assert plan.slides[0].layout == "title"
    assert plan.layouts <= set(REQUIRED_LAYOUTS)
    for planned in plan.slides:
        assert planned.notes.strip(), planned.title_text
        assert all(p.alt.strip() or p.decorative for p in planned.pictures)
        assert planned.drawing is None or planned.drawing.alt.strip()
        for shape in planned.drawing.shapes if planned.drawing else ():
            for para in shape.text.paras if shape.text else ():
                assert contrast_ratio(para.colour or theme.ink, shape.fill or theme.card) >= 4.5, shape.name
        for _, block in planned.bodies:
            for para in block.paras:
                assert para.colour is None or (para.colour, theme.paper) in theme.text_pairs()
        for block in planned.text_blocks():
            assert block.fits(METRICS), planned.title_text
            assert min(p.size for p in block.paras) >= view.band.slide_body_pt
    assert plan.language == view.language_tag


def test_every_text_colour_has_enough_contrast():
    for text, background in TEXT_PAIRS:
        assert contrast_ratio(text, background) >= 4.5, (text, background)
    for theme in THEMES.values():
        for text, background in theme.text_pairs():
            assert contrast_ratio(text, background) >= 4.5, (theme.name, text, background)


def test_a_friend_request_too_tall_loses_its_buttons_then_is_an_error_naming_the_yaml_line():
    from kitgen.model import FriendRequest, ScenarioSlide

    view = view_of("friend-requests", "10-12", "nl")

    def scenario(details: int) -> ScenarioSlide:
        request = FriendRequest(name="Tygo", handle="tygo", age="12", bio="Skaten is mijn leven",
                                details=[f"Detail nummer {i}" for i in range(details)], pos=HERE)
        return ScenarioSlide(kind="scenario", title="Tygo", question="Accepteer je Tygo?", request=request,
                             notes="Bespreek.", pos=HERE)

    def names(details: int) -> list[str]:
        plan = RENDERER.plan(with_slides(view, scenario(details)), CONTEXT).slides
        return [shape.name for shape in plan[0].drawing.shapes]

    assert "Accept button" in names(2)
    assert "Accept button" not in names(5) and "Profile text" in names(5)
    with pytest.raises(KitgenError, match=r"^lessons/test.yaml:12:7: this friend request does not fit"):
        names(12)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëï'?!,.0123456789", min_size=1, max_size=14)
SENTENCES = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(band=st.sampled_from(["8-10", "10-12", "12-14", "14-16"]), texts=st.lists(SENTENCES, min_size=1, max_size=16),
       title=SENTENCES)
def test_any_text_either_fits_or_is_refused_with_its_yaml_line(band, texts, title):
    view = view_of("grooming", band, "en")
    slide = PointsSlide(kind="explain", title=title, points=texts, notes="Say it.", pos=HERE)
    try:
        plan = RENDERER.plan(with_slides(view, slide), CONTEXT).slides
    except KitgenError as error:
        assert error.message.startswith("lessons/test.yaml:12:7: ")
        return
    assert [p.text for s in plan for _, block in s.bodies for p in block.paras] == texts
    assert len({s.title_text for s in plan}) == len(plan)
    for planned in plan:
        for block in planned.text_blocks():
            assert block.fits(METRICS)
            assert min(p.size for p in block.paras) >= view.band.slide_body_pt



def test_a_slide_without_points_has_no_empty_text_box():
    view = view_of("grooming", "8-10", "en")
    plan = RENDERER.plan(with_slides(view, points(0, "")), CONTEXT).slides
    assert [(p.title_text, p.bodies) for p in plan] == [("Lots to say", ())]
    deck = Presentation(io.BytesIO(RENDERER.render(with_slides(view, points(0, "")), CONTEXT)))
    title = deck.slides[0].shapes.title
    assert all(shape == title or shape.shape_type == 13 for shape in deck.slides[0].shapes)  # 13: a picture


def test_the_ground_rules_slide_follows_the_title_and_splits_rather_than_overflow():
    view = view_of("grooming", "8-10", "nl")
    title = first_slide(view, "title")
    rule = {"nl": "Een afspraak die bijna twee regels lang is op het digibord, om te testen."}
    for count in (1, 12):
        rules = dataclasses.replace(view.content.safeguarding, ground_rules=[rule["nl"]] * count)
        ruled = dataclasses.replace(view, content=dataclasses.replace(view.content, slides=[title], safeguarding=rules))
        plan = RENDERER.plan(ruled, CONTEXT).slides
        assert plan[0].title_text == title.title
        names, parts = [s.title_text for s in plan[1:]], len(plan) - 1
        assert (parts == 1) == (count == 1)
        assert names == (["Onze afspraken"] if parts == 1 else [f"Onze afspraken ({n}/{parts})" for n in range(1, parts + 1)])
        for planned in plan[1:]:
            assert all(block.fits(METRICS) for block in planned.text_blocks())
