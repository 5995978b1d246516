"""A validated catalog as plain JSON data and back, every value checked against the model's type hints."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, Callable, Literal, Union

from kitgen import model
from kitgen.errors import Pos
from kitgen.schema import field_hints

#: The classes a cached catalog may contain, by name: the model's dataclasses, nothing else.
_CLASSES = {
    name: cls for name, cls in vars(model).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}
_TYPE = "__type__"


class NotACatalog(ValueError):
    """The data is not a catalog this kitgen wrote: a field is missing, unknown or of the wrong type."""


def to_plain(value: Any) -> Any:
    """``value`` (a catalog or any part of it) as JSON-ready data, positions included."""
    if isinstance(value, Pos):
        return [value.path, value.line, value.column]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_TYPE: type(value).__name__, **fields}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    return value  # str, int, bool, None


def catalog_from_plain(data: Any) -> model.Catalog:
    """The catalog ``data`` describes; raise NotACatalog unless every value has its field's type."""
    try:
        return _value(data, model.Catalog)
    except _Wrong as wrong:
        raise NotACatalog(f"catalog{''.join(reversed(wrong.where))}: {wrong.message}") from None


class _Wrong(Exception):
    """A value that does not fit; ``where`` collects the path to it on the way out (innermost first)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message, self.where = message, []


@functools.lru_cache(maxsize=None)
def _shape(hint: Any) -> tuple[Any, tuple]:
    return typing.get_origin(hint), typing.get_args(hint)


def _value(data: Any, hint: Any) -> Any:
    # The path to a value is spelled out only when it is wrong: a catalog holds some 30,000 values.
    if hint is str or hint is int or hint is bool:
        if type(data) is not hint:
            raise _Wrong(f"not a {hint.__name__}")
        return data
    origin, args = _shape(hint)
    if hint is Pos:
        if not (isinstance(data, list) and len(data) == 3 and isinstance(data[0], str)
                and all(type(n) is int for n in data[1:])):
            raise _Wrong("not a position")
        return Pos(*data)
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        choices = [a for a in args if a is not type(None)]
        if len(choices) > 1:  # a node names its own class; a plain value is one of the plain types allowed
            if isinstance(data, dict):
                choices = [a for a in choices if getattr(a, "__name__", None) == data.get(_TYPE)]
            else:
                choices = [a for a in choices if a in (str, int, bool) and type(data) is a]
            if not choices:
                raise _Wrong("none of the allowed kinds")
        return _value(data, choices[0])
    if origin is Literal:
        if data not in args:
            raise _Wrong(f"{data!r} is not one of {args}")
        return data
    if origin is list:
        if not isinstance(data, list):
            raise _Wrong("not a list")
        item_hint, values = args[0], []
        for i, item in enumerate(data):
            try:
                values.append(_value(item, item_hint))
            except _Wrong as wrong:
                wrong.where.append(f"[{i}]")
                raise
        return values
    if origin in (Mapping, dict, typing.Mapping):
        if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
            raise _Wrong("not a mapping")
        return _fields(data, lambda key: args[1])
    if hint is dt.date:
        try:
            return dt.date.fromisoformat(data)
        except (TypeError, ValueError):
            raise _Wrong("not a date") from None
    if isinstance(hint, type) and _CLASSES.get(hint.__name__) is hint:
        return _node(data, hint)
    raise _Wrong("a value of an unexpected type")  # pragma: no cover - a model change


def _fields(data: dict, hint_of: Callable[[str], Any]) -> dict:
    values = {}
    for key, item in data.items():
        try:
            values[key] = _value(item, hint_of(key))
        except _Wrong as wrong:
            wrong.where.append(f".{key}")
            raise
    return values


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _node(data: Any, cls: type) -> Any:
    if not isinstance(data, dict) or data.get(_TYPE) != cls.__name__:
        raise _Wrong(f"not a {cls.__name__}")
    hints = field_hints(cls)
    given = {k: v for k, v in data.items() if k != _TYPE}
    if given.keys() != _field_names(cls):
        raise _Wrong(f"the fields of a {cls.__name__} differ")
    return cls(**_fields(given, hints.__getitem__))
