"""Build settings from the command line, kitgen.toml and defaults, in that order, with where each value came from."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from kitgen.builtin import default_lessons
from kitgen.errors import KitgenError, Pos, Problem, ValidationError
from kitgen.i18n import LANGUAGES
from kitgen.loader import display_path
from kitgen.schema import did_you_mean

CONFIG_NAME = "kitgen.toml"
#: Settings that are folders or files (relative to kitgen.toml when written there).
PATH_KEYS = ("lessons", "out", "school", "templates", "slides_template")
#: Settings that are lists of ids.
LIST_KEYS = ("langs", "bands")
KEYS = (*PATH_KEYS, *LIST_KEYS, "jobs")
#: Where a value came from, besides ``<file>:<line>`` for kitgen.toml.
COMMAND_LINE = "command line"
DEFAULT = "default"


@dataclass(frozen=True)
class Settings:
    """The effective build settings; ``origin`` says for each key where its value came from."""

    lessons: Path
    out: Path = Path("output")
    school: Path | None = None
    templates: Path | None = None
    slides_template: Path | None = None
    langs: tuple[str, ...] = ()  # empty: every language
    bands: tuple[str, ...] = ()  # empty: every band
    jobs: int | None = None  # None: one process per core
    config: Path | None = None  # the kitgen.toml used, if any
    origin: Mapping[str, str] = field(default_factory=dict, compare=False)

    def from_command_line(self, key: str) -> bool:
        return self.origin.get(key) == COMMAND_LINE

    def pos(self, key: str) -> Pos:
        """Where ``key`` was set, for messages: kitgen.toml's line, or the option."""
        where = self.origin.get(key, "")
        if ":" in where:
            path, line = where.rsplit(":", 1)
            return Pos(path, int(line), 1)
        return Pos(f"--{key.replace('_', '-')}")


def find_config(start: Path | None = None) -> Path | None:
    """kitgen.toml in ``start`` (the working folder) or the nearest folder above it that has one."""
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def read_config(path: Path) -> dict[str, tuple[Any, int]]:
    """kitgen.toml's values with their line numbers; paths made relative to its folder; every problem raised."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitgenError(f"{shown}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError([Problem(Pos(shown, getattr(exc, "lineno", 0) or _line_of(str(exc)), 1), str(exc))])
    problems, values = [], {}
    for key, value in data.items():
        line = _key_line(text, key)
        pos = Pos(shown, line, 1)
        if key not in KEYS:
            problems.append(Problem(pos, f"unknown setting '{key}'{did_you_mean(key, list(KEYS))}; "
                                         f"the settings are {', '.join(KEYS)}"))
            continue
        checked = _checked(key, value, pos, problems)
        if checked is not None:
            if key in PATH_KEYS:
                checked = path.parent / checked
            values[key] = (checked, line)
    if problems:
        raise ValidationError(problems)
    return values


def _checked(key: str, value: Any, pos: Pos, problems: list[Problem]) -> Any:
    if key in PATH_KEYS:
        if isinstance(value, str) and value.strip():
            return Path(value)
        problems.append(Problem(pos, f"'{key}' must be a path in quotes, like {key} = \"{_EXAMPLES[key]}\""))
    elif key in LIST_KEYS:
        items = [value] if isinstance(value, str) else value
        if isinstance(items, list) and items and all(isinstance(item, str) for item in items):
            if key == "langs":
                from kitgen.builtin import default_lessons
                from kitgen.languages import language_codes

                known = language_codes(default_lessons()) or list(LANGUAGES)
                for lang in items:
                    if lang not in known:
                        problems.append(Problem(pos, f"unknown language '{lang}'; choose from {', '.join(known)}"))
            return tuple(items)
        problems.append(Problem(pos, f"'{key}' must be a list of ids, like {key} = {_EXAMPLES[key]}"))
    elif isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    else:
        problems.append(Problem(pos, "'jobs' must be a whole number of processes, 1 or more, like jobs = 2"))
    return None


_EXAMPLES = {"lessons": "lessons", "out": "output", "school": "school.yaml", "templates": "my-templates",
             "slides_template": "school.pptx", "langs": '["nl", "en"]', "bands": '["10-12"]'}


def _key_line(text: str, key: str) -> int:
    """The line a top-level key is written on (tomllib does not say); 0 if not found."""
    pattern = re.compile(rf"""^\s*(\[+\s*)?["']?{re.escape(key)}["']?\s*(=|\]|\.)""")
    return next((number for number, line in enumerate(text.splitlines(), 1) if pattern.match(line)), 0)


def _line_of(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 0


def resolve(given: Mapping[str, Any], config: Path | None = None, *, find: bool = True) -> Settings:
    """The settings: each key from ``given`` (the command line; None or empty means not given), else from
    kitgen.toml (``config``, or the one found from the working folder when ``find``), else its default.

    This is the one place that decides which value wins; the web form passes its values as ``given`` too.
    """
    path = config if config is not None else (find_config() if find else None)
    from_file = read_config(path) if path is not None else {}
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for key in KEYS:
        value = given.get(key)
        if value is not None and value != ():
            values[key], origin[key] = (tuple(value) if key in LIST_KEYS else value), COMMAND_LINE
        elif key in from_file:
            values[key], origin[key] = from_file[key][0], f"{display_path(path)}:{from_file[key][1]}"
        elif key == "lessons":
            values[key] = default_lessons()
            origin[key] = DEFAULT if values[key] == Path("lessons") else "built-in"
        else:
            origin[key] = DEFAULT
    return Settings(**values, config=path, origin=origin)


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, value as shown, where it came from) for every setting, for ``kitgen config``."""
    rows = []
    for key in KEYS:
        value = getattr(settings, key)
        if isinstance(value, tuple):
            shown = ", ".join(value) if value else "(all)"
        elif value is None:
            shown = "(cores)" if key == "jobs" else "(none)"
        else:
            shown = display_path(value) if isinstance(value, Path) else str(value)
        rows.append((key, shown, settings.origin.get(key, DEFAULT)))
    return rows
