"""The deck's colours, shared by the slide writer and the script that builds the layout file."""
from __future__ import annotations

#: Text on light slides and most body text.
INK = "1F2933"
#: Light slide background: a warm off-white, calmer than pure white on a whiteboard.
PAPER = "F7F5F0"
#: Titles on light slides, and the background of title and closing slides.
NAVY = "1F4E79"
#: Accents: the title rule, the "right answer" mark, buttons.
TEAL = "1D6B57"
#: Secondary text (chat app name, profile details).
MUTED = "4A5663"
#: Chat bubbles and cards.
BUBBLE_THEM = "DDE8F3"
BUBBLE_ME = "D3ECDF"
CARD = "FFFFFF"
LINE = "B8C4CF"
#: Light text on NAVY slides.
ON_NAVY = "FFFFFF"
ON_NAVY_SOFT = "DCE8F4"

#: Every (text, background) pair the deck uses; tests require a contrast of at least 4.5:1 for each.
TEXT_PAIRS = (
    (INK, PAPER),
    (NAVY, PAPER),
    (MUTED, PAPER),
    (TEAL, PAPER),
    (MUTED, BUBBLE_THEM),
    (INK, BUBBLE_THEM),
    (INK, BUBBLE_ME),
    (INK, CARD),
    (MUTED, CARD),
    (ON_NAVY, NAVY),
    (ON_NAVY_SOFT, NAVY),
    (ON_NAVY, TEAL),
    (NAVY, CARD),
)


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``RRGGBB`` colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
