"""Read a YAML file into PyYAML nodes that keep positions, refusing what would be unsafe to walk."""
from __future__ import annotations

from pathlib import Path

import yaml

from kitgen.errors import Pos, Problem
from kitgen.inputfile import LESSON_BYTES, InputFileError, read_input
from kitgen.yamlhints import cut_off_texts, explain_syntax_error

try:  # the C parser is several times faster and keeps the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

#: Most nodes a file may expand to through anchors and aliases (a real lesson has a few thousand).
MAX_NODES = 200_000
#: Deepest nesting of lists and mappings (a lesson needs about 10); deeper would crash the parser's composer.
MAX_DEPTH = 64
#: Tags a lesson may carry; anything else (``!!python/object``, ``!custom``) is refused.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)


def pos_of(path: str, node: yaml.Node) -> Pos:
    """The 1-based position where ``node`` starts."""
    mark = node.start_mark
    return Pos(path, mark.line + 1, mark.column + 1)


def read_yaml(
    path: Path, display: str, *, limit: int = LESSON_BYTES, folder: Path | None = None
) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse ``path`` into a mapping node, or return the problems that stop it.

    A node comes back with problems only when they don't stop the walk (a text cut short by a comment).
    The file must be a regular file of at most ``limit`` bytes, and inside ``folder`` (when given) even
    through a link: a lesson linked to a system file must not show its lines in messages.
    """
    try:
        raw = read_input(path, limit, folder)
    except InputFileError as why:
        return None, [Problem(Pos(display), str(why))]
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes, display: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse a file's bytes (read from disk or received by the web page) into a mapping node, or the problems."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(Pos(display, line, column), "the file is not UTF-8 text; save it as UTF-8")
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(Pos(display, line, 1), "the file contains a NUL byte")]
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            return None, [
                Problem(
                    Pos(display, too_deep.line + 1, too_deep.column + 1),
                    f"lists and mappings are nested more than {MAX_DEPTH} deep here",
                )
            ]
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [explain_syntax_error(exc, text, display)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [Problem(Pos(display, line, column), f"the character {character} is not allowed in YAML; delete it")]
    except yaml.YAMLError as exc:
        return None, [Problem(Pos(display), f"YAML error: {exc}")]
    if root is None or _is_empty_document(root):
        return None, [Problem(Pos(display, 1, 1), "the file is empty")]
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(pos_of(display, root), "the top of the file must be a mapping of keys")]
    if _expanded_size(root) > MAX_NODES:
        return None, [
            Problem(
                pos_of(display, root),
                f"anchors and aliases expand this file to more than {MAX_NODES} values; "
                "write the text out instead",
            )
        ]
    tag_problems = [
        Problem(pos_of(display, node), f"the tag '{_short_tag(node.tag)}' is not allowed; write plain YAML values")
        for node in _unique_nodes(root)
        if node.tag not in _PLAIN_TAGS
    ]
    if tag_problems:
        return None, tag_problems
    return root, cut_off_texts(root, text, display)


def _too_deep(text: str) -> yaml.Mark | None:
    """Where nesting first passes MAX_DEPTH, read from the parser's flat event stream before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _short_tag(tag: str) -> str:
    """A tag as the designer wrote it: ``!!python/object`` rather than its long form."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


def _is_empty_document(root: yaml.Node) -> bool:
    """A document with only ``---`` (or ``~``) and comments."""
    return isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null") and root.value in ("", "~", "null")


def _unique_nodes(root: yaml.Node):
    """Every node once, even when aliases share it (call only after the size is bounded)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(_children(current))


def _expanded_size(root: yaml.Node) -> int:
    """Count the nodes a walk would visit, stopping just past the limit."""
    count = 0
    stack = [root]
    while stack and count <= MAX_NODES:
        current = stack.pop()
        count += 1
        stack.extend(_children(current))
    return count


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside ``node``: a mapping's keys and values, a list's items."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []
