"""Validation: each kind of mistake gives one precise `file:line:col: message`, exit 1 and nothing written."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.checks import MAX_PIXELS, stale_warnings
from kitgen.cli import main
from kitgen.errors import ValidationError
from kitgen.loader import load_catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

FIXTURES = Path(__file__).parent / "fixtures"


class Tree:
    """A copy of the tiny fixture (lessons/ and assets/) in a temporary folder, edited one replacement at a time."""

    def __init__(self, root: Path):
        self.root = root
        self.lessons = root / "lessons"
        self.assets = root / "assets"
        shutil.copytree(FIXTURES / "tiny", self.lessons)
        (self.assets / "pictures").mkdir(parents=True)
        shutil.copy(FIXTURES / "dot.png", self.assets / "pictures" / "dot.png")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace the only occurrence of ``old`` in lessons/``name``."""
        path = self.lessons / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def add_picture(self, file_line: str = "file: pictures/dot.png", alt_line: str = 'alt: {nl: "Een stip", en: "A dot"}'):
        """Give the title slide a picture."""
        picture = f"      picture:\n        {file_line}\n" + (f"        {alt_line}\n" if alt_line else "")
        self.replace("tiny.yaml", '      notes: {nl: "Welkom.", en: "Welcome."}\n', f'      notes: {{nl: "Welkom.", en: "Welcome."}}\n{picture}')

    def where(self, name: str, line_text: str, value: str | None = None) -> str:
        """``name:line:col`` of ``value`` on the only line containing ``line_text`` (col 1 of the text if no value)."""
        lines = (self.lessons / name).read_text(encoding="utf-8").splitlines()
        found = [i for i, line in enumerate(lines) if line_text in line]
        assert len(found) == 1, f"{line_text!r} is on lines {found}"
        line = lines[found[0]]
        column = line.index(value if value is not None else line_text) + 1
        return f"{name}:{found[0] + 1}:{column}"

    def problems(self) -> list[str]:
        with pytest.raises(ValidationError) as info:
            load_catalog(self.lessons, self.assets)
        return [str(p).replace(f"{self.lessons}/", "") for p in info.value.problems]

    def load(self):
        return load_catalog(self.lessons, self.assets)


@pytest.fixture
def tree(tmp_path) -> Tree:
    return Tree(tmp_path)


def test_the_fixture_itself_is_valid(tree):
    lesson = tree.load().lessons[0]
    assert lesson.id == "tiny" and list(lesson.bands) == ["8-10", "12-14"]


# --- the file as a whole -------------------------------------------------------------------


def test_yaml_syntax_error_uses_the_parsers_position(tree):
    tree.replace("tiny.yaml", 'title: {nl: "Kleine les", en: "Small lesson"}', 'title: {nl: "Kleine les", en: "Small lesson"')
    assert tree.problems() == [
        "tiny.yaml:4:1: YAML syntax error: did not find expected ',' or '}'"
    ]


def test_tab_indentation_points_at_the_tab(tree):
    tree.replace("tiny.yaml", "reviewed: 2026-06-01", "reviewed: 2026-06-01\n\tnotes: x")
    assert tree.problems() == ["tiny.yaml:6:1: a tab at column 1; use spaces to indent"]


# --- YAML mistakes, in a designer's words ---------------------------------------------------

_TITLE = 'title: {nl: "Kleine les", en: "Small lesson"}'


@pytest.mark.parametrize(
    "written, message",
    [
        ("title:\n\tnl: Kleine les\n\ten: Small lesson", "tiny.yaml:4:1: a tab at column 1; use spaces to indent"),
        ("title:\n  nl: Let op: kleine les\n  en: Small lesson", "tiny.yaml:4:7: this text contains ': '; put the whole text in double quotes"),
        ("title:\n    nl: Kleine les\n   en: Small lesson", "tiny.yaml:5:1: this line is indented 3 spaces, the keys around it 4; line them up"),
        ("title:\n  nl: \"Kleine les\n  en: Small lesson", 'tiny.yaml:4:7: the quote " that starts this text is never closed; end the text with "'),
    ],
    ids=["tab", "colon", "indentation", "unclosed-quote"],
)
def test_yaml_mistakes_say_what_to_fix(tree, written, message):
    tree.replace("tiny.yaml", _TITLE, written)
    assert tree.problems()[0] == message


def test_a_hash_in_an_unquoted_text_is_reported_as_cut_off(tree):
    tree.replace("tiny.yaml", _TITLE, "title:\n  nl: Vandaag de #1 truc\n  en: Small lesson")
    assert tree.problems() == ["tiny.yaml:4:18: text after # is a comment and was cut off; put the text in quotes"]


def test_a_hash_inside_quotes_or_without_a_space_before_it_is_text(tree):
    tree.replace("tiny.yaml", _TITLE, 'title:\n  nl: "Vandaag de #1 truc"\n  en: Small#lesson')
    assert tree.load().lessons[0].title.values == {"nl": "Vandaag de #1 truc", "en": "Small#lesson"}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "tiny.yaml:1:1: the file is empty"),
        (b"# only a comment\n", "tiny.yaml:1:1: the file is empty"),
        (b"---\n", "tiny.yaml:1:1: the file is empty"),
        (b"- id: tiny\n", "tiny.yaml:1:1: the top of the file must be a mapping of keys"),
        (b"just words\n", "tiny.yaml:1:1: the top of the file must be a mapping of keys"),
        (b"id: tiny\ntitle: caf\xe9\n", "tiny.yaml:2:11: the file is not UTF-8 text; save it as UTF-8"),
        (b"id: tiny\n---\nid: other\n", "tiny.yaml:2:1: YAML syntax error: but found another document"),
    ],
)
def test_files_that_are_not_a_yaml_mapping(tree, content, message):
    (tree.lessons / "tiny.yaml").write_bytes(content)
    assert tree.problems() == [message]


def test_a_nul_byte_in_the_file_is_refused_with_its_line(tree):
    (tree.lessons / "tiny.yaml").write_bytes(b"id: tiny\ntitle: a\x00b\n")
    assert tree.problems() == ["tiny.yaml:2:1: the file contains a NUL byte"]


def test_duplicate_keys_are_refused(tree):
    tree.replace("tiny.yaml", 'version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n')
    assert tree.problems() == ["tiny.yaml:5:1: duplicate key 'version' (first defined at line 4)"]


def test_python_tags_are_refused(tree):
    tree.replace("tiny.yaml", 'version: "1.0"', "version: !!python/object/apply:os.system [ls]")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'version:', '!!')}: the tag '!!python/object/apply:os.system' "
        "is not allowed; write plain YAML values"
    ]


def test_merge_keys_are_refused(tree):
    tree.replace("tiny.yaml", "sources:\n  - title:", "sources:\n  - <<: {}\n    title:")
    assert tree.problems() == [f"{tree.where('tiny.yaml', '<<')}: merge keys ('<<') are not supported; write the keys out"]


@pytest.mark.parametrize(
    "bomb",
    [
        # nine levels of nine aliases: 9**9 values once expanded, in a few hundred bytes
        "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)),
        "a: &a [*a]\n",  # refers to itself
    ],
)
def test_alias_bombs_are_refused_before_anything_walks_them(tree, bomb):
    assert len(bomb.encode()) < 1024
    (tree.lessons / "tiny.yaml").write_text(bomb, encoding="utf-8")
    [problem] = tree.problems()
    assert problem.startswith("tiny.yaml:1:1: anchors and aliases expand this file to more than ")


# --- keys and types ------------------------------------------------------------------------


def test_unknown_key_suggests_the_close_one_and_the_real_key_is_missing(tree):
    tree.replace("tiny.yaml", "reviewed: 2026-06-01", "reviewd: 2026-06-01")
    assert tree.problems() == [
        "tiny.yaml:2:1: the lesson is missing the required key 'reviewed'",
        "tiny.yaml:5:1: unknown key 'reviewd' in the lesson (did you mean 'reviewed'?)",
    ]


def test_hidden_model_fields_are_not_keys(tree):
    tree.replace("tiny.yaml", 'version: "1.0"', 'version: "1.0"\npositions: {}')
    assert tree.problems() == [
        "tiny.yaml:5:1: unknown key 'positions' in the lesson; "
        "the keys here are id, title, version, reviewed, sources, status, common, bands"
    ]


def test_missing_required_field_points_at_the_item(tree):
    tree.replace("tiny.yaml", '      explanation: {nl: "Vertellen helpt.", en: "Telling helps."}\n', "")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'kind: quiz', 'kind')}: a 'quiz' item is missing the required key 'explanation'"
    ]


@pytest.mark.parametrize(
    "old, new, value, message",
    [
        ("minutes: 45", "minutes: [45]", "[", "'minutes' must be a single value, not a list"),
        ("minutes: 45", "minutes: 045", "045", "'minutes' must be a whole number written in digits (0 or more), not '045'"),
        ("minutes: 45", "minutes: 8:30", "8:30", "'minutes' must be a whole number written in digits (0 or more), not '8:30'"),
        ("minutes: 45", "minutes: -45", "-45", "'minutes' must be a whole number written in digits (0 or more), not '-45'"),
        ("minutes: 45", "minutes: 4.5e1", "4.5", "'minutes' must be a whole number written in digits (0 or more), not '4.5e1'"),
        ("slide_body_pt: 28", "slide_body_pt:", "slide_body_pt", None),
    ],
)
def test_numbers_are_digits_only(tree, old, new, value, message):
    tree.replace("bands.yaml", old, new)
    if message is None:  # an empty value: the null sits right after the colon
        [problem] = tree.problems()
        assert problem.endswith("'slide_body_pt' is empty; write a value")
        return
    assert tree.problems() == [f"{tree.where('bands.yaml', new, value)}: {message}"]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "0", "TRUE"])
def test_yes_and_no_are_not_booleans(tree, word):
    tree.replace("tiny.yaml", "answer: true", f"answer: {word}")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', f'answer: {word}', word)}: 'answer' must be true or false, not '{word}'"
    ]


@pytest.mark.parametrize("typed", ["28-11-2026", "2026-02-30", "2026-11-28 10:00", "2026"])
def test_dates_must_be_real_iso_dates(tree, typed):
    tree.replace("tiny.yaml", "reviewed: 2026-06-01", f"reviewed: {typed}")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'reviewed:', typed)}: 'reviewed' must be a date written as YYYY-MM-DD, not '{typed}'"
    ]


def test_yaml_1_1_words_stay_the_text_that_was_typed(tree):
    tree.replace("tiny.yaml", 'version: "1.0"', "version: 010")
    tree.replace("tiny.yaml", 'title: {nl: "Kleine les", en: "Small lesson"}', "title: {nl: no, en: off}")
    tree.replace("tiny.yaml", 'name: "Sam"', "name: 8:30")
    tree.replace("tiny.yaml", 'term: {nl: "Woord", en: "Word"}', "term: {nl: 2026-01-01, en: 1e3}")
    tree.replace("tiny.yaml", "      mutual_friends: 2\n", "      mutual_friends: 2\n        age: 0x10\n")
    lesson = tree.load().lessons[0]
    content = lesson.bands["8-10"]
    assert lesson.version == "010"
    assert lesson.title.values == {"nl": "no", "en": "off"}
    assert content.keywords[0].term.values == {"nl": "2026-01-01", "en": "1e3"}
    request = content.slides[2].request
    assert (request.name, request.age) == ("8:30", "0x10")


def test_todo_left_from_the_scaffold_is_an_error(tree):
    tree.replace("tiny.yaml", 'summary: {nl: "Samenvatting.", en: "Summary."}', 'summary: {nl: "TODO", en: "Summary."}')
    where = tree.where("tiny.yaml", "summary:", '"TODO"')
    assert tree.problems() == [
        f"{where}: the Dutch text of 'summary' still says TODO; "
        "write the real value"
    ]


# --- languages and references --------------------------------------------------------------


def test_missing_language_names_the_language_and_the_field(tree):
    tree.replace("tiny.yaml", 'summary: {nl: "Samenvatting.", en: "Summary."}', 'summary: {nl: "Samenvatting."}')
    assert tree.problems() == [f"{tree.where('tiny.yaml', 'summary:', '{')}: 'summary' has no English (en) text"]


def test_empty_and_unknown_languages(tree):
    tree.replace("tiny.yaml", 'why: {nl: "Het is belangrijk.", en: "It matters."}', 'why: {nl: " ", en: "x", de: "y"}')
    blank = tree.where("tiny.yaml", "why:", '" "')
    assert tree.problems() == [
        f"{blank}: the Dutch text of 'why' is empty",
        f"{tree.where('tiny.yaml', 'why:', 'de')}: unknown language 'de' in 'why'; kits are made in nl, en",
    ]


def test_a_text_written_in_one_language_only(tree):
    tree.replace("tiny.yaml", 'materials: [{nl: "Werkblad", en: "Worksheet"}]', "materials: [Werkblad]")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'materials:', 'Werkblad')}: an item of 'materials' must be written in every "
        "language, as {nl: ..., en: ...}"
    ]


def test_unknown_band_id(tree):
    tree.replace("tiny.yaml", 'for: ["12-14"]', 'for: ["12-14", "9-11"]')
    where = tree.where("tiny.yaml", "9-11", '"9-11"')
    assert tree.problems() == [
        f"{where}: unknown band '9-11'; the bands are 8-10, 12-14"
    ]


def test_unknown_resource_points_at_the_id_itself(tree):
    tree.replace("tiny.yaml", "resources: [helpline]\n      notes", "resources: [helpline, helplijn]\n      notes")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'helplijn', 'helplijn')}: unknown resource 'helplijn'; known: helpline (did you mean 'helpline'?)"
    ]


@pytest.mark.parametrize(
    "kind, old, new",
    [("choice", "answer: 1\n      explanation: {nl: \"Daarom.", "answer: 3"), ("quiz", "answer: 2", "answer: 0")],
)
def test_answer_outside_the_options_points_at_the_answer_line(tree, kind, old, new):
    tree.replace("tiny.yaml", old, old.replace(old.split("\n")[0], new))
    number = new.split()[1]
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', new, number)}: answer {number} is not one of the options; "
        "give the number of the right option, 1 to 2"
    ]


def test_unknown_kind_suggests_the_close_one(tree):
    tree.replace("tiny.yaml", "kind: true_false", "kind: truefalse")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'truefalse', 'truefalse')}: unknown kind 'truefalse' in an item of 'exercises'; "
        "use one of choice, true_false, open, sort, match, fill (did you mean 'true_false'?)"
    ]


def test_every_problem_in_every_file_is_reported_together(tree):
    tree.replace("bands.yaml", "slide_title_pt: 40", "slide_title_pt: big")
    tree.replace("resources.yaml", "name: Helpline", "nam: Helpline")
    tree.replace("tiny.yaml", "reviewed: 2026-06-01", "reviewed: soon")
    problems = tree.problems()
    assert [p.split(":")[0] for p in problems] == ["bands.yaml", "resources.yaml", "resources.yaml", "tiny.yaml"]


# --- pictures ------------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` (no pixel data: only the header may be read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "name, message",
    [
        ("../secret.png", "'..' is not allowed; give a path inside assets/"),
        ("pictures/../../secret.png", "'..' is not allowed; give a path inside assets/"),
        ("/etc/passwd", "absolute paths are not allowed; give a path inside assets/"),
        ("C:/pictures/dot.png", "absolute paths are not allowed; give a path inside assets/"),
        ("https://example.org/dot.png", "web addresses are not allowed; save the picture in assets/ and give its name"),
        ("file:pictures/dot.png", "web addresses are not allowed; save the picture in assets/ and give its name"),
        ("pictures/nothing.png", "no such file in assets/"),
    ],
)
def test_picture_paths_outside_the_assets_are_refused_at_the_file_line(tree, name, message):
    tree.add_picture(f"file: {name}")
    assert tree.problems() == [f"{tree.where('tiny.yaml', 'file:', name)}: picture '{name}': {message}"]


def test_picture_name_with_a_nul_byte(tree):
    tree.add_picture('file: "dot\\0.png"')
    where = tree.where("tiny.yaml", "file:", '"')
    assert tree.problems() == [
        f"{where}: 'file' contains the control character U+0000 (character 4 of the value); remove it"
    ]


def test_symlink_out_of_the_assets_is_refused(tree):
    outside = tree.root / "outside.png"
    shutil.copy(tree.assets / "pictures" / "dot.png", outside)
    (tree.assets / "pictures" / "link.png").symlink_to(outside)
    tree.add_picture("file: pictures/link.png")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'file:', 'pictures')}: picture 'pictures/link.png': "
        "it is a link to a file outside assets/; copy the file in instead"
    ]


def test_a_picture_inside_the_assets_is_accepted(tree):
    tree.add_picture()
    assert tree.load().lessons[0].bands["8-10"].slides[0].picture.file == "pictures/dot.png"


def test_a_picture_next_to_the_lesson_is_refused_as_the_renderers_only_read_assets(tree):
    shutil.copy(tree.assets / "pictures" / "dot.png", tree.lessons / "own.png")
    tree.add_picture("file: own.png")
    assert tree.problems() == [f"{tree.where('tiny.yaml', 'own.png', 'own')}: picture 'own.png': no such file in assets/"]


def test_huge_picture_is_refused_from_its_header(tree):
    (tree.assets / "pictures" / "huge.png").write_bytes(_png_header(100_000, 100_000))
    tree.add_picture("file: pictures/huge.png")
    [problem] = tree.problems()
    assert problem.startswith(f"{tree.where('tiny.yaml', 'file:', 'pictures')}: picture 'pictures/huge.png': ")
    assert f"more than {MAX_PIXELS:,}" in problem


def test_just_too_many_pixels_is_refused_with_the_size(tree):
    (tree.assets / "pictures" / "big.png").write_bytes(_png_header(6000, 5000))
    tree.add_picture("file: pictures/big.png")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'file:', 'pictures')}: picture 'pictures/big.png': "
        f"the image is 6000 × 5000 pixels, more than {MAX_PIXELS:,}; make it smaller"
    ]


def test_a_file_that_is_not_a_picture(tree):
    (tree.assets / "pictures" / "fake.png").write_text("not a picture", encoding="utf-8")
    tree.add_picture("file: pictures/fake.png")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'file:', 'pictures')}: picture 'pictures/fake.png': "
        "not a picture kitgen can use; save it as PNG or JPEG"
    ]


def test_a_picture_needs_alt_text_or_decorative(tree):
    tree.add_picture(alt_line="")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'file: pictures/dot.png', 'file')}: a picture needs 'alt' text, or 'decorative: true'"
    ]


# --- warnings ------------------------------------------------------------------------------


def test_old_reviews_and_verifications_warn_relative_to_the_build_date(tree):
    catalog = tree.load()
    assert stale_warnings(catalog, dt.date(2027, 6, 1)) == []
    warnings = [str(w).replace(f"{tree.lessons}/", "") for w in stale_warnings(catalog, dt.date(2027, 6, 2))]
    assert warnings == [
        f"{tree.where('tiny.yaml', 'reviewed:', '2026')}: lesson 'tiny' was last reviewed on 2026-06-01, more than "
        "12 months before 2027-06-02; check its facts and update 'reviewed'",
        f"{tree.where('resources.yaml', 'verified:', '2026')}: resource 'helpline' was last verified on 2026-06-01, "
        "more than 12 months before 2027-06-02; check its address and phone and update 'verified'",
    ]


def test_warnings_print_and_pass_unless_strict(tree, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2028, 1, 1, tzinfo=dt.timezone.utc).timestamp())))
    args = ["check", "--lessons", str(tree.lessons)]
    relaxed = CliRunner().invoke(main, args)
    assert relaxed.exit_code == 0, relaxed.output
    assert "tiny.yaml:5:11: warning: lesson 'tiny' was last reviewed on 2026-06-01" in relaxed.output
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
    assert "tiny.yaml:5:11: lesson 'tiny' was last reviewed on 2026-06-01" in strict.output
    assert "Traceback" not in strict.output


# --- the command line ----------------------------------------------------------------------


def test_a_build_with_a_problem_writes_nothing(tree):
    tree.replace("tiny.yaml", "answer: 2", "answer: 9")
    out = tree.root / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(tree.lessons), "--out", str(out)])
    assert result.exit_code == 1
    assert "answer 9 is not one of the options" in result.output
    assert "1 problem found; nothing was written." in result.output
    assert not out.exists()


def test_check_report_has_a_row_per_lesson_band_and_language(tree):
    result = CliRunner().invoke(main, ["check", "--lessons", str(tree.lessons), "--report"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()]
    assert rows[0] == ["lesson", "band", "lang", "slides", "exercises", "words", "w/sent", "long%", "letter-w/sent",
                       "missing"]
    # five slides, the ground rules after the title and the quiz answer get their own; three exercises;
    # no recap, discussion tips and two goal kinds
    assert rows[1][:5] == ["tiny", "8-10", "nl", "7", "3"]
    assert " ".join(rows[1][9:]) == "recap, discussion tips, skills goal, attitude goal"
    assert 0 < float(rows[1][6]) < 30 and 0 <= float(rows[1][7]) <= 100 and 0 < float(rows[1][8]) < 30
    assert [row[:3] for row in rows[1:5]] == [
        ["tiny", "8-10", "nl"], ["tiny", "8-10", "en"], ["tiny", "12-14", "nl"], ["tiny", "12-14", "en"]
    ]
    assert int(rows[1][5]) > 50 and rows[1][5] != rows[2][5]


def test_check_does_not_import_the_renderers_libraries():
    code = (
        "import sys\n"
        "from kitgen.cli import main\n"
        "try:\n"
        f"    main(['check', '--lessons', {str(PROJECT_ROOT / 'lessons')!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'pptx', 'jinja2'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("empty", ["~", "null", ""])
def test_an_optional_value_may_be_left_empty(tree, empty):
    tree.add_picture(alt_line=f"alt: {empty}\n        decorative: true")
    picture = tree.load().lessons[0].bands["8-10"].slides[0].picture
    assert picture.alt is None and picture.decorative is True


def test_a_broken_bands_file_does_not_bury_the_lessons_under_unknown_bands(tree):
    tree.replace("bands.yaml", "minutes: 45", "minutes: soon")
    tree.replace("tiny.yaml", 'for: ["12-14"]', 'for: ["12-14", "9-11"]')
    assert [p.split(": ", 1)[1] for p in tree.problems()] == [
        "'minutes' must be a whole number written in digits (0 or more), not 'soon'",
        "unknown band '9-11'; the bands are 8-10, 12-14",
    ]


def test_unknown_content_keys_are_reported_once_where_written(tree):
    tree.replace("tiny.yaml", "  summary:", "  sumary:")
    problems = tree.problems()
    assert f"{tree.where('tiny.yaml', 'sumary')}: unknown key 'sumary' in 'common' (did you mean 'summary'?)" in problems
    assert len([p for p in problems if "sumary" in p]) == 1


_SENTENCE = 'sentences: [{nl: "Een [[woord]] hier.", en: "A [[word]] here."}]'


@pytest.mark.parametrize(
    "old, new, line_text, value, message",
    [
        (_SENTENCE, 'sentences: [{nl: "Een woord hier.", en: "A [[word]] here."}]', "sentences:", "{nl",
         "the Dutch sentence has no [[word]] to leave blank"),
        (_SENTENCE, 'sentences: [{nl: "Een [[woord]] hier.", en: "A [[word]] [[here."}]', "sentences:", "{nl",
         "the English sentence has a '[[' or ']]' without its other half"),
        ('        - {nl: "Nee", en: "No"}\n', "", '{nl: "Ja"', "-", "a 'choice' needs at least 2 options"),
    ],
)
def test_exercises_that_cannot_work_on_paper(tree, old, new, line_text, value, message):
    tree.replace("tiny.yaml", old, new)
    assert tree.problems() == [f"{tree.where('tiny.yaml', line_text, value)}: {message}"]


def test_yaml_1_1_words_reach_the_slides_as_typed(tree):
    from pptx import Presentation

    tree.replace("tiny.yaml", 'title: {nl: "Titel", en: "Title"}', "title: {nl: no, en: 8:30}")
    out = tree.root / "out"
    args = ["build", "--lessons", str(tree.lessons), "--out", str(out), "--band", "8-10", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    decks = {lang: Presentation(str(out / lang / "8-10" / "tiny" / f"tiny-8-10-{lang}-slides.pptx")) for lang in ("nl", "en")}
    titles = {lang: deck.slides[0].shapes.title.text_frame.text for lang, deck in decks.items()}
    assert titles == {"nl": "no", "en": "8:30"}


def test_deep_nesting_is_refused_before_the_parser_builds_it(tree):
    # 200 000 nested lists crash PyYAML's C composer (a segfault); kitgen stops at the first level too deep
    depth = 200_000
    (tree.lessons / "tiny.yaml").write_text("id: [" + "[" * depth + "]" * depth + "]\n", encoding="utf-8")
    # PyYAML 6.0.4 and later refuse such nesting in their scanner; older ones get kitgen's own limit.
    (problem,) = tree.problems()
    assert problem in (
        "tiny.yaml:1:68: lists and mappings are nested more than 64 deep here",
        "tiny.yaml:1:1004: YAML syntax error: exceeded maximum nesting depth",
    )


def test_a_huge_file_is_refused_unread(tree):
    with (tree.lessons / "tiny.yaml").open("wb") as big:
        big.truncate(2_000_001)
    assert tree.problems() == ["tiny.yaml: the file is larger than 2 MB (2,000,001 bytes)"]


def test_a_control_character_is_refused_with_its_position(tree):
    (tree.lessons / "tiny.yaml").write_bytes(b"id: tiny\ntitle: a\x07b\n")
    assert tree.problems() == ["tiny.yaml:2:9: the character U+0007 is not allowed in YAML; delete it"]


def test_a_broken_sibling_hides_no_other_problem(tree):
    tree.replace("tiny.yaml", "kind: true_false", "kind: truefalse")
    tree.replace("tiny.yaml", "answer: 2", "answer: 5")
    tree.replace("tiny.yaml", "resources: [helpline]\n      notes", "resources: [helpine]\n      notes")
    assert [p.split(": ", 1)[1] for p in tree.problems()] == [
        "answer 5 is not one of the options; give the number of the right option, 1 to 2",
        "unknown resource 'helpine'; known: helpline (did you mean 'helpline'?)",
        "unknown kind 'truefalse' in an item of 'exercises'; use one of choice, true_false, open, sort, match, fill "
        "(did you mean 'true_false'?)",
    ]


@pytest.mark.parametrize("suffix, problem", [("jpg", None), ("gif", "a GIF image; save it as PNG or JPEG")])
def test_picture_formats(tree, suffix, problem):
    from PIL import Image

    Image.new("RGB", (8, 8), "blue").save(tree.assets / "pictures" / f"dot.{suffix}")
    tree.add_picture(f"file: pictures/dot.{suffix}")
    if problem is None:
        assert tree.load().lessons[0].bands["8-10"].slides[0].picture.file == "pictures/dot.jpg"
    else:
        assert tree.problems() == [f"{tree.where('tiny.yaml', 'file:', 'pictures')}: picture 'pictures/dot.{suffix}': {problem}"]


def test_the_lesson_id_is_the_file_name(tree):
    tree.replace("tiny.yaml", "id: tiny", "id: small")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'id: small', 'small')}: lesson id 'small' differs from the file name tiny.yaml; "
        "use the file name without .yaml"
    ]


def test_a_resource_needs_the_web_page_its_facts_were_checked_on(tree):
    tree.replace("resources.yaml", "    source: https://www.example.org/about\n", "")
    assert tree.problems() == [
        f"{tree.where('resources.yaml', '- id: helpline', 'id')}: an item of 'resources' is missing the required key 'source'"
    ]


def test_a_resource_source_must_be_a_web_address(tree):
    tree.replace("resources.yaml", "source: https://www.example.org/about", "source: the website")
    assert tree.problems() == [
        f"{tree.where('resources.yaml', 'source:', 'the')}: 'source' of resource 'helpline' must be a web address "
        "starting with https:// or http://, not 'the website'"
    ]


def test_a_resource_name_may_differ_per_language(tree):
    tree.replace("resources.yaml", "name: Helpline", "name: {nl: Hulplijn, en: Helpline}")
    assert tree.load().resources["helpline"].name.values == {"nl": "Hulplijn", "en": "Helpline"}


# --- messages that point at the real mistake -----------------------------------------------


def test_a_misspelt_band_in_for_is_reported_once_with_the_close_band(tree):
    tree.replace("tiny.yaml", 'for: ["12-14"]', 'for: ["12-41"]')
    where = tree.where("tiny.yaml", "12-41", '"12-41"')
    assert tree.problems() == [f"{where}: unknown band '12-41' (did you mean '12-14'?)"]


def test_a_key_in_another_language_gets_no_far_fetched_suggestion(tree):
    tree.replace("tiny.yaml", "      title: {nl: \"Uitleg\"", "      uitleg: {nl: \"Uitleg\"")
    problems = tree.problems()
    assert any("unknown key 'uitleg'" in p for p in problems)
    assert not any("did you mean" in p for p in problems)


def test_a_letter_as_quiz_answer_asks_for_the_options_number(tree):
    tree.replace("tiny.yaml", "      answer: 2\n", "      answer: B\n")
    assert tree.problems() == [
        f"{tree.where('tiny.yaml', 'answer: B', 'B')}: 'answer' must be the right option's number, 1 to 2, not 'B'"
    ]
GUIDE = """\
sections:
  - title: {nl: Achtergrond, en: Background}
    bands: ["8-10", "12-41"]
    points:
      - {nl: Een punt., en: A point.}
sources:
  - title: Een bron
    url: https://www.example.org
    consulted: 2026-12-01
"""


QUOTED = '"12-41"'


def test_the_guide_is_checked_with_positions(tree):
    (tree.lessons / "guide.yaml").write_text(GUIDE, encoding="utf-8")
    assert tree.problems() == [
        f"{tree.where('guide.yaml', 'bands:', QUOTED)}: unknown band '12-41' (did you mean '12-14'?)"
    ]
    (tree.lessons / "guide.yaml").write_text(GUIDE.replace("12-41", "12-14").replace("    consulted: 2026-12-01\n", ""))
    assert tree.problems() == [f"{tree.where('guide.yaml', '- title: Een bron', 'title')}: an item of 'sources' "
                               "is missing the required key 'consulted'"]


def test_a_guide_section_is_for_its_bands_only(tree):
    (tree.lessons / "guide.yaml").write_text(GUIDE.replace('"8-10", "12-41"', '"12-14"'), encoding="utf-8")
    guide = tree.load().guide
    assert guide.for_band("8-10") == [] and [s.title["en"] for s in guide.for_band("12-14")] == ["Background"]
