"""The knowledge check at the end of a lesson, as a learner meets it: real Voila, real Chromium, keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from conftest import open_page
from widgets.core import knowledge

pytestmark = pytest.mark.browser

LESSON = "steps-and-pitfalls"
PATH = f"/voila/render/fundamentals/{LESSON}.ipynb"


def choose(page, number: int, text: str) -> None:
    """Pick an answer from the keyboard: focus its radio button, press Space."""
    radio = page.locator(".aligned-knowledge-question").nth(number).get_by_label(text, exact=True)
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()


def test_learner_answers_the_check_from_the_keyboard_and_reads_the_feedback(page, voila_server):
    bank = knowledge.load_bank(LESSON)
    open_page(page, voila_server.url + PATH, server=voila_server)
    page.get_by_role("heading", name="Check your understanding").wait_for()
    page.get_by_text(f"Question 1 of {len(bank.questions)}.", exact=False).wait_for()
    check = page.get_by_role("button", name=re.compile(r"Check my answers$"))  # after its icon's glyph

    # Checking with nothing chosen names the open questions, as an alert, never a traceback.
    check.focus()
    page.keyboard.press("Enter")
    alert = page.locator(".aligned-knowledge").get_by_role("alert")
    alert.wait_for()
    assert "have no answer yet" in alert.inner_text()
    assert "Traceback" not in page.content()

    # Every question right but the first, chosen from the keyboard.
    missed = bank.questions[0]
    wrong = missed.options[(missed.answer + 1) % len(missed.options)]
    for number, question in enumerate(bank.questions):
        choose(page, number, wrong.text if question is missed else question.options[question.answer].text)
    check.focus()
    page.keyboard.press("Enter")

    summary = page.locator(".aligned-knowledge .aligned-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert f"Your result: {len(bank.questions) - 1} of {len(bank.questions)} right" in text
    assert "Your result by objective" in text
    assert bank.objective(missed.objective).reread in text  # where to reread
    miss = page.locator(".aligned-knowledge .aligned-message-miss")
    assert miss.count() == 1
    assert "Not quite" in miss.inner_text()
    assert missed.options[missed.answer].text in miss.inner_text()  # the right answer, and why
    assert missed.options[missed.answer].why in miss.inner_text()
    assert wrong.why in miss.inner_text()  # why the chosen one was tempting
    assert page.locator(".aligned-knowledge .aligned-message-ok").count() == len(bank.questions) - 1
    expect(alert).to_have_count(0)

    # Start again, from the keyboard: the answers are cleared.
    restart = page.get_by_role("button", name=re.compile(r"Start again$")).last
    expect(restart).to_be_visible()
    restart.focus()
    page.keyboard.press("Enter")
    expect(summary).to_have_count(0)
    expect(check).to_be_enabled()

    assert page.watch.external_requests == []
    assert page.watch.console_errors == []
