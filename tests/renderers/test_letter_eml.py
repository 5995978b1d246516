"""The parent letter as an e-mail draft, parsed back with the standard library's email.parser."""
from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.i18n import LANGUAGES
from kitgen.renderers import KINDS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SCHOOL = PROJECT_ROOT / "examples" / "school.yaml"


def _emls(out: Path) -> dict[tuple[str, str, str], Path]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {(a["lesson"], a["band"], a["lang"]): out / a["path"]
            for a in manifest["artifacts"] if a["kind"] == "letter-eml"}


@pytest.fixture(scope="module")
def with_school(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("eml") / "out"
    result = CliRunner().invoke(main, ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(out),
                                       "--lesson", "grooming", "--school", str(EXAMPLE_SCHOOL), "-j", "1"])
    assert result.exit_code == 0, result.output
    return out


def _parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_letter_eml_is_a_kind_every_build_makes(built, manifest):
    assert "letter-eml" in KINDS
    assert {a["path"].rsplit(".", 1)[1] for a in manifest["artifacts"] if a["kind"] == "letter-eml"} == {"eml"}


def test_the_e_mail_is_a_draft_with_text_and_html_and_the_logo_inline(with_school):
    emls = _emls(with_school)
    assert emls
    for (lesson, band, lang), path in emls.items():
        message = _parse(path)
        assert message["X-Unsent"] == "1"
        assert message["Content-Language"] == LANGUAGES.get(lang, message["Content-Language"])
        assert message["Content-Language"].split("-")[0] == lang
        assert message["Subject"] and "\n" not in message["Subject"]
        assert message["From"].addresses[0].addr_spec == "s.devries@deregenboog.example"
        assert message.get_content_type() == "multipart/alternative"
        plain, related = message.get_payload()
        assert plain.get_content_type() == "text/plain"
        assert related.get_content_type() == "multipart/related"
        html_part, image = related.get_payload()
        assert html_part.get_content_type() == "text/html" and image.get_content_type() == "image/png"
        cid = image["Content-ID"].strip("<>")
        html = html_part.get_content()
        assert f'src="cid:{cid}"' in html and "data:image" not in html
        assert image.get_content().startswith(b"\x89PNG")
        assert "Basisschool De Regenboog" in html
        if lang in LANGUAGES:  # (a right-to-left text marks its Latin runs)
            assert message["Subject"].strip() in plain.get_content()
        assert message.get_body(preferencelist=("html",)) is html_part


def test_without_a_profile_the_e_mail_has_no_logo_and_marked_placeholders(built, manifest):
    for path in _emls(built).values():
        message = _parse(path)
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.get_payload()] == ["text/plain", "text/html"]
        assert "From" not in message
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "__" not in text and ("[naam van de school]" in text or "[name of the school]" in text)


def test_the_e_mail_is_the_same_bytes_every_build(with_school, tmp_path):
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(out),
                                       "--lesson", "grooming", "--school", str(EXAMPLE_SCHOOL), "-j", "1"])
    assert result.exit_code == 0, result.output
    first, again = _emls(with_school), _emls(out)
    assert all(first[key].read_bytes() == again[key].read_bytes() for key in first)
