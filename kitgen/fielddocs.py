"""The documentation of each model field, read from the comments beside it in model.py (for the JSON Schema)."""
from __future__ import annotations

import ast
import functools
import inspect
import io
import tokenize

from kitgen import languages, loader, model


@functools.cache
def field_docs() -> dict[tuple[str, str], str]:
    """``(class name, field name)`` → what the field means: its ``#:`` lines above, or its comment on the line."""
    docs: dict[tuple[str, str], str] = {}
    for module in (model, loader, languages):
        docs.update(_documented_fields(inspect.getsource(module)))
    return docs


def _documented_fields(source: str) -> dict[tuple[str, str], str]:
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string
    docs: dict[tuple[str, str], str] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                continue
            above, line = [], item.lineno - 1
            while comments.get(line, "").startswith("#:"):
                above.insert(0, comments[line][2:].strip())
                line -= 1
            beside = comments.get(item.end_lineno, "")
            text = " ".join(above) or beside.lstrip("#").strip()
            if text and not text.startswith(("noqa", "type:")):
                docs[node.name, item.target.id] = text[0].upper() + text[1:]
    return docs


def field_doc(cls: type, name: str) -> str | None:
    """What field ``name`` of ``cls`` means: its own comment in the model, else what the key means anywhere."""
    return field_docs().get((cls.__name__, name)) or model.KEY_DOCS.get(name)
