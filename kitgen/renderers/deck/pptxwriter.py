"""Writing a deck plan as .pptx with python-pptx: layouts by name, exact text settings, tagged, reproducible."""
from __future__ import annotations

import copy
import datetime as dt
import io

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.shapes.autoshape import AutoShapeType
from pptx.util import Pt

from kitgen.context import BuildContext
from kitgen.pictures import render_png
from kitgen.renderers.letter.qr import qr_png
from kitgen.renderers.deck.plan import (
    TITLE,
    DeckPlan,
    Drawing,
    Para,
    PicturePlan,
    Shape,
    SlidePlan,
    TextBlock,
    text_rect_inset,
)
from kitgen.renderers.deck.fit import EMU_PER_PT
from kitgen.renderers.deck.template import SlideTemplate
from kitgen.zipstamp import fixed_zip

#: The font the deck names; fit.py measures its metric twin, Liberation Sans.
FONT = "Arial"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
GEOMETRY = {"roundRect": MSO_SHAPE.ROUNDED_RECTANGLE, "ellipse": MSO_SHAPE.OVAL, "rect": MSO_SHAPE.RECTANGLE}
ALIGN = {"l": PP_ALIGN.LEFT, "ctr": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}
ANCHOR = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
NOTES_PREFIX = "/ppt/notesSlides/notesSlide"
#: rw-r--r--, as a Unix file mode in a zip member's external attributes.
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>kitgen</Application><PresentationFormat>Widescreen</PresentationFormat></Properties>"
)


def write_deck(plan: DeckPlan, template: SlideTemplate, context: BuildContext) -> bytes:
    """The .pptx bytes of ``plan`` on ``template``'s layouts; equal input gives equal bytes."""
    deck = Presentation(io.BytesIO(template.data))
    _drop_slides(deck)
    layouts: dict = {}
    for layout in deck.slide_layouts:
        layouts.setdefault(layout.name, layout)
    slides, notes = NewSlides(deck), NotesPages(deck)
    formats = context.once(("pptxwriter", "paragraph formats"), ParagraphFormats)
    for planned in plan.slides:
        _write_slide(slides.add(layouts[planned.layout]), planned, notes, formats, context, plan.ink)
    _restyle_notes_theme(deck)
    _set_language(deck, plan.language)
    _set_metadata(deck, plan, context)
    buffer = io.BytesIO()
    deck.save(buffer)
    return fixed_zip(buffer.getvalue(), context.build_date)


def _write_slide(slide, planned: SlidePlan, notes: NotesPages, formats: ParagraphFormats, context: BuildContext,
                 ink: str) -> None:
    if planned.plain:
        slide._element.set("showMasterSp", "0")
    placeholders = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    _fill(placeholders.pop(TITLE), planned.title, formats)
    for idx, block in planned.bodies:
        _fill(placeholders.pop(idx), block, formats)
    for unused in placeholders.values():  # an empty placeholder shows "Click to add text" while editing
        unused._element.getparent().remove(unused._element)
    for backdrop in planned.backdrops:
        _add_shape(slide.shapes, backdrop, formats, ink)
    # a drawing's text before the pictures, in reading order (a help card's name and address before its
    # QR code); no planned drawing covers a picture, so the order does not change what the slide shows
    if planned.drawing is not None:
        _add_drawing(slide, planned.drawing, formats, ink)
    for picture in planned.pictures:
        _add_picture(slide, picture, context)
    notes.add(slide).notes_text_frame.text = planned.notes


class NewSlides:
    """A deck's new slides: python-pptx clones a layout's placeholders once, later slides copy those shapes.

    The placeholders python-pptx makes on an empty slide depend only on the layout, so the copies are the same XML.
    """

    def __init__(self, deck) -> None:
        self._deck = deck
        self._shapes: dict[str, list] = {}  # by layout part name: the new slide's shapes

    def add(self, layout):
        """A new slide on ``layout``, at the end of the deck, holding the layout's placeholders."""
        key = str(layout.part.partname)
        if key not in self._shapes:
            slide = self._deck.slides.add_slide(layout)
            self._shapes[key] = [copy.deepcopy(shape) for shape in slide.shapes._spTree.iter_shape_elms()]
            return slide
        rel_id, slide = self._deck.part.add_slide(layout)  # what Slides.add_slide does, but copying the shapes
        sp_tree = slide.shapes._spTree
        for shape in self._shapes[key]:
            sp_tree.insert_element_before(copy.deepcopy(shape), "p:extLst")
        self._deck.slides._sldIdLst.add_sldId(rel_id)
        return slide


class NotesPages:
    """A deck's notes pages: python-pptx makes the first, the others are copies of its empty page.

    python-pptx would clone the notes master's placeholders and search the whole package for a free
    part name for every page; the copies come out the same, parts and relationships in the same order.
    """

    def __init__(self, deck) -> None:
        self._package = deck.part.package
        self._blank = None  # the first page before its text: what every page starts as
        self._taken: set[str] = set()

    def add(self, slide):
        """The new, empty notes page of ``slide``."""
        if self._blank is None:
            page = slide.notes_slide
            self._blank = copy.deepcopy(page._element)
            self._taken = {str(part.partname) for part in self._package.iter_parts()
                           if str(part.partname).startswith(NOTES_PREFIX)}
            return page
        part = NotesSlidePart(self._next_partname(), CT.PML_NOTES_SLIDE, self._package, copy.deepcopy(self._blank))
        part.relate_to(self._package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return part.notes_slide

    def _next_partname(self) -> PackURI:
        """The name python-pptx's ``next_partname`` would choose."""
        for n in range(len(self._taken) + 1, 0, -1):
            if NOTES_PARTNAME % n not in self._taken:
                self._taken.add(NOTES_PARTNAME % n)
                return PackURI(NOTES_PARTNAME % n)
        raise AssertionError("no free notes page name")  # the range always holds one


def _fill(shape, block: TextBlock, formats: ParagraphFormats, default_colour: str | None = None,
          shape_inset=(0.0, 0.0)) -> None:
    """Put ``block`` into ``shape`` exactly as it was measured: box, insets, spacing, sizes, font.

    ``shape_inset`` is what the shape's geometry already keeps free around its text; the block's
    insets count it, so the frame's own insets are the rest.
    """
    shape.left, shape.top, shape.width, shape.height = block.box.x, block.box.y, block.box.w, block.box.h
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(max(0.0, block.inset_x - shape_inset[0]))
    frame.margin_top = frame.margin_bottom = Pt(max(0.0, block.inset_y - shape_inset[1]))
    frame.vertical_anchor = ANCHOR[block.anchor]
    frame.clear()
    for i, para in enumerate(block.paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if para.link:
            _linked_runs(paragraph, para)
        elif para.lead and para.text.startswith(para.lead):
            paragraph.add_run().text = para.lead
            paragraph.add_run().text = para.text[len(para.lead):]
        else:
            paragraph.text = para.text
        formats.paragraph(paragraph, para, para.size * block.line_height, para.space_before if i else 0)
        formats.runs(paragraph, para, para.colour or default_colour)
        if para.lead and paragraph.runs and paragraph.runs[0].text == para.lead:
            paragraph.runs[0].font.bold = True
        if para.link:
            for run in paragraph.runs:
                if run.text == (para.link_text or para.text):
                    run.hyperlink.address = para.link


def _linked_runs(paragraph, para: Para) -> None:
    """The paragraph's text as runs: the linked part on its own, so only it is a hyperlink."""
    linked = para.link_text or para.text
    before, found, after = para.text.partition(linked)
    pieces = [before, linked, after] if found else [para.text]
    for piece in pieces:
        if piece:
            paragraph.add_run().text = piece


class ParagraphFormats:
    """Paragraph and run properties set by python-pptx once for each look, then copied.

    python-pptx looks up the schema's element order for every property it sets, which is most of a
    deck's writing time; a copy of the properties it made for the same settings is the same XML.
    """

    def __init__(self) -> None:
        self._paragraphs: dict[tuple, object] = {}
        self._runs: dict[tuple, object] = {}

    def paragraph(self, paragraph, para: Para, line_spacing: float, space_before: float) -> None:
        """Alignment, spacing and bullet of ``paragraph``."""
        p = paragraph._p
        before = p.pPr  # the first paragraph of a shape may come with properties
        key = (para.align, para.indent, para.bullet, line_spacing, space_before,
               None if before is None else etree.tostring(before))
        made = self._paragraphs.get(key)
        if made is None:
            paragraph.alignment = ALIGN[para.align]
            paragraph.line_spacing = Pt(line_spacing)
            paragraph.space_before = Pt(space_before)
            paragraph.space_after = Pt(0)
            _set_bullet(paragraph, para)
            self._paragraphs[key] = copy.deepcopy(p.pPr)
            return
        if before is not None:
            p.remove(before)
        p.insert(0, copy.deepcopy(made))

    def runs(self, paragraph, para: Para, colour: str | None) -> None:
        """Size, weight, font and colour of every run of ``paragraph`` (new runs, without properties)."""
        key = (para.size, para.bold, colour)
        for run in paragraph.runs:
            made = self._runs.get(key)
            if made is not None:
                run._r.insert(0, copy.deepcopy(made))
                continue
            run.font.size = Pt(para.size)
            run.font.bold = para.bold
            run.font.name = FONT
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
            self._runs[key] = copy.deepcopy(run._r.rPr)


def _set_bullet(paragraph, para: Para) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    indent = Pt(para.indent)
    p_pr.set("marL", str(int(indent)))
    p_pr.set("indent", str(-int(indent)))
    if para.bullet:
        etree.SubElement(p_pr, qn("a:buFont"), typeface=FONT)
        etree.SubElement(p_pr, qn("a:buChar"), char="\u2022")
    else:
        etree.SubElement(p_pr, qn("a:buNone"))


#: Pixels per inch of a drawn (SVG) picture or QR code on a slide: sharp on a projector (a drawing is at
#: most 512 pixels wide: about 170 per inch at its largest, three inches).
PICTURE_PPI = 220


def _add_picture(slide, picture: PicturePlan, context: BuildContext) -> None:
    """The picture in its planned box (already fitted to its proportions); SVGs and QR codes as PNG."""
    box = picture.box
    pixels = max(64, round(box.w / 914400 * PICTURE_PPI))
    if picture.qr is not None:
        source = io.BytesIO(qr_png(picture.qr, pixels, context))
        name = "QR code"
    elif picture.path.suffix.lower() == ".svg":
        pixels = min(512, 1 << (pixels - 1).bit_length())  # a few sizes per picture, each drawn once per build
        source = io.BytesIO(context.once(("picture png", str(picture.path), pixels),
                                         lambda: render_png(picture.path, pixels)))
        name = picture.picture_id or picture.path.stem
    else:
        source, name = str(picture.path), picture.picture_id or picture.path.stem
    shape = slide.shapes.add_picture(source, box.x, box.y, box.w, box.h)
    c_nv_pr = shape._element.nvPicPr.cNvPr
    c_nv_pr.set("name", name)
    c_nv_pr.set("descr", "" if picture.decorative else picture.alt)
    if picture.decorative:
        _mark_decorative(c_nv_pr)


def _add_drawing(slide, drawing: Drawing, formats: ParagraphFormats, ink: str) -> None:
    group = slide.shapes.add_group_shape()
    c_nv_pr = group._element.nvGrpSpPr.cNvPr
    c_nv_pr.set("name", drawing.name)
    c_nv_pr.set("descr", drawing.alt)
    for planned in drawing.shapes:
        _add_shape(group.shapes, planned, formats, ink)
    if drawing.shapes:
        group._element.recalculate_extents()  # once: python-pptx's add_shape would after every shape


def _new_autoshape(shapes, geometry: str, box):
    """``shapes.add_shape`` without fitting the group around it, which :func:`_add_drawing` does once, at the end."""
    return shapes._shape_factory(shapes._add_sp(AutoShapeType(GEOMETRY[geometry]), box.x, box.y, box.w, box.h))


def _add_shape(shapes, planned: Shape, formats: ParagraphFormats, ink: str) -> None:
    box = planned.box
    shape = _new_autoshape(shapes, planned.geometry, box)
    style_element = shape._element.find(qn("p:style"))
    if style_element is not None:  # the theme's style would add a shadow and white text
        shape._element.remove(style_element)
    shape.name = planned.name
    if planned.geometry == "roundRect":  # the preset's radius is a share of the shorter side
        shape.adjustments[0] = min(0.5, planned.corner * EMU_PER_PT / max(1, min(box.w, box.h)))
    if planned.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(planned.fill)
    else:
        shape.fill.background()
    if planned.line:
        shape.line.color.rgb = RGBColor.from_string(planned.line)
        shape.line.width = Pt(1.5)
    else:
        shape.line.fill.background()
    if planned.text is not None:
        inset = text_rect_inset(planned.geometry, planned.box, planned.corner)
        _fill(shape, planned.text, formats, default_colour=ink, shape_inset=inset)
    if planned.decorative:
        _mark_decorative(shape._element.nvSpPr.cNvPr)


def _mark_decorative(c_nv_pr) -> None:
    """Office's "mark as decorative": screen readers skip the shape."""
    ext_list = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}, val="1")


def _drop_slides(deck) -> None:
    """A school's template may hold example slides; the kit's deck starts empty."""
    id_list = deck.slides._sldIdLst
    for slide_id in list(id_list):
        deck.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def _restyle_notes_theme(deck) -> None:
    """python-pptx makes the notes pages from its own default (Calibri, "Office Theme"); make them the deck's."""
    theme = deck.notes_master.part.part_related_by(RT.THEME)
    root = getattr(theme, "_element", None)  # None: the school's template brought its own notes theme
    if root is None:
        return
    root.set("name", "kitgen notes")
    for latin in root.iter(qn("a:latin")):
        if latin.getparent().tag in (qn("a:majorFont"), qn("a:minorFont")):
            latin.set("typeface", FONT)


def _set_language(deck, tag: str) -> None:
    """Every run, end-of-paragraph mark and default in every part says the kit's language."""
    names = {qn("a:rPr"), qn("a:endParaRPr"), qn("a:defRPr")}
    for part in deck.part.package.iter_parts():
        root = getattr(part, "_element", None)
        if root is None:
            continue
        for run in root.iter(qn("a:r"), qn("a:br"), qn("a:fld")):
            if run.find(qn("a:rPr")) is None:  # python-pptx writes notes runs without properties
                run.insert(0, etree.Element(qn("a:rPr")))
        for element in root.iter(*names):
            if element.tag != qn("a:defRPr") or element.get("lang"):
                element.set("lang", tag)


def _set_metadata(deck, plan: DeckPlan, context: BuildContext) -> None:
    props = deck.core_properties
    props.title = plan.title
    props.subject = plan.subject
    props.author = props.last_modified_by = context.author
    props.language = plan.language
    props.keywords = plan.keywords
    props.comments = props.category = props.content_status = props.identifier = props.version = ""
    props.created = props.modified = context.build_date.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.revision = 1
    package = deck.part.package
    for rel_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of someone else's first slide
            package._rels.pop(rel_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML


