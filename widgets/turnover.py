"""The turnover calculator as an ipywidget: monthly and annualized turnover, with a benchmark.

The learner either picks a team (or the whole company) and a run of months from Brannock
Kitchenworks' headcount data, or types four numbers of their own. All arithmetic, checks and
wording come from `widgets.core.turnover`; this module only wires inputs to it and formats
the answers as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import turnover as core
from widgets.core.turnover import (
    BENCHMARK_CAVEAT,
    BENCHMARKS,
    COMPANY,
    DEFAULT_BENCHMARK,
    MONTHS_IN_YEAR,
    TEAMS,
    TurnoverInputError,
)
from widgets.data import load
from widgets.ui import message_html

DATA, OWN = "data", "own"
CALCULATE = "Calculate turnover"

INTRO = (
    "<h3>Turnover calculator</h3>"
    "<p>Work out monthly and annual turnover for a team, then compare it with an "
    "illustrative range. Use Brannock Kitchenworks' headcount data (2023-2024), or type "
    "your own team's numbers. Turnover = people who left / average headcount x 100, where "
    "the average headcount is (start + end) / 2.</p>"
)

WIDE_LABEL = {"description_width": "13rem"}
FIELD = {"width": "min(100%, 26rem)"}
# Text boxes send their value when the learner leaves the box (Tab, Enter or a click), so a
# fast click on the button cannot overtake the last keystrokes.
TYPED = {"continuous_update": False}


def _table(rows, caption: str) -> str:
    return templating.table(caption, [], [list(row) for row in rows])


class TurnoverCalculator(Activity):
    """Monthly and annualized turnover, the voluntary/involuntary split and a heuristic range."""

    kept = "Your numbers are kept"
    problems_intro = "These numbers cannot give a turnover rate yet:"

    def __init__(self, headcount=None, **kwargs):
        self.headcount = load("hr_headcount") if headcount is None else headcount
        self.turnover: core.Turnover | None = None
        self.comparison: core.BenchmarkComparison | None = None
        self.months = None  # the monthly table behind a data result
        self.scope: str | None = None
        self.problems: list[str] = []

        month_options = [(core.month_label(m), m.strftime("%Y-%m-%d"))
                         for m in core.available_months(self.headcount)]
        self.source = w.RadioButtons(
            options=[("Brannock Kitchenworks data", DATA), ("My own numbers", OWN)],
            value=DATA,
            description="Numbers from",
            style={"description_width": "initial"},
        )
        self.source.observe(lambda _change: self._show_source(), "value")

        self.team_input = self._dropdown(
            "Team", [(core.COMPANY_LABEL, COMPANY)] + [(t, t) for t in TEAMS], "Warehouse"
        )
        self.first_input = self._dropdown("First month", month_options, "2024-01-01")
        self.last_input = self._dropdown("Last month", month_options, "2024-12-01")
        self.data_box = w.VBox([self.team_input, self.first_input, self.last_input])

        self.start_input = self._count_box("Headcount at the start", "for example 28")
        self.end_input = self._count_box("Headcount at the end", "for example 26")
        self.voluntary_input = self._count_box("Voluntary separations", "resigned, retired")
        self.involuntary_input = self._count_box("Involuntary separations", "dismissed, not renewed")
        self.months_input = self._dropdown(
            "Period covered",
            [(f"{n} month{'s' if n > 1 else ''}", n) for n in range(1, MONTHS_IN_YEAR + 1)],
            1,
        )
        self.own_box = w.VBox(
            [
                w.HTML("<p>Count people on the payroll of one team on the first and the last "
                       "day of the period, and the people who left during it.</p>"),
                self.start_input,
                self.end_input,
                self.voluntary_input,
                self.involuntary_input,
                self.months_input,
            ]
        )

        self.benchmark_input = self._dropdown(
            "Compare with",
            [(b.label, key) for key, b in BENCHMARKS.items()],
            DEFAULT_BENCHMARK,
            width="min(100%, 40rem)",
        )
        self.calculate_button = self.button(
            CALCULATE, "Work out the turnover rates for these numbers", "calculator", self.calculate, primary=True)
        super().__init__(
            [
                w.HTML(INTRO),
                self.source,
                self.data_box,
                self.own_box,
                self.benchmark_input,
                w.HBox([self.calculate_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self._show_source()

    @staticmethod
    def _dropdown(label: str, options, value, width: str = FIELD["width"]) -> w.Dropdown:
        return w.Dropdown(
            options=options, value=value, description=label, style=WIDE_LABEL,
            layout=w.Layout(width=width),
        )

    @staticmethod
    def _count_box(label: str, placeholder: str) -> w.Text:
        return w.Text(
            description=label,
            placeholder=placeholder,
            style=WIDE_LABEL,
            layout=w.Layout(**FIELD),
            **TYPED,
        )

    def _show_source(self) -> None:
        own = self.source.value == OWN
        self.data_box.layout.display = "none" if own else None
        self.own_box.layout.display = None if own else "none"

    def set_own_numbers(self, start, end, voluntary, involuntary=0, months: int = 1) -> None:
        """Switch to "My own numbers" and fill them in (for tests and worked examples)."""
        self.source.value = OWN
        self.start_input.value = str(start)
        self.end_input.value = str(end)
        self.voluntary_input.value = str(voluntary)
        self.involuntary_input.value = str(involuntary)
        self.months_input.value = months

    # -- the handler: a learner never sees a traceback -------------------------------------

    def show_problems(self, error: TurnoverInputError) -> None:
        self.turnover = self.comparison = None
        self.result.children = []
        super().show_problems(error)

    @handler("calculating")
    def calculate(self, _button=None) -> None:
        if self.source.value == OWN:
            self.turnover = core.period_turnover(
                self.start_input.value,
                self.end_input.value,
                self.voluntary_input.value,
                self.involuntary_input.value,
                months=self.months_input.value,
            )
            self.months = None
            self.scope = "Your team"
            period = (f"{self.turnover.months} month"
                      f"{'s' if self.turnover.months > 1 else ''}")
        else:
            team = self.team_input.value
            self.turnover, self.months = core.data_turnover(
                self.headcount, team, self.first_input.value, self.last_input.value
            )
            self.scope = core.scope_label(team)
            period = core.period_label(self.first_input.value, self.last_input.value)
        self.comparison = core.compare_with_benchmark(
            self.turnover.annualized, self.benchmark_input.value
        )
        self.problems = []
        self.messages.value = message_html(
            "ok",
            f"{self.scope}, {period}: annualized turnover {core.format_pct(self.turnover.annualized)}.",
        )
        children = [w.HTML(self._summary_html(period))]
        if self.months is not None and len(self.months) > 1:
            chart = charts.turnover_chart(
                self.months, self.scope, core.events_in(self.team_input.value, self.months)
            )
            children += [
                self.show_chart(chart),
                w.HTML(chart_text(core.describe_months(self.months, self.scope))),
            ]
        self.result.children = children

    def _summary_html(self, period: str) -> str:
        result, comparison = self.turnover, self.comparison
        notes = [
            core.split_text(result),
            core.annualization_note(result),
        ]
        small = core.small_team_note(result)
        if small:
            notes.append(small)
        paragraphs = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
        return (
            '<div class="aligned-summary">'
            + _table(core.result_rows(result), f"Turnover: {self.scope}, {period}")
            + paragraphs
            + "<h4>Against an illustrative range</h4>"
            f"<p><strong>{html.escape(comparison.position.capitalize())} the range.</strong> "
            f"{html.escape(comparison.text)}</p>"
            f"<p>{html.escape(comparison.benchmark.note)}</p>"
            f'<p class="aligned-caveat">{html.escape(BENCHMARK_CAVEAT)}</p>'
            "</div>"
        )
