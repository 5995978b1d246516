"""The glyph check: text the PDF font cannot print fails before rendering, at its YAML line."""
from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.glyphs import font_characters, glyph_problems, missing_glyphs
from kitgen.i18n import LANGUAGES, catalogue_words
from kitgen.loader import load_catalog

sys.path.insert(0, str(Path(__file__).parent / "renderers"))
from worksheet_lesson import write_lesson  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

FONTS = BuildContext().fonts_dir
SNOWMAN = "\u2603"  # ☃: not in Liberation Sans


def test_the_shipped_lessons_and_every_fixed_word_can_be_printed():
    catalog = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
    assert glyph_problems(catalog, FONTS) == []
    printable = font_characters(FONTS)
    for lang in LANGUAGES:
        for key, forms in catalogue_words(lang).items():
            for form in forms:  # every plural form too
                assert missing_glyphs(form, printable) == [], (lang, key)


def test_missing_glyphs_lists_each_character_once_and_ignores_line_breaks():
    printable = font_characters(FONTS)
    assert missing_glyphs(f"Één {SNOWMAN} en\nnog {SNOWMAN} 😀", printable) == [SNOWMAN, "😀"]
    assert missing_glyphs("Ça va – “quotes” € ë ï → •", printable) == []
    assert missing_glyphs("►·", printable) == []  # marks the guide itself draws


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index("{") + 1
    raise AssertionError(needle)


def test_check_and_build_fail_at_the_yaml_line_of_the_text(lesson_tree, tmp_path):
    root = lesson_tree()
    path = write_lesson(root, replace={'en: "Only friends"': f'en: "Only friends {SNOWMAN}"'}, picture=False)
    line, column = _line_of(path, SNOWMAN)
    runner = CliRunner()
    for args in (["check", "--lessons", str(root)], ["build", "--lessons", str(root), "--out", str(tmp_path / "o")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert f"allkinds.yaml:{line}:{column}: the English text uses '{SNOWMAN}' (U+2603 SNOWMAN)" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_slide_text_is_not_held_to_the_pdf_font(lesson_tree):
    root = lesson_tree()
    slide_title = {'title: {nl: "Titel", en: "Title"}': 'title: {nl: "Titel 😀", en: "Title 😀"}'}
    write_lesson(root, replace=slide_title, picture=False)
    catalog = load_catalog(root, PROJECT_ROOT / "assets")
    assert glyph_problems(catalog, FONTS) == []
