"""Where the built-in lessons, templates, fonts and pictures are: inside the installed package, or the checkout's."""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

#: The built-in folders: the repository's top-level lessons/, templates/ and assets/, which a wheel
#: carries as kitgen/_builtin/<name>/ (see setup.py).
NAMES = ("lessons", "templates", "assets")
#: Where a wheel keeps them, inside the kitgen package.
PACKAGED = "_builtin"


@functools.cache
def root() -> Path:
    """The folder holding the built-in lessons/, templates/ and assets/."""
    package = resources.files("kitgen")
    if not isinstance(package, Path):  # e.g. imported from a zip file: fonts and templates need real files
        raise RuntimeError(f"kitgen must be installed as files on disk, not in {package}")
    packaged = package / PACKAGED
    if packaged.is_dir():
        return packaged  # an installed wheel
    return package.parent  # a checkout, or an editable install of one


def lessons_dir() -> Path:
    """The built-in lessons folder (bands.yaml, resources.yaml and the lessons)."""
    return root() / "lessons"


def templates_dir() -> Path:
    """The built-in templates: the letters' words and layouts, and slides.pptx."""
    return root() / "templates"


def assets_dir() -> Path:
    """The built-in assets: fonts/ and pictures/."""
    return root() / "assets"


def lessons_file(lessons: Path, name: str) -> Path:
    """``lessons/name`` (bands.yaml, resources.yaml) if that folder has it, else the built-in one."""
    own = lessons / name
    return own if own.exists() else lessons_dir() / name


def default_lessons() -> Path:
    """The lessons a command uses when none are named: ``lessons/`` in the working folder if any, else the built-in."""
    here = Path("lessons")
    return here if here.is_dir() else lessons_dir()
