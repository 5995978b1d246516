"""`kitgen schema`: a JSON Schema of the YAML formats, generated from the model's type hints for editors."""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any, Literal, Union

from kitgen.i18n import LANGUAGE_NAMES, LANGUAGES
from kitgen.loader import BandsFile, LessonHeader, ResourcesFile
from kitgen.fielddocs import field_doc
from kitgen.model import HIDDEN_FIELDS, BandContent, Guide, Text
from kitgen.schema import field_hints

DIALECT = "http://json-schema.org/draft-07/schema#"  # the draft the YAML language server knows best
#: The files kitgen reads, by the name ``kitgen schema`` takes.
FORMATS = ("lesson", "bands", "resources", "guide", "languages")


#: Which ids a key takes, when the schema is made for a lessons folder: (class or None for any, key) → id kind.
_ID_KEYS = {(None, "resources"): "resource", ("Picture", "id"): "picture", ("Picture", "SHORTHAND"): "picture"}
#: What YAML loaders make of a plain scalar kitgen reads as text as written (``version: 1.0``, ``id: 2024``).
_SCALAR = {"type": ["string", "number", "boolean"]}
#: A date as written (a string to an editor; ``yaml.safe_load`` gives a date object, which no JSON type is).
_DATE = {
    "not": {"type": ["number", "boolean", "array", "object", "null"]},
    "format": "date",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}


def json_schema(kind: str = "lesson", ids: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema of one file format: ``lesson``, ``bands``, ``resources``, ``guide`` or ``languages``.

    With ``ids`` (``band``, ``resource`` and ``picture`` ids of a lessons folder), keys that name one of those
    list the ones that exist, so an editor completes them.
    """
    builder = _Builder(ids or {})
    if kind == "lesson":
        top = builder.lesson()
    elif kind == "bands":
        top = builder.dataclass(BandsFile)
    elif kind == "resources":
        top = builder.dataclass(ResourcesFile)
    elif kind == "guide":
        top = builder.dataclass(Guide)
    elif kind == "languages":
        from kitgen.languages import LanguagesFile

        top = builder.dataclass(LanguagesFile)
    else:
        raise ValueError(f"no schema for {kind!r}; choose from {', '.join(FORMATS)}")
    return {"$schema": DIALECT, "title": f"kitgen {kind} file", **top, "definitions": builder.definitions}


class _Builder:
    """Collects a definition per model class, so each is written once and referred to by name."""

    def __init__(self, ids: dict[str, list[str]]) -> None:
        self.definitions: dict[str, Any] = {}
        self.ids = ids

    def _id_enum(self, cls_name: str | None, key: str) -> dict[str, Any] | None:
        kind = _ID_KEYS.get((cls_name, key)) or _ID_KEYS.get((None, key))
        return {"enum": self.ids[kind]} if kind and self.ids.get(kind) else None

    def lesson(self) -> dict[str, Any]:
        """A lesson file: the header, ``common`` content and ``bands`` blocks that replace keys per band."""
        header = self.dataclass(LessonHeader)
        content = self.dataclass(BandContent, all_optional=True)
        band_id = {"enum": self.ids["band"]} if self.ids.get("band") else {"type": "string"}
        block = {
            "type": "object",
            "description": "Keys that replace those under 'common' for the bands listed in 'for'.",
            "properties": {
                "for": {
                    "description": "The band ids (from bands.yaml) this block is for: a list, or one id.",
                    "oneOf": [band_id, {"type": "array", "items": band_id, "minItems": 1}],
                },
                **content["properties"],
            },
            "required": ["for"],
            "additionalProperties": False,
        }
        header["properties"]["common"] = {**content, "description": "Content shared by every band."}
        header["properties"]["bands"] = {
            "description": "Blocks of content for some bands, each replacing whole keys of 'common' for its 'for'.",
            "type": "array",
            "items": block,
        }
        header["description"] = "A kitgen lesson: see docs/lesson-format.md."
        return header

    def dataclass(self, cls: type, all_optional: bool = False) -> dict[str, Any]:
        """An object schema for a model class (inline: the caller decides whether to name it)."""
        hints = field_hints(cls)
        properties, required = {}, []
        for f in dataclasses.fields(cls):
            if f.name in HIDDEN_FIELDS:
                continue
            properties[f.name] = self._property(cls, f.name, hints[f.name])
            has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            if not has_default and not all_optional:
                required.append(f.name)
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        if cls.__doc__:
            schema["description"] = cls.__doc__.strip().splitlines()[0]
        return schema

    def _property(self, cls: type, name: str, hint: Any) -> dict[str, Any]:
        """One key's schema with what it means (from the model) and, for id keys, the ids that exist."""
        names_ids = hint is str or hint == list[str] or hint == (str | None)
        enum = self._id_enum(cls.__name__, name) if names_ids else None
        if enum is not None:
            schema = {"type": "array", "items": enum} if typing.get_origin(hint) is list else enum
        else:
            schema = self.of(hint)
        doc = field_doc(cls, name)
        if doc is None:
            return schema
        # draft-07 ignores keys beside a $ref, so a described reference goes inside allOf
        return {"description": doc, **({"allOf": [schema]} if "$ref" in schema else schema)}

    def ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.definitions:
            self.definitions[cls.__name__] = {}  # reserve the name first: classes may refer to each other
            self.definitions[cls.__name__] = self.dataclass(cls)
        return {"$ref": f"#/definitions/{cls.__name__}"}

    def of(self, hint: Any) -> dict[str, Any]:
        """The schema of one type hint."""
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                return self.of(options[0])  # optional: leaving the key out is the way to say "none"
            return {"oneOf": [self.of(option) for option in options]}
        if origin is list:
            return {"type": "array", "items": self.of(args[0])}
        if origin is Literal:
            return {"enum": list(args)}
        if hint is Text:
            return self.text()
        if hint is str:
            return dict(_SCALAR)
        if hint is int:
            return {"type": "integer", "minimum": 0}
        if hint is bool:
            return {"type": "boolean"}
        if hint is dt.date:
            return dict(_DATE)
        if dataclasses.is_dataclass(hint):
            if getattr(hint, "SHORTHAND", None):  # ``picture: phone`` or the whole mapping
                short = self._id_enum(hint.__name__, "SHORTHAND") or {"type": "string", "minLength": 1}
                return {"oneOf": [short, self.ref(hint)]}
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")  # a bug in the model, not in the input

    def text(self) -> dict[str, Any]:
        if "Text" not in self.definitions:
            self.definitions["Text"] = {
                "type": "object",
                "description": "A text in every kit language: " + ", ".join(f"{c} ({n})" for c, n in LANGUAGE_NAMES.items()),
                "properties": {
                    code: {"type": "string", "minLength": 1, "description": f"The {name} text."}
                    for code, name in LANGUAGE_NAMES.items()
                },
                "required": list(LANGUAGES),
                "additionalProperties": False,
            }
        return {"$ref": "#/definitions/Text"}
