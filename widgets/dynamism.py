"""The alignment rhythm check as an ipywidget: rate the environment, say how often each part
is reviewed, and see the recommended cadence, the mismatches and the advice.

Scoring, cadences, statuses and every sentence of advice come from `widgets.core.dynamism`;
this module only wires dropdowns to it and formats the result as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import dynamism
from widgets.core.dynamism import (
    BANDS,
    CADENCE,
    FREQUENCIES,
    ITEMS,
    PARTS,
    RULE_TEXT,
    SCALE_MAX,
    SCALE_MIN,
    DynamismInputError,
    RhythmReport,
    format_score,
)
from widgets.templating import Cell
from widgets.ui import message_html

CHECK = "Check my rhythm"
CLEAR = "Clear my answers"
NOT_RATED = 0  # the placeholder options' values; core sees them as None (missing)
NOT_CHOSEN = ""


def environment_label(key: str) -> str:
    """The visible label of an environment dropdown, e.g. "Pace of change"."""
    return dynamism.ITEMS_BY_KEY[key].label


def review_label(key: str) -> str:
    """The visible label of a review dropdown, e.g. "Strategy reviewed"."""
    return f"{dynamism.PARTS_BY_KEY[key].label} reviewed"


def _table(headers, rows, caption: str, bold: dict[int, int] | None = None) -> str:
    """An HTML table; `bold` maps a row index to the column whose cell is emphasized."""
    bold = bold or {}
    cells = [[row[0], *(Cell(cell, "aligned-flag") if bold.get(r) == c else cell
                        for c, cell in enumerate(row[1:], start=1))] for r, row in enumerate(rows)]
    return templating.table(caption, list(headers), cells)


class AlignmentRhythmCheck(Activity):
    """Rate the environment's dynamism and the review rhythm; see where the two do not fit."""

    plan_needs = f"Press “{CHECK}” first: then the verdict and the suggested cadence can go into your plan."

    def __init__(self, **kwargs):
        self.environment_inputs: dict[str, w.Dropdown] = {}
        self.review_inputs: dict[str, w.Dropdown] = {}
        self.problems: list[str] = []
        self.report: RhythmReport | None = None
        self.feedback: str = ""

        environment_blocks = [self._environment_block(item) for item in ITEMS]
        review_blocks = [self._review_block(part) for part in PARTS]
        self.progress = w.HTML()
        self.check_button = self.button(
            CHECK, "Score the environment and compare the recommended and actual review rhythm", "heartbeat",
            self.check, primary=True)
        self.clear_button = self.button(
            CLEAR, "Remove every answer and the result, to start again", "refresh", self.clear)
        super().__init__(
            [
                w.HTML(
                    "<p>Answer for <strong>one unit</strong>, your whole business or your "
                    "own team, as it is <strong>today</strong>.</p>"
                    "<h3>1. How demanding is your environment?</h3>"
                    f"<p>Rate each statement from {SCALE_MIN} to {SCALE_MAX}. A higher "
                    "rating always means a more demanding environment.</p>"
                ),
                *environment_blocks,
                w.HTML(
                    "<h3>2. How often is each part actually reviewed?</h3>"
                    "<p>A review is a planned conversation that can end in a change, not "
                    "a complaint in the corridor. Answer with what really happens, not "
                    "with what the plan says.</p>"
                ),
                *review_blocks,
                self.progress,
                w.HBox([self.check_button, self.clear_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-dynamism")  # scopes its rules in aligned.css
        self._refresh_progress()

    # -- building -----------------------------------------------------------------------

    def _environment_block(self, item: dynamism.EnvironmentItem) -> w.VBox:
        box = w.Dropdown(
            options=[("Choose a rating", NOT_RATED)]
            + [(f"{n} · {item.anchors[n]}", n) for n in range(SCALE_MIN, SCALE_MAX + 1)],
            value=NOT_RATED,
            description=environment_label(item.key),
            tooltip=f"{item.label}: {SCALE_MIN} to {SCALE_MAX}",
            style={"description_width": "11rem"},
            layout=w.Layout(width="40rem"),
        )
        box.observe(lambda _change: self._refresh_progress(), "value")
        self.environment_inputs[item.key] = box
        weight = " It counts double." if item.weight > 1 else ""
        return w.VBox(
            [
                w.HTML(
                    f"<h4>{html.escape(item.label)}</h4>"
                    f"<p class='aligned-hint'>{html.escape(item.question)}{weight}</p>"
                ),
                w.HBox([box]).add_class("aligned-rhythm-row"),
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-dimension")

    def _review_block(self, part: dynamism.Part) -> w.VBox:
        box = w.Dropdown(
            options=[("Choose how often", NOT_CHOSEN)] + [(f.label, f.key) for f in FREQUENCIES],
            value=NOT_CHOSEN,
            description=review_label(part.key),
            tooltip=part.review,
            style={"description_width": "15rem"},
            layout=w.Layout(width="36rem"),
        )
        box.observe(lambda _change: self._refresh_progress(), "value")
        self.review_inputs[part.key] = box
        extra = "" if part.in_five else " <em>(not one of the five components)</em>"
        return w.VBox(
            [
                w.HTML(
                    f"<p class='aligned-hint'><strong>{html.escape(part.label)}</strong>"
                    f"{extra}: {html.escape(part.review)}</p>"
                ),
                w.HBox([box]).add_class("aligned-rhythm-row"),
            ],
            layout=w.Layout(width="100%"),
        )

    # -- state --------------------------------------------------------------------------

    def environment(self) -> dict[str, int | None]:
        """The ratings in the core's format; an unanswered dropdown gives None."""
        return {
            key: (None if box.value == NOT_RATED else box.value)
            for key, box in self.environment_inputs.items()
        }

    def reviews(self) -> dict[str, str | None]:
        """The review frequencies in the core's format; an unanswered dropdown gives None."""
        return {
            key: (None if box.value == NOT_CHOSEN else box.value)
            for key, box in self.review_inputs.items()
        }

    def answers(self) -> dict:
        """Everything the learner entered, as plain data."""
        return {"environment": self.environment(), "reviews": self.reviews()}

    def set_answers(self, environment=None, reviews=None) -> None:
        """Fill the dropdowns, e.g. from the worked example; missing keys stay unanswered.

        A value the dropdowns do not offer raises ValueError with a plain message.
        """
        environment, reviews = environment or {}, reviews or {}
        for key, box in self.environment_inputs.items():
            value = environment.get(key)
            allowed = [v for _, v in box.options if v != NOT_RATED]
            if value is not None and (isinstance(value, bool) or value not in allowed):
                raise ValueError(
                    f"{environment_label(key)}: {value!r} is not a whole number from "
                    f"{SCALE_MIN} to {SCALE_MAX}."
                )
            box.value = NOT_RATED if value is None else int(value)
        for key, box in self.review_inputs.items():
            value = reviews.get(key)
            if value is not None and value not in dynamism.FREQUENCIES_BY_KEY:
                raise ValueError(f"{review_label(key)}: {value!r} is not one of the choices.")
            box.value = NOT_CHOSEN if value is None else value

    def _refresh_progress(self) -> None:
        answers = [*self.environment().values(), *self.reviews().values()]
        done = sum(value is not None for value in answers)
        self.progress.value = (
            f"<p class='aligned-progress'>{done} of {len(answers)} questions answered.</p>"
        )

    def plan_entry(self):
        """The verdict, the suggested cadence and the part to fix first, for the learner's plan."""
        return None if self.report is None else dynamism.plan_entry(self.report)

    # -- handlers: a learner never sees a traceback -------------------------------------

    def show_problems(self, error: DynamismInputError) -> None:
        self.problems = list(error.problems)
        self.report, self.feedback = None, ""
        self.result.children = ()
        answers = self.answers()
        if all(v is None for part in answers.values() for v in part.values()):
            self.messages.value = message_html(
                "error",
                "Nothing to check yet. Rate the five statements about your environment and "
                f"choose how often each of the seven parts is reviewed, then press “{CHECK}”.",
            )
            return
        self.messages.value = message_html(
            "error", "Almost there. Please answer these before the check can run:", self.problems
        )

    @handler("checking your rhythm")
    def check(self, _button=None) -> None:
        report = dynamism.analyze(self.environment(), self.reviews())  # see show_problems
        chart = charts.rhythm_chart(report, "Your review rhythm")
        self.show_chart(chart)
        self.problems, self.report, self.feedback = [], report, report.summary
        flagged = len(report.flagged("never", "too_rarely", "too_often"))
        self.messages.value = message_html(
            "ok",
            f"Your rhythm check is ready: a {report.band.label.lower()} environment, "
            f"{flagged} of {len(report.checks)} parts out of rhythm.",
            report.notes,
        )
        self.result.children = [
            w.HTML(self._headline_html(report)),
            self.chart_widget,
            w.HTML(self._details_html(report)),
        ]

    @handler("clearing your answers")
    def clear(self, _button=None) -> None:
        self.set_answers({}, {})
        self.problems, self.report, self.feedback = [], None, ""
        self.result.children = ()
        self.messages.value = message_html("ok", "Your answers are cleared.")

    # -- display ------------------------------------------------------------------------

    @staticmethod
    def _headline_html(report: RhythmReport) -> str:
        return (
            '<div class="aligned-summary">'
            f"<h3>Your environment: {html.escape(report.band.label)} (dynamism "
            f"{format_score(report.score)} of {SCALE_MAX})</h3>"
            f"<p>{html.escape(report.summary)}</p>"
            "</div>"
        )

    @staticmethod
    def _details_html(report: RhythmReport) -> str:
        checks = _table(
            ("Part", "Recommended", "Now", "Status", "Advice"),
            [
                (c.label, c.recommended.cadence, c.actual.label, c.status_label, c.advice)
                for c in report.checks
            ],
            "Your rhythm, part by part",
            bold={r: 3 for r, c in enumerate(report.checks) if c.status != "in_rhythm"},
        )
        ratings = _table(
            ("Question", "Your rating", "Weight"),
            [
                (item.label, format_score(report.environment[item.key]).removesuffix(".0"),
                 "double" if item.weight > 1 else "single")
                for item in ITEMS
            ],
            f"Your dynamism score: {format_score(report.score)} of {SCALE_MAX}",
        )
        cadence = _table(
            ("Part", *(band.label for band in BANDS)),
            [
                (part.label, *(dynamism.FREQUENCIES_BY_KEY[k].cadence for k in CADENCE[part.key]))
                for part in PARTS
            ],
            "Recommended cadence in each kind of environment",
        )
        return (
            '<div class="aligned-summary">'
            f"{checks}"
            f"{chart_text(dynamism.describe_rhythm(report))}"
            "<details><summary>How the rule works</summary>"
            f"<p>{html.escape(RULE_TEXT)}</p>{ratings}{cadence}</details>"
            '<p class="aligned-caveat">This is one person\'s view of the environment on one '
            "day, and the cadences are rules of thumb. Ask two colleagues to answer too: "
            "where you disagree about how fast the world moves, you have found your first "
            "conversation.</p>"
            "</div>"
        )
