"""The live-session store against real databases: SQLite always, PostgreSQL when configured.

PostgreSQL comes from ALIGNED_TEST_PG_URL (`.ci/run` starts a server and sets it). Locally the
PostgreSQL cases skip without it; in CI they fail instead.
"""

import copy
import json
import multiprocessing
import os
import sqlite3
import time

import pytest
from sqlalchemy import create_engine, text

from conftest import require_tool
from widgets.core import sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.core.sessions import LiveInputError, LiveSessionError
from widgets.live import store as store_module
from widgets.live.store import SCHEMA_VERSION, LiveStore, StoreError

PG_URL = os.environ.get("ALIGNED_TEST_PG_URL", "")
TABLES = ("aligned_live_responses", "aligned_live_sessions", "aligned_live_schema")
CULTURE = {"now": CULTURE_EXAMPLE_NOW, "preferred": CULTURE_EXAMPLE_PREFERRED}


def pulse(direction: int, connection: int = 3, voice: int = 4) -> dict:
    return {"direction": direction, "connection": connection, "voice": voice}


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {', '.join(TABLES)} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'live.sqlite'}"
    require_tool(bool(PG_URL), "a PostgreSQL server (set ALIGNED_TEST_PG_URL; .ci/postgres starts one)")
    reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def store(db_url):
    opened = LiveStore(db_url)
    yield opened
    opened.close()


@pytest.fixture
def session(store):
    return store.create_session(["culture", "pulse"], "Leadership day", 5)


def test_default_database_is_sqlite_in_the_state_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("ALIGNED_DB_URL", raising=False)
    assert store_module.default_url() == f"sqlite:///{tmp_path / 'state' / 'live.sqlite'}"
    monkeypatch.setenv("ALIGNED_DB_URL", "postgresql://u:p@h/db")
    assert store_module.default_url() == "postgresql://u:p@h/db"


def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path):
    opened = LiveStore(f"sqlite:///{tmp_path / 'live.sqlite'}")
    with opened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_module.BUSY_TIMEOUT_MS
    opened.close()


def test_schema_is_created_with_its_version(store):
    with store.engine.connect() as conn:
        assert store_module.schema_version(conn) == SCHEMA_VERSION


def test_a_session_is_created_open_with_a_code_and_a_private_key(store, session):
    created, key = session
    assert created.is_open and created.activities == ("culture", "pulse")
    assert created.min_group_size == 5
    assert store.session(sessions.format_code(created.code).lower()) == created
    assert store.is_trainer(created.code, key)
    assert not store.is_trainer(created.code, sessions.new_key())
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT trainer_key_hash FROM aligned_live_sessions")).scalar()
    assert key not in stored


def test_resubmitting_replaces_the_earlier_answer(store, session):
    created, key = session
    person = sessions.new_key()
    store.submit(created.code, person, "pulse", pulse(1))
    store.submit(created.code, person, "pulse", pulse(5))
    assert store.counts(created.code) == {"culture": 0, "pulse": 1}
    assert store.own_answers(created.code, person, "pulse") == pulse(5)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT revision FROM aligned_live_responses")).scalar() == 2


def test_participants_count_people_not_answers(store, session):
    created, _ = session
    for _ in range(3):
        person = sessions.new_key()
        store.submit(created.code, person, "pulse", pulse(3))
        store.submit(created.code, person, "culture", CULTURE)
    assert store.participants(created.code) == 3
    assert store.counts(created.code) == {"culture": 3, "pulse": 3}


@pytest.mark.parametrize("case", ["points", "unknown session", "closed", "not offered", "bad key"])
def test_invalid_submissions_are_refused_and_nothing_is_stored(store, session, case):
    created, key = session
    code, person, activity, answers = created.code, sessions.new_key(), "culture", copy.deepcopy(CULTURE)
    expected = LiveInputError
    if case == "points":
        answers["now"]["strategic_emphases"]["market"] += 5
    elif case == "unknown session":
        code, expected = "ABCDEFGH" if created.code != "ABCDEFGH" else "ABCDEFGJ", LiveSessionError
    elif case == "closed":
        store.close_session(created.code, key)
        expected = LiveSessionError
    elif case == "not offered":
        activity, answers, expected = "components", {"ratings": {}}, LiveInputError
    else:
        person = "not a key"
    with pytest.raises(expected) as error:
        store.submit(code, person, activity, answers)
    assert error.value.problems
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM aligned_live_responses")).scalar() == 0


def test_closing_needs_the_trainer_key_and_reopening_works(store, session):
    created, key = session
    with pytest.raises(LiveInputError, match="trainer"):
        store.close_session(created.code, sessions.new_key())
    assert not store.close_session(created.code, key).is_open
    assert store.reopen_session(created.code, key).is_open
    store.submit(created.code, sessions.new_key(), "pulse", pulse(2))
    assert store.counts(created.code)["pulse"] == 1


def test_the_aggregate_is_for_the_trainer_and_appears_at_the_threshold(store, session):
    created, key = session
    with pytest.raises(LiveInputError):
        store.aggregate(created.code, "wrong-key-wrong-key", "pulse")
    for n in range(1, 6):
        store.submit(created.code, sessions.new_key(), "pulse", pulse(n))
        result = store.aggregate(created.code, key, "pulse")
        assert result["shown"] == (n >= 5)
    assert result["items"][0]["counts"] == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}


def test_csv_export_is_anonymous(store, session):
    created, key = session
    people = [sessions.new_key() for _ in range(2)]
    for person in people:
        store.submit(created.code, person, "pulse", pulse(4))
    store.submit(created.code, people[0], "culture", CULTURE)
    exported = store.responses_csv(created.code, key)
    lines = exported.splitlines()
    assert lines[0] == "session,respondent,activity,question,part,value"
    assert len(lines) == 1 + 2 * 3 + 2 * 6 * 4
    assert not any(person in exported for person in people)
    assert {line.split(",")[1] for line in lines[1:]} == {"1", "2"}


def test_a_version_1_database_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        store_module._create_version_1(conn)
        conn.execute(store_module.schema_info.insert().values(id=1, version=1, upgraded_at=store_module._now()))
        conn.execute(store_module.sessions.insert().values(
            code="ABCDEFGH", title="Old", activities="pulse", min_group_size=5,
            trainer_key_hash=sessions.hash_key("k" * 20), created_at=store_module._now()))
        conn.execute(text(
            "INSERT INTO aligned_live_responses (session_code, participant_key, activity, answers, submitted_at) "
            "VALUES ('ABCDEFGH', :key, 'pulse', :answers, '2026-01-01 10:00:00')"),
            {"key": "p" * 20, "answers": json.dumps(pulse(2))})
    engine.dispose()
    upgraded = LiveStore(f"sqlite:///{path}")
    with upgraded.engine.connect() as conn:
        assert store_module.schema_version(conn) == SCHEMA_VERSION
        assert conn.execute(text("SELECT revision FROM aligned_live_responses")).scalar() == 1
    assert upgraded.own_answers("ABCDEFGH", "p" * 20, "pulse") == pulse(2)
    upgraded.submit("ABCDEFGH", "p" * 20, "pulse", pulse(3))
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("SELECT revision FROM aligned_live_responses")).scalar() == 2
    upgraded.close()


def test_a_database_from_a_newer_version_is_refused_clearly(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    LiveStore(url).close()
    raw = sqlite3.connect(tmp_path / "new.sqlite")
    raw.execute("UPDATE aligned_live_schema SET version = 99")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer than this copy"):
        LiveStore(url)


# -- 30 participants at once, as 30 processes (each Voila kernel is a process) -------------------

def _participant(url: str, code: str, index: int, start_at: float) -> tuple[str, dict, int]:
    """One participant: submits 1-3 times; returns its key, its last answer and its count."""
    opened = LiveStore(url)
    key = sessions.new_key()
    rounds = 1 + index % 3  # a third submit once, a third twice, a third three times
    while time.time() < start_at:
        time.sleep(0.01)
    last = None
    for round_ in range(rounds):
        last = pulse(1 + (index + round_) % 5, 1 + index % 5, 1 + round_ % 5)
        opened.submit(code, key, "pulse", last)
    opened.close()
    return key, last, rounds


def test_thirty_concurrent_participants_are_counted_exactly_once_with_their_last_answer(store, session, db_url):
    created, key = session
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 8  # every process is up before the first submits
    with context.Pool(30) as pool:
        results = pool.starmap(_participant, [(db_url, created.code, i, start_at) for i in range(30)])
    assert len({key for key, _, _ in results}) == 30
    assert store.counts(created.code)["pulse"] == 30
    assert store.participants(created.code) == 30
    for person, last, _rounds in results:
        assert store.own_answers(created.code, person, "pulse") == last
    with store.engine.connect() as conn:
        revisions = dict(conn.execute(text("SELECT participant_key, revision FROM aligned_live_responses")).all())
    assert revisions == {person: rounds for person, _, rounds in results}
    assert sum(item["counts"][1] + item["counts"][2] + item["counts"][3] + item["counts"][4] + item["counts"][5]
               for item in store.aggregate(created.code, key, "pulse")["items"]) == 90
