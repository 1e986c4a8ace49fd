"""The self-study view in a real browser: `make study`'s server (the kit's Voila with the
`aligned-study` template), real headless Chromium. One server for the module."""

from __future__ import annotations

import json
import re

import pytest

from conftest import open_page, start_voila

pytestmark = pytest.mark.browser

LESSON = "/voila/render/fundamentals/smart-goals.ipynb"
HUB = "/voila/render/index.ipynb"
# Facilitation notes of the smart-goals lesson: never in the self-study page, not even hidden.
FACILITATION = ("Cutting to time", "How to run it", "Walk the room during the warm-up",
                "Ask the room first", "| Block | Minutes |")
ANSWER = "the builder's verdicts"


@pytest.fixture(scope="module")
def study_server(tmp_path_factory):
    state = tmp_path_factory.mktemp("study-state")
    # As `make study` runs it: the same server, the self-study template by a flag.
    server = start_voila(tmp_path_factory.mktemp("study"),
                         extra_args=("--VoilaConfiguration.template=aligned-study",),
                         env_extra={"ALIGNED_STATE_DIR": str(state)})
    server.state = state
    yield server
    server.stop()


def test_answers_sit_behind_a_closed_fold_that_opens_by_keyboard_and_notes_are_absent(page, study_server):
    open_page(page, study_server.url + LESSON, server=study_server)
    page.get_by_role("button", name="Check my answers").wait_for()  # the last cell has run
    folds = page.locator("details.aligned-study-answers")
    assert folds.count() >= 3
    assert folds.evaluate_all("all => all.filter(d => d.open).length") == 0  # closed, every one
    html = page.content()
    for note in FACILITATION:
        assert note not in html, note
    assert "Instructor notes:" not in html
    verdicts = page.get_by_text(ANSWER)
    assert verdicts.count() == 1 and not verdicts.is_visible()
    fold = folds.filter(has_text=ANSWER)
    summary = fold.locator("summary")
    assert summary.inner_text().startswith("Show after you try")
    summary.focus()
    page.keyboard.press("Enter")
    assert fold.evaluate("d => d.open") and verdicts.is_visible()
    page.keyboard.press("Enter")
    assert not fold.evaluate("d => d.open")
    assert folds.evaluate_all("all => all.filter(d => d.open).length") == 0
    assert page.watch.external_requests == [] and page.watch.console_errors == []


def test_the_page_header_links_the_hub_progress_and_the_glossary(page, study_server):
    open_page(page, study_server.url + LESSON + "?template=aligned-study", server=study_server)
    bar = page.get_by_role("navigation", name="Self-study")
    assert bar.get_by_role("link", name="My plan").get_attribute("href") == "../index.ipynb#my-plan"
    glossary = bar.get_by_role("link", name="Glossary")
    assert glossary.get_attribute("href") == "../index.ipynb#glossary"
    glossary.focus()  # the self-study choice travels with the link (JupyterHub's door)
    assert re.search(r"/index\.ipynb\?template=aligned-study#glossary$", glossary.get_attribute("href"))
    assert page.watch.console_errors == []
    failed = []
    page.on("response", lambda r: failed.append((r.request.method, r.url)) if r.status >= 400 else None)
    glossary.press("Enter")
    page.wait_for_url(re.compile(r"index\.ipynb\?template=aligned-study#glossary$"))
    page.locator("#glossary dt", has_text="Kendall's W").wait_for()
    assert page.watch.external_requests == []
    # Leaving a Voila page in the same tab makes Voila's own page script ask the server to shut its
    # kernel down, which the server refuses (403, no XSRF token; the kernel is culled when idle).
    # That refusal is Voila's, on every page left this way; nothing else may fail.
    assert all(method == "POST" and "/voila/api/shutdown/" in url for method, url in failed), failed
    # (Its console line may or may not be logged before the old page goes.)
    assert len(page.watch.console_errors) <= len(failed)
    assert all("status of 403" in error for error in page.watch.console_errors)


def test_the_hub_shows_progress_and_forgets_it_after_a_confirm(page, study_server):
    # Opening a lesson records it: its knowledge check is created for a reader.
    open_page(page, study_server.url + LESSON, server=study_server)
    page.get_by_role("button", name="Check my answers").wait_for()
    saved = json.loads((study_server.state / "progress.json").read_text(encoding="utf-8"))
    assert "opened" in saved["lessons"]["smart-goals"]
    hub = page.context.new_page()  # a tab of its own: leaving the lesson would shut its kernel down
    open_page(hub, study_server.url + HUB, server=study_server)
    page = hub
    panel = page.locator(".aligned-progress")
    panel.get_by_text("You have finished 0 of 17 lessons and opened 1.").wait_for()
    assert "Next suggested lesson" in panel.inner_text()
    assert page.get_by_text("min on your own", exact=False).count() >= 17
    forget = page.get_by_role("button", name="Forget my progress")
    forget.focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Yes, forget it")
    confirm.wait_for()
    assert (study_server.state / "progress.json").exists()  # asking deletes nothing
    confirm.focus()
    page.keyboard.press("Enter")
    panel.get_by_text("You have not opened any of the 17 lessons yet.").wait_for()
    assert not (study_server.state / "progress.json").exists()
    assert page.watch.external_requests == [] and page.watch.console_errors == []
