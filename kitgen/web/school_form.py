"""The school details of the web form, checked by the same code and messages as ``kitgen build --school``."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from kitgen.errors import ValidationError
from kitgen.model import Language
from kitgen.school import LOGO_FORMATS, SchoolProfile, builtin_languages, parse_school

#: The school's details, in the order of the profile file; ``class`` as in school.yaml.
DETAILS = ("name", "teacher", "class", "lesson_date", "letter_date", "email", "phone", "address")
OPTIONAL = frozenset({"letter_date", "address"})
#: The closing line of the letter per language is one field each (see :func:`signature_field`), after the details.
SIGNATURE_PREFIX = "signature_"


def signature_field(code: str) -> str:
    """The form field of the letter's closing line in language ``code`` (``signature_tr``)."""
    return SIGNATURE_PREFIX + code


def form_fields(languages: Sequence[Language] | None = None) -> tuple[str, ...]:
    """The form's text fields: the details, then a closing line per language (the built-in languages by default)."""
    return DETAILS + tuple(signature_field(language.code) for language in _languages(languages))


def _languages(languages: Sequence[Language] | None) -> Sequence[Language]:
    return builtin_languages() if languages is None else languages


#: The form's text fields with the built-in languages.
FIELDS = form_fields()
#: Longest value a field may have (a school's name is far shorter; the letter must stay one page or two).
MAX_FIELD = 200
#: Upload limits.
MAX_PROFILE_BYTES = 64 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 20_000_000
#: The name problems of the form are reported under (the CLI shows a file name there).
FORM_NAME = "the form"


@dataclass
class SchoolCheck:
    """The outcome of checking the details: a profile, or messages by field ('' for the whole form)."""

    profile: SchoolProfile | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar on one line, whatever characters it holds."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def profile_yaml(values: dict[str, str], languages: Sequence[Language] | None = None) -> tuple[str, list[str]]:
    """The details as school.yaml text, one key per line, and which field each line holds.

    The closing lines filled in go under ``signature:``, one language a line, so a problem is the field's own.
    """
    lines, owners = [], []
    for name in DETAILS:
        value = values.get(name, "")
        if name in OPTIONAL and not value.strip():
            continue
        lines.append(f"{name}: {quoted(value)}")
        owners.append(name)
    signatures = [(language.code, signature_field(language.code)) for language in _languages(languages)]
    signatures = [(code, name) for code, name in signatures if values.get(name, "").strip()]
    if signatures:
        lines.append("signature:")
        owners.append(signatures[0][1])
        for code, name in signatures:
            lines.append(f"  {code}: {quoted(values[name])}")
            owners.append(name)
    return "\n".join(lines) + "\n", owners


def check_school(values: dict[str, str], logo: tuple[str, bytes] | None, fonts_dir: Path,
                 languages: Sequence[Language] | None = None) -> SchoolCheck:
    """Check every field and the logo; messages are the CLI's, keyed by field.

    ``languages``: those of the lessons the page serves (the built-in ones by default), one closing line each.
    """
    result = SchoolCheck()
    for name in form_fields(languages):
        if len(values.get(name, "")) > MAX_FIELD:
            result.add(name, f"'{name}' is longer than {MAX_FIELD} characters; shorten it")
    logo_data = check_logo(*logo, result) if logo else None
    if result.errors:
        return result
    text, owners = profile_yaml(values, languages)
    try:
        profile = parse_school(text.encode("utf-8"), FORM_NAME, fonts_dir, _languages(languages))
    except ValidationError as error:
        for problem in error.problems:
            line = problem.pos.line
            result.add(owners[line - 1] if 0 < line <= len(owners) else "", problem.message)
        return result
    result.profile = replace(profile, logo=logo_data, pos=None)
    return result


def check_logo(filename: str, data: bytes, result: SchoolCheck) -> bytes | None:
    """The logo's bytes if it is a PNG or JPEG within the limits; the size is read before any decoding."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        result.add("logo", f"logo '{filename}' is larger than 2 MB; save it smaller")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=LOGO_FORMATS) as image:  # reads the header only
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    result.add("logo", f"logo '{filename}' has more than 20 megapixels ({width} × {height}); save it smaller")
                    return None
                image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        result.add("logo", f"logo '{filename}' must be a PNG or JPEG image")
        return None
    return data


def load_profile_file(filename: str, data: bytes, fonts_dir: Path,
                      languages: Sequence[Language] | None = None) -> tuple[dict[str, str], list[str]]:
    """The form's values from an uploaded school.yaml, or its problems as ``school.yaml:line:col: message``."""
    shown = Path(filename or "school.yaml").name or "school.yaml"
    if len(data) > MAX_PROFILE_BYTES:
        return {}, [f"{shown}: the file is larger than 64 KB; a school profile is far smaller"]
    try:
        profile = parse_school(data, shown, fonts_dir, _languages(languages))
    except ValidationError as error:
        return {}, [str(problem) for problem in error.problems]
    return profile_values(profile, languages), []


def profile_values(profile: SchoolProfile, languages: Sequence[Language] | None = None) -> dict[str, str]:
    """A profile as the form's field values."""
    return {
        "name": profile.name,
        "teacher": profile.teacher,
        "class": profile.class_name,
        "lesson_date": profile.lesson_date.isoformat(),
        "letter_date": profile.letter_date.isoformat() if profile.letter_date else "",
        "email": profile.email,
        "phone": profile.phone,
        "address": profile.address or "",
        **{signature_field(lang.code): profile.signature_for(lang.code) or "" for lang in _languages(languages)},
    }


def school_yaml(values: dict[str, str], heading: str, languages: Sequence[Language] | None = None) -> str:
    """The details as a school.yaml to keep for next time (``kitgen build --school`` reads it too)."""
    text, _ = profile_yaml(values, languages)
    comment = "".join(f"# {line}\n" for line in heading.splitlines())
    return comment + text
