"""YAML mistakes in a designer's words: what the parser's complaint means and how to fix it."""
from __future__ import annotations

import re

import yaml

from kitgen.errors import Pos, Problem

#: A mapping whose keys all name languages (``nl``, ``en``, ``pt-BR``) holds texts a person reads.
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
#: What YAML counts as a line break (marks count lines the same way).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: A value that opens a quote its own line does not close (a real lesson keeps each text on one line).
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?(["'])""")
#: A comment after a value on the same line: YAML cuts an unquoted text there.
_TRAILING_COMMENT = re.compile(r"[ \t]+#")


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """One problem for a parser error, at the place to fix, saying what to do."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Problem(Pos(display), f"YAML syntax error: {exc.problem or exc.context}")
    lines = _LINE_BREAK.split(text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    for explain in (_tab, _unclosed_quote, _colon_in_text, _indentation):
        found = explain(exc, lines, mark, line)
        if found is not None:
            line_no, column, message = found
            return Problem(Pos(display, line_no, column), message)
    return Problem(Pos(display, mark.line + 1, mark.column + 1), f"YAML syntax error: {exc.problem or exc.context}")


def _tab(exc, lines, mark, line):
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent or (mark.column < len(line) and line[mark.column] == "\t"):
        column = (indent.index("\t") if "\t" in indent else mark.column) + 1
        return mark.line + 1, column, f"a tab at column {column}; use spaces to indent"
    return None


def _unclosed_quote(exc, lines, mark, line):
    """The first line up to the error whose value opens a quote and does not close it."""
    for number, candidate in enumerate(lines[: mark.line + 1]):
        opened = _OPEN_QUOTE.match(candidate)
        if not opened:
            continue
        quote, start = opened.group(1), opened.end(1)
        rest = candidate[start:]
        closed = rest.replace("''", "").count("'") if quote == "'" else len(re.findall(r'(?<!\\)"', rest))
        if closed == 0:
            return number + 1, start, f"the quote {quote} that starts this text is never closed; end the text with {quote}"
    return None


def _colon_in_text(exc, lines, mark, line):
    if exc.problem != "mapping values are not allowed in this context":
        return None
    match = re.match(r"^(\s*(?:-\s+)?[^:#]+:\s+)", line)
    column = (len(match.group(1)) if match else mark.column) + 1
    return mark.line + 1, column, "this text contains ': '; put the whole text in double quotes"


def _indentation(exc, lines, mark, line):
    if exc.problem not in ("did not find expected key", "expected <block end>, but found '<block mapping start>'") and not (
        exc.problem or ""
    ).startswith("expected <block end>"):
        return None
    here = _indent(line)
    around = next(
        (_indent(other) for other in reversed(lines[: mark.line]) if other.strip() and not other.lstrip().startswith("#")),
        None,
    )
    if around is None or around == here:
        return None
    spaces = "space" if here == 1 else "spaces"
    return (
        mark.line + 1,
        1,
        f"this line is indented {here} {spaces}, the keys around it {around}; line them up",
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def cut_off_texts(root: yaml.Node, text: str, display: str) -> list[Problem]:
    """Unquoted texts that a `` #`` on the same line cut short (YAML reads the rest as a comment)."""
    lines = _LINE_BREAK.split(text)
    problems = []
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            is_text = all(isinstance(key, yaml.ScalarNode) and _LANGUAGE_KEY.match(key.value) for key, _ in node.value)
            for key, value in node.value:
                if is_text and _is_plain_text(value):
                    problem = _cut_comment(value, lines, display)
                    if problem:
                        problems.append(problem)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def _is_plain_text(node: yaml.Node) -> bool:
    # PyYAML's pure parser marks a plain scalar's style None, its C parser "".
    return isinstance(node, yaml.ScalarNode) and not node.style and node.tag.endswith(":str") and bool(node.value)


def _cut_comment(node: yaml.ScalarNode, lines: list[str], display: str) -> Problem | None:
    end = node.end_mark
    rest = lines[end.line][end.column :] if end.line < len(lines) else ""
    match = _TRAILING_COMMENT.match(rest)
    if not match:
        return None
    column = end.column + match.end()
    return Problem(
        Pos(display, end.line + 1, column),
        "text after # is a comment and was cut off; put the text in quotes",
    )
