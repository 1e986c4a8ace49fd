"""The live pages' widgets in plain pytest: no kernel, no browser, a real SQLite store."""

import asyncio
import copy
import threading

import pytest

from widgets.core import sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.live.dashboard import FacilitatorDashboard
from widgets.live.participant import ParticipantPage
from widgets.live.report import exportable_csv, session_report
from widgets.live.store import LiveStore


@pytest.fixture
def store(tmp_path):
    opened = LiveStore(f"sqlite:///{tmp_path / 'live.sqlite'}")
    yield opened
    opened.close()


def make_dashboard(store, activities=("culture", "pulse")) -> FacilitatorDashboard:
    dashboard = FacilitatorDashboard(store=store)
    dashboard.title_input.value = "Leadership day"
    for activity, box in dashboard.activity_inputs.items():
        box.value = activity in activities
    dashboard.create()
    return dashboard


def answer_culture(page: ParticipantPage, now=CULTURE_EXAMPLE_NOW, preferred=CULTURE_EXAMPLE_PREFERRED):
    form = page.forms["culture"]
    form.form.set_allocation("Now", now)
    form.form.set_allocation("Preferred", preferred)
    form.send_answers()
    return form


def answer_pulse(page: ParticipantPage, direction=4):
    form = page.forms["pulse"]
    form.form.set_answers({"direction": direction, "connection": 3, "voice": 5})
    form.send_answers()
    return form


def test_creating_a_session_opens_its_dashboard_with_a_private_link(store):
    dashboard = make_dashboard(store)
    assert dashboard.session.activities == ("culture", "pulse")
    assert f"key={dashboard.trainer_key}" in dashboard.messages.value
    assert sessions.format_code(dashboard.code) in dashboard.banner.value
    assert "0 people have answered" in dashboard.count_html.value


def test_the_create_form_refuses_a_threshold_below_three_and_no_activity(store):
    dashboard = FacilitatorDashboard(store=store)
    dashboard.threshold_input.value = 2
    dashboard.create()
    assert "cannot be below 3" in dashboard.messages.value
    for box in dashboard.activity_inputs.values():
        box.value = False
    dashboard.threshold_input.value = 5
    dashboard.create()
    assert "at least one activity" in dashboard.messages.value
    assert dashboard.code is None


def test_the_dashboard_needs_the_trainer_key(store):
    session, key = store.create_session("pulse")
    denied = FacilitatorDashboard(code=session.code, trainer_key="not-the-trainer-key", store=store)
    assert denied.body.children == ()
    assert "trainer who created the session" in denied.messages.value
    assert FacilitatorDashboard(code=session.code, trainer_key=key, store=store).code == session.code


def test_a_participant_sees_a_confirmation_and_only_their_own_result(store):
    dashboard = make_dashboard(store)
    page = ParticipantPage(code=sessions.format_code(dashboard.code), store=store)
    form = answer_culture(page)
    assert "Sent at" in form.messages.value
    assert "only you see this" in form.own_result.value
    assert page.forms["culture"].form.chart_widget is not None  # their own kite chart
    assert store.counts(dashboard.code)["culture"] == 1


def test_sending_again_replaces_the_answer(store):
    dashboard = make_dashboard(store)
    page = ParticipantPage(code=dashboard.code, store=store)
    answer_pulse(page, 1)
    answer_pulse(page, 5)
    assert store.counts(dashboard.code)["pulse"] == 1
    assert store.own_answers(dashboard.code, page.participant_key, "pulse")["direction"] == 5


def test_bad_points_are_refused_in_the_page_and_nothing_is_stored(store):
    dashboard = make_dashboard(store)
    page = ParticipantPage(code=dashboard.code, store=store)
    preferred = copy.deepcopy(CULTURE_EXAMPLE_PREFERRED)
    preferred["organizational_leadership"]["clan"] -= 10
    form = answer_culture(page, preferred=preferred)
    assert "Not sent yet" in form.messages.value
    assert "10 points left" in form.messages.value
    assert 'role="alert"' in form.messages.value
    assert store.counts(dashboard.code)["culture"] == 0


def test_an_empty_pulse_is_refused_politely(store):
    dashboard = make_dashboard(store)
    form = ParticipantPage(code=dashboard.code, store=store).forms["pulse"]
    form.send_answers()
    assert "Please answer" in form.messages.value
    assert store.counts(dashboard.code)["pulse"] == 0


def test_unknown_codes_and_closed_sessions_are_explained(store):
    page = ParticipantPage(code="ZZZZ-ZZZZ", store=store)
    assert "There is no session ZZZZ-ZZZZ" in page.messages.value
    assert page.forms == {}
    assert page.join_box.layout.display != "none"
    nonsense = ParticipantPage(code="hello", store=store)
    assert "is not a session code" in nonsense.messages.value
    dashboard = make_dashboard(store)
    page = ParticipantPage(code=dashboard.code, store=store)
    dashboard.toggle_open()
    form = answer_pulse(page)
    assert "closed to new answers" in form.messages.value
    assert "Please fix" not in form.messages.value
    assert store.counts(dashboard.code)["pulse"] == 0


def test_joining_by_typing_the_code(store):
    dashboard = make_dashboard(store)
    page = ParticipantPage(store=store)
    page.code_input.value = sessions.format_code(dashboard.code).lower()
    page.join_button.click()
    assert set(page.forms) == {"culture", "pulse"}
    assert page.join_box.layout.display == "none"


def test_the_aggregate_appears_with_the_fifth_answer_and_not_before(store):
    dashboard = make_dashboard(store)
    for n in range(1, 6):
        answer_culture(ParticipantPage(code=dashboard.code, store=store))
        dashboard.refresh()
        panel = dashboard.panels["culture"].children
        if n < 5:
            assert len(panel) == 2 and "appears when 5 people" in panel[1].value
        else:
            kinds = [type(child).__name__ for child in panel]
            assert kinds.count("JupyterChart") == 2  # the kite and the spread
            assert "Gaps worth discussing" in panel[2].value
    assert "5 people have answered" in dashboard.count_html.value


def test_the_dashboard_refreshes_by_itself_on_the_event_loop(store):
    dashboard = make_dashboard(store, ("pulse",))
    dashboard.refresh_seconds = 0.05

    async def scenario():
        dashboard.start()
        answer_pulse(ParticipantPage(code=dashboard.code, store=store))
        await asyncio.sleep(0.3)
        dashboard.stop()

    # A thread of its own: Playwright's sync API may hold a running loop in this one.
    runner = threading.Thread(target=asyncio.run, args=(scenario(),))
    runner.start()
    runner.join(timeout=30)
    assert "1 person has answered" in dashboard.count_html.value


def test_the_report_and_csv_hold_no_small_groups(store):
    dashboard = make_dashboard(store)
    for direction in range(1, 6):
        answer_pulse(ParticipantPage(code=dashboard.code, store=store), direction)
    answer_culture(ParticipantPage(code=dashboard.code, store=store))
    report = session_report(store, dashboard.code, dashboard.trainer_key)
    assert report.count("<svg") >= 1
    assert "appears when 5 people have answered (4 more)" in report
    assert "http://" not in report.replace("http://www.w3.org", "")
    exported = exportable_csv(store, dashboard.code, dashboard.trainer_key)
    assert ",pulse," in exported and ",culture," not in exported
    dashboard.export()
    assert "report.html" in dashboard.export_html.value
