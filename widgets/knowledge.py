"""The self-study knowledge check at the end of each lesson: answer, check, read why, reread.

The questions, the scoring, the rationale and the sections to reread come from
`widgets.core.knowledge` (the lesson's bank, `core/content/knowledge/<stem>.yaml`); this module
shows one labelled group of radio buttons per question, a "Check my answers" button, and formats
the verdicts and the per-objective result as HTML. A lesson without a bank yet gets a friendly
message instead of questions.

    from widgets.knowledge import KnowledgeCheck
    KnowledgeCheck("five-components")

It also records the learner's progress on this machine (`widgets.core.progress`, the small hook
`record_progress`): the lesson is *opened* when the check is created for a reader (in a kernel
Voila warmed in advance, when the first answer is chosen) and *finished*, with the score per
objective, when "Check my answers" scores every answer. Nothing leaves the machine, and a
progress file that cannot be written never stops the check. Once checked, it says where the
lesson's level stands on the way to its certificate (`widgets.completion.after_check_html`).
"""

from __future__ import annotations

import html
import logging
import os

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler
from widgets.completion import after_check_html
from widgets.core import knowledge, progress
from widgets.ui import message_html

CHECK = "Check my answers"
RESTART = "Start again"
NO_QUESTIONS = ("There are no questions for this lesson yet. Reread the key points above, and try "
                "the check of another lesson in the meantime.")
# Voila sets it in kernels it warms before anyone opens the page.
PREHEAT_VARIABLE = "VOILA_PREHEAT"


def record_progress(action, *args) -> None:
    """Call a `widgets.core.progress` recorder; a failure is logged, never shown as an error."""
    try:
        action(*args)
    except (OSError, ValueError):
        logging.getLogger(__name__).warning("Could not record progress on this machine", exc_info=True)


class KnowledgeCheck(Activity):
    """A lesson's scenario questions with instant feedback, a result per objective and what to reread."""

    result_kind = w.HTML
    kept = "Your answers are kept"
    problems_intro = "Your answers cannot be checked yet:"

    def __init__(self, lesson: str, **kwargs):
        self.lesson = lesson
        self.bank = knowledge.load_bank(lesson) if knowledge.has_bank(lesson) else None
        self.outcome: knowledge.Result | None = None
        self.choices: dict[str, w.RadioButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        self._opened = os.environ.get(PREHEAT_VARIABLE, "").lower() != "true"
        if self._opened:
            record_progress(progress.record_opened, lesson)
        if self.bank is None:
            self.intro = w.HTML(f'<p class="aligned-knowledge-empty">{html.escape(NO_QUESTIONS)}</p>')
            super().__init__([self.intro], **kwargs)
            self.add_class("aligned-knowledge")
            return
        total = len(self.bank.questions)
        self.intro = w.HTML(
            f"<p>{total} questions on this lesson's objectives. Choose one answer for each "
            f"(<kbd>Tab</kbd> moves between questions, the arrow keys between answers), then press "
            f"<strong>{CHECK}</strong>. Your score for each objective is kept on this computer only, "
            f"for your progress; nothing is sent anywhere.</p>"
        )
        parts: list[w.Widget] = [self.intro]
        for question in self.bank.questions:
            number = self.bank.number(question)
            stem = w.HTML(
                f'<p class="aligned-question"><strong>Question {number} of {total}.</strong> '
                f"{html.escape(question.stem)}</p>"
            )
            choice = w.RadioButtons(
                options=[(question.options[i].text, i) for i in knowledge.option_order(self.bank, question)],
                value=None,
                description=f"Your answer to question {number}",
                style={"description_width": "initial"},
                layout=w.Layout(width="100%"),
            )
            choice.add_class("aligned-knowledge-choice")
            choice.observe(self._first_answer, "value")
            verdict = w.HTML(layout=w.Layout(width="100%"))
            self.choices[question.key] = choice
            self.feedback[question.key] = verdict
            box = w.VBox([stem, choice, verdict], layout=w.Layout(width="100%"))
            box.add_class("aligned-knowledge-question")
            parts.append(box)
        self.check_button = self.button(CHECK, "Check every answer and read why", "check", self.check,
                                        primary=True)
        self.restart_button = self.button(RESTART, "Clear your answers and try the questions again",
                                          "refresh", self.restart)
        self.restart_button.layout.display = "none"
        parts += [w.HBox([self.check_button, self.restart_button]), self.messages, self.result]
        super().__init__(parts, **kwargs)
        self.add_class("aligned-knowledge")  # scopes its rules in aligned.css

    # -- actions ---------------------------------------------------------------------------

    def _first_answer(self, _change=None) -> None:
        if not self._opened:
            self._opened = True
            record_progress(progress.record_opened, self.lesson)

    def answers(self) -> dict[str, int | None]:
        return {key: choice.value for key, choice in self.choices.items()}

    @handler("checking your answers")
    def check(self, _button=None) -> None:
        self.outcome = knowledge.score(self.bank, self.answers())
        record_progress(progress.record_check, self.lesson,
                        {r.objective.key: (r.right, r.total) for r in self.outcome.by_objective})
        self.problems = []
        for verdict in self.outcome.verdicts:
            self.choices[verdict.question.key].disabled = True
            self.feedback[verdict.question.key].value = self._verdict_html(verdict)
        self.check_button.disabled = True
        self.restart_button.layout.display = None
        self.messages.value = ""
        self.result.value = self._result_html(self.outcome) + self._level_note()

    def _level_note(self) -> str:
        """Where this lesson's level stands on the way to its certificate (`widgets.completion`);
        left out, and logged, when the lessons or the progress cannot be read."""
        try:
            return after_check_html(self.lesson, self.bank.level)
        except (OSError, ValueError):
            logging.getLogger(__name__).warning("Could not read the level's progress", exc_info=True)
            return ""

    @handler("clearing your answers")
    def restart(self, _button=None) -> None:
        self.outcome = None
        self.problems = []
        for key, choice in self.choices.items():
            choice.disabled = False
            choice.value = None
            self.feedback[key].value = ""
        self.check_button.disabled = False
        self.restart_button.layout.display = "none"
        self.result.value = ""
        self.messages.value = message_html("ok", "Your answers are cleared: try the questions again.")

    # -- display ---------------------------------------------------------------------------

    @staticmethod
    def _verdict_html(verdict: knowledge.Verdict) -> str:
        chosen = verdict.chosen_option
        if verdict.correct:
            return (
                '<div class="aligned-message aligned-message-ok">'
                f"<p><strong>✓ Right:</strong> {html.escape(chosen.text)}</p>"
                f"<p>{html.escape(chosen.why)}</p></div>"
            )
        right = verdict.right_option
        return (
            '<div class="aligned-message aligned-message-miss">'
            f"<p><strong>✗ Not quite.</strong> You chose: {html.escape(chosen.text)}</p>"
            f"<p>{html.escape(chosen.why)}</p>"
            f"<p><strong>The right answer:</strong> {html.escape(right.text)}</p>"
            f"<p>{html.escape(right.why)}</p></div>"
        )

    @staticmethod
    def _result_html(outcome: knowledge.Result) -> str:
        table = templating.table(
            "Your result by objective",
            ["Objective", "Right", "Questions"],
            [[r.objective.text, r.right, r.total] for r in outcome.by_objective],
        )
        if outcome.reread:
            sections = "".join(f"<li>{html.escape(heading)}</li>" for heading in outcome.reread)
            advice = (f"<h4>Worth rereading</h4><p>The sections of this lesson for the objectives "
                      f"you missed:</p><ul>{sections}</ul>")
        else:
            advice = "<p>Every answer right. Now try the harder part: use it in your own business.</p>"
        return (
            '<div class="aligned-summary" role="status">'
            f"<h3>Your result: {outcome.text} right</h3>{table}{advice}"
            f"<p>Press <strong>{RESTART}</strong> to answer the questions again.</p></div>"
        )
