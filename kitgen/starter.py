"""`kitgen init`: a starting folder with a commented kitgen.toml, a school.yaml to fill in, and optionally the lessons."""
from __future__ import annotations

from pathlib import Path

from kitgen import builtin
from kitgen.errors import KitgenError

CONFIG_TEXT = """\
# kitgen settings for this folder and the folders below it. Options on the command line win;
# `kitgen config` shows what is in force and where each value comes from. Paths are relative to this file.

{lessons_line}
out = "output"                      # where the kits and manifest.json go

# After filling in school.yaml, remove the # below: the parent letters then carry your school's details.
# school = "school.yaml"

# templates = "my-templates"        # a folder with your own letter templates (see the README)
# slides_template = "school.pptx"   # your own slide design
# langs = ["nl", "en"]              # only these languages (default: all)
# bands = ["10-12", "12-14"]        # only these age bands (default: all)
# jobs = 2                          # processes at once (default: one per core)
"""

LESSONS_OWN = 'lessons = "lessons"                 # your lessons (bands.yaml, resources.yaml: else the built-in ones)'
LESSONS_BUILTIN = ('# lessons = "lessons"               # a folder of your own lessons; without it: lessons/ here '
                   'if there is one, else the built-in lessons')

SCHOOL_TEXT = """\
# Your school, for the parent letters: fill in every value, then use it with `kitgen build --school school.yaml`
# or `school = "school.yaml"` in kitgen.toml. Every key but letter_date, address, logo and signature is required.
name: "TODO name of the school"
teacher: "TODO your name"
class: "TODO e.g. groep 7b"
lesson_date: TODO                   # the day of the lesson, as YYYY-MM-DD
# letter_date: 2026-11-26           # the date printed on the letter; without it, a line to write it on
email: "TODO e-mail address for parents"
phone: "TODO phone number for parents"
# address: "Voorbeeldstraat 12, 1234 AB Utrecht"   # one line under the school's name in the letter
# logo: logo.png                    # a PNG or JPEG next to this file
# signature: {nl: "Met vriendelijke groet,", en: "Kind regards,"}
"""


def write_starter(folder: Path, with_lessons: bool = False) -> list[tuple[Path, bool]]:
    """Write the starting files into ``folder``; every (path, whether written), an existing file never replaced."""
    if folder.exists() and not folder.is_dir():
        raise KitgenError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    lessons_line = LESSONS_OWN if with_lessons else LESSONS_BUILTIN
    files = [(folder / "kitgen.toml", CONFIG_TEXT.format(lessons_line=lessons_line).encode("utf-8")),
             (folder / "school.yaml", SCHOOL_TEXT.encode("utf-8"))]
    if with_lessons:
        source = builtin.lessons_dir()
        copied = sorted(source.glob("*.yaml")) + sorted(source.glob("translations/*.yaml"))
        files += [(folder / "lessons" / path.relative_to(source), path.read_bytes()) for path in copied]
    done = []
    for path, data in files:
        done.append((path, _write_new(path, data)))
    return done


def _write_new(path: Path, data: bytes) -> bool:
    """Write ``path`` unless it exists; whether it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("xb") as out:  # "x": never over a file, even one made in the meantime
            out.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise KitgenError(f"cannot write {path}: {exc.strerror}") from None
    return True
