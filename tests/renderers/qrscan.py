"""Reading a letter's QR codes back with zbarimg, each code cut out on its own as a phone sees it."""
from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image
from reportlab.lib.units import mm

from kitgen.renderers.letter.pdf import FITS, MARGINS


def decode_qr(pdf: Path, folder: Path, dpi: int = 150) -> list[str]:
    """Every QR code in the letter, each read on its own, as a phone held over it reads it."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    crops = []
    (folder / "codes").mkdir(exist_ok=True)
    for page in sorted(folder.glob(f"{pdf.stem}-*.png")):
        crops += _qr_crops(Image.open(page), dpi, folder / "codes" / page.stem)
    if not crops:
        return []
    result = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, crops)], capture_output=True, text=True)
    return result.stdout.split()


def _qr_crops(image, dpi: int, stem: Path) -> list[Path]:
    """The QR codes of a page, each cut out with white around it: in the help directory's code column
    (at the left, or at the right in a right-to-left letter), a dark block as tall as a code."""
    px = dpi / 25.4  # pixels per millimetre
    gray = image.convert("L")
    crops = []
    for side in ("left", "right"):
        inner = MARGINS[3 if side == "left" else 1] / mm + 2  # the frame's 6 pt padding is about 2 mm
        left = inner if side == "left" else 210 - inner - FITS[0].qr / mm - 1
        box = (round((left - 1) * px), 0, round((left + FITS[0].qr / mm + 2) * px), gray.height)
        strip = gray.crop(box)
        pixels, width = strip.tobytes(), strip.width
        dark_rows = [y for y in range(strip.height) if min(pixels[y * width:(y + 1) * width]) < 100]
        runs, start, last = [], None, None
        for y in dark_rows:
            if start is None or y - last > 0.6 * px:  # codes stand further apart than lines of text
                if start is not None:
                    runs.append((start, last))
                start = y
            last = y
        if start is not None:
            runs.append((start, last))
        for number, (top, bottom) in enumerate(runs):
            if not (min(fit.qr for fit in FITS) / mm * 0.7 <= (bottom - top) / px <= FITS[0].qr / mm):
                continue  # a line of text, not a code
            pad = round(3 * px)
            crop = Image.new("L", (strip.width + 2 * pad, bottom - top + 1 + 2 * pad), 255)
            crop.paste(strip.crop((0, top, strip.width, bottom + 1)), (pad, pad))
            path = stem.with_name(f"{stem.name}-{side}-{number}.png")
            crop.save(path)
            crops.append(path)
    return crops
