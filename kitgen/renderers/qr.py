"""QR codes for web addresses: reportlab's own QR encoder, encoded once per build, drawn as plain rectangles."""
from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.platypus import Flowable

from kitgen.context import BuildContext

#: Modules of white space around the code: the standard asks for four, but the letter's white page
#: and the gap to the text beside it add more, and two keep the printed code larger in its box.
QUIET_ZONE = 2


class QrCode(Flowable):
    """A square QR code ``size`` points wide.

    The dark modules are drawn straight onto the canvas: going through reportlab's graphics renderer
    would also set its default font, Helvetica, which then sits unembedded in the PDF.
    """

    def __init__(self, modules: tuple[tuple[float, float, float, float], ...], size: float):
        super().__init__()
        self.modules, self.size = modules, size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        self.canv.setFillColor(colors.black)
        for x, y, width, height in self.modules:
            self.canv.rect(x, y, width, height, stroke=0, fill=1)


def qr_code(url: str, size: float, context: BuildContext) -> QrCode:
    """A QR code that phones read as ``url``."""
    return QrCode(context.once(("qr", url, size), lambda: _encode(url, size)), size)


def _encode(url: str, size: float) -> tuple[tuple[float, float, float, float], ...]:
    # draw() is where the widget encodes the data; keep only its dark modules (the first rect is the
    # white background, which the page already is).
    widget = QrCodeWidget(url, barWidth=size, barHeight=size, barBorder=QUIET_ZONE, barLevel="M")
    return tuple(
        (rect.x, rect.y, rect.width, rect.height) for rect in widget.draw().contents if rect.fillColor is not None
    )
