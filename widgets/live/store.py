"""The live-session response store: SQLAlchemy on SQLite by default, PostgreSQL by URL.

Every Voila page runs in its own kernel process, so the store is shared through the database
and every write is one short transaction:
- SQLite (default, ``<state dir>/live.sqlite``): WAL journal so readers never block the
  writer, a busy timeout so concurrent writers wait instead of failing, and ``BEGIN
  IMMEDIATE`` so a transaction takes the write lock up front (a deferred transaction that
  reads and then writes can fail at once with "database is locked", busy timeout or not);
- PostgreSQL when ``ALIGNED_DB_URL`` is set (``postgresql+psycopg://user:pass@host/db``).

A participant's answer is one row per (session, participant key, activity): submitting again
updates that row (an upsert), so nobody is counted twice and the last answer wins.

The schema is created and upgraded here. ``aligned_live_schema`` records the version; each
step in ``MIGRATIONS`` upgrades by one, inside one transaction, under a lock, so two kernels
starting at once cannot both upgrade.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
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
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from widgets.core import sessions as rules
from widgets.core.paths import STATE_DIR_VARIABLE, state_dir  # the kit's one state folder
from widgets.core.sessions import LiveInputError, LiveSessionError

SCHEMA_VERSION = 2
DB_URL_VARIABLE = "ALIGNED_DB_URL"
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 74_120_001  # an arbitrary number for PostgreSQL's advisory lock


def default_url() -> str:
    if os.environ.get(DB_URL_VARIABLE):
        return os.environ[DB_URL_VARIABLE]
    return f"sqlite:///{state_dir() / 'live.sqlite'}"


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


def _create_version_1(conn: Connection) -> None:
    """The first released schema, without `revision`: kept so that old databases upgrade."""
    old = MetaData()
    for table in (schema_info, sessions):
        table.to_metadata(old)
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


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _create_version_1, 2: _add_revision}


class StoreError(RuntimeError):
    """The database cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Session:
    code: str
    title: str
    activities: tuple[str, ...]
    min_group_size: int
    created_at: datetime
    closed_at: datetime | None

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
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    url = url or default_url()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine)
        return engine
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # the driver we ship
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2)
    except (ImportError, SQLAlchemyError) as error:
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


class LiveStore:
    """Sessions and anonymous responses. Refuses invalid input with LiveInputError."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        try:
            migrate(self.engine)
        except SQLAlchemyError as error:
            raise StoreError(f"Cannot open the live-session database ({self.describe()}): {error}") from None

    def describe(self) -> str:
        """Where the data is, without a password."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- sessions ---------------------------------------------------------------------------

    def create_session(
        self, activities, title: str = "", min_group_size: int = rules.MIN_GROUP_SIZE
    ) -> tuple[Session, str]:
        """A new open session and its trainer key (shown once; only its hash is stored)."""
        chosen = rules.check_activities(activities)
        threshold = rules.check_threshold(min_group_size)
        title = (title or "").strip()[:200] or "Workshop session"
        trainer_key = rules.new_key()
        with self.engine.begin() as conn:
            for _ in range(5):  # a clash among 8.5e11 codes is unlikely, not impossible
                code = rules.new_session_code()
                if conn.execute(select(sessions.c.code).where(sessions.c.code == code)).first() is None:
                    break
            conn.execute(sessions.insert().values(
                code=code, title=title, activities=",".join(chosen), min_group_size=threshold,
                trainer_key_hash=rules.hash_key(trainer_key), created_at=_now(),
            ))
        return self.session(code), trainer_key

    def _row_to_session(self, row) -> Session:
        return Session(row.code, row.title, tuple(row.activities.split(",")), row.min_group_size,
                       _aware(row.created_at), _aware(row.closed_at))

    def session(self, code) -> Session:
        """The session for a code as typed or carried in a URL; LiveInputError if unknown."""
        code = rules.normalize_code(code)
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
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
        with self.engine.begin() as conn:
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
        clean = rules.validate_submission(activity, answers)
        insert = _insert_for(self.engine.dialect.name)
        with self.engine.begin() as conn:
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
            conn.execute(statement.on_conflict_do_update(
                index_elements=["session_code", "participant_key", "activity"],
                set_={"answers": statement.excluded.answers,
                      "submitted_at": statement.excluded.submitted_at,
                      "revision": responses.c.revision + 1},
            ))
        return clean

    def counts(self, code) -> dict[str, int]:
        """Answers per activity (every activity of the session, zeros included)."""
        session = self.session(code)
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count(func.distinct(responses.c.participant_key)))
                .where(responses.c.session_code == session.code)
            ).scalar()

    def own_answers(self, code, participant_key, activity: str) -> dict | None:
        code = rules.normalize_code(code)
        with self.engine.connect() as conn:
            return conn.execute(select(responses.c.answers).where(
                responses.c.session_code == code, responses.c.participant_key == participant_key,
                responses.c.activity == activity,
            )).scalar()

    def _answers(self, code: str, activity: str) -> list[dict]:
        with self.engine.connect() as conn:
            return list(conn.execute(
                select(responses.c.answers)
                .where(responses.c.session_code == code, responses.c.activity == activity)
                .order_by(responses.c.id)
            ).scalars())

    def aggregate(self, code, trainer_key, activity: str) -> dict:
        """The room's aggregate for the trainer (below the threshold: the count only)."""
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        return rules.room_aggregate(activity, self._answers(code, activity), session.min_group_size)

    def answers_for_trainer(self, code, trainer_key, activity: str) -> list[dict]:
        """Raw anonymous answers, for the export. Trainer only."""
        code = self._require_trainer(code, trainer_key)
        return self._answers(code, activity)

    def responses_csv(self, code, trainer_key, activities=None) -> str:
        """Anonymous responses as CSV: a respondent number instead of the participant key.

        Numbers are assigned in order of each person's first submission; no timestamps, so the
        order of arrival in the room cannot be matched to faces. `activities` limits the rows
        to those activities (default: all of the session's).
        """
        code = self._require_trainer(code, trainer_key)
        session = self.session(code)
        wanted = session.activities if activities is None else tuple(activities)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(responses.c.participant_key, responses.c.activity, responses.c.answers)
                .where(responses.c.session_code == code, responses.c.activity.in_(wanted))
                .order_by(responses.c.id)
            ).all()
        numbers: dict[str, int] = {}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["session", "respondent", "activity", "question", "part", "value"])
        for key, activity, answers in rows:
            respondent = numbers.setdefault(key, len(numbers) + 1)
            for question, part, value in flatten_answers(activity, answers):
                writer.writerow([rules.format_code(session.code), respondent, activity, question, part, value])
        return out.getvalue()


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
    return [(item, "answer", value) for item, value in answers.items()]


def open_store(url: str | None = None) -> LiveStore:
    return LiveStore(url)


__all__ = ["LiveStore", "Session", "StoreError", "LiveInputError", "SCHEMA_VERSION", "default_url",
           "state_dir", "STATE_DIR_VARIABLE", "open_store", "migrate", "schema_version", "make_engine",
           "flatten_answers"]

