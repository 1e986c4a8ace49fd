"""The hub's "Your progress" panel: lessons opened and finished, scores, the next lesson, and a
"Forget my progress" button with a confirm step.

Everything comes from `widgets.core.progress` (a JSON file in the kit's state folder, on this
machine only); the knowledge check at the end of each lesson records it (`widgets.knowledge`).
The hub's kernel is kept warm, so the panel reads the file only once somebody opens the page
(`wait_for_reader`), and "Show my latest progress" reads it again.

    from widgets.progress import ProgressPanel
    ProgressPanel(lessons)  # [(stem, title, link), ...] in teaching order
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler
from widgets.core import knowledge, progress
from widgets.ui import NEW_TAB, message_html

FORGET = "Forget my progress"
CONFIRM = "Yes, forget it"
CANCEL = "Keep it"
REFRESH = "Show my latest progress"
# Voila sets it in kernels it warms before anyone opens the page.
PREHEAT_VARIABLE = "VOILA_PREHEAT"
_waited_for_reader = False


def wait_for_reader() -> None:
    """In a kernel Voila warmed in advance, wait until somebody opens the page: progress read at
    warm-up time would be stale by then. Voila's own helper (`wait_for_request`) pauses the
    notebook there, and the kit's heat queue counts such a kernel as warm (`widgets.serving`).
    Once per kernel; elsewhere (JupyterLab, a kernel started for the page) it returns at once."""
    global _waited_for_reader
    if _waited_for_reader or os.environ.get(PREHEAT_VARIABLE, "").lower() != "true":
        return
    _waited_for_reader = True
    from voila.utils import wait_for_request  # only in a kernel Voila started

    wait_for_request()


PRIVACY = ("Kept on this computer only, in {path}: no account, nothing sent anywhere. A lesson "
           "counts as finished when you check your answers to its knowledge check.")


class ProgressPanel(Activity):
    """What a self-learner has done, on this machine, and what to take next."""

    result_kind = w.HTML
    kept = "Your progress is kept"

    def __init__(self, lessons: Sequence[tuple[str, str, str]], folder: Path | None = None, **kwargs):
        self.lessons = list(lessons)  # (stem, title, link) in teaching order
        self.folder = folder
        self.forget_button = self.button(FORGET, "Delete the record of your lessons, scores and "
                                         "self-assessments on this computer (asks first)", "trash", self.ask)
        self.refresh_button = self.button(REFRESH, "Read your progress again (after finishing a lesson "
                                          "in another tab)", "refresh", self.refresh)
        self.confirm_text = w.HTML(
            "<p><strong>Forget your progress?</strong> This deletes the record of the lessons you "
            "opened and finished, your knowledge-check scores, your end-of-level self-assessments and "
            "the name you typed for a certificate, on this computer. Your plan stays. It cannot be "
            "undone.</p>"
        )
        self.confirm_button = self.button(CONFIRM, "Delete your progress now", "check", self.forget,
                                          primary=True)
        self.cancel_button = self.button(CANCEL, "Keep your progress as it is", "times", self.cancel)
        self.confirm_box = w.VBox([self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])])
        self.confirm_box.add_class("aligned-progress-confirm")
        self.confirm_box.layout.display = "none"
        super().__init__([self.result, w.HBox([self.refresh_button, self.forget_button]),
                          self.confirm_box, self.messages], **kwargs)
        self.add_class("aligned-progress")
        wait_for_reader()
        self.refresh()

    # -- actions ---------------------------------------------------------------------------

    @handler("reading your progress")
    def refresh(self, _button=None) -> None:
        state = progress.load(self.folder)
        self.messages.value = message_html("error", state.notice) if state.notice else ""
        self.result.value = self.progress_html(state)

    @handler("asking before forgetting")
    def ask(self, _button=None) -> None:
        self.confirm_box.layout.display = None
        self.forget_button.disabled = True
        self.messages.value = ""

    @handler("keeping your progress")
    def cancel(self, _button=None) -> None:
        self._close_confirm()
        self.messages.value = message_html("ok", "Your progress is kept.")

    @handler("forgetting your progress")
    def forget(self, _button=None) -> None:
        progress.forget(self.folder)
        self._close_confirm()
        self.result.value = self.progress_html(progress.load(self.folder))
        self.messages.value = message_html("ok", "Your progress is forgotten: every lesson starts fresh.")

    def _close_confirm(self) -> None:
        self.confirm_box.layout.display = "none"
        self.forget_button.disabled = False

    # -- display ---------------------------------------------------------------------------

    def progress_html(self, state: progress.Progress) -> str:
        order = [stem for stem, _title, _link in self.lessons]
        titles = {stem: (title, link) for stem, title, link in self.lessons}
        found = progress.summary(order, state)
        parts = [f"<p>{html.escape(found.text)}</p>"]
        if found.next:
            title, link = titles[found.next]
            parts.append(f"<p><strong>Next suggested lesson:</strong> "
                         f"<a href='{html.escape(link)}' {NEW_TAB}>{html.escape(title)}</a></p>")
        rows = []
        for stem in order:
            if not state.opened(stem):
                continue
            title, _link = titles[stem]
            scores = state.scores(stem)
            right = sum(s["right"] for s in scores.values())
            total = sum(s["total"] for s in scores.values())
            rows.append([title, "finished" if state.finished(stem) else "opened",
                         f"{right} of {total}" if total else "not checked yet",
                         _to_revisit(stem, scores)])
        if rows:
            parts.append(templating.table("Your lessons", ["Lesson", "Status", "Knowledge check",
                                                           "Objectives to revisit"], rows))
        path = progress.progress_path(self.folder)
        parts.append(f"<p class='aligned-progress-privacy'>{html.escape(PRIVACY.format(path=path))}</p>")
        return "".join(parts)


def _to_revisit(stem: str, scores: dict) -> str:
    missed = [key for key, s in scores.items() if s["right"] < s["total"]]
    if not missed:
        return "none" if scores else ""
    if not knowledge.has_bank(stem):
        return ", ".join(missed)
    bank = knowledge.load_bank(stem)
    texts = []
    for key in missed:
        try:
            texts.append(bank.objective(key).text)
        except (KeyError, StopIteration, ValueError):  # the bank changed since the check
            texts.append(key)
    return "; ".join(texts)

