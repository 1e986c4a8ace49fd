"""The facilitator dashboard: create a session, watch answers arrive, show the room's aggregate.

The dashboard opens only with the trainer key made when the session was created (it travels
in the dashboard link, ?session=...&key=...). It refreshes itself every few seconds from the
shared store, so it sees answers sent from every participant's page; each tick asks one cheap
question first (`LiveStore.last_change`) and reads nothing else while no answer has arrived or
changed.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
from datetime import datetime

import ipywidgets as w

from widgets import charts
from widgets.activity import Activity, handler
from widgets.charts import sessions as session_charts
from widgets.core import evaluation, sessions
from widgets.core.survey import ABSOLUTE_MIN_GROUP_SIZE
from widgets.live.query import page_query
from widgets.live.report import GAIN_HEADER, export_session, gain_rows, html_table
from widgets.live.store import LiveStore, Session, open_store
from widgets.ui import message_html

log = logging.getLogger(__name__)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_ONLY_NOTE = (
    "<p><small>This address works on this computer only. For participants' own devices, start "
    "the workshop with <code>make workshop ROOM=1</code> and open this dashboard from the address "
    "it prints.</small></p>"
)
DASHBOARD_PAGE = "facilitator.ipynb"


def _request_context() -> dict[str, str]:
    """Host, port, page path and room token of the request, as Voila put them in the environment."""
    return {
        "host": os.environ.get("SERVER_NAME", ""),
        "port": os.environ.get("SERVER_PORT", ""),
        "script_name": os.environ.get("SCRIPT_NAME", ""),
    }


class FacilitatorDashboard(Activity):
    """Create a session (no code given), or run one (code and trainer key given)."""

    kept = "No answers are lost"

    def __init__(self, code: str | None = None, trainer_key: str | None = None,
                 store: LiveStore | None = None, token: str | None = None,
                 context: dict[str, str] | None = None, refresh_seconds: float = 3.0, **kwargs):
        self._store = store
        self.token = token
        self.context = context or {}
        self.refresh_seconds = refresh_seconds
        self.code: str | None = None
        self.trainer_key: str | None = None
        self.session: Session | None = None
        self.counts: dict[str, int] = {}
        self.results: dict[str, dict] = {}
        self.last_change: tuple | None = None  # the store's last_change when the panels were drawn
        self.panels: dict[str, w.VBox] = {}
        self._task: asyncio.Task | None = None
        self.body = w.VBox(layout=w.Layout(width="100%"))
        super().__init__([self.messages, self.body], **kwargs)
        self.add_class("aligned-live")
        self.add_class("aligned-dashboard")
        self._open(code, trainer_key)

    @handler("opening the dashboard")
    def _open(self, code, trainer_key) -> None:
        if code:
            self.open_session(code, trainer_key)
        else:
            self._show_create_form()

    @property
    def store(self) -> LiveStore:
        if self._store is None:
            self._store = open_store()
        return self._store

    # -- creating a session -------------------------------------------------------------------

    def _show_create_form(self) -> None:
        self.title_input = w.Text(description="Session title", placeholder="Leadership workshop, 23 November",
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=w.Layout(width="32rem"))
        self.activity_inputs = {
            activity: w.Checkbox(value=activity in ("culture", "pulse"), description=label, indent=False)
            for activity, label in sessions.ACTIVITIES.items() if activity not in evaluation.CHECKS
        }
        # The knowledge check comes in two (before and after) on one lesson's questions.
        self.lesson_input = w.Dropdown(
            options=[("No knowledge check", "")] + [(stem.replace("-", " ").capitalize(), stem)
                                                    for stem in evaluation.lessons_for_checks()],
            value="", description="Knowledge check before and after, on the lesson",
            style={"description_width": "initial"}, layout=w.Layout(width="32rem"))
        self.threshold_input = w.IntText(
            value=sessions.MIN_GROUP_SIZE, description="Show results from (people)",
            continuous_update=False, style={"description_width": "initial"},
        )
        self.create_button = w.Button(description="Create session", button_style="primary", icon="plus")
        self.create_button.on_click(self.create)
        self.body.children = [
            w.HTML("<h2>New live session</h2><p>Choose what the room will answer. You get a short "
                   "code for participants and a private link to this dashboard.</p>"),
            self.title_input,
            w.HTML("<p><b>Activities</b></p>"), *self.activity_inputs.values(),
            self.lesson_input,
            self.threshold_input,
            w.HTML(f"<p>Results stay hidden until this many people have answered (at least "
                   f"{ABSOLUTE_MIN_GROUP_SIZE}, usually {sessions.MIN_GROUP_SIZE}), so no one can be picked out.</p>"),
            w.HBox([self.create_button]),
        ]

    @handler("creating the session", kept="Nothing was lost", intro="The session was not created yet:")
    def create(self, _button=None) -> None:
        chosen = [a for a, box in self.activity_inputs.items() if box.value]
        session, key = self.store.create_session(chosen, self.title_input.value, self.threshold_input.value,
                                                 lesson=self.lesson_input.value or None)
        self.open_session(session.code, key)
        self.start()
        link = self.link(DASHBOARD_PAGE, with_key=True)
        self.messages.value = message_html(
            "ok",
            "Session created. Bookmark this dashboard link and keep it private: it is the only way "
            f"back in. {link}",
        )

    # -- running a session --------------------------------------------------------------------

    def link(self, page: str, with_key: bool = False) -> str:
        return sessions.page_link(page, self.code, token=self.token,
                              trainer_key=self.trainer_key if with_key else None, **self.context)

    def open_session(self, code, trainer_key) -> bool:
        if not self.store.is_trainer(code, trainer_key):
            self.body.children = []
            self.messages.value = message_html(
                "error",
                "This dashboard is for the trainer who created the session. Open it with the private "
                "dashboard link you got when you created the session.",
            )
            return False
        self.session = self.store.session(code)
        self.code, self.trainer_key = self.session.code, trainer_key
        self.banner = w.HTML()
        self.count_html = w.HTML()
        self.updated_html = w.HTML()
        self.toggle_button = w.Button(layout=w.Layout(width="auto"))
        self.toggle_button.on_click(self.toggle_open)
        self.export_button = w.Button(description="Export report and CSV", icon="download",
                                      layout=w.Layout(width="auto"))
        self.export_button.on_click(self.export)
        self.export_html = w.HTML()
        self.panels = {activity: w.VBox(layout=w.Layout(width="100%")) for activity in self.session.activities}
        self.counts, self.results, self.last_change = {}, {}, None
        self.body.children = [
            self.banner, self.count_html,
            w.HBox([self.toggle_button, self.export_button]), self.export_html,
            *self.panels.values(), self.updated_html,
        ]
        self._show_banner()
        self.refresh()
        return True

    def _show_banner(self) -> None:
        join = html.escape(sessions.join_link(self.code, host=self.context.get("host", ""),
                                              port=self.context.get("port", ""), token=self.token))
        state = "open for answers" if self.session.is_open else "closed to new answers"
        self.banner.value = (
            f'<div class="aligned-live-banner"><h2>{html.escape(self.session.title)}</h2>'
            f'<p>Join with the code <span class="aligned-live-code">{sessions.format_code(self.code)}</span> '
            f'at <a href="{join}" target="_blank">{join}</a></p><p>The session is <b>{state}</b>.</p>'
            + (LOCAL_ONLY_NOTE if self.context.get("host") in LOCAL_HOSTS else "") + "</div>"
        )
        self.toggle_button.description = "Close to new answers" if self.session.is_open else "Reopen for answers"
        self.toggle_button.icon = "lock" if self.session.is_open else "unlock"

    @handler("changing the session")
    def toggle_open(self, _button=None) -> None:
        self.session = self.store.set_open(self.code, self.trainer_key, not self.session.is_open)
        self._show_banner()
        self.counts, self.last_change = {}, None  # the panels say whether the session is open: redraw them
        self.refresh()

    def refresh(self) -> None:
        """One cheap query first: nothing else is read while no answer arrived or changed.

        Then read the counts and recompute an activity's aggregate when its count changed, or
        every activity's when answers were replaced (their count stays; the room's aggregate
        moves on changed answers too, `core.sessions.refresh_due`).
        """
        try:
            change = self.store.last_change(self.code)
            if change == self.last_change:
                self.updated_html.value = f"<p><small>Updated {datetime.now():%H:%M:%S}</small></p>"
                return
            if self.last_change is not None and change[3] != self.last_change[3]:
                # closed or reopened elsewhere (another dashboard, the command line)
                self.session = self.store.session(self.code)
                self._show_banner()
                self.counts = {}  # the panels say whether the session is open: redraw them
            counts = self.store.counts(self.code)
            people = self.store.participants(self.code)
        except Exception:  # the database may be restarting; try again at the next tick
            log.exception("Could not read the live counts")
            self.updated_html.value = "<p><i>Waiting for the database…</i></p>"
            return
        self.count_html.value = (
            f'<p class="aligned-live-count" role="status">{people} '
            f'{"person has" if people == 1 else "people have"} answered</p>'
        )
        # last_change is (answers, sum of revisions, latest time, closed at); a new answer has revision 1,
        # so revisions beyond the new answers are replaced ones.
        replaced = (self.last_change is not None
                    and change[1] - self.last_change[1] > change[0] - self.last_change[0])
        checks_changed = any(self.counts.get(a) != counts.get(a) for a in evaluation.CHECKS if a in counts)
        for activity, count in counts.items():
            if replaced or self.counts.get(activity) != count:
                self.results[activity] = self.store.aggregate(self.code, self.trainer_key, activity)
                self.panels[activity].children = self._panel(activity, self.results[activity])
        if (checks_changed or replaced) and "check_after" in self.panels:  # before against after, under "after"
            self.gain = self.store.check_gain(self.code, self.trainer_key)
            self.panels["check_after"].children = (*self._panel("check_after", self.results["check_after"]),
                                                   *self._gain_panel(self.gain))
        self.counts = counts
        self.last_change = change  # only now: a failure above is retried at the next tick
        self.updated_html.value = f"<p><small>Updated {datetime.now():%H:%M:%S}</small></p>"

    def _panel(self, activity: str, result: dict) -> list[w.Widget]:
        count = result["count"]
        # Against differencing, the aggregate moves only when enough answers are new
        # (core.sessions.refresh_due): say how many it shows and when it next changes.
        update = result.get("update_status")
        heading = w.HTML(
            f"<h3>{html.escape(sessions.ACTIVITIES[activity])}: {count} answer{'' if count == 1 else 's'}</h3>"
            + (f'<p class="aligned-live-update" role="status">{html.escape(update)}</p>' if update else "")
        )
        if not result["shown"]:
            return [heading, w.HTML(f'<p role="status">{html.escape(result["status"])}</p>')]
        if activity == "culture":
            gaps = result["gaps_to_discuss"]
            gap_rows = [[g["type"].capitalize(), f"{g['now']:.1f}", f"{g['preferred']:.1f}",
                         f"{g['change']:+.1f}"] for g in gaps]
            gap_table = (html_table("Gaps worth discussing (10 points or more)",
                                    ["Type", "Now", "Preferred", "Change"], gap_rows)
                         if gaps else "<p>No type moves by 10 points or more: ask what should stay the same.</p>")
            return [
                heading,
                charts.as_widget(charts.kite_chart(result["now"], result["preferred"], "The room's culture profile")),
                w.HTML(gap_table),
                *([charts.as_widget(session_charts.spread_chart(result["spread"]))]
                  if session_charts.has_quartiles(result["spread"]) else []),
                w.HTML(f"<details><summary>Text description</summary><p>{html.escape(result['description'])}</p>"
                       f"<p>{html.escape(session_charts.describe_spread(result['spread']))}</p></details>"),
            ]
        if activity in evaluation.CHECKS:
            rows = [[f"{n}. {row['text']}", row["share_text"]] for n, row in enumerate(result["objectives"], start=1)]
            return [heading, w.HTML(html_table(f"Share of right answers per objective, {result['side']} the session",
                                               ["Objective", "Right answers"], rows))]
        if activity == "reaction":
            return [heading, *self._reaction_panel(result)]
        if activity == "components":
            return [
                heading,
                charts.as_widget(charts.component_gap_chart(
                    result["means"], result["weakest_link"]["component"], "The room's five components")),
                w.HTML(f"<p>{html.escape(result['description'])}</p>"),
            ]
        return [
            heading,
            charts.as_widget(session_charts.pulse_chart(result["items"])),
            w.HTML(
                "<details><summary>Text description</summary>"
                f"<p>{html.escape(result['description'])}</p></details>"
            ),
        ]

    def _gain_panel(self, gain: dict | None) -> list[w.Widget]:
        """Before against after per objective: a chart of the sides shown, the table, the text."""
        if not gain or not gain["any_shown"]:
            return []
        return [
            w.HTML("<h3>Knowledge check: before against after</h3>"),
            charts.as_widget(session_charts.gain_chart(gain)),
            w.HTML(html_table("Share of right answers per objective, before and after", GAIN_HEADER, gain_rows(gain))
                   + "<details><summary>Text description</summary>"
                   + f"<p>{html.escape(gain['description'])}</p></details>"),
        ]

    def _reaction_panel(self, result: dict) -> list[w.Widget]:
        ratings = [[row["question"], *[row["counts"][v] for v in sorted(row["counts"])], f"{row['mean']:.1f}"]
                   for row in result["ratings"]]
        parts = [html_table("Ratings: answers per point (1 lowest, 5 highest)",
                            ["Question", "1", "2", "3", "4", "5", "Mean"], ratings)]
        for listed in result["texts"]:  # each list on its own, shuffled, never beside a rating
            if listed["shown"]:
                items = "".join(f"<li>{html.escape(text)}</li>" for text in listed["texts"])
                parts.append(f"<h4>{html.escape(listed['label'])} (in random order)</h4><ul>{items}</ul>")
            else:
                parts.append(f"<p>{html.escape(listed['label'])}: {listed['count']} written; comments appear "
                             "when at least the threshold of people wrote one.</p>")
        recommend = result["recommend"]
        return [charts.as_widget(session_charts.recommend_chart(recommend)),
                w.HTML(f"<p>{html.escape(session_charts.describe_recommend(recommend))}</p>" + "".join(parts))]

    @handler("exporting the session", target="export_html")
    def export(self, _button=None) -> None:
        paths = export_session(self.store, self.code, self.trainer_key)
        self.export_html.value = message_html(
            "ok", "Saved the report and the anonymous answers on the computer running the workshop:",
            [str(path) for path in paths.values()],
        )

    # -- refreshing by itself -----------------------------------------------------------------

    @handler("refreshing the room's results", target="updated_html")
    def tick(self) -> None:
        """One automatic refresh. Whatever fails (an aggregate, the database mid-restart) is logged
        and said on the page, and the next tick tries again: the refresh loop never dies silently."""
        self.refresh()

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_seconds)
            self.tick()

    def start(self) -> FacilitatorDashboard:
        """Refresh every few seconds on the kernel's event loop (stops when the kernel does)."""
        if not self.code:
            return self
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, no kernel: the caller refreshes by hand
            return self
        if self._task is not None and not self._task.done() and self._task.get_loop() is loop:
            return self
        self.stop()  # a task on another loop (one that is not being run) would never tick
        self._task = loop.create_task(self._poll())
        return self

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None


def facilitator_dashboard() -> FacilitatorDashboard:
    """The page as served by Voila: ?session=ABCD-EFGH&key=<trainer key>, or nothing to create one."""
    query = page_query()
    dashboard = FacilitatorDashboard(code=query.get("session"), trainer_key=query.get("key"),
                                     token=query.get("token"), context=_request_context())
    return dashboard.start()
