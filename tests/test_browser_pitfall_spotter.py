"""The pitfall spotter and the huddle chart as participants meet them: real Voila, real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from conftest import open_page
from widgets.core.pitfalls import PITFALL_GUIDE, PITFALLS, SCENARIOS

pytestmark = pytest.mark.browser

SPOTTER_PATH = "/voila/render/fundamentals/steps-and-pitfalls.ipynb"
PURPOSE_PATH = "/voila/render/fundamentals/purpose-values-trust.ipynb"
LABEL = {key: PITFALL_GUIDE[key].label for key in PITFALLS}
BY_TITLE = {s.title: s for s in SCENARIOS}


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def current_scenario(page):
    """The scenario on screen, found by its title (the order may be shuffled)."""
    heading = page.locator(".aligned-scenario h3")
    heading.wait_for()
    return BY_TITLE[heading.inner_text().strip()]


def test_participant_spots_pitfalls_and_reaches_the_score(page, voila_server):
    open_page(page, voila_server.url + SPOTTER_PATH, server=voila_server)
    page.get_by_text("Scenario 1 of", exact=False).wait_for()
    # Participants see neither code nor instructor notes (which hold the answer key).
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("Answer key", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0

    check = page.get_by_role("button", name=re.compile(r"Check my answer$"))  # not the knowledge check's "...answers"
    next_button = page.get_by_role("button", name=re.compile(r"(Next scenario|See my score)$"))

    # Checking with nothing chosen gives a friendly message, not a traceback.
    check.click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Choose one of the four pitfalls" in alert.inner_text()

    # Scenario 1: the right answer, chosen with the mouse.
    first = current_scenario(page)
    page.get_by_label(LABEL[first.pitfall], exact=True).check()
    check.click()
    feedback = page.locator(".aligned-message-ok")
    feedback.wait_for()
    assert "Correct" in feedback.inner_text()
    assert "Remedy:" in feedback.inner_text()
    assert page.get_by_role("alert").count() == 0
    next_button.click()
    page.get_by_text("Scenario 2 of", exact=False).wait_for()

    # Scenario 2: a wrong answer, chosen from the keyboard (focus, Space, Tab, Enter).
    second = current_scenario(page)
    wrong = next(key for key in PITFALLS if key != second.pitfall)
    radio = page.get_by_label(LABEL[wrong], exact=True)
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()
    check.focus()
    page.keyboard.press("Enter")
    miss = page.locator(".aligned-message-miss")
    miss.wait_for()
    text = miss.inner_text()
    assert "Not quite" in text
    assert LABEL[second.pitfall].lower() in text
    assert PITFALL_GUIDE[second.pitfall].telltale in text
    expect(next_button).to_be_enabled()  # focus() does not wait for it, unlike click()
    next_button.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Scenario 3 of", exact=False).wait_for()

    # The rest: right answers, to reach the score.
    for number in range(3, len(SCENARIOS) + 1):
        page.get_by_text(f"Scenario {number} of", exact=False).wait_for()
        scenario = current_scenario(page)
        page.get_by_label(LABEL[scenario.pitfall], exact=True).check()
        check.click()
        page.locator(".aligned-message-ok").wait_for()
        next_button.click()

    total = len(SCENARIOS)
    summary = page.locator(".aligned-summary")
    summary.wait_for()
    summary_text = summary.inner_text()
    assert f"Your score: {total - 1} of {total}" in summary_text
    assert "Correct answers by pitfall" in summary_text
    assert LABEL[second.pitfall] in summary_text
    assert f"{LABEL[second.pitfall]} named as {LABEL[wrong].lower()}: once." in summary_text

    # Start again: a fresh round.
    page.get_by_role("button", name="Start again").click()
    page.get_by_text("Scenario 1 of", exact=False).wait_for()
    page.locator(".aligned-summary").wait_for(state="detached")
    assert_stayed_offline_and_quiet(page)


def test_huddle_chart_renders_offline_with_its_text_alternative(page, voila_server):
    open_page(page, voila_server.url + PURPOSE_PATH, server=voila_server)
    chart = page.locator(".vega-embed svg").first
    chart.wait_for()
    embed = page.locator(".vega-embed").first
    assert "Two line charts by month" in (embed.get_attribute("aria-label") or "")
    assert chart.get_by_text("Huddle starts").count() == 2
    page.get_by_text("Before the huddle (Jan to Aug): waste", exact=False).first.wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert_stayed_offline_and_quiet(page)
