"""The ethical decision canvas as a participant meets it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page
from widgets.core import ethics
from widgets.core.ethics import BRANNOCK
from widgets.ethics import judgement_description, score_description

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/advanced/ethical-alignment.ipynb"
NEW_NAME = "Keep typing orders by hand"


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    # Voila runs the whole notebook before the page shows; allow for a busy machine.
    dilemma = page.get_by_label("Dilemma", exact=True)
    dilemma.wait_for(timeout=240_000)
    return dilemma


def show_button(page):
    return page.get_by_role("button", name=re.compile("Show the trade-offs"))


def test_lesson_renders_offline_without_code_or_instructor_notes(page, voila_server):
    open_lesson(page, voila_server)
    page.get_by_role("heading", name=re.compile("^Ethical alignment")).first.wait_for()
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("EthicalDecisionCanvas()").count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    # The worked example's heatmap renders offline, with its text alternatives.
    example = page.locator(".vega-embed").first
    example.locator("svg").first.wait_for(timeout=120_000)
    assert "Heatmap of scores" in (example.get_attribute("aria-label") or "")
    assert page.get_by_text("Text description of the chart").count() >= 1
    assert page.get_by_text("Stated values and the rules they imply").count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_scores_checks_and_sees_the_trade_offs(page, voila_server):
    open_lesson(page, voila_server)
    show = show_button(page)

    # 1. Nothing scored: the canvas names every option and draws nothing.
    show.click()
    alert = page.get_by_role("alert").filter(has_text="Almost there")
    alert.wait_for()
    for option in BRANNOCK.options:
        assert f"{option.name}: not scored yet" in alert.inner_text()
    assert page.locator(".aligned-activity .vega-embed").count() == 0

    # 2. Start from the worked example's scores.
    page.get_by_role("button", name=re.compile("Fill in the example scores")).click()
    page.get_by_role("status").filter(has_text="example scores are filled in").wait_for()

    # 3. Change one score from the keyboard: focus the list, type the score, Tab on.
    cell = page.get_by_label(score_description("Automate and redeploy", "Order-entry clerks"),
                             exact=True)
    cell.focus()
    page.keyboard.press("0")
    page.keyboard.press("Tab")
    assert cell.input_value() == ethics.score_label(0)
    after = page.get_by_label(score_description("Automate and redeploy", "Other staff"),
                              exact=True)
    assert is_focused(after)

    # 4. Rename an option: every label that carries its name follows.
    name = page.get_by_label("Option 4", exact=True)
    name.fill(NEW_NAME)
    name.press("Tab")
    renamed = page.get_by_label(score_description(NEW_NAME, "Customers"), exact=True)
    renamed.wait_for()
    assert renamed.input_value() == ethics.score_label(-2)

    # 5. A value check by judgement, ticked with Space.
    box = page.get_by_label(judgement_description("Phase in by attrition", "We tell people early"),
                            exact=True)
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()

    # 6. Show the trade-offs with Enter. What the page should say comes from the core.
    scores = {k: dict(v) for k, v in BRANNOCK.example_scores.items()}
    scores["redeploy"]["clerks"] = 0
    judgements = {"people": ["cut"], "early": ["cut", "attrition"]}
    renamed_dilemma = ethics.customize(BRANNOCK, option_names={"manual": NEW_NAME})
    expected = ethics.analyze(renamed_dilemma, scores, None, judgements)
    show.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Your trade-off matrix is ready")
    status.wait_for()
    assert f"{len(expected.survivors)} of 4 options pass every value check" in status.inner_text()

    # 7. The chart: a heatmap of 24 cells, its text alternative names the renamed option.
    embed = page.locator(".aligned-activity .vega-embed").first
    chart = embed.locator("svg").first
    chart.wait_for(timeout=120_000)
    assert embed.get_attribute("role") == "graphics-document"
    label = embed.get_attribute("aria-label")
    assert "Heatmap of scores" in label and NEW_NAME in label
    assert chart.locator("g.mark-rect.role-mark path").count() == 24
    assert chart.get_by_text("Phase in by attrition (breaks 1 value)").count() == 1

    # 8. The summary: the flags with reasons, the readings, and no verdict.
    summary = page.locator(".aligned-activity .aligned-summary").first
    text = summary.inner_text()
    for reason in ethics.flag_reasons(expected):
        assert reason in text
    assert "Phase in by attrition breaks “We tell people early”" in text
    assert "Text description of the chart" in text
    assert "The canvas does not decide for you" in text
    assert_stayed_offline_and_quiet(page)


def test_own_dilemma_without_options_gets_a_friendly_message(page, voila_server):
    dilemma = open_lesson(page, voila_server)
    dilemma.select_option(value=ethics.OWN.title)
    page.get_by_label(score_description("Option 1", "Employees"), exact=True).wait_for()
    assert page.get_by_role("button", name=re.compile("Fill in the example scores")).is_disabled()
    show_button(page).click()
    alert = page.get_by_role("alert").filter(has_text="Almost there")
    alert.wait_for()
    assert "Name at least two options" in alert.inner_text()
    assert "Traceback" not in page.locator(".aligned-canvas").inner_text()
    assert_stayed_offline_and_quiet(page)
