"""Live sessions from the command line: python -m widgets.live create|close|reopen|export|status.

    python -m widgets.live create --activities culture,pulse --title "Leadership day"
    python -m widgets.live export ABCD-EFGH --key <trainer key>

Every error is one line on stderr and exit status 2; nothing here prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from widgets.core import sessions
from widgets.core.sessions import LiveInputError
from widgets.live.store import StoreError, open_store


def _base_url(args) -> str:
    return f"http://{args.host}:{args.port}/voila/render/live/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.live", description=__doc__.splitlines()[0])
    parser.add_argument("--db-url",
                        help="SQLAlchemy URL (default: ALIGNED_DB_URL or the SQLite file in the state folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="open a new session and print its links")
    create.add_argument("--activities", default="culture,pulse",
                        help=f"comma-separated: {', '.join(sessions.ACTIVITIES)}")
    create.add_argument("--title", default="")
    create.add_argument("--min-group-size", type=int, default=sessions.MIN_GROUP_SIZE)
    create.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    create.add_argument("--port", default=os.environ.get("PORT", "8866"))
    create.add_argument("--token", default=os.environ.get("ROOM_TOKEN"), help="the room's access token, if any")
    for name in ("close", "reopen", "export", "status"):
        sub = commands.add_parser(name, help=f"{name} a session (trainer key needed)")
        sub.add_argument("code")
        sub.add_argument("--key", required=True, help="the trainer key printed by create")
        if name == "export":
            sub.add_argument("--to", help="folder for report.html and responses.csv")
    args = parser.parse_args(argv)
    try:
        store = open_store(args.db_url)
        if args.command == "create":
            session, key = store.create_session(args.activities, args.title, args.min_group_size)
            context = {"host": args.host, "port": str(args.port), "script_name": "/voila/render/live/x"}
            print(f"Session {sessions.format_code(session.code)}: {session.title}")
            print(f"Participants: {sessions.page_link('participant.ipynb', session.code, token=args.token, **context)}")
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
        return 0
    except (LiveInputError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
