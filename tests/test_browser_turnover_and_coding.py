"""The turnover calculator and the comment coding as participants meet them: real Voila, real
headless Chromium, driven with the mouse and the keyboard."""

import re

import pytest

from conftest import open_page
from widgets.core import coding, turnover
from widgets.data import load

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/intermediate/turnover-and-voice.ipynb"
FALSE_FRIEND = "Flexible hours are a big plus."  # reference: None/other; we tick Adaptability


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


# Voila runs the whole notebook before the page is complete; on a busy machine the first
# kernel start can take longer than the page's default timeout.
FIRST_RENDER_MS = 240_000


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    page.get_by_role("button", name=re.compile("Calculate turnover")).wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(".aligned-comment blockquote").wait_for(timeout=FIRST_RENDER_MS)


def status_with(page, text):
    message = page.get_by_role("status").filter(has_text=text)
    message.first.wait_for()
    return message.first


def alert_with(page, text):
    message = page.get_by_role("alert").filter(has_text=text)
    message.first.wait_for()
    return message.first


def test_participant_uses_the_turnover_calculator(page, voila_server):
    open_lesson(page, voila_server)
    # Participants see neither code nor instructor notes.
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("TurnoverCalculator()").count() == 0

    # 1. The default: the Warehouse in 2024, from the data, with the mouse.
    calculator = page.locator(".aligned-activity").filter(
        has=page.get_by_role("button", name=re.compile("Calculate turnover"))
    )
    page.get_by_label("Team", exact=True).select_option(label="Warehouse")
    page.get_by_role("button", name=re.compile("Calculate turnover")).click()
    result, _ = turnover.data_turnover(load("hr_headcount"), "Warehouse", "2024-01-01", "2024-12-01")
    status_with(page, f"Warehouse, 2024: annualized turnover {turnover.format_pct(result.annualized)}")
    summary = calculator.locator(".aligned-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "Annualized (sum of monthly rates)" in text
    assert turnover.format_pct(result.annualized_sum_of_months) in text
    assert "Above the range" in text and "Illustrative heuristic, not a standard" in text
    embed = calculator.locator(".vega-embed").first
    embed.locator("svg").wait_for()
    assert "Monthly turnover: Warehouse" in embed.get_attribute("aria-label")
    assert calculator.get_by_text("Text description of the chart").count() == 1

    # 2. Own numbers, from the keyboard: a typo first, then the corrected numbers.
    own = page.get_by_label("My own numbers")
    own.focus()
    own.check()
    start = page.get_by_label("Headcount at the start")
    start.wait_for()
    start.fill("8")
    start.press("Tab")
    page.keyboard.type("eight")  # focus is now in "Headcount at the end"
    page.keyboard.press("Tab")
    page.keyboard.type("1")  # voluntary
    page.keyboard.press("Tab")
    page.keyboard.type("0")  # involuntary
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name=re.compile("Calculate turnover"))
    button.focus()
    page.keyboard.press("Enter")
    alert = alert_with(page, "cannot give a turnover rate yet")
    assert "'eight' is not" in alert.inner_text()

    end = page.get_by_label("Headcount at the end")
    end.fill("8")
    end.press("Tab")
    button.focus()
    page.keyboard.press("Enter")
    typed = turnover.monthly_turnover(8, 8, 1, 0)
    status_with(page, f"Your team, 1 month: annualized turnover {turnover.format_pct(typed.annualized)}")
    assert "one leaver in a month" in calculator.locator(".aligned-summary").inner_text()
    assert page.get_by_role("alert").filter(has_text="cannot give a turnover rate").count() == 0
    assert_stayed_offline_and_quiet(page)


def test_participant_codes_a_sample_and_sees_agreement(page, voila_server):
    open_lesson(page, voila_server)
    widget = page.locator(".aligned-activity").filter(has=page.locator(".aligned-comment"))
    check = page.get_by_role("button", name=re.compile("Check agreement"))
    next_button = page.get_by_role("button", name=re.compile("Next comment"))

    # Checking before coding: a friendly message, not a traceback.
    check.click()
    assert "have no tag yet" in alert_with(page, "have no tag yet").inner_text()

    sample = coding.sample_for(coding.survey_comments(load("engagement_survey")), "a")
    card = widget.locator(".aligned-comment")
    for position in range(len(sample)):
        card.filter(has_text=f"Comment {position + 1} of {len(sample)}").wait_for()
        text = card.locator("blockquote").inner_text().strip()
        assert sample["team"].iloc[position] not in card.inner_text()  # coding is blind
        tags = coding.reference_for(text).tags
        if text == FALSE_FRIEND:
            tags = frozenset({"adaptability"})
        for tag in coding.TAGS:
            if tag not in tags:
                continue
            box = page.get_by_label(coding.TAG_LABELS[tag], exact=True)
            if position % 2:  # every other comment from the keyboard
                box.focus()
                page.keyboard.press("Space")
            else:
                box.check()
        card.filter(has_text=f"Your tags: {coding.tags_text(tags)}").wait_for()
        if position < len(sample) - 1:
            next_button.click()

    check.click()
    status_with(page, f"Compared your coding of {len(sample)} comments")
    summary = widget.locator(".aligned-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert f"exactly on {len(sample) - 1} of {len(sample)} comments" in text
    assert "Where you differ (1)" in text
    assert "not the organization adapting" in text
    assert "Cohen's kappa" in text
    # Themes by team: the small teams are hidden, not counted.
    assert "hidden: fewer than 5 respondents" in text
    assert page.get_by_role("alert").filter(has_text="have no tag yet").count() == 0
    assert_stayed_offline_and_quiet(page)
