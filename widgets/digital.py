"""The digital dynamic alignment assessment as an ipywidget: six ratings, a sector, the map.

All validation, peer comparison, leverage rules and wording come from
`widgets.core.digital`; this module only wires the dropdowns to it and formats the answers
as HTML. The state a live session would need is plain data: `response()`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import digital
from widgets.core.digital import (
    DIMENSIONS,
    GUIDE,
    LABELS,
    LEVERAGE_RULE,
    MEDIAN_REASON,
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    format_gap,
    format_score,
)
from widgets.core.lazy import lazy_module
from widgets.data import load
from widgets.templating import Cell
from widgets.ui import message_html

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")

NOT_RATED = 0  # the placeholder option's value; core sees it as None (missing)
NO_SECTOR = ""

# Whole points carry the scale's words; half points sit between two anchors.
RATING_OPTIONS = [("Choose a rating", NOT_RATED)] + [
    (f"{format_score(v)} · {SCALE[int(v)]}" if float(v).is_integer()
     else f"{format_score(v)} · between {SCALE[int(v)].lower()} and {SCALE[int(v) + 1].lower()}",
     int(v) if float(v).is_integer() else v)
    for v in [SCALE_MIN + step / 2 for step in range(2 * (SCALE_MAX - SCALE_MIN) + 1)]
]


def rating_label(dimension: str) -> str:
    """The visible label of a rating dropdown, e.g. "Strategy rating"."""
    return f"{LABELS[dimension]} rating"


SECTOR_LABEL = "Your sector"


def _scale_html() -> str:
    items = "".join(
        f"<li><strong>{n}</strong>: {html.escape(SCALE[n])}</li>"
        for n in range(SCALE_MIN, SCALE_MAX + 1)
    )
    return (
        "<h3>1. Rate your firm on the six dimensions</h3>"
        "<p>Rate the firm as it works today, not as the plan says. Half points are fine "
        "when you sit between two descriptions. The same scale applies to all six:</p>"
        f'<ol class="aligned-scale" aria-label="The rating scale">{items}</ol>'
    )


class DigitalAlignmentAssessment(Activity):
    """Rate six dimensions, compare with peers, and see the one or two moves with most leverage."""

    kept = "Your ratings are kept"

    def __init__(self, frame: pd.DataFrame | None = None, **kwargs):
        self.frame = load("digital_alignment") if frame is None else frame
        self.rating_inputs: dict[str, w.Dropdown] = {}
        self.problems: list[str] = []
        self.report: dict | None = None
        self.feedback: str = ""
        self.moves: list[str] = []

        blocks = [self._rating_block(d) for d in DIMENSIONS]
        self.sector_input = w.Dropdown(
            options=[("Choose your sector", NO_SECTOR), *digital.sector_options(self.frame)],
            value=NO_SECTOR,
            description=SECTOR_LABEL,
            tooltip="The sector of the case firms you are compared with",
            style={"description_width": "8rem"},
            layout=w.Layout(width="26rem"),
        )
        self.show_button = self.button(
            "Compare with peers", "Check the ratings, compare them with the case firms and suggest moves", "bar-chart",
            self.show_results, primary=True)
        super().__init__(
            [
                w.HTML(_scale_html()),
                *blocks,
                w.HTML(
                    "<h3>2. Choose your sector</h3><p>You are compared with the case firms "
                    f"of your sector if the data holds at least {digital.MIN_PEERS} of them, "
                    "otherwise with all of them (the result says which).</p>"
                ),
                self.sector_input,
                w.HTML("<h3>3. See where you stand</h3>"),
                w.HBox([self.show_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-digital")  # scopes its rules in aligned.css

    # -- building -------------------------------------------------------------------------

    def _rating_block(self, dimension: str) -> w.VBox:
        guide = GUIDE[dimension]
        box = w.Dropdown(
            options=RATING_OPTIONS,
            value=NOT_RATED,
            description=rating_label(dimension),
            tooltip=f"{guide.label}: {SCALE_MIN} to {SCALE_MAX}",
            style={"description_width": "9rem"},
            layout=w.Layout(width="30rem"),
        )
        self.rating_inputs[dimension] = box
        return w.VBox(
            [
                w.HTML(
                    f"<h4>{html.escape(guide.label)}</h4><p>{html.escape(guide.question)}</p>"
                    f'<p class="aligned-anchor">1 looks like: {html.escape(guide.low)}</p>'
                    f'<p class="aligned-anchor">5 looks like: {html.escape(guide.high)}</p>'
                ),
                box,
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-dimension")

    # -- state ----------------------------------------------------------------------------

    def ratings(self) -> dict[str, int | float | None]:
        """The ratings in the core's format; an unanswered dropdown gives None."""
        return {
            d: (None if box.value == NOT_RATED else box.value)
            for d, box in self.rating_inputs.items()
        }

    @property
    def sector(self) -> str | None:
        return self.sector_input.value or None

    def response(self) -> dict:
        """Everything the learner entered, as plain data."""
        return {"ratings": self.ratings(), "sector": self.sector}

    def set_ratings(self, ratings) -> None:
        """Fill the dropdowns, e.g. from a case firm; a missing rating leaves its box empty.

        A rating the dropdowns cannot show (not a whole or half point from 1 to 5) raises
        ValueError.
        """
        allowed = {value for _, value in RATING_OPTIONS if value != NOT_RATED}
        for d, box in self.rating_inputs.items():
            value = (ratings or {}).get(d)
            if value is not None and (isinstance(value, bool) or value not in allowed):
                raise ValueError(
                    f"{rating_label(d)}: {value!r} is not one of the ratings {SCALE_MIN} to "
                    f"{SCALE_MAX} in half points."
                )
            box.value = NOT_RATED if value is None else next(v for v in allowed if v == value)

    # -- results --------------------------------------------------------------------------

    def _clear(self) -> None:
        self.report, self.feedback, self.moves = None, "", []
        self.result.children = ()

    @handler("comparing your ratings")
    def show_results(self, _button=None) -> None:
        ratings = self.ratings()
        self.problems = digital.validate(ratings)
        if self.problems:
            self._clear()
            self.messages.value = message_html(
                "error",
                "Almost there. Please fix these before the comparison can be drawn:",
                self.problems,
            )
            return
        self.report = digital.assess(ratings, self.frame, self.sector)
        self.feedback = self.report["summary"]
        self.moves = [m["dimension"] for m in self.report["moves"]]
        names = digital.join_words([m["label"] for m in self.report["moves"]])
        plural = "s" if len(self.moves) > 1 else ""
        self.messages.value = message_html(
            "ok",
            f"Your comparison is ready. Highest-leverage move{plural}: {names}.",
            [self.report["peers"]["note"]],
        )
        chart = charts.digital_profile_chart(self.report, "Your six dimensions against the peers")
        self.result.children = [self.show_chart(chart), w.HTML(self._summary_html())]

    def _gap_table_html(self) -> str:
        report = self.report
        peers = report["peers"]
        rows = [
            [g["label"], format_score(g["you"]), format_score(g["peer_median"]),
             f"{format_score(peers['low'][g['dimension']])} to "
             f"{format_score(peers['high'][g['dimension']])}",
             format_gap(g["gap"]), Cell(g["status"], "aligned-words")]
            for g in report["gaps"]
        ]
        group = "your sector's firms" if peers["scope"] == "sector" else "all case firms"
        return templating.table(
            f"You against the peer median ({peers['count']} firms: {group})",
            ["Dimension", "You", "Peer median", "Peer range", "Gap", Cell("Status", "aligned-words")],
            rows,
        )

    def _leverage_table_html(self) -> str:
        rows = [
            [r["label"], format_score(r["below_own"]), format_score(r["below_peers"]),
             format_score(r["holds_back"]), format_score(r["score"]),
             Cell("a move" if r["dimension"] in self.moves
                  else "waits for " + digital.join_words([LABELS[p] for p in r["waits_for"]])
                  if r["candidate"] and r["waits_for"]
                  else "candidate" if r["candidate"]
                  else "not a candidate (at or above the peers, not your lowest)", "aligned-words")]
            for r in self.report["leverage"]
        ]
        return templating.table(
            "Leverage, part by part",
            ["Dimension", "Below your strongest", "Below peers", "Behind what relies on it", "Leverage",
             Cell("Role", "aligned-words")],
            rows,
        )

    def _summary_html(self) -> str:
        report = self.report
        profile = report["balance"]
        moves = "".join(
            f"<li><strong>{html.escape(m['label'])}</strong> (rated {format_score(m['rating'])})"
            f"<p>{html.escape(m['reason'])}</p>"
            f"<p><strong>First step:</strong> {html.escape(m['first_step'])}</p></li>"
            for m in report["moves"]
        )
        extra = "".join(f"<p>{html.escape(x['reason'])}</p>" for x in report["waiting"])
        if report["one_move_reason"]:
            extra += f"<p>{html.escape(report['one_move_reason'])}</p>"
        return (
            '<div class="aligned-summary">'
            "<h4>Your peers</h4>"
            f"<p>{html.escape(report['peers']['note'])} {html.escape(report['gap_text'])}</p>"
            f"<details><summary>Why the median?</summary><p>{html.escape(MEDIAN_REASON)}</p>"
            "</details>"
            f"{self._gap_table_html()}"
            "<h4>Balance: do the dimensions move together?</h4>"
            f"<p>{html.escape(profile['text'])} {html.escape(profile['link_text'])}</p>"
            "<h4>Your highest-leverage moves</h4>"
            f'<ol class="aligned-moves">{moves}</ol>{extra}'
            "<details><summary>How the moves are chosen, and how to disagree</summary>"
            f"<p>{html.escape(LEVERAGE_RULE)}</p>{self._leverage_table_html()}"
            "<p>The rule is a starting point for a conversation. Disagree with it when you "
            "know something it cannot: a dimension that is about to change anyway, a "
            "customer or regulator forcing a move, or a peer group that is not like you.</p>"
            "</details>"
            f"{chart_text(report['description'])}"
            '<p class="aligned-caveat">Your ratings are one person\'s view on one day, and '
            "the peers are twelve fictional firms. Ask two colleagues to rate the same six "
            "dimensions and compare before you act.</p>"
            "</div>"
        )
