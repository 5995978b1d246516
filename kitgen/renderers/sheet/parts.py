"""Drawn parts of a printed sheet: tick boxes, writing lines, number badges, dots, tinted boxes, pictures."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import _listWrapOn

from kitgen.checks import resolve_asset
from kitgen.model import Picture
from kitgen.renderers.pdfbase import ACCENT, FONT, FONT_BOLD

RULE = colors.HexColor("#9AA5B1")
TINT = colors.HexColor("#EEF3F8")
ZEBRA = colors.HexColor("#F5F7FA")
WARM_TINT = colors.HexColor("#FFF6E5")
WARM_EDGE = colors.HexColor("#D99A29")


#: An empty table cell. An empty string would be drawn: a text object with nothing in it, set in a font.
EMPTY = ()


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(1)
        self.canv.roundRect(0, 0, self.size, self.size, self.size * 0.12)


class WritingLines(Flowable):
    """Ruled lines to write an answer on, one handwriting line apart."""

    def __init__(self, count: int, gap: float):
        super().__init__()
        self.count, self.gap = count, gap

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.count * self.gap

    def draw(self):
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.gap + 2
            self.canv.line(0, y, self.width, y)


class NumberBadge(Flowable):
    """An exercise number in a filled circle."""

    def __init__(self, number: int, diameter: float):
        super().__init__()
        self.number, self.diameter = number, diameter

    def wrap(self, available_width, available_height):
        return self.diameter, self.diameter

    def draw(self):
        radius = self.diameter / 2
        self.canv.setFillColor(ACCENT)
        self.canv.circle(radius, radius, radius, stroke=0, fill=1)
        self.canv.setFillColor(colors.white)
        font_size = self.diameter * 0.55
        self.canv.setFont(FONT_BOLD, font_size)
        self.canv.drawCentredString(radius, radius - font_size * 0.36, str(self.number))


class Dot(Flowable):
    """A dot to start or end a matching line."""

    def __init__(self, diameter: float):
        super().__init__()
        self.diameter = diameter

    def wrap(self, available_width, available_height):
        return self.diameter, self.diameter

    def draw(self):
        self.canv.setFillColor(colors.black)
        radius = self.diameter / 2
        self.canv.circle(radius, radius, radius, stroke=0, fill=1)


class SheetTable(Table):
    """A Table that measures its rows once per width.

    A sheet's table is measured when the pages are planned, by the group that keeps it with its exercise,
    and by the frame that places it, each time at the same width; reportlab would measure every cell
    again each time. A measurement of all rows holds until the table is split or restyled
    (:meth:`restyled`); one cut short by the height available (reportlab stops at the page's foot) does not.
    """

    _measured_at: float | None = None  # the width all rows were last measured at

    def wrap(self, availWidth, availHeight):
        if self._measured_at != availWidth:
            super().wrap(availWidth, availHeight)
            self._measured_at = availWidth if self._hmax == len(self._cellvalues) else None
        self.availWidth = availWidth
        return self._width, self._height

    def split(self, availWidth, availHeight):
        self._measured_at = None  # splitting measures again, up to the height available
        return super().split(availWidth, availHeight)

    def setStyle(self, tblstyle):
        self._measured_at = None
        super().setStyle(tblstyle)

    def restyled(self) -> None:
        """Say that cell styles were changed directly, so the rows are measured again."""
        self._measured_at = None


class KeptTogether(KeepTogether):
    """Flowables kept on one page, measured without a copy of the frame.

    reportlab's KeepTogether deep-copies the page's frame each time it measures its content, in case
    something in it adds content to the frame while measured; nothing on a sheet does.
    """

    def wrap(self, aW, aH):
        sizes: list = []
        width, self._H = _listWrapOn(self._content, aW, None, dims=sizes)
        self._H0 = sizes[0][1] if sizes else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # as KeepTogether: too tall, so the frame asks it to split, and it decides where


def sheet_table(rows: list, widths: list[float], commands: list, **options) -> Table:
    """A left-aligned table in the kit font (reportlab would draw empty text cells in Helvetica, unembedded)."""
    table = SheetTable(rows, colWidths=widths, hAlign="LEFT", **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands]))
    return table


def form_row(labels: list[Paragraph], label_widths: list[float], width: float, line_shares: list[float]) -> Table:
    """Labels, each followed by a line to write on; the lines share what the labels leave of ``width``."""
    rest = width - sum(label_widths)
    cells, widths = [], []
    commands = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for i, (label, label_width, share) in enumerate(zip(labels, label_widths, line_shares)):
        cells += [label, EMPTY]
        widths += [label_width, rest * share]
        commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.8, RULE))
    return sheet_table([cells], widths, commands)


def tinted_box(rows: list, width: float, tint=TINT, edge=None, padding: float = 8) -> Table:
    """Flowables on a tinted background, one per table row so a long box can still break between rows.

    The rows get ``width - 3 * padding`` to lay out in.
    """
    style = [
        ("BACKGROUND", (0, 0), (-1, -1), tint),
        ("LEFTPADDING", (0, 0), (-1, -1), padding * 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding * 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.25),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.25),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
    ]
    if edge is not None:
        style.append(("LINEBEFORE", (0, 0), (0, -1), 3, edge))
    return sheet_table([[row] for row in rows], [width], style)


def picture(pic: Picture, assets_dir: Path, max_width: float, max_height: float = 55 * mm) -> Image:
    """An illustration from the assets folder or the picture catalogue, scaled to fit without distortion."""
    if pic.id is not None:  # a catalogue picture: an SVG drawn as a PNG of print resolution
        import io

        from kitgen.pictures import load_pictures, picture_size, render_png

        source = load_pictures(assets_dir)[0].path(pic.id)
        width, height = picture_size(source)
        scale = min(max_width / width, max_height / height)
        data = render_png(source, 600) if source.suffix.lower() == ".svg" else source.read_bytes()
        image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
        image.hAlign = "LEFT"
        return image
    path = resolve_asset(pic.file, assets_dir)
    if path is None:  # the loader's checks refuse this, so it means the assets changed mid-build
        raise FileNotFoundError(f"picture '{pic.file}' is not in {assets_dir}")
    pixel_width, pixel_height = ImageReader(str(path)).getSize()
    scale = min(max_width / pixel_width, max_height / pixel_height)
    image = Image(str(path), width=pixel_width * scale, height=pixel_height * scale)
    image.hAlign = "LEFT"
    return image
