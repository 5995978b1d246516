"""`kitgen check` finds every text the slides' planner would refuse, at the line of that text, with the overflow."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kitgen.cli import main

from test_validation import Tree

LONG_POINT = "Dit is een heel lang punt dat veel te veel woorden heeft voor een dia in groep vijf en zes. " * 12
LONG_TITLE = "Een titel die veel te lang is om op een dia te passen, ook niet op twee regels in groep vijf"


@pytest.fixture
def tree(tmp_path) -> Tree:
    return Tree(tmp_path)


def _run(tree: Tree, command: str, *args: str):
    out = tree.root / "out"
    extra = ["--out", str(out), "--jobs", "1"] if command == "build" else []
    return CliRunner().invoke(main, [command, "--lessons", str(tree.lessons), *extra, *args])


def test_check_reports_every_text_that_does_not_fit_at_its_own_line(tree):
    tree.replace("tiny.yaml", 'points: [{nl: "Punt.", en: "Point."}]', f'points: [{{nl: "{LONG_POINT}", en: "Point."}}]')
    tree.replace("tiny.yaml", 'title: {nl: "Verzoek", en: "Request"}', f'title: {{nl: "{LONG_TITLE}", en: "Request"}}')
    result = _run(tree, "check")
    assert result.exit_code == 1, result.output
    # a text's position is where its value starts: the opening quote
    point_at = tree.where("tiny.yaml", LONG_POINT[:30], f'"{LONG_POINT[:10]}')
    title_at = tree.where("tiny.yaml", LONG_TITLE[:30], f'"{LONG_TITLE[:10]}')
    assert re.search(
        rf"{point_at}: a point \('Dit is een .*'\) does not fit on one slide at 28 pt, the smallest text size for "
        r"band 8-10 \(nl\): \d+ lines? too long, about \d+ characters over; shorten it",
        result.output,
    ), result.output
    assert f"{title_at}: the slide title '{LONG_TITLE}' does not fit at 40 pt (band 8-10, nl)" in result.output
    assert "problems found" in result.output


def test_build_finds_no_input_problem_that_check_missed(tree):
    """On each broken lesson, check fails too and says what build says (build stops at its first problem)."""
    breakages = [
        ('points: [{nl: "Punt.", en: "Point."}]', f'points: [{{nl: "{LONG_POINT}", en: "Point."}}]'),
        ('title: {nl: "Verzoek", en: "Request"}', f'title: {{nl: "{LONG_TITLE}", en: "Request"}}'),
        ('question: {nl: "Wat doe je?", en: "What do you do?"}', f'question: {{nl: "{LONG_POINT}", en: "What?"}}'),
    ]
    original = (tree.lessons / "tiny.yaml").read_text(encoding="utf-8")
    for old, new in breakages:
        (tree.lessons / "tiny.yaml").write_text(original, encoding="utf-8")
        tree.replace("tiny.yaml", old, new)
        built, checked = _run(tree, "build", "--lang", "nl"), _run(tree, "check")
        assert built.exit_code == 1 and checked.exit_code == 1, (built.output, checked.output)
        found = [line.removeprefix("Error: ") for line in built.output.splitlines() if "does not fit" in line]
        assert found and all(problem in checked.output for problem in found), (built.output, checked.output)
