"""The coffee-shop comparison as an ipywidget: explore two cultures' numbers, attribute, be challenged.

The learner picks a metric and sees both shops over 24 months in three linked charts
(dragging across the time line selects months in the other two), compares any run of months,
then attributes each observed difference to cultural traits with a confidence. The challenge
asks about confounders, reverse causality, the small sample and stronger evidence. All
analysis, validation and feedback text come from `widgets.core.coffee`; this module only
wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, handler
from widgets.core import coffee as core
from widgets.core.coffee import (
    ATTRIBUTION_CHOICES,
    CONFIDENCE,
    LINKED_METRIC,
    METRICS,
    OTHER,
    OTHER_LABEL,
    TRAITS,
)
from widgets.data import load
from widgets.ui import message_html

BRUSH = "months"
FIRST_METRIC = "review_rating"

INTRO = (
    "<h3>Two coffee shops, two cultures</h3>"
    "<p><strong>Harbour Beans</strong> (collaborative, customer-centric) and <strong>Corner "
    "Grind</strong> (siloed, blame-oriented) sit 150 m apart on the same street, with the same "
    "size and opening hours. Road works closed the street in March 2025.</p>"
    "<ol>"
    "<li><strong>Explore.</strong> Choose a metric, and a second one to plot it against. Drag "
    "across the top chart to select months: the other two charts follow, and the numbers "
    "for those months appear below. Or choose the months in the <em>From</em> and <em>To</em> "
    "menus.</li>"
    "<li><strong>Attribute.</strong> For the difference you see, tick the trait(s) you think "
    "explain it (or <em>something other than culture</em>), say how confident you are, and "
    "save. Do this for two or three metrics.</li>"
    "<li><strong>Be challenged.</strong> Press <em>Challenge my attributions</em>: a skeptical "
    "colleague asks what else could explain what you saw.</li>"
    "</ol>"
)


def _menu(**kwargs) -> dict:
    return {
        "style": {"description_width": "initial"},
        "layout": w.Layout(width="auto", margin="0 1.5rem 0.3rem 0"),
        **kwargs,
    }


def _choice_label(key: str) -> str:
    if key == OTHER:
        return OTHER_LABEL
    trait = TRAITS[key]
    return f"{trait.label} (its opposite: {trait.opposite.lower()})"


class CoffeeShopComparison(Activity):
    """Compare the two coffee shops in linked charts, attribute the differences, be challenged."""

    kept = "Your choices are kept"
    result_kind = w.HTML

    def __init__(self, shops=None, **kwargs):
        self.shops = load("coffee_shops") if shops is None else shops
        core.check_coffee(self.shops)
        self.attributions: dict[str, core.Attribution] = {}
        self.problems: list[str] = []
        self.feedback: core.Challenge | None = None
        self.period: core.PeriodComparison | None = None

        self.metric_input = w.Dropdown(
            options=[(m.label, key) for key, m in METRICS.items()],
            value=FIRST_METRIC,
            description="Metric",
            **_menu(),
        )
        self.other_input = w.Dropdown(
            options=[(m.label, key) for key, m in METRICS.items()],
            value=LINKED_METRIC[FIRST_METRIC],
            description="Plot it against",
            **_menu(),
        )
        self.metric_input.observe(self._on_metric, "value")
        self.other_input.observe(self._on_other, "value")
        self.metric_help = w.HTML()
        self.chart_box = w.VBox(layout=w.Layout(width="100%"))
        self.chart_text = w.HTML()

        months = core.month_options(self.shops)
        self.from_input = w.Dropdown(
            options=months, value=months[0][1], description="From", **_menu()
        )
        self.to_input = w.Dropdown(options=months, value=months[-1][1], description="To", **_menu())
        self.compare_button = self.button(
            "Compare these months", "Show each shop's mean of the metric over the months from 'From' to 'To'",
            "calculator", self.compare)
        self.period_box = w.HTML()

        self.attribution_heading = w.HTML()
        self.trait_inputs = {
            key: w.Checkbox(
                value=False,
                description=_choice_label(key),
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for key in ATTRIBUTION_CHOICES
        }
        self.confidence_input = w.Dropdown(
            options=[("Choose", None)] + [(label, level) for level, label in CONFIDENCE.items()],
            value=None,
            description="How confident are you?",
            **_menu(),
        )
        self.save_button = self.button(
            "Save this attribution", "Keep the traits and confidence you chose for this metric's difference", "plus",
            self.save_attribution)
        self.attributions_box = w.VBox(layout=w.Layout(width="100%"))
        self.challenge_button = self.button(
            "Challenge my attributions", "Ask what else could explain the differences you attributed to culture",
            "question", self.challenge, primary=True)

        traits_box = w.VBox(
            [
                w.HTML(
                    "<p><strong>Which trait(s) explain it?"
                    "</strong> Tick one or more.</p>"
                ),
                *self.trait_inputs.values(),
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-traits")
        attribution_form = w.VBox(
            [
                self.attribution_heading,
                traits_box,
                w.HBox([self.confidence_input]),
                w.HBox([self.save_button]),
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-dimension")
        period_form = w.VBox(
            [
                w.HTML("<h4>Compare a run of months</h4>"),
                w.HBox(
                    [self.from_input, self.to_input, self.compare_button],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.period_box,
            ],
            layout=w.Layout(width="100%"),
        )
        super().__init__(
            [
                w.HTML(INTRO),
                w.HBox(
                    [self.metric_input, self.other_input], layout=w.Layout(flex_flow="row wrap")
                ),
                self.metric_help,
                self.chart_box,
                self.chart_text,
                period_form,
                attribution_form,
                w.HTML("<h4>Your attributions</h4>"),
                self.attributions_box,
                w.HBox([self.challenge_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-coffee")  # scopes its rules in aligned.css
        self.redraw()
        self._show_attribution_form()
        self._show_attributions()

    # --- plumbing ---------------------------------------------------------------------

    @property
    def metric(self) -> str:
        return self.metric_input.value

    @property
    def other(self) -> str:
        return self.other_input.value

    def chosen_traits(self) -> list[str]:
        return [key for key, box in self.trait_inputs.items() if box.value]

    # --- the charts -------------------------------------------------------------------

    def _on_other(self, _change) -> None:
        self.redraw()

    @handler("switching the metric")
    def _on_metric(self, _change) -> None:
        # The usual partner of the new metric, without drawing twice.
        self.other_input.unobserve(self._on_other, "value")
        self.other_input.value = LINKED_METRIC[self.metric]
        self.other_input.observe(self._on_other, "value")
        self.redraw()
        self._show_attribution_form()
        if self.period is not None:
            self._compare_months()

    @handler("drawing the charts")
    def redraw(self) -> None:
        data = core.chart_frame(self.shops, self.metric, self.other)
        text = core.describe_chart(self.shops, self.metric, self.other)
        chart = charts.coffee_linked_chart(
            data, self.metric, self.other, brush_name=BRUSH, description=text
        )
        self.show_chart(chart, self.chart_box)
        # A new chart brings new selection traitlets, so listen again each time.
        self.chart_widget.selections.observe(self._on_brush, names=[BRUSH])
        self.metric_help.value = f"<p>{html.escape(METRICS[self.metric].explanation)}</p>"
        self.chart_text.value = self._chart_text_html(text)

    def _chart_text_html(self, text: str) -> str:
        info = METRICS[self.metric]
        table = core.monthly_table(self.shops, self.metric)
        rows = [[month, *(info.format(v) for v in row)]
                for month, row in zip(table.index, table.to_numpy())]
        return (
            f"<p class='aligned-chart-summary'>{html.escape(text)}</p>"
            "<details><summary>The charts as a table: monthly values</summary>"
            + templating.table(info.axis_title, ["Month", *table.columns], rows)
            + "</details>"
        )

    @handler("reading your selection on the chart")
    def _on_brush(self, change) -> None:
        value = getattr(change["new"], "value", None)
        months = core.brush_months(value)
        if months is None:
            if value:  # a brush too narrow to hold a month's point (an empty one is a reset)
                self.period_box.value = (
                    "<p role='status'>Your selection holds no month's point: drag a little "
                    "wider.</p>"
                )
            return
        self.from_input.value, self.to_input.value = (m.isoformat() for m in months)
        self._compare_months(from_brush=True)

    # --- comparing months -------------------------------------------------------------

    @handler("comparing the months")
    def compare(self, _button=None) -> None:
        self._compare_months()

    def _compare_months(self, from_brush: bool = False) -> None:
        start, end = self.from_input.value, self.to_input.value
        swapped = start > end
        self.period = core.period_comparison(self.shops, self.metric, start, end)
        if self.period is None:
            self.period_box.value = message_html(
                "error", "No month of the data lies in that range."
            )
            return
        note = " (From was after To, so the two were swapped.)" if swapped else ""
        source = " Months taken from your selection on the chart." if from_brush else ""
        self.period_box.value = (
            "<div class='aligned-summary' role='status'>"
            f"<p>{html.escape(self.period.describe() + note + source)}</p></div>"
        )

    # --- attributions -----------------------------------------------------------------

    def _show_attribution_form(self) -> None:
        info = METRICS[self.metric]
        self.attribution_heading.value = (
            f"<h4>Why do the shops differ on {html.escape(info.label.lower())}?</h4>"
            f"<p>{html.escape(core.difference_summary(self.shops, self.metric))}</p>"
        )
        saved = self.attributions.get(self.metric)
        for key, box in self.trait_inputs.items():
            box.value = saved is not None and key in saved.traits
        self.confidence_input.value = None if saved is None else saved.confidence

    @handler("saving your attribution")
    def save_attribution(self, _button=None) -> None:
        attribution, self.problems = core.validate_attribution(
            self.metric, self.chosen_traits(), self.confidence_input.value
        )
        if attribution is None:
            self.messages.value = message_html(
                "error", "This attribution cannot be saved yet. Please fix:", self.problems
            )
            return
        replaced = attribution.metric in self.attributions
        self.attributions[attribution.metric] = attribution
        verb = "Updated" if replaced else "Saved"
        self.messages.value = message_html("ok", f"{verb}: {attribution.describe()}.")
        self._attributions_changed()

    @handler("removing an attribution")
    def remove_attribution(self, metric: str) -> None:
        removed = self.attributions.pop(metric, None)
        if removed is None:
            return
        self.messages.value = message_html(
            "ok", f"Removed your attribution for {METRICS[metric].label.lower()}."
        )
        if metric == self.metric:
            self._show_attribution_form()
        self._attributions_changed()

    def _attributions_changed(self) -> None:
        self.feedback = None
        self.result.value = ""
        self._show_attributions()

    def _show_attributions(self) -> None:
        if not self.attributions:
            self.attributions_box.children = [w.HTML("<p>No attributions saved yet.</p>")]
            return
        rows = []
        for metric, attribution in self.attributions.items():
            label = METRICS[metric].label
            button = self.button(
                f"Remove {label.lower()}", f"Remove your attribution for {label.lower()}", "trash",
                lambda _b, m=metric: self.remove_attribution(m))
            rows.append(
                w.HBox(
                    [w.HTML(f"<p>{html.escape(attribution.describe())}</p>"), button],
                    layout=w.Layout(align_items="center", flex_flow="row wrap"),
                )
            )
        self.attributions_box.children = rows

    # --- the challenge ----------------------------------------------------------------

    @handler("preparing your challenge")
    def challenge(self, _button=None) -> None:
        attributions = list(self.attributions.values())
        self.problems = core.challenge_problems(attributions)
        if self.problems:
            self.feedback = None
            self.result.value = ""
            self.messages.value = message_html("error", self.problems[0], self.problems[1:])
            return
        self.feedback = core.challenge(self.shops, attributions)
        self.messages.value = message_html("ok", self.feedback.summary)
        self.result.value = self._feedback_html(self.feedback)

    @staticmethod
    def _questions_html(questions) -> str:
        return "".join(
            "<li class='aligned-question'>"
            f"<span class='aligned-question-title'>{html.escape(q.title)}.</span> "
            f"{html.escape(q.text)}</li>"
            for q in questions
        )

    def _feedback_html(self, feedback: core.Challenge) -> str:
        sections = [
            "<section class='aligned-dimension'>"
            f"<h4>{html.escape(item.attribution.describe())}</h4>"
            f"<ul>{self._questions_html(item.questions)}</ul></section>"
            for item in feedback.items
        ]
        general = (
            f"<h4>Across your attributions</h4><ul>{self._questions_html(feedback.general)}</ul>"
            if feedback.general
            else ""
        )
        return (
            "<div class='aligned-summary aligned-feedback'>"
            "<h4>A skeptical colleague asks</h4>"
            + general
            + "".join(sections)
            + "<p class='aligned-caveat'>These questions have no single right answer. Culture "
            "may well explain much of what you saw; the point is to know how far two shops "
            "and 24 months can carry that claim, and what you would need to carry it further."
            "</p></div>"
        )
