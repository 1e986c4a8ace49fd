"""The engagement survey analyser as an ipywidget: trait scores, eNPS and answers, by group.

The learner picks how to group Brannock Kitchenworks' October 2024 survey (team, location,
role level, tenure band) and the anonymity threshold, and sees trait scores and eNPS per
group (a chart and a table) and the distribution of answers to each statement. Groups below
the threshold, and any sibling that would give them away, are shown as "fewer than N
respondents: hidden", never with a number. All analysis and wording come from
`widgets.core.survey`; this module only wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w
from markupsafe import Markup

from widgets import charts, templating
from widgets.activity import Activity, handler
from widgets.core import survey as core
from widgets.core.survey import COMPANY, GROUPINGS, MIN_GROUP_SIZE, TRAIT_LABELS, TRAITS
from widgets.data import load
from widgets.templating import Cell, Row
from widgets.ui import message_html

INTRO = (
    "<h3>Engagement survey analyser</h3>"
    "<p>Brannock Kitchenworks' October 2024 survey: 102 of 119 people answered twelve "
    "statements (1 = strongly disagree to 5 = strongly agree), three for each of four traits, "
    "and the eNPS question (0-10).</p>"
    "<ol>"
    "<li><strong>Group by</strong> team, location, role level or tenure band, and compare the "
    "groups with the whole company.</li>"
    "<li>Set the <strong>minimum group size</strong>: groups with fewer respondents are hidden, "
    "and so is any group that would let someone work a hidden one out by subtraction. "
    f"The usual setting is {MIN_GROUP_SIZE}; it can never go below "
    f"{core.ABSOLUTE_MIN_GROUP_SIZE}.</li>"
    "<li>Look at <strong>how people answered</strong> each statement, for the company or one "
    "group: a mean hides whether people agree with each other.</li>"
    "</ol>"
)

CONTROL = {"description_width": "initial"}
CONTROL_LAYOUT = {"width": "auto", "margin": "0 1.5rem 0.3rem 0"}


def _number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


class SurveyAnalyser(Activity):
    """Trait scores and eNPS by group, with small groups suppressed, and answer distributions."""

    kept = "Your settings are kept"

    def __init__(self, responses=None, grouping: str = "team", min_size: int = MIN_GROUP_SIZE,
                 **kwargs):
        self.responses = load("engagement_survey") if responses is None else responses
        self.min_size = core.check_min_size(min_size)
        self.problems: list[str] = []
        self.report = None        # group_report for the chosen grouping
        self.company = None       # group_report for the whole company
        self.distribution = None  # item_distribution for the chosen grouping
        self.hidden_groups: list[str] = []
        self.group_chart: charts.alt.JupyterChart | None = None  # trait scores and eNPS
        self.answers_chart: charts.alt.JupyterChart | None = None

        self.grouping_input = w.Dropdown(
            options=[(label, key) for key, label in GROUPINGS.items()], value=grouping,
            description="Group by", style=CONTROL, layout=w.Layout(**CONTROL_LAYOUT))
        self.grouping_input.observe(lambda _change: self.refresh(), "value")
        self.threshold_input, self.apply_button = self.threshold_controls(
            self.min_size, f"Groups with fewer respondents are hidden; never below {core.ABSOLUTE_MIN_GROUP_SIZE}",
            "Hide the groups below this size and any sibling that would reveal them")
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.group_box = w.VBox(layout=w.Layout(width="100%"))
        self.trait_text = w.HTML()
        self.enps_text = w.HTML()
        self.answers_input = w.Dropdown(
            options=[COMPANY], value=COMPANY, description="Answers of", style=CONTROL,
            layout=w.Layout(**CONTROL_LAYOUT))
        self.answers_input.observe(self._on_answers_group, "value")
        self._updating = False
        self.answers_box = w.VBox(layout=w.Layout(width="100%"))
        self.answers_text = w.HTML()

        super().__init__(
            [
                w.HTML(INTRO),
                w.HBox([self.grouping_input, self.threshold_input, self.apply_button],
                       layout=w.Layout(flex_flow="row wrap", align_items="center")),
                self.messages,
                w.HTML("<h4>Trait scores and eNPS</h4>"),
                self.table,
                self.group_box,
                self.trait_text,
                self.enps_text,
                w.HTML("<h4>How people answered each statement</h4>"),
                self.answers_input,
                self.answers_box,
                self.answers_text,
                w.HTML(
                    "<p class='aligned-caveat'>A survey shows what people were willing to "
                    "say, on one day, in answer to our questions. Read a low score as a "
                    "question to take back to the group, not as a verdict on it.</p>"),
            ],
            **kwargs,
        )
        self.refresh()

    # --- plumbing ---------------------------------------------------------------------

    @property
    def grouping(self) -> str:
        return self.grouping_input.value

    @property
    def grouping_label(self) -> str:
        return GROUPINGS[self.grouping]

    # --- handlers ---------------------------------------------------------------------

    @handler("applying the threshold")
    def apply_threshold(self, _button=None) -> None:
        value = self.read_threshold(self.threshold_input.value, core.parse_min_size, "The results below still use")
        if value is None:
            return
        self.min_size = value
        self.refresh()

    @handler("analyzing the survey")
    def refresh(self) -> None:
        self.problems = []
        self.report = core.group_report(self.responses, self.grouping, self.min_size)
        self.company = core.group_report(self.responses, None, self.min_size)
        self.distribution = core.item_distribution(self.responses, self.grouping, self.min_size)
        self.hidden_groups = list(self.report.loc[self.report["suppressed"], "group"])
        self.table.value = self._table_html()
        self._draw_groups()
        groups = [COMPANY] + list(self.report["group"])
        current = self.answers_input.value
        self._updating = True  # one drawing below, not one per option change
        try:
            self.answers_input.options = groups
            self.answers_input.value = current if current in groups else COMPANY
        finally:
            self._updating = False
        self._draw_answers()
        # Last, so that when the status is announced everything above it is up to date.
        self.messages.value = message_html("ok", self._status_text())

    def _status_text(self) -> str:
        label = self.grouping_label.lower()
        if not self.hidden_groups:
            return (f"By {label}, minimum {self.min_size} respondents: every group is shown.")
        names = ", ".join(self.hidden_groups)
        return (f"By {label}, minimum {self.min_size} respondents: "
                f"{len(self.hidden_groups)} of {len(self.report)} groups hidden ({names}).")

    # --- drawing ----------------------------------------------------------------------

    def _table_html(self) -> str:
        head = [self.grouping_label, "Respondents", *(TRAIT_LABELS[t] for t in TRAITS), "eNPS", "% promoters",
                "% detractors"]
        width = 3 + len(TRAITS) + 1
        rows = [
            Row([row["group"], Cell(Markup("<em>{}</em>").format(row["shown_as"]), "aligned-text", colspan=width)],
                "aligned-hidden")
            if row["suppressed"] else
            [row["group"], int(row["n"]), *(_number(row[t]) for t in TRAITS), core.format_enps(row["enps"]),
             _number(row["promoters_pct"], 0), _number(row["detractors_pct"], 0)]
            for report in (self.company, self.report)
            for _, row in report.iterrows()
        ]
        return templating.table(
            f"Mean trait scores (1-5) and eNPS by {self.grouping_label.lower()}, groups of at least "
            f"{self.min_size} respondents", head, rows, css_class="aligned-table aligned-survey-table")

    def _draw_groups(self) -> None:
        self.show_chart(charts.survey_groups_chart(self.report, self.grouping_label),
                        self.group_box, name="group_chart")
        self.trait_text.value = (
            "<p class='aligned-chart-summary'>"
            + html.escape(core.describe_trait_scores(self.report, self.grouping_label)) + "</p>")
        self.enps_text.value = (
            "<details><summary>The eNPS chart in words</summary><p class='aligned-chart-summary'>"
            + html.escape(core.describe_enps(self.report, self.grouping_label))
            + "</p></details>")

    @handler("drawing the answers")
    def _on_answers_group(self, _change) -> None:
        if not self._updating:
            self._draw_answers()

    def _draw_answers(self) -> None:
        group = self.answers_input.value
        if group == COMPANY:
            rows = core.item_distribution(self.responses, None, self.min_size)
        else:
            rows = core.distribution_for(self.distribution, group, [self.grouping])
        if rows.empty or rows["suppressed"].any():
            shown = (self.report.loc[self.report["group"] == group, "shown_as"]
                     if group != COMPANY else self.company["shown_as"])
            reason = shown.iloc[0] if len(shown) else "no answers"
            self.answers_box.children = []
            self.answers_text.value = (
                f"<p class='aligned-hidden-note' role='status'><strong>{html.escape(group)}:"
                f"</strong> {html.escape(reason)}. Choose another group, or the whole "
                "company.</p>")
            return
        self.show_chart(charts.answer_distribution_chart(rows, group), self.answers_box,
                        name="answers_chart")
        self.answers_text.value = self._answers_text_html(rows, group)

    def _answers_text_html(self, rows, group: str) -> str:
        table_rows = []
        for item, part in rows.groupby("item", sort=False):
            counts = part.set_index("answer")["count"]
            table_rows.append([core.ITEMS[item], *(int(counts.loc[a]) for a in core.ANSWER_LABELS)])
        head = ["Statement", *(f"{a} {label}" for a, label in core.ANSWER_LABELS.items())]
        return (
            "<details><summary>The answers in words and as a table</summary>"
            f"<p class='aligned-chart-summary'>"
            f"{html.escape(core.describe_distribution(rows, group))}</p>"
            + templating.table(f"Number of people giving each answer: {group}", head, table_rows)
            + "</details>"
        )
