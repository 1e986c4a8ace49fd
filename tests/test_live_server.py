"""The participant pages served without a kernel (widgets/live/server.py), over real HTTP.

One real server for the module, started as `make workshop ROOM=1` starts it (the kit's Voila
with a room token, no warm kernel needed), and plain HTTP requests against it.
"""

import json
import re
import urllib.error
import urllib.request

import pytest

from conftest import start_voila
from widgets.core import sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.live import server
from widgets.live.store import LiveStore

pytestmark = pytest.mark.browser  # it starts a real server

TOKEN = "room-token-for-tests-1234"
NO_POOLS = ('--VoilaKernelManager.kernel_pools_config={"default": {"pool_size": 0}}',)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    started = start_voila(tmp_path_factory.mktemp("join"), (*NO_POOLS, f"--token={TOKEN}"), pools=0,
                          env_extra={"ALIGNED_ROOM": "1"})
    yield started
    started.stop()


@pytest.fixture
def store():
    opened = LiveStore()  # the server's database (ALIGNED_STATE_DIR)
    yield opened
    opened.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


OPENER = urllib.request.build_opener(_NoRedirect)


def request(url, *, body=None, headers=None, method=None):
    """(status, headers, text) of one request; never raises for an HTTP status, never redirects."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    prepared = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(prepared, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


API_HEADERS = {"Content-Type": "application/json", "X-Aligned-Request": "1"}


def send(room, code, activity, answers, key, headers=None, token=TOKEN):
    url = f"{room.url}/aligned/api/join/{sessions.format_code(code)}/{activity}?token={token}"
    status, _, text = request(url, body={"key": key, "answers": answers}, headers=headers or API_HEADERS)
    return status, json.loads(text) if text.startswith("{") else text


def pulse(direction=4):
    return {"direction": direction, "connection": 3, "voice": 5}


def test_the_room_token_guards_every_page_and_the_api(room, store):
    session, _ = store.create_session(["pulse"])
    for path in ("/aligned/join", f"/aligned/join/{session.code}", "/aligned/static/join.js"):
        status, _, _ = request(room.url + path)
        assert status in (302, 403), path  # to the login page, never the page itself
    status, body = send(room, session.code, "pulse", pulse(), sessions.new_key(), token="wrong")
    assert status == 403
    assert store.counts(session.code) == {"pulse": 0}


def test_the_session_page_has_a_labelled_input_for_every_answer_and_nothing_from_outside(room, store):
    session, _ = store.create_session(["culture", "components", "pulse"], "All three <b>bold</b>")
    status, headers, page = request(f"{room.url}/aligned/join/{session.code.lower()}?token={TOKEN}")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "All three &lt;b&gt;bold&lt;/b&gt;" in page  # autoescaped
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page)
    assert len(ids) == 48 + 20  # 2 x 6 x 4 culture points; 5 x (2 ratings + 2 links)
    for control in ids:
        assert f'for="{control}"' in page, control
    radios = re.findall(r'<label class="choice"><input type="radio"', page)
    assert len(radios) == 15  # wrapped in their labels
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    for name in ("join.js", "join.css", "aligned.css"):
        status, _, text = request(f"{room.url}/aligned/static/{name}?token={TOKEN}")
        assert status == 200 and text
        assert "http://" not in text and "https://" not in text


def test_a_valid_answer_is_stored_and_sending_again_replaces_it(room, store):
    session, key = store.create_session(["pulse"])
    participant = sessions.new_key()
    status, body = send(room, session.code, "pulse", pulse(1), participant)
    assert status == 200 and body["message"].startswith("Sent at")
    assert "Strongly disagree (1)" in body["result"]["text"]
    status, body = send(room, session.code, "pulse", pulse(5), participant)
    assert status == 200
    assert store.counts(session.code) == {"pulse": 1}
    assert store.own_answers(session.code, participant, "pulse")["direction"] == 5
    status, _, text = request(f"{room.url}/aligned/api/join/{session.code}/mine?token={TOKEN}",
                              body={"key": participant}, headers=API_HEADERS)
    assert status == 200 and json.loads(text)["sent"]["pulse"]["answers"]["direction"] == 5


def test_refusals_name_their_field_and_store_nothing(room, store):
    session, _ = store.create_session(["culture", "pulse"])
    status, body = send(room, session.code, "pulse", {"direction": 4, "connection": 9}, sessions.new_key())
    assert status == 400
    assert body["fields"] == [sessions.problem_field("pulse", p) for p in body["problems"]]
    assert {"pulse.connection", "pulse.voice"} <= set(body["fields"])
    preferred = json.loads(json.dumps(CULTURE_EXAMPLE_PREFERRED))
    preferred["organization_glue"]["clan"] -= 10
    status, body = send(room, session.code, "culture", {"now": CULTURE_EXAMPLE_NOW, "preferred": preferred},
                        sessions.new_key())
    assert status == 400
    assert body["fields"] == ["culture.preferred.organization_glue"]
    assert "10 points left" in body["problems"][0]
    assert store.counts(session.code) == {"culture": 0, "pulse": 0}


def test_a_participant_gets_their_own_kite_chart_and_never_the_room(room, store):
    session, _ = store.create_session(["culture"])
    participant = sessions.new_key()
    status, body = send(room, session.code, "culture",
                        {"now": CULTURE_EXAMPLE_NOW, "preferred": CULTURE_EXAMPLE_PREFERRED}, participant)
    assert status == 200 and body["result"]["chart"] is True
    status, _, text = request(f"{room.url}/aligned/api/join/{session.code}/chart?token={TOKEN}",
                              body={"key": participant}, headers=API_HEADERS)
    chart = json.loads(text)["chart"]
    assert status == 200 and chart["svg"].startswith("<svg") and chart["label"]
    status, _, text = request(f"{room.url}/aligned/api/join/{session.code}/chart?token={TOKEN}",
                              body={"key": sessions.new_key()}, headers=API_HEADERS)
    assert status == 404  # someone else's key: no chart, and no room result anywhere


def test_closed_sessions_unknown_codes_and_activities_are_explained(room, store):
    session, key = store.create_session(["pulse"])
    store.close_session(session.code, key)
    status, body = send(room, session.code, "pulse", pulse(), sessions.new_key())
    assert status == 409 and body["problems"][0].startswith("Not sent. This session is closed")
    status, body = send(room, "ZZZZZZZZ", "pulse", pulse(), sessions.new_key())
    assert status == 409 and "There is no session ZZZZ-ZZZZ" in body["problems"][0]
    status, _, page = request(f"{room.url}/aligned/join/ZZZZ-ZZZZ?token={TOKEN}")
    assert status == 404 and "There is no session ZZZZ-ZZZZ" in page and 'aria-invalid="true"' in page
    status, _, page = request(f"{room.url}/aligned/join?code=hello&token={TOKEN}")
    assert status == 400 and "is not a session code" in page and 'value="hello"' in page
    open_session, _ = store.create_session(["pulse"])
    status, headers, _ = request(f"{room.url}/aligned/join?code={open_session.code.lower()}&token={TOKEN}")
    assert status == 302 and headers["Location"].endswith(f"/aligned/join/{sessions.format_code(open_session.code)}")
    status, body = send(room, open_session.code, "culture",
                        {"now": CULTURE_EXAMPLE_NOW, "preferred": CULTURE_EXAMPLE_PREFERRED}, sessions.new_key())
    assert status == 409 and "does not include" in body["problems"][0]


def test_cross_site_posts_big_bodies_and_bad_keys_are_refused(room, store):
    session, _ = store.create_session(["pulse"])
    key = sessions.new_key()
    for headers in (
        {"Content-Type": "text/plain"},  # what a cross-site form can send
        {"Content-Type": "application/json"},  # without our header
        {**API_HEADERS, "Origin": "http://evil.example"},
        {**API_HEADERS, "Sec-Fetch-Site": "cross-site"},
    ):
        status, body = send(room, session.code, "pulse", pulse(), key, headers=headers)
        assert status == 403, headers
    url = f"{room.url}/aligned/api/join/{session.code}/pulse?token={TOKEN}"
    status, _, text = request(url, body=b'{"key": "' + b"x" * (server.MAX_BODY_BYTES + 10) + b'"}',
                              headers=API_HEADERS)
    assert status == 413
    status, _, text = request(url, body=b"not json", headers=API_HEADERS)
    assert status == 400 and "readable" in text
    status, body = send(room, session.code, "pulse", pulse(), "short")
    assert status == 400 and "participant key" in body["problems"][0]
    assert store.counts(session.code) == {"pulse": 0}


def test_one_participant_is_slowed_down_after_many_sends(room, store):
    session, _ = store.create_session(["pulse"])
    key = sessions.new_key()
    statuses = [send(room, session.code, "pulse", pulse(), key)[0] for _ in range(server.RATE_PER_KEY + 1)]
    assert statuses[:server.RATE_PER_KEY] == [200] * server.RATE_PER_KEY
    assert statuses[-1] == 429
    assert send(room, session.code, "pulse", pulse(), sessions.new_key())[0] == 200  # others are not


def test_the_rate_limiter_forgets_after_its_window():
    limiter = server.RateLimiter(2, window=10, max_names=3)
    assert [limiter.allow("a", now) for now in (0, 1, 2)] == [True, True, False]
    assert limiter.allow("a", 11.5)
    for name in "bcd":
        limiter.allow(name, 12)
    assert len(limiter._seen) == 3  # bounded memory: the oldest name went


def test_problem_fields_follow_the_core_wording():
    assert sessions.problem_field("culture", "Now: Organization glue: 20 points left to give") == \
        "culture.now.organization_glue"
    assert sessions.problem_field("components", "Strategy (target): no score yet.") == "components.strategy"
    assert sessions.problem_field("pulse", "Unknown statement 'x'.") is None


def test_the_join_link_is_the_server_page():
    assert sessions.join_link("ABCDEFGH") == "/aligned/join/ABCD-EFGH"
    assert sessions.join_link("ABCDEFGH", host="10.0.0.5", port="8866", token="t k") == \
        "http://10.0.0.5:8866/aligned/join/ABCD-EFGH?token=t+k"


# -- the session's evaluation: the knowledge check and the reaction form -------------------------

CHECK_LESSON = "alignment-metrics"


def test_the_check_page_shows_the_lessons_questions_in_the_banks_fixed_order(room, store):
    import html

    from widgets.core import evaluation, knowledge

    session, _ = store.create_session(["reaction"], "Evaluation", lesson=CHECK_LESSON)
    status, _, page = request(f"{room.url}/aligned/join/{session.code}?token={TOKEN}")
    assert status == 200
    bank = evaluation.live_bank(CHECK_LESSON)
    for activity in ("check_before", "check_after"):
        for question in bank.questions:
            shown = re.findall(rf'name="{activity}-{question.key}" value="(\d+)"> ([^<]*)</label>', page)
            order = knowledge.option_order(bank, question)
            assert [int(value) for value, _ in shown] == list(order)
            assert [html.unescape(text) for _, text in shown] == [question.options[i].text for i in order]
    for question in bank.questions:  # nothing on the page tells the right option or why
        assert not any(html.escape(option.why, quote=False) in page for option in question.options)
    assert "data-correct" not in page and 'class="correct' not in page
    assert page.count('name="reaction-recommend"') == 11
    for field in ("useful", "change"):
        assert f'<label for="reaction-{field}">' in page and f'id="reaction-{field}"' in page
        assert f'maxlength="{evaluation.TEXT_LIMIT}"' in page


def test_the_check_is_scored_for_the_participant_with_why_only_after(room, store):
    from widgets.core import evaluation

    session, _ = store.create_session([], "Evaluation", lesson=CHECK_LESSON)
    bank = evaluation.live_bank(CHECK_LESSON)
    right = {q.key: q.answer for q in bank.questions}
    participant = sessions.new_key()
    status, body = send(room, session.code, "check_before", {**right, "q2": None, "q1": 99}, participant)
    assert status == 400
    assert body["fields"][:2] == ["check_before.q1", "check_before.q2"]
    assert store.counts(session.code)["check_before"] == 0
    status, body = send(room, session.code, "check_before", right, participant)
    assert status == 200 and body["result"]["text"].startswith(f"You got {len(right)} of {len(right)} right.")
    assert [s["heading"] for s in body["result"]["sections"]] == ["Right answers per objective"]
    assert bank.questions[0].options[bank.questions[0].answer].why not in json.dumps(body)
    status, body = send(room, session.code, "check_after", right, participant)
    assert status == 200
    assert bank.questions[0].options[bank.questions[0].answer].why in json.dumps(body)
    wrong = {q.key: (q.answer + 1) % len(q.options) for q in bank.questions}
    for activity in ("check_before", "check_after"):  # answered once: no probing, no rewriting
        status, body = send(room, session.code, activity, wrong, participant)
        assert status == 400 and "a check is answered once" in body["problems"][0]
    status, _, text = request(f"{room.url}/aligned/api/join/{session.code}/mine?token={TOKEN}",
                              body={"key": participant}, headers=API_HEADERS)
    sent = json.loads(text)["sent"]
    assert sent["check_before"]["answers"] == {"lesson": CHECK_LESSON, "choices": right}
    assert len(sent["check_after"]["result"]["sections"]) == 2  # no section to reread: all right


def test_the_reaction_form_refuses_control_characters_and_long_text_beside_the_field(room, store):
    from widgets.core import evaluation

    session, _ = store.create_session(["reaction"])
    participant = sessions.new_key()
    answers = {"relevance": 5, "confidence": 4, "recommend": 10, "useful": "The case\x1b[31m", "change": "x" * 600}
    status, body = send(room, session.code, "reaction", answers, participant)
    assert status == 400
    assert body["fields"] == ["reaction.useful", "reaction.change"]
    assert "control character" in body["problems"][0] and f"{evaluation.TEXT_LIMIT} characters" in body["problems"][1]
    assert store.counts(session.code) == {"reaction": 0}
    status, body = send(room, session.code, "reaction", {**answers, "useful": "The case", "change": ""}, participant)
    assert status == 200 and "10 of 10" in body["result"]["text"]
    status, body = send(room, session.code, "reaction", {**answers, "useful": "Resent", "change": ""}, participant)
    assert status == 200 and store.counts(session.code) == {"reaction": 1}
    assert store.own_answers(session.code, participant, "reaction")["useful"] == "Resent"


def test_a_room_opening_the_page_at_once_reads_the_session_once_and_sends_still_see_a_close(tmp_path, monkeypatch):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    reads = []

    class CountingStore(LiveStore):
        def session(self, code):
            reads.append(code)
            return super().session(code)

    store = CountingStore(f"sqlite:///{tmp_path / 'live.sqlite'}")
    clock = [1000.0]
    monkeypatch.setattr(server.time, "monotonic", lambda: clock[0])
    service = server.JoinService(store)
    session, key = store.create_session(["pulse"])
    reads.clear()

    async def pages(count):
        return await asyncio.gather(*(service.session(session.code) for _ in range(count)))

    def run(coroutine):  # a thread of its own: Playwright's sync API may hold a running loop in this one
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, coroutine).result()

    try:
        shown = run(pages(1))
        shown += run(pages(99))  # the rest of the room, within the freshness window
        assert len(reads) == 1 and all(s.is_open for s in shown)
        store.close_session(session.code, key)
        reads.clear()
        assert run(pages(1))[0].is_open and not reads  # a page may say "open" a moment longer...
        with pytest.raises(sessions.LiveSessionError, match="closed"):  # ...but a send is refused at once
            store.submit(session.code, sessions.new_key(), "pulse", pulse())
        clock[0] += server.SESSION_FRESH_S
        assert not run(pages(1))[0].is_open and len(reads) == 1
    finally:
        service._executor.shutdown()
        service._charts.shutdown()
        store.close()
