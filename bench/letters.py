"""Benchmark: how long one parent-letter PDF takes per language, the first in a process (cold) and again (warm).

    python bench/letters.py [--rounds 5] [--lang nl --lang ar ...]

Each round is a fresh process that renders one letter PDF per language (the first one also registers fonts and
fills caches) and then the other bands' letters of the same lesson; prints the median milliseconds per letter.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "tr", "ar", "pl", "uk")

ONE_ROUND = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from kitgen.context import BuildContext
from kitgen.loader import load_catalog
from kitgen.renderers.letter.pdf import LetterPdf
from kitgen.renderers.pdfbase import register_fonts
from kitgen.view import make_view

context = BuildContext()
catalog = load_catalog(Path({lessons!r}), context.assets_dir)
register_fonts(context.fonts_dir)
LetterPdf().render(make_view(catalog, catalog.lessons[0], catalog.bands[0].id, "nl"), context)  # imports, kit font
times = {{}}
for lang in {langs!r}:
    lesson = catalog.lessons[0]
    views = [make_view(catalog, lesson, band.id, lang) for band in catalog.bands]
    start = time.perf_counter()
    LetterPdf().render(views[0], context)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for view in views[1:]:
        LetterPdf().render(view, context)
    times[lang] = (cold, (time.perf_counter() - start) / (len(views) - 1))
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lang", action="append", choices=LANGS)
    args = parser.parse_args()
    langs = tuple(args.lang or LANGS)
    code = ONE_ROUND.format(root=str(ROOT), lessons=str(ROOT / "lessons"), langs=langs)
    rounds = [json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                        cwd=ROOT).stdout) for _ in range(args.rounds)]
    print(f"{'language':<10}{'first letter (ms)':>20}{'next letters (ms)':>20}")
    for lang in langs:
        cold = statistics.median(r[lang][0] for r in rounds) * 1000
        warm = statistics.median(r[lang][1] for r in rounds) * 1000
        print(f"{lang:<10}{cold:>20.1f}{warm:>20.1f}")


if __name__ == "__main__":
    main()
