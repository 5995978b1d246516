"""The cmap reader `kitgen check` uses for the glyph check agrees with reportlab, which embeds the fonts."""
from __future__ import annotations

from pathlib import Path
import pytest

from kitgen.fontcmap import FontError, mapped_characters
from kitgen.glyphs import FONT_FILES

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

FONTS = PROJECT_ROOT / "assets" / "fonts"


@pytest.mark.parametrize("name", FONT_FILES)
def test_the_characters_match_reportlabs_reading(name):
    from reportlab.pdfbase.ttfonts import TTFontFile

    reportlab_reads = set(TTFontFile(str(FONTS / name)).charToGlyph) - {0xFFFF}  # a noncharacter, never in text
    mine = mapped_characters(FONTS / name)
    assert mine == reportlab_reads
    assert {ord("a"), ord("é"), ord("€"), ord("–")} <= mine and 0x1F600 not in mine  # no emoji in Liberation Sans


def test_a_file_that_is_not_a_font(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"\x00\x01\x00\x00\x00\x00" + b"\x00" * 20)
    with pytest.raises(FontError):
        mapped_characters(fake)


def test_a_font_cut_short(tmp_path):
    cut = tmp_path / "cut.ttf"
    cut.write_bytes((FONTS / FONT_FILES[0]).read_bytes()[:200])
    with pytest.raises(FontError):
        mapped_characters(cut)


def test_advance_widths_are_reportlabs_for_every_character():
    from reportlab.pdfbase.ttfonts import TTFont

    from kitgen.fontcmap import advance_widths

    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"):
        path = FONTS / name
        face = TTFont(name, str(path)).face
        expected = {code: face.charWidths.get(code, face.defaultWidth) for code in face.charToGlyph if code != 0xFFFF}
        assert advance_widths(path) == expected
