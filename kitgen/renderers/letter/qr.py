"""QR codes for web addresses: reportlab's own QR encoder, encoded once per build, drawn as plain rectangles."""
from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Flowable

from kitgen.context import BuildContext

#: Modules of white space around the code: the standard asks for four, but the letter's white page
#: and the gap to the text beside it add more, and two keep the printed code larger in its box.
QUIET_ZONE = 2


class QrCode(Flowable):
    """A square QR code ``size`` points wide, drawn from PDF path operators made once per URL.

    The dark modules go straight onto the canvas as one filled path: going through reportlab's graphics
    renderer would also set its default font, Helvetica, which then sits unembedded in the PDF, and
    drawing thousands of rectangles one by one is most of a letter's time.
    """

    def __init__(self, path_operators: str, size: float):
        super().__init__()
        self.path_operators, self.size = path_operators, size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.setFillColor(colors.black)
        self.canv.addLiteral(self.path_operators)


def qr_code(url: str, size: float, context: BuildContext) -> QrCode:
    """A QR code that phones read as ``url``."""
    return QrCode(context.once(("qr", url, size), lambda: _encode(url, size)), size)


def _encode(url: str, size: float) -> str:
    """The dark modules of ``url``'s code as one PDF path: ``x y w h re`` for each, then fill."""
    # draw() is where the widget encodes the data; the first rect is the white background, which the
    # page already is.
    return "\n".join(f"{fp_str(r.x, r.y, r.width, r.height)} re" for r in _dark_modules(url, size)) + "\nf"


def _dark_modules(url: str, size: float) -> list:
    """The dark squares of ``url``'s code in a ``size`` square (y upwards, as in PDF), from reportlab's encoder."""
    widget = QrCodeWidget(url, barWidth=size, barHeight=size, barBorder=QUIET_ZONE, barLevel="M")
    return [r for r in widget.draw().contents if r.fillColor is not None]


def qr_png(url: str, pixels: int, context: BuildContext) -> bytes:
    """A QR code that phones read as ``url``, as a black-on-white PNG ``pixels`` square (for slides)."""
    return context.once(("qr-png", url, pixels), lambda: _png(url, pixels))


def _png(url: str, pixels: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("1", (pixels, pixels), 1)
    draw = ImageDraw.Draw(image)
    for r in _dark_modules(url, pixels):  # PDF's y runs upwards, an image's downwards
        draw.rectangle([round(r.x), round(pixels - r.y - r.height), round(r.x + r.width) - 1,
                        round(pixels - r.y) - 1], fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
