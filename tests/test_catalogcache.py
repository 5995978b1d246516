"""The catalog cache: plain JSON in a private folder, never unpickled, ignored with a message when unsafe."""
from __future__ import annotations

from pathlib import Path
import json
import os
import pickle
import stat

import pytest
from click.testing import CliRunner

from kitgen.catalogjson import NotACatalog, catalog_from_plain, to_plain
from kitgen.cli import main
from kitgen.context import BuildContext
from kitgen.loader import load_catalog, load_for_build

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from



LESSONS = PROJECT_ROOT / "lessons"

ARGS = ("--lesson", "grooming", "--band", "8-10", "--lang", "nl", "-q")


class _Planted:
    """Unpickling this writes a marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _build(tmp_path, cache, lessons=LESSONS):
    env = {"KITGEN_CACHE": str(cache)}
    return CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--out", str(tmp_path / "out"), *ARGS], env=env)


def test_the_cache_is_plain_json_in_a_private_folder(tmp_path):
    cache = tmp_path / "cache"
    assert _build(tmp_path, cache).exit_code == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    (entry,) = cache.glob("catalog-*.json")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["catalog"]["__type__"] == "Catalog"
    # a build of one lesson validates and keeps just that lesson (with the bands and resources)
    assert catalog_from_plain(data["catalog"]) == load_for_build(LESSONS, BuildContext().assets_dir, ("grooming",)).catalog


def test_a_planted_pickle_is_never_loaded(tmp_path):
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    assert _build(tmp_path, cache).exit_code == 0
    for entry in cache.glob("catalog-*.json"):  # every name an older kitgen would have read
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Planted(marker)))
        entry.unlink()
    result = _build(tmp_path, cache)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert not list(cache.glob("*.pickle"))  # removed, not kept around


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_ignored_with_a_message(tmp_path):
    cache = tmp_path / "cache"
    assert _build(tmp_path, cache).exit_code == 0
    (entry,) = cache.glob("catalog-*.json")
    planted = json.loads(entry.read_text(encoding="utf-8"))
    planted["catalog"]["resources"]["politie"]["url"] = "https://phishing.example"
    entry.write_text(json.dumps(planted), encoding="utf-8")
    cache.chmod(0o777)
    result = _build(tmp_path, cache)
    assert result.exit_code == 0
    assert "not using the cache" in result.output and "others may write" in result.output
    assert "phishing" not in (tmp_path / "out" / "nl" / "8-10" / "grooming"
                              / "grooming-8-10-nl-letter-text.txt").read_text(encoding="utf-8")


def test_a_damaged_entry_is_validated_again_with_a_message(tmp_path):
    cache = tmp_path / "cache"
    assert _build(tmp_path, cache).exit_code == 0
    (entry,) = cache.glob("catalog-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["catalog"]["lessons"][0]["title"] = {"__type__": "os.system", "values": "id"}
    entry.write_text(json.dumps(data), encoding="utf-8")
    result = _build(tmp_path, cache)
    assert result.exit_code == 0
    assert "not using the cache" in result.output and "damaged" in result.output


@pytest.mark.parametrize("change", [
    lambda c: c["bands"][0].update(minutes="45"),
    lambda c: c["bands"][0].update(evil=1),
    lambda c: c["lessons"][0]["bands"]["8-10"]["slides"][0].update(__type__="Catalog"),
    lambda c: c["lessons"][0].update(reviewed="yesterday"),
    lambda c: c["lessons"][0]["bands"]["8-10"]["slides"][0].update(kind="exec"),
])
def test_every_value_is_checked_against_the_model(change):
    data = to_plain(load_catalog(LESSONS, BuildContext().assets_dir))
    change(data)
    with pytest.raises(NotACatalog):
        catalog_from_plain(data)
