"""Property tests: whatever text a designer saves, the loader gives a catalog or a clean ValidationError."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitgen.errors import Problem, ValidationError
from kitgen.loader import load_catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

FIXTURES = Path(__file__).parent / "fixtures"
ASSETS = PROJECT_ROOT / "assets"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters that mean something to YAML, and a few that do not.
_YAMLISH = st.sampled_from(list(":-?[]{},&*!|>'\"#%@`~ \n\t\\") + ["a", "0", "1", ".", "é", "\u2028", "\ufeff", "\x85"])
#: Values that YAML 1.1 reads as something else than the designer typed, and other oddities.
_TRAPS = st.sampled_from(
    ["no", "off", "yes", "on", "8:30", "010", "0x1F", "1e3", "2026-11-28", "~", "null", "''", '""', "[]", "{}",
     "&a x", "*a", "!!str x", "!!binary aGk=", ">-\n  folded", "|\n  block", "- item", "? key", "TODO", "-1", ".inf"]
)


@pytest.fixture(scope="module")
def lesson_dir(tmp_path_factory) -> Path:
    """A lessons folder whose lesson file each example overwrites."""
    root = tmp_path_factory.mktemp("fuzz") / "lessons"
    shutil.copytree(FIXTURES / "tiny", root)
    return root


def _load_clean(root: Path, name: str, text: str | bytes) -> None:
    """Write ``text`` as ``name`` and load: a catalog, or a ValidationError whose problems point into the files."""
    path = root / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    try:
        load_catalog(root, ASSETS)
    except ValidationError as error:
        assert error.problems
        for problem in error.problems:
            assert isinstance(problem, Problem) and problem.message
            assert problem.pos.line >= 1 and problem.pos.column >= 1, problem  # every problem has its place


@FUZZ
@given(text=st.text(_YAMLISH, max_size=300))
def test_random_yamlish_text_as_a_lesson(lesson_dir, text):
    _load_clean(lesson_dir, "tiny.yaml", text)


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes_as_the_bands_file(lesson_dir, data):
    try:
        _load_clean(lesson_dir, "bands.yaml", data)
    finally:
        shutil.copy(FIXTURES / "tiny" / "bands.yaml", lesson_dir / "bands.yaml")


_TINY = (FIXTURES / "tiny" / "tiny.yaml").read_text(encoding="utf-8")


@st.composite
def _mutated_lines(draw, source: str) -> str:
    """The source with a few lines deleted, duplicated, moved, re-indented or given a trap value."""
    lines = source.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "move", "indent", "dedent", "trap", "insert"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(index))
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif action == "trap" and ":" in line:
            lines[index] = line[: line.index(":") + 1] + " " + draw(_TRAPS)
        else:
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.text(_YAMLISH, min_size=1, max_size=5)) + line[cut:]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=_mutated_lines(_TINY))
def test_mutated_lesson_text(lesson_dir, text):
    _load_clean(lesson_dir, "tiny.yaml", text)


_ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=10),
    st.lists(st.integers(0, 3), max_size=3), st.dictionaries(st.sampled_from(["nl", "en", "de", "kind", "x"]),
                                                             st.text(max_size=5), max_size=3),
)


@st.composite
def _mutated_tree(draw, source: str) -> str:
    """The parsed lesson with a few values anywhere in it replaced by values of the wrong type."""
    document = yaml.safe_load(source)
    for _ in range(draw(st.integers(1, 3))):
        node, target = document, None
        for _depth in range(draw(st.integers(1, 8))):
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            if not children:
                break
            key, child = draw(st.sampled_from(children))
            target = (node, key)
            if not isinstance(child, (dict, list)) or draw(st.booleans()):
                break
            node = child
        if target is not None:
            container, key = target
            container[key] = draw(_ODD_VALUES)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=_mutated_tree(_TINY))
def test_lesson_with_values_of_the_wrong_type(lesson_dir, text):
    _load_clean(lesson_dir, "tiny.yaml", text)


@FUZZ
@given(text=_mutated_lines((PROJECT_ROOT / "lessons" / "grooming.yaml").read_text(encoding="utf-8")))
def test_mutated_shipped_lesson(lesson_dir, text):
    try:
        _load_clean(lesson_dir, "tiny.yaml", text)
    finally:
        shutil.copy(FIXTURES / "tiny" / "tiny.yaml", lesson_dir / "tiny.yaml")
