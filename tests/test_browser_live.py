"""Live sessions in a real server and headless Chromium: participants' pages and the dashboard.

Participants' pages are served by the server without a kernel (widgets/live/server.py); the
dashboard is a Voila page with one kernel for the trainer.
"""

import re

import pytest

from conftest import open_page, start_voila
from widgets.core import sessions
from widgets.live.store import LiveStore

pytestmark = pytest.mark.browser

POOLS = '{"default": {"pool_size": 0}, "live/facilitator.ipynb": {"pool_size": 1}}'
LIVE_ARGS = (f"--VoilaKernelManager.kernel_pools_config={POOLS}",)
WIDGET_TIMEOUT = 240_000  # a kernel started on demand on a loaded two-core machine


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    server = start_voila(tmp_path_factory.mktemp("live"), LIVE_ARGS, pools=1)
    yield server
    server.stop()


@pytest.fixture
def store():
    opened = LiveStore()  # the same database as the server (ALIGNED_STATE_DIR)
    yield opened
    opened.close()


def participant_url(server, code) -> str:
    return f"{server.url}/aligned/join/{sessions.format_code(code)}"


def dashboard_url(server, code, key) -> str:
    return f"{server.url}/voila/render/live/facilitator.ipynb?session={sessions.format_code(code)}&key={key}"


LIKERT = {1: "1 Strongly disagree", 2: "2 Disagree", 3: "3 Neither agree nor disagree", 4: "4 Agree",
          5: "5 Strongly agree"}


def send_pulse(page, answer: int) -> None:
    radios = page.get_by_role("radio", name=LIKERT[answer], exact=True)
    for index in range(3):
        radios.nth(index).check()
    page.get_by_role("button", name=re.compile("Send my pulse answers")).click()
    page.get_by_text(re.compile("^Sent at")).wait_for()


# The participant key lives in the browser, so tabs of one browser are one participant. A new
# participant in the same browser starts from an empty store (the page reads its key once).
FORGET_PARTICIPANT = """
try { localStorage.clear(); } catch (e) {}
document.cookie.split('; ').filter(c => c.startsWith('aligned_participant_'))
  .forEach(c => { document.cookie = c.split('=')[0] + '=; Max-Age=0; Path=/'; });
"""


def open_participant(context, server, code):
    """A new participant: a tab of its own that forgets earlier participants of this browser."""
    participant = context.new_page()
    participant.add_init_script(FORGET_PARTICIPANT)
    open_page(participant, participant_url(server, code), server=server)
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
        assert participant.locator(".vega-embed, svg, img").count() == 0
        assert participant.get_by_text(re.compile(r"^\d+ (people have|person has) answered$")).count() == 0
    assert store.counts(session.code) == {"pulse": 5}
    for opened in (dashboard, *participants):
        assert_stayed_offline_and_quiet(opened)


def test_many_pages_opened_at_once_are_all_ready_without_a_kernel(page, live_server, store):
    session, _ = store.create_session(["pulse"])
    kernels_before = live_server.log().count("Kernel started")
    pages = [page] + [page.context.new_page() for _ in range(9)]
    for each in pages:  # requested together
        each.goto(participant_url(live_server, session.code), wait_until="commit")
    for each in pages:
        each.locator("html[data-aligned-page=ready]").wait_for(state="attached", timeout=30_000)
    send_pulse(pages[-1], 3)
    assert store.counts(session.code) == {"pulse": 1}
    assert live_server.log().count("Kernel started") == kernels_before  # no kernel per participant
    for each in pages:
        assert_stayed_offline_and_quiet(each)


def test_bad_input_closed_sessions_and_unknown_codes_are_explained(page, live_server, store):
    session, key = store.create_session(["culture", "pulse"])
    page.goto(f"{live_server.url}/aligned/join/ZZZZ-ZZZZ")
    page.get_by_text("There is no session ZZZZ-ZZZZ").wait_for()
    code_box = page.get_by_label("Session code")
    code_box.fill(sessions.format_code(session.code).lower())
    code_box.press("Enter")
    page.locator("html[data-aligned-page=ready]").wait_for(state="attached")
    first = page.get_by_label(re.compile("^A\\. ")).first
    first.fill("40")
    assert page.get_by_text("Dominant characteristics: 60 points left").count() == 1  # live, as typed
    page.get_by_role("button", name=re.compile("Send my culture answers")).click()
    page.get_by_text("Not sent yet. Please fix this first:").wait_for()
    beside = page.locator("fieldset[data-field='culture.now.dominant_characteristics'] .field-problem")
    assert "60 points left to give" in beside.inner_text()  # beside its field
    assert first.get_attribute("aria-invalid") == "true"
    assert first.input_value() == "40"  # a failed send keeps what was typed
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
    assert radios.nth(2).is_checked()
    assert store.counts(session.code) == {"culture": 0, "pulse": 0}
    # The browser logs the refusals' HTTP statuses (404 unknown code, 400 bad answers, 409 closed)
    # as console errors; they are the answers this test asked for, and nothing else may be there.
    expected = re.compile(r"Failed to load resource: the server responded with a status of (404|400|409)")
    page.watch.console_errors[:] = [e for e in page.watch.console_errors if not expected.match(e)]
    for opened in (page, dashboard):
        assert_stayed_offline_and_quiet(opened)


def test_a_reload_is_the_same_participant_and_sending_again_replaces(page, live_server, store):
    session, _ = store.create_session(["culture", "pulse"])
    asked = []  # "what did I send before?": never on a first visit (a new key has sent nothing)
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/mine") else None)
    open_page(page, participant_url(live_server, session.code), server=live_server)
    page.locator("html[data-aligned-page=ready]").wait_for(state="attached")
    assert asked == []
    send_pulse(page, 2)
    page.get_by_role("button", name="Copy Now into Preferred").wait_for()
    for dimension in range(6):  # 25 points each, Now; then copied into Preferred
        block = page.locator("fieldset[data-phase=now]").nth(dimension)
        for index in range(4):
            block.locator("input").nth(index).fill("25")
    page.get_by_role("button", name="Copy Now into Preferred").click()
    page.get_by_role("button", name=re.compile("Send my culture answers")).click()
    page.locator("#activity-culture .own-chart img").wait_for()  # their own kite chart
    assert page.locator("#activity-culture .own-chart img").get_attribute("alt")
    page.reload()
    page.locator("html[data-aligned-page=ready]").wait_for(state="attached")
    page.get_by_text("You sent these answers earlier").first.wait_for()
    assert len(asked) == 1
    assert page.get_by_role("radio", name=LIKERT[2], exact=True).first.is_checked()
    assert page.locator("fieldset[data-phase=preferred] input").first.input_value() == "25"
    send_pulse(page, 5)
    assert store.counts(session.code) == {"culture": 1, "pulse": 1}
    assert_stayed_offline_and_quiet(page)


def test_a_phone_sized_page_answered_from_the_keyboard(browser, live_server, store):
    session, _ = store.create_session(["pulse"])
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(participant_url(live_server, session.code))
        phone.locator("html[data-aligned-page=ready]").wait_for(state="attached")
        assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360  # no sideways scrolling
        phone.get_by_role("radio", name=LIKERT[1], exact=True).first.focus()
        for _ in range(3):  # each group: arrow to "4 Agree", then Tab to the next group
            for _ in range(3):
                phone.keyboard.press("ArrowDown")
            phone.keyboard.press("Tab")
        assert phone.evaluate("document.activeElement.textContent").startswith("Send my pulse answers")
        phone.keyboard.press("Enter")
        phone.get_by_text(re.compile("^Sent at")).wait_for()
        assert store.own_answers(session.code, phone.evaluate(
            f"localStorage.getItem('aligned.participant.{session.code}')"), "pulse") == \
            {"direction": 4, "connection": 4, "voice": 4}
    finally:
        context.close()


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


def choose_from_keyboard(page, first_radio, position: int) -> None:
    """Select the option at `position` of the radio group whose first radio is focused: Space
    checks the first, each ArrowDown moves on and checks the next."""
    first_radio.focus()
    page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")


def test_the_before_check_and_the_reaction_form_on_a_phone_from_the_keyboard(page, live_server, store):
    from widgets.core import evaluation, knowledge

    session, _ = store.create_session(["reaction"], "Metrics day", 5, lesson="alignment-metrics")
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, participant_url(live_server, session.code), server=live_server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    bank = evaluation.live_bank("alignment-metrics")

    # The before-check: every question from the keyboard, the first one wrong on purpose.
    before = page.locator("#activity-check_before")
    for number, question in enumerate(bank.questions):
        order = knowledge.option_order(bank, question)
        wanted = question.answer if number else (question.answer + 1) % len(question.options)
        choose_from_keyboard(page, before.locator(f"input[name='check_before-{question.key}']").first,
                             order.index(wanted))
    page.keyboard.press("Tab")  # from the last group to the send button
    assert page.evaluate("document.activeElement.textContent") == "Send my answers to the check"
    page.keyboard.press("Enter")
    before.get_by_text(re.compile("^Sent at")).wait_for()
    total = len(bank.questions)
    before.get_by_text(f"You got {total - 1} of {total} right.", exact=False).wait_for()
    assert before.get_by_role("heading", name="Right answers per objective").count() == 1
    assert before.get_by_text("Every question, with why").count() == 0  # no rationale before the session
    sent = before.get_by_role("button", name="Sent: your answers are in")  # answered once: no second send
    assert sent.is_disabled() and before.locator("fieldset[data-question]:not([disabled])").count() == 0
    assert store.own_answers(session.code, page.evaluate(
        f"localStorage.getItem('aligned.participant.{session.code}')"), "check_before")["choices"] == {
        q.key: (q.answer if n else (q.answer + 1) % len(q.options)) for n, q in enumerate(bank.questions)}

    # The reaction form: 4, 3 and 9 by arrow keys, two comments typed, sent with Enter.
    reaction = page.locator("#activity-reaction")
    choose_from_keyboard(page, reaction.locator("input[name='reaction-relevance']").first, 3)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(9):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("The scorecard exercise")
    page.keyboard.press("Tab")
    page.keyboard.type("More time for questions")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send my reaction"
    page.keyboard.press("Enter")
    reaction.get_by_text(re.compile("^Sent at")).wait_for()
    reaction.get_by_text(re.compile("recommend it 9 of 10")).wait_for()
    key = page.evaluate(f"localStorage.getItem('aligned.participant.{session.code}')")
    assert store.own_answers(session.code, key, "reaction") == {
        "relevance": 4, "confidence": 3, "recommend": 9, "useful": "The scorecard exercise",
        "change": "More time for questions"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_stayed_offline_and_quiet(page)
