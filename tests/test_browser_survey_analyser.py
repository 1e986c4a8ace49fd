"""The engagement survey analyser as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.data import load

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/intermediate/engagement-survey.ipynb"
GROUP_BY = "Group by"
THRESHOLD = "Minimum group size (respondents)"


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def small_teams():
    sizes = load("engagement_survey")["team"].astype(str).value_counts()
    return {team: int(n) for team, n in sizes.items() if n < 5}


def table_row(page, group):
    table = page.locator(".aligned-survey-table")
    return table.locator("tr").filter(has=page.get_by_role("rowheader", name=group, exact=True))


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    page.get_by_label(GROUP_BY, exact=True).wait_for()
    page.locator(".aligned-activity .vega-embed svg").first.wait_for()


def set_threshold(page, value):
    box = page.get_by_label(THRESHOLD, exact=True)
    box.fill(value)
    button = page.get_by_role("button", name=re.compile("Apply threshold"))
    button.focus()
    page.keyboard.press("Enter")


def test_lesson_renders_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^Measuring culture with numbers")).wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("SurveyAnalyser()").count() == 0
    labels = [page.locator(".aligned-activity .vega-embed").nth(i).get_attribute("aria-label")
              for i in range(2)]
    assert "Left, a dot chart" in labels[0] and "Right, a bar chart" in labels[0]
    assert "Stacked bar chart" in labels[1]
    assert page.locator(".aligned-activity .aligned-chart-summary").first.is_visible()
    assert_stayed_offline_and_quiet(page)


def test_small_teams_are_hidden_until_the_threshold_is_lowered(page, voila_server):
    small = small_teams()
    assert set(small) == {"Finance & HR", "Product"}
    open_lesson(page, voila_server)

    # 1. By team, at the default of 5: the two small teams say so, without any number.
    for team, n in small.items():
        row = table_row(page, team)
        row.wait_for()
        text = row.inner_text()
        assert "fewer than 5 respondents: hidden" in text
        assert str(n) not in text
    status = page.get_by_role("status").filter(has_text="By team, minimum 5 respondents")
    status.wait_for()
    assert "2 of 6 groups hidden" in status.inner_text()
    groups_chart = page.locator(".aligned-activity .vega-embed[aria-label*='eNPS by team']")
    assert "Product: fewer than 5 respondents: hidden" in groups_chart.get_attribute("aria-label")

    # 2. Change the grouping: by location every group is large enough; then back to teams.
    page.get_by_label(GROUP_BY, exact=True).select_option(label="Location")
    page.get_by_role("status").filter(
        has_text="By location, minimum 5 respondents: every group is shown").wait_for()
    table_row(page, "Distribution centre").wait_for()
    assert table_row(page, "Product").count() == 0
    page.get_by_label(GROUP_BY, exact=True).select_option(label="Team")
    page.get_by_role("status").filter(has_text="By team, minimum 5 respondents").wait_for()

    # 3. Threshold 3, from the keyboard: the small teams appear with their respondent counts.
    set_threshold(page, "3")
    page.get_by_role("status").filter(
        has_text="By team, minimum 3 respondents: every group is shown").wait_for()
    for team, n in small.items():
        cells = table_row(page, team).locator("td")
        assert cells.first.inner_text() == str(n)
        assert "hidden" not in table_row(page, team).inner_text()

    # 4. Threshold 2 is refused with a message, and the results stay at 3.
    set_threshold(page, "2")
    alert = page.get_by_role("alert").filter(has_text="cannot be below 3")
    alert.wait_for()
    assert "still use a minimum of 3" in alert.inner_text()
    assert table_row(page, "Product").locator("td").first.inner_text() == str(small["Product"])
    assert_stayed_offline_and_quiet(page)


def test_answers_of_a_hidden_team_are_not_shown(page, voila_server):
    open_lesson(page, voila_server)
    answers = page.get_by_label("Answers of", exact=True)
    answers.select_option(label="Warehouse")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.aligned-activity .vega-embed')]"
        ".some(e => (e.getAttribute('aria-label') || '').includes('Answers of Warehouse'))"
    )
    answers.select_option(label="Product")
    note = page.get_by_role("status").filter(has_text="Product:")
    note.wait_for()
    assert "fewer than 5 respondents: hidden" in note.inner_text()
    assert page.locator(
        ".aligned-activity .vega-embed[aria-label*='Answers to each statement: Product']"
    ).count() == 0
    assert_stayed_offline_and_quiet(page)
