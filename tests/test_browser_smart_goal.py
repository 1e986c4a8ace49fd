"""The SMART goal builder in the real lesson page: Voila, headless Chromium, keyboard first."""

from datetime import date, timedelta

import pytest

from conftest import open_page
from widgets.core.smart import Goal, goal_sentence
from widgets.smart import FIELDS

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/fundamentals/smart-goals.ipynb"
LABELS = {name: label for name, label, _placeholder, _multiline in FIELDS}
SENTENCE_LABEL = "Your goal as one sentence"


def field(page, name):
    return page.get_by_label(LABELS[name], exact=True)


def press_button(page, name):
    """Reach a button by its accessible name and press it from the keyboard."""
    button = page.get_by_role("button", name=name)
    button.focus()
    page.keyboard.press("Enter")


def open_lesson(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    field(page, "action").wait_for()


def type_goal(page, goal: Goal):
    """Type every field from the keyboard, moving on with Tab as a person would."""
    for name in LABELS:
        value = getattr(goal, name)
        box = field(page, name)
        box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type("" if value is None else str(value))
        page.keyboard.press("Tab")


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def test_a_vague_goal_gets_feedback_on_every_letter(page, voila_server):
    open_lesson(page, voila_server)
    # Participants see neither the instructor notes nor any code.
    assert page.get_by_text("Instructor notes", exact=False).count() == 0
    assert page.get_by_text("SmartGoalBuilder()").count() == 0

    press_button(page, "Load a vague example")
    page.wait_for_function(
        "label => [...document.querySelectorAll('label')].some(l => l.textContent === label"
        " && document.getElementById(l.htmlFor)?.value === 'Reduce waste')",
        arg=LABELS["action"],
    )
    assert field(page, "owner").input_value() == "the team"
    press_button(page, "Check my goal")
    alert = page.get_by_role("alert").filter(has_text="criteria met")
    alert.wait_for()
    assert "0 of 5 criteria met" in alert.inner_text()
    criteria = page.locator(".aligned-smart-builder .aligned-criterion")
    assert criteria.count() == 5
    texts = [criteria.nth(i).inner_text() for i in range(5)]
    assert [t.split(" ·")[0] for t in texts] == list("SMART")
    assert all("✗ Needs work" in t and "Hint:" in t for t in texts)
    assert "“the team” is a group" in texts[2]
    assert "“ASAP” is not a date" in texts[4]
    sentence = page.get_by_label(SENTENCE_LABEL, exact=True)
    assert "[deadline]" in sentence.input_value()
    assert_stayed_offline_and_quiet(page)


def test_a_smart_goal_is_typed_checked_and_copied(page, voila_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=voila_server.url)
    open_lesson(page, voila_server)
    goal = Goal(
        action="Bake each day's bread to the morning huddle's order count",
        metric="waste",
        unit="% of items baked",
        baseline="10.7",
        target="8",
        owner="Maria (head baker)",
        resources="the huddle's order sheet and ten minutes a day",
        deadline=(date.today() + timedelta(days=120)).isoformat(),
        relevance="fresh bread every day",
    )
    type_goal(page, goal)
    press_button(page, "Check my goal")
    page.get_by_role("status").filter(has_text="All 5 criteria met").wait_for()
    criteria = page.locator(".aligned-smart-builder .aligned-criterion")
    assert criteria.count() == 5
    assert all("✓ Met" in criteria.nth(i).inner_text() for i in range(5))

    # The sentence is read-only, but it can be selected as a whole.
    expected = goal_sentence(goal)
    sentence = page.get_by_label(SENTENCE_LABEL, exact=True)
    assert sentence.input_value() == expected
    assert sentence.get_attribute("readonly") is not None
    assert not sentence.is_editable()
    selected = sentence.evaluate(
        "el => { el.focus(); el.select(); return el.value.slice(el.selectionStart, el.selectionEnd); }"
    )
    assert selected == expected

    # The copy button works offline, from the keyboard.
    press_button(page, "Copy to clipboard")
    page.get_by_role("status").filter(has_text="Copied to the clipboard.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert_stayed_offline_and_quiet(page)


def test_fixing_the_owner_turns_one_letter_green(page, voila_server):
    open_lesson(page, voila_server)
    goal = Goal(
        action="Offer a named pastry of the day with every coffee order before 11 am",
        metric="coffee orders with a pastry",
        unit="% of coffee orders",
        baseline="18",
        target="26",
        owner="everyone",
        resources="a one-page script and a counter sign",
        deadline=(date.today() + timedelta(days=90)).isoformat(),
    )
    type_goal(page, goal)
    press_button(page, "Check my goal")
    alert = page.get_by_role("alert").filter(has_text="4 of 5 criteria met")
    alert.wait_for()
    assert "Needs work: Assignable" in alert.inner_text()
    owner = field(page, "owner")
    owner.fill("Lena (barista lead)")
    owner.press("Tab")
    press_button(page, "Check my goal")
    page.get_by_role("status").filter(has_text="All 5 criteria met").wait_for()
    assert "Lena (barista lead) will offer" in page.get_by_label(SENTENCE_LABEL).input_value()
    assert_stayed_offline_and_quiet(page)
