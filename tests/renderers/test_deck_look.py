"""The decks' look: pictures from the catalogue, a theme per band, space used, quiz cards, named chats, linked help."""
from __future__ import annotations

import io
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from pptx import Presentation


from kitgen.errors import ValidationError
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.model import HelpSlide, ScenarioSlide
from kitgen.pictures import load_pictures, render_png
from kitgen.renderers.deck.fit import load_metrics
from kitgen.renderers.deck.theme import THEMES, theme_for

from slidekit import CONTEXT, KITS, RENDERER, first_slide, view_of, with_slides

METRICS = load_metrics(CONTEXT.fonts_dir)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ASSETS = PROJECT_ROOT / "assets"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SLIDE_H_PT = 540.0


def _plan(kit):
    return RENDERER.plan(view_of(*kit), CONTEXT)


# --- the catalogue ------------------------------------------------------------------------------


def test_the_catalogue_is_complete_every_file_exists_is_licensed_and_described_in_every_language():
    catalogue, problems = load_pictures(ASSETS)
    assert problems == []
    assert len(catalogue.pictures) >= 20
    raw = yaml.safe_load((ASSETS / "pictures.yaml").read_text(encoding="utf-8"))["pictures"]
    assert [p["id"] for p in raw] == list(catalogue.pictures)
    for picture in catalogue.pictures.values():
        path = ASSETS / picture.file
        assert path.is_file(), picture.file
        assert picture.licence.startswith("MIT"), picture.id
        assert (path.parent / "LICENSE.txt").is_file(), picture.file
        assert picture.decorative or all(picture.alt[lang].strip() for lang in LANGUAGES), picture.id
        assert picture.topics, picture.id
    licence = (ASSETS / "pictures" / "fluent" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Copyright (c) Microsoft Corporation" in licence and "Permission is hereby granted" in licence


def test_an_svg_is_drawn_as_a_sharp_png_of_the_asked_width():
    from PIL import Image

    data = render_png(ASSETS / "pictures" / "fluent" / "shield.svg", 512)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (512, 512)
        assert image.getextrema()[3][1] == 255  # something is drawn


def _assets_with(tmp_path: Path, catalogue_text: str) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS / "pictures", assets / "pictures")
    (assets / "pictures.yaml").write_text(textwrap.dedent(catalogue_text), encoding="utf-8")
    return assets


def test_a_broken_catalogue_is_reported_at_its_file_lines(tmp_path):
    assets = _assets_with(tmp_path, """\
        pictures:
          - id: shield
            file: pictures/fluent/shield.svg
            licence: MIT
          - id: Bad Id
            file: pictures/fluent/nothing.svg
            licence: MIT
            alt: {nl: "Niets", en: "Nothing"}
        """)
    with pytest.raises(ValidationError) as info:
        load_catalog(PROJECT_ROOT / "lessons", assets)
    shown = [str(p).replace(str(assets) + "/", "") for p in info.value.problems]
    assert shown == [
        "pictures.yaml:2:5: picture 'shield' needs 'alt' text in every language, or 'decorative: true'",
        "pictures.yaml:5:9: picture id 'Bad Id': use lower-case letters, digits and single hyphens",
        "pictures.yaml:6:11: picture 'pictures/fluent/nothing.svg': no such file in assets/",
    ]


def test_alt_text_missing_a_language_is_reported_at_its_line(tmp_path):
    assets = _assets_with(tmp_path, """\
        pictures:
          - id: stop
            file: pictures/fluent/raised-hand.svg
            licence: MIT
            alt: {nl: "Een hand"}
        """)
    with pytest.raises(ValidationError) as info:
        load_catalog(PROJECT_ROOT / "lessons", assets)
    shown = [str(p).replace(str(assets) + "/", "") for p in info.value.problems]
    assert shown == ["pictures.yaml:5:10: 'alt' has no English (en) text"]


# --- pictures named in a lesson -------------------------------------------------------------------


def _tiny(tmp_path: Path, picture_line: str) -> tuple[Path, Path]:
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURES / "tiny", lessons)
    path = lessons / "tiny.yaml"
    text = path.read_text(encoding="utf-8")
    old = '      notes: {nl: "Welkom.", en: "Welcome."}\n'
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + f"      {picture_line}\n"), encoding="utf-8")
    return lessons, ASSETS


def test_a_slide_names_a_catalogue_picture_by_id(tmp_path):
    lessons, assets = _tiny(tmp_path, "picture: camera")
    catalog = load_catalog(lessons, assets)
    slide = catalog.lessons[0].bands["8-10"].slides[0]
    assert slide.picture.id == "camera" and slide.picture.file is None


def test_an_unknown_picture_id_is_an_error_at_its_line_suggesting_the_closest(tmp_path):
    lessons, assets = _tiny(tmp_path, "picture: camra")
    with pytest.raises(ValidationError) as info:
        load_catalog(lessons, assets)
    (problem,) = info.value.problems
    line = next(i for i, text in enumerate((lessons / "tiny.yaml").read_text().splitlines(), 1) if "camra" in text)
    assert str(problem).endswith(f"tiny.yaml:{line}:16: unknown picture 'camra'; pick an id from "
                                 "assets/pictures.yaml (did you mean 'camera'?)")


def test_the_lesson_s_picture_wins_over_the_deck_s_choice():
    view = view_of("grooming", "14-16", "en")
    closing = first_slide(view, "closing")
    import dataclasses

    from kitgen.model import Picture

    chosen = dataclasses.replace(closing, picture=Picture(id="camera"))
    plan = RENDERER.plan(with_slides(view, chosen), CONTEXT)
    assert [p.picture_id for p in plan.slides[0].pictures] == ["camera"]
    assert plan.slides[0].pictures[0].alt == "A camera with a flash"


# --- pictures per band ------------------------------------------------------------------------------


@pytest.mark.parametrize("kit", KITS, ids=["-".join(kit) for kit in KITS])
def test_pictures_on_every_scenario_help_and_closing_slide_and_every_second_slide_for_8_to_12(kit):
    view = view_of(*kit)
    plan = _plan(kit)
    with_picture = [bool(s.pictures) for s in plan.slides]
    slides_by_pos = {slide.pos: slide for slide in view.content.slides}
    for planned, has in zip(plan.slides, with_picture):
        slide = slides_by_pos.get(planned.source)  # None: the ground rules, from the safeguarding
        if isinstance(slide, (ScenarioSlide, HelpSlide)) or getattr(slide, "kind", "") == "closing":
            assert has, planned.title_text
    if view.band.theme == "playful":
        assert sum(with_picture) * 2 >= len(with_picture), with_picture
        assert all(any(with_picture[i:i + 2]) for i in range(len(with_picture) - 1)), with_picture
    for picture in (p for s in plan.slides for p in s.pictures):
        assert picture.decorative or picture.alt.strip()


def test_every_lesson_has_its_own_key_picture_on_the_title_slide():
    for band in ("8-10", "10-12", "12-14", "14-16"):
        for lang in LANGUAGES:
            keys = {lesson: _plan((lesson, band, lang)).slides[0].pictures[0].picture_id
                    for lesson in ("grooming", "friend-requests", "sharing-photos")}
            assert len(set(keys.values())) == 3, (band, lang, keys)


def test_alt_text_is_in_the_slide_language():
    for lang, word in (("nl", "Een schild"), ("en", "A shield")):
        closing = _plan(("grooming", "8-10", lang)).slides[-1]
        assert closing.pictures[0].alt == word


# --- themes --------------------------------------------------------------------------------------


def test_bands_name_a_playful_theme_for_8_to_12_and_a_calm_one_for_12_to_16():
    bands = [view_of("grooming", band, "nl").band for band in ("8-10", "10-12", "12-14", "14-16")]
    assert {b.id: b.theme for b in bands} == {"8-10": "playful", "10-12": "playful", "12-14": "calm", "14-16": "calm"}


def test_the_decks_of_8_to_10_and_14_to_16_look_different(built, manifest):
    backgrounds = {}
    for artifact in manifest["artifacts"]:
        if artifact["kind"] == "slides" and artifact["lesson"] == "grooming" and artifact["lang"] == "nl":
            deck = Presentation(built / artifact["path"])
            layout = deck.slides[0].slide_layout
            backgrounds[artifact["band"]] = layout._element.cSld.bg.bgPr.find(
                "{http://schemas.openxmlformats.org/drawingml/2006/main}solidFill")[0].get("val")
    assert backgrounds["8-10"] == THEMES["playful"].dark and backgrounds["14-16"] == THEMES["calm"].dark
    assert backgrounds["8-10"] != backgrounds["14-16"]


# --- space used ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kit", KITS, ids=["-".join(kit) for kit in KITS])
def test_no_content_slide_ends_above_70_percent_of_its_height(kit):
    plan = _plan(kit)
    for planned in plan.slides[1:]:
        assert planned.content_bottom(METRICS) >= 0.7 * SLIDE_H_PT, (planned.title_text,
                                                                      planned.content_bottom(METRICS) / SLIDE_H_PT)


def test_the_file_puts_pictures_where_the_plan_does_and_text_is_centred(built, manifest):
    artifact = next(a for a in manifest["artifacts"] if a["kind"] == "slides" and a["band"] == "10-12")
    plan = RENDERER.plan(view_of(artifact["lesson"], artifact["band"], artifact["lang"]), CONTEXT)
    deck = Presentation(built / artifact["path"])
    for planned, slide in zip(plan.slides, deck.slides):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert [(p.top, p.top + p.height) for p in pictures] == [(q.box.y, q.box.y + q.box.h) for q in planned.pictures]
        for idx, block in planned.bodies:
            if block.anchor == "ctr":
                assert slide.placeholders[idx].text_frame._bodyPr.get("anchor") == "ctr"


# --- quiz cards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kit", [("grooming", "8-10", "nl"), ("sharing-photos", "14-16", "en")])
def test_quiz_options_are_lettered_cards_and_the_answer_slide_marks_the_right_one(kit):
    view = view_of(*kit)
    quiz = first_slide(view, "quiz")
    theme = theme_for(view.band.theme)
    plan = RENDERER.plan(with_slides(view, quiz), CONTEXT).slides
    asking, answer = plan
    for planned in plan:
        cards = [s for s in planned.drawing.shapes if s.name.startswith("Option ") and not s.name.endswith("text")]
        letters = [s.text.paras[0].text for s in planned.drawing.shapes if s.name.startswith("Letter ")]
        assert len(cards) == len(quiz.options) and letters == ["A", "B", "C", "D"][: len(quiz.options)]
        assert all(c.box.h >= 60 * 12700 for c in cards)  # large: at least 60 pt tall
        assert all(option in planned.drawing.alt for option in quiz.options)
    fills = [s.fill for s in answer.drawing.shapes if s.name.startswith("Option ") and not s.name.endswith("text")]
    right = quiz.answer - 1
    assert fills[right] == theme.right_fill and all(f == theme.dimmed_fill for i, f in enumerate(fills) if i != right)
    assert quiz.explanation in [p.text for s in answer.drawing.shapes if s.text for p in s.text.paras]
    assert asking.bodies[0][1].paras[0].text == quiz.question


# --- chats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kit", [("grooming", "8-10", "nl"), ("grooming", "14-16", "en")])
def test_every_bubble_is_named_the_transcript_is_in_the_alt_text_and_notes_and_sizes_are_one(kit):
    view = view_of(*kit)
    plan = _plan(kit)
    chats = [s for s in plan.slides if s.drawing is not None and s.drawing.name == "Chat"]
    assert chats
    sizes = set()
    for planned in chats:
        bubbles = [s for s in planned.drawing.shapes if s.name.startswith("Message from ")]
        for bubble in bubbles:
            sender = bubble.name.removeprefix("Message from ")
            assert bubble.text.paras[0].lead == f"{sender}:" and bubble.text.paras[0].text.startswith(f"{sender}: ")
            assert bubble.line is not None  # an edge, with contrast against the card
            sizes.update(p.size for p in bubble.text.paras)
        window = planned.drawing.shapes[0]
        assert window.box.h == chats[0].drawing.shapes[0].box.h  # one frame size
    assert len(sizes) == 1
    scenario = next(s for s in view.content.slides if isinstance(s, ScenarioSlide) and s.chat is not None)
    first = next(s for s in chats if s.source == scenario.pos)
    for message in scenario.chat.messages:
        assert f"{message.sender}: {message.text}" in first.notes
        assert message.sender in first.drawing.alt and message.text in first.drawing.alt


def test_bubble_edges_have_contrast_against_the_card_and_paper():
    from kitgen.renderers.deck.style import contrast_ratio

    for theme in THEMES.values():
        assert contrast_ratio(theme.line, theme.card) >= 3.0 and contrast_ratio(theme.line, theme.paper) >= 3.0


# --- help slides ---------------------------------------------------------------------------------


@pytest.mark.parametrize("band", ["8-10", "14-16"])
def test_every_web_address_on_a_help_slide_is_a_hyperlink_and_12_to_16_get_qr_codes(built, manifest, band):
    artifact = next(a for a in manifest["artifacts"]
                    if a["kind"] == "slides" and a["band"] == band and a["lesson"] == "grooming" and a["lang"] == "nl")
    view = view_of("grooming", band, "nl")
    help_slide = first_slide(view, "help")
    urls = {view.resource(r).url for r in help_slide.resources if view.resource(r).url}
    plan = RENDERER.plan(view, CONTEXT)
    deck = Presentation(built / artifact["path"])
    linked, qr = set(), set()
    for planned, slide in zip(plan.slides, deck.slides):
        if planned.source != help_slide.pos:
            continue
        for shape in (inner for outer in slide.shapes for inner in getattr(outer, "shapes", [outer])):
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        if run.hyperlink.address:
                            assert run.text in run.hyperlink.address
                            linked.add(run.hyperlink.address)
        qr |= {p.qr for p in planned.pictures if p.qr}
    assert linked == urls
    if theme_for(view.band.theme).name == "calm":
        assert qr == urls
    else:
        assert not qr


def test_a_qr_code_reads_back_as_its_address():
    pytest.importorskip("PIL")
    from kitgen.renderers.letter.qr import _png

    from PIL import Image

    data = _png("https://www.kindertelefoon.nl", 300)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (300, 300)
        dark = sum(1 for value in image.getdata() if value == 0)
        assert 0.25 < dark / (300 * 300) < 0.6  # a code, not a blank or black square


def test_a_split_chat_is_shared_out_evenly_over_its_slides():
    import dataclasses

    from kitgen.model import ChatMessage
    from slidekit import HERE

    view = view_of("grooming", "10-12", "en")
    scenario = next(s for s in view.content.slides if isinstance(s, ScenarioSlide) and s.chat is not None)
    texts = ["A message that takes two lines in a bubble, or nearly so here."] * 4 + ["Hi"]
    messages = [ChatMessage(sender="Sam", text=text, pos=HERE) for text in texts]
    chat = dataclasses.replace(scenario, chat=dataclasses.replace(scenario.chat, messages=messages))
    plan = RENDERER.plan(with_slides(view, chat), CONTEXT).slides
    counts = [sum(s.name.startswith("Message") for s in p.drawing.shapes) for p in plan]
    assert sum(counts) == 5 and len(counts) >= 2 and max(counts) - min(counts) <= 1, counts


def test_a_long_organisation_name_on_a_help_card_still_fits():
    import dataclasses

    view = view_of("grooming", "14-16", "nl")
    help_slide = first_slide(view, "help")
    long_name = "Centrum voor Seksueel Geweld en Hulp bij Online Misbruik van Jongeren"
    resources = [dataclasses.replace(r, name=long_name) if r.id == help_slide.resources[0] else r
                 for r in view.resources]
    plan = RENDERER.plan(dataclasses.replace(with_slides(view, help_slide), resources=resources), CONTEXT)
    for planned in plan.slides:
        assert all(block.fits(METRICS) for block in planned.text_blocks())
        assert planned.content_bottom(METRICS) >= 0.7 * SLIDE_H_PT


@pytest.mark.parametrize("kit", KITS, ids=["-".join(kit) for kit in KITS])
def test_the_ground_rules_stay_on_one_slide_a_picture_gives_way_to_them(kit):
    view = view_of(*kit)
    rules = [s for s in _plan(kit).slides if s.title_text.startswith(view.labels("ground_rules_slide"))]
    assert len(rules) == 1, [s.title_text for s in rules]
