"""Input files are regular files inside their folder under size limits; logos and slide templates are bounded."""
from __future__ import annotations

import io
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from kitgen import pptxguard
from kitgen.cli import main
from kitgen.errors import KitgenError, ValidationError
from kitgen.pptxguard import clean_pptx
from kitgen.school import load_school
from tests.conftest import SCHOOL_YAML

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"
SLIDES = PROJECT_ROOT / "templates" / "slides.pptx"
ONE_KIT = ("--lesson", "grooming", "--band", "8-10", "--lang", "en", "--jobs", "1", "-q")
PROFILE = SCHOOL_YAML + "logo: logo.png\n"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


def _invoke(*args: str):
    started = time.monotonic()
    result = CliRunner().invoke(main, list(args))
    assert time.monotonic() - started < 60
    assert "Traceback" not in result.output and not isinstance(result.exception, (OSError, MemoryError))
    return result


# --- lessons ------------------------------------------------------------------------------------


def test_a_lesson_linked_to_a_file_outside_is_refused_unread(lesson_tree, tmp_path):
    lessons = lesson_tree()
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
    (lessons / "shadow.yaml").symlink_to(secret)
    result = _invoke("check", "--lessons", str(lessons))
    assert result.exit_code == 1
    assert "shadow.yaml: it is a link to a file outside" in result.output
    assert "secret-hash" not in result.output


@posix_only
def test_a_lesson_that_is_a_pipe_is_refused_at_once(lesson_tree):
    lessons = lesson_tree()
    os.mkfifo(lessons / "pipe.yaml")
    result = _invoke("check", "--lessons", str(lessons))
    assert result.exit_code == 1 and "pipe.yaml: it is not a regular file" in result.output


def test_a_lesson_may_link_to_a_file_in_its_own_folder(lesson_tree):
    lessons = lesson_tree()
    (lessons / "grooming.yaml").rename(lessons / "grooming.yml.txt")
    (lessons / "grooming.yaml").symlink_to(lessons / "grooming.yml.txt")
    assert _invoke("check", "--lessons", str(lessons)).exit_code == 0


def test_an_alias_bomb_is_refused_quickly(lesson_tree):
    lessons = lesson_tree()
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    (lessons / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")  # 2 KB, 10^13 values
    result = _invoke("check", "--lessons", str(lessons))
    assert result.exit_code == 1 and "expand this file to more than 200000 values" in result.output


# --- school profile and logo --------------------------------------------------------------------


def _profile(tmp_path: Path, logo: bytes | None = None) -> Path:
    folder = tmp_path / "school"
    folder.mkdir(exist_ok=True)
    if logo is not None:
        (folder / "logo.png").write_bytes(logo)
    path = folder / "profile.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels; its (absent) pixels are never reached."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(10_000, 10_000), (20_000, 20_000), (2**31 - 1, 2**31 - 1)])
def test_a_logo_with_too_many_pixels_is_refused_from_its_header(tmp_path, size):
    path = _profile(tmp_path, _png_header(*size))
    with pytest.raises(ValidationError) as caught:
        load_school(path)
    assert "more than 20 million pixels" in str(caught.value)


def test_a_huge_logo_file_is_refused_unread(tmp_path):
    path = _profile(tmp_path)
    with (path.parent / "logo.png").open("wb") as logo:
        logo.truncate(10_000_001)
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        load_school(path)


def test_a_profile_larger_than_64_kb_is_refused(tmp_path):
    path = _profile(tmp_path)
    path.write_text(PROFILE + "#" * 70_000 + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="larger than 64 KB"):
        load_school(path)


def test_a_photo_as_logo_is_embedded_at_its_printed_size(tmp_path):
    photo = Image.effect_noise((4000, 3000), 30).convert("RGB")  # 12 megapixels that hardly compress
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=80)
    assert len(buffer.getvalue()) > 3_000_000
    path = _profile(tmp_path, buffer.getvalue())
    out = tmp_path / "out"
    result = _invoke("build", "--lessons", str(LESSONS), "--out", str(out), "--school", str(path), *ONE_KIT)
    assert result.exit_code == 0, result.output
    (letter,) = out.rglob("*-letter.pdf")
    assert letter.stat().st_size < 600_000  # 45 × 15 mm at 300 dpi, not 12 megapixels


# --- slide templates ----------------------------------------------------------------------------


def _pptx(tmp_path: Path, change) -> Path:
    """A copy of the default slide template with ``change(parts)`` applied to its parts."""
    with zipfile.ZipFile(SLIDES) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    change(parts)
    path = tmp_path / "school.pptx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _build_with(tmp_path: Path, template: Path):
    out = tmp_path / "out"
    return _invoke("build", "--lessons", str(LESSONS), "--out", str(out), "--slides-template", str(template),
                   *ONE_KIT), out


@posix_only
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_slide_template_that_is_not_a_file_is_refused(tmp_path, special):
    if special == "fifo":
        special = tmp_path / "fifo.pptx"
        os.mkfifo(special)
    result, out = _build_with(tmp_path, Path(special))
    assert result.exit_code == 1 and "it is not a regular file" in result.output
    assert not out.exists()


def _bigger_theme(parts):
    parts["ppt/theme/theme1.xml"] += b"<!--" + b" " * 3_000_000 + b"-->"  # packs about 1000:1


def _laughs(parts):
    parts["ppt/theme/theme1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        + parts["ppt/theme/theme1.xml"].split(b"?>", 1)[1]
    )


def _xxe(parts):
    parts["ppt/presProps.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + parts["ppt/presProps.xml"].split(b"?>", 1)[1]
    )


def _layouts(parts):
    for number in range(10, 120):
        parts[f"ppt/slideLayouts/slideLayout{number}.xml"] = parts["ppt/slideLayouts/slideLayout1.xml"]


def _flat_placeholder(parts):
    layout = parts["ppt/slideLayouts/slideLayout1.xml"]
    start = layout.index(b"<a:ext cx", layout.index(b'name="Title"'))
    end = layout.index(b"/>", start)
    parts["ppt/slideLayouts/slideLayout1.xml"] = layout[:start] + b'<a:ext cx="0" cy="0"' + layout[end:]


@pytest.mark.parametrize("change, message", [
    (_bigger_theme, "packs too tightly"),
    (_laughs, "declares a DOCTYPE or entities"),
    (_xxe, "declares a DOCTYPE or entities"),
    (_layouts, "more than 100"),
    (_flat_placeholder, "of size 0"),
])
def test_a_hostile_slide_template_is_a_clean_error(tmp_path, change, message):
    result, out = _build_with(tmp_path, _pptx(tmp_path, change))
    assert result.exit_code == 1 and message in result.output, result.output
    assert not out.exists()


def test_a_slide_template_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pptxguard, "MAX_UNPACKED", 20_000)  # the real limit, 200 MB, works the same way
    with pytest.raises(KitgenError, match="unpacks to more than"):
        clean_pptx(SLIDES.read_bytes(), "slides.pptx")


def test_links_properties_and_comments_of_a_slide_template_stay_out_of_the_decks(tmp_path):
    rels_name = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"

    def plant(parts):
        parts[rels_name] = parts[rels_name].replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'hyperlink" Target="https://tracker.example/pixel" TargetMode="External"/></Relationships>',
        )
        layout = parts["ppt/slideLayouts/slideLayout1.xml"]
        parts["ppt/slideLayouts/slideLayout1.xml"] = layout.replace(
            b"<p:cSld", b'<p:cSld xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', 1
        ).replace(b"<p:cNvPr ", b'<p:cNvPr ', 1)
        parts["docProps/custom.xml"] = (
            b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'custom-properties"><property name="Tracking" fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2">'
            b'<vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b'secret-campaign</vt:lpwstr></property></Properties>'
        )
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
        parts["ppt/commentAuthors.xml"] = b'<?xml version="1.0"?><p:cmAuthorLst xmlns:p="x"><p:cmAuthor name="Mallory-Author"/></p:cmAuthorLst>'

    result, out = _build_with(tmp_path, _pptx(tmp_path, plant))
    assert result.exit_code == 0, result.output
    (deck,) = out.rglob("*-slides.pptx")
    with zipfile.ZipFile(deck) as archive:
        names = archive.namelist()
        everything = b"".join(archive.read(name) for name in names)
    assert b"tracker.example" not in everything and b"secret-campaign" not in everything and b"Mallory-Author" not in everything
    assert "docProps/custom.xml" not in names and "ppt/commentAuthors.xml" not in names
    assert len(Presentation(str(deck)).slides) > 3
