"""The school logo, scaled down to the size it is printed at (300 dpi), so a photo does not bloat every letter."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

#: Print resolution the logo is kept at.
DPI = 300
_POINTS_PER_INCH = 72


def printed_logo(logo: Path | bytes, max_width: float, max_height: float) -> tuple[bytes, int, int]:
    """The logo (a file, or an image's bytes) as image bytes no larger than ``max_width`` × ``max_height``
    points at DPI, and its pixel size."""
    limit = (round(max_width / _POINTS_PER_INCH * DPI), round(max_height / _POINTS_PER_INCH * DPI))
    data = logo if isinstance(logo, bytes) else logo.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        if image.width <= limit[0] and image.height <= limit[1]:
            return data, image.width, image.height
        image.draft("RGB", limit)  # a JPEG decodes straight at a smaller size
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail(limit, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if has_alpha:
            image.save(buffer, "PNG", optimize=True)
        else:
            image.save(buffer, "JPEG", quality=90, optimize=True)
        return buffer.getvalue(), image.width, image.height
