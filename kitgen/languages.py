"""Which languages kits and letters are made in: lessons/languages.yaml, read and checked."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from babel import Locale, UnknownLocaleError

from kitgen.errors import Pos, Problem
from kitgen.ids import id_problem
from kitgen.model import Language, node

LANGUAGES_FILE = "languages.yaml"
#: The font that prints Latin text (and is the kit font); a right-to-left letter prints Latin runs in it.
LATIN_FONT = "Liberation Sans"


@node
class LanguagesFile:
    """The top of ``languages.yaml``."""

    languages: list[Language]  # the languages kits or parent letters are made in


def font_files(family: str) -> tuple[str, str]:
    """The regular and bold TrueType files of a font family in assets/fonts/."""
    stem = family.replace(" ", "")
    return f"{stem}-Regular.ttf", f"{stem}-Bold.ttf"


def language_problems(languages: list[Language], fonts_dir: Path) -> list[Problem]:
    """What is wrong with the languages as a whole and with each one's tag and font."""
    problems = []
    for language in languages:
        bad_id = id_problem(language.code, "language")
        if bad_id:
            problems.append(Problem(language.positions.get("code", language.pos), bad_id))
        try:
            Locale.parse(language.tag, sep="-")
        except (ValueError, UnknownLocaleError):
            problems.append(Problem(
                language.positions.get("tag", language.pos),
                f"'{language.tag}' is not a language tag kitgen knows (BCP 47, e.g. nl-NL, tr-TR, ar)",
            ))
        missing = [name for name in font_files(language.font) if not (fonts_dir / name).is_file()]
        if missing and fonts_dir.is_dir():  # an assets folder without fonts/ makes no PDFs to check them for
            problems.append(Problem(
                language.positions.get("font", language.pos),
                f"font '{language.font}': put {' and '.join(missing)} (with its licence) in {fonts_dir}",
            ))
    if languages and not any(language.purpose == "kit" for language in languages):
        problems.append(Problem(languages[0].pos, "at least one language needs 'purpose: kit'"))
    return problems


def kit_word_files(languages_file: Path, languages: list[Language]) -> dict[str, str]:
    """Each language's ``locale/<code>.po`` beside ``languages_file``, where the folder has one."""
    folder = languages_file.parent / "locale"
    found = {lang.code: folder / f"{lang.code}.po" for lang in languages}
    return {code: str(path.resolve()) for code, path in found.items() if path.is_file()}


def kit_word_problems(files: dict[str, str], shown: Callable[[Path], str]) -> list[Problem]:
    """What is wrong with a lessons folder's own kit-word catalogues: unreadable, or a translation whose
    {names} kitgen does not fill in (``shown``: a path as messages name it)."""
    import io
    import string

    from babel.messages.pofile import PoFileError, read_po

    problems = []
    for code, path in sorted(files.items()):
        where = shown(Path(path))
        try:
            data = Path(path).read_bytes()
            catalogue = read_po(io.BytesIO(data), abort_invalid=True)
        except (OSError, UnicodeDecodeError, PoFileError, ValueError) as exc:
            line = getattr(exc, "lineno", 0) or 0
            problems.append(Problem(Pos(where, line, 1 if line else 0),
                                    f"not a gettext catalogue kitgen can read ({exc}); make it with "
                                    f"`pybabel init -i <kitgen>/locale/kit.pot -l {code}` and a PO editor"))
            continue
        fields = string.Formatter()
        lines = data.decode("utf-8", "replace").splitlines()
        for message in catalogue:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = {name for text in ids for _, name, _, _ in fields.parse(text) if name}
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            try:
                used = {name for text in texts for _, name, _, _ in fields.parse(text) if name}
            except ValueError as exc:  # an unmatched { or }
                used = {f"(broken braces: {exc})"}
            if used - wanted:
                # the msgstr's line (Babel knows the msgid's)
                line = next((n for n in range(message.lineno or 1, len(lines) + 1)
                             if lines[n - 1].startswith("msgstr")), message.lineno or 0)
                problems.append(Problem(
                    Pos(where, line, 1 if line else 0),
                    f"the {code} translation of '{message.context}' uses "
                    f"{', '.join('{' + name + '}' for name in sorted(used - wanted))}, which kitgen does not fill in"
                    + (f"; use {', '.join('{' + name + '}' for name in sorted(wanted))}" if wanted else
                       "; leave it out"),
                ))
    return problems


def ordered(languages: list[Language]) -> list[Language]:
    """Kit languages first, each group in the file's order."""
    return [lang for lang in languages if lang.purpose == "kit"] + [lang for lang in languages if lang.purpose != "kit"]


def language_codes(lessons_dir: Path) -> list[str]:
    """The codes languages.yaml names (the folder's, else the built-in one), read leniently for settings checks."""
    import yaml

    from kitgen.builtin import lessons_file

    try:
        data = yaml.safe_load(lessons_file(lessons_dir, LANGUAGES_FILE).read_text(encoding="utf-8"))
        return [str(item["code"]) for item in data["languages"]]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return []  # a broken file is reported where it is loaded
