"""The team culture explorer as an ipywidget: team profiles, gaps, congruence and spread.

The facilitator ticks up to four groups of Brannock Kitchenworks' January 2025 culture
assessment (teams, or the whole company), chooses Now, Preferred or both, and sees their kites
on one map, the gaps worth discussing with how far members agree, congruence across the six
dimensions, the spread behind each mean, and the questions that open the change conversation.
Teams below the anonymity threshold, and any team that would give them away by subtraction,
are not offered: they are listed with the reason, never with a number. All analysis and wording
come from `widgets.core.team_culture`; this module only wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w
from markupsafe import Markup

from widgets import charts, templating
from widgets.activity import Activity, handler
from widgets.core import team_culture as core
from widgets.core.culture import (
    CULTURE_TYPES,
    DISCUSSION_THRESHOLD,
    TYPE_GUIDE,
    format_points,
)
from widgets.core.team_culture import MAX_OVERLAY, MIN_GROUP_SIZE, VIEWS
from widgets.data import load
from widgets.templating import Cell
from widgets.ui import message_html

BRANNOCK = "Brannock Kitchenworks, January 2025"

INTRO = (
    "<h3>Team culture explorer</h3>"
    "<p>{source}: {people} people in {teams} teams described the culture now and as they "
    "would prefer it, sharing 100 points among the four types on six dimensions.</p>"
    "<ol>"
    f"<li><strong>Tick up to {MAX_OVERLAY} groups</strong> (teams, or the whole company) and "
    "choose what to draw: Now, Preferred, or both.</li>"
    "<li>Press <strong>Compare</strong>. Read the shapes first, then the gaps worth "
    "discussing, whether members agree, and whether each team sends one message or "
    "several.</li>"
    "<li>Use the questions at the bottom to open the conversation with the team.</li>"
    "</ol>"
)

CONTROL = {"description_width": "initial"}


def _points(value: float) -> str:
    return format_points(round(float(value), 1))


def _signed(value: float) -> str:
    rounded = round(float(value), 1)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return sign + format_points(abs(rounded))


def _words(text: str) -> Cell:
    """A cell of words, left-aligned (numbers stay right-aligned)."""
    return Cell(text, "aligned-text")


class TeamCultureExplorer(Activity):
    """Overlay several teams' culture profiles, with gaps, congruence, spread and prompts."""

    kept = "Your choices are kept"

    def __init__(self, assessments=None, min_size: int = MIN_GROUP_SIZE,
                 threshold: float = DISCUSSION_THRESHOLD, **kwargs):
        self.source = BRANNOCK if assessments is None else "The culture assessment"
        self.assessments = load("culture_assessments") if assessments is None else assessments
        self.min_size = core.check_min_size(min_size)
        self.threshold = threshold
        self.report: core.TeamReport | None = None
        self.problems: list[str] = []
        self.selected: list[str] = []  # the groups drawn last
        self.view: str | None = None    # the view drawn last
        self.description = ""           # the chart's text alternative
        self.team_inputs: dict[str, w.Checkbox] = {}

        self.intro = w.HTML("<h3>Team culture explorer</h3>")
        self.threshold_input, self.apply_button = self.threshold_controls(
            self.min_size, f"Teams with fewer respondents are hidden; never below {core.ABSOLUTE_MIN_GROUP_SIZE}",
            "Hide the teams below this size and any team that would reveal them")
        self.hidden_box = w.HTML(layout=w.Layout(width="100%"))
        self.picker = w.VBox(layout=w.Layout(width="100%"))
        self.view_input = w.RadioButtons(
            options=[(label, key) for key, label in VIEWS.items()], value="both",
            description="Draw", style=CONTROL, layout=w.Layout(width="auto"))
        self.compare_button = self.button(
            "Compare", "Draw the ticked groups' kites and list their gaps", "line-chart", self.compare, primary=True)
        self.chart_box = w.VBox(layout=w.Layout(width="100%"))
        self.summary = w.HTML(layout=w.Layout(width="100%"))
        self.tables = w.HTML(layout=w.Layout(width="100%"))
        self.prompts = w.HTML(layout=w.Layout(width="100%"))

        super().__init__(
            [
                self.intro,
                w.HBox([self.threshold_input, self.apply_button],
                       layout=w.Layout(flex_flow="row wrap", align_items="center")),
                self.hidden_box,
                w.HTML(f"<h4>Groups to compare (tick up to {MAX_OVERLAY})</h4>"),
                self.picker,
                self.view_input,
                w.HBox([self.compare_button]),
                self.messages,
                self.chart_box,
                self.summary,
                self.tables,
                self.prompts,
                w.HTML(
                    "<p class='aligned-caveat'>A team profile is the average of what its "
                    "members were willing to say on one day. Treat every number as a question "
                    "to take back to the team, never as a verdict on it or on anyone in it.</p>"),
            ],
            **kwargs,
        )
        self.read_assessments()
        if self.report is not None:
            self.messages.value = message_html(
                "ok", f"Tick up to {MAX_OVERLAY} groups, choose what to draw, and press Compare.")

    # --- plumbing ---------------------------------------------------------------------

    @property
    def ticked(self) -> list[str]:
        return [group for group, box in self.team_inputs.items() if box.value]

    def tick(self, *groups: str) -> None:
        """Tick exactly these groups (untick the others), e.g. from a lesson or a test."""
        for group, box in self.team_inputs.items():
            box.value = group in groups

    # --- handlers ---------------------------------------------------------------------

    @handler("reading the assessments")
    def read_assessments(self) -> None:
        self._analyse()

    def _analyse(self) -> None:
        ticked = self.ticked
        self.report = core.summarize(self.assessments, self.min_size, self.threshold)
        sizes = core.team_sizes(self.assessments)
        self.intro.value = INTRO.format(source=html.escape(self.source),
                                        people=int(sizes["n"].sum()), teams=len(sizes))
        self.team_inputs = {
            group: w.Checkbox(
                value=group in ticked,
                description=f"{group} ({self.report.profiles[group].n} respondents)",
                indent=False, layout=w.Layout(width="auto"))
            for group in self.report.visible
        }
        self.picker.children = list(self.team_inputs.values()) or [
            w.HTML("<p><em>No group is large enough to show at this threshold.</em></p>")]
        self.hidden_box.value = self._hidden_html()

    @handler("applying the threshold")
    def apply_threshold(self, _button=None) -> None:
        value = self.read_threshold(self.threshold_input.value, core.parse_min_size, "The explorer still uses")
        if value is None:
            return
        self.problems = []
        self.min_size = value
        self._analyse()
        self._clear()
        hidden = len(self.report.hidden)
        self.messages.value = message_html(
            "ok", f"Minimum group size {self.min_size}: {len(self.report.visible)} groups can be "
                  f"shown, {hidden} {'is' if hidden == 1 else 'are'} hidden. Tick groups and "
                  "press Compare.")

    @handler("drawing the team profiles")
    def compare(self, _button=None) -> None:
        groups, problems = core.check_selection(self.report, self.ticked)
        view, view_problem = core.parse_view(self.view_input.value)
        self.problems = problems + ([view_problem] if view_problem else [])
        if self.problems:
            self._clear()
            self.messages.value = message_html(
                "error", "Not drawn yet. Please change this first:", self.problems)
            return
        self.selected, self.view = groups, view
        self.description = core.describe_overlay(self.report, groups, view)
        chart = charts.team_kite_chart(
            core.overlay(self.report, groups, view),
            title=f"Culture profiles: {VIEWS[view]}", description=self.description)
        self.show_chart(chart, self.chart_box)
        self.summary.value = self._summary_html()
        self.tables.value = self._tables_html()
        self.prompts.value = self._prompts_html()
        # Last, so that when the status is announced everything above it is up to date.
        self.messages.value = message_html(
            "ok", f"Showing {', '.join(groups)}: {VIEWS[view]}.")

    def _clear(self) -> None:
        self.selected, self.view, self.description = [], None, ""
        self.chart_box.children = []
        self.summary.value = self.tables.value = self.prompts.value = ""

    # --- drawing ----------------------------------------------------------------------

    def _hidden_html(self) -> str:
        hidden = self.report.hidden
        if not hidden:
            return (f"<p>Every group has at least {self.min_size} respondents, so all are "
                    "offered below.</p>")
        items = "".join(f"<li><strong>{html.escape(group)}</strong>: {html.escape(why)}</li>"
                        for group, why in hidden)
        return (
            "<div class='aligned-hidden-note'><h4>Not shown, to protect anonymity</h4>"
            f"<ul>{items}</ul><details><summary>Why are these teams hidden?</summary>"
            f"<p>{html.escape(core.suppression_note(self.report))}</p></details></div>")

    def _summary_html(self) -> str:
        sentences = []
        for group in self.selected:
            text = core.describe_group(self.report.profiles[group], self.view)
            sentences.append(f"<li>{html.escape(text)}</li>")
        return (
            "<h4>What the chart shows</h4>"
            f"<ul class='aligned-chart-summary'>{''.join(sentences)}</ul>"
            "<details><summary>The chart in words</summary>"
            f"<p>{html.escape(self.description)}</p></details>")

    def _tables_html(self) -> str:
        gaps = core.gaps_table(self.report, self.selected)
        gap_rows = []
        for group in self.selected:
            part = gaps[gaps["group"] == group]
            if part.empty:
                gap_rows.append([group, Cell(Markup("<em>no change of {} points or more</em>").format(
                    format_points(self.threshold)), "aligned-text", colspan=5)])
            gap_rows.extend(
                [group, _words(row.type), _points(row.now), _points(row.preferred), _signed(row.change),
                 _words(row.agreement)]
                for row in part.itertuples(index=False))
        fit = core.congruence_table(self.report, self.selected)
        fit_rows = [[row.group, _words(row.now), _words(row.preferred)] for row in fit.itertuples(index=False)]
        spread = core.spread_table(self.report, self.selected)
        labels = [TYPE_GUIDE[t].label for t in CULTURE_TYPES]
        spread_rows = [
            [row["group"], int(row["respondents"]),
             *(Markup("{} <strong>(wide)</strong>").format(format_points(row[label]))
               if row[label] >= core.SPREAD_FLAG else format_points(row[label]) for label in labels)]
            for _, row in spread.iterrows()
        ]
        threshold = html.escape(format_points(self.threshold))
        return (
            "<h4>Gaps worth discussing</h4>"
            f"<p>Types whose average moves by {threshold} points or more between Now and "
            f"Preferred. A member \u201cwants more\u201d when their own Preferred is at least "
            f"{format_points(core.MOVE_MIN)} points above their own Now.</p>"
            + templating.table(f"Gaps of {format_points(self.threshold)} points or more, and how many "
                               "members share them",
                               ["Group", "Type", "Now", "Preferred", "Change", "Do members agree?"],
                               gap_rows)
            + "<h4>One message or several? Congruence across the six dimensions</h4>"
            + templating.table("The type that leads each dimension of the group's average answers",
                               ["Group", "Now", "Preferred"], fit_rows)
            + "<h4>What the averages hide: spread today</h4>"
            f"<p>The standard deviation of members' own Now points. <strong>(wide)</strong> "
            f"marks {format_points(core.SPREAD_FLAG)} points or more: people see that type very "
            "differently.</p>"
            + templating.table("How differently members see each type now (standard deviation, points)",
                               ["Group", "Respondents", *labels], spread_rows)
        )

    def _prompts_html(self) -> str:
        blocks = []
        for group in self.selected:
            prompts = core.conversation_prompts(self.report.profiles[group])
            items = "".join(f"<li>{html.escape(p)}</li>" for p in prompts)
            blocks.append(f"<h5>{html.escape(group)}</h5><ul>{items}</ul>")
        return ("<h4>Questions to open the conversation</h4>"
                "<p>Agree first on what the team sees now, then on where it wants to go; then "
                "make each gap concrete before anyone plans actions.</p>" + "".join(blocks))
