"""The digital alignment assessment as a participant meets it: real Voila, real Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core.digital import DIMENSIONS, LABELS, SCALE
from widgets.digital import SECTOR_LABEL, rating_label

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/digital-dynamic-alignment.ipynb"

# Technology far ahead of capability and culture: the "bought tools first" profile.
RATINGS = dict(zip(DIMENSIONS, (3, 1, 3, 3, 5, 2)))


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    first = page.get_by_label(rating_label("strategy"), exact=True)
    first.wait_for(timeout=120_000)
    return first


def test_lesson_hides_instructor_notes_and_code_and_shows_the_worked_example(page, voila_server):
    open_lesson(page, voila_server)
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("DigitalAlignmentAssessment()").count() == 0
    # The worked example's scatter chart is a static SVG with its description as its name,
    # and the same text is visible in a details element.
    figure = page.get_by_role("img", name=re.compile("Scatter chart, one point per firm"))
    figure.wait_for(timeout=120_000)
    assert figure.locator("svg path").count() >= 12
    assert page.get_by_text("Text description of the chart").count() >= 1
    assert page.get_by_text("Highest-leverage moves: Capability and Culture").count() >= 1
    assert_stayed_offline_and_quiet(page)


def test_participant_rates_from_the_keyboard_and_sees_peers_gaps_and_moves(page, voila_server):
    first = open_lesson(page, voila_server)
    compare = page.get_by_role("button", name=re.compile("Compare with peers"))

    # 1. Submitting nothing names every dimension and draws nothing.
    compare.click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=60_000)
    for d in DIMENSIONS:
        assert f"{LABELS[d]}: not rated yet" in alert.inner_text()
    assert page.locator(".aligned-activity .vega-embed").count() == 0

    # 2. Rate all six with the keyboard only: a digit picks the whole point, Tab moves on.
    first.focus()
    for d in DIMENSIONS:
        box = page.get_by_label(rating_label(d), exact=True)
        assert is_focused(box), f"{rating_label(d)} should have focus"
        page.keyboard.press(str(RATINGS[d]))
        page.keyboard.press("Tab")
    chosen = page.get_by_label(rating_label("capability"), exact=True)
    assert chosen.evaluate("e => e.selectedOptions[0].text").replace("\xa0", " ") == (
        f"1 · {SCALE[1]}"
    )

    # 3. The sector, from the keyboard too ("R" is Retail, the only sector with an R).
    sector = page.get_by_label(SECTOR_LABEL, exact=True)
    assert is_focused(sector)
    page.keyboard.press("R")
    assert sector.evaluate("e => e.value") != ""

    # 4. Press the button from the keyboard.
    compare.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Your comparison is ready")
    status.wait_for(timeout=60_000)
    text = status.inner_text()
    assert "Highest-leverage move" in text and "Capability" in text
    assert "fewer than 3, so you are compared with all 12 firms" in text

    # 5. The chart: its text alternative, twelve marks (you and the peer median per
    #    dimension), six peer ranges, and the first move named in text.
    embed = page.locator(".aligned-activity .vega-embed").first
    chart = embed.locator("svg").first
    chart.wait_for(timeout=60_000)
    assert embed.get_attribute("role") == "graphics-document"
    label = embed.get_attribute("aria-label")
    assert "a circle for you, a diamond for the peer median" in label
    assert "Capability: you 1, peer median" in label
    assert chart.locator("g.mark-symbol.role-mark path").count() == 2 * len(DIMENSIONS)
    assert chart.locator("g.mark-rule.role-mark line").count() == len(DIMENSIONS)
    assert chart.get_by_text(re.compile(r"· move 1")).count() == 1

    # 6. The summary: the gap table, the balance, the moves with first steps, the rule.
    summary = page.locator(".aligned-summary").first
    text = summary.inner_text()
    assert "You against the peer median" in text
    assert "Lopsided" in text and "Weakest link: Capability" in text
    assert "First step:" in text
    summary.get_by_text("How the moves are chosen, and how to disagree").click()
    assert summary.get_by_text("Leverage, part by part").is_visible()
    assert "Text description of the chart" in text

    assert_stayed_offline_and_quiet(page)
