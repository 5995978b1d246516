"""Build kitgen's 16:9 layout files, one per deck theme (templates/slides.pptx, slides-playful.pptx), from python-pptx's default.

Run from the repository root: ``python tools/make_slides_template.py``. The output is committed as a
source asset; running the script again gives the same bytes. A school can copy the file, restyle it in
PowerPoint and pass it to ``kitgen build --slides-template FILE`` as long as the layout names stay.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kitgen.renderers.deck.pptxwriter import APP_XML, fixed_zip  # noqa: E402
from kitgen.renderers.deck.theme import THEMES, Theme  # noqa: E402

FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
OUT_DIR = Path(__file__).resolve().parent.parent / "templates"
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECORATIVE_EXT = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)
INCH = 914400
WIDTH, HEIGHT = 12192000, 6858000
MARGIN = int(0.6 * INCH)
FULL_WIDTH = WIDTH - 2 * MARGIN


def emu(inches: float) -> int:
    return int(round(inches * INCH))


# --- XML snippets ------------------------------------------------------------------------------


def _xfrm(x: int, y: int, w: int, h: int) -> str:
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def placeholder(
    shape_id: int, name: str, ph: str, box: tuple[int, int, int, int], colour: str, prompt: str,
    anchor: str = "t", bold: bool = False, bullets: bool = False,
) -> str:
    """A layout placeholder with its position, text colour and prompt text."""
    bullet = (
        '<a:buFont typeface="Arial"/><a:buChar char="\u2022"/>' if bullets else "<a:buNone/>"
    )
    indent = ' marL="342900" indent="-342900"' if bullets else ' marL="0" indent="0"'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(*box)}</p:spPr>"
        f'<p:txBody><a:bodyPr anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr{indent}>{bullet}'
        f'<a:defRPr b="{1 if bold else 0}">{_fill(colour)}</a:defRPr></a:lvl1pPr></a:lstStyle>'
        f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>'
    )


def decoration(shape_id: int, geometry: str, box: tuple[int, int, int, int], colour: str, adjust: str = "") -> str:
    """A shape without text that only decorates; marked decorative for screen readers."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Decoration {shape_id}">{DECORATIVE_EXT}</p:cNvPr>'
        f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(*box)}'
        f'<a:prstGeom prst="{geometry}"><a:avLst>{adjust}</a:avLst></a:prstGeom>{_fill(colour)}<a:ln><a:noFill/></a:ln>'
        "</p:spPr></p:sp>"
    )


def title_ph(box, colour: str, anchor="b") -> str:
    return placeholder(2, "Title", '<p:ph type="title"/>', box, colour, "Title", anchor=anchor, bold=True)


def body_ph(shape_id, idx, box, colour: str, bullets=True, kind="body", name="Text") -> str:
    return placeholder(shape_id, name, f'<p:ph type="{kind}" idx="{idx}"/>', box, colour, "Text", bullets=bullets)


TOP = (MARGIN, emu(0.25), FULL_WIDTH, emu(1.5))
BODY_Y = emu(2.0)
BODY_H = HEIGHT - BODY_Y - emu(0.45)
COLUMN_GAP = emu(0.4)
COLUMN = (FULL_WIDTH - COLUMN_GAP) // 2


def dots(first_id: int, theme: Theme, light: bool) -> list[str]:
    """The playful theme's motif: two round dots in a corner, partly off the slide."""
    big, small = ("FFD43B", "F08C00") if light else ("FFD43B", "FFB38A")
    return [
        decoration(first_id, "ellipse", (WIDTH - emu(1.05), -emu(0.5), emu(1.5), emu(1.5)), big),
        decoration(first_id + 1, "ellipse", (WIDTH - emu(1.5), emu(0.75), emu(0.32), emu(0.32)), small),
    ]


def layouts(theme: Theme) -> dict[str, tuple[str, list[str]]]:
    """Layout name → (background colour, shapes in reading order) in ``theme``'s look."""
    playful = theme.name == "playful"
    if playful:  # a thick round rule under the title, dots in the corner
        rule = decoration(10, "roundRect", (MARGIN + emu(0.1), emu(1.78), emu(1.4), emu(0.12)), theme.accent,
                          '<a:gd name="adj" fmla="val 50000"/>')
        light_decor = [rule, *dots(20, theme, light=True)]
    else:  # calm: a hairline across the top and a short rule under the title
        light_decor = [
            decoration(11, "rect", (0, 0, WIDTH, emu(0.06)), theme.heading),
            decoration(10, "rect", (MARGIN + emu(0.1), emu(1.8), emu(0.9), emu(0.05)), theme.accent),
        ]
    dark_rule = (lambda y: decoration(10, "roundRect", (emu(0.9), y, emu(1.3), emu(0.12)), "FFD43B",
                                      '<a:gd name="adj" fmla="val 50000"/>')) if playful else (
                 lambda y: decoration(10, "rect", (emu(0.9), y, emu(1.0), emu(0.05)), theme.accent))
    dark_decor = dots(20, theme, light=False) if playful else []
    return {
        "title": (theme.dark, [
            title_ph((emu(0.8), emu(1.1), emu(7.4), emu(3.2)), theme.on_dark),
            dark_rule(emu(4.45)),
            placeholder(3, "Subtitle", '<p:ph type="subTitle" idx="1"/>', (emu(0.8), emu(4.7), emu(7.4), emu(1.9)),
                        theme.on_dark_soft, "Subtitle"),
            *dark_decor,
        ]),
        "section": (theme.dark, [
            title_ph((emu(0.8), emu(1.8), FULL_WIDTH - emu(0.4), emu(2.4)), theme.on_dark),
            body_ph(3, 1, (emu(0.8), emu(4.4), FULL_WIDTH - emu(0.4), emu(1.8)), theme.on_dark, bullets=False),
        ]),
        "content": (theme.paper, [
            title_ph(TOP, theme.heading), *light_decor,
            body_ph(3, 1, (MARGIN, BODY_Y, FULL_WIDTH, BODY_H), theme.ink),
        ]),
        "two-column": (theme.paper, [
            title_ph(TOP, theme.heading), *light_decor,
            body_ph(3, 1, (MARGIN, BODY_Y, COLUMN, BODY_H), theme.ink, name="Left column"),
            body_ph(4, 2, (MARGIN + COLUMN + COLUMN_GAP, BODY_Y, COLUMN, BODY_H), theme.ink, name="Right column"),
        ]),
        "picture-text": (theme.paper, [
            title_ph(TOP, theme.heading), *light_decor,
            body_ph(3, 1, (MARGIN, BODY_Y, emu(4.6), BODY_H), theme.ink, bullets=False),
            placeholder(4, "Picture", '<p:ph type="pic" idx="2"/>',
                        (MARGIN + emu(5.0), BODY_Y, FULL_WIDTH - emu(5.0), BODY_H), theme.muted, "Picture"),
        ]),
        "question": (theme.paper, [
            title_ph(TOP, theme.heading), *light_decor,
            body_ph(3, 1, (MARGIN, BODY_Y, FULL_WIDTH, BODY_H), theme.ink, bullets=False),
        ]),
        "closing": (theme.dark_closing, [
            title_ph((emu(0.8), emu(0.5), emu(8.6), emu(1.6)), theme.on_dark),
            dark_rule(emu(2.2)),
            body_ph(3, 1, (emu(0.8), emu(2.45), emu(8.6), emu(4.5)), theme.on_dark),
            *dark_decor,
        ]),
    }


#: Which of python-pptx's default layouts each of ours replaces (its ``type`` suits ours).
DEFAULT_LAYOUT_FOR = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "two-column": "Two Content",
    "picture-text": "Picture with Caption",
    "question": "Title Only",
    "closing": "Comparison",
}

#: The OOXML layout type of each of ours, which PowerPoint uses when a user switches layouts.
LAYOUT_TYPE = {
    "title": "title", "section": "secHead", "content": "obj", "two-column": "twoObj",
    "picture-text": "picTx", "question": "cust", "closing": "cust",
}


def layout_xml(name: str, background: str, shapes: list[str]) -> etree._Element:
    xml = (
        f'<p:cSld xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}" name="{name}">'
        f'<p:bg><p:bgPr>{_fill(background)}<a:effectLst/></p:bgPr></p:bg><p:spTree>'
        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr>{_xfrm(0, 0, 0, 0)}</p:grpSpPr>{"".join(shapes)}</p:spTree></p:cSld>'
    )
    return etree.fromstring(xml)


def restyle_master(master, theme: Theme) -> None:
    """16:9 title and body placeholders, Arial, the deck colours; no date, footer or slide number."""
    root = master._element
    tree = root.find("p:cSld/p:spTree", NS)
    for shape in tree.findall("p:sp", NS):
        ph = shape.find(".//p:ph", NS)
        kind = ph.get("type") if ph is not None else None
        if kind == "title":
            box = TOP
        elif kind == "body":
            box = (MARGIN, BODY_Y, FULL_WIDTH, BODY_H)
        else:
            tree.remove(shape)
            continue
        off, ext = shape.find("p:spPr/a:xfrm/a:off", NS), shape.find("p:spPr/a:xfrm/a:ext", NS)
        off.set("x", str(box[0])), off.set("y", str(box[1])), ext.set("cx", str(box[2])), ext.set("cy", str(box[3]))
        for autofit in shape.findall(".//a:normAutofit", NS):
            autofit.getparent().replace(autofit, etree.SubElement(autofit.getparent(), f"{{{NS['a']}}}noAutofit"))
    for rpr in root.iter(f"{{{NS['a']}}}rPr", f"{{{NS['a']}}}endParaRPr"):
        rpr.set("lang", "en-GB")
    background = root.find("p:cSld/p:bg", NS)
    background.clear()
    background.append(etree.fromstring(f'<p:bgPr xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}">{_fill(theme.paper)}<a:effectLst/></p:bgPr>'))
    title_rpr = root.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    title_rpr.set("sz", "3600"), title_rpr.set("b", "1")
    _set_colour(title_rpr, theme.heading)
    for level in root.find("p:txStyles/p:bodyStyle", NS):
        rpr = level.find("a:defRPr", NS)
        if rpr is not None:
            _set_colour(rpr, theme.ink)


def _set_colour(rpr, colour: str) -> None:
    for old in rpr.findall("a:solidFill", NS):
        rpr.remove(old)
    rpr.insert(0, etree.fromstring(f'<a:solidFill xmlns:a="{NS["a"]}"><a:srgbClr val="{colour}"/></a:solidFill>'))


def restyle_theme(theme_part, look: Theme) -> None:
    """The deck colours and Arial for headings and body; named after kitgen."""
    theme = etree.fromstring(theme_part.blob)
    theme.set("name", "kitgen")
    scheme = theme.find("a:themeElements/a:clrScheme", NS)
    scheme.set("name", "kitgen")
    colours = {
        "dk1": look.ink, "lt1": "FFFFFF", "dk2": look.heading, "lt2": look.paper, "accent1": look.heading,
        "accent2": look.accent, **{f"accent{i}": c for i, c in enumerate(look.option_badges, start=3)},
        "hlink": look.heading, "folHlink": look.muted,
    }
    for slot, colour in colours.items():
        element = scheme.find(f"a:{slot}", NS)
        element.clear()
        etree.SubElement(element, f"{{{NS['a']}}}srgbClr", val=colour)
    fonts = theme.find("a:themeElements/a:fontScheme", NS)
    fonts.set("name", "kitgen")
    for latin in fonts.findall("*/a:latin", NS):
        latin.set("typeface", "Arial")
    theme.find("a:themeElements/a:fmtScheme", NS).set("name", "kitgen")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(theme: Theme) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    size = deck.part._element.find("p:sldSz", NS)
    size.attrib.pop("type", None)  # "screen4x3" would contradict the 16:9 size
    master = deck.slide_master
    restyle_master(master, theme)
    restyle_theme(master.part.part_related_by(RT.THEME), theme)
    layout_shapes = layouts(theme)

    by_default_name = {layout.name: layout for layout in master.slide_layouts}
    keep = {DEFAULT_LAYOUT_FOR[name]: name for name in layout_shapes}
    id_list = master._element.find("p:sldLayoutIdLst", NS)
    for entry in list(id_list):
        rel_id = entry.get(f"{{{NS['r']}}}id")
        layout = master.part.related_slide_layout(rel_id)
        if layout.name not in keep:
            id_list.remove(entry)
            master.part.drop_rel(rel_id)
    for default_name, name in keep.items():
        root = by_default_name[default_name]._element
        root.replace(root.find("p:cSld", NS), layout_xml(name, *layout_shapes[name]))
        root.set("type", LAYOUT_TYPE[name])
    # our order: the order of LAYOUTS
    entries = sorted(id_list, key=lambda e: list(layout_shapes).index(master.part.related_slide_layout(e.get(f"{{{NS['r']}}}id")).name))
    for entry in entries:
        id_list.append(entry)

    for rel_id, rel in list(deck.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            deck.part.drop_rel(rel_id)
    package = deck.part.package
    for rel_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(rel_id)
    props = deck.core_properties
    props.title = f"kitgen slides ({theme.name})"
    props.subject, props.author, props.keywords, props.comments = "", "kitgen", "", ""
    props.last_modified_by, props.category, props.revision = "kitgen", "", 1
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML
    buffer = io.BytesIO()
    deck.save(buffer)
    return fixed_zip(buffer.getvalue(), FIXED_DATE)


if __name__ == "__main__":
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for look in THEMES.values():
        out = OUT_DIR / look.template
        out.write_bytes(build(look))
        print(f"wrote {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
