"""A ``--templates`` folder, checked before a build: known template names only, each a small UTF-8 file that parses."""
from __future__ import annotations

from pathlib import Path

import jinja2

from kitgen.errors import Pos, Problem
from kitgen.inputfile import SLIDES_TEMPLATE_BYTES, TEMPLATE_BYTES, InputFileError, check_input, read_input
from kitgen.loader import display_path
from kitgen.schema import did_you_mean
from kitgen.templating import environment


def known_templates(defaults: Path) -> list[str]:
    """The names a templates folder may use: those of kitgen's own templates (letters and slide layouts)."""
    return sorted(p.name for p in defaults.iterdir() if p.suffix in (".j2", ".pptx") and not p.name.startswith("."))


def template_folder_problems(folder: Path, defaults: Path) -> list[Problem]:
    """Every problem of a templates folder: unknown names, files that are not small UTF-8 templates, syntax."""
    shown = display_path(folder)
    if not folder.is_dir():
        return [Problem(Pos(shown), "--templates: no such folder")]
    known = known_templates(defaults)
    problems = []
    env = environment((folder,))
    for path in sorted(folder.iterdir()):
        where = Pos(f"{shown}/{path.name}")
        if path.name.startswith("."):
            continue  # editor swap files, .DS_Store: never read
        if path.name not in known:
            problems.append(Problem(where, f"'{path.name}' is not one of kitgen's templates "
                                           f"({', '.join(known)}){did_you_mean(path.name, known)}; "
                                           "rename or remove it"))
            continue
        if path.suffix == ".pptx":  # a slide layout file: checked as a zip when a deck uses it
            try:
                check_input(path, SLIDES_TEMPLATE_BYTES, folder)
            except InputFileError as why:
                problems.append(Problem(where, str(why)))
            continue
        try:
            raw = read_input(path, TEMPLATE_BYTES, folder)
        except InputFileError as why:
            problems.append(Problem(where, str(why)))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            problems.append(Problem(Pos(where.path, line, column), "the file is not UTF-8 text; save it as UTF-8"))
            continue
        try:
            env.parse(text, path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(Pos(where.path, exc.lineno or 1, 1), f"template syntax error: {exc.message}"))
        except RecursionError:
            problems.append(Problem(Pos(where.path, 1, 1), "the template is nested too deeply"))
    return problems
