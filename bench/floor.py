"""The floor: the same decks, PDFs and texts a kitgen build makes, made by python-pptx and reportlab directly.

Run by bench/run.py as ``python bench/floor.py SPEC.json OUT_DIR``. SPEC lists every artifact of a kitgen
build, read back from kitgen's own output beforehand: for decks every slide's layout (from the same
templates/slides.pptx), shapes with their positions, paragraphs and runs, pictures (the catalogue's SVGs drawn
again with resvg, as kitgen draws them) and notes; for PDFs the
text of every page, with a QR code for every web address as the letters have, and for the sheets (worksheet,
answer key) every line, box and shape drawn on each page. So the floor writes as
many files, slides, shapes, pictures, pages and words, with the same embedded font, but runs no kitgen code:
no YAML, no validation, no planning or measuring of text.
"""
from __future__ import annotations

import functools
import io
import json
import re
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "slides.pptx"
FONTS = ROOT / "assets" / "fonts"
ASSETS = ROOT / "assets"
URL = re.compile(r"https?://\S+|www\.\S+")


def deck(slides: list[dict], pictures: Path) -> bytes:
    presentation = Presentation(str(TEMPLATE)) if TEMPLATE.exists() else Presentation()
    layouts = {layout.name: layout for layout in presentation.slide_layouts}
    for spec in slides:
        slide = presentation.slides.add_slide(layouts.get(spec["layout"], presentation.slide_layouts[0]))
        for shape in spec["shapes"]:
            add_shape(slide, slide.shapes, shape, pictures)
        slide.notes_slide.notes_text_frame.text = spec["notes"]
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def add_shape(slide, shapes, spec: dict, pictures: Path) -> None:
    if "group" in spec:
        group = shapes.add_group_shape()
        for child in spec["group"]:
            add_shape(slide, group.shapes, child, pictures)
    elif "picture" in spec:
        shapes.add_picture(str(pictures / spec["picture"]), *(Emu(v) for v in spec["box"]))
    elif "svg" in spec:
        shapes.add_picture(io.BytesIO(svg_png(spec["svg"], spec["pixels"])), *(Emu(v) for v in spec["box"]))
    elif "placeholder" in spec:
        try:
            fill(slide.placeholders[spec["placeholder"]].text_frame, spec["paragraphs"])
        except KeyError:
            pass
    else:
        shape = shapes.add_shape(MSO_SHAPE(spec["shape"]), *(Emu(v) for v in spec["box"]))
        fill(shape.text_frame, spec["paragraphs"])


@functools.lru_cache(maxsize=None)
def svg_png(file: str, pixels: int) -> bytes:
    """A catalogue SVG drawn as a PNG ``pixels`` wide with resvg, once per picture and size (as kitgen does)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_path=str(ASSETS / file), width=pixels, height=pixels))


def fill(frame, paragraphs: list[list]) -> None:
    for number, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        for text, size, bold in runs:
            run = paragraph.add_run()
            run.text = text
            if size:
                run.font.size = Emu(size)
            if bold is not None:
                run.font.bold = bold


def pdf(pages: list[list[str]], body: ParagraphStyle, heading: ParagraphStyle, qr_codes: dict | None,
        drawing: list[list] | None = None) -> bytes:
    """The pages' text; with ``qr_codes`` (letters), a QR code under every line with a web address; with
    ``drawing`` (sheets), each page's lines, boxes and shapes drawn on it with the canvas."""
    story = []
    for number, lines in enumerate(pages):
        if number:
            story.append(PageBreak())
        shown = set()
        for i, line in enumerate(lines):
            story.append(Paragraph(escape(line), heading if i == 0 else body))
            for url in URL.findall(line) if qr_codes is not None else []:
                if url not in shown:  # one code per address on a page, as the letters have
                    shown.add(url)
                    story.append(qr_code(url, qr_codes))
    buffer = io.BytesIO()
    on_page = functools.partial(draw_paths, drawing or [])
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, invariant=1).build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def draw_paths(drawing: list[list], canvas, doc) -> None:
    """The paths bench/run.py read from the same page of kitgen's sheet, drawn with the canvas alone.

    Line width, dash and colours are set only when they change, as one would by hand.
    """
    if canvas.getPageNumber() > len(drawing):
        return
    canvas.saveState()
    now = [None, None, None, None]
    setters = (canvas.setLineWidth, lambda dash: canvas.setDash(*dash) if dash[0] else canvas.setDash(),
               lambda rgb: canvas.setStrokeColorRGB(*rgb), lambda rgb: canvas.setFillColorRGB(*rgb))
    for *look, stroke, fill, ops in drawing[canvas.getPageNumber() - 1]:
        for i, (value, setter) in enumerate(zip(look, setters)):
            if value != now[i]:
                setter(value)
                now[i] = value
        path = canvas.beginPath()
        for op, *xy in ops:
            if op == "m":
                path.moveTo(*xy)
            elif op == "l":
                path.lineTo(*xy)
            elif op == "c":
                path.curveTo(*xy)
            elif op in ("v", "y"):  # curves with a control point on an end: drawn as a full curve
                path.curveTo(*xy, *xy[-2:]) if op == "y" else path.curveTo(*xy[:2], *xy)
            elif op == "re":
                path.rect(*xy)
            elif op == "h":
                path.close()
        canvas.drawPath(path, stroke=stroke, fill=fill)
    canvas.restoreState()


def qr_code(url: str, encoded: dict) -> Drawing:
    size = 17 * mm
    if url not in encoded:  # once per address, as kitgen does
        encoded[url] = QrCodeWidget(url, barWidth=size, barHeight=size, barBorder=2, barLevel="M").draw()
    drawing = Drawing(size, size)
    drawing.add(encoded[url])
    return drawing


def main(spec_path: str, out_dir: str) -> None:
    pdfmetrics.registerFont(TTFont("FloorSans", str(FONTS / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("FloorSans-Bold", str(FONTS / "LiberationSans-Bold.ttf")))
    body = ParagraphStyle("body", fontName="FloorSans", fontSize=10.5, leading=14)
    heading = ParagraphStyle("heading", parent=body, fontName="FloorSans-Bold", fontSize=16, leading=20)
    spec_file = Path(spec_path)
    pictures = spec_file.parent / "pictures"
    out = Path(out_dir)
    qr_codes: dict = {}
    seconds: dict[str, float] = {}
    for artifact in json.loads(spec_file.read_text(encoding="utf-8")):
        start = time.process_time()  # CPU seconds, as bench/run.py times kitgen's kinds
        if "slides" in artifact:
            data = deck(artifact["slides"], pictures)
        elif "pages" in artifact:
            data = pdf(artifact["pages"], body, heading, qr_codes if artifact["kind"] == "letter" else None,
                       artifact.get("drawing"))
        else:
            data = artifact["text"].encode("utf-8")
        seconds[artifact["kind"]] = seconds.get(artifact["kind"], 0.0) + time.process_time() - start
        path = out / artifact["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(json.dumps(seconds))  # time per kind, for bench/run.py


if __name__ == "__main__":
    main(*sys.argv[1:3])
