"""The five-component self-assessment as an ipywidget: scores, links, then the gap map.

All validation, analysis and wording come from `widgets.core.components`; this module only
wires the dropdowns to it and formats the answers as HTML. The state a live session needs
is plain data: `response()` returns {"ratings": ..., "dependencies": ...}.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import components
from widgets.core.components import (
    COMPONENT_GUIDE,
    COMPONENTS,
    LABELS,
    MAX_DEPENDENCIES,
    PHASES,
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    TYPICAL_DEPENDENCIES,
    WEAKEST_LINK_RULE,
    format_gap,
    format_score,
)
from widgets.ui import message_html

NOT_RATED = 0  # the placeholder option's value; core sees it as None (missing)
NO_LINK = ""

PHASE_LABELS = {"current": "now", "target": "target"}

RATING_OPTIONS = [("Choose a score", NOT_RATED)] + [
    (f"{n} · {SCALE[n]}", n) for n in range(SCALE_MIN, SCALE_MAX + 1)
]


def rating_label(component: str, phase: str) -> str:
    """The visible label of a rating dropdown, e.g. "Strategy now"."""
    return f"{LABELS[component]} {PHASE_LABELS[phase]}"


def dependency_label(component: str, slot: int) -> str:
    """The visible label of a dependency dropdown, e.g. "Technology depends most on"."""
    return f"{LABELS[component]} " + ("depends most on" if slot == 0 else "also depends on")


def _scale_html() -> str:
    items = "".join(
        f"<li><strong>{n}</strong>: {html.escape(SCALE[n])}</li>"
        for n in range(SCALE_MIN, SCALE_MAX + 1)
    )
    return (
        "<h3>1. Rate each component: now, and the target for 12 months from now</h3>"
        "<p>Use the same scale for all five. It measures how clear, shared and up to date "
        "a component is for <em>your</em> business, not how big or modern it is: a simple "
        "set-up that fits can score 5.</p>"
        f'<ol class="aligned-scale" aria-label="The rating scale">{items}</ol>'
    )


class ComponentAssessment(Activity):
    """Rate the five components now and as a target, link them, and see the gap map."""

    plan_needs = "Press “Show my alignment map” first: then the map and its weakest link can go into your plan."

    def __init__(self, **kwargs):
        self.rating_inputs: dict[str, dict[str, w.Dropdown]] = {}
        self.dependency_inputs: dict[str, tuple[w.Dropdown, ...]] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.report: dict | None = None
        self.feedback: str = ""

        rating_blocks = [self._rating_block(c) for c in COMPONENTS]
        dependency_rows = [self._dependency_row(c) for c in COMPONENTS]
        self.typical_button = self.button(
            "Fill in the typical links", "Start from a common pattern of dependencies, then adjust it to your business",
            "sitemap", self.fill_typical_dependencies)
        self.show_button = self.button(
            "Show my alignment map", "Check the scores and show the gaps, the weakest link and first steps",
            "bar-chart", self.show_results, primary=True)
        super().__init__(
            [
                w.HTML(_scale_html()),
                *rating_blocks,
                w.HTML(
                    "<h3>2. What leans on what?</h3>"
                    "<p>For each component, choose the one or two others it depends on "
                    "most in your business: if that one is weak, this one suffers. "
                    "Leave “nothing in particular” where no link stands out.</p>"
                ),
                *dependency_rows,
                w.HBox([self.typical_button]),
                w.HTML("<h3>3. See your map</h3>"),
                w.HBox([self.show_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-components")  # scopes its rules in aligned.css

    # -- building ---------------------------------------------------------------------

    def _rating_block(self, component: str) -> w.VBox:
        guide = COMPONENT_GUIDE[component]
        boxes = {}
        for phase in PHASES:
            box = w.Dropdown(
                options=RATING_OPTIONS,
                value=NOT_RATED,
                description=rating_label(component, phase),
                tooltip=f"{guide.label}: "
                + ("score today" if phase == "current" else "score needed in 12 months")
                + f", {SCALE_MIN} to {SCALE_MAX}",
                style={"description_width": "9rem"},
                layout=w.Layout(width="29rem"),
            )
            boxes[phase] = box
        self.rating_inputs[component] = boxes
        return w.VBox(
            [
                w.HTML(
                    f"<h4>{html.escape(guide.label)} <small>({html.escape(guide.ship_part)})"
                    f"</small></h4><p>{html.escape(guide.question)}</p>"
                    f'<p class="aligned-anchor">1 looks like: {html.escape(guide.low)}</p>'
                    f'<p class="aligned-anchor">5 looks like: {html.escape(guide.high)}</p>'
                ),
                w.HBox(list(boxes.values())).add_class("aligned-component-row"),
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-dimension")

    def _dependency_row(self, component: str) -> w.HBox:
        others = [(LABELS[o], o) for o in COMPONENTS if o != component]
        placeholders = ("nothing in particular", "no second one")
        boxes = tuple(
            w.Dropdown(
                options=[(placeholders[slot], NO_LINK), *others],
                value=NO_LINK,
                description=dependency_label(component, slot),
                tooltip=f"Which component does {LABELS[component]} depend on"
                + (" most?" if slot == 0 else " as well?"),
                style={"description_width": "13rem"},
                layout=w.Layout(width="25rem"),
            )
            for slot in range(MAX_DEPENDENCIES)
        )
        self.dependency_inputs[component] = boxes
        return w.HBox(list(boxes)).add_class("aligned-component-row")

    # -- state ------------------------------------------------------------------------

    def ratings(self) -> dict[str, dict[str, int | None]]:
        """The scores in the core's format; an unanswered dropdown gives None."""
        return {
            component: {
                phase: (None if box.value == NOT_RATED else box.value)
                for phase, box in boxes.items()
            }
            for component, boxes in self.rating_inputs.items()
        }

    def dependencies(self) -> dict[str, list[str]]:
        """The links in the core's format: component -> the components it depends on."""
        return {
            component: [box.value for box in boxes if box.value != NO_LINK]
            for component, boxes in self.dependency_inputs.items()
        }

    def response(self) -> dict:
        """Everything the learner entered, as plain data (what a live session would store)."""
        return {"ratings": self.ratings(), "dependencies": self.dependencies()}

    def set_ratings(self, ratings) -> None:
        """Fill the score dropdowns, e.g. from a worked example or saved answers.

        A missing score leaves its dropdown unanswered; a score that is not a whole number
        on the scale raises ValueError (the dropdowns offer whole numbers only).
        """
        allowed = {value for _, value in RATING_OPTIONS if value != NOT_RATED}
        for component, boxes in self.rating_inputs.items():
            for phase, box in boxes.items():
                value = (ratings.get(component) or {}).get(phase)
                if value is not None and (isinstance(value, bool) or value not in allowed):
                    raise ValueError(
                        f"{rating_label(component, phase)}: {value!r} is not one of the "
                        f"scores {SCALE_MIN} to {SCALE_MAX}."
                    )
                box.value = NOT_RATED if value is None else int(value)

    def set_dependencies(self, dependencies) -> None:
        """Fill the dependency dropdowns; missing components mean "nothing in particular"."""
        for component, boxes in self.dependency_inputs.items():
            chosen = list((dependencies or {}).get(component) or ())
            for slot, box in enumerate(boxes):
                box.value = chosen[slot] if slot < len(chosen) else NO_LINK

    def fill_typical_dependencies(self, _button=None) -> None:
        self.set_dependencies(TYPICAL_DEPENDENCIES)

    def plan_entry(self):
        """The map: ratings, the weakest link and its first step, for the learner's plan."""
        return None if self.report is None else components.plan_entry(self.report)

    # -- results ----------------------------------------------------------------------

    @handler("drawing your map")
    def show_results(self, _button=None) -> None:
        ratings, dependencies = self.ratings(), self.dependencies()
        self.problems = components.validate(ratings) + components.validate_dependencies(
            dependencies
        )
        if self.problems:
            self.report, self.notes, self.feedback = None, [], ""
            self.result.children = ()
            self.messages.value = message_html(
                "error",
                "Almost there. Please fix these before the map can be drawn:",
                self.problems,
            )
            return
        self.report = components.analyze(ratings, dependencies)
        self.notes = self.report["notes"]
        self.feedback = self.report["summary"]
        weakest = self.report["weakest_link"]
        self.messages.value = message_html(
            "ok",
            f"Your alignment map is ready. Weakest link: {weakest['label']}.",
            self.notes,
        )
        chart = charts.component_gap_chart(ratings, weakest["component"], "Your five components")
        self.result.children = [self.show_chart(chart), w.HTML(self._summary_html())]

    def _summary_html(self) -> str:
        report = self.report
        weakest = report["weakest_link"]
        component = weakest["component"]
        table = templating.table(
            "Scores from 1 to 5", ["Component", "Now", "Target", "Gap", "Status"],
            [[r["label"], format_score(r["current"]), format_score(r["target"]), format_gap(r["gap"]),
              r["status"]] for r in report["gaps"]],
        )
        knock_list = "".join(
            f"<li><strong>{html.escape(e['label'])}</strong>: "
            + html.escape(" → ".join(LABELS[c] for c in e["path"]))
            + ("" if e["distance"] == 1 else f" ({e['distance']} steps away)")
            + "</li>"
            for e in report["knock_on_shown"]
        )
        steps = "".join(
            f"<li><strong>{html.escape(s['theme'])}.</strong> {html.escape(s['step'])}</li>"
            for s in report["first_steps"]
        )
        other_steps = "".join(
            f"<h5>{html.escape(LABELS[c])}</h5><ul>"
            + "".join(
                f"<li><strong>{html.escape(s['theme'])}.</strong> {html.escape(s['step'])}</li>"
                for s in components.first_steps(c)
            )
            + "</ul>"
            for c in COMPONENTS
            if c != component
        )
        description = components.describe_gaps(report["ratings"], component)
        return (
            '<div class="aligned-summary">'
            f"<h4>Weakest link: {html.escape(weakest['label'])}</h4>"
            f"<p>{html.escape(weakest['reason'])} {html.escape(report['gap_text'])}</p>"
            f"<details><summary>Why this rule?</summary><p>{html.escape(WEAKEST_LINK_RULE)}"
            "</p></details>"
            f"{table}"
            f"<h4>Knock-on effects</h4><p>{html.escape(report['knock_on_text'])}</p>"
            + (f"<ul>{knock_list}</ul>" if knock_list else "")
            + f"<h4>First steps for {html.escape(weakest['label'])}</h4><ol>{steps}</ol>"
            "<details><summary>First steps for the other components</summary>"
            f"{other_steps}</details>"
            f"{chart_text(description)}"
            '<p class="aligned-caveat">These are your perceptions on one day. Ask two '
            "colleagues to rate the same five components and compare before you act.</p>"
            "</div>"
        )
