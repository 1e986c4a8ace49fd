"""The cross-border comparator as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core.cross_border import AREAS

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/cross-border-alignment.ipynb"
FIRST = "First country"
SECOND = "Second country"


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    # Voila runs the whole notebook before the page shows; allow for a busy machine.
    page.get_by_label(FIRST, exact=True).wait_for(timeout=240_000)
    page.locator(".aligned-activity .vega-embed svg").first.wait_for(timeout=120_000)


def chart_label(page) -> str:
    return page.locator(".aligned-activity .vega-embed").first.get_attribute("aria-label") or ""


def selected_text(select) -> str:
    # ipywidgets writes option labels with non-breaking spaces.
    return select.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ")


def test_lesson_renders_offline_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^Cross-border alignment")).wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("CrossBorderComparator()").count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    # The chart, its text alternatives, the limits and the data's attribution.
    label = chart_label(page)
    assert label.startswith("Germany and United States on Hofstede's six dimensions")
    assert "Paired dot chart" in label and "Long-term orientation" in label
    activity = page.locator(".aligned-cross-border")
    assert "The largest is long-term orientation" in activity.locator(
        ".aligned-chart-summary").inner_text()
    assert activity.get_by_text("Text description of the chart").count() == 1
    caveat = activity.locator(".aligned-cross-border-caveat")
    assert caveat.is_visible() and "ecological fallacy" in caveat.inner_text()
    assert "commercial use requires permission" in activity.locator(
        ".aligned-attribution").inner_text()
    table = activity.locator(".aligned-gap-table")
    assert table.get_by_role("rowheader", name="Long-term orientation").count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_compares_checks_and_swaps_countries(page, voila_server):
    open_lesson(page, voila_server)
    activity = page.locator(".aligned-cross-border")

    # 1. Choose another second country: chart, table and implications follow.
    page.get_by_label(SECOND, exact=True).select_option(label="Japan")
    page.get_by_role("status").filter(has_text="Comparing Germany and Japan").wait_for()
    page.wait_for_function(
        "() => (document.querySelector('.aligned-cross-border .vega-embed')"
        ".getAttribute('aria-label') || '').startsWith('Germany and Japan')"
    )
    svg = activity.locator(".vega-embed svg").first
    assert svg.get_by_text("Japan").count() >= 1  # the legend names both countries
    result = activity.locator(".aligned-cross-border-result")
    for area in AREAS.values():
        assert result.get_by_role("heading", name=area, exact=True).count() == 1
    items = result.locator(".aligned-implications li")
    assert items.count() >= 1
    for text in items.all_inner_texts():
        assert re.search(r"\bmay\b", text)
    assert activity.locator(".aligned-gap-table caption").inner_text().startswith(
        "Gaps between Germany and Japan"
    )

    # 2. The same country twice: a friendly alert, the chart goes, the caveat stays.
    page.get_by_label(FIRST, exact=True).select_option(label="Japan")
    alert = page.get_by_role("alert").filter(has_text="You chose Japan twice")
    alert.wait_for()
    assert "Pick two different countries" in alert.inner_text()
    activity.locator(".vega-embed").first.wait_for(state="detached")
    assert activity.locator(".aligned-cross-border-caveat").is_visible()

    # 3. A valid pair again, then swap from the keyboard.
    page.get_by_label(SECOND, exact=True).select_option(label="Mexico")
    page.get_by_role("status").filter(has_text="Comparing Japan and Mexico").wait_for()
    swap = page.get_by_role("button", name=re.compile("Swap countries"))
    swap.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Comparing Mexico and Japan").wait_for()
    assert selected_text(page.get_by_label(FIRST, exact=True)) == "Mexico"
    assert selected_text(page.get_by_label(SECOND, exact=True)) == "Japan"
    page.wait_for_function(
        "() => (document.querySelector('.aligned-cross-border .vega-embed')"
        ".getAttribute('aria-label') || '').startsWith('Mexico and Japan')"
    )
    assert_stayed_offline_and_quiet(page)
