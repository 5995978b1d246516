"""The school details of the web form, checked by the same code and messages as ``kitgen build --school``."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from kitgen.errors import ValidationError
from kitgen.school import LOGO_FORMATS, SchoolProfile, parse_school

#: The form's fields, in the order of the profile file; ``class`` as in school.yaml.
FIELDS = ("name", "teacher", "class", "lesson_date", "letter_date", "email", "phone", "address", "signature_nl",
          "signature_en")
OPTIONAL = frozenset({"letter_date", "address", "signature_nl", "signature_en"})
#: The closing line of the letter per language: one form field each, the profile's ``signature`` mapping.
SIGNATURES = {"signature_nl": "nl", "signature_en": "en"}
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


def profile_yaml(values: dict[str, str]) -> tuple[str, list[str]]:
    """The details as school.yaml text, one key per line, and which field each line holds."""
    lines, owners = [], []
    for name in FIELDS:
        value = values.get(name, "")
        if name in SIGNATURES or (name in OPTIONAL and not value.strip()):
            continue
        lines.append(f"{name}: {quoted(value)}")
        owners.append(name)
    signatures = {SIGNATURES[name]: values[name] for name in SIGNATURES if values.get(name, "").strip()}
    if signatures:
        lines.append("signature: {" + ", ".join(f"{lang}: {quoted(line)}" for lang, line in signatures.items()) + "}")
        owners.append(next(name for name in SIGNATURES if values.get(name, "").strip()))
    return "\n".join(lines) + "\n", owners


def check_school(values: dict[str, str], logo: tuple[str, bytes] | None, fonts_dir: Path) -> SchoolCheck:
    """Check every field and the logo; messages are the CLI's, keyed by field."""
    result = SchoolCheck()
    for name in FIELDS:
        if len(values.get(name, "")) > MAX_FIELD:
            result.add(name, f"'{name}' is longer than {MAX_FIELD} characters; shorten it")
    logo_data = check_logo(*logo, result) if logo else None
    if result.errors:
        return result
    text, owners = profile_yaml(values)
    try:
        profile = parse_school(text.encode("utf-8"), FORM_NAME, fonts_dir)
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


def load_profile_file(filename: str, data: bytes, fonts_dir: Path) -> tuple[dict[str, str], list[str]]:
    """The form's values from an uploaded school.yaml, or its problems as ``school.yaml:line:col: message``."""
    shown = Path(filename or "school.yaml").name or "school.yaml"
    if len(data) > MAX_PROFILE_BYTES:
        return {}, [f"{shown}: the file is larger than 64 KB; a school profile is far smaller"]
    try:
        profile = parse_school(data, shown, fonts_dir)
    except ValidationError as error:
        return {}, [str(problem) for problem in error.problems]
    return profile_values(profile), []


def profile_values(profile: SchoolProfile) -> dict[str, str]:
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
        **{name: profile.signature_for(code) or "" for name, code in SIGNATURES.items()},
    }


def school_yaml(values: dict[str, str], heading: str) -> str:
    """The details as a school.yaml to keep for next time (``kitgen build --school`` reads it too)."""
    text, _ = profile_yaml(values)
    comment = "".join(f"# {line}\n" for line in heading.splitlines())
    return comment + text
