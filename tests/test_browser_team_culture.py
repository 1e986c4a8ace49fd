"""The team culture explorer as a facilitator meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core import team_culture
from widgets.core.culture import CULTURE_TYPES, TYPE_GUIDE
from widgets.data import load

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/culture-archetypes.ipynb"
THRESHOLD = "Minimum group size (respondents)"
TEAMS = ("Sales", "Warehouse")


@pytest.fixture(scope="module")
def report():
    return team_culture.summarize(load("culture_assessments"))


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def assert_one_stylesheet_for_the_page(page):
    """The template carries aligned.css once, in the page's head; no view adds a copy; it applies."""
    found = page.evaluate("""() => {
        const sheets = [...document.querySelectorAll("style")]
            .filter(s => s.textContent.includes("The Aligned kit's one stylesheet"));
        return {
            sheets: sheets.length,
            in_head: sheets.every(s => document.head.contains(s)),
            width: getComputedStyle(document.querySelector(".aligned-activity")).maxWidth,
        };
    }""")
    assert found["sheets"] == 1 and found["in_head"], found
    assert found["width"] not in ("", "none")  # .aligned-activity { max-width: 60rem }


def open_explorer(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    explorer = page.locator(".aligned-activity").filter(has_text="Team culture explorer")
    explorer.get_by_role("button", name=re.compile("Compare")).wait_for(timeout=240_000)
    explorer.get_by_role("status").filter(has_text="Tick up to").wait_for(timeout=120_000)
    return explorer


def team_box(explorer, group):
    return explorer.get_by_label(re.compile("^" + re.escape(group) + r" \(\d+ respondents\)$"))


def test_hidden_teams_are_not_offered_and_bad_input_is_explained(page, voila_server, report):
    explorer = open_explorer(page, voila_server)
    assert report.hidden, "the data set should exercise the anonymity rule"
    for group, why in report.hidden:
        assert team_box(explorer, group).count() == 0
        item = explorer.locator("li").filter(has_text=group).first
        text = item.inner_text()
        assert why in text
        assert not re.search(r"\b\d+ (respondents|people)\b", text.replace(why, ""))
    for group in report.visible:
        assert team_box(explorer, group).count() == 1
    explorer.get_by_text("Why are these teams hidden?").click()
    explorer.get_by_text("subtraction attack", exact=False).wait_for()

    # A threshold below 3 is refused with a friendly message, and nothing new is offered.
    box = explorer.get_by_label(THRESHOLD, exact=True)
    box.fill("2")
    box.press("Tab")
    alert = explorer.get_by_role("alert")
    alert.wait_for(timeout=120_000)
    assert "cannot be below 3" in alert.inner_text()
    assert "still uses a minimum of 5" in alert.inner_text()
    for group, _ in report.hidden:
        assert team_box(explorer, group).count() == 0

    # Compare with nothing ticked: a message, and no chart.
    explorer.get_by_role("button", name=re.compile("Compare")).click()
    explorer.get_by_role("alert").filter(has_text="Tick at least one team").wait_for()
    assert explorer.locator(".vega-embed").count() == 0
    assert_one_stylesheet_for_the_page(page)
    assert_stayed_offline_and_quiet(page)


def test_select_two_teams_and_see_the_overlay_and_gaps(page, voila_server, report):
    explorer = open_explorer(page, voila_server)

    # 1. Tick one team from the keyboard and one with the mouse; press Compare with Enter.
    first = team_box(explorer, TEAMS[0])
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    team_box(explorer, TEAMS[1]).check()
    compare = explorer.get_by_role("button", name=re.compile("Compare"))
    compare.focus()
    page.keyboard.press("Enter")
    explorer.get_by_role("status").filter(has_text=f"Showing {', '.join(TEAMS)}").wait_for(
        timeout=120_000)

    # 2. One kite per team and phase, on one map, with a text alternative.
    chart = explorer.locator(".vega-embed svg").first
    chart.wait_for(timeout=120_000)
    label = explorer.locator(".vega-embed").first.get_attribute("aria-label")
    assert "Kite chart of the Competing Values Framework" in label
    assert all(team in label for team in TEAMS)
    for group, why in report.hidden:
        assert f"{group} ({why})" in label
    points = chart.locator("g.mark-symbol.role-mark path")
    assert points.count() == len(TEAMS) * len(team_culture.PHASES) * len(CULTURE_TYPES)
    dashes = chart.locator("g.mark-line.role-mark path")
    dasharrays = [dashes.nth(i).get_attribute("stroke-dasharray") for i in range(dashes.count())]
    assert any(d and d.replace(" ", "") == "6,4" for d in dasharrays)
    explorer.get_by_text("The chart in words").click()
    explorer.get_by_text("Now solid lines with filled points", exact=False).wait_for()

    # 3. The gaps worth discussing, per team, and the questions that open the conversation.
    gaps = explorer.get_by_role("table").filter(has_text="Gaps of 10 points or more")
    for team in TEAMS:
        for gap in report.profiles[team].to_discuss:
            row = gaps.locator("tr").filter(
                has=page.get_by_role("rowheader", name=team, exact=True)).filter(
                has_text=TYPE_GUIDE[gap.culture_type].label)
            assert row.count() == 1
            assert report.profiles[team].agreement[gap.culture_type].text() in row.inner_text()
    congruence = explorer.get_by_role("table").filter(has_text="leads each dimension")
    assert congruence.locator("tr").count() == len(TEAMS) + 1
    assert explorer.get_by_text("start, stop and keep", exact=False).count() >= 1
    assert_stayed_offline_and_quiet(page)
