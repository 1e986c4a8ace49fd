"""The live-session store against real databases: SQLite always, PostgreSQL when configured.

PostgreSQL comes from ALIGNED_TEST_PG_URL (`.ci/run` starts a server and sets it). Locally the
PostgreSQL cases skip without it; in CI they fail instead.
"""

import contextlib
import copy
import json
import multiprocessing
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from conftest import require_tool
from widgets.core import sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.core.sessions import LiveInputError, LiveSessionError
from widgets.live import __main__ as live_cli
from widgets.live import store as store_module
from widgets.live.store import SCHEMA_VERSION, LiveStore, StoreError

PG_URL = os.environ.get("ALIGNED_TEST_PG_URL", "")
ROOT = Path(__file__).resolve().parent.parent
TABLES = ("aligned_live_shown", "aligned_live_responses", "aligned_live_sessions", "aligned_live_schema")
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


# -- issue 15: what the adversarial run found -------------------------------------------------------

def _sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def _in_thread(call, timeout: float):
    """Run `call` in a thread; (finished, result or exception) after at most `timeout` seconds."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except Exception as error:  # noqa: BLE001 - handed back to the test, which asserts on it
            outcome["value"] = error

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    runner.join(timeout)
    return not runner.is_alive(), outcome.get("value"), runner


def _hold_the_write_lock(path) -> sqlite3.Connection:
    """Another process's write transaction, held open: the write lock is taken and kept."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("UPDATE aligned_live_sessions SET title = 'being written'")
    return raw


def test_a_sqlite_read_finishes_while_a_write_transaction_is_held_open(tmp_path):
    opened = LiveStore(_sqlite_url(tmp_path / "live.sqlite"))
    created, key = opened.create_session(["pulse"], "Leadership day", 3)
    opened.submit(created.code, sessions.new_key(), "pulse", pulse(4))
    writer = _hold_the_write_lock(tmp_path / "live.sqlite")
    try:
        started = time.monotonic()
        finished, result, _ = _in_thread(
            lambda: (opened.session(created.code).title, opened.counts(created.code),
                     opened.is_trainer(created.code, key), opened.aggregate(created.code, key, "pulse")["count"]),
            timeout=5)
        assert finished, "a read waited for the write lock"
        assert result == ("Leadership day", {"pulse": 1}, True, 1)  # the last committed state
        assert time.monotonic() - started < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        opened.close()


def test_a_sqlite_write_still_takes_the_lock_up_front_and_waits_for_another_writer(tmp_path):
    opened = LiveStore(_sqlite_url(tmp_path / "live.sqlite"))
    created, _ = opened.create_session(["pulse"], "Leadership day", 3)
    writer = _hold_the_write_lock(tmp_path / "live.sqlite")
    try:
        finished, _, runner = _in_thread(lambda: opened.submit(created.code, sessions.new_key(), "pulse", pulse(2)),
                                         timeout=0.5)
        assert not finished  # it waits (busy timeout), it does not fail
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    runner.join(10)
    assert opened.counts(created.code) == {"pulse": 1}
    opened.close()


def _assert_plain(error: StoreError) -> None:
    message = str(error)
    assert not any(raw in message for raw in ("sqlite3.", "psycopg.", "sqlalche.me", "[SQL:", "Traceback"))
    assert "\n" not in message and len(message) < 400


@pytest.mark.parametrize(("driver_message", "expected"), [
    ("database or disk is full", "disk holding the live-session database is full"),
    ("database disk image is malformed", "file is damaged"),
    ("disk I/O error", "disk input/output error"),
    ("database is locked", "locked by another program"),
    ("attempt to write a readonly database", "read-only"),
    ("something nobody expected", "failed"),
])
def test_every_database_failure_reaches_callers_as_a_plain_store_error(tmp_path, driver_message, expected):
    opened = LiveStore(_sqlite_url(tmp_path / "live.sqlite"))
    created, key = opened.create_session(["pulse"], "Leadership day", 3)
    person = sessions.new_key()
    opened.submit(created.code, person, "pulse", pulse(3))

    def fail(*_args):
        raise sqlite3.OperationalError(driver_message)

    event.listen(opened.engine, "before_cursor_execute", fail)
    calls = {
        "create_session": lambda: opened.create_session(["pulse"]),
        "session": lambda: opened.session(created.code),
        "is_trainer": lambda: opened.is_trainer(created.code, key),
        "close_session": lambda: opened.close_session(created.code, key),
        "submit": lambda: opened.submit(created.code, person, "pulse", pulse(2)),
        "counts": lambda: opened.counts(created.code),
        "participants": lambda: opened.participants(created.code),
        "own_answers": lambda: opened.own_answers(created.code, person, "pulse"),
        "aggregate": lambda: opened.aggregate(created.code, key, "pulse"),
        "answers_for_trainer": lambda: opened.answers_for_trainer(created.code, key, "pulse"),
        "responses_csv": lambda: opened.responses_csv(created.code, key),
    }
    if hasattr(opened, "last_change"):
        calls["last_change"] = lambda: opened.last_change(created.code)
    for name, call in calls.items():
        with pytest.raises(StoreError, match=expected) as error:
            call()
        _assert_plain(error.value)
        assert name  # the name is in pytest's report when an assertion fails
    event.remove(opened.engine, "before_cursor_execute", fail)
    opened.close()


def test_a_full_disk_is_a_store_error(tmp_path):
    opened = LiveStore(_sqlite_url(tmp_path / "live.sqlite"))
    created, _ = opened.create_session(["culture"], "Leadership day", 3)

    @event.listens_for(opened.engine, "connect")
    def _no_more_pages(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    opened.engine.dispose()
    with pytest.raises(StoreError, match="is full") as error:
        for _ in range(200):
            opened.submit(created.code, sessions.new_key(), "culture", CULTURE)
    _assert_plain(error.value)
    opened.close()


def test_a_damaged_sqlite_file_is_a_store_error_when_opened_and_at_run_time(tmp_path):
    path = tmp_path / "live.sqlite"
    opened = LiveStore(_sqlite_url(path))
    created, _ = opened.create_session(["pulse"], "Leadership day", 3)
    opened.engine.dispose()  # checkpointed into the main file; the store stays in use
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)  # every page after the first overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as error:
        opened.counts(created.code)
    _assert_plain(error.value)
    opened.close()
    with pytest.raises(StoreError, match="damaged") as error:
        LiveStore(_sqlite_url(path))
    _assert_plain(error.value)
    path.write_bytes(b"not a database at all " * 200)
    with pytest.raises(StoreError, match="damaged") as error:
        LiveStore(_sqlite_url(path))
    _assert_plain(error.value)


def test_a_deleted_wal_is_a_store_error_not_a_driver_error(tmp_path):
    path = tmp_path / "live.sqlite"
    first = LiveStore(_sqlite_url(path))
    created, _ = first.create_session(["pulse"], "Leadership day", 3)
    first.submit(created.code, sessions.new_key(), "pulse", pulse(3))
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"live.sqlite{suffix}").unlink()
    with pytest.raises(StoreError, match="-wal file deleted") as error:
        LiveStore(_sqlite_url(path))  # another kernel opening the store meanwhile
    _assert_plain(error.value)
    first.close()


def test_a_locked_database_is_a_store_error(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    opened = LiveStore(_sqlite_url(tmp_path / "live.sqlite"))
    created, _ = opened.create_session(["pulse"], "Leadership day", 3)
    writer = _hold_the_write_lock(tmp_path / "live.sqlite")
    try:
        with pytest.raises(StoreError, match="locked by another program") as error:
            opened.submit(created.code, sessions.new_key(), "pulse", pulse(3))
        _assert_plain(error.value)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        opened.close()


class _Relay:
    """A TCP relay in front of PostgreSQL that a test cuts, as if the server went down."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.down = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self.down = True
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the relay's thread
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def test_a_postgresql_server_that_goes_down_is_a_store_error():
    require_tool(bool(PG_URL), "a PostgreSQL server (set ALIGNED_TEST_PG_URL; .ci/postgres starts one)")
    reset_postgres(PG_URL)
    real = make_url(PG_URL)
    relay = _Relay(real.host or "127.0.0.1", real.port or 5432)
    opened = LiveStore(real.set(host="127.0.0.1", port=relay.port))
    try:
        created, key = opened.create_session(["pulse"], "Leadership day", 3)
        relay.cut()
        for call in (lambda: opened.counts(created.code),
                     lambda: opened.submit(created.code, sessions.new_key(), "pulse", pulse(3)),
                     lambda: opened.aggregate(created.code, key, "pulse")):
            with pytest.raises(StoreError, match="cannot be reached") as error:
                call()
            _assert_plain(error.value)
    finally:
        relay.cut()
        opened.close()


# -- the command line never prints a traceback ------------------------------------------------------

def _run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    environment.pop("ALIGNED_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "widgets.live", *args], capture_output=True, text=True,
                          env=environment, timeout=60, check=False)


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("live: error: "), result.stderr
    return lines[0]


def test_the_cli_reports_a_damaged_database_in_one_line(tmp_path):
    (tmp_path / "live.sqlite").write_bytes(b"not a database at all " * 200)
    for command in (["status", "ABCD-EFGH", "--key=" + "k" * 20], ["export", "ABCD-EFGH", "--key", "k" * 20],
                    ["create"], ["backup", str(tmp_path / "copy.sqlite")]):
        line = _one_error_line(_run_cli(*command, env={"ALIGNED_STATE_DIR": str(tmp_path)}))
        assert "damaged" in line


def test_the_cli_reports_a_state_folder_that_cannot_be_created_in_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = _one_error_line(_run_cli("status", "ABCD-EFGH", "--key=" + "k" * 20,
                                    env={"ALIGNED_STATE_DIR": str(blocker / "state")}))
    assert "Cannot create the folder" in line and "ALIGNED_STATE_DIR" in line


@pytest.mark.parametrize("size", ["99999999999999999999", str(2**31), "2", "abc"])
def test_the_cli_refuses_a_bad_threshold_in_one_line(tmp_path, size):
    line = _one_error_line(_run_cli("create", "--min-group-size", size, env={"ALIGNED_STATE_DIR": str(tmp_path)}))
    assert "group size" in line or "invalid int value" in line
    assert len(line) < 300


def test_a_trainer_key_that_starts_with_a_dash_works_as_key_equals(tmp_path, monkeypatch, capsys):
    url = _sqlite_url(tmp_path / "live.sqlite")
    monkeypatch.setattr(sessions, "new_key", lambda: "-" + "k" * 23)  # as keys were 1 time in 64
    created, key = LiveStore(url).create_session(["pulse"], "Leadership day", 3)
    assert live_cli.main(["--db-url", url, "status", created.code, f"--key={key}"]) == 0
    assert "open" in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--key=KEY" in readme


# -- limits on what is stored -----------------------------------------------------------------------

def test_the_threshold_has_the_same_upper_bound_on_every_database(store):
    with pytest.raises(LiveInputError, match="cannot be above 10,000") as error:
        store.create_session(["pulse"], "Room", 2**31)
    assert len(str(error.value)) < 300
    with pytest.raises(LiveInputError, match="cannot be above"):
        store.create_session(["pulse"], "Room", 10**400)
    created, _ = store.create_session(["pulse"], "Room", sessions.MAX_GROUP_SIZE)
    assert store.session(created.code).min_group_size == sessions.MAX_GROUP_SIZE


@pytest.mark.parametrize("title", ["Leader\ud800ship", "Leader\x00ship", "Bell\x07"])
def test_titles_with_lone_surrogates_or_nul_are_refused_clearly_on_every_database(store, title):
    with pytest.raises(LiveInputError, match="title") as error:
        store.create_session(["pulse"], title, 5)
    str(error.value).encode("utf-8")  # the message itself can be shown
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM aligned_live_sessions")).scalar() == 0


@pytest.mark.parametrize("bad", ["\ud800" * 20, "k" * 19 + "\x00", "\udcff-" + "k" * 30, "x" * 1_000_000])
def test_keys_and_codes_with_unusable_characters_are_refused_clearly_on_every_database(store, session, bad):
    created, _ = session
    assert store.is_trainer(created.code, bad) is False
    assert store.is_trainer(bad, bad) is False
    for call in (lambda: store.submit(created.code, bad, "pulse", pulse(3)),
                 lambda: store.submit(bad, sessions.new_key(), "pulse", pulse(3)),
                 lambda: store.close_session(created.code, bad),
                 lambda: store.submit(created.code, sessions.new_key(), bad, pulse(3))):
        with pytest.raises(LiveInputError) as error:
            call()
        str(error.value).encode("utf-8")
        assert len(str(error.value)) < 300
    assert store.counts(created.code) == {"culture": 0, "pulse": 0}


@pytest.mark.parametrize("characters", ["%20", "?mode=ro", "#1", "with space", "100%", "a?b#c%41 d"])
def test_a_state_folder_with_url_characters_holds_the_database(tmp_path, monkeypatch, characters):
    folder = tmp_path / f"state {characters}"
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(folder))
    monkeypatch.delenv("ALIGNED_DB_URL", raising=False)
    opened = LiveStore()
    created, _ = opened.create_session(["pulse"], "Room", 3)
    opened.submit(created.code, sessions.new_key(), "pulse", pulse(3))
    opened.close()
    assert (folder / "live.sqlite").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # nowhere else
    assert LiveStore().counts(created.code) == {"pulse": 1}


# -- backups ----------------------------------------------------------------------------------------

def test_backup_copies_a_consistent_sqlite_store_including_what_is_still_in_the_wal(tmp_path):
    path = tmp_path / "live.sqlite"
    opened = LiveStore(_sqlite_url(path))
    created, key = opened.create_session(["pulse"], "Leadership day", 3)
    for direction in (1, 2, 3, 4):
        opened.submit(created.code, sessions.new_key(), "pulse", pulse(direction))
    assert (tmp_path / "live.sqlite-wal").stat().st_size > 0  # answers not yet in live.sqlite
    target = opened.backup(tmp_path / "backups" / "copy.sqlite")
    assert target == tmp_path / "backups" / "copy.sqlite"
    assert not (tmp_path / "backups" / "copy.sqlite-wal").exists()
    raw = sqlite3.connect(target)
    assert raw.execute("SELECT count(*) FROM aligned_live_responses").fetchone()[0] == 4
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    in_folder = opened.backup(tmp_path / "backups")
    assert in_folder.parent == tmp_path / "backups" and in_folder.name.startswith("live-")
    opened.close()
    copy_store = LiveStore(_sqlite_url(target))
    assert copy_store.counts(created.code) == {"pulse": 4} and copy_store.is_trainer(created.code, key)
    copy_store.close()


def test_the_backup_command_copies_sqlite_and_names_pg_dump_for_postgresql(tmp_path, capsys):
    url = _sqlite_url(tmp_path / "live.sqlite")
    LiveStore(url).create_session(["pulse"], "Leadership day", 3)
    assert live_cli.main(["--db-url", url, "backup", str(tmp_path / "copy.sqlite")]) == 0
    assert "copy.sqlite" in capsys.readouterr().out
    assert (tmp_path / "copy.sqlite").is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "live.sqlite-wal" in readme and "python -m widgets.live backup" in readme
    if PG_URL:
        assert live_cli.main(["--db-url", PG_URL, "backup", "/tmp/live.dump"]) == 0
        out = capsys.readouterr().out
        assert "pg_dump --format=custom --file=/tmp/live.dump" in out
        assert f":{make_url(PG_URL).password}@" not in out


# -- anonymity: what the room was shown is kept ----------------------------------------------------

def test_the_room_sees_a_new_aggregate_only_after_the_threshold_of_new_answers_even_after_a_reload(store, db_url):
    created, key = store.create_session(["pulse"], "Room", 3)
    people = [sessions.new_key() for _ in range(6)]
    for person in people[:3]:
        store.submit(created.code, person, "pulse", pulse(2))
    first = store.aggregate(created.code, key, "pulse")
    assert first["shown"] and first["shown_count"] == 3
    store.submit(created.code, people[3], "pulse", pulse(5))  # one more: would give itself away
    store.submit(created.code, people[0], "pulse", pulse(4))  # one changed: would give the change away
    reloaded = LiveStore(db_url)  # another dashboard, or a reload
    again = reloaded.aggregate(created.code, key, "pulse")
    assert again["items"] == first["items"] and again["count"] == 4 and again["shown_count"] == 3
    assert again["update_status"].startswith("3 answers shown; the next update comes after 1 more")
    store.submit(created.code, people[4], "pulse", pulse(1))
    moved = reloaded.aggregate(created.code, key, "pulse")
    assert moved["shown_count"] == 5 and moved["items"][0]["counts"] == {1: 1, 2: 2, 3: 0, 4: 1, 5: 1}
    reloaded.close()


def test_csv_respondent_numbers_are_random_not_the_order_of_arrival(store, session):
    created, key = session
    people = [sessions.new_key() for _ in range(6)]
    for index, person in enumerate(people):
        store.submit(created.code, person, "pulse", pulse(1 + index % 5, connection=1 + index % 5))
        store.submit(created.code, person, "culture", CULTURE)
    first_arrival = []
    for _ in range(12):
        rows = [line.split(",") for line in store.responses_csv(created.code, key).splitlines()[1:]]
        numbers = [int(row[1]) for row in rows]
        assert numbers == sorted(numbers)  # rows in the order of the numbers, not of arrival
        assert set(numbers) == set(range(1, 7))
        by_number: dict[int, set] = {}
        for row in rows:
            if row[2] == "pulse" and row[3] == "direction":
                by_number.setdefault(int(row[1]), set()).add(row[5])
        assert all(len(values) == 1 for values in by_number.values())  # one number per person
        connection = {int(row[1]): row[5] for row in rows if row[2] == "pulse" and row[3] == "connection"}
        first_arrival.append(next(n for n, value in connection.items() if value == "1"))
    assert len(set(first_arrival)) > 1  # the first to press Send is not always respondent 1


# -- the session's evaluation: knowledge check before and after, reaction form ------------------

CHECK_LESSON = "alignment-metrics"


def check_answers(right_on_first: bool = True) -> dict:
    from widgets.core import evaluation

    bank = evaluation.live_bank(CHECK_LESSON)
    answers = {q.key: q.answer for q in bank.questions}
    if not right_on_first:
        first = bank.questions[0]
        answers[first.key] = (first.answer + 1) % len(first.options)
    return answers


def reaction(recommend: int = 9, useful: str = "", change: str = "") -> dict:
    return {"relevance": 4, "confidence": 3, "recommend": recommend, "useful": useful, "change": change}


def test_a_session_keeps_its_lesson_and_checks_answers_against_it(store):
    session, key = store.create_session(["pulse"], "With a check", 5, lesson=CHECK_LESSON)
    assert session.lesson == CHECK_LESSON
    assert session.activities == ("pulse", "check_before", "check_after")
    assert store.session(session.code).lesson == CHECK_LESSON
    participant = sessions.new_key()
    with pytest.raises(LiveInputError, match="Question 1: please choose an answer"):
        store.submit(session.code, participant, "check_before", {})
    assert store.counts(session.code)["check_before"] == 0
    stored = store.submit(session.code, participant, "check_before", check_answers(False))
    assert stored == {"lesson": CHECK_LESSON, "choices": check_answers(False)}
    assert store.counts(session.code)["check_before"] == 1
    assert store.own_answers(session.code, participant, "check_before") == stored
    without, _ = store.create_session(["pulse"])
    assert without.lesson is None
    with pytest.raises(LiveSessionError, match="does not include"):
        store.submit(without.code, participant, "check_before", check_answers())
    with pytest.raises(LiveInputError, match="no knowledge-check questions"):
        store.create_session(["pulse"], lesson="no-such-lesson")


def test_before_against_after_moves_only_after_the_threshold_of_new_answers(store):
    session, key = store.create_session([], "Gain", 5, lesson=CHECK_LESSON)
    assert store.check_gain(session.code, key)["any_shown"] is False
    for _ in range(5):
        store.submit(session.code, sessions.new_key(), "check_before", check_answers(False))
    people_after = [sessions.new_key() for _ in range(9)]
    for person in people_after[:4]:
        store.submit(session.code, person, "check_after", check_answers(True))
    gain = store.check_gain(session.code, key)
    first = gain["rows"][0]
    assert first["before_text"] == "50 % (5 of 10 answers)" and first["after"] is None and first["change"] is None
    store.submit(session.code, people_after[4], "check_after", check_answers(True))
    first = store.check_gain(session.code, key)["rows"][0]
    assert first["after"] == 1.0 and first["change"] == 50
    # Four more after answers, all wrong on question 1: not yet the threshold of new ones, so the
    # room's view stays where it was (the refresh rule of core.sessions.refresh_due).
    for person in people_after[5:]:
        store.submit(session.code, person, "check_after", check_answers(False))
    assert store.check_gain(session.code, key)["rows"][0]["after"] == 1.0
    assert store.aggregate(session.code, key, "check_after")["next_update_after"] == 1
    store.submit(session.code, sessions.new_key(), "check_after", check_answers(False))  # the threshold of new ones
    assert store.check_gain(session.code, key)["rows"][0]["after"] == pytest.approx(15 / 20)  # q1 5 of 10, q2 10 of 10


@pytest.mark.parametrize("activity", ["check_before", "check_after"])
def test_a_check_is_answered_once_so_a_resend_cannot_probe_or_rewrite_it(store, activity):
    session, key = store.create_session([], "Once", 5, lesson=CHECK_LESSON)
    participant = sessions.new_key()
    first = store.submit(session.code, participant, activity, check_answers(False))
    last_change = store.last_change(session.code)
    with pytest.raises(LiveInputError, match="already in, and a check is answered once"):
        store.submit(session.code, participant, activity, check_answers(True))
    assert store.own_answers(session.code, participant, activity) == first  # the first answers are kept
    assert store.last_change(session.code) == last_change  # nothing written, not even a revision
    assert store.counts(session.code)[activity] == 1
    store.submit(session.code, sessions.new_key(), activity, check_answers(True))  # another participant may
    assert store.counts(session.code)[activity] == 2


def test_the_reaction_csv_keeps_free_text_apart_from_every_rating(store):
    session, key = store.create_session(["reaction"], "Reaction", 5)
    for number in range(6):
        store.submit(session.code, sessions.new_key(), "reaction",
                     reaction(recommend=number + 4, useful=f"useful, {number}" if number < 4 else "",
                              change=f"change {number}"))
    responses = store.responses_csv(session.code, key)
    assert "useful" not in responses and "change " not in responses
    assert responses.count(",recommend,answer,") == 6
    comments = store.comments_csv(session.code, key)
    lines = comments.splitlines()
    assert lines[0] == "session,question,text"  # no respondent number, no rating
    assert sorted(lines[1:]) == sorted(f"{sessions.format_code(session.code)},change,change {n}" for n in range(6))
    # "useful" has four texts: below the threshold of 5, none is exported.
    store.submit(session.code, sessions.new_key(), "reaction", reaction(useful="useful, 9"))
    assert store.comments_csv(session.code, key).count(",useful,") == 5
    assert '"useful, 9"' in store.comments_csv(session.code, key)


def test_the_check_csv_gives_the_bank_option_and_whether_it_was_right(store):
    session, key = store.create_session([], "CSV", 5, lesson=CHECK_LESSON)
    store.submit(session.code, sessions.new_key(), "check_before", check_answers(False))
    rows = store.responses_csv(session.code, key).splitlines()
    first = check_answers(False)["q1"]
    assert f"check_before,q1,option,{first}" in rows[1]
    assert rows[2].endswith("check_before,q1,correct,0") and rows[4].endswith("check_before,q2,correct,1")


def test_a_version_3_database_is_upgraded_with_a_lesson_column(tmp_path):
    path = tmp_path / "v3.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for version in (1, 2, 3):
            store_module.MIGRATIONS[version](conn)
        conn.execute(store_module.schema_info.insert().values(id=1, version=3, upgraded_at=store_module._now()))
        conn.execute(text(
            "INSERT INTO aligned_live_sessions (code, title, activities, min_group_size, trainer_key_hash, created_at)"
            " VALUES ('ABCDEFGH', 'Old', 'pulse', 5, :hash, '2026-01-01 10:00:00')"),
            {"hash": sessions.hash_key("k" * 20)})
    engine.dispose()
    upgraded = LiveStore(f"sqlite:///{path}")
    try:
        with upgraded.engine.connect() as conn:
            assert store_module.schema_version(conn) == SCHEMA_VERSION == 4
        assert upgraded.session("ABCDEFGH").lesson is None
        session, _ = upgraded.create_session(["reaction"], lesson=CHECK_LESSON)
        assert upgraded.session(session.code).lesson == CHECK_LESSON
    finally:
        upgraded.close()


def test_the_cli_creates_a_session_with_a_knowledge_check_and_refuses_an_unknown_lesson(tmp_path, capsys):
    url = _sqlite_url(tmp_path / "live.sqlite")
    assert live_cli.main(["--db-url", url, "create", "--activities", "reaction", "--lesson", CHECK_LESSON]) == 0
    printed = capsys.readouterr().out
    code = re.search(r"Session (\w{4}-\w{4})", printed).group(1)
    store = LiveStore(url)
    try:
        assert store.session(code).activities == ("check_before", "check_after", "reaction")
    finally:
        store.close()
    assert live_cli.main(["--db-url", url, "create", "--lesson", "no-such-lesson"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("live: error:") and error.count("\n") == 1 and "no knowledge-check questions" in error


@pytest.fixture
def pg_store():
    require_tool(bool(PG_URL), "a PostgreSQL server (set ALIGNED_TEST_PG_URL; .ci/postgres starts one)")
    reset_postgres(PG_URL)
    opened = LiveStore(PG_URL)
    yield opened
    opened.close()


def test_on_postgresql_a_send_is_one_statement_and_a_refusal_still_says_why(pg_store):
    """Issue 15: 100 phones sending at once wait on round trips; a send is one statement there
    (SQLite's sends are calls in this process, and keep their steps)."""
    store = pg_store
    session, key = store.create_session(["pulse"], "One statement", 5)
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        participant = sessions.new_key()
        store.submit(session.code, participant, "pulse", pulse(2))
        assert len(statements) == 1 and statements[0].lstrip().startswith("INSERT")
        statements.clear()
        store.submit(session.code, participant, "pulse", pulse(5))  # a resend replaces, still one statement
        assert len(statements) == 1
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    assert store.own_answers(session.code, participant, "pulse") == pulse(5)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT revision FROM aligned_live_responses")).scalar() == 2
    store.close_session(session.code, key)
    with pytest.raises(LiveSessionError, match="closed to new answers"):
        store.submit(session.code, sessions.new_key(), "pulse", pulse(3))
    with pytest.raises(LiveSessionError, match="does not include"):
        store.submit(store.create_session(["culture"])[0].code, participant, "pulse", pulse(3))
    with pytest.raises(LiveSessionError, match="There is no session"):
        store.submit("ZZZZZZZZ", participant, "pulse", pulse(3))
