"""Live sessions from the command line: python -m widgets.live create|close|reopen|export|status|backup.

    python -m widgets.live create --activities culture,pulse --title "Leadership day"
    python -m widgets.live export ABCD-EFGH --key=<trainer key>
    python -m widgets.live backup ~/aligned-backups/

Every error is one line on stderr ("live: error: ...") and exit status 2; nothing here prints
a traceback, whatever the database, the state folder or the arguments.
"""

from __future__ import annotations

import argparse
import os
import sys

from widgets.core import sessions
from widgets.core.evaluation import CHECKS
from widgets.core.sessions import LiveInputError
from widgets.live.store import StoreError, open_store


def _base_url(args) -> str:
    return f"http://{args.host}:{args.port}/voila/render/live/"


ERROR_PREFIX = "live: error:"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line like every other error."""

    def error(self, message: str):
        fail(f"{message} (see python -m widgets.live --help)")


def fail(message: str):
    print(f"{ERROR_PREFIX} {' '.join(str(message).split())}", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except SystemExit as leaving:
        return leaving.code if isinstance(leaving.code, int) else 2
    except (LiveInputError, StoreError) as error:
        print(f"{ERROR_PREFIX} {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    except OSError as error:  # a folder for the export that cannot be written, for instance
        where = f" ({sessions.clip(str(error.filename))})" if error.filename else ""
        print(f"{ERROR_PREFIX} {error.strerror or error}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{ERROR_PREFIX} interrupted", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - the promise: one line, never a traceback
        print(f"{ERROR_PREFIX} unexpected {type(error).__name__}: {sessions.clip(' '.join(str(error).split()), 200)}",
              file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    parser = _Parser(prog="python -m widgets.live", description=__doc__.splitlines()[0])
    parser.add_argument("--db-url",
                        help="SQLAlchemy URL (default: ALIGNED_DB_URL or the SQLite file in the state folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="open a new session and print its links")
    create.add_argument("--activities", default="culture,pulse",
                        help=f"comma-separated: {', '.join(a for a in sessions.ACTIVITIES if a not in CHECKS)}"
                             " (--lesson adds the knowledge check)")
    create.add_argument("--title", default="")
    create.add_argument("--min-group-size", type=int, default=sessions.MIN_GROUP_SIZE)
    create.add_argument("--lesson", default=None,
                        help="add the knowledge check before and after on this lesson's questions (its stem)")
    create.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    create.add_argument("--port", default=os.environ.get("PORT", "8866"))
    create.add_argument("--token", default=os.environ.get("ROOM_TOKEN"), help="the room's access token, if any")
    for name in ("close", "reopen", "export", "status"):
        sub = commands.add_parser(name, help=f"{name} a session (trainer key needed)")
        sub.add_argument("code")
        sub.add_argument("--key", required=True,
                         help="the trainer key printed by create; write --key=KEY (with =) to be safe")
        if name == "export":
            sub.add_argument("--to", help="folder for report.html and responses.csv")
    backup = commands.add_parser(
        "backup", help="a consistent copy of the SQLite store, its -wal file included "
                       "(on PostgreSQL: the pg_dump command to use)")
    backup.add_argument("path", help="the copy's file, or a folder for live-<date>-<time>.sqlite")
    args = parser.parse_args(argv)
    store = open_store(args.db_url)
    if args.command == "backup":
        if store.engine.dialect.name != "sqlite":
            print("This store is on PostgreSQL: back it up with pg_dump (the password from PGPASSWORD or ~/.pgpass):")
            print(store.pg_dump_command(args.path))
            return 0
        print(f"Backed up {store.describe()} to {store.backup(args.path)}")
        return 0
    if args.command == "create":
        session, key = store.create_session(args.activities, args.title, args.min_group_size, lesson=args.lesson)
        context = {"host": args.host, "port": str(args.port), "script_name": "/voila/render/live/x"}
        print(f"Session {sessions.format_code(session.code)}: {session.title}")
        join = sessions.join_link(session.code, host=args.host, port=str(args.port), token=args.token)
        print(f"Participants: {join}")
        dashboard = sessions.page_link("facilitator.ipynb", session.code, token=args.token, trainer_key=key,
                                       **context)
        print(f"Dashboard (keep private): {dashboard}")
        print(f"Trainer key: {key}")
        return 0
    if not store.is_trainer(args.code, args.key):
        raise LiveInputError(["unknown session code, or the trainer key does not match"])
    if args.command in ("close", "reopen"):
        session = store.set_open(args.code, args.key, args.command == "reopen")
        print(f"Session {sessions.format_code(session.code)} is {'open' if session.is_open else 'closed'}.")
    elif args.command == "status":
        session = store.session(args.code)
        counts = ", ".join(f"{sessions.ACTIVITIES[a]}: {n}" for a, n in store.counts(args.code).items())
        print(f"{sessions.format_code(session.code)} ({'open' if session.is_open else 'closed'}): {counts}")
    else:
        from widgets.live.report import export_session

        paths = export_session(store, args.code, args.key, args.to)
        print(f"Report: {paths['report']}\nResponses: {paths['responses']}")
        if "comments" in paths:
            print(f"Comments (free text, apart from every rating): {paths['comments']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
