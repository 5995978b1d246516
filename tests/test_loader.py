"""The loader: the shipped lessons load; bad input gives every problem with its line."""
from __future__ import annotations

from pathlib import Path
import pytest

from kitgen.errors import ValidationError
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

ASSETS = PROJECT_ROOT / "assets"


def _problems(root) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_catalog(root, ASSETS)
    return [str(p) for p in info.value.problems]


def test_shipped_lessons_load_for_every_band():
    catalog = load_catalog(PROJECT_ROOT / "lessons", ASSETS)
    band_ids = [b.id for b in catalog.bands]
    assert band_ids == ["8-10", "10-12", "12-14", "14-16"]
    for lesson in catalog.lessons:
        assert list(lesson.bands) == band_ids
        assert set(LANGUAGES) <= set(lesson.title.values)  # and any letter language that translated it


def test_missing_translation_names_file_line_and_language(lesson_tree):
    root = lesson_tree("resources.yaml", """\
        resources:
          - id: politie
            name: Politie
            description:
              nl: "Alleen Nederlands"
            verified: 2026-11-28
        """)
    problems = _problems(root)
    assert any(p.endswith("resources.yaml:5:7: 'description' has no English (en) text") for p in problems), problems


def test_all_problems_reported_together_with_positions(lesson_tree):
    root = lesson_tree("bands.yaml", """\
        bands:
          - id: "8-10"
            label: {nl: "groep 5", en: "ages 8"}
            ages: "8"
            minutes: 045
            slide_body_pt: 24
            slide_title_pt: 36
            worksheet_body_pt: 14
            colour: blue
            writing_lines: no
        """)
    problems = _problems(root)
    joined = "\n".join(problems)
    assert "bands.yaml:5:14: 'minutes' must be a whole number written in digits (0 or more), not '045'" in joined
    assert "bands.yaml:9:5: unknown key 'colour' in an item of 'bands'" in joined
    assert "bands.yaml:10:20: 'writing_lines' must be a whole number written in digits (0 or more), not 'no'" in joined


def test_duplicate_keys_are_refused(lesson_tree):
    root = lesson_tree("bands.yaml", """\
        bands:
          - id: "8-10"
            id: "8-11"
        """)
    assert any("bands.yaml:3:5: duplicate key 'id' (first defined at line 2)" in p for p in _problems(root))


def test_text_keeps_what_the_designer_typed(lesson_tree):
    root = lesson_tree()
    bands = (root / "bands.yaml").read_text(encoding="utf-8")
    (root / "bands.yaml").write_text(
        bands.replace('label: {nl: "groep 5–6 (8–10 jaar)", en: "ages 8–10 (groep 5–6)"}', "label: {nl: no, en: 8:30}"),
        encoding="utf-8",
    )
    catalog = load_catalog(root, ASSETS)
    # Under YAML 1.1 these would be False and 510; text fields keep the words as typed.
    assert catalog.bands[0].label.values == {"nl": "no", "en": "8:30"}
