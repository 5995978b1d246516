"""Age-fit lint: pupils' text beyond its band's limits is a warning at the text's line; --strict makes it an error."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kitgen.agefit import age_fit_warnings
from kitgen.cli import main

from test_validation import Tree

LIMITS = """    worksheet_body_pt: 14
    limits:
      words_per_point: 6
      words_per_sentence: 8
      avoid_words: {nl: "naakt, seks", en: "naked, sex"}
"""


@pytest.fixture
def tree(tmp_path) -> Tree:
    tree = Tree(tmp_path)
    tree.replace("bands.yaml", "    worksheet_body_pt: 14\n", LIMITS)
    return tree


def warnings(tree: Tree) -> list[str]:
    return [str(w).replace(f"{tree.lessons}/", "") for w in age_fit_warnings(tree.load())]


def test_text_within_the_limits_gives_no_warning(tree):
    assert warnings(tree) == []


def test_a_long_point_and_a_long_sentence_are_warned_about_at_their_line(tree):
    long_point = "Een punt met veel te veel woorden voor groep vijf."
    tree.replace("tiny.yaml", 'points: [{nl: "Punt.", en: "Point."}]', f'points: [{{nl: "{long_point}", en: "Point."}}]')
    where = tree.where("tiny.yaml", long_point, f'"{long_point}')
    assert warnings(tree) == [
        f"{where}: a sentence of 10 words ('Een punt met veel te veel woorden voor…'); band 8-10 keeps sentences "
        "to 8 words or fewer",
        f"{where}: this slide point has 10 words; band 8-10 keeps points to 6 words or fewer: "
        "shorten it or split it in two",
    ]


def test_a_word_on_the_bands_list_is_warned_about_in_its_language(tree):
    tree.replace("tiny.yaml", 'question: {nl: "Accepteer je?", en: "Do you accept?"}',
                 'question: {nl: "Stuurt hij een naakt plaatje?", en: "Does he send a picture?"}')
    where = tree.where("tiny.yaml", "naakt plaatje", '"Stuurt')
    assert warnings(tree) == [
        f"{where}: 'naakt' is on band 8-10's list of words to avoid in pupils' text (bands.yaml); say it another way"
    ]


def test_u_in_dutch_pupil_text_is_warned_about_but_not_in_teacher_notes(tree):
    tree.replace("tiny.yaml", 'question: {nl: "Accepteer je?", en: "Do you accept?"}',
                 'question: {nl: "Accepteert u dit?", en: "Do you accept?"}')
    tree.replace("tiny.yaml", 'notes: {nl: "Leg uit.", en: "Explain."}', 'notes: {nl: "Leg uit wat u ziet.", en: "Explain."}')
    found = warnings(tree)
    assert len(found) == 1 and found[0].endswith("pupils are spoken to with je/jij, not 'u'")
    assert tree.where("tiny.yaml", "Accepteert u", '"Accepteert') in found[0]


def test_check_prints_the_warnings_and_strict_refuses_them(tree):
    tree.replace("tiny.yaml", 'question: {nl: "Accepteer je?", en: "Do you accept?"}',
                 'question: {nl: "Is seks hier het onderwerp?", en: "Do you accept?"}')
    args = ["check", "--lessons", str(tree.lessons)]
    relaxed, strict = CliRunner().invoke(main, args), CliRunner().invoke(main, [*args, "--strict"])
    assert relaxed.exit_code == 0 and "warning: 'seks' is on band 8-10's list" in relaxed.output
    assert strict.exit_code == 1 and "1 problem found" in strict.output
