"""The bakery case analysis as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import open_page

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/fundamentals/what-is-alignment.ipynb"
DATE = re.compile(r"^2025-\d\d-\d\d$")


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    page.get_by_label("Start date (YYYY-MM-DD)").wait_for()
    page.locator(".aligned-activity .vega-embed svg").first.wait_for()


def test_lesson_renders_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^What alignment is")).first.wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("BakeryCaseAnalysis()").count() == 0
    embed = page.locator(".aligned-activity .vega-embed").first
    assert "Line chart" in embed.get_attribute("aria-label")
    # The chart's visible text alternative and its table.
    assert "highest" in page.locator(".aligned-chart-summary").inner_text()
    assert page.get_by_text("The chart as a table: monthly values").count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_marks_the_recipe_episode_from_the_keyboard(page, voila_server):
    open_lesson(page, voila_server)

    # 1. Bad input: the end before the start. A clear alert, and nothing is added.
    page.get_by_label("Start date (YYYY-MM-DD)").fill("2025-04-13")
    page.get_by_label("End date (YYYY-MM-DD)").fill("2025-03-03")
    page.get_by_label("Whose actions diverged?").select_option(label="Baker")
    page.get_by_label("Extra waste (items)").fill("1100")
    page.get_by_label("Missed large orders").fill("0")
    page.get_by_role("button", name="Add this period").click()
    alert = page.get_by_role("alert").filter(has_text="before the start date")
    alert.wait_for()
    assert page.get_by_text("No periods marked yet.").count() == 1

    # 2. Correct it using only the keyboard: type, Tab between fields, Enter on the buttons.
    start = page.get_by_label("Start date (YYYY-MM-DD)")
    start.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2025-03-03")
    page.keyboard.press("Tab")
    end = page.get_by_label("End date (YYYY-MM-DD)")
    assert end.evaluate("element => element === document.activeElement")
    page.keyboard.press("Control+A")
    page.keyboard.type("2025-04-13")
    add = page.get_by_role("button", name="Add this period")
    add.focus()
    page.keyboard.press("Enter")
    try:
        page.get_by_role("status").filter(has_text="Mark 1 added").wait_for(timeout=60_000)
    except PlaywrightTimeoutError:
        pytest.fail(
            f"No confirmation. Alerts: {page.get_by_role('alert').all_inner_texts()}; "
            f"start {start.input_value()!r}, end {end.input_value()!r}"
        )
    page.get_by_role("button", name="Remove mark 1").wait_for()

    # 3. Check: feedback, a score, and the true episodes drawn on the chart.
    check = page.get_by_role("button", name="Check my analysis")
    check.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="You scored").wait_for()
    feedback = page.locator(".aligned-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Right role: the baker." in text
    assert "Extra waste: close." in text
    assert "Not marked." in text  # the decoration episode was not marked
    page.wait_for_function(
        "() => [...document.querySelectorAll('.aligned-activity .vega-embed')]"
        ".some(e => (e.getAttribute('aria-label') || '').includes('Episodes in the data'))"
    )
    assert_stayed_offline_and_quiet(page)


def test_dragging_across_the_chart_fills_in_the_dates(page, voila_server):
    open_lesson(page, voila_server)
    line = page.locator(".aligned-activity .vega-embed svg g.mark-line path").first
    line.wait_for()
    line.scroll_into_view_if_needed()  # the mouse can only drag what is on screen
    box = line.bounding_box()
    y = box["y"] + box["height"] / 2
    # The line runs from the first to the last week of 2025: drag over roughly March-April.
    page.mouse.move(box["x"] + box["width"] * 0.17, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.30, y, steps=8)
    page.mouse.up()
    page.get_by_text("Dates filled in from your selection").wait_for()
    start = page.get_by_label("Start date (YYYY-MM-DD)").input_value()
    end = page.get_by_label("End date (YYYY-MM-DD)").input_value()
    assert DATE.match(start) and DATE.match(end)
    assert "2025-02-15" < start < end < "2025-05-15"
    assert_stayed_offline_and_quiet(page)
