"""Help slides: up to three organisations on one slide, every address a link, QR codes that read back (12–16)."""
from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from kitgen.model import HelpSlide
from kitgen.renderers.deck.fit import load_metrics
from kitgen.renderers.deck.helpcards import QR_MIN_IN

from slidekit import CONTEXT, KITS, RENDERER, first_slide, view_of, with_slides

METRICS = load_metrics(CONTEXT.fonts_dir)
EMU_PER_IN = 914400


def _deck(built, manifest, kit):
    lesson, band, lang = kit
    artifact = next(a for a in manifest["artifacts"] if a["kind"] == "slides" and a["lesson"] == lesson
                    and a["band"] == band and a["lang"] == lang)
    return Presentation(built / artifact["path"])


def _shapes(shapes):
    """Every shape, the shapes inside groups too."""
    for shape in shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)


def _help_slides(built, manifest, kit):
    """The YAML help slide and its (planned slide, written slide) pairs."""
    view = view_of(*kit)
    help_slide = first_slide(view, "help")
    plan = RENDERER.plan(view, CONTEXT)
    deck = _deck(built, manifest, kit)
    assert len(plan.slides) == len(deck.slides)
    pairs = [(planned, slide) for planned, slide in zip(plan.slides, deck.slides) if planned.source == help_slide.pos]
    return view, help_slide, pairs, deck


@pytest.mark.parametrize("kit", KITS, ids=["-".join(kit) for kit in KITS])
def test_a_help_slide_with_up_to_three_organisations_is_one_slide_with_links_and_readable_codes(built, manifest,
                                                                                                 kit, tmp_path):
    view, help_slide, pairs, deck = _help_slides(built, manifest, kit)
    assert len(help_slide.resources) <= 3
    assert len(pairs) == 1, [planned.title_text for planned, _ in pairs]
    assert "(1/2)" not in pairs[0][1].shapes.title.text_frame.text
    planned, slide = pairs[0]
    urls = {view.resource(r).url for r in help_slide.resources if view.resource(r).url}
    width, height = deck.slide_width, deck.slide_height
    linked, decoded = set(), set()
    for shape in _shapes(slide.shapes):
        # nothing reaches over the slide's edge
        assert shape.left >= 0 and shape.top >= 0, shape.name
        assert shape.left + shape.width <= width and shape.top + shape.height <= height, shape.name
        if shape.has_text_frame and shape != slide.shapes.title:
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size.pt >= view.band.slide_body_pt, (run.text, run.font.size.pt)
                    if run.hyperlink.address:
                        assert run.text in run.hyperlink.address
                        linked.add(run.hyperlink.address)
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name == "QR code":
            assert shape.width == shape.height >= QR_MIN_IN * EMU_PER_IN - 1, shape.width / EMU_PER_IN
            decoded.add(_decode(shape.image.blob, tmp_path))
    assert linked == urls
    assert all(block.fits(METRICS) for block in planned.text_blocks())
    if view.band.theme == "calm":
        assert decoded == urls
    else:
        assert not decoded


def _decode(png: bytes, folder) -> str:
    """What a phone reads from the code: zbarimg on the picture as the slide shows it, on its white card."""
    with Image.open(io.BytesIO(png)) as image:
        framed = Image.new("L", (image.width + 80, image.height + 80), 255)
        framed.paste(image.convert("L"), (40, 40))
        path = folder / "code.png"
        framed.save(path)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True)
    return result.stdout.strip()


def _with_resources(view, help_slide: HelpSlide, resource_ids: list[str]):
    slide = dataclasses.replace(help_slide, resources=resource_ids)
    resources = {r.id: r for lesson in ("grooming", "friend-requests") for r in view_of(lesson, "14-16", view.lang).resources}
    resources.update({r.id: r for r in view.resources})
    return dataclasses.replace(with_slides(view, slide), resources=list(resources.values()))


@pytest.mark.parametrize("band", ["10-12", "12-14", "14-16"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_three_organisations_fit_on_one_slide_from_10_to_16(band, lang):
    view = view_of("grooming", band, lang)
    help_slide = first_slide(view, "help")
    three = _with_resources(view, help_slide, ["helpwanted", "kindertelefoon", "politie"])
    plan = RENDERER.plan(three, CONTEXT)
    assert [p.title_text for p in plan.slides] == [help_slide.title]
    planned = plan.slides[0]
    assert all(block.fits(METRICS) for block in planned.text_blocks())
    sizes = {para.size for block in planned.text_blocks()[1:] for para in block.paras}
    assert min(sizes) >= view.band.slide_body_pt
    assert planned.content_bottom(METRICS) >= 0.7 * 540
    if view.band.theme == "calm":
        assert {p.qr for p in planned.pictures} == {"https://www.helpwanted.nl", "https://www.kindertelefoon.nl",
                                                     "https://www.politie.nl"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_28_pt_for_8_to_10_three_organisations_take_two_slides_and_nothing_overflows(lang):
    view = view_of("grooming", "8-10", lang)
    help_slide = first_slide(view, "help")
    plan = RENDERER.plan(_with_resources(view, help_slide, ["helpwanted", "kindertelefoon", "politie"]), CONTEXT)
    assert len(plan.slides) == 2
    for planned in plan.slides:
        assert all(block.fits(METRICS) for block in planned.text_blocks())
        assert min(p.size for b in planned.text_blocks()[1:] for p in b.paras) >= 28


def test_four_organisations_are_shared_out_over_two_slides_two_by_two():
    view = view_of("grooming", "14-16", "nl")
    help_slide = first_slide(view, "help")
    four = _with_resources(view, help_slide, ["helpwanted", "kindertelefoon", "politie", "takeitdown"])
    plan = RENDERER.plan(four, CONTEXT)
    assert [p.title_text for p in plan.slides] == [f"{help_slide.title} (1/2)", f"{help_slide.title} (2/2)"]
    assert [len(p.pictures) for p in plan.slides] == [2, 2]


def test_a_long_short_description_still_fits_and_the_cards_split_only_when_they_must():
    view = view_of("grooming", "12-14", "nl")
    help_slide = first_slide(view, "help")
    long_text = "Een heel lange omschrijving die op een kaart niet past " * 4
    resources = [dataclasses.replace(r, short_description=long_text) if r.id == help_slide.resources[0] else r
                 for r in view.resources]
    plan = RENDERER.plan(dataclasses.replace(with_slides(view, help_slide), resources=resources), CONTEXT)
    assert len(plan.slides) >= 2  # the text cannot fit three cards: the slide splits, nothing overflows
    for planned in plan.slides:
        assert all(block.fits(METRICS) for block in planned.text_blocks())


def test_check_names_the_resource_whose_card_is_too_full_at_its_line_in_resources_yaml(lesson_tree):
    from click.testing import CliRunner

    from kitgen.cli import main

    lessons = lesson_tree()
    path = lessons / "resources.yaml"
    short = 'nl: "Gratis en anoniem advies bij online misbruik en afpersing."'
    text = path.read_text(encoding="utf-8")
    assert short in text
    line = text[: text.index(short)].count("\n") + 1
    path.write_text(text.replace(short, 'nl: "' + "Gratis en anoniem advies bij online misbruik. " * 30 + '"'),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(lessons)])
    assert result.exit_code == 1
    assert (f"resources.yaml:{line}:" in result.output and "the help resource 'Helpwanted' does not fit on its card "
            "on a help slide at 22 pt, the smallest text size for band 12-14 (nl); shorten its short_description"
            in result.output), result.output


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("zbarimg") is None,
                    reason="LibreOffice (soffice) or zbarimg is not installed")
@pytest.mark.parametrize("kit", [("grooming", "12-14", "nl"), ("friend-requests", "14-16", "en")])
def test_the_codes_read_back_from_the_slide_as_libreoffice_shows_it_at_a_distance(tmp_path, built, manifest, kit):
    """The help slide drawn at 60 dpi (the smallest code these slides have, 1.13 in, gets 2 pixels a module:
    about what a phone at the back of the class sees) still gives every web address."""
    view, help_slide, pairs, deck = _help_slides(built, manifest, kit)
    number = next(i for i, slide in enumerate(deck.slides, start=1) if slide == pairs[0][1])
    artifact = next(a for a in manifest["artifacts"] if a["kind"] == "slides" and
                    (a["lesson"], a["band"], a["lang"]) == kit)
    profile = (tmp_path / "profile").as_uri()  # our own profile: another soffice may be running
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(built / artifact["path"])], capture_output=True, timeout=300)
    pdf = tmp_path / (Path(artifact["path"]).stem + ".pdf")
    assert pdf.is_file()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), str(pdf),
                    str(tmp_path / "help")], check=True)
    page = next(tmp_path.glob("help*.png"))
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True)
    urls = {view.resource(r).url for r in help_slide.resources if view.resource(r).url}
    assert set(result.stdout.split()) == urls


def test_no_drawn_shape_lies_over_a_picture_so_the_text_can_come_first_in_reading_order():
    def overlap(a, b) -> bool:
        return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h

    checked = 0
    for kit in KITS:
        for planned in RENDERER.plan(view_of(*kit), CONTEXT).slides:
            for shape in planned.drawing.shapes if planned.drawing else ():
                for picture in planned.pictures:
                    assert not overlap(shape.box, picture.box), (kit, planned.title_text, shape.name)
                    checked += 1
    assert checked > 100


def test_without_a_short_description_a_card_shows_the_descriptions_first_sentence():
    from kitgen.renderers.deck.helpcards import first_sentence

    assert first_sentence("Voor jongeren: hulp. Meldknop.nl is zelf niet de politie.") == "Voor jongeren: hulp."
    assert first_sentence("Meldknop.nl helpt je verder") == "Meldknop.nl helpt je verder"
