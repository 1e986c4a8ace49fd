"""The pitfall spotter as an ipywidget: read a scenario, name its pitfall, learn why.

Scenarios, answers, feedback, scoring and ordering all come from `widgets.core.pitfalls`;
this module only wires the buttons to a `PitfallRound` and formats the results as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler
from widgets.core.pitfalls import (
    Feedback,
    PitfallInputError,
    PitfallRound,
    Score,
    mix_up_text,
    new_rng,
    pitfall_options,
    review_advice,
)
from widgets.ui import message_html

# A wrong answer is not an error, so it gets its own calm box: vermillion edge (Okabe-Ito)
# and always a leading "✗ Not quite" in words, never color alone.

CHECK = "Check my answer"
NEXT = "Next scenario"
SEE_SCORE = "See my score"
RESTART = "Start again"


class PitfallSpotter(Activity):
    """Ten workplace scenarios; name the pitfall in each and get feedback, then a score."""

    result_kind = w.HTML

    def __init__(self, seed: int | None = 2025, **kwargs):
        self.rng = new_rng(seed)
        self.round = PitfallRound()
        self.feedback: Feedback | None = None
        self.score: Score | None = None
        self.problems: list[str] = []
        self.rounds_started = 1

        # Progress and scenario share one HTML widget, so that they change together.
        self.scenario_html = w.HTML(layout=w.Layout(width="100%"))
        self.choice = w.RadioButtons(
            options=pitfall_options(),
            value=None,
            description="Which pitfall does this scenario show?",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.check_button = self.button(
            CHECK, "Check the pitfall you chose and read why", "check", self.check, primary=True)
        self.next_button = self.button(NEXT, "Go on to the next scenario", "arrow-right", self.next_scenario)
        self.restart_button = self.button(
            RESTART, "Clear your answers and start a new round, in a new order", "refresh", self.restart)
        super().__init__(
            [
                self.scenario_html,
                self.choice,
                self.result,
                w.HBox([self.check_button, self.next_button, self.restart_button]),
                self.messages,
            ],
            **kwargs,
        )
        self.add_class("aligned-pitfalls")  # scopes its rules in aligned.css
        self._show_current()

    # -- handlers: a learner never sees a traceback -------------------------------------

    def show_problems(self, error: PitfallInputError) -> None:
        self.problems = [str(error)]
        self.messages.value = message_html("error", str(error))

    # -- actions ---------------------------------------------------------------------------

    @handler("checking your answer")
    def check(self, _button=None) -> None:
        self.feedback = self.round.answer(self.choice.value)
        self.problems = []
        # Buttons first: the page applies updates in order, so once the feedback shows, "Next
        # scenario" already works (a keyboard user presses it as soon as they have read).
        self._refresh_buttons()
        self.messages.value = self._feedback_html(self.feedback)

    @handler("moving to the next scenario")
    def next_scenario(self, _button=None) -> None:
        self.round.advance()
        self.feedback = None
        self.problems = []
        self.messages.value = ""
        if self.round.finished:
            self.score = self.round.score()
            self.result.value = self._score_html(self.score)
        self._show_current()

    @handler("starting a new round")
    def restart(self, _button=None) -> None:
        self.round.restart(self.rng)
        self.rounds_started += 1
        self.feedback = None
        self.score = None
        self.problems = []
        self.result.value = ""
        self.messages.value = message_html(
            "ok", "New round: your answers are cleared and the scenarios are in a new order."
        )
        self._show_current()

    # -- display ---------------------------------------------------------------------------

    def _show_current(self) -> None:
        scenario = self.round.current
        self.choice.value = None
        if scenario is None:
            self.scenario_html.value = (
                f"<p><strong>All {self.round.total} scenarios answered.</strong></p>"
            )
            self.choice.layout.display = "none"
        else:
            self.scenario_html.value = (
                f'<p class="aligned-progress"><strong>Scenario {self.round.position + 1} '
                f"of {self.round.total}</strong></p>"
                '<div class="aligned-scenario">'
                f'<p class="aligned-setting">{html.escape(scenario.setting)}</p>'
                f"<h3>{html.escape(scenario.title)}</h3>"
                f"<p>{html.escape(scenario.text)}</p></div>"
            )
            self.choice.layout.display = None
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        finished = self.round.finished
        answered = self.round.current_answered
        self.choice.disabled = finished or answered
        self.check_button.disabled = finished or answered
        self.next_button.disabled = finished or not answered
        self.next_button.description = SEE_SCORE if self.round.is_last else NEXT
        self.check_button.layout.display = "none" if finished else None
        self.next_button.layout.display = "none" if finished else None

    @staticmethod
    def _feedback_html(feedback: Feedback) -> str:
        kind = "ok" if feedback.correct else "miss"
        mark = "✓" if feedback.correct else "✗"
        hint = f"<p>{html.escape(feedback.hint)}</p>" if feedback.hint else ""
        return (
            f'<div class="aligned-message aligned-message-{kind}" role="status">'
            f"<p><strong>{mark} {html.escape(feedback.headline)}</strong></p>"
            f"<p>{html.escape(feedback.explanation)}</p>"
            f"{hint}"
            f"<p><strong>Remedy:</strong> {html.escape(feedback.remedy)}</p>"
            "</div>"
        )

    @staticmethod
    def _score_html(result: Score) -> str:
        table = templating.table("Correct answers by pitfall", ["Pitfall", "Correct", "Scenarios"],
                                 [[t.label, t.correct, t.total] for t in result.by_pitfall])
        advice = review_advice(result)
        if advice:
            review = "<h4>Worth another look</h4><ul>" + "".join(
                f"<li>{html.escape(line)}</li>" for line in advice
            ) + "</ul>"
            mix_ups = "".join(f"<li>{html.escape(mix_up_text(m))}</li>" for m in result.mix_ups)
            review += f"<h4>Your mix-ups</h4><ul>{mix_ups}</ul>"
        else:
            review = "<p>You named every pitfall correctly. Now try the harder part: spot " \
                     "them in your own workplace.</p>"
        return (
            '<div class="aligned-summary" role="status">'
            f"<h3>Your score: {result.text}</h3>"
            f"{table}"
            f"{review}"
            f"<p>Press <strong>{RESTART}</strong> to try again with the scenarios in a "
            "new order.</p></div>"
        )

