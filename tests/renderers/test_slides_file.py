"""The written decks: reopened with python-pptx, layouts as planned, language tags, metadata, identical bytes."""
from __future__ import annotations

from pathlib import Path
import dataclasses
import datetime as dt
import io
import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from pptx import Presentation

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.model import Picture
from kitgen.renderers.deck.pptxwriter import DECORATIVE_URI
from kitgen.zipstamp import _patched_in_place, _rewritten, fixed_zip
from kitgen.renderers.deck.slides import SlidesRenderer

from slidekit import CONTEXT, RENDERER, first_slide, view_of, with_slides
from test_slides_plan import points

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
TEMPLATE = PROJECT_ROOT / "templates" / "slides.pptx"


def _decks(built, manifest):
    for artifact in manifest["artifacts"]:
        if artifact["kind"] == "slides":
            yield artifact, (built / artifact["path"]).read_bytes()


def _xml_parts(data: bytes, pattern: str) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist()
                if re.fullmatch(pattern, n) and not n.startswith("ppt/media/")}


def test_every_deck_is_its_plan_on_16_9_layouts(built, manifest):
    for artifact, data in _decks(built, manifest):
        plan = RENDERER.plan(view_of(artifact["lesson"], artifact["band"], artifact["lang"]), CONTEXT)
        deck = Presentation(io.BytesIO(data))
        assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
        assert len(deck.slides) == len(plan.slides)
        titles = []
        for slide, planned in zip(deck.slides, plan.slides):
            assert slide.slide_layout.name == planned.layout
            assert slide.shapes.title is not None and slide.shapes.title.text == planned.title_text
            # reading order is the visual order: the title, then the text, then what is drawn beside it
            placeholder_flags = [shape.is_placeholder for shape in slide.shapes]
            assert slide.shapes[0].shape_id == slide.shapes.title.shape_id
            assert placeholder_flags == sorted(placeholder_flags, reverse=True)
            titles.append(slide.shapes.title.text)
            assert slide.notes_slide.notes_text_frame.text == planned.notes != ""
            assert all(ph.text_frame.text.strip() for ph in slide.placeholders if ph.has_text_frame)
        assert len(set(titles)) == len(titles), artifact["path"]


def test_every_run_carries_the_kits_language(built, manifest):
    for artifact, data in _decks(built, manifest):
        tag = {"nl": "nl-NL", "en": "en-GB"}[artifact["lang"]]
        for name, xml in _xml_parts(data, r"ppt/(slides|notesSlides)/.*\.xml").items():
            runs = re.findall(r"<a:(?:rPr|endParaRPr)\b[^>]*>", xml)
            assert runs, name
            assert all(f'lang="{tag}"' in run for run in runs), name
        assert not any("en-US" in xml for xml in _xml_parts(data, r".*\.xml").values())


def test_the_deck_says_what_it_is_and_nothing_of_the_default_template(built, manifest):
    artifact, data = next(_decks(built, manifest))
    view = view_of(artifact["lesson"], artifact["band"], artifact["lang"])
    props = Presentation(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.language) == (view.title, "kitgen", view.language_tag)
    assert view.band.label in props.subject
    assert props.created == props.modified == CONTEXT.build_date.replace(tzinfo=None)
    everything = " ".join(_xml_parts(data, r".*").values())
    for leftover in ("Steve Canny", "python-pptx", "2013-", "Macintosh", "Office Theme"):
        assert leftover not in " ".join(_xml_parts(data, r"docProps/.*|ppt/presentation\.xml").values()), leftover
    assert "Click to edit" not in " ".join(_xml_parts(data, r"ppt/slides/.*").values())
    themes = " ".join(_xml_parts(data, r"ppt/theme/.*").values())
    assert "Office Theme" not in themes and "Calibri" not in themes
    assert "thumbnail" not in everything


def test_pictures_and_drawings_have_alt_text_or_are_decorative():
    view = view_of("grooming", "8-10", "en")
    slides = [
        dataclasses.replace(points(2, "Tell"), picture=Picture(file="pictures/trusted-adult.png",
                                                               alt="A child telling an adult")),
        dataclasses.replace(points(2, "Safe", title="Safe"), picture=Picture(file="pictures/shield.png",
                                                                             decorative=True)),
        first_slide(view, "scenario"),
    ]
    data = RENDERER.render(with_slides(view, *slides), CONTEXT)
    pictures = slide_shapes = 0
    for xml in _xml_parts(data, r"ppt/slides/slide\d+\.xml").values():
        for pic in re.findall(r"<p:pic>.*?</p:pic>", xml):
            pictures += 1
            assert re.search(r'descr="[^"]+"', pic) or DECORATIVE_URI in pic
        for group in re.findall(r"<p:nvGrpSpPr><p:cNvPr [^>]*>", xml)[1:]:  # [0] is the slide's own tree
            slide_shapes += 1
            assert re.search(r'descr="Made-up chat in \w+ with', group)
    xml = " ".join(_xml_parts(data, r"ppt/slides/slide\d+\.xml").values())
    assert 'descr="A child telling an adult"' in xml and xml.count(DECORATIVE_URI) >= 1
    assert pictures >= 3 and slide_shapes >= 1  # the scenario shows a phone beside its chat (on every part)


def test_the_same_input_gives_the_same_bytes_with_fixed_zip_dates(built, manifest):
    artifact, data = next(_decks(built, manifest))
    view = view_of(artifact["lesson"], artifact["band"], artifact["lang"])
    again = SlidesRenderer().render(view, BuildContext())
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {CONTEXT.build_date.timetuple()[:6]}


def test_a_deck_is_the_same_whatever_the_build_wrote_before_it():
    """The writer reuses what python-pptx made for earlier decks and slides of the build; that must not show."""
    kits = [("grooming", "8-10", "nl"), ("grooming", "14-16", "en"), ("sharing-photos", "12-14", "en")]
    alone = [SlidesRenderer().render(view_of(*kit), BuildContext()) for kit in kits]
    shared_context, renderer = BuildContext(), SlidesRenderer()
    in_one_build = [renderer.render(view_of(*kit), shared_context) for kit in reversed(kits)]
    assert in_one_build[::-1] == alone


def test_fixed_zip_patches_headers_to_what_rewriting_the_zip_gives():
    buffer = io.BytesIO()
    Presentation(str(TEMPLATE)).save(buffer)
    when = dt.datetime(2027, 3, 4, 5, 6, 8, tzinfo=dt.timezone.utc)
    stamp = when.replace(tzinfo=None)
    assert _patched_in_place(buffer.getvalue(), stamp) is not None
    assert fixed_zip(buffer.getvalue(), when) == _rewritten(buffer.getvalue(), stamp)
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as package:
        package.writestr("a.xml", "<a/>")
    assert _patched_in_place(stored.getvalue(), stamp) is None  # only a rewrite deflates it
    with zipfile.ZipFile(io.BytesIO(fixed_zip(stored.getvalue(), when))) as package:
        info = package.infolist()[0]
        assert (info.compress_type, info.date_time, info.external_attr) == (zipfile.ZIP_DEFLATED, stamp.timetuple()[:6],
                                                                             0o644 << 16)


def test_the_build_date_comes_from_the_context(monkeypatch):
    when = dt.datetime(2027, 3, 4, 5, 6, 8, tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
    data = RENDERER.render(view_of("grooming", "8-10", "nl"), BuildContext())
    assert Presentation(io.BytesIO(data)).core_properties.created == dt.datetime(2027, 3, 4, 5, 6, 8)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.infolist()[0].date_time == (2027, 3, 4, 5, 6, 8)


def _edited_template(tmp_path, edit) -> str:
    deck = Presentation(str(TEMPLATE))
    edit(deck)
    path = tmp_path / "school.pptx"
    deck.save(str(path))
    return str(path)


def test_a_school_template_is_used_by_layout_name(tmp_path):
    def narrower_content(deck):
        layout = next(layout for layout in deck.slide_layouts if layout.name == "content")
        layout.placeholders[1].width = 8_000_000

    template = _edited_template(tmp_path, narrower_content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out), "--lesson", "grooming",
                                       "--band", "8-10", "--lang", "en", "--slides-template", template, "-q"])
    assert result.exit_code == 0, result.output
    deck = Presentation(next(out.rglob("*.pptx")))
    content = [s for s in deck.slides if s.slide_layout.name == "content"]
    left = next(l for l in deck.slide_layouts if l.name == "content").placeholders[1].left
    # the school's box is used; a picture beside the text takes its right part
    assert content and all(s.placeholders[1].left == left and s.placeholders[1].width <= 8_000_000 for s in content)
    assert any(s.placeholders[1].width == 8_000_000 for s in content)


def test_a_template_without_a_needed_layout_is_an_error_naming_it(tmp_path):
    def rename_question(deck):
        layout = next(layout for layout in deck.slide_layouts if layout.name == "question")
        layout._element.cSld.set("name", "Quiz")

    template = _edited_template(tmp_path, rename_question)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(LESSONS), "--out", str(out),
                                       "--slides-template", template])
    assert result.exit_code == 1
    assert "the slide template has no layout named 'question'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_the_committed_template_is_what_the_script_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_slides_template", PROJECT_ROOT / "tools" / "make_slides_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for theme in module.THEMES.values():
        assert module.build(theme) == (PROJECT_ROOT / "templates" / theme.template).read_bytes(), theme.name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_deck_converts_to_a_pdf_with_one_page_per_slide(tmp_path, built, manifest):
    import subprocess

    from pypdf import PdfReader

    artifact = next(a for a in manifest["artifacts"] if a["kind"] == "slides" and a["band"] == "8-10")
    deck = built / artifact["path"]
    profile = (tmp_path / "profile").as_uri()  # our own profile: another soffice may be running
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], capture_output=True, timeout=300, check=False)
    pdf = tmp_path / (deck.stem + ".pdf")
    assert pdf.is_file(), "soffice wrote no PDF (it exits 0 even when it cannot load the file)"
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(Presentation(deck).slides)
    first = reader.pages[0]
    assert round(float(first.mediabox.width) / float(first.mediabox.height), 2) == round(16 / 9, 2)
    title = view_of(artifact["lesson"], artifact["band"], artifact["lang"]).content.slides[0].title
    assert title.split()[0] in (first.extract_text() or "")


SHORT_MESSAGES = ["Thanks!", "OK", "Haha thanks", "Yes!!", "Wow, you're really good at this game!", "No.", "Hmm?"]


@pytest.mark.parametrize("band", ["8-10", "10-12", "12-14", "14-16"])
def test_every_drawn_line_fits_the_text_area_its_shape_really_has(band):
    """Rounded shapes keep their text off the corners; the written insets plus that must leave room."""
    from kitgen.model import Chat, ChatMessage
    from kitgen.renderers.deck.fit import EMU_PER_PT, load_metrics

    metrics = load_metrics(CONTEXT.fonts_dir)
    base = view_of("friend-requests", band, "en")
    scenario = first_slide(base, "scenario")
    messages = [ChatMessage(sender="Sam" if i % 2 else "Alex", me=bool(i % 2), text=text)
                for i, text in enumerate(SHORT_MESSAGES)]
    chat = Chat(app="GameChat", contact="Alex", messages=messages)
    view = with_slides(base, dataclasses.replace(scenario, chat=chat, request=None), scenario)
    plan = RENDERER.plan(view, CONTEXT)
    deck = Presentation(io.BytesIO(RENDERER.render(view, CONTEXT)))
    checked = 0
    for slide, planned in zip(deck.slides, plan.slides):
        groups = [shape for shape in slide.shapes if shape.shape_type == 6]
        if not planned.drawing:
            continue
        written = [shape for shape in groups[0].shapes]
        for shape, drawn in zip(written, planned.drawing.shapes):
            if drawn.text is None:
                continue
            body = shape._element.txBody.bodyPr
            # the preset's own text rectangle: roundRect keeps (1 - cos 45°) of its radius free, an ellipse
            # that share of its half-width
            keep = 1 - 0.5 ** 0.5
            if drawn.geometry == "roundRect":
                inner = keep * shape.adjustments[0] * min(shape.width, shape.height) / EMU_PER_PT
            else:
                inner = keep * shape.width / EMU_PER_PT / 2 if drawn.geometry == "ellipse" else 0.0
            left_inset = int(body.get("lIns", 91440)) / EMU_PER_PT  # 91440 is the default, left out
            available = shape.width / EMU_PER_PT - 2 * (left_inset + inner)
            for para, lines in zip(drawn.text.paras, drawn.text.lines(metrics)):
                for line in lines:
                    assert metrics.width(line, para.size, para.bold) <= available, (drawn.name, line)
                    checked += 1
    assert checked > 10
