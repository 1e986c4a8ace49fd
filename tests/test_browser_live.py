"""Live sessions in a real Voila and headless Chromium: participants' pages and the dashboard.

These tests start their own Voila with a small participant pool (2 kernels), so that opening
more pages than the pool holds is part of every run: a page must never be left without its
kernel.
"""

import re

import pytest

from conftest import open_page, start_voila
from widgets.core import sessions
from widgets.live.store import LiveStore

pytestmark = pytest.mark.browser

POOLS = (
    '{"default": {"pool_size": 0}, "live/participant.ipynb": {"pool_size": 2}, '
    '"live/facilitator.ipynb": {"pool_size": 1}}'
)
LIVE_ARGS = (f"--VoilaKernelManager.kernel_pools_config={POOLS}",)
WIDGET_TIMEOUT = 240_000  # a kernel started on demand on a loaded two-core machine


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    server = start_voila(tmp_path_factory.mktemp("live"), LIVE_ARGS, pools=2)
    yield server
    server.stop()


@pytest.fixture
def store():
    opened = LiveStore()  # the same database as the server's kernels (ALIGNED_STATE_DIR)
    yield opened
    opened.close()


def participant_url(server, code) -> str:
    return f"{server.url}/voila/render/live/participant.ipynb?session={sessions.format_code(code)}"


def dashboard_url(server, code, key) -> str:
    return f"{server.url}/voila/render/live/facilitator.ipynb?session={sessions.format_code(code)}&key={key}"


def send_pulse(page, answer: int) -> None:
    label = {
        1: "1 Strongly disagree", 2: "2 Disagree", 3: "3 Neither agree nor disagree",
        4: "4 Agree", 5: "5 Strongly agree",
    }[answer]
    radios = page.get_by_role("radio", name=label, exact=True)
    for index in range(3):
        radios.nth(index).check()
    page.get_by_role("button", name=re.compile("Send my pulse answers")).click()
    page.get_by_text(re.compile("^Sent at")).wait_for()


def open_participant(context, server, code):
    participant = context.new_page()
    open_page(participant, participant_url(server, code), server=server)
    participant.get_by_role("button", name=re.compile("Send my pulse answers")).wait_for(timeout=WIDGET_TIMEOUT)
    return participant


def assert_stayed_offline_and_quiet(page):
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def test_the_aggregate_appears_after_the_fifth_answer_and_not_before(page, live_server, store):
    session, key = store.create_session(["pulse"], "Projector test", 5)
    dashboard = page
    open_page(dashboard, dashboard_url(live_server, session.code, key), server=live_server)
    dashboard.get_by_text("0 people have answered").wait_for(timeout=WIDGET_TIMEOUT)
    assert dashboard.locator(".aligned-live-code").inner_text() == sessions.format_code(session.code)
    participants = [open_participant(dashboard.context, live_server, session.code) for _ in range(5)]
    for number, participant in enumerate(participants, start=1):
        send_pulse(participant, 1 + number % 5)
        counted = "1 person has answered" if number == 1 else f"{number} people have answered"
        dashboard.get_by_text(counted).wait_for()  # the dashboard refreshed by itself
        if number < 5:
            assert dashboard.get_by_text(re.compile(r"appears when 5 people have answered")).count() == 1
            assert dashboard.locator(".vega-embed").count() == 0
    dashboard.locator(".vega-embed svg").first.wait_for()
    assert dashboard.get_by_text(re.compile("appears when 5 people")).count() == 0
    assert dashboard.get_by_role("heading", name=re.compile("Pulse check: 5 answers")).count() == 1
    # Each participant sees only a confirmation and their own answers: no aggregate, no chart.
    for participant in participants:
        assert participant.locator(".vega-embed").count() == 0
        assert participant.get_by_text(re.compile(r"^\d+ (people have|person has) answered$")).count() == 0
    assert store.counts(session.code) == {"pulse": 5}
    for opened in (dashboard, *participants):
        assert_stayed_offline_and_quiet(opened)


def test_more_simultaneous_pages_than_the_pool_all_get_their_widgets(page, live_server, store):
    session, _ = store.create_session(["pulse"])
    pages = [page] + [page.context.new_page() for _ in range(4)]
    for each in pages:  # requested together: the pool of 2 is exhausted at once
        each.goto(participant_url(live_server, session.code), wait_until="commit")
    for each in pages:
        each.get_by_role("button", name=re.compile("Send my pulse answers")).wait_for(timeout=WIDGET_TIMEOUT)
    send_pulse(pages[-1], 3)
    assert store.counts(session.code) == {"pulse": 1}
    for each in pages:
        assert_stayed_offline_and_quiet(each)


def test_bad_input_closed_sessions_and_unknown_codes_are_explained(page, live_server, store):
    session, key = store.create_session(["culture", "pulse"])
    page.goto(f"{live_server.url}/voila/render/live/participant.ipynb?session=ZZZZ-ZZZZ")
    page.get_by_text("There is no session ZZZZ-ZZZZ").wait_for(timeout=WIDGET_TIMEOUT)
    code_box = page.get_by_label("Session code")
    code_box.fill(sessions.format_code(session.code))
    code_box.press("Tab")
    page.get_by_role("button", name=re.compile("Join")).click()
    page.get_by_role("button", name=re.compile("Send my culture answers")).click()
    page.get_by_text("Not sent yet. Please fix this first:").wait_for()
    assert page.get_by_text(re.compile("100 points left")).count() >= 1
    assert store.counts(session.code) == {"culture": 0, "pulse": 0}

    dashboard = page.context.new_page()
    open_page(dashboard, dashboard_url(live_server, session.code, key), server=live_server)
    dashboard.get_by_role("button", name=re.compile("Close to new answers")).click(timeout=WIDGET_TIMEOUT)
    dashboard.get_by_text("closed to new answers").wait_for()
    radios = page.get_by_role("radio", name="4 Agree", exact=True)
    for index in range(3):
        radios.nth(index).check()
    page.get_by_role("button", name=re.compile("Send my pulse answers")).click()
    page.get_by_text(re.compile("Not sent. This session is closed")).wait_for()
    assert store.counts(session.code) == {"culture": 0, "pulse": 0}
    for opened in (page, dashboard):
        assert_stayed_offline_and_quiet(opened)


def test_the_dashboard_needs_the_trainer_key(page, live_server, store):
    session, _ = store.create_session(["pulse"])
    page.goto(dashboard_url(live_server, session.code, "a-wrong-trainer-key-123"))
    page.get_by_text("This dashboard is for the trainer who created the session").wait_for(timeout=WIDGET_TIMEOUT)
    assert page.get_by_text(sessions.format_code(session.code)).count() == 0
    assert page.get_by_role("button", name=re.compile("Close to new answers")).count() == 0
    assert_stayed_offline_and_quiet(page)


def test_a_trainer_creates_a_session_from_the_dashboard(page, live_server, store):
    open_page(page, f"{live_server.url}/voila/render/live/facilitator.ipynb", server=live_server)
    page.get_by_label("Session title").fill("Leadership day")
    page.get_by_label("Session title").press("Tab")
    page.get_by_role("button", name=re.compile("Create session")).click(timeout=WIDGET_TIMEOUT)
    page.get_by_text("Session created.").wait_for()
    code = re.search(r"session=([A-Z0-9]{4}-[A-Z0-9]{4})", page.content()).group(1)
    assert store.session(code).title == "Leadership day"
    assert store.session(code).activities == ("culture", "pulse")
    assert_stayed_offline_and_quiet(page)


def test_every_response_survives_a_server_restart(page, tmp_path, store):
    session, key = store.create_session(["pulse"], "Restart test", 3)
    args = ('--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}',)
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    first = start_voila(tmp_path / "first", args, pools=0)
    try:
        participants = [open_participant(page.context, first, session.code) for _ in range(2)]
        for answer, participant in zip((2, 4), participants):
            send_pulse(participant, answer)
    finally:
        first.stop()
    assert first.process.poll() is not None
    second = start_voila(tmp_path / "second", args, pools=0)
    try:
        dashboard = page.context.new_page()
        open_page(dashboard, dashboard_url(second, session.code, key), server=second)
        dashboard.get_by_text("2 people have answered").wait_for(timeout=WIDGET_TIMEOUT)
        send_pulse(open_participant(page.context, second, session.code), 5)
        dashboard.get_by_text("3 people have answered").wait_for()
        dashboard.locator(".vega-embed svg").first.wait_for()
    finally:
        second.stop()
    answers = sorted(r["direction"] for r in store.answers_for_trainer(session.code, key, "pulse"))
    assert answers == [2, 4, 5]
