"""The personal action plan from a real lesson page: Voila, headless Chromium, keyboard first.

A learner checks a SMART goal, adds it to the plan with one press of "Add to my plan", and the
plan file in the kit's state folder holds it; the plan printed to PDF (the plan view's printer)
carries the goal and the 30/60/90-day review dates.
"""

import io
import json
from datetime import date, timedelta

import pytest

from conftest import open_page, start_voila
from widgets.core import plan
from widgets.core.smart import Goal, goal_sentence
from widgets.smart import FIELDS

pytestmark = pytest.mark.browser

LESSON_PATH = "/voila/render/fundamentals/smart-goals.ipynb"
LABELS = {name: label for name, label, _placeholder, _multiline in FIELDS}


@pytest.fixture(scope="module")
def planning_server(tmp_path_factory):
    state = tmp_path_factory.mktemp("state")
    server = start_voila(tmp_path_factory.mktemp("voila-plan"), env_extra={"ALIGNED_STATE_DIR": str(state)})
    try:
        yield server, state
    finally:
        server.stop()


def press_button(page, name):
    button = page.get_by_role("button", name=name)
    button.focus()
    page.keyboard.press("Enter")


def test_a_checked_goal_goes_into_the_plan_with_one_press(page, planning_server):
    server, state = planning_server
    open_page(page, server.url + LESSON_PATH, server=server)
    page.get_by_label(LABELS["action"], exact=True).wait_for()
    add = page.get_by_role("button", name="Add to my plan")
    assert add.is_disabled()  # no result yet: the button is off and says why
    assert page.get_by_text("Press “Check my goal” first").count() >= 1

    goal = Goal(action="Bake each day's bread to the morning huddle's order count", metric="waste",
                unit="% of items baked", baseline="10.7", target="8", owner="Maria (head baker)",
                resources="the huddle's order sheet and ten minutes a day",
                deadline=(date.today() + timedelta(days=120)).isoformat())
    for name in LABELS:
        box = page.get_by_label(LABELS[name], exact=True)
        box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        value = getattr(goal, name)
        page.keyboard.type("" if value is None else str(value))
        page.keyboard.press("Tab")
    press_button(page, "Check my goal")
    page.get_by_role("status").filter(has_text="All 5 criteria met").wait_for()
    assert not (state / "plan.json").exists()  # nothing is added without the press

    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some(b => b.textContent.includes('Add to my plan')"
        " && !b.disabled)")
    press_button(page, "Add to my plan")
    confirmation = page.get_by_role("status").filter(has_text="Added “")
    confirmation.wait_for()
    text = confirmation.inner_text()
    assert "Added “SMART goal: waste” to your plan" in text
    assert str(state / "plan.json") in text and "this computer only" in text

    data = json.loads((state / "plan.json").read_text(encoding="utf-8"))
    [entry] = data["entries"]
    assert data["format"] == "aligned-plan"
    assert entry["kind"] == "smart" and entry["added"] == date.today().isoformat()
    assert entry["result"]["sentence"] == goal_sentence(goal)
    assert entry["result"]["met"] == 5
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []

    # The plan as the plan view prints it: the goal and the three review dates.
    from pypdf import PdfReader

    from widgets.plan import plan_pdf

    today = date.today()
    document = plan.document(plan.load(state / "plan.json").plan, today, state / "plan.json")
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(plan_pdf(document))).pages).split())
    assert "My action plan" in pdf_text and "SMART goal: waste" in pdf_text
    assert "Maria (head baker)" in pdf_text
    for days in (30, 60, 90):
        assert f"Review on {plan.long_date(today + timedelta(days=days))} ({days} days)" in pdf_text
