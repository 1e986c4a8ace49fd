"""The mental-model alignment check in the real lesson page: Voila, headless Chromium, keyboard first."""

import re

import pytest

from conftest import open_page
from widgets.core import mental_models as mm

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/shared-mental-models.ipynb"
CHECK = re.compile("Check our alignment")
EXAMPLE = re.compile("Load the example team")


def name_box(page, number):
    return page.get_by_label(f"Person {number}: name", exact=True)


def ranking_box(page, number):
    return page.get_by_label(f"Person {number}: ranking", exact=True)


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    ranking_box(page, 1).wait_for(timeout=120_000)


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def test_lesson_renders_offline_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^Shared mental models")).wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("MentalModelCheck()").count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    # The worked example's chart is drawn offline, with its text alternative.
    example = page.locator(".vega-embed[aria-label*='how the management team ranked']")
    example.locator("svg").first.wait_for(timeout=120_000)
    label = example.get_attribute("aria-label")
    assert "Dot chart of the rank each person gave each item" in label
    assert "The team disagrees most about" in label
    assert_stayed_offline_and_quiet(page)


def test_team_types_rankings_from_the_keyboard_and_sees_where_it_disagrees(page, voila_server):
    open_lesson(page, voila_server)
    check = page.get_by_role("button", name=CHECK)

    # 1. Nothing typed: a friendly alert, and no result.
    check.click()
    alert = page.get_by_role("alert").filter(has_text="Nothing to compare yet")
    alert.wait_for()
    assert page.locator(".aligned-activity .aligned-disagreement").count() == 0

    # 2. Two people from the keyboard: name, Tab, ranking, Tab, the next name...
    rows = [("Ann", "C A B E F G D"), ("Bo", "C A B")]
    name_box(page, 1).focus()
    for number, (name, ranking) in enumerate(rows, start=1):
        assert is_focused(name_box(page, number))
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        assert is_focused(ranking_box(page, number))
        page.keyboard.type(ranking)
        page.keyboard.press("Tab")
    check.click()
    alert = page.get_by_role("alert").filter(has_text="Person 2 (Bo)")
    alert.wait_for()
    assert "D, E, F and G are missing" in alert.inner_text()

    # 3. Fix Bo's row, add a third person by ranks only, and check with Enter.
    rows = [("Ann", "C A B E F G D"), ("Bo", "A B C D E F G"), ("", "2 1 3 4 5 7 6")]
    ranking_box(page, 2).fill(rows[1][1])
    ranking_box(page, 2).press("Tab")
    ranking_box(page, 3).fill(rows[2][1])
    ranking_box(page, 3).press("Tab")
    check.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Checked 3 rankings of 7 priorities")
    status.wait_for()

    frame, problems = mm.parse_team(rows, mm.EXAMPLE_PRIORITIES)
    assert problems == []
    result = mm.concordance(frame)
    expected_first = mm.item_disagreement(frame).iloc[0]["item"]
    summary = page.locator(".aligned-activity .aligned-summary").first
    assert f"Kendall's W = {result.w:.2f}: {result.band.label}" in summary.inner_text()
    assert "Is it more than chance?" in summary.inner_text()

    # The chart: offline SVG with a text alternative naming the most disputed item.
    embed = page.locator(".aligned-activity .vega-embed").first
    embed.locator("svg").first.wait_for()
    assert expected_first in embed.get_attribute("aria-label")
    table = page.locator(".aligned-activity .aligned-disagreement")
    assert table.locator("tbody tr").count() == 7
    assert table.locator("tbody tr").first.get_by_role("rowheader").inner_text() == expected_first
    assert "Person 3" in table.inner_text()
    assert page.get_by_text("Text description of the chart").count() >= 1
    assert_stayed_offline_and_quiet(page)


def test_example_team_loads_and_is_checked_in_one_press(page, voila_server):
    open_lesson(page, voila_server)
    button = page.get_by_role("button", name=EXAMPLE)
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Example loaded").wait_for()
    assert name_box(page, 1).input_value() == mm.EXAMPLE_TEAM[0][0]
    assert ranking_box(page, 5).input_value() == mm.EXAMPLE_TEAM[4][1]
    expected = mm.concordance(mm.example_rankings())
    summary = page.locator(".aligned-activity .aligned-summary").first
    assert f"Kendall's W = {expected.w:.2f}" in summary.inner_text()
    assert "permutation test" in summary.inner_text()
    assert_stayed_offline_and_quiet(page)
