"""The designer's tools: `kitgen schema`, `kitgen new`, and the format reference in docs/."""
from __future__ import annotations

from pathlib import Path
import dataclasses
import json
import re
import shutil
import typing

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.jsonschema import json_schema
from kitgen.loader import lesson_files
from kitgen.model import HIDDEN_FIELDS
from kitgen import model

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
DOC = PROJECT_ROOT / "docs" / "lesson-format.md"


class _Yaml12ishLoader(yaml.SafeLoader):
    """Reads dates as text, the way the editors' YAML language server does."""


_Yaml12ishLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _read(path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12ishLoader)


def _validator(kind: str) -> jsonschema.Draft7Validator:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("kind, name", [("bands", "bands.yaml"), ("resources", "resources.yaml"), ("guide", "guide.yaml")])
def test_registries_match_their_schema(kind, name):
    assert list(_validator(kind).iter_errors(_read(LESSONS / name))) == []


def test_every_shipped_lesson_matches_the_schema():
    validator = _validator("lesson")
    lessons = lesson_files(LESSONS)
    assert lessons
    for path in lessons:
        assert [e.message for e in validator.iter_errors(_read(path))] == [], path.name


def test_the_schema_catches_what_check_catches(tmp_path):
    lesson = _read(LESSONS / "grooming.yaml")
    lesson["reviewd"] = lesson.pop("reviewed")
    lesson["bands"][0]["slides"][4]["answer"] = "two"
    lesson["title"].pop("en")
    messages = sorted(e.message for e in _validator("lesson").iter_errors(lesson))
    assert "'reviewed' is a required property" in messages
    assert "'en' is a required property" in messages
    assert any("'reviewd' was unexpected" in m for m in messages)
    assert len(messages) >= 4  # the wrong answer type fails every branch of the slide kinds


def test_the_schema_names_every_model_field():
    schema = json_schema("lesson")
    definitions = {**json_schema("bands")["definitions"], **json_schema("resources")["definitions"],
                   **json_schema("guide")["definitions"], **json_schema("languages")["definitions"],
                   **schema["definitions"]}
    for cls in vars(model).values():
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)) or cls.__module__ != model.__name__:
            continue
        if cls.__name__ in ("Text", "Catalog", "Lesson"):
            continue
        if cls.__name__ == "Guide":
            properties = json_schema("guide")["properties"]
            assert set(properties) == {f.name for f in dataclasses.fields(cls)} - HIDDEN_FIELDS
            continue
        if cls.__name__ == "BandContent":
            properties = schema["properties"]["common"]["properties"]
        else:
            properties = definitions[cls.__name__]["properties"]
        assert set(properties) == {f.name for f in dataclasses.fields(cls)} - HIDDEN_FIELDS, cls.__name__


def _fill_todos(text: str, resource: str) -> str:
    text = re.sub(r"(reviewed|consulted): TODO", r"\1: 2026-11-01", text)
    text = text.replace("[TODO]", f"[{resource}]").replace('"TODO https://…"', '"https://example.org"')
    return re.sub(r'"TODO ?([^"]*)"', r'"Filled in \1"', text)  # keeps the [[blank]] of a fill-in sentence


def test_new_lesson_fails_check_on_each_todo_and_passes_once_filled(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    runner = CliRunner()
    made = runner.invoke(main, ["new", "--lessons", str(lessons), "my-lesson"])
    assert made.exit_code == 0, made.output
    path = lessons / "my-lesson.yaml"
    text = path.read_text(encoding="utf-8")

    unfilled = runner.invoke(main, ["check", "--lessons", str(lessons)])
    assert unfilled.exit_code == 1
    todo_lines = {i + 1 for i, line in enumerate(text.splitlines()) if "TODO" in line and not line.startswith("#")}
    reported = {int(m) for m in re.findall(r"my-lesson\.yaml:(\d+):\d+: .*still says TODO", unfilled.output)}
    assert reported == todo_lines

    path.write_text(_fill_todos(text, "politie"), encoding="utf-8")
    filled = runner.invoke(main, ["check", "--lessons", str(lessons)])
    assert filled.exit_code == 0, filled.output


def test_the_scaffold_has_every_field_of_the_lesson_format():
    from kitgen.scaffold import scaffold_text

    text = scaffold_text("x", {"8-10": 45}, ["politie"])
    keys = set(re.findall(r"^[\s-]*#?\s*([a-z_]+):", text, flags=re.MULTILINE))
    schema = json_schema("lesson")
    expected = set(schema["properties"]) | {"for"}
    for definition in schema["definitions"].values():
        expected |= set(definition.get("properties", {}))
    expected |= set(schema["properties"]["common"]["properties"])
    assert expected - {"nl", "en"} <= keys


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path):
    (tmp_path / "taken.yaml").write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    again = runner.invoke(main, ["new", "--lessons", str(tmp_path), "taken"])
    assert again.exit_code == 1
    assert "taken.yaml already exists; kitgen new never overwrites a file" in again.output
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "keep me"
    for bad in ("Photos", "../escape", "bands", "a_b"):
        result = runner.invoke(main, ["new", "--lessons", str(tmp_path), bad])
        assert result.exit_code == 1, bad
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.yaml"]


def test_the_format_reference_documents_every_key_and_kind():
    doc = DOC.read_text(encoding="utf-8")
    schema = json_schema("lesson")
    names = set(schema["properties"]) | set(schema["properties"]["common"]["properties"])
    for definition in [*schema["definitions"].values(), *json_schema("bands")["definitions"].values(),
                       *json_schema("resources")["definitions"].values()]:
        names |= set(definition.get("properties", {}))
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert missing == []
    kinds = {k for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
             for k in typing.get_args(typing.get_type_hints(cls).get("kind", str))}
    assert sorted(k for k in kinds if f"`{k}`" not in doc) == []
    for key in ("name", "teacher", "class", "lesson_date", "email", "phone", "logo", "signature"):
        assert f"`{key}`" in doc
    assert "# yaml-language-server: $schema=" in doc


def test_the_annotated_example_in_the_docs_passes_check_and_the_schema(tmp_path):
    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## A lesson file: annotated example"):]
    example = section[section.index("```yaml\n") + len("```yaml\n"):section.index("\n```\n")]
    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    (lessons / "example.yaml").write_text(example + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(lessons)])
    assert result.exit_code == 0, result.output
    assert [e.message for e in _validator("lesson").iter_errors(_read(lessons / "example.yaml"))] == []


def _validator_for_folder(kind: str) -> jsonschema.Draft7Validator:
    result = CliRunner().invoke(main, ["schema", kind, "--lessons", str(LESSONS)])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_shipped_file_matches_the_folders_schema_as_plain_yaml_reads_it():
    """yaml.safe_load makes dates date objects and 1.0 a number: the schema accepts what loaders produce."""
    registries = {"bands.yaml": "bands", "resources.yaml": "resources", "guide.yaml": "guide", "languages.yaml": "languages"}
    for path in [*lesson_files(LESSONS), *(LESSONS / name for name in registries)]:
        kind = registries.get(path.name, "lesson")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in _validator_for_folder(kind).iter_errors(data)] == [], path.name


def test_the_folders_schema_lists_its_ids_and_refuses_others():
    validator = _validator_for_folder("lesson")
    lesson = yaml.safe_load((LESSONS / "grooming.yaml").read_text(encoding="utf-8"))
    lesson["bands"][0]["for"] = ["10-21"]
    lesson["common"]["resources"] = ["politei"]
    messages = [e.message for e in validator.iter_errors(lesson)]
    assert any("'politei' is not one of" in m for m in messages), messages
    assert any("10-21" in m for m in messages), messages


def test_every_key_in_the_schema_explains_itself():
    undocumented = []
    for kind in ("lesson", "bands", "resources", "guide", "languages"):
        schema = json_schema(kind)

        def walk(node, where):
            if isinstance(node, dict):
                for key, value in node.get("properties", {}).items():
                    if "description" not in value:
                        undocumented.append(f"{kind}: {where}.{key}")
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for item in node:
                    walk(item, where)

        walk(schema, "")
    assert undocumented == []


def test_a_new_lesson_names_the_schema_on_its_first_line(tmp_path):
    shutil.copy(LESSONS / "bands.yaml", tmp_path / "bands.yaml")
    shutil.copy(LESSONS / "resources.yaml", tmp_path / "resources.yaml")
    result = CliRunner().invoke(main, ["new", "--lessons", str(tmp_path), "my-lesson"])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "my-lesson.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../lesson.schema.json"
    assert "kitgen schema --lessons" in result.output
