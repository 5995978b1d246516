"""The web page in a real browser: Debian's Chromium driven by Selenium, axe-core for accessibility.

Skipped only where Chromium is not installed (scripts/test.sh installs it, with chromium-driver and axe-core).
Screenshots go to build/screenshots/ for a person to look at.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("Chromium and chromium-driver are not installed (scripts/test.sh installs them)", allow_module_level=True)
pytest.importorskip("selenium")
uvicorn = pytest.importorskip("uvicorn")

from pptx import Presentation  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from webkit import PROJECT_ROOT, FORM, lessons_with_more_languages  # noqa: E402

from kitgen.web.app import create_app  # noqa: E402
from kitgen.web.server import make_maker  # noqa: E402

AXE = PROJECT_ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = PROJECT_ROOT / "build" / "screenshots"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars")


@contextlib.contextmanager
def serving(lessons_dir: Path):
    """The app over ``lessons_dir`` on a free loopback port, served by uvicorn in a thread."""
    maker = make_maker(lessons_dir, workers=0)
    app = create_app(maker, rate_limit=0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        maker.close()


@pytest.fixture(scope="module")
def server():
    with serving(PROJECT_ROOT / "lessons") as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--lang=nl")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "nl,en",
    })
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()


def axe_violations(driver) -> list[str]:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is missing at {AXE}: scripts/test.sh installs it")
        pytest.skip(f"axe-core is not installed at {AXE}: run scripts/test.sh")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));"
    )


def screenshot(driver, name: str, width: int) -> Path:
    """The whole page at ``width`` pixels wide, saved for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 100, 12000))
    path = SHOTS / f"{name}-{width}.png"
    driver.save_screenshot(str(path))
    wide = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{name} at {width} px scrolls sideways by {wide} px"
    driver.set_window_size(1280, 900)
    return path


def fill_form(driver, form: dict = FORM) -> None:
    driver.find_element(By.CSS_SELECTOR, f"label[for=lesson-{form['lesson']}]").click()
    driver.find_element(By.CSS_SELECTOR, f"label[for=band-{form['band']}]").click()
    driver.find_element(By.ID, f"lang-{form['lang']}").click()
    for lang in ("nl", "en"):
        box = driver.find_element(By.ID, f"letter-{lang}")
        if box.is_selected() != (lang in form["letter_lang"]):
            box.click()
    for name in ("name", "teacher", "class", "email", "phone", "signature_nl"):
        field = driver.find_element(By.ID, f"f-{name}")
        field.clear()
        field.send_keys(form[name])
    set_date(driver, "f-lesson_date", form["lesson_date"])
    driver.find_element(By.ID, "f-logo").send_keys(str(PROJECT_ROOT / "examples" / "logo.png"))


def submit_with(driver, element_id: str) -> None:
    """Click a button that sends a form, and wait for the page that answers."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, element_id).click()
    WebDriverWait(driver, 60).until(expected_conditions.staleness_of(old_page))


def set_date(driver, element_id: str, iso: str) -> None:
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, iso)


def wait_for_file(folder: Path, suffix: str, timeout: float = 90) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def test_teacher_fills_in_previews_and_downloads_the_kit(server, browser, downloads):
    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert axe_violations(browser) == []
    screenshot(browser, "form", 1280)
    screenshot(browser, "form", 390)
    screenshot(browser, "form", 320)
    fill_form(browser)
    submit_with(browser, "preview-button")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Voorbeeld van het lespakket"
    slides = browser.find_elements(By.CSS_SELECTOR, ".thumbs.slides img")
    pages = browser.find_elements(By.CSS_SELECTOR, ".thumbs:not(.slides) img")
    assert slides and pages
    drawn = browser.execute_script("return [...document.images].filter(i => i.complete && i.naturalWidth > 0).length")
    assert drawn == len(browser.find_elements(By.TAG_NAME, "img"))  # every thumbnail could be drawn
    assert axe_violations(browser) == []
    screenshot(browser, "preview", 1280)
    screenshot(browser, "preview", 390)
    screenshot(browser, "preview", 320)
    browser.find_element(By.ID, "download-zip").click()
    kit_zip = wait_for_file(downloads, ".zip")
    kit = zipfile.ZipFile(kit_zip)
    names = kit.namelist()
    assert "grooming-10-12-nl-slides.pptx" in names and "grooming-10-12-en-letter.pdf" in names
    deck = Presentation(io.BytesIO(kit.read("grooming-10-12-nl-slides.pptx")))
    assert len(deck.slides) == len(slides)
    assert "Sanne de Vries" in kit.read("grooming-10-12-nl-letter-text.txt").decode("utf-8")


def test_upload_school_yaml_then_download(server, browser, downloads):
    browser.get(server + "/?ui=en")
    browser.find_element(By.CSS_SELECTOR, "label[for=lesson-sharing-photos]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=band-8-10]").click()
    browser.find_element(By.ID, "f-school_file").send_keys(str(PROJECT_ROOT / "examples" / "school.yaml"))
    submit_with(browser, "load-button")
    assert browser.find_element(By.ID, "f-name").get_attribute("value") == "Basisschool De Regenboog"
    assert browser.find_element(By.ID, "lesson-sharing-photos").is_selected()  # the choice is kept
    assert axe_violations(browser) == []
    submit_with(browser, "preview-button")
    assert "Preview of the kit" in browser.find_element(By.TAG_NAME, "h1").text
    for old in downloads.iterdir():
        old.unlink()
    browser.find_element(By.CSS_SELECTOR, "button[value='sharing-photos-8-10-en-letter-text.txt']").click()
    letter = wait_for_file(downloads, "letter-text.txt")
    assert "Sanne de Vries" in letter.read_text(encoding="utf-8")


def test_mistakes_are_shown_and_accessible(server, browser):
    browser.get(server + "/?ui=en")
    fill_form(browser, {**FORM, "email": "not-an-address"})
    browser.execute_script("document.getElementById('f-email').type = 'text'")  # past the browser's own check
    submit_with(browser, "preview-button")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "'email' must be an e-mail address like name@school.nl, not 'not-an-address'" in summary
    assert browser.find_element(By.ID, "f-email").get_attribute("aria-invalid") == "true"
    assert axe_violations(browser) == []
    screenshot(browser, "mistakes", 390)


def test_error_pages_are_accessible(server, browser):
    browser.get(server + "/no-such-page")
    assert "bestaat niet" in browser.find_element(By.TAG_NAME, "h1").text
    assert axe_violations(browser) == []


def press(driver, *keys) -> None:
    """Keys pressed on the keyboard, going to whatever has the focus."""
    ActionChains(driver).send_keys(*keys).perform()


def focused_id(driver) -> str:
    return driver.execute_script("return document.activeElement ? document.activeElement.id : ''")


def tab_to(driver, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(limit):
        if focused_id(driver) == element_id:
            return
        press(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached #{element_id}")


def test_keyboard_only(server, browser):
    browser.get(server + "/?ui=en")
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"  # the first stop skips to the form
    tab_to(browser, "lesson-friend-requests")
    press(browser, Keys.ARROW_RIGHT)  # radio groups move with the arrow keys
    assert browser.find_element(By.ID, "lesson-grooming").is_selected()
    tab_to(browser, "band-8-10")
    press(browser, Keys.SPACE)
    assert browser.find_element(By.ID, "band-8-10").is_selected()
    tab_to(browser, "letter-ar")  # a letter language is a checkbox like the others
    press(browser, Keys.SPACE)
    assert browser.find_element(By.ID, "letter-ar").is_selected()
    for name in ("name", "teacher", "class", "email", "phone"):
        tab_to(browser, f"f-{name}")
        press(browser, FORM[name])
    tab_to(browser, "f-lesson_date")
    press(browser, "12032026")  # typed into the date field's parts
    if not browser.find_element(By.ID, "f-lesson_date").get_attribute("value"):
        set_date(browser, "f-lesson_date", "2026-12-03")
    tab_to(browser, "f-phone")
    old_page = browser.find_element(By.TAG_NAME, "html")
    press(browser, Keys.ENTER)  # Enter sends the form with its first button: preview
    WebDriverWait(browser, 60).until(expected_conditions.staleness_of(old_page))
    assert "Preview of the kit" in browser.find_element(By.TAG_NAME, "h1").text
    tab_to(browser, "download-zip")


def test_letter_languages_with_their_status_preview_and_download(server, browser, downloads):
    browser.get(server + "/?ui=nl")
    status = browser.find_element(By.ID, "letter-ar-status").text
    assert status == "Concept — nog niet nagekeken door een moedertaalspreker"
    assert browser.find_element(By.CSS_SELECTOR, "label[for=letter-ar] span[lang=ar]").get_attribute("dir") == "rtl"
    fill_form(browser)
    for lang in ("tr", "ar"):
        browser.find_element(By.CSS_SELECTOR, f"label[for=letter-{lang}]").click()  # the label chooses it
        assert browser.find_element(By.ID, f"letter-{lang}").is_selected()
    assert axe_violations(browser) == []
    screenshot(browser, "letter-langs", 1280)
    screenshot(browser, "letter-langs", 320)
    submit_with(browser, "preview-button")
    arabic = browser.find_element(By.CSS_SELECTOR, ".letter-text[lang=ar]")
    assert arabic.get_attribute("dir") == "rtl"
    browser.execute_script("arguments[0].closest('details').open = true", arabic)
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", arabic) == "rtl"
    statuses = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".file .status-draft")]
    assert len(statuses) == 8  # four letter files in each of the two draft languages
    assert axe_violations(browser) == []
    screenshot(browser, "letter-langs-preview", 1280)
    screenshot(browser, "letter-langs-preview", 390)
    for old in downloads.iterdir():
        old.unlink()
    browser.find_element(By.ID, "download-zip").click()
    kit = zipfile.ZipFile(wait_for_file(downloads, ".zip"))
    names = kit.namelist()
    assert "grooming-10-12-tr-letter.pdf" in names and "grooming-10-12-ar-letter-eml.eml" in names
    assert 'dir="rtl"' in kit.read("grooming-10-12-ar-letter-html.html").decode("utf-8")


def test_a_letter_language_without_the_chosen_letter_cannot_be_chosen(browser, tmp_path):
    with serving(lessons_with_more_languages(tmp_path)) as url:
        browser.get(url + "/?ui=en")
        assert not browser.find_elements(By.ID, "letter-so")  # no letter of it is translated
        german = browser.find_element(By.ID, "letter-de")
        assert "Not yet for: Not everyone is who they say" in browser.find_element(By.ID, "letter-de-gaps").text
        browser.find_element(By.CSS_SELECTOR, "label[for=lesson-grooming]").click()
        browser.find_element(By.CSS_SELECTOR, "label[for=band-10-12]").click()
        german.click()
        assert german.is_enabled() and german.is_selected()
        browser.find_element(By.CSS_SELECTOR, "label[for=band-8-10]").click()  # grooming 8-10 has no German letter
        assert not german.is_enabled() and not german.is_selected()
        assert browser.find_element(By.ID, "letter-fy").is_enabled()
        assert axe_violations(browser) == []
        screenshot(browser, "letter-langs-partial", 1280)
