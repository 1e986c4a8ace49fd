"""The facilitator dashboard's widgets in plain pytest: no kernel, no browser, a real SQLite store.

Participants answer through the store here (their page is served without a kernel and is tested
over HTTP in test_live_server.py and in the browser in test_browser_live.py)."""

import asyncio
import collections
import threading

import pytest

from widgets.core import sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.live.dashboard import FacilitatorDashboard
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


def answer_culture(store, code, now=CULTURE_EXAMPLE_NOW, preferred=CULTURE_EXAMPLE_PREFERRED):
    return store.submit(code, sessions.new_key(), "culture", {"now": now, "preferred": preferred})


def answer_pulse(store, code, direction=4):
    return store.submit(code, sessions.new_key(), "pulse", {"direction": direction, "connection": 3, "voice": 5})


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


def test_the_banner_links_the_participant_page_served_without_a_kernel(store):
    dashboard = FacilitatorDashboard(store=store, token="room-token",
                                     context={"host": "10.0.0.5", "port": "8866",
                                              "script_name": "/voila/render/live/facilitator.ipynb"})
    dashboard.title_input.value = "Room"
    dashboard.create()
    link = f"http://10.0.0.5:8866/aligned/join/{sessions.format_code(dashboard.code)}?token=room-token"
    assert link in dashboard.banner.value
    assert "participant.ipynb" not in dashboard.banner.value


def test_the_aggregate_appears_with_the_fifth_answer_and_not_before(store):
    dashboard = make_dashboard(store)
    for n in range(1, 6):
        answer_culture(store, dashboard.code)
        dashboard.refresh()
        panel = dashboard.panels["culture"].children
        if n < 5:
            assert len(panel) == 2 and "appears when 5 people" in panel[1].value
        else:
            kinds = [type(child).__name__ for child in panel]
            # Issue 15: the spread chart (the middle half) appears from twice the threshold.
            assert kinds.count("JupyterChart") == 1  # the kite
            assert "Gaps worth discussing" in panel[2].value
            assert "5 answers shown; the next update comes after 5 more" in panel[0].value
    assert "5 people have answered" in dashboard.count_html.value
    for n in range(6, 11):
        answer_culture(store, dashboard.code)
        dashboard.refresh()
        panel = dashboard.panels["culture"].children
        if n < 10:  # the room still sees the first five: one more answer would give itself away
            assert f"5 answers shown; the next update comes after {10 - n} more" in panel[0].value
    assert [type(child).__name__ for child in panel].count("JupyterChart") == 2  # the kite and the spread
    assert "10 answers shown" in panel[0].value


class CountingStore:
    """A real store whose calls are counted (a spy: every call goes through to the store)."""

    def __init__(self, store: LiveStore):
        self.store = store
        self.calls: collections.Counter = collections.Counter()

    def __getattr__(self, name):
        found = getattr(self.store, name)
        if not callable(found):
            return found

        def counted(*args, **kwargs):
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


def test_a_refresh_reads_one_cheap_query_and_nothing_else_while_no_answer_arrives(store):
    """Issue 15: the trainer's dashboard ticks every few seconds; a quiet tick costs one query."""
    spy = CountingStore(store)
    dashboard = make_dashboard(spy, ("culture", "pulse"))
    answer_pulse(store, dashboard.code)
    dashboard.refresh()
    assert "1 person has answered" in dashboard.count_html.value
    spy.calls.clear()
    for _ in range(3):
        dashboard.refresh()
    assert spy.calls == {"last_change": 3}
    assert "Updated" in dashboard.updated_html.value
    answer_pulse(store, dashboard.code)
    dashboard.refresh()
    assert "2 people have answered" in dashboard.count_html.value
    # only the activity whose count moved is recomputed
    assert (spy.calls["last_change"], spy.calls["counts"], spy.calls["aggregate"]) == (4, 1, 1)


def test_replaced_answers_move_the_panel_without_new_ones_and_closing_redraws_it(store):
    """Sending again replaces an answer (the count stays): the panel still counts it as changed;
    closing the session from the dashboard redraws the panels though no answer arrived."""
    dashboard = make_dashboard(store, ("pulse",))
    keys = [sessions.new_key() for _ in range(5)]
    for key in keys:
        store.submit(dashboard.code, key, "pulse", {"direction": 2, "connection": 3, "voice": 5})
    dashboard.refresh()
    status = dashboard.panels["pulse"].children[0].value
    assert "5 answers shown; the next update comes after 5 more" in status
    for key in keys[:3]:
        store.submit(dashboard.code, key, "pulse", {"direction": 5, "connection": 3, "voice": 5})
    dashboard.refresh()
    status = dashboard.panels["pulse"].children[0].value
    assert "5 answers shown; the next update comes after 2 more" in status
    assert "5 people have answered" in dashboard.count_html.value
    dashboard.toggle_open()
    assert "The session is closed" in dashboard.panels["pulse"].children[0].value
    assert "closed to new answers" in dashboard.banner.value


def test_a_session_closed_from_the_command_line_shows_on_the_dashboard_at_the_next_tick(store):
    dashboard = make_dashboard(store, ("pulse",))
    trainer_key = dashboard.trainer_key
    for _ in range(5):
        answer_pulse(store, dashboard.code)
    dashboard.refresh()
    assert "open for answers" in dashboard.banner.value
    store.close_session(dashboard.code, trainer_key)  # as `python -m widgets.live close` does
    dashboard.refresh()
    assert "closed to new answers" in dashboard.banner.value
    assert "The session is closed" in dashboard.panels["pulse"].children[0].value
    assert dashboard.toggle_button.description == "Reopen for answers"
    store.reopen_session(dashboard.code, trainer_key)
    dashboard.refresh()
    assert "open for answers" in dashboard.banner.value


def test_a_failing_refresh_is_said_on_the_page_and_the_next_tick_recovers(store):
    class FailingOnce(CountingStore):
        armed = False

        def aggregate(self, *args, **kwargs):
            if self.armed:
                self.armed = False
                raise RuntimeError("the database restarted")
            return self.store.aggregate(*args, **kwargs)

    failing = FailingOnce(store)
    dashboard = make_dashboard(failing, ("pulse",))
    failing.armed = True
    for _ in range(5):
        answer_pulse(store, dashboard.code)
    dashboard.tick()  # no exception escapes: the refresh loop would have died
    assert "Something went wrong while refreshing the room" in dashboard.updated_html.value
    dashboard.tick()
    assert "5 answers shown" in dashboard.panels["pulse"].children[0].value
    assert "Updated" in dashboard.updated_html.value


def test_the_dashboard_refreshes_by_itself_on_the_event_loop(store):
    dashboard = make_dashboard(store, ("pulse",))
    dashboard.refresh_seconds = 0.05

    async def scenario():
        dashboard.start()
        answer_pulse(store, dashboard.code)
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
        answer_pulse(store, dashboard.code, direction)
    answer_culture(store, dashboard.code)
    report = session_report(store, dashboard.code, dashboard.trainer_key)
    assert report.count("<svg") >= 1
    assert "appears when 5 people have answered (4 more)" in report
    assert "http://" not in report.replace("http://www.w3.org", "")
    exported = exportable_csv(store, dashboard.code, dashboard.trainer_key)
    assert ",pulse," in exported and ",culture," not in exported
    dashboard.export()
    assert "report.html" in dashboard.export_html.value


def test_the_dashboard_and_report_show_before_against_after_and_the_reaction(store, tmp_path):
    """The knowledge check's two sides per objective (a side below the threshold not shown) and
    the reaction form: ratings, the 0-10 distribution, and free text only from the threshold,
    each list on its own, never beside a rating; comments.csv apart from responses.csv."""
    from widgets.core import evaluation
    from widgets.live.report import export_session

    dashboard = make_dashboard(store, activities=("reaction",))
    assert "check_before" not in dashboard.activity_inputs  # the lesson adds both checks
    dashboard = FacilitatorDashboard(store=store)
    dashboard.title_input.value = "Metrics day"
    for activity, box in dashboard.activity_inputs.items():
        box.value = activity == "reaction"
    dashboard.lesson_input.value = "alignment-metrics"
    dashboard.create()
    assert dashboard.session.activities == ("check_before", "check_after", "reaction")
    bank = evaluation.live_bank("alignment-metrics")
    right = {q.key: q.answer for q in bank.questions}
    for number in range(5):
        store.submit(dashboard.code, sessions.new_key(), "check_before", right)
        store.submit(dashboard.code, sessions.new_key(), "reaction",
                     {"relevance": 4, "confidence": 4, "recommend": 5 + number, "useful": f"Useful <b>{number}</b>",
                      "change": "More time" if number < 2 else ""})
    for _ in range(3):
        store.submit(dashboard.code, sessions.new_key(), "check_after", right)
    dashboard.refresh()
    after_panel = " ".join(getattr(child, "value", "") for child in dashboard.panels["check_after"].children)
    assert "Knowledge check: before against after" in after_panel
    assert "100 % (10 of 10 answers)" in after_panel and "not shown (fewer than 5 people)" in after_panel
    reaction_panel = " ".join(getattr(child, "value", "") for child in dashboard.panels["reaction"].children)
    assert "Useful &lt;b&gt;3&lt;/b&gt;" in reaction_panel and "<b>3</b>" not in reaction_panel
    assert "More time" not in reaction_panel and "2 written" in reaction_panel
    report = session_report(store, dashboard.code, dashboard.trainer_key)
    assert "Knowledge check (alignment-metrics): before against after" in report
    assert report.count("not shown (fewer than 5 people)") >= len(bank.objectives)
    assert "net promoter score -20" in report  # 5-9: two detractors, two passives, one promoter
    assert "More time" not in report
    comments = report.split('<ul class="aligned-comments">')[1].split("</ul>")[0]
    assert comments.count("<li>") == 5 and all(f"<li>Useful &lt;b&gt;{n}&lt;/b&gt;</li>" in comments for n in range(5))
    paths = export_session(store, dashboard.code, dashboard.trainer_key, tmp_path / "export")
    assert paths["comments"].read_text().splitlines()[0] == "session,question,text"
    assert "Useful" not in paths["responses"].read_text()
