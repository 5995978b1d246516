"""Turn YAML nodes into model objects, driven by the model's type hints; every problem is collected."""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from typing import Any, Callable, Literal, Union

import yaml

from kitgen.errors import Pos, Problem
from kitgen.i18n import LANGUAGE_NAMES
from kitgen.model import HIDDEN_FIELDS, Text

#: Longest value a file may give (a long explanation is about 800 characters).
MAX_VALUE_CHARS = 4_000
#: Longest word in a text: a longer one fits on no slide or page line.
MAX_WORD_CHARS = 60
#: Characters allowed among the control characters: a tab and a line break.
_ALLOWED_CONTROLS = frozenset("\t\n")


def _is_control(ch: str) -> bool:
    """A control character (C0, DEL, C1) other than tab and line break: it prints as garbage or nothing."""
    return (ord(ch) < 32 or 127 <= ord(ch) < 160) and ch not in _ALLOWED_CONTROLS


#: Returned in place of a value that could not be converted.
INVALID = object()

_INT = re.compile(r"(0|[1-9][0-9]*)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULL_TAG = "tag:yaml.org,2002:null"
#: What a scaffolded file puts where the designer still has to write something.
TODO_MARK = "TODO"


class Converter:
    """Converts nodes of one file, collecting problems instead of stopping at the first."""

    def __init__(
        self, path: str, check_node: Callable[[Any], list[Problem]] | None = None,
        languages: typing.Mapping[str, str] | None = None,
    ):
        self.path = path
        #: The kit languages every text needs: code → English name (from languages.yaml).
        self.languages = dict(LANGUAGE_NAMES if languages is None else languages)
        self.problems: list[Problem] = []
        #: Called with every model node as soon as it is built; its problems are collected too.
        self.check_node = check_node

    def pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        return Pos(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: yaml.Node | Pos, message: str) -> object:
        where = node if isinstance(node, Pos) else self.pos(node)
        self.problems.append(Problem(where, message))
        return INVALID

    # --- mappings ------------------------------------------------------------------------

    def pairs(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The keys of a mapping node, refusing non-text and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys, not {_describe(node)}")
            return None
        result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.error(key, f"a key in {what} must be a plain word")
                continue
            if key.value == "<<":
                self.error(key, "merge keys ('<<') are not supported; write the keys out")
                continue
            if key.value in result:
                first = self.pos(result[key.value][0])
                self.error(key, f"duplicate key '{key.value}' (first defined at line {first.line})")
                continue
            result[key.value] = (key, value)
        return result

    def fields(self, cls: type, pairs: dict[str, tuple[yaml.Node, yaml.Node]], where: Pos, what: str):
        """Build dataclass ``cls`` from the keys of a mapping."""
        hints = field_hints(cls)
        names = [f.name for f in dataclasses.fields(cls) if f.name not in HIDDEN_FIELDS]
        values: dict[str, Any] = {}
        positions: dict[str, Pos] = {}
        ok = True
        for name, (key, value) in pairs.items():
            if name not in hints or name in HIDDEN_FIELDS:
                # keys read before this class is built (a lesson's common and bands) are keys here too
                keys = [*names, *getattr(cls, "OTHER_KEYS", ())]
                self.error(key, f"unknown key '{name}' in {what}{known_keys(name, keys)}")
                ok = False
                continue
            positions[name] = self.pos(value)
            if isinstance(value, yaml.SequenceNode):
                positions.update((f"{name}[{i}]", self.pos(item)) for i, item in enumerate(value.value))
            converted = self._option_number(value, pairs) if name == "answer" and hints[name] is int else None
            if converted is None:
                converted = self.convert(value, hints[name], f"'{name}'")
            if converted is INVALID:
                ok = False
            else:
                values[name] = converted
        missing = [
            f"'{f.name}'"
            for f in dataclasses.fields(cls)
            if f.name not in HIDDEN_FIELDS and f.name not in pairs
            and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        if missing:
            keys = f"key {missing[0]}" if len(missing) == 1 else f"keys {', '.join(missing)}"
            self.error(where, f"{what} is missing the required {keys}")
            ok = False
        if not ok:
            return INVALID
        built = cls(**values, pos=where, positions=positions)
        if self.check_node is not None:
            self.problems += self.check_node(built)
        return built

    def _option_number(self, node: yaml.Node, pairs: dict) -> Any:
        """An ``answer`` that names one of the ``options``: an error in those words, or None to convert as usual."""
        options = pairs.get("options", (None, None))[1]
        raw = node.value if isinstance(node, yaml.ScalarNode) and not _is_null(node) else None
        if not isinstance(options, yaml.SequenceNode) or raw is None or _INT.match(raw):
            return None
        return self.error(
            node, f"'answer' must be the right option's number, 1 to {len(options.value)}, not '{raw}'"
        )

    # --- any type ------------------------------------------------------------------------

    def convert(self, node: yaml.Node, hint: Any, what: str) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if type(None) in args and _is_null(node):
                return None
            if len(options) == 1:
                return self.convert(node, options[0], what)
            if set(options) == {str, Text}:  # one value for every language, or one per language
                return self.text(node, what) if isinstance(node, yaml.MappingNode) else self.scalar(node, what)
            return self.tagged_union(node, options, what)
        if origin is list:
            if not isinstance(node, yaml.SequenceNode):
                return self.error(node, f"{what} must be a list, not {_describe(node)}")
            items = [self.convert(item, args[0], f"an item of {what}") for item in node.value]
            return INVALID if any(i is INVALID for i in items) else items
        if origin is Literal:
            raw = self.scalar(node, what)
            if raw is INVALID:
                return raw
            if raw not in args:
                choices = ", ".join(args)
                return self.error(node, f"{what} must be one of {choices}, not '{raw}'{did_you_mean(raw, args)}")
            return raw
        if hint is Text:
            return self.text(node, what)
        if hint is str:
            return self.scalar(node, what)
        if hint is int:
            return self.integer(node, what)
        if hint is bool:
            return self.boolean(node, what)
        if hint is dt.date:
            return self.date(node, what)
        if dataclasses.is_dataclass(hint):
            shorthand = getattr(hint, "SHORTHAND", None)
            if shorthand and isinstance(node, yaml.ScalarNode):  # ``picture: phone`` = ``{id: phone}``
                value = self.scalar(node, what)
                if value is INVALID:
                    return value
                built = hint(**{shorthand: value}, pos=self.pos(node), positions={shorthand: self.pos(node)})
                if self.check_node is not None:
                    self.problems += self.check_node(built)
                return built
            pairs = self.pairs(node, what)
            if pairs is None:
                return INVALID
            return self.fields(hint, pairs, self.pos(node), what)
        raise TypeError(f"no conversion for {hint!r}")  # a bug in the model, not in the input

    def tagged_union(self, node: yaml.Node, options: list[type], what: str) -> Any:
        """Pick the dataclass whose ``kind`` matches the mapping's ``kind`` key."""
        pairs = self.pairs(node, what)
        if pairs is None:
            return INVALID
        by_kind = {kind: cls for cls in options for kind in typing.get_args(field_hints(cls)["kind"])}
        if "kind" not in pairs:
            return self.error(node, f"{what} needs a 'kind': one of {', '.join(by_kind)}")
        key, value = pairs["kind"]
        kind = self.scalar(value, "'kind'")
        if kind is INVALID:
            return kind
        if kind not in by_kind:
            return self.error(
                value,
                f"unknown kind '{kind}' in {what}; use one of {', '.join(by_kind)}"
                f"{did_you_mean(kind, list(by_kind))}",
            )
        article = "an" if kind[0] in "aeiou" else "a"
        return self.fields(by_kind[kind], pairs, self.pos(node), f"{article} '{kind}' item")

    # --- scalars -------------------------------------------------------------------------

    def scalar(self, node: yaml.Node, what: str) -> Any:
        """The text exactly as the designer typed it (``no`` stays ``no``, ``010`` stays ``010``)."""
        if not isinstance(node, yaml.ScalarNode):
            return self.error(node, f"{what} must be a single value, not {_describe(node)}")
        if _is_null(node):
            return self.error(node, f"{what} is empty; write a value")
        if node.value.lstrip().startswith(TODO_MARK):
            return self.error(node, f"{what} still says {TODO_MARK}; write the real value")
        control = next((i for i, ch in enumerate(node.value) if _is_control(ch)), None)
        if control is not None:
            return self.error(
                self._char_pos(node, control),
                f"{what} contains the control character U+{ord(node.value[control]):04X} "
                f"(character {control + 1} of the value); remove it",
            )
        if len(node.value) > MAX_VALUE_CHARS:
            return self.error(node, f"{what} is {len(node.value):,} characters long; keep it under {MAX_VALUE_CHARS:,}")
        return node.value

    def _char_pos(self, node: yaml.ScalarNode, index: int) -> Pos:
        """Where character ``index`` of a one-line value was written (its node's start for other values)."""
        where = self.pos(node)
        if node.start_mark.line != node.end_mark.line or node.style is not None:  # quotes may hold escapes
            return where
        return Pos(where.path, where.line, where.column + index)

    def text(self, node: yaml.Node, what: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            codes = ", ".join(f"{code}: ..." for code in self.languages)
            return self.error(node, f"{what} must be written in every language, as {{{codes}}}")
        pairs = self.pairs(node, what)
        if pairs is None:
            return INVALID
        values, where = {}, {}
        ok = True
        for code, (key, value) in pairs.items():
            if code not in self.languages:
                self.error(key, f"unknown language '{code}' in {what}; kits are made in {', '.join(self.languages)}")
                ok = False
                continue
            text = self.scalar(value, f"the {self.languages[code]} text of {what}")
            if text is INVALID or not text.strip():
                if text is not INVALID:
                    self.error(value, f"the {self.languages[code]} text of {what} is empty")
                ok = False
                continue
            long_word = max(text.split(), key=len)
            if len(long_word) > MAX_WORD_CHARS:
                self.error(value, f"the {LANGUAGE_NAMES[code]} text of {what} has a word of {len(long_word)} "
                                  f"characters ('{long_word[:20]}…'); no line can hold it: break it up")
                ok = False
                continue
            values[code] = text.strip()
            where[code] = self.pos(value)
        for code in self.languages:
            if code not in pairs:
                self.error(node, f"{what} has no {self.languages[code]} ({code}) text")
                ok = False
        return Text(values, pos=self.pos(node), where=where) if ok else INVALID

    def integer(self, node: yaml.Node, what: str) -> Any:
        raw = self.scalar(node, what)
        if raw is INVALID:
            return raw
        if not _INT.match(raw):
            return self.error(node, f"{what} must be a whole number written in digits (0 or more), not '{raw}'")
        return int(raw)

    def boolean(self, node: yaml.Node, what: str) -> Any:
        raw = self.scalar(node, what)
        if raw is INVALID:
            return raw
        if raw in ("true", "True"):
            return True
        if raw in ("false", "False"):
            return False
        return self.error(node, f"{what} must be true or false, not '{raw}'")

    def date(self, node: yaml.Node, what: str) -> Any:
        raw = self.scalar(node, what)
        if raw is INVALID:
            return raw
        try:
            if not _DATE.match(raw):
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            return self.error(node, f"{what} must be a date written as YYYY-MM-DD, not '{raw}'")


def _is_null(node: yaml.Node) -> bool:
    # plain style is None from the Python parser and "" from the C one; a quoted "" is text
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG and not node.style


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


def known_keys(word: str, keys: list[str]) -> str:
    """The close key (a slip of the keyboard), or else every key that may stand there."""
    return did_you_mean(word, keys) or f"; the keys here are {', '.join(keys)}"


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one choice is close enough to be a slip of the keyboard, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.8)
    return f" (did you mean '{close[0]}'?)" if close else ""


@functools.cache
def field_hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a model class (cached: resolving them is slow)."""
    return typing.get_type_hints(cls)
