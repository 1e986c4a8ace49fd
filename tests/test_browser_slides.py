"""A deck in real headless Chromium: it advances from the keyboard, the presenter view shows the
instructor notes, and nothing is loaded from outside this computer."""

import functools
import html
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import IN_CI
from widgets.delivery import reveal
from widgets.delivery.lesson import WORKSHOPS, read
from widgets.delivery.slides import build, lesson_slides

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
LESSON = "smart-goals"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_deck(tmp_path_factory):
    """One lesson's deck, served over HTTP on 127.0.0.1 (as a trainer might, or from file://)."""
    if shutil.which("npm") is None and not (ROOT / "build" / "vendor" / f"reveal.js-{reveal.VERSION}.tgz").exists():
        if IN_CI:
            pytest.fail("npm is required in CI to fetch reveal.js")
        pytest.skip("npm is not installed")
    out = tmp_path_factory.mktemp("slides")
    build(out, ROOT / "build" / "vendor", only=[LESSON])
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/fundamentals/{LESSON}.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def open_deck(page, url):
    page.goto(url)
    page.locator("html[data-aligned-deck=ready]").wait_for(state="attached")


def test_the_deck_advances_from_the_keyboard(page, served_deck):
    open_deck(page, served_deck)
    slides = lesson_slides(read(WORKSHOPS / "fundamentals" / f"{LESSON}.ipynb"))
    assert page.evaluate("Reveal.getTotalSlides()") == len(slides)
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 1")
    page.keyboard.press("Space")
    page.wait_for_function("Reveal.getIndices().h === 2")
    assert page.locator("section.present h2").inner_text().startswith(slides[2].title)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("Reveal.getIndices().h === 1")
    page.wait_for_function("location.hash === '#/1'")  # a deck's address names its slide
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def test_the_presenter_view_shows_the_instructor_notes(page, served_deck):
    open_deck(page, served_deck)
    slides = lesson_slides(read(WORKSHOPS / "fundamentals" / f"{LESSON}.ipynb"))
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    notes = speaker.locator(".speaker-controls-notes .value")
    # the title slide's notes are the lesson's timing plan
    notes.filter(has_text="Instructor notes: timing plan").wait_for()
    # the presenter view follows the deck: the next slide with notes shows its notes
    target = next(i for i, slide in enumerate(slides) if i > 0 and slide.notes)
    page.evaluate(f"Reveal.slide({target})")
    heading = re.search(r"<h3>(.+?)</h3>", str(slides[target].notes[0])).group(1)
    notes.filter(has_text=html.unescape(heading)).wait_for()
    assert "timing plan" not in notes.inner_text()
    assert speaker.locator(".speaker-controls-time").count() == 1  # the timer
    # the current and upcoming slides in the presenter view come from this computer too
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []
    speaker.close()
