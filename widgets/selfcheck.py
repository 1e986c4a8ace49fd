"""Self-check for the graded exercises, in JupyterLab or Voila, without nbgrader.

    from widgets.selfcheck import check, check_button
    ASSIGNMENT = "fundamentals"    # set once, in the notebook's first code cell
    check("q3")                    # pass/fail per visible test, with a hint
    check()                        # every question of the assignment at once
    check_button("q3")             # the same behind a button (Voila-friendly)

The checks are the VISIBLE tests of each question (widgets/checks/<assignment>.py), run by the
pure runner in widgets/core/selfcheck.py against the notebook's variables. Hidden tests and
solutions are never involved: they exist only in the instructor's solutions/ folder.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Mapping

from widgets.core.selfcheck import (
    FAILED,
    NOT_RUN,
    PASSED,
    Report,
    SelfCheckError,
    load_questions,
    visible_report,
)
from widgets.ui import page_style

__all__ = ["CheckView", "check", "check_button"]

_SYMBOLS = {PASSED: ("✓", "passed"), FAILED: ("✗", "failed"), NOT_RUN: ("–", "not run yet")}


def _inline(text: str) -> str:
    """Escaped text, with `names` in backticks shown as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _report_html(report: Report) -> str:
    kind = "ok" if report.passed else "error"
    parts = [f'<p><strong>{html.escape(report.headline)}</strong></p>']
    if report.problem:
        parts.append(f"<p>{_inline(report.problem)}</p>")
        if report.hint:
            parts.append(f"<p><em>Hint:</em> {_inline(report.hint)}</p>")
    else:
        items = []
        for outcome in report.outcomes:
            symbol, word = _SYMBOLS[outcome.status]
            detail = ""
            if outcome.status == FAILED:
                lines = [outcome.message] if outcome.message else []
                if outcome.hint:
                    lines.append(f"Hint: {outcome.hint}")
                detail = "".join(
                    f'<div class="aligned-check-detail">{_inline(line)}</div>' for line in lines
                )
            elif outcome.status == NOT_RUN:
                detail = '<div class="aligned-check-detail">Fix the check above it first.</div>'
            items.append(
                f'<li class="aligned-check-{outcome.status.replace(" ", "-")}">'
                f'<span aria-hidden="true">{symbol}</span> '
                f'<span class="aligned-sr">{word}:</span> {_inline(outcome.description)}'
                f"{detail}</li>"
            )
        parts.append("<ul>" + "".join(items) + "</ul>")
        if report.passed:
            parts.append(
                "<p><em>Visible checks test the form of your answer and simple cases; hidden "
                "tests check the values when your work is graded.</em></p>"
            )
    role = "status" if report.passed else "alert"
    return (
        f'<div class="aligned-selfcheck aligned-message aligned-message-{kind}" role="{role}">'
        + "".join(parts)
        + "</div>"
    )


class CheckView:
    """What `check()` returns: text in a console, HTML in JupyterLab and Voila.

    `bool(view)` is True when every visible check of every question shown passes.
    """

    def __init__(self, reports: list[Report], problem: str = ""):
        self.reports = reports
        self.problem = problem

    @property
    def passed(self) -> bool:
        return not self.problem and bool(self.reports) and all(r.passed for r in self.reports)

    def __bool__(self) -> bool:
        return self.passed

    def text(self) -> str:
        if self.problem:
            return self.problem
        return "\n\n".join(report.text() for report in self.reports)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        if self.problem:
            body = (
                '<div class="aligned-selfcheck aligned-message aligned-message-error" '
                f'role="alert"><p>{_inline(self.problem)}</p></div>'
            )
        else:
            body = "".join(_report_html(report) for report in self.reports)
        return page_style() + f'<div class="aligned-activity">{body}</div>'


def _caller_namespace(depth: int = 2) -> Mapping[str, object]:
    # A notebook cell runs with the kernel's user namespace as its globals, in JupyterLab and
    # in Voila alike, so the caller's globals are the learner's variables.
    return sys._getframe(depth).f_globals


def _assignment(assignment: str | None, namespace: Mapping[str, object]) -> str | None:
    if assignment is not None:
        return assignment
    found = namespace.get("ASSIGNMENT")
    return found if isinstance(found, str) else None


_NO_ASSIGNMENT = (
    "Which assignment? Run the notebook's first code cell (it sets ASSIGNMENT), or name it: "
    "check('q1', assignment='fundamentals')."
)


def _question_key(question):
    """"q3", "Q3 " and 3 all mean question q3."""
    if isinstance(question, int) and not isinstance(question, bool):
        return f"q{question}"
    if isinstance(question, str):
        return question.strip().lower()
    return question


def _reports(question, assignment, namespace) -> CheckView:
    question = _question_key(question)
    if assignment is None:
        return CheckView([], _NO_ASSIGNMENT)
    if question is None:
        try:
            keys = list(load_questions(assignment))
        except SelfCheckError as error:
            return CheckView([], str(error))
        return CheckView([visible_report(assignment, key, namespace) for key in keys])
    report = visible_report(assignment, question, namespace)
    if report.problem and not report.title:  # an unknown assignment or question
        return CheckView([], report.problem)
    return CheckView([report])


def check(question: str | None = None, assignment: str | None = None,
          namespace: Mapping[str, object] | None = None) -> CheckView:
    """Run the visible checks of one question ("q3"), or of every question when none is given.

    The answers are read from the notebook's variables (or from `namespace`). The assignment
    is `assignment`, else the notebook's ASSIGNMENT variable. Never raises on a learner's input.
    """
    namespace = _caller_namespace() if namespace is None else namespace
    return _reports(question, _assignment(assignment, namespace), namespace)


def check_button(question: str | None = None, assignment: str | None = None,
                 namespace: Mapping[str, object] | None = None):
    """A "Check my answer" button that shows the result of `check()` below it."""
    namespace = _caller_namespace() if namespace is None else namespace
    return _check_button_class()(question, assignment, namespace)


@functools.cache
def _check_button_class():
    """The button's view, built on first use: ipywidgets loads only when a button is asked for."""
    import ipywidgets as widgets

    from widgets.activity import Activity, handler

    class CheckButton(Activity):
        """The button, then the result of the visible checks (which carries the stylesheet)."""

        standalone = False
        kept = "Your answers are unchanged"
        failure_target = "result"
        result_kind = widgets.HTML

        def __init__(self, question, assignment, namespace):
            self.question, self.assignment, self.namespace = question, assignment, namespace
            self.check_button = self.button(
                f"Check {question}" if question else "Check all my answers",
                "Run the visible checks; nothing is sent or saved", "check", self.run_check, primary=True)
            super().__init__([self.check_button, self.result])
            self.add_class("aligned-activity")

        @handler("checking your answer")
        def run_check(self, _button=None) -> None:
            """Run the checks again and show the result (also for a keyboard-free refresh)."""
            view = _reports(self.question, _assignment(self.assignment, self.namespace),
                            self.namespace)
            self.result.value = view._repr_html_()

        def show_failure(self, doing: str, kept: str, target: str) -> None:
            super().show_failure(doing, kept, target)
            self.result.value = page_style() + self.result.value

    return CheckButton
