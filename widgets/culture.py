"""The culture-archetype assessment as an ipywidget: Now and Preferred, then the profile.

All scoring and wording come from `widgets.core.culture`; this module only wires inputs to
it and formats the answers as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import culture
from widgets.core.culture import (
    CULTURE_TYPES,
    DIMENSIONS,
    DISCUSSION_THRESHOLD,
    PROMPTS,
    STATEMENT_LETTERS,
    STATEMENTS,
    TYPE_GUIDE,
    format_points,
)
from widgets.ui import message_html

PHASES = ("Now", "Preferred")

PHASE_HELP = {
    "Now": "Describe the organization <strong>as it is today</strong>. In each block, "
    "share 100 points among the four statements: give more points to the statement "
    "that fits better. A statement that does not fit at all can get 0.",
    "Preferred": "Now describe the organization <strong>as you think it should be in "
    "two to three years</strong> to succeed. Again share 100 points in each block.",
}


def _points_left_text(points: dict) -> str:
    left = culture.points_left(points)
    if left is None:
        return "Enter a number for every statement."
    if left == 0:
        return "✓ 100 points given"
    if left > 0:
        return f"{format_points(left)} points left"
    return f"{format_points(-left)} points over"


class ArchetypeQuiz(Activity):
    """Fill in Now and Preferred, then show the culture profile as a kite chart."""

    plan_needs = "Press “Show my profile” first: then your profile and its gaps can go into your plan."

    def __init__(self, threshold: float = DISCUSSION_THRESHOLD, **kwargs):
        self.threshold = threshold
        self.inputs: dict[str, dict[str, dict[str, w.IntText]]] = {}
        self.points_left: dict[str, dict[str, w.HTML]] = {}
        self.problems: list[str] = []
        self.now_profile: dict[str, float] | None = None
        self.preferred_profile: dict[str, float] | None = None

        sections = [self._phase_section(phase) for phase in PHASES]
        self.copy_button = self.button(
            "Copy Now into Preferred", "Start the Preferred answers from your Now answers, then adjust them", "copy",
            self.copy_now_to_preferred)
        self.show_button = self.button(
            "Show my profile", "Check the answers and draw the culture profile", "line-chart", self.show_profile,
            primary=True)
        super().__init__(
            [
                sections[0],
                self.copy_button,
                sections[1],
                w.HBox([self.show_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )

    def _phase_section(self, phase: str) -> w.VBox:
        self.inputs[phase] = {}
        self.points_left[phase] = {}
        blocks = [
            w.HTML(f"<h3>{phase}</h3><p>{PHASE_HELP[phase]}</p>"),
        ]
        for number, (dimension, title) in enumerate(DIMENSIONS.items(), start=1):
            boxes = {}
            for culture_type in CULTURE_TYPES:
                letter = STATEMENT_LETTERS[culture_type]
                box = w.IntText(
                    value=0,
                    description=f"{letter}. {STATEMENTS[dimension][culture_type]}",
                    continuous_update=True,
                    tooltip=f"{phase}: {title}, statement {letter}",
                    style={"description_width": "75%"},
                    layout=w.Layout(width="100%"),
                )
                box.add_class("aligned-points")
                box.observe(lambda _change, p=phase, d=dimension: self._refresh_left(p, d), "value")
                boxes[culture_type] = box
            self.inputs[phase][dimension] = boxes
            left = w.HTML()
            left.add_class("aligned-left")
            self.points_left[phase][dimension] = left
            self._refresh_left(phase, dimension)
            blocks.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<h4>{number}. {html.escape(title)} ({phase})</h4>"
                            f"<p>{html.escape(PROMPTS[dimension])}</p>"
                        ),
                        *boxes.values(),
                        left,
                    ],
                    layout=w.Layout(width="100%"),
                ).add_class("aligned-dimension")
            )
        return w.VBox(blocks, layout=w.Layout(width="100%"))

    def _refresh_left(self, phase: str, dimension: str) -> None:
        points = {t: box.value for t, box in self.inputs[phase][dimension].items()}
        text = _points_left_text(points)
        done = text.startswith("✓")
        self.points_left[phase][dimension].value = (
            f'<span class="{"aligned-ok" if done else "aligned-pending"}">'
            f"{DIMENSIONS[dimension]}: {html.escape(text)}</span>"
        )

    def allocation(self, phase: str) -> dict[str, dict[str, int]]:
        """The answers of one phase, in the core's allocation format."""
        return {
            dimension: {t: box.value for t, box in boxes.items()}
            for dimension, boxes in self.inputs[phase].items()
        }

    def set_allocation(self, phase: str, allocation) -> None:
        """Fill one phase's inputs, e.g. from saved answers or a worked example."""
        for dimension, boxes in self.inputs[phase].items():
            for culture_type, box in boxes.items():
                box.value = int(allocation[dimension][culture_type])

    def copy_now_to_preferred(self, _button=None) -> None:
        self.set_allocation("Preferred", self.allocation("Now"))

    def _is_blank(self, phase: str) -> bool:
        return all(v == 0 for points in self.allocation(phase).values() for v in points.values())

    def plan_entry(self):
        """The profile shown: Now, Preferred and the gaps to discuss, for the learner's plan."""
        if self.now_profile is None:
            return None
        return culture.plan_entry(self.now_profile, self.preferred_profile, self.threshold)

    @handler("drawing your profile")
    def show_profile(self, _button=None) -> None:
        phases = ["Now"] if self._is_blank("Preferred") else list(PHASES)
        self.problems = [
            f"{phase} — {problem}"
            for phase in phases
            for problem in culture.validate_allocation(self.allocation(phase))
        ]
        if self.problems:
            self.messages.value = message_html(
                "error",
                "Almost there. Please fix these before the profile can be drawn:",
                self.problems,
            )
            return
        now_allocation = self.allocation("Now")
        self.now_profile = culture.profile(now_allocation)
        self.preferred_profile = (
            culture.profile(self.allocation("Preferred")) if "Preferred" in phases else None
        )
        note = (
            ""
            if self.preferred_profile is not None
            else " Preferred is still empty, so only Now is drawn."
        )
        self.messages.value = message_html("ok", "Your profile is ready." + note)
        chart = charts.kite_chart(self.now_profile, self.preferred_profile, "Your culture profile")
        self.result.children = [self.show_chart(chart), w.HTML(self._summary_html(now_allocation))]

    def _summary_html(self, now_allocation) -> str:
        now, preferred = self.now_profile, self.preferred_profile
        lead = culture.dominant(now)
        fit = culture.congruence(now_allocation)
        if lead.culture_type is None:
            headline = "No single type dominates now: " + " and ".join(
                TYPE_GUIDE[t].label for t in lead.tied
            ) + " tie."
        else:
            headline = (
                f"Dominant type now: <strong>{TYPE_GUIDE[lead.culture_type].label}</strong> "
                f"({format_points(round(lead.points, 1))} points, a {lead.strength} lead of "
                f"{format_points(round(lead.margin, 1))})."
            )
        if fit.congruent:
            congruence_text = (
                f"Congruent: {TYPE_GUIDE[fit.dominant_type].label} leads in all six dimensions."
            )
        else:
            congruence_text = (
                f"Not congruent: the leading type differs across dimensions (the most common "
                f"leader tops {fit.matching_dimensions} of 6). Mixed signals like this are "
                "worth discussing."
            )
        rows = [
            [TYPE_GUIDE[t].label, format_points(round(now[t], 1))]
            + ([format_points(round(preferred[t], 1)), format_points(round(preferred[t] - now[t], 1))]
               if preferred else [])
            for t in CULTURE_TYPES
        ]
        head = ["Type", "Now"] + (["Preferred", "Change"] if preferred else [])
        if preferred:
            to_discuss = culture.gaps_to_discuss(now, preferred, self.threshold)
            gap_text = (
                "Gaps to discuss (at least "
                f"{format_points(self.threshold)} points): "
                + (
                    ", ".join(
                        f"{TYPE_GUIDE[g.culture_type].label} {g.direction} by "
                        f"{format_points(round(abs(g.change), 1))}"
                        for g in to_discuss
                    )
                    or "none"
                )
                + "."
            )
        else:
            gap_text = ""
        paragraphs = "".join(
            f"<p>{html.escape(p)}</p>" for p in culture.interpret(now, preferred, self.threshold)
        )
        description = culture.describe_profiles(now, preferred)
        return (
            '<div class="aligned-summary">'
            f"<p>{headline}</p><p>{html.escape(congruence_text)}</p>"
            f"<p>{html.escape(gap_text)}</p>"
            + templating.table("Profile in points (out of 100)", head, rows)
            + f"<h4>What this suggests</h4>{paragraphs}"
            f"{chart_text(description)}"
            '<p class="aligned-caveat">This is a perception of culture, not a measurement '
            "of it: compare it with colleagues' profiles before drawing conclusions.</p>"
            "</div>"
        )
