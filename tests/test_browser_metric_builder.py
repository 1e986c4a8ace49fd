"""The metric builder in the real lesson page: Voila, headless Chromium, keyboard first."""

import re

import pytest
from playwright.sync_api import expect

from conftest import open_page
from widgets.core.metrics import CATALOGUE, scorecard_from_json
from widgets.metrics import LABELS, catalogue_label

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/intermediate/alignment-metrics.ipynb"


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    page.get_by_label(LABELS["name"], exact=True).wait_for()


def field(page, name):
    return page.get_by_label(LABELS[name], exact=True)


def press(page, name):
    """Reach a button by its accessible name (it includes the icon) and press Enter."""
    button = page.get_by_role("button", name=re.compile(name))
    button.focus()
    page.keyboard.press("Enter")


def type_into(page, name, text):
    box = field(page, name)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # the field sends its value when it loses focus


def add_from_catalogue(page, category, kpi_name, owner):
    field(page, "category").select_option(label=category)
    entry = next(k for k in CATALOGUE if k.name == kpi_name)
    field(page, "catalogue").select_option(label=catalogue_label(entry))
    press(page, "Fill in from the catalogue")
    expect(field(page, "name")).to_have_value(kpi_name)
    type_into(page, "owner", owner)
    press(page, "Add to my scorecard")
    page.get_by_role("status").filter(has_text=f"Added “{kpi_name}”").wait_for()


def upload(page, files):
    """Choose a file as a person would: the upload button (from the keyboard) opens the
    browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        press(page, "Upload a scorecard")
    chooser.value.set_files(files)


def scorecard_caption(page):
    return page.locator(".aligned-metric-builder .aligned-scorecard caption")


def test_lesson_hides_notes_and_code_and_shows_the_worked_dashboard(page, voila_server):
    open_lesson(page, voila_server)
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("MetricBuilder()").count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    # The worked example's dashboard: statuses as words, charts offline with descriptions.
    worked = page.locator(".aligned-dashboard").first
    worked.wait_for()
    text = worked.inner_text()
    for label in ("On track", "At risk", "Off track"):
        assert label in text
    page.locator(".vega-embed svg").nth(1).wait_for()  # dashboard chart and trend chart
    labels = [
        page.locator(".vega-embed").nth(i).get_attribute("aria-label") or "" for i in range(2)
    ]
    assert any("attainment in percent of its target" in label for label in labels)
    assert any("OKRs were introduced in January 2024" in label for label in labels)
    assert page.get_by_text("Text description of the dashboard").count() >= 1
    assert_stayed_offline_and_quiet(page)


def test_build_a_scorecard_see_the_problems_fix_them_and_see_the_dashboard(page, voila_server):
    open_lesson(page, voila_server)
    add_from_catalogue(page, "Strategic alignment", "Strategic initiatives on track",
                       "Aoife (managing director)")
    add_from_catalogue(page, "Operational efficiency", "On-time delivery", "Priya (operations)")
    add_from_catalogue(page, "Employee engagement and alignment",
                       "Employee Net Promoter Score", "everyone")
    add_from_catalogue(page, "Customer satisfaction and loyalty", "Repeat-customer rate",
                       "Sofia (customer service lead)")
    expect(scorecard_caption(page)).to_have_text(re.compile("4 KPIs"))

    # 1. Check: a category is missing and one owner is a group.
    press(page, "Check my scorecard")
    alert = page.get_by_role("alert").filter(has_text="things to fix")
    alert.wait_for()
    text = alert.inner_text()
    assert "No KPI for Innovation and adaptability yet" in text
    assert "“everyone” is a group" in text
    assert page.locator(".aligned-metric-builder .aligned-dashboard").count() == 0

    # 2. Fix: an own KPI for innovation, typed in full, and a named owner for eNPS.
    field(page, "category").select_option(label="Innovation and adaptability")
    type_into(page, "name", "Experiments completed")
    type_into(page, "definition", "Tests of a new offer or process with a written result.")
    type_into(page, "unit", "experiments")
    type_into(page, "baseline", "1")
    type_into(page, "target", "4")
    type_into(page, "owner", "Ben (product lead)")
    field(page, "cadence").select_option(label="Quarterly")
    press(page, "Add to my scorecard")
    page.get_by_role("status").filter(has_text="Added “Experiments completed”").wait_for()

    field(page, "selected").select_option(label="3. Employee Net Promoter Score")
    press(page, "Edit this KPI")
    expect(field(page, "owner")).to_have_value("everyone")
    type_into(page, "owner", "Tomasz (HR lead)")
    press(page, "Save changes to this KPI")
    page.get_by_role("status").filter(has_text="Saved your changes").wait_for()
    expect(scorecard_caption(page)).to_have_text(re.compile("5 KPIs"))

    # 3. Check again: the dashboard, with status in words and the own KPI without data.
    press(page, "Check my scorecard")
    page.get_by_role("status").filter(has_text="passes every check").wait_for()
    dashboard = page.locator(".aligned-metric-builder .aligned-dashboard")
    dashboard.wait_for()
    rows = dashboard.locator("tbody tr")
    assert rows.count() == 5
    assert "no data yet" in rows.nth(4).inner_text().lower()
    assert "Tomasz (HR lead)" in rows.nth(2).inner_text()
    statuses = [rows.nth(i).locator(".aligned-status").inner_text() for i in range(5)]
    assert all(re.search("On track|At risk|Off track|No data yet", s) for s in statuses)
    chart = page.locator(".aligned-metric-builder .vega-embed").first
    chart.locator("svg").wait_for()
    assert "Experiments completed (baseline 1 experiments, target 4 experiments)" in (
        chart.get_attribute("aria-label")
    )
    assert chart.locator("g.mark-symbol.role-mark path").count() == 4  # the KPIs with data
    assert_stayed_offline_and_quiet(page)


def test_a_corrupt_file_is_refused_and_the_scorecard_kept(page, voila_server, tmp_path):
    open_lesson(page, voila_server)
    press(page, "Start from Brannock")
    expect(scorecard_caption(page)).to_have_text(re.compile("12 KPIs"))

    # Upload a file that is not JSON.
    upload(page, [{"name": "broken.json", "mimeType": "application/json", "buffer": b"{oops"}])
    alert = page.get_by_role("alert").filter(has_text="Nothing was loaded from broken.json")
    alert.wait_for()
    assert "not valid JSON" in alert.inner_text()
    assert "Your scorecard (12 KPIs) is unchanged." in alert.inner_text()
    expect(scorecard_caption(page)).to_have_text(re.compile("12 KPIs"))

    # Type a file name that does not exist.
    type_into(page, "path", "no-such-scorecard.json")
    press(page, "Load from file")
    page.get_by_role("alert").filter(has_text="There is no file called no-such-scorecard.json").wait_for()
    expect(scorecard_caption(page)).to_have_text(re.compile("12 KPIs"))

    # The download link gives a file that loads again, by upload, after emptying.
    link = page.get_by_role("link", name=re.compile("Download my scorecard"))
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "downloaded.json"
    info.value.save_as(saved)
    assert len(scorecard_from_json(saved.read_bytes()).kpis) == 12
    press(page, "Empty the scorecard")
    page.get_by_text("Your scorecard is empty.").wait_for()
    upload(page, str(saved))
    page.get_by_role("status").filter(has_text="Loaded 12 KPIs").wait_for()
    expect(scorecard_caption(page)).to_have_text(re.compile("12 KPIs"))
    assert_stayed_offline_and_quiet(page)
