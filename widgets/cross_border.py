"""The cross-border comparator as an ipywidget: two countries, six dimensions, the gaps, and
what they may mean for meetings, feedback, decisions and planning.

All numbers, bands, validation and wording come from `widgets.core.cross_border`; this
module only wires the two menus to it and formats HTML (every country name is escaped).
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import cross_border as core
from widgets.core.cross_border import AREAS, ATTRIBUTION, BANDS
from widgets.data import load
from widgets.ui import message_html

CHOOSE = "Choose a country"
FIRST_LABEL = "First country"
SECOND_LABEL = "Second country"

INTRO = (
    "<h3>Cross-border comparator</h3>"
    "<p>Choose two countries your team works across. The chart and the table show both "
    "countries' averages on Hofstede's six dimensions and the gap on each. Below them, the "
    "practical implications of the notable and large gaps, grouped by meetings, feedback, "
    "decisions, and goals and planning: questions to test with real colleagues, not "
    "predictions about them.</p>"
)

CAVEAT = (
    "<div class='aligned-caveat aligned-cross-border-caveat' role='note'>"
    "<p><strong>Read with care.</strong> These scores are national averages of samples, "
    "most of them collected decades ago. They describe countries, not the person in front of "
    "you: within any country people differ far more than the averages of two countries do "
    "(about 80% of the variation in cultural values lies within countries). Assuming that an "
    "individual matches their country's average is the ecological fallacy. Gaps are "
    "<em>relative</em>: a country can be the more collectivist of a pair and still be "
    "individualist among all countries. Use the gaps to ask better questions, then ask your "
    "colleagues.</p></div>"
)


def _menu(description: str, options, value) -> w.Dropdown:
    return w.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=w.Layout(width="auto", margin="0 1.5rem 0.3rem 0"),
    )


def _e(text) -> str:
    return html.escape(str(text))


class CrossBorderComparator(Activity):
    """Compare two countries on Hofstede's six dimensions and read what the gaps may mean."""

    kept = "Your choices are kept"
    result_kind = w.HTML

    def __init__(self, frame=None, first: str = "Germany", second: str = "United States",
                 **kwargs):
        self.frame = load("country_culture") if frame is None else frame
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.comparison: core.Comparison | None = None
        self.implications: dict[str, list[core.Implication]] = {}
        self._syncing = False

        frame_problems = core.check_frame(self.frame)
        names = [] if frame_problems else core.country_names(self.frame)
        options = [(CHOOSE, None)] + [(name, name) for name in names]
        self.first_input = _menu(FIRST_LABEL, options, None)
        self.second_input = _menu(SECOND_LABEL, options, None)
        self.first_input.observe(self._on_menu, "value")
        self.second_input.observe(self._on_menu, "value")
        self.swap_button = self.button("Swap countries", "Swap the first and the second country", "exchange", self.swap)
        self.chart_box = w.VBox(layout=w.Layout(width="100%"))
        self.chart_text = w.HTML(layout=w.Layout(width="100%"))
        self.table = w.HTML(layout=w.Layout(width="100%"))
        super().__init__(
            [
                w.HTML(INTRO),
                w.HBox(
                    [self.first_input, self.second_input, self.swap_button],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.messages,
                w.HTML(CAVEAT),
                self.chart_box,
                self.chart_text,
                self.table,
                self.result,
                w.HTML(f"<p class='aligned-attribution'>Data: {_e(ATTRIBUTION)}</p>"),
            ],
            **kwargs,
        )
        self.add_class("aligned-cross-border")  # scopes its rules in aligned.css
        if frame_problems:
            self.problems = frame_problems
            self._show_problems(frame_problems)
        else:
            self.show(first, second)

    # --- plumbing ---------------------------------------------------------------------

    def _set_menus(self, first, second) -> None:
        self._syncing = True
        try:
            known = {value for _label, value in self.first_input.options}
            self.first_input.value = first if first in known else None
            self.second_input.value = second if second in known else None
        finally:
            self._syncing = False

    def _on_menu(self, _change) -> None:
        if not self._syncing:
            self.show(self.first_input.value, self.second_input.value)

    # --- actions ----------------------------------------------------------------------

    @handler("comparing the countries")
    def show(self, first, second) -> None:
        """Compare two countries, given by name or code (as a menu choice or typed)."""
        self._show(first, second)

    @handler("swapping the countries")
    def swap(self, _button=None) -> None:
        first, second = self.first_input.value, self.second_input.value
        self._set_menus(second, first)
        self._show(second, first)

    def _show(self, first, second) -> None:
        self.problems = core.validate_pair(self.frame, first, second)
        if self.problems:
            self._show_problems(self.problems)
            # keep what could be resolved in the menus, so the learner sees their choice
            resolved = [core.resolve(self.frame, text)[0] for text in (first, second)]
            self._set_menus(*resolved)
            return
        comparison = core.compare(self.frame, first, second)
        self._set_menus(comparison.first, comparison.second)
        self.comparison = comparison
        self.notes = list(comparison.notes)
        self.implications = core.implications_by_area(comparison)
        count = sum(len(items) for items in self.implications.values())
        headline = (
            f"Comparing {comparison.first} and {comparison.second}: "
            f"{len(comparison.gaps)} dimensions, {count} implication"
            f"{'' if count == 1 else 's'} to discuss."
        )
        if self.notes:
            headline += " Some scores are missing:"
        self.messages.value = message_html("ok", headline, self.notes)
        self._draw(comparison)

    def _show_problems(self, problems: list[str]) -> None:
        self.comparison = None
        self.notes = []
        self.implications = {}
        self.messages.value = message_html(
            "error", "The comparison cannot be shown yet:", problems
        )
        self.chart_box.children = []
        self.chart_text.value = ""
        self.table.value = ""
        self.result.value = ""

    # --- drawing ----------------------------------------------------------------------

    def _draw(self, comparison: core.Comparison) -> None:
        self.show_chart(charts.cross_border_chart(comparison), self.chart_box)
        description = core.describe_comparison(comparison)
        self.chart_text.value = (
            f"<p class='aligned-chart-summary'>{_e(self._summary(comparison))}</p>"
            f"{chart_text(description)}"
        )
        self.table.value = self._table_html(comparison)
        self.result.value = self._implications_html(comparison)

    @staticmethod
    def _summary(comparison: core.Comparison) -> str:
        largest = comparison.largest()
        counts = {key: len(comparison.in_band(key)) for key in BANDS}
        text = (
            f"{counts['large']} large, {counts['notable']} notable and {counts['small']} "
            f"small gap{'s' if counts['small'] != 1 else ''}."
        )
        if largest is not None and largest.higher is not None:
            text += (
                f" The largest is {largest.label.lower()}: "
                f"{core.format_score(largest.absolute)} points, {largest.higher} higher."
            )
        return text

    @staticmethod
    def _table_html(comparison: core.Comparison) -> str:
        first, second = comparison.first, comparison.second
        rows = [
            [g.label, core.format_score(g.first_score), core.format_score(g.second_score),
             ("+" if g.signed > 0 else "") + core.format_score(g.signed), core.format_score(g.absolute),
             g.band, g.higher or "equal"]
            for g in comparison.gaps
        ]
        bands = "".join(f"<li>{_e(text)}</li>" for text in core.describe_bands())
        return (
            templating.table(f"Gaps between {first} and {second} (index points)",
                             ["Dimension", first, second, f"Gap ({first} minus {second})", "Absolute gap",
                              "Size", "Higher"], rows, css_class="aligned-table aligned-gap-table")
            + f"<details><summary>What the sizes mean</summary><ul>{bands}</ul></details>"
        )

    def _implications_html(self, comparison: core.Comparison) -> str:
        sections = []
        for area, label in AREAS.items():
            items = self.implications.get(area, [])
            if items:
                listing = "".join(
                    "<li>"
                    f"<strong>{_e(item.label)} ({_e(item.band)} gap, "
                    f"{_e(core.format_score(item.gap))} points).</strong> "
                    f"{_e(item.tendency)} <em>Try:</em> {_e(item.practice)}</li>"
                    for item in items
                )
                body = f"<ul class='aligned-implications'>{listing}</ul>"
            else:
                body = (
                    "<p>No notable gap touches this area for these two countries: start "
                    "from what the team already shares.</p>"
                )
            sections.append(
                f"<section class='aligned-dimension aligned-area-{area}'>"
                f"<h4>{_e(label)}</h4>{body}</section>"
            )
        shared = core.common_ground(comparison)
        common = (
            "<p><strong>Common ground</strong> (small gaps): "
            + _e(
                "; ".join(
                    f"{g.label.lower()} ({core.format_score(g.first_score)} and "
                    f"{core.format_score(g.second_score)})"
                    for g in shared
                )
            )
            + ".</p>"
            if shared
            else "<p><strong>Common ground:</strong> no dimension has a small gap for this "
            "pair, so agree the team's own ways of working explicitly.</p>"
        )
        return (
            "<div class='aligned-summary aligned-cross-border-result'>"
            "<h4>What the gaps may mean for alignment practice</h4>"
            "<p>Each line is a tendency of national averages, worded with care: expect "
            "variation between individuals, and check it with the people concerned. "
            f"{_e(core.ONE_AT_A_TIME)}</p>"
            + common
            + "".join(sections)
            + "</div>"
        )
