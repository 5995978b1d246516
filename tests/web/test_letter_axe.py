"""The HTML parent letters in headless Chromium: axe-core finds no violations, best practices included."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("Chromium and chromium-driver are not installed (scripts/test.sh installs them)", allow_module_level=True)
pytest.importorskip("selenium")

from click.testing import CliRunner  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from kitgen.cli import main  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE = PROJECT_ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars")


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(390, 844)  # a phone: where most parents read the letter
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> list[Path]:
    """The HTML letters of one lesson and band, with and without a school profile, in both kit languages and in
    the letter languages (Arabic right to left)."""
    found = []
    for school in (None, PROJECT_ROOT / "examples" / "school.yaml"):
        out = tmp_path_factory.mktemp("html") / "out"
        args = ["build", "--lessons", str(PROJECT_ROOT / "lessons"), "--out", str(out), "--lesson", "grooming",
                "--band", "8-10", "-j", "1"] + [arg for code in ("nl", "en", "tr", "ar", "pl", "uk") for arg in ("--lang", code)]
        result = CliRunner().invoke(main, args + (["--school", str(school)] if school else []))
        assert result.exit_code == 0, result.output
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        found += [out / a["path"] for a in manifest["artifacts"] if a["kind"] == "letter-html"]
    assert len(found) % 6 == 0 and any("-ar-" in path.name for path in found)
    return found


def test_axe_finds_nothing_in_the_html_letters(browser, letters):
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is missing at {AXE}: scripts/test.sh installs it")
        pytest.skip(f"axe-core is not installed at {AXE}: run scripts/test.sh")
    for path in letters:
        browser.get(path.as_uri())
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        violations = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => done(r.violations.map("
            "v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));"
        )
        assert violations == [], (path.name, violations)


def test_the_html_letter_is_built_for_reading(browser, letters):
    for path in letters:
        browser.get(path.as_uri())
        levels = browser.execute_script(
            "return [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);")
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), path.name
        assert browser.execute_script("return document.querySelectorAll('main').length;") == 1
        assert browser.execute_script(
            "return [...document.querySelectorAll('table')].every(t => t.getAttribute('role') === 'presentation');")
        alts = browser.execute_script("return [...document.images].map(i => i.alt);")
        assert all(alt and "Regenboog" not in alt for alt in alts), alts
