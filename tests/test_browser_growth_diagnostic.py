"""The growth-phase diagnostic as a participant meets it: real Voila, real headless Chromium."""

import re
from urllib.parse import urljoin

import pytest

from conftest import open_page
from widgets.core import growth
from widgets.core.growth import QUESTIONS, QUESTIONS_BY_KEY

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/intermediate/frameworks-and-growth.ipynb"
SHOW = re.compile("Show my growth phase")
CLEAR = re.compile("Clear my answers")


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def answers_pointing_to(phase):
    chosen = {}
    for question in QUESTIONS:
        options = [o for o in question.options if o.phase == phase] or [
            o for o in question.options if o.phase is None
        ]
        chosen[question.key] = options[0].key
    return chosen


def option(page, question_key, option_key):
    label = QUESTIONS_BY_KEY[question_key].option(option_key).label
    return page.get_by_label(label, exact=True)


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    first = option(page, "headcount", "under_15")
    first.wait_for()
    return first


def test_lesson_hides_notes_and_renders_the_simulation_offline(page, voila_server):
    open_lesson(page, voila_server)
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("GrowthDiagnostic()").count() == 0
    embed = page.locator(".vega-embed[aria-label*='Two line charts by week']")
    embed.locator("svg").first.wait_for()
    assert "is never reached" in embed.get_attribute("aria-label")
    assert_stayed_offline_and_quiet(page)


def test_participant_answers_with_keyboard_and_mouse_and_sees_the_phase(page, voila_server):
    first = open_lesson(page, voila_server)
    show = page.get_by_role("button", name=SHOW)
    answers = answers_pointing_to(2) | {"frustration": "leadership"}
    expected = growth.diagnose(answers)

    # 1. Nothing answered: a friendly alert, no result.
    show.click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Nothing to diagnose yet" in alert.inner_text()
    assert page.locator(".aligned-activity .vega-embed").count() == 0

    # 2. The first three questions from the keyboard: focus, Space; Tab reaches the next option.
    first.focus()
    page.keyboard.press("Tab")
    assert is_focused(option(page, "headcount", "15_50"))
    for key in ("headcount", "age", "layers"):
        radio = option(page, key, answers[key])
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked()

    # 3. The rest with the mouse, except the last question.
    for key in [q.key for q in QUESTIONS][3:-1]:
        option(page, key, answers[key]).check()
    page.get_by_text(f"{len(QUESTIONS) - 1} of {len(QUESTIONS)} questions answered").wait_for()
    show.click()
    page.get_by_role("alert").filter(has_text="not answered yet").wait_for()
    alert_text = page.get_by_role("alert").inner_text()
    assert "11. Growth over the last two years: not answered yet" in alert_text
    assert "3. Management layers" not in alert_text

    # 4. Answer it and press the button with Enter.
    option(page, "pace", answers["pace"]).check()
    show.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Your diagnosis is ready").wait_for()
    summary = page.locator(".aligned-summary").first
    text = summary.inner_text()
    assert f"Phase {expected.phase} of 5: {expected.info.title}" in text
    assert expected.crisis_name in text
    details = page.locator(".aligned-summary").nth(1).inner_text()
    assert "Which answers pointed where" in details
    assert growth.PHASES[expected.phase].moves[0] in details

    # The chart: offline SVG with its text alternative, and the placement in words.
    embed = page.locator(".aligned-activity .vega-embed").first
    embed.locator("svg").first.wait_for()
    assert "Bar chart of the diagnostic" in (embed.get_attribute("aria-label") or "")
    assert embed.get_by_text(re.compile("your phase")).count() == 1

    # The links point to lessons that Voila serves.
    links = page.locator(".aligned-summary a[target='_blank']")
    assert links.count() == len(growth.lessons_for(expected))
    href = links.first.get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200

    # 5. Clear: every answer goes, and so does the result.
    page.get_by_role("button", name=CLEAR).click()
    page.get_by_role("status").filter(has_text="cleared").wait_for()
    assert not option(page, "headcount", answers["headcount"]).is_checked()
    assert page.locator(".aligned-activity .vega-embed").count() == 0
    page.get_by_text(f"0 of {len(QUESTIONS)} questions answered").wait_for()
    assert_stayed_offline_and_quiet(page)
