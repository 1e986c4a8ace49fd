"""The five-component self-assessment as a participant meets it: real Voila, real Chromium."""

import pytest

from conftest import open_page
from widgets.components import dependency_label, rating_label
from widgets.core.components import COMPONENTS, LABELS, SCALE

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/fundamentals/five-components.ipynb"

# Processes is clearly the lowest now; technology and people depend on it.
NOW = dict(zip(COMPONENTS, (4, 2, 3, 1, 3)))
TARGET = dict(zip(COMPONENTS, (5, 4, 4, 4, 3)))
LINKS = {"technology": "processes", "people": "processes"}


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    first = page.get_by_label(rating_label("strategy", "current"), exact=True)
    first.wait_for()
    return first


def test_lesson_hides_instructor_notes_and_code(page, voila_server):
    open_lesson(page, voila_server)
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("ComponentAssessment()").count() == 0
    # The worked example's chart renders offline next to its text description.
    page.locator(".vega-embed svg").first.wait_for()
    assert page.get_by_text("Text description of the chart").count() >= 1
    assert_stayed_offline_and_quiet(page)


def test_participant_rates_all_components_from_the_keyboard_and_sees_the_map(
    page, voila_server
):
    first = open_lesson(page, voila_server)
    show = page.get_by_role("button", name="Show my alignment map")

    # 1. Submitting nothing names every component and draws nothing.
    show.click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    for component in COMPONENTS:
        assert f"{LABELS[component]}: not rated yet" in alert.inner_text()
    assert page.locator(".aligned-activity .vega-embed").count() == 0

    # 2. Rate all ten scores with the keyboard only: the first digit picks the option,
    #    Tab moves to the next list in reading order.
    first.focus()
    for component in COMPONENTS:
        for phase, scores in (("current", NOW), ("target", TARGET)):
            box = page.get_by_label(rating_label(component, phase), exact=True)
            assert is_focused(box), f"{rating_label(component, phase)} should have focus"
            page.keyboard.press(str(scores[component]))
            page.keyboard.press("Tab")
    chosen = page.get_by_label(rating_label("processes", "current"), exact=True)
    assert chosen.evaluate("e => e.selectedOptions[0].text").replace("\xa0", " ") == (
        f"1 · {SCALE[1]}"
    )

    # 3. Links: one with the mouse, one with the keyboard.
    page.get_by_label(dependency_label("technology", 0), exact=True).select_option(
        label=LABELS[LINKS["technology"]]
    )
    people_link = page.get_by_label(dependency_label("people", 0), exact=True)
    people_link.focus()
    page.keyboard.press(LABELS[LINKS["people"]][0])  # "P": the only P option is Processes
    page.keyboard.press("Tab")

    # 4. Press the button from the keyboard.
    show.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Your alignment map is ready").wait_for()
    assert "Weakest link: Processes" in page.get_by_role("status").first.inner_text()

    # 5. The chart: its text alternative, ten score marks (dots and diamonds), five gap
    #    bars, and the weakest link named in text.
    embed = page.locator(".aligned-activity .vega-embed").first
    chart = embed.locator("svg").first
    chart.wait_for()
    assert embed.get_attribute("role") == "graphics-document"
    label = embed.get_attribute("aria-label")
    assert "Dumbbell chart of the current and target scores" in label
    assert "Processes: now 1, target 4 (gap +3)" in label
    assert chart.locator("g.mark-symbol.role-mark path").count() == 2 * len(COMPONENTS)
    assert chart.locator("g.mark-rule.role-mark line").count() >= len(COMPONENTS)
    assert chart.get_by_text("gap +3 · weakest link").count() == 1

    # 6. The summary: weakest link, knock-on effects from the links just chosen, first steps.
    summary = page.locator(".aligned-summary").first
    text = summary.inner_text()
    assert "Weakest link: Processes" in text
    assert "People and Technology feel it first" in text
    assert "First steps for Processes" in text
    assert "Text description of the chart" in text

    assert_stayed_offline_and_quiet(page)
