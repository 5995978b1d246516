"""The wheel, installed in a fresh virtual environment, used in an empty folder as a new user would."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
#: What the wheel is built from (a copy, so the checkout gets no build/ folder and nothing stale goes in).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "babel.cfg", "kitgen", "lessons", "templates",
           "assets")
#: The kit languages kitgen has words for: kitgen/locale/<lang>/LC_MESSAGES/kit.po in the checkout.
CATALOGUES = sorted(p.parent.parent.name for p in (PROJECT_ROOT / "kitgen" / "locale").glob("*/LC_MESSAGES/kit.po"))


def _run(command: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def _copy_sources(source: Path) -> None:
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():  # no compiled catalogue a `pybabel compile` may have left in the checkout
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.mo"))
        else:
            shutil.copy(path, source / name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    _copy_sources(source)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)], source,
         dict(os.environ))
    (built,) = dist.glob("kitgen-*.whl")
    return built


def test_the_wheel_carries_the_built_in_lessons_templates_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("lessons", "templates", "assets"):
        for path in (PROJECT_ROOT / folder).rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                assert f"kitgen/_builtin/{path.relative_to(PROJECT_ROOT).as_posix()}" in names
    assert "kitgen/__main__.py" in names and "kitgen/renderers/deck/planner.py" in names
    assert not any(name.startswith(("tests/", "lessons/", "build/")) for name in names)


def test_the_wheel_carries_the_kit_words_compiled_by_the_packaging_step(wheel):
    import gettext
    import io

    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert CATALOGUES == ["en", "nl"]
    for lang in CATALOGUES:
        mo = f"kitgen/locale/{lang}/LC_MESSAGES/kit.mo"
        assert mo in names
        words = gettext.GNUTranslations(io.BytesIO(archive.read(mo)))
        assert words.pgettext("page", "Page {page} of {pages}") == {"nl": "Pagina {page} van {pages}",
                                                                     "en": "Page {page} of {pages}"}[lang]
        assert words.npgettext("mutual_friends", "{count} mutual friend", "{count} mutual friends", 2) == {
            "nl": "{count} gezamenlijke vrienden", "en": "{count} mutual friends"}[lang]
    assert "kitgen/locale/kit.pot" in names  # for a designer's new language (pybabel init)
    assert not [name for name in names if name.endswith(".po")]  # compiled, not compiled again at run time


def test_a_new_user_in_an_empty_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python3")
    # The libraries kitgen needs come from this environment (no download): a path entry, not a site folder,
    # so an editable kitgen installed here is not seen there.
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, dict(os.environ)).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "kitgen-test-libraries.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["KITGEN_CACHE"] = str(tmp_path / "cache")
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], tmp_path, env)

    folder = tmp_path / "my-school"
    folder.mkdir()
    kitgen = str(scripts / "kitgen")
    where = _run([str(python), "-c", "import kitgen; print(kitgen.__file__)"], folder, env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    package = Path(where.strip()).parent
    installed = sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts)
    found = _run([str(python), "-c", "from kitgen.i18n import Labels\nfor lang in ('nl', 'en'):\n"
                  "    labels = Labels(lang); print(labels.found.how, labels.found.source, labels('page', page=1, pages=2))"],
                 folder, env).stdout.splitlines()
    assert found == [f"packaged {package / 'locale' / lang / 'LC_MESSAGES' / 'kit.mo'} {page}"
                     for lang, page in (("nl", "Pagina 1 van 2"), ("en", "Page 1 of 2"))]

    init = _run([kitgen, "init"], folder, env)
    assert "wrote kitgen.toml" in init.stdout and (folder / "school.yaml").is_file()
    check = _run([kitgen, "check"], folder, env)
    assert check.stdout.strip() == "OK: 3 lessons, 4 bands, 2 kit languages (24 kits), 4 letter languages."
    config = _run([kitgen, "config"], folder, env).stdout
    assert "# built-in" in config and "_builtin" in config
    build = _run([kitgen, "build", "--zip"], folder, env)

    manifest = json.loads((folder / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert f"Made {len(manifest['artifacts'])} files" in build.stdout, build.stdout
    zips = [a for a in manifest["artifacts"] if a["kind"] == "zip"]
    kits = {(a["lesson"], a["band"], a["lang"]) for a in manifest["artifacts"]}
    assert len(zips) == len(kits) and {(a["lesson"], a["band"], a["lang"]) for a in zips} == kits
    full_kits = [a for a in zips if a["lang"] in ("nl", "en")]
    assert len(full_kits) == 24
    for entry in zips:
        archive = zipfile.ZipFile(folder / "output" / entry["path"])
        assert archive.testzip() is None
        members = {a["path"].rsplit("/", 1)[1] for a in manifest["artifacts"]
                   if (a["lesson"], a["band"], a["lang"]) == (entry["lesson"], entry["band"], entry["lang"])
                   and a["kind"] != "zip"}
        assert set(archive.namelist()) == members | {"LEESMIJ.txt" if entry["lang"] == "nl" else "README.txt"}
        if entry["lang"] in ("nl", "en"):
            assert len(members) == 7  # slides, worksheet, answers and the letter as PDF, text, HTML and e-mail
    worksheet = next((folder / "output").rglob("*-nl-worksheet.pdf"))
    text = subprocess.run(["pdftotext", str(worksheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Pagina 1 van" in text and "Naam:" in text  # the Dutch kit words, from the wheel's kit.mo
    # the installed package is only read (its compiled catalogues too), and nothing was compiled into the cache
    assert sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts) == installed
    assert not list((tmp_path / "cache").glob("catalogues/*"))
    version = _run([str(python), "-m", "kitgen", "--version"], folder, env)
    assert version.stdout.startswith("kitgen ")
    assert sorted(p.name for p in folder.iterdir()) == ["kitgen.toml", "output", "school.yaml"]


def test_an_editable_install_compiles_the_catalogues_into_the_checkout(tmp_path):
    source = tmp_path / "checkout"
    source.mkdir()
    _copy_sources(source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python3")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["KITGEN_CACHE"] = str(tmp_path / "cache")
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(source)], tmp_path, env)
    for lang in CATALOGUES:  # as `pip install -e .` (scripts/setup.sh) leaves a checkout; git ignores them
        assert (source / "kitgen" / "locale" / lang / "LC_MESSAGES" / "kit.mo").is_file()
    found = _run([str(python), "-c", "from kitgen.i18n import Labels; labels = Labels('nl'); "
                  "print(labels.found.how, labels.found.source)"], tmp_path, env).stdout.split()
    assert found == ["packaged", str(source / "kitgen" / "locale" / "nl" / "LC_MESSAGES" / "kit.mo")]
    ignored = subprocess.run(["git", "check-ignore", "kitgen/locale/nl/LC_MESSAGES/kit.mo"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True)
    assert ignored.returncode == 0
