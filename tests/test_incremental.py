"""Reproducible and incremental builds: same inputs give the same bytes; only what changed is rebuilt."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.errors import Pos
from kitgen.fingerprint import InputHasher, digest, plain
from kitgen.loader import load_catalog
from kitgen.model import Text
from kitgen.renderers import KINDS

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from

LESSONS = PROJECT_ROOT / "lessons"
ONE_LESSON = ("--lesson", "grooming")  # keeps the tests quick, whatever lessons exist


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    return result.output


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``folder`` with its modification time and inode."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.rglob("*")}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_two_builds_are_byte_identical(built, tmp_path):
    # Another process, another hash seed, one worker instead of several, another output folder, and a
    # clock twenty years off: none of it may show in the bytes.
    out = tmp_path / "again"
    script = (
        "import time; time.time = lambda: 1_000_000_000.0\n"
        "from kitgen.cli import main\n"
        f"main(['build', '--lessons', {str(LESSONS)!r}, '--out', {str(out)!r}, '-q', '--jobs', '1'])\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    first, second = contents(built), contents(out)
    assert sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert not different
    assert all(a["inputs"] for a in manifest(out)["artifacts"])


def test_parallel_and_serial_builds_give_the_same_bytes(built, tmp_path):
    run("--lessons", str(LESSONS), "--out", str(tmp_path), *ONE_LESSON, "--band", "12-14", "--jobs", "2", "-q")
    made = contents(tmp_path)
    for entry in manifest(tmp_path)["artifacts"]:
        assert made[entry["path"]] == (built / entry["path"]).read_bytes()


def test_a_build_with_nothing_changed_writes_nothing(tmp_path):
    args = ("--lessons", str(LESSONS), "--out", str(tmp_path), *ONE_LESSON, "--band", "8-10")
    run(*args, "-q")
    before = stamps(tmp_path)
    output = run(*args)
    assert stamps(tmp_path) == before
    assert output.startswith(f"Made 0 files, {2 * len(KINDS)} already up to date")


def test_force_rebuilds_every_selected_file(tmp_path):
    args = ("--lessons", str(LESSONS), "--out", str(tmp_path), *ONE_LESSON, "--band", "8-10", "--lang", "nl", "-q")
    run(*args)
    before, old = stamps(tmp_path), contents(tmp_path)
    run(*args, "--force")
    after = stamps(tmp_path)
    artifacts = [a["path"] for a in manifest(tmp_path)["artifacts"]]
    assert len(artifacts) == len(KINDS)
    assert all(after[path][1] != before[path][1] for path in artifacts)  # replaced: a new inode each
    assert contents(tmp_path) == old


def test_a_changed_band_rebuilds_only_its_kits(lesson_tree, tmp_path):
    lessons = lesson_tree()
    out = tmp_path / "out"  # next to the lessons folder, not around it
    args = ("--lessons", str(lessons), "--out", str(out), *ONE_LESSON, "--band", "8-10", "--band", "10-12", "-q")
    run(*args)
    before, old = stamps(out), manifest(out)
    bands = lessons / "bands.yaml"
    text = bands.read_text(encoding="utf-8")
    assert text.count("groep 5–6 (8–10 jaar)") == 1
    bands.write_text(text.replace("groep 5–6 (8–10 jaar)", "groep 5 en 6 (8–10 jaar)"), encoding="utf-8")
    run(*args)
    after = stamps(out)
    changed = {a["path"] for a in manifest(out)["artifacts"] if before[a["path"]] != after[a["path"]]}
    assert changed == {a["path"] for a in old["artifacts"] if a["band"] == "8-10"}
    assert len(changed) == 2 * len(KINDS)


def test_an_edited_output_file_is_made_again(tmp_path):
    args = ("--lessons", str(LESSONS), "--out", str(tmp_path), *ONE_LESSON, "--band", "8-10", "--lang", "en", "-q")
    run(*args)
    entry = next(a for a in manifest(tmp_path)["artifacts"] if a["kind"] == "letter-text")
    original = (tmp_path / entry["path"]).read_bytes()
    (tmp_path / entry["path"]).write_text("edited by hand", encoding="utf-8")
    run(*args)
    assert (tmp_path / entry["path"]).read_bytes() == original


def test_a_filtered_build_leaves_other_artifacts_as_they_are(tmp_path):
    common = ("--lessons", str(LESSONS), "--out", str(tmp_path), *ONE_LESSON, "-q")
    run(*common, "--band", "8-10", "--band", "10-12")
    before = stamps(tmp_path)
    run(*common, "--band", "8-10", "--lang", "nl", "--force")
    after, entries = stamps(tmp_path), manifest(tmp_path)["artifacts"]
    assert len(entries) == 4 * len(KINDS)
    for entry in entries:
        rebuilt = (entry["band"], entry["lang"]) == ("8-10", "nl")
        assert (after[entry["path"]] != before[entry["path"]]) == rebuilt, entry["path"]


def test_artifacts_of_a_removed_lesson_are_removed_and_nothing_else(lesson_tree, tmp_path):
    lessons = lesson_tree()
    out = tmp_path / "out"  # next to the lessons folder, not around it
    extra = lessons / "extra.yaml"
    extra.write_text((lessons / "grooming.yaml").read_text(encoding="utf-8").replace("id: grooming", "id: extra", 1),
                     encoding="utf-8")
    args = ("--lessons", str(lessons), "--out", str(out), "--band", "8-10", "-q")
    run(*args, *ONE_LESSON, "--lesson", "extra")
    assert {a["lesson"] for a in manifest(out)["artifacts"]} == {"extra", "grooming"}
    mine = [out / "notes.txt", out / "en" / "8-10" / "extra" / "my-notes.txt"]
    for path in mine:
        path.write_text("the teacher's own file", encoding="utf-8")
    extra.unlink()
    output = CliRunner().invoke(main, ["build", *args[:-1], *ONE_LESSON]).output
    assert f"removed {2 * len(KINDS)} old" in output
    entries = manifest(out)["artifacts"]
    assert {a["lesson"] for a in entries} == {"grooming"}
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {a["path"] for a in entries} | {"manifest.json", "notes.txt", "en/8-10/extra/my-notes.txt"}
    assert not (out / "nl" / "8-10" / "extra").exists()  # emptied by the removal, so removed too


def test_stale_removal_never_touches_files_outside_the_output_folder(tmp_path):
    out, victim, outside = tmp_path / "out", tmp_path / "victim.txt", tmp_path / "outside"
    run("--lessons", str(LESSONS), "--out", str(out), *ONE_LESSON, "--band", "8-10", "--lang", "nl", "-q")
    victim.write_text("not kitgen's", encoding="utf-8")
    outside.mkdir()
    (outside / "also.txt").write_text("not kitgen's", encoding="utf-8")
    (out / "link").symlink_to(outside)
    sha = hashlib.sha256(b"not kitgen's").hexdigest()  # so only the path, not the content, protects them
    data = manifest(out)
    for number, path in enumerate(["../victim.txt", str(victim), "link/also.txt", "nl/../../victim.txt"]):
        data["artifacts"].append({"lesson": f"gone{number}", "band": "8-10", "lang": "nl", "kind": "letter",
                                  "path": path, "sha256": sha, "bytes": 12})
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    run("--lessons", str(LESSONS), "--out", str(out), *ONE_LESSON, "--band", "8-10", "--lang", "nl", "-q")
    assert victim.read_text(encoding="utf-8") == "not kitgen's"
    assert (outside / "also.txt").exists()
    assert {a["lesson"] for a in manifest(out)["artifacts"]} == {"grooming"}
    shutil.rmtree(outside)


def _inputs(context: BuildContext, catalog=None) -> str:
    catalog = catalog or load_catalog(LESSONS, PROJECT_ROOT / "assets")
    hasher = InputHasher(context, catalog)
    return hasher.artifact_inputs(hasher.kit_digest(catalog.lessons[0], "8-10"), "nl", "letter")


def test_every_build_setting_is_part_of_the_input_hash(tmp_path):
    @dataclasses.dataclass(frozen=True)
    class SchoolContext(BuildContext):  # a setting added later, as --school will
        school: Path | None = None

    profile = tmp_path / "school.yaml"
    profile.write_text("name: De Regenboog\n", encoding="utf-8")
    base = _inputs(SchoolContext(school=profile))
    assert _inputs(SchoolContext(school=profile)) == base
    profile.write_text("name: De Zonnebloem\n", encoding="utf-8")
    assert _inputs(SchoolContext(school=profile)) != base  # the file's content counts, not just its name
    assert _inputs(BuildContext(author="someone else")) != _inputs(BuildContext())
    assert _inputs(BuildContext(build_date=dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))) != _inputs(BuildContext())


def test_the_input_hash_holds_no_absolute_paths_and_ignores_yaml_positions(tmp_path):
    assets = tmp_path / "elsewhere" / "assets"
    shutil.copytree(PROJECT_ROOT / "assets", assets)
    assert _inputs(BuildContext(assets_dir=assets)) == _inputs(BuildContext())
    assert str(tmp_path) not in json.dumps(plain(BuildContext(assets_dir=assets)))
    words = {"nl": "a", "en": "b"}
    assert digest(Text(words, Pos("x.yaml", 1, 1))) == digest(Text(words, Pos("y.yaml", 9, 9)))
    assert digest(Text({"nl": "a", "en": "b"})) != digest(Text({"nl": "a", "en": "c"}))


def test_hidden_files_in_the_assets_do_not_count(tmp_path):
    assets = tmp_path / "assets"
    shutil.copytree(PROJECT_ROOT / "assets", assets)
    before = _inputs(BuildContext(assets_dir=assets))
    (assets / ".DS_Store").write_bytes(b"\0\1")
    (assets / "fonts" / ".LiberationSans-Regular.ttf.swp").write_bytes(b"swap")
    assert _inputs(BuildContext(assets_dir=assets)) == before
    (assets / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert _inputs(BuildContext(assets_dir=assets)) != before


def test_a_build_reuses_the_catalog_it_validated_before(lesson_tree, tmp_path, monkeypatch):
    monkeypatch.setenv("KITGEN_CACHE", str(tmp_path / "cache"))
    lessons, out = lesson_tree(), tmp_path / "out"
    args = ("--lessons", str(lessons), "--out", str(out), *ONE_LESSON, "--band", "8-10", "--lang", "nl", "-q")
    run(*args)
    assert len(list((tmp_path / "cache").glob("catalog-*.json"))) == 1

    def no_second_validation(*_args, **_kwargs):
        raise AssertionError("validated again although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr("kitgen.loader.load_catalog", no_second_validation)
        patched.setattr("kitgen.glyphs.check_glyphs", no_second_validation)
        run(*args)
    grooming = lessons / "grooming.yaml"
    grooming.write_text(grooming.read_text(encoding="utf-8").replace("version: ", "version: [", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 1 and "grooming.yaml:" in result.output  # a changed file is validated again
    assert len(list((tmp_path / "cache").glob("catalog-*.json"))) == 1  # and a failed one is not kept


def test_a_build_works_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KITGEN_CACHE", str(blocker / "cache"))
    run("--lessons", str(LESSONS), "--out", str(tmp_path / "out"), *ONE_LESSON, "--band", "8-10", "--lang", "en", "-q")
    assert manifest(tmp_path / "out")["artifacts"]


def test_setting_source_date_epoch_counts_even_when_it_names_the_default_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    unset = _inputs(BuildContext())
    default = BuildContext().build_date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(default.timestamp())))
    assert BuildContext().build_date == default
    assert _inputs(BuildContext()) != unset  # letters then print the date instead of a blank line
