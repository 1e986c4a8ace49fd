"""The coffee-shop comparison as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core.coffee import CONFIDENCE, TRAITS

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/intermediate/culture-as-asset.ipynb"


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    # Voila runs the whole notebook before the page shows; allow for a busy machine.
    page.get_by_label("Metric", exact=True).wait_for(timeout=240_000)
    page.locator(".aligned-activity .vega-embed svg").first.wait_for()


def chart_label(page) -> str:
    return page.locator(".aligned-activity .vega-embed").first.get_attribute("aria-label") or ""


def selected_text(select) -> str:
    # ipywidgets writes option labels with non-breaking spaces.
    return select.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ")


def test_lesson_renders_offline_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^Culture as an asset or a liability")).wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("CoffeeShopComparison()").count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    # The teaching tables are there.
    assert page.get_by_text("Basic underlying assumptions").count() >= 1
    assert page.get_by_text("How to observe each trait and its opposite").count() == 1
    # The linked charts and their text alternatives.
    assert "Three linked charts" in chart_label(page)
    assert "Harbour Beans" in page.locator(".aligned-chart-summary").inner_text()
    assert page.get_by_text("The charts as a table: monthly values").count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_compares_attributes_and_is_challenged(page, voila_server):
    open_lesson(page, voila_server)

    # 1. Pick a metric: the charts redraw, with both shops.
    page.get_by_label("Metric", exact=True).select_option(label="Employee turnover")
    page.wait_for_function(
        "() => (document.querySelector('.aligned-activity .vega-embed')"
        ".getAttribute('aria-label') || '').startsWith('Employee turnover')"
    )
    assert selected_text(page.get_by_label("Plot it against", exact=True)) == "Review rating"
    svg = page.locator(".aligned-activity .vega-embed svg").first
    for shop in ("Harbour Beans", "Corner Grind"):
        assert svg.get_by_text(shop).count() >= 1
    assert svg.get_by_text("Road works").count() == 1
    assert "Corner Grind" in page.locator(".aligned-chart-summary").inner_text()

    # 2. Compare a run of months with the menus, from the keyboard.
    page.get_by_label("From", exact=True).select_option(label="Mar 2025")
    page.get_by_label("To", exact=True).select_option(label="May 2025")
    compare = page.get_by_role("button", name=re.compile("Compare these months"))
    compare.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Mar 2025 to May 2025 (3 months)").wait_for()

    # 3. Saving with nothing chosen gives a clear alert, not a traceback.
    page.get_by_role("button", name=re.compile("Save this attribution")).click()
    alert = page.get_by_role("alert").filter(has_text="Tick at least one trait")
    alert.wait_for()
    assert "Choose how confident you are" in alert.inner_text()
    assert page.get_by_text("No attributions saved yet.").count() == 1

    # 4. Attribute the difference: a trait ticked with Space, a confidence, Save with Enter.
    box = page.get_by_label(re.compile("^" + TRAITS["accountability"].label))
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.get_by_label("How confident are you?").select_option(label=CONFIDENCE[2])
    save = page.get_by_role("button", name=re.compile("Save this attribution"))
    save.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(
        has_text="Saved: Employee turnover: Accountability"
    ).wait_for()
    page.get_by_role("button", name=re.compile("Remove employee turnover")).wait_for()

    # 5. The challenge: the skeptical colleague's questions.
    page.get_by_role("button", name=re.compile("Challenge my attributions")).click()
    feedback = page.locator(".aligned-feedback")
    feedback.wait_for()
    text = feedback.inner_text()
    for title in (
        "A possible confounder.",
        "Reverse causality.",
        "A small sample.",
        "What would make the claim stronger.",
        "The mechanism to look for: accountability.",
    ):
        assert title in text
    assert "order of events" in text
    assert "modest confidence" in text
    page.get_by_role("status").filter(has_text="You attributed 1 difference").wait_for()
    assert_stayed_offline_and_quiet(page)


def test_dragging_across_the_time_line_selects_months(page, voila_server):
    open_lesson(page, voila_server)
    # The top chart's points, in data order: month by month, Harbour Beans then Corner Grind.
    points = page.locator(".aligned-activity .vega-embed svg g.mark-symbol.role-mark").first
    points.locator("path").nth(47).wait_for()
    points.scroll_into_view_if_needed()  # the mouse can only drag what is on screen

    def center(month: int) -> tuple[float, float]:
        box = points.locator("path").nth(2 * month).bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    (feb, y), (mar, _), (may, _), (jun, _) = (center(m) for m in (13, 14, 16, 17))
    # From between February and March 2025 to between May and June 2025.
    page.mouse.move((feb + mar) / 2, y)
    page.mouse.down()
    page.mouse.move(mar, y, steps=8)
    page.mouse.move((may + jun) / 2, y, steps=8)
    page.mouse.up()
    # The chart reports the brush while it is dragged, so wait for the final months.
    status = page.get_by_role("status").filter(has_text="Review rating, Mar 2025 to May 2025")
    status.wait_for()
    assert "Months taken from your selection" in status.inner_text()
    start = selected_text(page.get_by_label("From", exact=True))
    end = selected_text(page.get_by_label("To", exact=True))
    assert (start, end) == ("Mar 2025", "May 2025")
    assert_stayed_offline_and_quiet(page)
