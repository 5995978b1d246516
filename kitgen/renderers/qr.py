"""QR codes for web addresses, drawn with reportlab's own QR widget and encoded once per build."""
from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group

from kitgen.context import BuildContext

#: Modules of white space around the code: the standard asks for four, but the letter's white page
#: and the gap to the text beside it add more, and two keep the printed code larger in its box.
QUIET_ZONE = 2


def qr_drawing(url: str, size: float, context: BuildContext) -> Drawing:
    """A square drawing ``size`` points wide that phones read as ``url``."""
    modules = context.once(("qr", url, size), lambda: _encode(url, size))
    drawing = Drawing(size, size)
    drawing.add(modules)
    return drawing


def _encode(url: str, size: float) -> Group:
    # draw() is where the widget encodes the data; the shapes it returns can be reused freely.
    widget = QrCodeWidget(url, barWidth=size, barHeight=size, barBorder=QUIET_ZONE, barLevel="M")
    return widget.draw()
