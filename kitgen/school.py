"""A school profile (--school FILE.yaml): who sends the parent letter, to which class, and when."""
from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PIL import Image, UnidentifiedImageError

from kitgen.checks import resolve_asset
from kitgen.errors import Pos, Problem, ValidationError
from kitgen.glyphs import FONT_NAME, describe, font_characters, missing_glyphs
from kitgen.i18n import LANGUAGE_NAMES, LANGUAGES
from kitgen.inputfile import LOGO_BYTES, PROFILE_BYTES, InputFileError, check_input, size_text
from kitgen.loader import display_path
from kitgen.model import Text, node
from kitgen.schema import INVALID, Converter
from kitgen.yamlsource import parse_yaml, read_yaml

#: Most pixels a logo may have; it is checked from the file's header, before anything is decoded.
MAX_LOGO_PIXELS = 20_000_000
#: Image formats a logo may have (reportlab and every mail client can show them).
LOGO_FORMATS = ("PNG", "JPEG")

#: An e-mail address, and nothing a mailto: link would read as more (``?subject=``, ``&body=``, ``#``).
_EMAIL = re.compile(r"[^@\s?#/\\<>\",;:%]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
MAX_CLASS_CHARS = 60
#: Longest value per key: they end up in file properties (255 characters) and a zip's file name.
MAX_CHARS = {"name": 100, "teacher": 100, "email": 100, "phone": 40, "address": 100}


@node
class _ProfileKeys:
    """Every key of the profile file except ``class``, which cannot be a Python field name."""

    name: str
    teacher: str
    lesson_date: dt.date
    email: str
    phone: str
    letter_date: dt.date | None = None  # the date printed on the letter; without it, a line to fill in
    logo: str | None = None  # relative to the profile's folder
    address: str | None = None  # one line under the school's name in the letterhead

    OTHER_KEYS = ("class", "signature")  # read apart: `class` cannot be a field name, a signature may be per language


@dataclass(frozen=True)
class SchoolProfile:
    """A validated school profile; ``logo`` is the resolved image file."""

    name: str
    teacher: str
    class_name: str  # the ``class`` key, e.g. "groep 7b"
    lesson_date: dt.date
    email: str
    phone: str
    letter_date: dt.date | None = None
    logo: Path | bytes | None = None  # a file, or a PNG/JPEG image's bytes (the web page's upload)
    #: The school's address on one line ("Voorbeeldstraat 12, 1234 AB Utrecht"), printed under its name.
    address: str | None = None
    #: The closing line that replaces the default "Kind regards,", for the languages it is written in
    #: (a language it has no text for keeps the default).
    signature: Text | None = None
    language: str = "nl"  # the language a value written once (not per language) is in
    #: What the profile leaves unsaid for a language, e.g. a signature only in Dutch; `check`/`build` print them.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    pos: Pos | None = field(default=None, compare=False)

    def signature_for(self, lang: str) -> str | None:
        """The closing line for ``lang``, or None to keep the letter's default."""
        return self.signature.values.get(lang) if self.signature is not None else None


def load_school(path: Path, fonts_dir: Path | None = None) -> SchoolProfile:
    """Read and validate a school profile; raise ValidationError listing every problem.

    With ``fonts_dir``, also refuse characters the letter's PDF font cannot print.
    """
    shown = display_path(path)
    root, problems = read_yaml(path, shown, limit=PROFILE_BYTES)
    return _profile(root, problems, shown, path.parent, fonts_dir)


def parse_school(raw: bytes, shown: str, fonts_dir: Path | None = None) -> SchoolProfile:
    """A school profile from bytes (the web page's form or upload), validated as :func:`load_school` does.

    There is no folder to find a logo file in, so a ``logo`` key is ignored: the caller adds the image.
    """
    if len(raw) > PROFILE_BYTES:
        raise ValidationError([Problem(Pos(shown), f"the file is larger than {size_text(PROFILE_BYTES)}")])
    root, problems = parse_yaml(raw, shown)
    return _profile(root, problems, shown, None, fonts_dir)


def _profile(root, problems, shown: str, folder: Path | None, fonts_dir: Path | None) -> SchoolProfile:
    if root is None or problems:
        raise ValidationError(problems)
    conv = Converter(shown)
    pairs = conv.pairs(root, "the school profile")
    if pairs is None:
        raise ValidationError(conv.problems)
    class_pair, signature_pair = pairs.pop("class", None), pairs.pop("signature", None)
    language = _language(conv, pairs.pop("language", None))
    class_name = _class_name(conv, class_pair, root)
    signature = _signature(conv, signature_pair, language)
    keys = conv.fields(_ProfileKeys, pairs, conv.pos(root), "the school profile")
    # Checked on the values as written, so these problems are reported even when another key is wrong.
    given = {name: value for name, (_, value) in pairs.items() if _is_text(value)}
    _check_filled_in(conv, given)
    logo = _logo(conv, given["logo"].value, given["logo"], folder) if "logo" in given and folder else None
    if fonts_dir is not None:
        printed = [value for name, value in given.items() if name != "logo"]
        for pair in (class_pair, signature_pair):
            if pair is not None:
                printed += [v for _, v in pair[1].value] if isinstance(pair[1], yaml.MappingNode) else [pair[1]]
        _check_glyphs(conv, printed, fonts_dir)
    if conv.problems:
        raise ValidationError(conv.problems)
    return SchoolProfile(
        name=keys.name.strip(),
        teacher=keys.teacher.strip(),
        class_name=class_name,
        lesson_date=keys.lesson_date,
        email=keys.email.strip(),
        phone=keys.phone.strip(),
        letter_date=keys.letter_date,
        logo=logo,
        address=" ".join(keys.address.split()) if keys.address else None,
        signature=signature,
        language=language,
        warnings=tuple(_missing_languages(signature, "signature")),
        pos=keys.pos,
    )


def _check_filled_in(conv: Converter, given: dict[str, yaml.ScalarNode]) -> None:
    """Required values are not blank, the address is one line, and the e-mail address looks like one."""
    for name in ("name", "teacher", "email", "phone"):
        if name in given and not given[name].value.strip():
            conv.error(given[name], f"'{name}' is empty; write a value")
    address = given.get("address")
    if address is not None and not address.value.strip():
        conv.error(address, "'address' is empty; write the school's address on one line or leave the key out")
    elif address is not None and len(address.value.strip().splitlines()) > 1:
        conv.error(address, "'address' must be one line, such as \"Voorbeeldstraat 12, 1234 AB Utrecht\"; "
                            "separate its parts with commas")
    for name, limit in MAX_CHARS.items():
        if name in given and len(given[name].value.strip()) > limit:
            conv.error(given[name], f"'{name}' is {len(given[name].value.strip())} characters long; "
                                    f"keep it to {limit}")
    email = given.get("email")
    if email is not None and email.value.strip() and not _EMAIL.match(email.value.strip()):
        conv.error(email, f"'email' must be an e-mail address like name@school.nl, not '{email.value}' "
                          "(no spaces, and nothing after the address such as ?subject=)")


def _check_glyphs(conv: Converter, printed: list, fonts_dir: Path) -> None:
    """Every value the letter prints must be printable in the PDF font."""
    printable = font_characters(fonts_dir)
    for value in printed:
        if not _is_text(value):
            continue
        missing = missing_glyphs(value.value, printable)
        if missing:
            chars = ", ".join(describe(ch) for ch in missing)
            conv.error(value, f"{chars} cannot be printed in the letter's font {FONT_NAME}; replace or remove it")


def _is_text(node) -> bool:
    """A single value that was written (not a list, a mapping or left empty)."""
    return isinstance(node, yaml.ScalarNode) and not (node.tag.endswith(":null") and node.style is None)


def _class_name(conv: Converter, pair, root) -> str:
    if pair is None:
        conv.error(root, "the school profile is missing the required key 'class'")
        return ""
    value = conv.scalar(pair[1], "'class'")
    if value is INVALID:
        return ""
    if not value.strip():
        conv.error(pair[1], "'class' is empty; write a value")
    elif len(value.strip()) > MAX_CLASS_CHARS:
        conv.error(pair[1], f"'class' is {len(value.strip())} characters long; keep it to {MAX_CLASS_CHARS}")
    return value.strip()


def _language(conv: Converter, pair) -> str:
    """The language values written once are in (``language: nl``); Dutch when the key is left out."""
    if pair is None:
        return "nl"
    value = conv.scalar(pair[1], "'language'")
    if value is INVALID:
        return "nl"
    if value not in LANGUAGES:
        conv.error(pair[1], f"'language' must be one of {', '.join(LANGUAGES)}, not '{value}'")
        return "nl"
    return value


def _signature(conv: Converter, pair, language: str) -> Text | None:
    """A closing line in the profile's language, or ``{nl: ..., en: ...}`` for some or all languages."""
    if pair is None:
        return None
    where = conv.pos(pair[1])
    if isinstance(pair[1], yaml.MappingNode):
        lines = {}
        for code, (key, value) in (conv.pairs(pair[1], "'signature'") or {}).items():
            if code not in LANGUAGES:
                conv.error(key, f"unknown language '{code}' in 'signature'; kits are made in {', '.join(LANGUAGES)}")
                continue
            line = conv.scalar(value, f"the {LANGUAGE_NAMES[code]} text of 'signature'")
            if line is not INVALID and not line.strip():
                conv.error(value, f"the {LANGUAGE_NAMES[code]} text of 'signature' is empty")
            elif line is not INVALID:
                lines[code] = line.strip()
        return Text(lines, pos=where) if lines else None
    line = conv.convert(pair[1], str | None, "'signature'")
    if line is None or line is INVALID:
        return None
    if not line.strip():
        conv.error(pair[1], "'signature' is empty; write a closing line or leave the key out")
        return None
    return Text({language: line.strip()}, pos=where)


def _missing_languages(text: Text | None, key: str) -> list[Problem]:
    """A warning for each kit language a value written in some languages only has no text for."""
    if text is None:
        return []
    given = ", ".join(LANGUAGE_NAMES[code] for code in text.values)
    return [
        Problem(text.pos, f"'{key}' is written in {given} only, so the {LANGUAGE_NAMES[code]} letters use the "
                          f"default closing line; write {key}: {{{', '.join(f'{c}: ...' for c in LANGUAGES)}}} "
                          "to give every language its own")
        for code in LANGUAGES if code not in text.values
    ]


def _logo(conv: Converter, name: str, value_node, folder: Path) -> Path | None:
    """The logo file inside the profile's folder, checked to be a PNG or JPEG image."""
    found = resolve_asset(name, folder)
    if found is None:
        inside = "\x00" not in name and (folder / name).resolve().is_relative_to(folder.resolve())
        if "://" in name or Path(name).is_absolute() or not inside:
            conv.error(value_node, f"logo '{name}' must be a file inside the profile's folder {display_path(folder)}")
        else:
            conv.error(value_node, f"logo '{name}' does not exist in {display_path(folder)}")
        return None
    try:
        check_input(found, LOGO_BYTES)
    except InputFileError as why:
        conv.error(value_node, f"logo '{name}': {why}")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(found) as image:  # reads the header only: the pixel count before decoding anything
                image_format, (width, height) = image.format, image.size
                if width * height <= MAX_LOGO_PIXELS:
                    image.verify()
    except Image.DecompressionBombError:
        image_format, width, height = "PNG", MAX_LOGO_PIXELS, 2  # far too many pixels: reported below
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        image_format = None
    if image_format not in LOGO_FORMATS:
        conv.error(value_node, f"logo '{name}' must be a PNG or JPEG image")
        return None
    if width * height > MAX_LOGO_PIXELS or width <= 0 or height <= 0:
        conv.error(value_node, f"logo '{name}' has more than {MAX_LOGO_PIXELS // 1_000_000} million pixels; "
                               "save a smaller copy (a logo is printed about 4 cm wide)")
        return None
    return found
