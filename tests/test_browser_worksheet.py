"""A structured worksheet as a learner meets it: real Voila, real Chromium, keyboard only.

The after-action review in the shared-mental-models lesson: checked empty (the problems, as an
alert), filled from the keyboard with two of the four questions open (the feedback says which),
completed (all four answered), then downloaded as Markdown from a data URI."""

import re

import pytest
from playwright.sync_api import expect

from conftest import open_page
from widgets.core import worksheet

pytestmark = pytest.mark.browser

NAME = "after-action-review"
PATH = "/voila/render/advanced/shared-mental-models.ipynb"


def type_into(box, label: str, text: str) -> None:
    """Focus a labelled field, type, and leave it with Tab (the value is sent on leaving)."""
    field = box.get_by_label(label, exact=True)
    field.focus()
    field.page.keyboard.type(text)
    field.page.keyboard.press("Tab")
    expect(field).to_have_value(text)


def press(button) -> None:
    button.focus()
    button.page.keyboard.press("Enter")


def test_learner_fills_an_after_action_review_from_the_keyboard(page, voila_server):
    sheet = worksheet.load_worksheet(NAME)
    open_page(page, voila_server.url + PATH, server=voila_server)
    box = page.locator(f".aligned-worksheet-{NAME}")
    box.get_by_role("heading", name=sheet.title).wait_for()
    check = box.get_by_role("button", name=re.compile(r"Check my worksheet$"))

    # Checked empty: what to fill in, as an alert, never a traceback.
    press(check)
    alert = box.get_by_role("alert")
    alert.wait_for()
    assert "The event: please fill this in." in alert.inner_text()
    assert "Traceback" not in page.content()

    type_into(box, "The event", "The December peak")
    type_into(box, "Days between the event and the review", "10")
    order = box.get_by_label("Who speaks first?", exact=True)
    order.focus()
    page.keyboard.type("Everyone")  # the select's type-ahead picks the option
    page.keyboard.press("Tab")
    chosen = order.evaluate("e => e.options[e.selectedIndex].text").replace("\xa0", " ")  # ipywidgets keeps spaces
    assert chosen == sheet.field("order").options[0]
    type_into(box, "1. What was supposed to happen? (optional)", "Every order out within 48 hours.")
    type_into(box, "2. What actually happened? (optional)", "A third of the orders were late.")
    type_into(box, "What an AAR cannot do here", "It cannot add people to a short-staffed week.")
    type_into(box, "Change 1: Change", "Agree the December rota in October")
    type_into(box, "Change 1: Owner", "Ana")
    type_into(box, "Change 1: By when", "15 October")

    press(check)
    feedback = box.locator("table.aligned-table")
    feedback.wait_for()
    expect(alert).to_have_count(0)
    text = feedback.inner_text()
    assert "Still open: “3. Why was there a difference?” and “4. What will we sustain" in text
    assert "10 days after the event" in text and "Every change has an owner and a date." in text
    expect(box.get_by_role("status")).to_contain_text("checks found what a strong worksheet usually has")

    type_into(box, "3. Why was there a difference? (optional)", "The rota was agreed two weeks before the peak.")
    type_into(box, "4. What will we sustain, and what will we change next time? (optional)",
              "Sustain the daily huddle; change when the rota is agreed.")
    press(check)
    expect(feedback).to_contain_text("All four questions are answered.")
    expect(feedback.locator("td.aligned-pending")).to_have_count(0)

    # Download: a data URI, saved by the browser; nothing leaves the page.
    press(box.get_by_role("button", name=re.compile(r"Download as Markdown$")))
    link = box.get_by_role("link", name=f"Save {NAME}.md")
    link.wait_for()
    with page.expect_download() as download:
        press(link)
    saved = download.value
    assert saved.suggested_filename == f"{NAME}.md"
    content = open(saved.path(), encoding="utf-8").read()
    assert content.startswith(f"# {sheet.title}") and "The December peak" in content
    assert "| Agree the December rota in October | Ana | 15 October |" in content

    assert page.watch.external_requests == []
    assert page.watch.console_errors == []
