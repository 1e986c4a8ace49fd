"""The live-session response store: SQLAlchemy on SQLite by default, PostgreSQL by URL.

Every Voila page runs in its own kernel process, so the store is shared through the database
and every write is one short transaction:
- SQLite (default, ``<state dir>/live.sqlite``, with its write-ahead log ``live.sqlite-wal``
  beside it: answers not yet copied into the main file live there, so back up with
  ``python -m widgets.live backup PATH``, never by copying ``live.sqlite`` alone): WAL journal
  so readers never block the writer, a busy timeout so concurrent writers wait instead of
  failing. A write takes the write lock up front (``BEGIN IMMEDIATE``: a deferred transaction
  that reads and then writes can fail at once with "database is locked", busy timeout or not);
  a read (``LiveStore.reading()``) is a deferred transaction, so it reads the last committed
  state at once, however long a writer holds the lock;
- PostgreSQL when ``ALIGNED_DB_URL`` is set (``postgresql+psycopg://user:pass@host/db``).

A participant's answer is one row per (session, participant key, activity): submitting again
updates that row (an upsert), so nobody is counted twice and the last answer wins.

Every database failure at run time (disk full, server down, a damaged file, a lost WAL,
locked) reaches the caller as ``StoreError`` with a sentence that says what to do, never as
a driver's exception: every public method of ``LiveStore`` is wrapped (``_plain_errors``).

The room's aggregate is what the room was last shown (``aligned_live_shown``), refreshed only
under the rules of ``widgets.core.sessions.refresh_due``, so a reload shows nothing more.

The schema is created and upgraded here. ``aligned_live_schema`` records the version; each
step in ``MIGRATIONS`` upgrades by one, inside one transaction, under a lock, so two kernels
starting at once cannot both upgrade.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import random
import shlex
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from widgets.core import evaluation
from widgets.core import sessions as rules
from widgets.core.paths import STATE_DIR_VARIABLE, state_dir  # the kit's one state folder
from widgets.core.sessions import LiveInputError, LiveSessionError

SCHEMA_VERSION = 4
DB_URL_VARIABLE = "ALIGNED_DB_URL"
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 74_120_001  # an arbitrary number for PostgreSQL's advisory lock


def default_url() -> str:
    if os.environ.get(DB_URL_VARIABLE):
        return os.environ[DB_URL_VARIABLE]
    # URL.create escapes the path: a state folder with %, ?, # or spaces stays one path.
    return URL.create("sqlite", database=str(state_dir() / "live.sqlite")).render_as_string()


metadata = MetaData()
schema_info = Table(
    "aligned_live_schema", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("upgraded_at", DateTime(timezone=True), nullable=False),
)
sessions = Table(
    "aligned_live_sessions", metadata,
    Column("code", String(16), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("activities", String(200), nullable=False),
    Column("min_group_size", Integer, nullable=False),
    Column("trainer_key_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    # version 4: the lesson of the session's knowledge check (its bank's stem), or NULL.
    Column("lesson", String(64)),
)
responses = Table(
    "aligned_live_responses", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_code", String(16), ForeignKey("aligned_live_sessions.code", ondelete="CASCADE"), nullable=False),
    Column("participant_key", String(64), nullable=False),
    Column("activity", String(32), nullable=False),
    Column("answers", JSON, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    # version 2: how many times the participant submitted (facilitators asked whether
    # people revise their answers after the discussion).
    Column("revision", Integer, nullable=False, server_default="1"),
    UniqueConstraint("session_code", "participant_key", "activity", name="one_answer_per_participant"),
)
# version 3: what the room was last shown per activity (widgets.core.sessions.refresh_due):
# the versions ([row id, revision] pairs) and a copy of their answers, without keys.
shown = Table(
    "aligned_live_shown", metadata,
    Column("session_code", String(16), ForeignKey("aligned_live_sessions.code", ondelete="CASCADE"), nullable=False),
    Column("activity", String(32), nullable=False),
    Column("versions", JSON, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("shown_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("session_code", "activity", name="one_shown_per_activity"),
)


def _create_version_1(conn: Connection) -> None:
    """The first released schema, without `revision`: kept so that old databases upgrade."""
    old = MetaData()
    schema_info.to_metadata(old)
    Table(
        "aligned_live_sessions", old,
        Column("code", String(16), primary_key=True),
        Column("title", String(200), nullable=False),
        Column("activities", String(200), nullable=False),
        Column("min_group_size", Integer, nullable=False),
        Column("trainer_key_hash", String(64), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("closed_at", DateTime(timezone=True)),
    )
    Table(
        "aligned_live_responses", old,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("session_code", String(16), ForeignKey("aligned_live_sessions.code", ondelete="CASCADE"),
               nullable=False),
        Column("participant_key", String(64), nullable=False),
        Column("activity", String(32), nullable=False),
        Column("answers", JSON, nullable=False),
        Column("submitted_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("session_code", "participant_key", "activity", name="one_answer_per_participant"),
    )
    old.create_all(conn)


def _add_revision(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE aligned_live_responses ADD COLUMN revision INTEGER NOT NULL DEFAULT 1"))


def _add_shown(conn: Connection) -> None:
    shown.create(conn)


def _add_lesson(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE aligned_live_sessions ADD COLUMN lesson VARCHAR(64)"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _create_version_1, 2: _add_revision, 3: _add_shown, 4: _add_lesson}


class StoreError(RuntimeError):
    """The database cannot be used; the message says what to do."""


def database_problem(error: BaseException, where: str) -> str:
    """A database failure in one plain sentence or two: what happened, and what to do."""
    original = getattr(error, "orig", None) or error
    detail = " ".join(str(original).split())
    text = detail.lower()
    if "full" in text and ("disk" in text or "database" in text) or "no space left" in text:
        return (f"The disk holding the live-session database is full ({where}). Free some space, then "
                "try again; the answers already stored are kept.")
    if "locked" in text or "database is busy" in text:
        return (f"The live-session database is locked by another program ({where}). Try again in a "
                "moment; if it lasts, close the program that holds it.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (f"The live-session database file is damaged ({where}). Restore it from a backup "
                "(python -m widgets.live backup PATH makes one), or move it aside to start afresh.")
    if "disk i/o error" in text:
        return (f"The live-session database cannot be read or written ({where}: a disk input/output error; "
                "was its -wal file deleted or its disk removed?). Restore it from a backup, or move it aside.")
    if "readonly" in text or "read-only" in text:
        return f"The live-session database cannot be written ({where}): the file or its folder is read-only."
    if "unable to open" in text:
        return (f"The live-session database cannot be opened ({where}): check that its folder exists and "
                f"can be written, or set {STATE_DIR_VARIABLE}.")
    if isinstance(original, OSError) and not isinstance(original, sqlite3.Error):
        return f"The live-session database cannot be used ({where}): {original.strerror or detail}."
    if any(word in text for word in ("connect", "connection", "server closed", "terminating", "timeout")):
        return (f"The live-session database server cannot be reached ({where}). Is PostgreSQL running, "
                f"and is {DB_URL_VARIABLE} right? Answers sent meanwhile were not stored; send them again.")
    return f"The live-session database failed ({where}): {rules.quote(detail, 120).strip('“”')}"


def _plain_errors(method):
    """Run a store method; a database failure becomes StoreError with a plain message."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            raise StoreError(database_problem(error, self.describe())) from error
    return wrapper


def _database_errors_as_store_errors(cls):
    """Wrap every public method of the class (those added later included) in _plain_errors."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and callable(member) and name not in ("describe", "reading"):
            setattr(cls, name, _plain_errors(member))
    return cls


@dataclass(frozen=True)
class Session:
    code: str
    title: str
    activities: tuple[str, ...]
    min_group_size: int
    created_at: datetime
    closed_at: datetime | None
    lesson: str | None = None  # the knowledge check's lesson, if the session has one

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without their zone; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Reads (LiveStore.reading) are deferred: in WAL mode they never wait for a writer.
        # Everything else takes the write lock up front (see the module docstring).
        deferred = conn.get_execution_options().get(READ_ONLY_OPTION)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


READ_ONLY_OPTION = "aligned_read_only"
CHECK_SENT_ONCE = ("Your answers to this check are already in, and a check is answered once (so that it "
                   "shows what you knew at that moment). Your first answers are kept.")


def make_engine(url: str | URL | None = None) -> Engine:
    url = url or default_url()
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StoreError(f"The database URL {rules.quote(str(url))} cannot be read: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the folder for the live-session database, {rules.quote(str(folder))}: "
                    f"{error.strerror or error}. Set {STATE_DIR_VARIABLE} to a folder you can write."
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we ship
    try:
        # As many pooled connections as the join pages' store threads (widgets.live.server): with
        # fewer, every send past the pool opened and closed a connection of its own.
        return create_engine(parsed, pool_pre_ping=True, pool_size=4, max_overflow=4)
    except ImportError:
        raise StoreError(
            f"{DB_URL_VARIABLE} names a PostgreSQL database, which needs the psycopg driver: "
            "pip install 'aligned[postgres]' (or psycopg[binary])."
        ) from None
    except SQLAlchemyError as error:
        raise StoreError(f"Cannot use the database URL in {DB_URL_VARIABLE}: {error}") from None


def schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table(schema_info.name):
        return None
    return conn.execute(select(schema_info.c.version).where(schema_info.c.id == 1)).scalar()


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema to SCHEMA_VERSION; return the version found before."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        found = schema_version(conn) or 0
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"The live-session database has schema version {found}, newer than this copy of "
                f"Aligned understands ({SCHEMA_VERSION}). Update Aligned, or point "
                f"{DB_URL_VARIABLE} at another database."
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
        if found == 0:
            conn.execute(schema_info.insert().values(id=1, version=SCHEMA_VERSION, upgraded_at=_now()))
        elif found < SCHEMA_VERSION:
            conn.execute(update(schema_info).where(schema_info.c.id == 1)
                         .values(version=SCHEMA_VERSION, upgraded_at=_now()))
        return found


def _insert_for(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


@_database_errors_as_store_errors
class LiveStore:
    """Sessions and anonymous responses. Refuses invalid input with LiveInputError.

    Every public method turns a database failure into StoreError (see the module docstring).
    """

    def __init__(self, url: str | URL | None = None):
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        # SQLite has one writer at a time; threads of this process queue here instead of in
        # SQLite's busy handler, which sleeps in steps of up to 100 ms (a p99 of 65 ms for 4
        # threads where one takes 0.6 ms). Other processes still wait in the busy handler.
        self._write_lock = threading.Lock() if self.engine.dialect.name == "sqlite" else None
        # the same pool; a statement run through it is its own transaction (PostgreSQL's sends)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        try:
            migrate(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            self.engine.dispose()
            raise StoreError(database_problem(error, self.describe())) from error

    def describe(self) -> str:
        """Where the data is, without a password."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction (on SQLite ``BEGIN IMMEDIATE``, one thread of this process at a time)."""
        if self._write_lock is None:  # PostgreSQL: its own row locks order the writers
            with self.engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading only: on SQLite a deferred transaction, never waiting for a writer."""
        with self.engine.connect() as conn:
            yield conn.execution_options(**{READ_ONLY_OPTION: True})

    def close(self) -> None:
        self.engine.dispose()

    # -- sessions ---------------------------------------------------------------------------

    def create_session(
        self, activities, title: str = "", min_group_size: int = rules.MIN_GROUP_SIZE, lesson: str | None = None,
    ) -> tuple[Session, str]:
        """A new open session and its trainer key (shown once; only its hash is stored).

        With `lesson` (a lesson's stem whose bank has questions) the session gets the knowledge
        check before and after (`check_before`, `check_after`) on that lesson's questions.
        """
        lesson = evaluation.check_lesson(lesson)
        chosen = rules.check_activities(activities, lesson)
        threshold = rules.check_threshold(min_group_size)
        title = rules.check_title(title)
        trainer_key = rules.new_key()
        with self.writing() as conn:
            for _ in range(5):  # a clash among 8.5e11 codes is unlikely, not impossible
                code = rules.new_session_code()
                if conn.execute(select(sessions.c.code).where(sessions.c.code == code)).first() is None:
                    break
            conn.execute(sessions.insert().values(
                code=code, title=title, activities=",".join(chosen), min_group_size=threshold,
                trainer_key_hash=rules.hash_key(trainer_key), created_at=_now(), lesson=lesson,
            ))
        return self.session(code), trainer_key

    def _row_to_session(self, row) -> Session:
        return Session(row.code, row.title, tuple(row.activities.split(",")), row.min_group_size,
                       _aware(row.created_at), _aware(row.closed_at), row.lesson)

    def session(self, code) -> Session:
        """The session for a code as typed or carried in a URL; LiveInputError if unknown."""
        code = rules.normalize_code(code)
        with self.reading() as conn:
            row = conn.execute(select(sessions).where(sessions.c.code == code)).first()
        if row is None:
            raise LiveSessionError([
                f"There is no session {rules.format_code(code)}. Please check the code with your trainer."
            ])
        return self._row_to_session(row)

    def is_trainer(self, code, trainer_key) -> bool:
        try:
            code = rules.normalize_code(code)
        except LiveInputError:
            return False
        with self.reading() as conn:
            stored = conn.execute(select(sessions.c.trainer_key_hash).where(sessions.c.code == code)).scalar()
        return stored is not None and rules.key_matches(trainer_key, stored)

    def _require_trainer(self, code, trainer_key) -> str:
        if not self.is_trainer(code, trainer_key):
            raise LiveInputError(
                ["Only the trainer who created this session can do that (the trainer key does not match)."]
            )
        return rules.normalize_code(code)

    def set_open(self, code, trainer_key, is_open: bool) -> Session:
        code = self._require_trainer(code, trainer_key)
        with self.writing() as conn:
            conn.execute(update(sessions).where(sessions.c.code == code)
                         .values(closed_at=None if is_open else _now()))
        return self.session(code)

    def close_session(self, code, trainer_key) -> Session:
        return self.set_open(code, trainer_key, False)

    def reopen_session(self, code, trainer_key) -> Session:
        return self.set_open(code, trainer_key, True)

    # -- responses --------------------------------------------------------------------------

    def submit(self, code, participant_key, activity: str, answers) -> dict:
        """Store (or replace) a participant's answers; returns them in stored form.

        Nothing is stored unless the session exists, is open, offers the activity, and the
        answers are valid: every refusal is a LiveInputError with sentences for the page.
        """
        code = rules.normalize_code(code)
        participant_key = rules.check_key(participant_key)
        lesson = None
        if activity in evaluation.CHECKS:  # the check's questions are the session's lesson's
            with self.reading() as conn:
                found = conn.execute(select(sessions.c.lesson, sessions.c.activities)
                                     .where(sessions.c.code == code)).first()
            if found is None:
                raise LiveSessionError(
                    [f"There is no session {rules.format_code(code)}. Please check the code with your trainer."])
            if activity not in found.activities.split(","):
                raise LiveSessionError([f"This session does not include the {rules.ACTIVITIES[activity]}."])
            lesson = found.lesson
        clean = rules.validate_submission(activity, answers, lesson=lesson)
        if self.engine.dialect.name == "postgresql" and self._submit_in_one_statement(
                code, participant_key, activity, clean):
            return clean
        # SQLite, or PostgreSQL refused: the same checks one by one, to say why (or, when the
        # session was reopened meanwhile, to store the answers after all)
        insert = _insert_for(self.engine.dialect.name)
        with self.writing() as conn:
            query = select(sessions.c.activities, sessions.c.closed_at).where(sessions.c.code == code)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(read=True)  # closing waits for this submission
            row = conn.execute(query).first()
            if row is None:
                raise LiveSessionError(
                    [f"There is no session {rules.format_code(code)}. Please check the code with your trainer."]
                )
            if row.closed_at is not None:
                raise LiveSessionError(["This session is closed to new answers. Thank you for taking part!"])
            if activity not in row.activities.split(","):
                raise LiveSessionError(
                    [f"This session does not include the {rules.ACTIVITIES.get(activity, activity)}."]
                )
            statement = insert(responses).values(
                session_code=code, participant_key=participant_key, activity=activity,
                answers=clean, submitted_at=_now(), revision=1,
            )
            if activity in evaluation.CHECKS:
                # A knowledge check is answered once. Sending again would let a participant probe
                # the "before" score for the right answers, or change an "after" answer once
                # its rationale is shown, and the room's gain would measure the probing.
                added = conn.execute(statement.on_conflict_do_nothing(
                    index_elements=["session_code", "participant_key", "activity"]).returning(responses.c.id))
                if added.first() is None:  # (rowcount is -1 here on psycopg)
                    raise LiveInputError([CHECK_SENT_ONCE])
                return clean
            conn.execute(statement.on_conflict_do_update(
                index_elements=["session_code", "participant_key", "activity"],
                set_={"answers": statement.excluded.answers,
                      "submitted_at": statement.excluded.submitted_at,
                      "revision": responses.c.revision + 1},
            ))
        return clean

    def _submit_in_one_statement(self, code: str, participant_key: str, activity: str, clean: dict) -> bool:
        """PostgreSQL: store the answers with one statement in its own transaction, the session's
        checks inside it; False when it stored nothing (no such session, closed, activity not in
        it, a check already answered), and `submit` then says why.

        One round trip instead of four (begin, read the session, write, commit): with 100 phones
        sending at once the thread pool waits on round trips, not on work. The session row is
        read FOR SHARE, as in the longer path, so closing the session waits for this answer.
        """
        insert = _insert_for("postgresql")
        wanted = (
            select(sessions.c.code, literal(participant_key, String), literal(activity, String),
                   literal(clean, JSON), literal(_now(), DateTime(timezone=True)), literal(1, Integer))
            .where(sessions.c.code == code, sessions.c.closed_at.is_(None),
                   func.strpos("," + sessions.c.activities + ",", f",{activity},") > 0)
            .with_for_update(read=True)
        )
        statement = insert(responses).from_select(
            ["session_code", "participant_key", "activity", "answers", "submitted_at", "revision"], wanted)
        unique = ["session_code", "participant_key", "activity"]
        if activity in evaluation.CHECKS:  # answered once (see submit)
            statement = statement.on_conflict_do_nothing(index_elements=unique)
        else:
            statement = statement.on_conflict_do_update(
                index_elements=unique,
                set_={"answers": statement.excluded.answers, "submitted_at": statement.excluded.submitted_at,
                      "revision": responses.c.revision + 1})
        with self._autocommit.connect() as conn:
            return conn.execute(statement.returning(responses.c.id)).first() is not None

    def counts(self, code) -> dict[str, int]:
        """Answers per activity (every activity of the session, zeros included)."""
        session = self.session(code)
        with self.reading() as conn:
            rows = conn.execute(
                select(responses.c.activity, func.count())
                .where(responses.c.session_code == session.code)
                .group_by(responses.c.activity)
            ).all()
        found = dict(rows)
        return {activity: found.get(activity, 0) for activity in session.activities}

    def participants(self, code) -> int:
        """People who submitted anything in the session."""
        session = self.session(code)
        with self.reading() as conn:
            return conn.execute(
                select(func.count(func.distinct(responses.c.participant_key)))
                .where(responses.c.session_code == session.code)
            ).scalar()

    def last_change(self, code) -> tuple:
        """One cheap query that changes whenever an answer arrives or is replaced in the session,
        or the session is closed or reopened (from any dashboard or the command line):
        (answers, revisions, latest time, closed at). A dashboard compares it before reading
        anything else."""
        code = rules.normalize_code(code)
        closed = select(sessions.c.closed_at).where(sessions.c.code == code).scalar_subquery()
        with self.reading() as conn:
            row = conn.execute(
                select(func.count(), func.coalesce(func.sum(responses.c.revision), 0),
                       func.max(responses.c.submitted_at), closed)
                .where(responses.c.session_code == code)
            ).one()
        return (row[0], row[1], _aware(row[2]), _aware(row[3]))

    def own_answers(self, code, participant_key, activity: str) -> dict | None:
        code = rules.normalize_code(code)
        with self.reading() as conn:
            return conn.execute(select(responses.c.answers).where(
                responses.c.session_code == code, responses.c.participant_key == participant_key,
                responses.c.activity == activity,
            )).scalar()

    def _answers(self, code: str, activity: str) -> list[dict]:
        with self.reading() as conn:
            return list(conn.execute(
                select(responses.c.answers)
                .where(responses.c.session_code == code, responses.c.activity == activity)
                .order_by(responses.c.id)
            ).scalars())

    def aggregate(self, code, trainer_key, activity: str) -> dict:
        """What the room may see for an activity (trainer only): the aggregate last shown, moved
        on only when `rules.refresh_due` allows, and when it next changes (`update_status`).

        Below the threshold: the count only. What was shown is kept in the store, so a reload,
        another dashboard or the report shows the same, never more.
        """
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        with self.reading() as conn:
            versions, answers = self._shown(conn, code, activity)
            current = self._versions(conn, code, activity)
        if rules.refresh_due(versions, current, session.min_group_size):
            versions, answers, current = self._show_current(code, activity, session.min_group_size)
        return rules.shown_aggregate(activity, answers, versions, current, session.min_group_size,
                                     is_open=session.is_open)

    @staticmethod
    def _shown(conn: Connection, code: str, activity: str) -> tuple[dict[int, int] | None, list[dict] | None]:
        row = conn.execute(select(shown.c.versions, shown.c.answers)
                           .where(shown.c.session_code == code, shown.c.activity == activity)).first()
        if row is None:
            return None, None
        return {int(i): int(r) for i, r in row.versions}, list(row.answers)

    @staticmethod
    def _versions(conn: Connection, code: str, activity: str, with_answers: bool = False):
        columns = [responses.c.id, responses.c.revision] + ([responses.c.answers] if with_answers else [])
        rows = conn.execute(select(*columns).where(responses.c.session_code == code,
                                                   responses.c.activity == activity)
                            .order_by(responses.c.id)).all()
        versions = {row.id: row.revision for row in rows}
        return (versions, [row.answers for row in rows]) if with_answers else versions

    def _show_current(self, code: str, activity: str, threshold: int):
        """Show the current answers if the rules still allow it, in one write transaction (two
        dashboards refreshing at once cannot show two aggregates a few answers apart)."""
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(select(sessions.c.code).where(sessions.c.code == code).with_for_update())
            versions, answers = self._shown(conn, code, activity)
            current, current_answers = self._versions(conn, code, activity, with_answers=True)
            if not rules.refresh_due(versions, current, threshold):
                return versions, answers, current
            values = {"versions": [[i, r] for i, r in current.items()], "answers": current_answers,
                      "shown_at": _now()}
            if versions is None:
                conn.execute(shown.insert().values(session_code=code, activity=activity, **values))
            else:
                conn.execute(update(shown).where(shown.c.session_code == code, shown.c.activity == activity)
                             .values(**values))
            return current, current_answers, current

    def check_gain(self, code, trainer_key) -> dict | None:
        """The knowledge check's share correct per objective, before against after (trainer only),
        from the answers the room was last shown on each side (`aggregate` moves each side only
        under `rules.refresh_due`), or None when the session has no knowledge check."""
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        if session.lesson is None:
            return None
        sides = {}
        for activity in evaluation.CHECKS:
            self.aggregate(code, trainer_key, activity)  # moves the side on if its update is due
            with self.reading() as conn:
                sides[activity] = self._shown(conn, code, activity)[1] or []
        return evaluation.check_gain(session.lesson, sides["check_before"], sides["check_after"],
                                     session.min_group_size)

    def answers_for_trainer(self, code, trainer_key, activity: str) -> list[dict]:
        """Raw anonymous answers, for the export. Trainer only."""
        code = self._require_trainer(code, trainer_key)
        return self._answers(code, activity)

    def responses_csv(self, code, trainer_key, activities=None) -> str:
        """Anonymous responses as CSV: a respondent number instead of the participant key.

        Numbers are drawn at random for each export (the same person keeps one number within
        it), and rows come in the order of those numbers; no timestamps, so neither the numbers
        nor the rows follow the order of arrival in the room, which could be matched to faces.
        `activities` limits the rows to those activities (default: all of the session's).
        """
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        wanted = session.activities if activities is None else tuple(activities)
        with self.reading() as conn:
            rows = conn.execute(
                select(responses.c.participant_key, responses.c.activity, responses.c.answers)
                .where(responses.c.session_code == code, responses.c.activity.in_(wanted))
                .order_by(responses.c.id)
            ).all()
        people = list(dict.fromkeys(key for key, _, _ in rows))
        numbers = dict(zip(people, random.SystemRandom().sample(range(1, len(people) + 1), len(people)),
                           strict=True))
        order = {activity: index for index, activity in enumerate(rules.ACTIVITIES)}
        rows = sorted(rows, key=lambda row: (numbers[row[0]], order.get(row[1], len(order))))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["session", "respondent", "activity", "question", "part", "value"])
        for key, activity, answers in rows:
            respondent = numbers[key]
            for question, part, value in flatten_answers(activity, answers):
                writer.writerow([rules.format_code(session.code), respondent, activity, question, part, value])
        return out.getvalue()

    def comments_csv(self, code, trainer_key) -> str:
        """The reaction form's free texts as a CSV of their own: session, question, text.

        No respondent number at all and no rating: a comment can never be put next to other
        answers of the same person (responses.csv leaves the texts out). Each question's texts
        are shuffled on their own, and kept only when at least the threshold of people wrote
        one (`evaluation.free_text`), as in the report.
        """
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["session", "question", "text"])
        if "reaction" not in session.activities:
            return out.getvalue()
        answers = self._answers(code, "reaction")
        for field in evaluation.TEXTS:
            listed = evaluation.free_text(answers, field, session.min_group_size)
            for comment in listed["texts"]:
                writer.writerow([rules.format_code(session.code), field, comment])
        return out.getvalue()

    # -- backups ----------------------------------------------------------------------------

    def backup(self, target) -> Path:
        """A consistent copy of a SQLite store, WAL content included (SQLite's online backup).

        `target` is a file, or a folder to hold live-<date>-<time>.sqlite. The copy is written
        beside it and renamed into place, so a failed backup never leaves half a file. On
        PostgreSQL: StoreError naming the pg_dump command (``pg_dump_command``).
        """
        if self.engine.dialect.name != "sqlite":
            raise StoreError(f"Back up a PostgreSQL store with pg_dump: {self.pg_dump_command(target)}")
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"live-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
        partial = target.with_name(target.name + ".partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            copy = sqlite3.connect(partial)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"Cannot write the backup {rules.quote(str(target))}: "
                             f"{getattr(error, 'strerror', None) or error}.") from None
        try:
            with self.engine.connect() as conn:
                conn.connection.driver_connection.backup(copy)
            copy.close()
            os.replace(partial, target)
        except BaseException:
            copy.close()
            partial.unlink(missing_ok=True)
            raise
        return target

    def pg_dump_command(self, target) -> str:
        """The pg_dump command that backs up this PostgreSQL store's tables to `target`."""
        url = self.engine.url
        without_password = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                                      database=url.database, query=url.query)
        return shlex.join(["pg_dump", "--format=custom", f"--file={target}", "--table=aligned_live_*",
                           without_password.render_as_string(hide_password=False)])


def flatten_answers(activity: str, answers: dict) -> list[tuple[str, str, object]]:
    """Long-format rows (question, part, value) for a CSV an analyst can pivot."""
    if activity == "culture":
        return [(dimension, f"{phase}:{culture_type}", value)
                for phase, allocation in answers.items()
                for dimension, points in allocation.items()
                for culture_type, value in points.items()]
    if activity == "components":
        rows = [(component, phase, value)
                for component, phases in answers["ratings"].items()
                for phase, value in phases.items()]
        rows += [(component, "depends_on", ";".join(needs))
                 for component, needs in answers["dependencies"].items() if needs]
        return rows
    if activity in evaluation.CHECKS:
        bank = evaluation.live_bank(answers["lesson"])
        right = {q.key: q.answer for q in bank.questions}
        return [row for question, chosen in answers["choices"].items()
                for row in ((question, "option", chosen), (question, "correct", int(chosen == right.get(question))))]
    if activity == "reaction":  # the free texts go to comments.csv, apart from the ratings
        return [(item, "answer", value) for item, value in answers.items() if item not in evaluation.TEXTS]
    return [(item, "answer", value) for item, value in answers.items()]


def open_store(url: str | None = None) -> LiveStore:
    return LiveStore(url)


__all__ = ["LiveStore", "Session", "StoreError", "LiveInputError", "SCHEMA_VERSION", "default_url",
           "state_dir", "STATE_DIR_VARIABLE", "open_store", "migrate", "schema_version", "make_engine",
           "flatten_answers", "database_problem", "READ_ONLY_OPTION"]

