"""Ids are names, not paths; nothing is written or removed outside the output folder, or through a linked folder."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.build import artifact_path
from kitgen.cli import main
from kitgen.errors import KitgenError
from kitgen.ids import id_problem
from kitgen.renderers import Registry

ONE_KIT = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl", "--jobs", "1", "-q")


@pytest.mark.parametrize("value", ["8-10", "a", "grooming", "x" * 40, "0-9"])
def test_good_ids(value):
    assert id_problem(value, "band") is None


@pytest.mark.parametrize("value", ["", "-x", "../../../X", "a/b", "A", "a b", "x" * 41, "a\\b", "é", ".", "a\n"])
def test_ids_that_are_not_names(value):
    assert "is not a name kitgen can use in file names" in id_problem(value, "band")
    with pytest.raises(KitgenError):
        artifact_path("grooming", value, "nl", "slides", ".pptx")


def test_a_kind_must_be_a_name():
    class Odd:
        kind, suffix = "../slides", ".pptx"

    with pytest.raises(ValueError, match="kind id"):
        Registry().add(Odd())


def test_check_refuses_a_band_id_that_is_a_path(lesson_tree, tmp_path, monkeypatch):
    lessons = lesson_tree()
    bands = lessons / "bands.yaml"
    bands.write_text(bands.read_text(encoding="utf-8").replace('id: "12-14"', 'id: "../../../X"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, "--lessons", str(lessons)])
        assert result.exit_code == 1
        assert "lessons/bands.yaml:" in result.output
        assert "band id '../../../X' is not a name kitgen can use in file names" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lessons"]


def test_a_linked_folder_inside_the_output_is_refused(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "lessons-copy"
    out.mkdir()
    elsewhere.mkdir()
    (out / "nl").symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT])
    assert result.exit_code == 1
    assert f"{out / 'nl'} is a link to another folder; remove the link and build again" in result.output
    assert list(elsewhere.iterdir()) == []
    assert "Traceback" not in result.output


def test_a_hand_edited_manifest_cannot_remove_a_file_through_a_linked_folder(tmp_path):
    out, mine = tmp_path / "out", tmp_path / "mine"
    mine.mkdir()
    precious = mine / "grooming-8-10-nl-slides.pptx"
    precious.write_bytes(b"my own work")
    result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT])
    assert result.exit_code == 0, result.output
    (out / "old").symlink_to(mine, target_is_directory=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["artifacts"].append({
        "lesson": "gone", "band": "8-10", "lang": "nl", "kind": "slides", "path": "old/grooming-8-10-nl-slides.pptx",
        "sha256": hashlib.sha256(b"my own work").hexdigest(), "bytes": 11, "inputs": "",
    })
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(out), *ONE_KIT])
    assert result.exit_code == 0, result.output
    assert precious.read_bytes() == b"my own work"
    assert os.path.islink(out / "old")


@pytest.mark.parametrize("picture_id", ["../../x", "a" * 41, "Phone"])
def test_a_picture_id_must_be_a_name(tmp_path, picture_id):
    from kitgen.pictures import load_pictures

    (tmp_path / "dot.png").write_bytes((Path(__file__).parent / "fixtures" / "dot.png").read_bytes())
    (tmp_path / "pictures.yaml").write_text(
        f'pictures:\n  - id: "{picture_id}"\n    file: dot.png\n    licence: CC0\n    decorative: true\n',
        encoding="utf-8",
    )
    _, problems = load_pictures(tmp_path)
    assert [p.message for p in problems] == [
        f"picture id '{picture_id}' is longer than 40 characters; shorten it" if len(picture_id) > 40
        else f"picture id '{picture_id}': use lower-case letters, digits and single hyphens"
    ]
