"""The participant page of a live session: join with a code, answer, send, see your own result.

A participant is anonymous: the page makes a random key when it opens, and every answer sent
from this page carries it, so sending again replaces the earlier answer. The page never shows
anyone else's answers.
"""

from __future__ import annotations

import html
import logging
import os
from datetime import datetime

import ipywidgets as w

from widgets.activity import Activity, handler
from widgets.components import ComponentAssessment
from widgets.core import sessions
from widgets.core.sessions import LiveInputError, LiveSessionError
from widgets.core.survey import ANSWER_LABELS
from widgets.culture import ArchetypeQuiz
from widgets.live.store import LiveStore, Session, StoreError, open_store
from widgets.ui import message_html

log = logging.getLogger(__name__)


def page_query() -> dict[str, str]:
    """The page's query string. Under Voila with preheated kernels this waits for the request."""
    query = None
    try:
        from voila.utils import get_query_string

        query = get_query_string()
    except Exception:  # not under Voila, or an older Voila: fall back to the environment
        log.debug("No query string from Voila", exc_info=True)
    return sessions.parse_query(query or os.environ.get("QUERY_STRING", ""))


class PulseCheck(w.VBox):
    """Three statements, each answered 1-5 with labelled radio buttons."""

    def __init__(self, **kwargs):
        options = [(f"{value} {label}", value) for value, label in ANSWER_LABELS.items()]
        self.inputs = {
            item: w.RadioButtons(options=options, value=None, description=f"{number}. {statement}",
                                 style={"description_width": "initial"}, layout=w.Layout(width="100%"))
            for number, (item, statement) in enumerate(sessions.PULSE_ITEMS.items(), start=1)
        }
        super().__init__(list(self.inputs.values()), **kwargs)

    def answers(self) -> dict[str, int | None]:
        return {item: box.value for item, box in self.inputs.items()}

    def set_answers(self, answers) -> None:
        for item, box in self.inputs.items():
            box.value = answers.get(item)


SEND_LABELS = {
    "culture": "Send my culture answers",
    "components": "Send my component scores",
    "pulse": "Send my pulse answers",
}


class ActivityForm(Activity):
    """One activity's form, its send button, and what the participant sees after sending."""

    standalone = False  # a part of the participant page
    kept = "Your answers are still here"
    problems_intro = "Not sent yet. Please fix this first:"

    def __init__(self, page: ParticipantPage, activity: str):
        self.page = page
        self.activity = activity
        if activity == "culture":
            self.form = ArchetypeQuiz()
        elif activity == "components":
            self.form = ComponentAssessment()
        else:
            self.form = PulseCheck()
        self.send_button = w.Button(
            description=SEND_LABELS[activity], button_style="primary", icon="paper-plane",
            tooltip=f"Send your {sessions.ACTIVITIES[activity].lower()} to the room (anonymously)",
            layout=w.Layout(width="auto"),
        )
        self.send_button.on_click(self.send_answers)
        self.own_result = w.HTML(layout=w.Layout(width="100%"))
        self.sent: dict | None = None
        super().__init__([
            w.HTML(f"<h3>{html.escape(sessions.ACTIVITIES[activity])}</h3>"),
            self.form, w.HBox([self.send_button]), self.messages, self.own_result,
        ])
        self.add_class("aligned-live-activity")

    def answers(self) -> dict:
        if self.activity == "culture":
            return {"now": self.form.allocation("Now"), "preferred": self.form.allocation("Preferred")}
        if self.activity == "components":
            return self.form.response()
        return self.form.answers()

    def show_problems(self, error: LiveInputError) -> None:
        if isinstance(error, LiveSessionError):  # the session refuses, not the answers
            self.messages.value = message_html("error", "Not sent. " + " ".join(error.problems))
        else:
            super().show_problems(error)

    @handler("sending your answers")
    def send_answers(self, _button=None) -> None:
        try:
            self.sent = self.page.store.submit(self.page.code, self.page.participant_key, self.activity,
                                               self.answers())
        except StoreError as error:  # the store says why: a full disk, a lost connection
            log.exception("The store refused a submission")
            self.messages.value = message_html(
                "error", f"Your answers could not be saved: {error} Your answers are still here; please try again.")
            return
        at = datetime.now().strftime("%H:%M")
        self.messages.value = message_html(
            "ok",
            f"Sent at {at}. Thank you! Your answers are anonymous. If you change your mind, edit "
            "them and send again: your new answers replace the old ones.",
        )
        self.own_result.value = (
            "<h4>Your own result (only you see this)</h4>"
            f"<p>{html.escape(sessions.own_result(self.activity, self.sent))}</p>"
        )
        if self.activity == "culture":
            self.form.show_profile()
        elif self.activity == "components":
            self.form.show_results()


class ParticipantPage(Activity):
    """Join a session by its code, then answer each of its activities."""

    kept = "Nothing was sent"

    def __init__(self, code: str | None = None, participant_key: str | None = None,
                 store: LiveStore | None = None, **kwargs):
        self._store = store
        self.participant_key = participant_key or sessions.new_key()
        self.code: str | None = None
        self.session: Session | None = None
        self.forms: dict[str, ActivityForm] = {}
        self.code_input = w.Text(
            description="Session code", placeholder="ABCD-EFGH", continuous_update=False,
            style={"description_width": "initial"},
        )
        self.join_button = w.Button(description="Join", button_style="primary", icon="sign-in")
        self.join_button.on_click(lambda _b: self.join(self.code_input.value))
        self.join_box = w.VBox([
            w.HTML("<p>Type the session code your trainer shows, then press <b>Join</b>.</p>"),
            w.HBox([self.code_input, self.join_button]),
        ])
        self.body = w.VBox(layout=w.Layout(width="100%"))
        super().__init__([self.join_box, self.messages, self.body], **kwargs)
        self.add_class("aligned-live")
        if code:
            self.join(code)

    @property
    def store(self) -> LiveStore:
        if self._store is None:
            self._store = open_store()
        return self._store

    def show_problems(self, error: LiveInputError) -> None:
        self.messages.value = message_html("error", error.problems[0])

    @handler("joining the session")
    def join(self, code) -> bool:
        """Open the session with this code: True, or None with the reason shown."""
        self.code_input.value = code if isinstance(code, str) else ""
        session = self.store.session(code)  # LiveInputError: see show_problems
        self.code, self.session = session.code, session
        self.join_box.layout.display = "none"
        state = "" if session.is_open else " This session is closed to new answers."
        self.messages.value = ""
        self.forms = {activity: ActivityForm(self, activity) for activity in session.activities}
        self.body.children = [
            w.HTML(
                f"<h2>{html.escape(session.title)}</h2>"
                f'<p>Session <span class="aligned-live-code">{sessions.format_code(session.code)}</span>. '
                "Your answers are anonymous: the room sees only combined results, and only once "
                f"at least {session.min_group_size} people have answered.{state}</p>"
            ),
            *self.forms.values(),
        ]
        return True


def participant_page() -> ParticipantPage:
    """The page as served by Voila: the session code comes from the URL (?session=ABCD-EFGH)."""
    query = page_query()
    return ParticipantPage(code=query.get("session"))
