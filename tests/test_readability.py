"""Readability in `kitgen check --report`: the measures, the report's columns and the warnings above a band's limits."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kitgen.cli import main
from kitgen.loader import load_catalog
from kitgen.readability import letter_text, measure, pupil_text

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from
LESSONS = PROJECT_ROOT / "lessons"


def test_sentences_words_and_long_words_are_counted():
    counted = measure(["Een foto kan nep zijn. Vertel het aan iemand!", "Blokkeer het account"])
    assert (counted.sentences, counted.words, counted.long_words) == (3, 12, 2)  # "Blokkeer", "account"
    assert round(counted.words_per_sentence, 1) == 4.0 and round(counted.long_word_share) == 17


def test_every_shipped_kit_reads_within_its_bands_limits():
    catalog = load_catalog(LESSONS, PROJECT_ROOT / "assets")
    for lesson in catalog.lessons:
        for band in catalog.bands:
            for lang in ("nl", "en"):
                pupils = pupil_text(lesson, band.id, lang)
                letter = letter_text(catalog, lesson, band.id, lang)
                assert pupils.words_per_sentence <= band.limits.average_sentence_words, (lesson.id, band.id, lang)
                assert pupils.long_word_share <= band.limits.long_word_share, (lesson.id, band.id, lang)
                assert letter.words_per_sentence <= band.limits.letter_sentence_words < 13, (lesson.id, band.id, lang)


def test_the_report_shows_readability_and_warns_above_a_bands_limit(tmp_path: Path):
    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    bands = (lessons / "bands.yaml").read_text(encoding="utf-8")
    (lessons / "bands.yaml").write_text(bands.replace("average_sentence_words: 8 ", "average_sentence_words: 2 ", 1),
                                        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lessons", str(lessons), "--report"])
    header = result.stdout.splitlines()[0].split()
    assert header[6:9] == ["w/sent", "long%", "letter-w/sent"]
    warned = [line for line in result.stderr.splitlines() if "pupils' sentences average" in line]
    assert warned and all("band 8-10 aims for 2 or fewer" in line for line in warned)
    assert any(line.startswith("lessons/grooming.yaml:") or "grooming.yaml:" in line for line in warned)
    strict = CliRunner().invoke(main, ["check", "--lessons", str(lessons), "--report", "--strict"])
    assert strict.exit_code == 1
