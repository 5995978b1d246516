"""Draw kitgen's own illustrations into assets/pictures/ with Pillow (run from the repository root).

Flat pictures in the deck's colours, made from circles and rounded rectangles, with no text in them
(text belongs on the slide, where it can be read aloud and translated). Running the script again
gives the same files. Licence: see assets/pictures/LICENSE.txt.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kitgen.renderers.deck.style import BUBBLE_ME, BUBBLE_THEM, CARD, LINE, NAVY, PAPER, TEAL  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "assets" / "pictures"
SIZE = (800, 600)
SCALE = 4  # drawn four times larger, then scaled down: smooth edges


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (SIZE[0] * SCALE, SIZE[1] * SCALE), rgb(PAPER))
    return image, ImageDraw.Draw(image)


def s(*values: float) -> list[int]:
    return [int(v * SCALE) for v in values]


def finish(image: Image.Image, name: str) -> None:
    image.resize(SIZE, Image.LANCZOS).save(OUT / name, optimize=True)


def text_lines(draw, x: float, y: float, widths: list[float], colour: str) -> None:
    """Grey bars that stand for text without being text."""
    for i, width in enumerate(widths):
        draw.rounded_rectangle(s(x, y + i * 26, x + width, y + i * 26 + 12), radius=6 * SCALE, fill=rgb(colour))


def phone_chat() -> None:
    """A phone showing a chat: bubbles left and right."""
    image, draw = canvas()
    draw.rounded_rectangle(s(250, 30, 550, 570), radius=40 * SCALE, fill=rgb(NAVY))
    draw.rounded_rectangle(s(268, 70, 532, 520), radius=14 * SCALE, fill=rgb(CARD))
    draw.ellipse(s(385, 532, 415, 562), fill=rgb(CARD))
    bubbles = [(285, 95, 450, 165, BUBBLE_THEM), (350, 190, 515, 240, BUBBLE_ME), (285, 265, 470, 360, BUBBLE_THEM),
               (380, 385, 515, 430, BUBBLE_ME)]
    for x0, y0, x1, y1, colour in bubbles:
        draw.rounded_rectangle(s(x0, y0, x1, y1), radius=16 * SCALE, fill=rgb(colour))
        text_lines(draw, x0 + 14, y0 + 16, [(x1 - x0) * 0.7] * max(1, (y1 - y0) // 40), LINE)
    finish(image, "phone-chat.png")


def trusted_adult() -> None:
    """A grown-up and a child side by side, with a speech bubble: telling someone."""
    image, draw = canvas()
    draw.ellipse(s(200, 120, 320, 240), fill=rgb(TEAL))
    draw.rounded_rectangle(s(170, 250, 350, 560), radius=60 * SCALE, fill=rgb(TEAL))
    draw.ellipse(s(440, 230, 530, 320), fill=rgb(NAVY))
    draw.rounded_rectangle(s(420, 330, 550, 560), radius=45 * SCALE, fill=rgb(NAVY))
    draw.rounded_rectangle(s(520, 60, 720, 170), radius=24 * SCALE, fill=rgb(BUBBLE_ME))
    draw.polygon(s(560, 165, 600, 165, 545, 215), fill=rgb(BUBBLE_ME))
    text_lines(draw, 545, 88, [150, 110], LINE)
    finish(image, "trusted-adult.png")


def shield() -> None:
    """A shield with a tick: staying safe."""
    image, draw = canvas()
    draw.polygon(s(400, 60, 600, 130, 580, 340, 400, 540, 220, 340, 200, 130), fill=rgb(NAVY))
    draw.polygon(s(400, 100, 565, 158, 548, 330, 400, 495, 252, 330, 235, 158), fill=rgb(BUBBLE_THEM))
    draw.line(s(310, 300, 380, 370, 500, 230), fill=rgb(TEAL), width=40 * SCALE, joint="curve")
    finish(image, "shield.png")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for draw_picture in (phone_chat, trusted_adult, shield):
        draw_picture()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))}")
