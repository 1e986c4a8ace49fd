"""The alignment rhythm check as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core import dynamism
from widgets.core.dynamism import FREQUENCIES_BY_KEY, ITEM_KEYS, PART_KEYS, PARTS
from widgets.dynamism import environment_label, review_label

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/dynamic-alignment.ipynb"
CHECK = re.compile("Check my rhythm")
CLEAR = re.compile("Clear my answers")

# A calm market (every rating 2: stable), where strategy and processes are reviewed far
# more often than it needs and rewards never: two churn flags and one "never".
ENVIRONMENT = {key: 2 for key in ITEM_KEYS}
REVIEWS = {
    "strategy": "monthly",
    "structure": "yearly",
    "people": "yearly",
    "processes": "quarterly",
    "technology": "yearly",
    "rewards": "never",
    "culture": "two_yearly",
}
# Chosen from the keyboard by their first letter; the others with the mouse.
KEYBOARD_REVIEWS = {"strategy": "M", "processes": "Q"}


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def selected_text(locator):
    return locator.evaluate("e => e.selectedOptions[0].text").replace("\xa0", " ")


def open_lesson(page, voila_server):
    # The machine is shared: rendering a lesson can take minutes under load.
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    first = page.get_by_label(environment_label(ITEM_KEYS[0]), exact=True)
    first.wait_for(timeout=300_000)
    return first


def test_lesson_hides_notes_and_renders_the_example_offline(page, voila_server):
    open_lesson(page, voila_server)
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("AlignmentRhythmCheck()").count() == 0
    # The crosswalk table and the worked example's chart, with its text alternative.
    assert page.get_by_text("Nadler–Tushman congruence model").count() >= 1
    embed = page.locator(".vega-embed[aria-label*='Example: Marlow Cycle Works']")
    embed.locator("svg").first.wait_for()
    example = dynamism.analyze(dynamism.EXAMPLE_ENVIRONMENT, dynamism.EXAMPLE_REVIEWS)
    assert dynamism.describe_rhythm(example) in embed.get_attribute("aria-label")
    assert page.get_by_text("Text description of the chart").count() >= 1
    # The lesson closes on the reflection, then the key points.
    assert page.get_by_role("heading", name="Alignment is fragile, and the work never ends").count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_checks_the_rhythm_from_keyboard_and_mouse(page, voila_server):
    first = open_lesson(page, voila_server)
    check = page.get_by_role("button", name=CHECK)
    expected = dynamism.analyze(ENVIRONMENT, REVIEWS)
    total = len(ITEM_KEYS) + len(PART_KEYS)

    # 1. Nothing answered: a friendly alert and no result.
    check.click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Nothing to check yet" in alert.inner_text()
    assert page.locator(".aligned-activity .vega-embed").count() == 0

    # 2. The environment from the keyboard only: a digit picks the rating, Tab moves on.
    first.focus()
    for key in ITEM_KEYS:
        box = page.get_by_label(environment_label(key), exact=True)
        assert is_focused(box), f"{environment_label(key)} should have focus"
        page.keyboard.press(str(ENVIRONMENT[key]))
        page.keyboard.press("Tab")
    scarcity = page.get_by_label(environment_label("scarcity"), exact=True)
    assert selected_text(scarcity) == f"2 · {dynamism.ITEMS_BY_KEY['scarcity'].anchors[2]}"

    # 3. Reviews: two by keyboard, the rest (but one) with the mouse.
    for key, letter in KEYBOARD_REVIEWS.items():
        box = page.get_by_label(review_label(key), exact=True)
        box.focus()
        page.keyboard.press(letter)
        assert selected_text(box) == FREQUENCIES_BY_KEY[REVIEWS[key]].label
    for key in PART_KEYS:
        if key not in KEYBOARD_REVIEWS and key != "culture":
            page.get_by_label(review_label(key), exact=True).select_option(
                label=FREQUENCIES_BY_KEY[REVIEWS[key]].label
            )
    page.get_by_text(f"{total - 1} of {total} questions answered").wait_for()
    check.click()
    page.get_by_role("alert").filter(has_text="Almost there").wait_for()
    alert_text = page.get_by_role("alert").inner_text()
    assert "Culture and shared values: choose how often it is reviewed." in alert_text
    assert "Strategy" not in alert_text

    # 4. The last answer, then the button from the keyboard.
    page.get_by_label(review_label("culture"), exact=True).select_option(
        label=FREQUENCIES_BY_KEY[REVIEWS["culture"]].label
    )
    check.focus()
    page.keyboard.press("Enter")
    flagged = len(expected.flagged("never", "too_rarely", "too_often"))
    status = page.get_by_role("status").filter(has_text="Your rhythm check is ready")
    status.wait_for()
    assert f"a {expected.band.label.lower()} environment" in status.inner_text()
    assert f"{flagged} of {len(PARTS)} parts out of rhythm" in status.inner_text()

    summary = page.locator(".aligned-activity .aligned-summary").first
    assert f"Your environment: {expected.band.label}" in summary.inner_text()
    details = page.locator(".aligned-activity .aligned-summary").nth(1)
    text = details.inner_text()
    for check_ in expected.checks:
        assert check_.status_label in text
    assert expected.check("rewards").advice in text

    # 5. The chart: offline SVG, its text alternative, 14 marks, statuses in words.
    embed = page.locator(".aligned-activity .vega-embed").first
    chart = embed.locator("svg").first
    chart.wait_for()
    label = embed.get_attribute("aria-label") or ""
    assert dynamism.describe_rhythm(expected) in label
    assert chart.locator("g.mark-symbol.role-mark path").count() == 2 * len(PARTS)
    assert chart.get_by_text(re.compile("Too often: churn risk")).count() == len(
        expected.flagged("too_often")
    )

    # 6. The rule opens from the keyboard.
    rule = details.locator("summary", has_text="How the rule works")
    rule.focus()
    page.keyboard.press("Enter")
    details.get_by_text("Recommended cadence in each kind of environment").wait_for()

    # 7. Clear: every answer and the result go.
    page.get_by_role("button", name=CLEAR).click()
    page.get_by_role("status").filter(has_text="cleared").wait_for()
    assert selected_text(first) == "Choose a rating"
    assert page.locator(".aligned-activity .vega-embed").count() == 0
    page.get_by_text(f"0 of {total} questions answered").wait_for()
    assert_stayed_offline_and_quiet(page)
