"""The bakery case analysis as an ipywidget: explore the year, mark the misalignment, cost it.

The learner picks a metric and looks at the bakery's year in a chart, marks up to three
periods in which one role's actions diverged from the shop's shared goal (by dragging across
the chart, or by typing the dates), estimates what each cost, and compares the marks with the
episodes in the data. All analysis, validation and feedback come from
`widgets.core.bakery_case`; this module only wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, handler
from widgets.core import bakery_case as core
from widgets.core.bakery_case import (
    ALL_PRODUCTS,
    GRANULARITIES,
    MAX_MARKS,
    METRICS,
    PRODUCT_LABELS,
    PRODUCTS,
    ROLE_LABELS,
    ROLES,
)
from widgets.data import load
from widgets.ui import message_html

BRUSH = "brush"

INTRO = (
    "<h3>Bakery case analysis</h3>"
    "<p>The shop's shared goal: <em>good everyday bread and celebration cakes, ready when "
    "the customer needs them, with little waste</em>. Somewhere in 2025 the team's actions "
    "drifted away from it, twice. Find out when, whose actions diverged, and what it cost.</p>"
    "<ol>"
    "<li><strong>Explore.</strong> Choose a metric and the products, by week or by day. "
    "Point at the line to read the numbers of a week.</li>"
    "<li><strong>Mark a period.</strong> Drag across the chart to select it, or type the start "
    "and end dates (YYYY-MM-DD). <em>Sum up these dates</em> gives you the totals.</li>"
    "<li><strong>Estimate its cost.</strong> Extra waste: items wasted above the normal level "
    "(say what normal is for you: the weeks before, for example). Missed large orders: large "
    "orders that were not ready on time.</li>"
    f"<li><strong>Add</strong> up to {MAX_MARKS} periods, then <strong>check your "
    "analysis</strong>.</li>"
    "</ol>"
)

WIDE_LABEL = {"description_width": "14rem"}
FORM_FIELD = {"width": "min(100%, 30rem)"}
# Text boxes send their value when the learner leaves the box (Tab, Enter or a click), not on
# every keystroke. Otherwise, while the kernel is busy, ipywidgets holds back a box's later
# keystrokes and a button click can overtake them: the kernel would see a half-typed date.
TYPED = {"continuous_update": False}
AUTO_WIDTH = {"width": "auto"}


def _paragraphs(lines) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


class BakeryCaseAnalysis(Activity):
    """Explore the bakery's year, mark where alignment slipped, estimate the cost, get feedback."""

    kept = "Your inputs are kept"
    result_kind = w.HTML

    def __init__(self, bakery=None, **kwargs):
        self.bakery = load("bakery_operations") if bakery is None else bakery
        self.marks: list[core.Mark] = []
        self.problems: list[str] = []
        self.feedback: core.Assessment | None = None
        self.score: int | None = None
        self.revealed = False
        self.series = None

        self.metric_input = w.Dropdown(
            options=[(m.label, key) for key, m in METRICS.items()],
            value="wasted",
            description="Metric",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="0 1.5rem 0.3rem 0"),
        )
        self.product_input = w.Dropdown(
            options=[("All products", ALL_PRODUCTS)] + [(PRODUCT_LABELS[p], p) for p in PRODUCTS],
            value=ALL_PRODUCTS,
            description="Products",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="0 1.5rem 0.3rem 0"),
        )
        self.granularity_input = w.Dropdown(
            options=[(GRANULARITIES[g], g) for g in ("week", "day")],
            value="week",
            description="Show",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="0 1.5rem 0.3rem 0"),
        )
        for control in (self.metric_input, self.product_input, self.granularity_input):
            control.observe(lambda _change: self.redraw(), "value")
        self.metric_help = w.HTML()
        self.chart_box = w.VBox(layout=w.Layout(width="100%"))
        self.chart_text = w.HTML()

        self.start_input = w.Text(
            description="Start date (YYYY-MM-DD)", **TYPED, placeholder="2025-01-01", style=WIDE_LABEL,
            layout=w.Layout(**FORM_FIELD),
        )
        self.end_input = w.Text(
            description="End date (YYYY-MM-DD)", **TYPED, placeholder="2025-12-31", style=WIDE_LABEL,
            layout=w.Layout(**FORM_FIELD),
        )
        self.brush_note = w.HTML()
        self.sum_button = self.button(
            "Sum up these dates", "Show the totals of the products chosen above between the two dates", "calculator",
            self.sum_up)
        self.range_box = w.HTML()
        self.role_input = w.Dropdown(
            options=[("Choose a role", "")] + [(ROLE_LABELS[r], r) for r in ROLES],
            value="",
            description="Whose actions diverged?",
            style=WIDE_LABEL,
            layout=w.Layout(**FORM_FIELD),
        )
        self.waste_input = w.Text(
            description="Extra waste (items)", **TYPED, placeholder="for example 300", style=WIDE_LABEL,
            layout=w.Layout(**FORM_FIELD),
        )
        self.orders_input = w.Text(
            description="Missed large orders", **TYPED, placeholder="for example 10", style=WIDE_LABEL,
            layout=w.Layout(**FORM_FIELD),
        )
        self.add_button = self.button(
            "Add this period", "Keep this period, its role and your estimates", "plus", self.add_mark)
        self.marks_box = w.VBox(layout=w.Layout(width="100%"))
        self.check_button = self.button(
            "Check my analysis", "Compare your marks and estimates with what happened", "check", self.check,
            primary=True)

        form = w.VBox(
            [
                w.HTML("<h4>Mark a period</h4>"),
                self.start_input,
                self.end_input,
                self.brush_note,
                w.HBox([self.sum_button]),
                self.range_box,
                self.role_input,
                self.waste_input,
                self.orders_input,
                w.HBox([self.add_button]),
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-dimension")
        super().__init__(
            [
                w.HTML(INTRO),
                w.HBox([self.metric_input, self.product_input, self.granularity_input],
                       layout=w.Layout(flex_flow="row wrap")),
                self.metric_help,
                self.chart_box,
                self.chart_text,
                form,
                w.HTML("<h4>Your marked periods</h4>"),
                self.marks_box,
                w.HBox([self.check_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.redraw()
        self._show_marks()

    # --- plumbing ---------------------------------------------------------------------

    @property
    def metric(self) -> str:
        return self.metric_input.value

    @property
    def product(self) -> str:
        return self.product_input.value

    @property
    def granularity(self) -> str:
        return self.granularity_input.value

    # --- the chart --------------------------------------------------------------------

    @handler("drawing the chart")
    def redraw(self) -> None:
        self.series = core.aggregate(self.bakery, self.metric, self.granularity, self.product)
        chart = charts.bakery_timeline_chart(
            self.series,
            self.metric,
            self.granularity,
            self.product,
            marks=self.marks,
            episodes=core.EPISODES if self.revealed else (),
            brush_name=BRUSH,
        )
        self.show_chart(chart, self.chart_box)
        # A new chart brings new selection traitlets, so listen again each time.
        self.chart_widget.selections.observe(self._on_brush, names=[BRUSH])
        self.metric_help.value = f"<p>{html.escape(METRICS[self.metric].explanation)}</p>"
        self.chart_text.value = self._chart_text_html()

    def _chart_text_html(self) -> str:
        text = core.describe_series(self.series, self.metric, self.granularity, self.product)
        months = core.aggregate(self.bakery, self.metric, "month", self.product)
        info = METRICS[self.metric]
        rows = [[row.period, "n/a" if row.value != row.value else f"{row.value:,.1f}"]
                for row in months.itertuples()]
        return (
            f"<p class='aligned-chart-summary'>{html.escape(text)}</p>"
            "<details><summary>The chart as a table: monthly values</summary>"
            + templating.table(f"{info.axis_title}, {core.scope_label(self.product)}",
                               ["Month", info.axis_title], rows)
            + "</details>"
        )

    @handler("reading your selection on the chart")
    def _on_brush(self, change) -> None:
        value = getattr(change["new"], "value", None) or {}
        bounds = core.brush_bounds(value.get("start", ()))
        if bounds is None:
            return
        period = core.periods_in_range(self.series, *bounds)
        if period is None:
            self.brush_note.value = (
                "<p role='status'>Your selection holds no point of the chart: drag a little "
                "wider.</p>"
            )
            return
        self.start_input.value, self.end_input.value = (day.isoformat() for day in period)
        self.brush_note.value = (
            f"<p role='status'>Dates filled in from your selection: {period[0].isoformat()} to "
            f"{period[1].isoformat()}. Adjust them if you like.</p>"
        )

    # --- marking ----------------------------------------------------------------------

    @handler("summing up the dates")
    def sum_up(self, _button=None) -> None:
        start, start_problem = core.parse_date(self.start_input.value, "start date")
        end, end_problem = core.parse_date(self.end_input.value, "end date")
        problems = [p for p in (start_problem, end_problem) if p]
        if not problems and end < start:
            problems.append("The end date is before the start date: swap them.")
        if problems:
            self.range_box.value = message_html("error", "These dates cannot be summed up yet:", problems)
            return
        totals = core.range_totals(self.bakery, start, end, core.product_scope(self.product))
        self.range_box.value = (
            "<div class='aligned-summary' role='status'>"
            + _paragraphs(core.describe_range(totals, self.product))
            + "</div>"
        )

    @handler("adding your period")
    def add_mark(self, _button=None) -> None:
        mark, self.problems = core.validate_mark(
            self.start_input.value,
            self.end_input.value,
            self.role_input.value,
            self.waste_input.value,
            self.orders_input.value,
            self.marks,
        )
        if mark is None:
            self.messages.value = message_html(
                "error", "This period cannot be added yet. Please fix:", self.problems
            )
            return
        self.marks.append(mark)
        for box in (self.start_input, self.end_input, self.waste_input, self.orders_input):
            box.value = ""
        self.role_input.value = ""
        self.brush_note.value = ""
        self.range_box.value = ""
        self.messages.value = message_html(
            "ok", f"Mark {len(self.marks)} added: {mark.describe()}."
        )
        self._marks_changed()

    @handler("removing a period")
    def remove_mark(self, index: int) -> None:
        removed = self.marks.pop(index)
        self.messages.value = message_html(
            "ok", f"Removed the period {removed.start.isoformat()} to {removed.end.isoformat()}."
        )
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.feedback = None
        self.score = None
        self.result.value = ""
        self._show_marks()
        self.redraw()

    def _show_marks(self) -> None:
        if not self.marks:
            self.marks_box.children = [w.HTML("<p>No periods marked yet.</p>")]
            return
        rows = []
        for index, mark in enumerate(self.marks):
            button = self.button(
                f"Remove mark {index + 1}", f"Remove mark {index + 1}", "trash",
                lambda _b, i=index: self.remove_mark(i))
            rows.append(
                w.HBox(
                    [w.HTML(f"<p><strong>Mark {index + 1}:</strong> {html.escape(mark.describe())}.</p>"),
                     button],
                    layout=w.Layout(align_items="center", flex_flow="row wrap"),
                )
            )
        self.marks_box.children = rows

    # --- feedback ---------------------------------------------------------------------

    @handler("checking your analysis")
    def check(self, _button=None) -> None:
        self.problems = core.marks_problems(self.marks)
        if self.problems:
            self.messages.value = message_html("error", self.problems[0])
            self.result.value = ""
            return
        self.feedback = core.assess(self.bakery, self.marks)
        self.score = self.feedback.score
        self.messages.value = message_html("ok", self.feedback.summary)
        self.result.value = self._feedback_html(self.feedback)
        if not self.revealed:
            self.revealed = True
            self.redraw()

    def _feedback_html(self, assessment: core.Assessment) -> str:
        sections = []
        for item in assessment.episodes:
            episode = item.episode
            checks = [item.timing_text, item.role_text]
            if item.waste is not None:
                checks += [item.waste.text, item.orders.text]
            sections.append(
                "<section class='aligned-dimension'>"
                f"<h4>{html.escape(episode.title)}: {episode.start.isoformat()} to "
                f"{episode.end.isoformat()} ({html.escape(ROLE_LABELS[episode.role])}; "
                f"{item.points} of {core.POINTS_PER_EPISODE} points)</h4>"
                f"<ul>{''.join(f'<li>{html.escape(c)}</li>' for c in checks)}</ul>"
                f"<p>{html.escape(item.cost_text)}</p>"
                f"<p><strong>What happened.</strong> {html.escape(item.explanation)}</p>"
                "</section>"
            )
        notes = "".join(f"<li>{html.escape(note.text)}</li>" for note in assessment.notes)
        return (
            "<div class='aligned-summary aligned-feedback'>"
            "<h4>How your analysis compares with the data</h4>"
            + "".join(sections)
            + (f"<h4>Your other marks</h4><ul>{notes}</ul>" if notes else "")
            + f"<p><strong>The common thread.</strong> {html.escape(core.HUDDLE_LESSON)}</p>"
            "<p class='aligned-caveat'>The chart now shows the two episodes as dashed outlines. "
            "Estimates depend on what you call normal: a different baseline gives a "
            "different cost, and that is worth discussing.</p>"
            "</div>"
        )
