"""The workshop as a trainer and a participant meet it: real Voila, real headless Chromium."""

import re

import pytest

from conftest import open_page, start_voila
from widgets.core.culture import CULTURE_TYPES, DIMENSIONS, STATEMENTS

pytestmark = pytest.mark.browser

NOW = (40, 20, 15, 25)
PREFERRED = (25, 35, 20, 20)
LESSON_PATH = "/voila/render/advanced/culture-archetypes.ipynb"


def statement_input(page, dimension, culture_type, phase):
    label = f"{'ABCD'[CULTURE_TYPES.index(culture_type)]}. {STATEMENTS[dimension][culture_type]}"
    # The same statement appears once for Now and once for Preferred, in that order.
    return page.get_by_label(label, exact=True).nth(0 if phase == "Now" else 1)


def fill_phase(page, phase, points):
    for dimension in DIMENSIONS:
        for culture_type, value in zip(CULTURE_TYPES, points):
            box = statement_input(page, dimension, culture_type, phase)
            box.fill(str(value))
            box.press("Tab")


def lesson_link(hub):
    """The hub's curriculum link to the lesson (the glossary and the progress panel link it too)."""
    return hub.get_by_role("navigation", name="Curriculum").get_by_role("link", name=re.compile("^Culture archetypes"))


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def test_root_opens_the_hub_listing_every_level(page, voila_server):
    page.goto(voila_server.url + "/")
    page.wait_for_url(re.compile(r"/voila/render/index\.ipynb$"))
    for level in ("Fundamentals", "Intermediate", "Advanced"):
        page.get_by_role("heading", name=level, exact=True).wait_for()
    assert lesson_link(page).count() == 1
    assert_stayed_offline_and_quiet(page)


def test_participant_completes_the_archetype_assessment(page, voila_server):
    # 1. From the hub, follow the link to the lesson. Links in rendered output open a new
    #    tab, which keeps the hub at hand for the trainer.
    hub = page
    open_page(hub, voila_server.url + "/voila/render/index.ipynb", server=voila_server)
    with hub.context.expect_page() as new_tab:
        lesson_link(hub).click()
    page = new_tab.value
    page.wait_for_url(re.compile(re.escape(LESSON_PATH) + "$"))
    first = statement_input(page, "dominant_characteristics", "clan", "Now")
    first.wait_for()

    # Participants do not see the instructor notes, nor any code.
    assert page.get_by_text("Instructor note", exact=False).count() == 0
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.get_by_text("ArchetypeQuiz()").count() == 0

    # 2. One dimension sums to 90: the widget says so, names it, and draws nothing.
    fill_phase(page, "Now", NOW)
    short = statement_input(page, "strategic_emphases", "market", "Now")
    short.fill("5")
    short.press("Tab")
    page.get_by_text("Strategic emphases: 10 points left", exact=False).first.wait_for()
    page.get_by_role("button", name="Show my profile").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Strategic emphases: 10 points left to give" in alert.inner_text()
    assert page.locator(".vega-embed svg").count() == page.locator(".jp-OutputArea .vega-embed svg").count()
    charts_before = page.locator(".aligned-activity .vega-embed").count()
    assert charts_before == 0

    # 3. Correct it, fill Preferred, and show the profile.
    short.fill("15")
    short.press("Tab")
    fill_phase(page, "Preferred", PREFERRED)
    page.get_by_role("button", name="Show my profile").click()
    page.get_by_role("status").filter(has_text="Your profile is ready").wait_for()
    chart = page.locator(".aligned-activity .vega-embed svg").first
    chart.wait_for()
    embed = page.locator(".aligned-activity .vega-embed").first
    assert embed.get_attribute("role") == "graphics-document"
    assert "Kite chart of the Competing Values Framework" in embed.get_attribute("aria-label")
    # Marks: two kite outlines (one dashed) and eight profile points.
    lines = chart.locator("g.mark-line.role-mark path")
    assert lines.count() >= 2
    dashed = [
        lines.nth(i).get_attribute("stroke-dasharray")
        for i in range(lines.count())
    ]
    assert any(d and d.replace(" ", "") == "6,4" for d in dashed)
    assert chart.locator("g.mark-symbol.role-mark path").count() == 8
    for quadrant in ("Clan (Collaborate)", "Market (Compete)"):
        assert chart.get_by_text(quadrant).count() == 1
    summary = page.locator(".aligned-summary")
    assert "Dominant type now: Clan" in summary.inner_text()
    assert "Clan decrease by 15, Adhocracy increase by 15" in summary.inner_text()

    # 4. Nothing left localhost and nothing went wrong in the console.
    assert_stayed_offline_and_quiet(page)


def test_inputs_work_from_the_keyboard(page, voila_server):
    open_page(page, voila_server.url + LESSON_PATH, server=voila_server)
    first = statement_input(page, "dominant_characteristics", "clan", "Now")
    first.wait_for()
    first.focus()
    page.keyboard.type("70")
    page.keyboard.press("Tab")
    second = statement_input(page, "dominant_characteristics", "adhocracy", "Now")
    assert second.evaluate("element => element === document.activeElement")
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.get_by_text("Dominant characteristics: ✓ 100 points given").first.wait_for()
    assert_stayed_offline_and_quiet(page)


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    """Voila as `make workshop-room` runs it, but on loopback: token required."""
    server = start_voila(tmp_path_factory.mktemp("room"), ("--token=room-test-token",))
    yield server
    server.stop()


def test_room_server_needs_the_token_and_then_works_across_pages(page, room_server):
    page.goto(room_server.url + "/voila/render/index.ipynb")
    assert "/login" in page.url  # no token, no workshop
    assert page.get_by_role("heading", name="Advanced", exact=True).count() == 0
    open_page(page, room_server.url + "/voila/render/index.ipynb?token=room-test-token", server=room_server)
    page.get_by_role("heading", name="Advanced", exact=True).wait_for()
    with page.context.expect_page() as new_tab:
        lesson_link(page).click()
    lesson = new_tab.value
    statement_input(lesson, "dominant_characteristics", "clan", "Now").wait_for()
    assert page.watch.external_requests == []
