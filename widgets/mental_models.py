"""The mental-model alignment check as an ipywidget: a team ranks priorities, W says how alike.

Each person types their ranking of the same list of priorities (Brannock Kitchenworks'
candidates for next year, or the team's own list). The check shows Kendall's W with its
reading and significance note, a chart of the ranks each item received, the items the team
disagrees on most, and the team's order. All parsing, statistics and wording come from
`widgets.core.mental_models`; this module only wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import mental_models as core
from widgets.core.mental_models import (
    EXAMPLE_NAME,
    EXAMPLE_PRIORITIES,
    EXAMPLE_STORY,
    EXAMPLE_TEAM,
    LETTERS,
    MAX_LIST_ITEMS,
    MAX_RATERS,
    MIN_LIST_ITEMS,
    RankingInputError,
    format_rank,
)
from widgets.templating import Cell
from widgets.ui import message_html

CHECK = "Check our alignment"
EXAMPLE = "Load the example team"
CLEAR = "Clear the rankings"
USE_LIST = "Use these priorities"


HOW_TO = (
    "<h4>How to enter a ranking</h4>"
    "<p>Each person ranks the priorities <strong>alone first</strong>, on paper or in their "
    "head, before anyone shares. Then type one row per person:</p>"
    "<ul>"
    "<li>the <strong>letters in order of importance</strong>, most important first: "
    "<code>C A B E F G D</code>. Two items that share a place are joined with "
    "<code>=</code>: <code>A=B D E C G F</code>;</li>"
    "<li>or <strong>one rank per item</strong>, in the order A, B, C…, where 1 is the most "
    "important: <code>2 3 1 7 4 5 6</code>.</li>"
    "</ul>"
    "<p>Names are optional: a role or initials is enough. Blank rows are ignored. Press "
    f"<strong>{CHECK}</strong> when at least two people have entered a ranking.</p>"
)

PRIVACY_NOTE = (
    "<p class='aligned-caveat'>This check is for a team that shares its rankings openly, to "
    "talk about them. It is not an anonymous survey: do not use it to collect views that "
    "people would not say aloud. Nothing is saved or sent anywhere.</p>"
)


def _text(description: str, placeholder: str, width: str) -> w.Text:
    """A labeled one-line input that reports its value when the learner leaves it."""
    return w.Text(
        description=description,
        placeholder=placeholder,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=w.Layout(width=width),
    )


class MentalModelCheck(Activity):
    """Several people rank the same priorities; see how far their rankings agree, and where not."""

    kept = "What you typed is kept"
    problems_intro = "These rankings cannot be compared yet:"

    def __init__(self, items=EXAMPLE_PRIORITIES, raters: int = MAX_RATERS, **kwargs):
        self.items: list[str] = list(items)
        self.problems: list[str] = []
        self.rankings = None       # the ranks table from core.parse_team
        self.result: core.Concordance | None = None
        self.disagreement = None   # core.item_disagreement
        self.feedback: str = ""

        self.items_html = w.HTML()
        self.name_inputs: list[w.Text] = []
        self.ranking_inputs: list[w.Text] = []
        rows = []
        for number in range(1, raters + 1):
            name = _text(f"Person {number}: name", "optional, e.g. Sales", "19rem")
            ranking = _text(f"Person {number}: ranking", "e.g. C A B=E D G F", "23rem")
            self.name_inputs.append(name)
            self.ranking_inputs.append(ranking)
            rows.append(w.HBox([name, ranking]).add_class("aligned-rater"))
        self.check_button = self.button(
            CHECK, "Compare the rankings: Kendall's W, the items that split the team, and a chart", "check", self.check,
            primary=True)
        self.example_button = self.button(
            EXAMPLE, f"Fill in the rankings of {EXAMPLE_NAME}' management team and check them", "users",
            self.load_example)
        self.clear_button = self.button(CLEAR, "Remove every name and ranking, and the result", "refresh", self.clear)
        self.result_box = w.VBox(layout=w.Layout(width="100%"))
        self.items_input = w.Textarea(
            value="\n".join(self.items),
            description="Priorities, one per line",
            placeholder="One priority per line",
            continuous_update=False,
            rows=MAX_LIST_ITEMS,
            style={"description_width": "initial"},
            layout=w.Layout(width="38rem"),
        )
        self.use_items_button = self.button(
            USE_LIST, "Rank this list instead: the rankings typed so far are cleared", "list", self.use_items)
        super().__init__(
            [
                w.HTML("<h3>Mental-model alignment check</h3>"),
                self.items_html,
                w.HTML(HOW_TO),
                *rows,
                w.HBox([self.check_button, self.example_button, self.clear_button],
                       layout=w.Layout(flex_flow="row wrap")),
                self.messages,
                self.result_box,
                w.HTML(
                    "<h4>Rank your own team's priorities (optional)</h4>"
                    f"<p>Replace the list with {MIN_LIST_ITEMS} to {MAX_LIST_ITEMS} priorities "
                    "your team is weighing, one per line, and press "
                    f"<strong>{USE_LIST}</strong>. They are lettered A, B, C… in the order "
                    "you type them.</p>"
                ),
                self.items_input,
                self.use_items_button,
                w.HTML(PRIVACY_NOTE),
            ],
            **kwargs,
        )
        self.add_class("aligned-mental-models")  # scopes its rules in aligned.css
        self._show_items()

    # -- state ----------------------------------------------------------------------------

    def entries(self) -> list[tuple[str, str]]:
        """What has been typed: (name, ranking) for every row, blank rows included."""
        return [(n.value, r.value) for n, r in zip(self.name_inputs, self.ranking_inputs)]

    def set_entries(self, entries) -> None:
        """Fill the rows in order, e.g. with the example team; the remaining rows are cleared."""
        entries = list(entries)
        for index, (name_input, ranking_input) in enumerate(
            zip(self.name_inputs, self.ranking_inputs)
        ):
            name, text = entries[index] if index < len(entries) else ("", "")
            name_input.value, ranking_input.value = name, text

    def _show_items(self) -> None:
        is_example = tuple(self.items) == tuple(EXAMPLE_PRIORITIES)
        story = f"<p>{html.escape(EXAMPLE_STORY)}</p>" if is_example else ""
        heading = (
            f"{html.escape(EXAMPLE_NAME)}: priorities for next year" if is_example
            else "Your priorities"
        )
        listing = "".join(
            f"<li><strong>{LETTERS[i]}.</strong> {html.escape(item)}</li>"
            for i, item in enumerate(self.items)
        )
        self.items_html.value = (
            f"<h4>{heading}</h4>{story}"
            f"<ul class='aligned-priorities' aria-label='Priorities to rank'>{listing}</ul>"
        )

    def _reset_result(self) -> None:
        self.rankings, self.result, self.disagreement, self.feedback = None, None, None, ""
        self.result_box.children = ()

    # -- handlers: a learner never sees a traceback ---------------------------------------

    def show_problems(self, error: RankingInputError) -> None:
        self._show_problems(self.problems_intro, error.problems)

    @handler("comparing the rankings")
    def check(self, _button=None) -> None:
        self._check()

    def _show_problems(self, text: str, problems) -> None:
        self.problems = list(problems)
        self._reset_result()
        self.messages.value = message_html("error", text, self.problems)

    def _check(self, prefix: str = "") -> None:
        frame, problems = core.parse_team(self.entries(), self.items)
        if problems:
            self._show_problems("Almost there. Please fix these, then check again:", problems)
            return
        result = core.concordance(frame)
        disagreement = core.item_disagreement(frame)
        chart = charts.rank_spread_chart(frame, "How the team ranked each priority")
        self.show_chart(chart)
        self.problems = []
        self.rankings, self.result, self.disagreement = frame, result, disagreement
        paragraphs = core.interpret(result, disagreement)
        self.feedback = " ".join([core.describe_check(result, disagreement), *paragraphs])
        self.result_box.children = [
            w.HTML(self._headline_html(result, paragraphs)),
            self.chart_widget,
            w.HTML(self._details_html(frame, result, disagreement)),
        ]
        self.messages.value = message_html(
            "ok",
            f"{prefix}Checked {result.raters} rankings of {result.items} priorities: "
            f"W = {result.w:.2f}, {result.band.label}.",
        )

    @handler("loading the example team")
    def load_example(self, _button=None) -> None:
        if tuple(self.items) != tuple(EXAMPLE_PRIORITIES):
            self.items = list(EXAMPLE_PRIORITIES)
            self.items_input.value = "\n".join(self.items)
            self._show_items()
        self.set_entries(EXAMPLE_TEAM)
        self._check(f"Example loaded: {EXAMPLE_NAME}' management team. ")

    @handler("clearing the rankings")
    def clear(self, _button=None) -> None:
        self.set_entries([])
        self.problems = []
        self._reset_result()
        self.messages.value = message_html("ok", "The names and rankings are cleared.")

    @handler("changing the priorities")
    def use_items(self, _button=None) -> None:
        items, problems = core.parse_items(self.items_input.value)
        if problems:
            self.problems = problems
            self.messages.value = message_html(
                "error", "The list needs a change before it can be ranked:", problems
            )
            return
        self.items = items
        self._show_items()
        for ranking in self.ranking_inputs:
            ranking.value = ""
        self.problems = []
        self._reset_result()
        self.messages.value = message_html(
            "ok",
            f"Now ranking your {len(items)} priorities, lettered A to {LETTERS[len(items) - 1]}. "
            "The rankings typed before were cleared; the names are kept.",
        )

    # -- display --------------------------------------------------------------------------

    @staticmethod
    def _headline_html(result: core.Concordance, paragraphs) -> str:
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return (
            '<div class="aligned-summary">'
            f"<h3>Kendall's W = {result.w:.2f}: {html.escape(result.band.label)}</h3>"
            f"<p>{result.raters} people ranked {result.items} priorities. W runs from 0 "
            "(the rankings are no more alike than random orders) to 1 (everyone gave the same "
            "order).</p>"
            f"{text}"
            "<h4>Is it more than chance?</h4>"
            f"<p>{html.escape(core.significance_note(result))}</p>"
            "</div>"
        )

    @staticmethod
    def _details_html(frame, result: core.Concordance, disagreement) -> str:
        rows = [
            [row["item"], core.format_ranks(row["ranks"]), Cell(f"{row['mean_rank']:.1f}", "aligned-number"),
             Cell(f"{row['sd']:.1f}", "aligned-number"),
             f"{core.people_text(row['top_by'], result.raters)} ({format_rank(row['best'])})",
             f"{core.people_text(row['bottom_by'], result.raters)} ({format_rank(row['worst'])})"]
            for _, row in disagreement.iterrows()
        ]
        table = templating.table(
            "Where the team disagrees, most disagreement first",
            ["Priority", "Ranks given", "Average rank", "SD", "Highest place from", "Lowest place from"],
            rows, css_class="aligned-table aligned-disagreement")
        order = "".join(
            "<li>"
            + html.escape(" and ".join(items))
            + (" (shared place)" if len(items) > 1 else "")
            + f": average rank {mean:.1f}</li>"
            for mean, items in core.consensus_order(frame)
        )
        description = core.describe_disagreement(disagreement, result.raters)
        return (
            '<div class="aligned-summary">'
            f"{chart_text(description)}"
            f"{table}"
            "<h4>The team's order, by average rank</h4>"
            f"<ol class='aligned-consensus'>{order}</ol>"
            "<p class='aligned-caveat'>An average order is a summary, not a decision: an item "
            "in the middle can be there because everyone finds it middling, or because half "
            "the team puts it first and the other half last. Read the table above before the "
            "average.</p>"
            "</div>"
        )
