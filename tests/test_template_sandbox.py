"""User templates: sandboxed, bounded, every mistake a `file:line: message`; a templates folder holds known names only."""
from __future__ import annotations

from pathlib import Path
import os
import time

import pytest
from click.testing import CliRunner

from kitgen.cli import main

from kitgen.errors import KitgenError
from kitgen.templating import environment, render_template

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
WORDS_EN = (PROJECT_ROOT / "templates" / "letter-words.en.j2").read_text(encoding="utf-8")

HOSTILE = {
    "code": ("{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}", 1, "not allowed in a template"),
    "mro": "\n{{ ''.__class__.__mro__[1].__subclasses__() }}", 
    "zero": ("text\n\n{{ 1 / 0 }}", 3, "division by zero"),
    "recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(1) }}", None, "calls itself without end"),
    "loops": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", 1, "100,000 steps"),
    "repeat": ("{{ 'x' * 100000000 }}", 1, "grows past"),
    "power": ("{{ 10 ** 10000000 }}", 1, "larger than"),
    "doubling": ("{% set ns = namespace(a='xx') %}{% for i in range(60) %}{% set ns.a = ns.a ~ ns.a %}{% endfor %}",
                 1, "grows past"),
    "filter": ("{{ 'x'|center(1000000000) }}", 1, "larger than"),
    "format": ("{{ '{:>1000000000}'.format(1) }}", 1, "format string"),
    "setblock": ("{% set a %}{% for i in range(99999) %}xxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endset %}",
                 1, "grows past"),
    "output": ("{% for i in range(99999) %}xxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}", None, "grows past"),
    "undefined": ("\n\n{{ nope }}", 3, "'nope' is undefined"),
}
HOSTILE["mro"] = (HOSTILE["mro"], 2, "not allowed in a template")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_template_is_a_clean_error_at_its_line(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source, line, message = HOSTILE[name]
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(KitgenError) as caught:
        render_template(environment((tmp_path,)), "t.j2")
    assert time.monotonic() - started < 5
    where = f"{tmp_path / 't.j2'}:{line}: " if line else f"{tmp_path / 't.j2'}"
    assert caught.value.message.startswith(where) and message in caught.value.message, caught.value.message
    assert not (tmp_path / "MARK").exists()


def test_a_template_that_is_not_utf8_is_a_clean_error(tmp_path):
    (tmp_path / "t.j2").write_bytes(b"Dear \xff parent")
    with pytest.raises(KitgenError, match=r"t\.j2:1: the template is not UTF-8"):
        render_template(environment((tmp_path,)), "t.j2")


def _build(tmp_path, templates):
    out = tmp_path / "out"
    args = ["build", "--lessons", str(LESSONS), "--out", str(out), "--templates", str(templates),
            "--lesson", "grooming", "--band", "8-10", "--lang", "en", "-q", "--jobs", "1"]
    return CliRunner().invoke(main, args), out


def test_an_error_in_letter_words_points_at_its_own_line(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    lines = WORDS_EN.splitlines()
    broken = next(i for i, text in enumerate(lines) if "salutation" in text)
    lines[broken] = "{% set salutation %}{{ 1 // 0 }}{% endset %}"
    (templates / "letter-words.en.j2").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, out = _build(tmp_path, templates)
    assert result.exit_code == 1
    assert f"{templates / 'letter-words.en.j2'}:{broken + 1}: division by zero" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_the_sandbox_stops_code_from_a_templates_folder(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    secret = tmp_path / "secret"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (templates / "letter.txt.j2").write_text(
        "{{ letter.subject }}\n{{ cycler.__init__.__globals__.os.popen('cat " + str(secret) + "').read() }}\n",
        encoding="utf-8",
    )
    result, out = _build(tmp_path, templates)
    assert result.exit_code == 1 and "letter.txt.j2:2: not allowed in a template" in result.output
    assert "TOP SECRET" not in result.output and not out.exists()


def test_a_templates_folder_holds_only_known_names(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "letter-word.en.j2").write_text("x", encoding="utf-8")
    (templates / "letter.txt.j2").write_text("{% if %}", encoding="utf-8")
    (templates / "letter.html.j2").write_bytes(b"ok\n\xff")
    (templates / ".letter.txt.j2.swp").write_bytes(b"\0")  # hidden files are never read
    result, out = _build(tmp_path, templates)
    assert result.exit_code == 1
    assert "letter-word.en.j2: 'letter-word.en.j2' is not one of kitgen's templates" in result.output
    assert "(did you mean 'letter-words.en.j2'?)" in result.output
    assert "letter.txt.j2:1:1: template syntax error" in result.output
    assert "letter.html.j2:2:1: the file is not UTF-8 text" in result.output
    assert "3 problems found" in result.output and not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_template_that_is_a_pipe_or_a_link_out_is_refused(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    os.mkfifo(templates / "letter.txt.j2")
    (tmp_path / "shadow").write_text("root:x:0:0", encoding="utf-8")
    (templates / "letter.html.j2").symlink_to(tmp_path / "shadow")
    (templates / "letter-words.en.j2").write_text("x" * 300_000, encoding="utf-8")
    result, out = _build(tmp_path, templates)
    assert result.exit_code == 1
    assert "letter.txt.j2: it is not a regular file" in result.output
    assert "letter.html.j2: it is a link to a file outside" in result.output
    assert "letter-words.en.j2: the file is larger than 256 KB" in result.output
    assert "root:x" not in result.output


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="POSIX timers")
def test_a_template_that_computes_for_ever_is_stopped(tmp_path, monkeypatch):
    import kitgen.templating

    monkeypatch.setattr(kitgen.templating, "MAX_SECONDS", 1.0)
    (tmp_path / "t.j2").write_text("\n{% for i in range(99999) %}{{ range(99999)|sum }}{% endfor %}", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(KitgenError, match=r"t\.j2:2: the template takes longer than 1 seconds"):
        render_template(environment((tmp_path,)), "t.j2")
    assert time.monotonic() - started < 5
