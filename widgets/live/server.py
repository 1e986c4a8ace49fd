"""Participant pages served by the server itself: no kernel per participant.

A Jupyter server extension (enabled by `jupyter_server_config.d/aligned.json`, installed with the
package) and the routes the kit's Voila adds the same way (`widgets.serving.AlignedVoila`):

- `GET  /aligned/join`                     type a session code (`?code=` goes on to the session)
- `GET  /aligned/join/<CODE>`              the session's activities, rendered from a Jinja2 template
- `POST /aligned/api/join/<CODE>/<ACTIVITY>`  `{"key": ..., "answers": {...}}`: send (or replace) answers
- `POST /aligned/api/join/<CODE>/mine`     `{"key": ...}`: what this participant sent before (a reload)
- `POST /aligned/api/join/<CODE>/chart`    `{"key": ...}`: their own kite chart (SVG), drawn apart from the send
- `GET  /aligned/static/<file>`            the page's one script and stylesheets, served from the package

Validation is the core's (`widgets.core.sessions`, through `LiveStore.submit`), so the API, the
command line and every page keep one set of rules. The participant key lives in the browser
(localStorage, a cookie where that is blocked); the server keeps nothing per participant but a
small rate-limit entry. Limits: a request body of `MAX_BODY_BYTES`, `RATE_PER_KEY` sends a minute
per participant (and `RATE_PER_ADDRESS` per address), and cross-site posts are refused (the
request must be JSON with our header, and its Origin, when sent, must be this server).

Database calls run in a small thread pool so that a busy SQLite never stalls the event loop
that also serves Voila.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from widgets.core import sessions as rules
from widgets.core.evaluation import CHECKS
from widgets.core.sessions import LiveInputError, LiveSessionError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024  # a culture answer is about 1.5 KB
RATE_PER_KEY = 30  # sends a minute for one participant: generous for 3 activities and resends
RATE_PER_ADDRESS = 1200  # a room behind one NAT address: 100 people x 3 activities x 4 resends
RATE_WINDOW_S = 60.0
STORE_THREADS = 4
# How long a session read for a page stays fresh. A room of 100 opening the page at once then
# costs one database read, not 100. A page may show "open" for this long after the trainer
# closes the session; a send is still refused then (the store checks the session in the same
# transaction that would write the answer).
SESSION_FRESH_S = 2.0
REQUEST_HEADER = "X-Aligned-Request"  # a custom header: a cross-site form cannot send it
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {
    "join.js": (STATIC_DIR / "join.js", "text/javascript; charset=utf-8"),
    "join.css": (STATIC_DIR / "join.css", "text/css; charset=utf-8"),
    "aligned.css": (Path(__file__).resolve().parent.parent / "templates" / "aligned.css", "text/css; charset=utf-8"),
}
SEND_LABELS = {
    "culture": "Send my culture answers",
    "components": "Send my component scores",
    "pulse": "Send my pulse answers",
    "check_before": "Send my answers to the check",
    "check_after": "Send my answers and see why",
    "reaction": "Send my reaction",
}


# ---------------------------------------------------------------------------------------------
# What the handlers share: the store, a thread pool, the rate limits
# ---------------------------------------------------------------------------------------------

class RateLimiter:
    """At most `limit` events per `window` seconds for each name (a sliding count, bounded memory)."""

    def __init__(self, limit: int, window: float = RATE_WINDOW_S, max_names: int = 50_000):
        self.limit, self.window, self.max_names = limit, window, max_names
        self._seen: OrderedDict[str, list[float]] = OrderedDict()

    def allow(self, name: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        times = [t for t in self._seen.pop(name, []) if now - t < self.window]
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[name] = times
        while len(self._seen) > self.max_names:
            self._seen.popitem(last=False)
        return allowed


class JoinService:
    """One per server process: the store (opened on first use), its threads, the limits."""

    def __init__(self, store=None, rate_per_key: int = RATE_PER_KEY, rate_per_address: int = RATE_PER_ADDRESS):
        self._store = store
        self._executor = ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="aligned-store")
        self._charts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aligned-chart")
        self.per_key = RateLimiter(rate_per_key)
        self.per_address = RateLimiter(rate_per_address)
        self._sessions: OrderedDict[str, tuple[float, object]] = OrderedDict()

    @property
    def store(self):
        if self._store is None:
            from widgets.live.store import open_store

            self._store = open_store()
        return self._store

    async def run(self, function, *args):
        """`function(store, *args)` on a store thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: function(self.store, *args))

    async def session(self, code: str):
        """The session for a normalized code, read at most every `SESSION_FRESH_S` seconds (for
        pages only: sends are checked by the store itself)."""
        now = time.monotonic()
        fresh = self._sessions.get(code)
        if fresh is not None and now - fresh[0] < SESSION_FRESH_S:
            return fresh[1]
        session = await self.run(lambda store: store.session(code))
        self._sessions[code] = (now, session)
        self._sessions.move_to_end(code)
        while len(self._sessions) > 1000:
            self._sessions.popitem(last=False)
        return session

    async def chart(self, answers: dict) -> dict:
        """The participant's kite chart, drawn on the one chart thread."""
        return await asyncio.get_running_loop().run_in_executor(self._charts, own_chart, answers)


def own_result(activity: str, answers: dict) -> dict:
    """What the participant sees after sending: a sentence or two about their own answers (never
    the room's). For culture, `chart` says their kite chart can be fetched (`own_chart`): drawing
    it takes a quarter of a second, so it is drawn apart from the send, one chart at a time."""
    return {**rules.own_feedback(activity, answers), "chart": activity == "culture"}


def own_chart(answers: dict) -> dict:
    """The participant's kite chart (Now and Preferred) as inline SVG, with its text alternative."""
    from widgets import charts
    from widgets.charts.export import to_svg
    from widgets.core import culture

    chart = charts.kite_chart(culture.profile(answers["now"]), culture.profile(answers["preferred"]),
                              "Your culture profile")
    return {"svg": to_svg(chart, inline=True),
            "label": chart.to_dict().get("description") or rules.own_result("culture", answers)}


def _submit(store, code: str, key: str, activity: str, answers) -> dict:
    clean = store.submit(code, key, activity, answers)
    return own_result(activity, clean)


def _mine(store, code: str, key: str) -> dict:
    session = store.session(code)
    found = {}
    for activity in session.activities:
        answers = store.own_answers(session.code, key, activity)
        if answers is not None:
            found[activity] = {"answers": answers, "result": own_result(activity, answers)}
    return found


# ---------------------------------------------------------------------------------------------
# The handlers
# ---------------------------------------------------------------------------------------------

def _handler_classes():
    # jupyter_server and tornado are imported only by a server, never by a lesson's kernel.
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class JoinBase(JupyterHandler):
        @property
        def service(self) -> JoinService:
            return self.settings["aligned_join"]

        def aligned_url(self, *parts: str) -> str:
            base = self.base_url.rstrip("/")
            return "/".join([base, "aligned", *parts])

        def check_xsrf_cookie(self):
            # Our posts carry their own protection (see JoinApiHandler.refuse_cross_site); the
            # server's XSRF check still runs where the server turns it on (jupyter server, lab).
            if self.settings.get("xsrf_cookies"):
                return super().check_xsrf_cookie()
            return None

        def write_page(self, name: str, status: int = 200, **context) -> None:
            from widgets import templating

            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.set_header("Referrer-Policy", "same-origin")
            self.set_header(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
            )
            context.setdefault("xsrf", self.xsrf_token.decode())  # sets the _xsrf cookie too
            self.finish(templating.render(name, static=self.aligned_url("static"),
                                          join_url=self.aligned_url("join"), **context))

    class JoinPageHandler(JoinBase):
        """`/aligned/join`: type the code; `?code=` (the form's own submission) goes on to the session."""

        @web.authenticated
        async def get(self):
            typed = self.get_argument("code", None)
            if typed is None:
                return self.write_page("join.html.j2", typed="", problem=None)
            try:
                code = rules.normalize_code(typed)
                await self.service.session(code)
            except LiveInputError as error:
                return self.write_page("join.html.j2", status=400 if not isinstance(error, LiveSessionError) else 404,
                                       typed=typed[:40], problem=error.problems[0])
            return self.redirect(self.aligned_url("join", rules.format_code(code)))

    class SessionPageHandler(JoinBase):
        """`/aligned/join/<CODE>`: the session's activities, answered with the page's script."""

        @web.authenticated
        async def get(self, typed: str):
            try:
                code = rules.normalize_code(typed)
                session = await self.service.session(code)
            except LiveInputError as error:
                status = 404 if isinstance(error, LiveSessionError) else 400
                return self.write_page("join.html.j2", status=status, typed=typed[:40], problem=error.problems[0])
            self.write_page("join_session.html.j2", **session_context(session, self.aligned_url))

    class JoinApiHandler(JoinBase):
        """`POST /aligned/api/join/<CODE>/<ACTIVITY or mine>`: JSON in, JSON out."""

        def reply(self, status: int, **body) -> None:
            self.set_status(status)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(json.dumps(body))

        def refusal(self) -> tuple[int, str] | None:
            """Why this request is refused before reading it, or None."""
            if self.current_user is None:
                return 403, "Please open the page from the link your trainer gave (it carries the room's access)."
            length = self.request.headers.get("Content-Length")
            declared = int(length) if length and length.isdigit() else 0
            if max(declared, len(self.request.body)) > MAX_BODY_BYTES:
                return 413, "Those answers are too large to send."
            if not self.request.headers.get("Content-Type", "").startswith("application/json") or \
                    self.request.headers.get(REQUEST_HEADER) != "1":
                return 403, "This page only accepts answers sent by its own form."
            origin = self.request.headers.get("Origin")
            if origin and origin != "null" and urlparse(origin).netloc != self.request.host:
                return 403, "Answers can only be sent from this server's own page."
            if self.request.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
                return 403, "Answers can only be sent from this server's own page."
            return None

        async def post(self, typed: str, activity: str):
            refused = self.refusal()
            if refused:
                return self.reply(refused[0], problems=[refused[1]])
            if not self.service.per_address.allow(self.request.remote_ip or "?"):
                return self.reply(429, problems=["Too many answers from this network at once; "
                                                 "please wait a minute and send again."])
            try:
                body = json.loads(self.request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return self.reply(400, problems=["The answers did not arrive in a readable form; please send again."])
            if not isinstance(body, dict):
                return self.reply(400, problems=["The answers did not arrive in a readable form; please send again."])
            try:
                key = rules.check_key(body.get("key"))
                code = rules.normalize_code(typed)
            except LiveInputError as error:
                return self.reply(400, problems=list(error.problems))
            if not self.service.per_key.allow(f"{code}:{key}"):
                return self.reply(429, problems=["You sent many times in a minute; please wait a moment "
                                                 "and send again. Your answers are still here."])
            try:
                if activity == "mine":
                    return self.reply(200, sent=await self.service.run(_mine, code, key))
                if activity == "chart":
                    answers = await self.service.run(lambda store: store.own_answers(code, key, "culture"))
                    if answers is None:
                        return self.reply(404, problems=["Send your culture answers first."])
                    return self.reply(200, chart=await self.service.chart(answers))
                if activity not in rules.ACTIVITIES:
                    return self.reply(404, problems=[f"There is no activity “{activity[:30]}”."])
                result = await self.service.run(_submit, code, key, activity, body.get("answers"))
            except LiveSessionError as error:  # the session refuses, not the answers
                return self.reply(409, problems=["Not sent. " + " ".join(error.problems)], session=True)
            except LiveInputError as error:
                lesson = None
                if activity in CHECKS:
                    lesson = (await self.service.session(code)).lesson
                return self.reply(400, problems=list(error.problems),
                                  fields=[rules.problem_field(activity, p, lesson) for p in error.problems])
            except Exception as error:  # the store says why: a full disk, a lost connection
                from widgets.live.store import StoreError

                log.exception("The store refused a submission")
                reason = str(error) if isinstance(error, StoreError) else "the database did not answer."
                return self.reply(503, problems=[f"Your answers could not be saved: {reason} "
                                                 "Your answers are still here; please try again."])
            at = datetime.now().strftime("%H:%M")
            return self.reply(200, message=(
                f"Sent at {at}. Thank you! Your answers are anonymous. If you change your mind, edit "
                "them and send again: your new answers replace the old ones."), result=result)

    class StaticHandler(JoinBase):
        """The page's own script and stylesheets (a fixed list: nothing else is readable)."""

        @web.authenticated
        def get(self, name: str):
            if name not in STATIC_FILES:
                raise web.HTTPError(404)
            path, content_type = STATIC_FILES[name]
            self.set_header("Content-Type", content_type)
            self.set_header("Cache-Control", "no-cache")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(path.read_bytes())

    return JoinPageHandler, SessionPageHandler, JoinApiHandler, StaticHandler


def session_context(session, aligned_url) -> dict:
    """What the session page's template needs: the session and the activities' questions."""
    from widgets.core import components as five
    from widgets.core import culture, evaluation
    from widgets.core.survey import ANSWER_LABELS

    return {
        "title": session.title,
        "code": session.code,
        "shown_code": rules.format_code(session.code),
        "is_open": session.is_open,
        "min_group_size": session.min_group_size,
        "activities": session.activities,
        "names": rules.ACTIVITIES,
        "send_labels": SEND_LABELS,
        "api": aligned_url("api", "join", session.code),
        "culture": {
            "phases": (("now", "Now", "as it is today"), ("preferred", "Preferred",
                                                          "as you think it should be in two to three years")),
            "dimensions": culture.DIMENSIONS,
            "prompts": culture.PROMPTS,
            "types": culture.CULTURE_TYPES,
            "letters": culture.STATEMENT_LETTERS,
            "statements": culture.STATEMENTS,
            "points": culture.POINTS_PER_DIMENSION,
        },
        "components": {
            "names": five.COMPONENTS,
            "labels": five.LABELS,
            "guide": five.COMPONENT_GUIDE,
            "scale": five.SCALE,
            "phases": (("current", "now"), ("target", "target")),
            "max_dependencies": five.MAX_DEPENDENCIES,
        },
        "pulse": {"items": rules.PULSE_ITEMS, "labels": ANSWER_LABELS},
        "check": check_context(session.lesson) if session.lesson else None,
        "reaction": {"ratings": evaluation.RATINGS, "recommend": evaluation.RECOMMEND,
                     "recommend_range": evaluation.RECOMMEND_RANGE, "texts": evaluation.TEXTS,
                     "text_limit": evaluation.TEXT_LIMIT},
    }


def check_context(lesson: str) -> dict:
    """The knowledge check's questions for the page: options in the bank's fixed shuffled order,
    each carrying its index in the bank (what the page sends; it says nothing about which is right)."""
    from widgets.core import evaluation, knowledge

    bank = evaluation.live_bank(lesson)
    return {
        "lesson": lesson,
        "questions": [
            {"key": q.key, "number": bank.number(q), "stem": q.stem,
             "options": [{"index": i, "text": q.options[i].text} for i in knowledge.option_order(bank, q)]}
            for q in bank.questions
        ],
    }


def handlers(base_url: str = "/") -> list[tuple]:
    """The routes, for `web_app.add_handlers` (the server extension) or Voila's handler list."""
    join_page, session_page, api, static = _handler_classes()
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    code = r"([A-Za-z0-9 _-]{1,40})"
    return [
        (base + r"aligned/join/?", join_page),
        (base + rf"aligned/join/{code}/?", session_page),
        (base + rf"aligned/api/join/{code}/(\w{{1,32}})", api),
        (base + r"aligned/static/([\w.-]+)", static),
    ]


def install(web_app, base_url: str = "/", service: JoinService | None = None) -> None:
    web_app.settings.setdefault("aligned_join", service or JoinService())
    web_app.add_handlers(".*$", handlers(base_url))


# ---------------------------------------------------------------------------------------------
# The Jupyter server extension (JupyterLab, `jupyter server`, a JupyterHub single-user server)
# ---------------------------------------------------------------------------------------------

def _jupyter_server_extension_points():
    return [{"module": "widgets.live.server"}]


def _load_jupyter_server_extension(server_app) -> None:
    base_url = server_app.web_app.settings.get("base_url", "/")
    install(server_app.web_app, base_url)
    server_app.log.info("Aligned: participant pages at %saligned/join", base_url)
