"""The floor: the same decks, PDFs and texts a kitgen build makes, made by python-pptx and reportlab directly.

Run by bench/run.py as ``python bench/floor.py SPEC.json FONTS_DIR OUT_DIR``. SPEC lists every artifact of a
kitgen build with its text (per slide, per PDF page), read back from kitgen's own output beforehand, so the
floor writes as many files, slides, pages and words, with the same embedded font, but no kitgen code runs.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.util import Emu, Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate


def deck(slides: list[dict]) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(12192000), Emu(6858000)
    for number, spec in enumerate(slides):
        slide = presentation.slides.add_slide(presentation.slide_layouts[0 if number == 0 else 1])
        slide.shapes.title.text = spec["title"]
        body = slide.placeholders[1].text_frame
        for i, line in enumerate(spec["body"]):
            paragraph = body.paragraphs[0] if i == 0 else body.add_paragraph()
            paragraph.text = line
            for run in paragraph.runs:
                run.font.size = Pt(24)
        slide.notes_slide.notes_text_frame.text = spec["notes"]
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def pdf(pages: list[list[str]], body: ParagraphStyle, heading: ParagraphStyle) -> bytes:
    story = []
    for number, lines in enumerate(pages):
        if number:
            story.append(PageBreak())
        story += [Paragraph(escape(line), heading if i == 0 else body) for i, line in enumerate(lines)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, invariant=1).build(story)
    return buffer.getvalue()


def main(spec_path: str, fonts_dir: str, out_dir: str) -> None:
    fonts = Path(fonts_dir)
    pdfmetrics.registerFont(TTFont("FloorSans", str(fonts / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("FloorSans-Bold", str(fonts / "LiberationSans-Bold.ttf")))
    body = ParagraphStyle("body", fontName="FloorSans", fontSize=10.5, leading=14)
    heading = ParagraphStyle("heading", parent=body, fontName="FloorSans-Bold", fontSize=16, leading=20)
    out = Path(out_dir)
    for artifact in json.loads(Path(spec_path).read_text(encoding="utf-8")):
        if "slides" in artifact:
            data = deck(artifact["slides"])
        elif "pages" in artifact:
            data = pdf(artifact["pages"], body, heading)
        else:
            data = artifact["text"].encode("utf-8")
        path = out / artifact["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    main(*sys.argv[1:4])
