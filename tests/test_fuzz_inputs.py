"""Property tests on the other user inputs: any school profile or templates folder gives a result or a clean
error, within a time and memory bound."""
from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitgen.errors import KitgenError, ValidationError
from kitgen.school import load_school, parse_school
from kitgen.templatefolder import known_templates, template_folder_problems
from kitgen.templating import environment, render_template, template_module

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
DEFAULTS = PROJECT_ROOT / "templates"
FONTS = PROJECT_ROOT / "assets" / "fonts"
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SECONDS, BYTES = 5.0, 200_000_000

_YAMLISH = st.sampled_from(list(":-?[]{},&*!|>'\"#%@`~ \n\t\\") + ["a", "0", ".", "é", "\x85", "\x1b", "\ufeff"])
_PROFILE_LINES = st.sampled_from([
    'name: "De Regenboog"', 'teacher: "S. de Vries"', 'class: "7b"', "lesson_date: 2026-12-03",
    'email: "a@school.nl"', 'phone: "030 1"', "logo: logo.png", "logo: ../../etc/passwd", "logo: /dev/zero",
    "signature: {nl: Groet, en: Regards}", "letter_date: 2107-12-31", "email: a@b.nl?subject=x", "x: &a [*a]",
    "name: &n " + "x" * 50, "teacher: *n", "class: !!python/object:os.system id", "phone: [1, 2]", "name:",
])
_JINJA = st.sampled_from([
    "{{ ", " }}", "{% ", " %}", "for x in range(99999)", "endfor", "if ", "endif", "set a", "endset", "macro m()",
    "endmacro", "m()", "include 'letter.txt.j2'", "cycler.__init__.__globals__", "'x' * 99999", "~ a ~ a",
    "letter.subject", "title", "school.name", "1/0", "|center(999999999)", "|join", "lipsum(99)", "loop.index",
    "namespace(a=1)", "{#", "#}", "\n", "x", "é", "\xff", "{{ '{:>9999999}'.format(1) }}", "recursive", "loop(x)",
])


def _bounded(action) -> None:
    """Run ``action``: it may raise only a clean error, and must stay within SECONDS and BYTES."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        action()
    except (KitgenError, ValidationError) as error:
        assert error.format_message()
        assert "Traceback" not in error.format_message()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < SECONDS
    assert peak < BYTES


@pytest.fixture(scope="module")
def school_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("school")
    (folder / "logo.png").write_bytes((PROJECT_ROOT / "examples" / "logo.png").read_bytes())
    return folder


@FUZZ
@given(lines=st.lists(_PROFILE_LINES, max_size=10), noise=st.text(_YAMLISH, max_size=40))
def test_any_school_profile_gives_a_profile_or_clean_problems(school_dir, lines, noise):
    path = school_dir / "profile.yaml"
    text = "\n".join(lines) + "\n" + noise
    path.write_text(text, encoding="utf-8", newline="")

    def load():
        try:
            load_school(path, FONTS)
        except ValidationError as error:
            assert all(p.pos.path.endswith("profile.yaml") for p in error.problems)
            raise
        parse_school(text.encode("utf-8"), "form", FONTS)

    _bounded(load)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_a_school_profile(raw):
    _bounded(lambda: parse_school(raw, "upload", FONTS))


@FUZZ
@given(
    files=st.dictionaries(
        st.one_of(st.sampled_from(known_templates(DEFAULTS)), st.text("abc.-j2x", min_size=1, max_size=12)),
        st.lists(_JINJA, max_size=25).map("".join),
        max_size=4,
    ),
)
def test_any_templates_folder_gives_letters_or_clean_errors(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("templates")
    for name, text in files.items():
        if name in (".", "..") or "/" in name:
            continue
        (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))

    def use():
        problems = template_folder_problems(folder, DEFAULTS)
        if problems:
            assert all(str(p).startswith(str(folder)) for p in problems)
            return
        env = environment((folder, DEFAULTS))
        for name in (n for n in files if n in known_templates(DEFAULTS) and n.endswith(".j2")):  # .pptx are layouts
            values = {"title": "T", "ages": "8–10", "written": "1 Dec", "blank": "____", "school": None,
                      "letter": {"subject": "S"}, "width": 72, "logo": None}
            try:
                if name.startswith("letter-words"):
                    template_module(env, name, **values)
                else:
                    render_template(env, name, **values)
            except KitgenError as error:
                assert error.message.startswith(str(folder / name)) or error.message.startswith(str(DEFAULTS)), \
                    error.message

    _bounded(use)
