"""Draw the example school's logo (examples/logo.png) with Pillow: python examples/draw_logo.py."""
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 240


def draw_logo(path: Path) -> None:
    """A rainbow over a sun: the logo of the made-up school De Regenboog."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    colours = ["#D64545", "#E8833A", "#F2C94C", "#4CAF50", "#2F80ED", "#7B4BB7"]
    for ring, colour in enumerate(colours):
        inset = 20 + ring * 14
        pen.arc((inset, inset + 30, SIZE - inset, SIZE - inset + 30 + 60), 180, 360, fill=colour, width=14)
    pen.ellipse((SIZE // 2 - 28, 150, SIZE // 2 + 28, 206), fill="#F2994A")
    image.crop(image.getbbox()).save(path, optimize=True)


if __name__ == "__main__":
    draw_logo(Path(__file__).with_name("logo.png"))
