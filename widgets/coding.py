"""Qualitative coding as an ipywidget: tag survey comments with traits, then compare.

The learner reads Brannock Kitchenworks' survey comments one at a time (a sample of 12, or
all of them), ticks the cultural traits each one speaks to, or None/other, and checks the
coding against the kit's reference coding: percent agreement and Cohen's kappa per tag, the
comments where the two differ with the reference's rationale, and the themes by team with
small teams hidden. Codebook, reference, agreement and anonymity all come from
`widgets.core.coding`; this module only wires inputs to it and formats HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler
from widgets.core import coding as core
from widgets.core.coding import (
    CODEBOOK,
    DEFAULT_SAMPLE,
    NONE,
    SAMPLES,
    TAG_LABELS,
    TAGS,
    CodingInputError,
)
from widgets.data import load
from widgets.templating import Cell
from widgets.ui import message_html

CHECK = "Check agreement"
LOAD = "Load these comments"


INTRO = (
    "<h3>Code the survey comments</h3>"
    "<p>Read each comment and tick every trait it speaks to: adaptability, transparency, "
    "accountability, continuous improvement. If it touches none of them, tick "
    "<strong>None/other</strong> (alone). Work from the codebook, not from what you already "
    "know about the teams: the team is hidden while you code. When every comment has a tag, "
    "press <strong>Check agreement</strong> to compare your coding with a reference "
    "coder's.</p>"
)


def _codebook_html() -> str:
    head = ["Tag", "Meaning", "Look for", "Not this", "Example (not from the survey)"]
    rows = [[_words(e.label), _words(e.definition), _words(e.look_for), _words(e.not_this), _words(e.example)]
            for e in CODEBOOK.values()]
    return (
        "<details><summary>The codebook (open it before you start)</summary>"
        + templating.table("Codebook", [_words(h) for h in head], rows)
        + "</details>"
    )


def _words(text: str) -> Cell:
    """A cell (or head) of words: left-aligned and on top (aligned.css, under aligned-coding)."""
    return Cell(text, "aligned-text")


class QualitativeCoding(Activity):
    """Tag comments with traits, then see agreement with the reference and themes by team."""

    kept = "Your tags are kept"
    problems_intro = "Not yet:"
    result_kind = w.HTML

    def __init__(self, survey=None, sample: str = DEFAULT_SAMPLE, **kwargs):
        self.survey = load("engagement_survey") if survey is None else survey
        self.all_comments = core.survey_comments(self.survey)
        self.sample = self.all_comments.iloc[0:0]
        self.sample_key = sample
        self.tags: dict[str, frozenset[str]] = {}
        self.position = 0
        self.comparison: core.CodingComparison | None = None
        self.themes = None
        self.problems: list[str] = []
        self._syncing = False

        self.sample_input = w.Dropdown(
            options=[(self._sample_label(s), key) for key, s in SAMPLES.items()],
            value=sample,
            description="Comments to code",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="0 1rem 0 0"),
        )
        self.load_button = self.button(
            LOAD, "Start coding the comments chosen on the left; clears your tags", "list", self.load)
        self.card = w.HTML(layout=w.Layout(width="100%"))
        self.boxes = {
            tag: w.Checkbox(value=False, description=TAG_LABELS[tag], indent=False,
                            layout=w.Layout(width="auto", margin="0 1.2rem 0 0"))
            for tag in TAGS
        }
        for tag, box in self.boxes.items():
            box.observe(lambda change, t=tag: self._ticked(t, change["new"]), "value")
        self.previous_button = self.button("Previous comment", "Go back one comment", "arrow-left", self.show_previous)
        self.next_button = self.button("Next comment", "Go on to the next comment", "arrow-right", self.show_next)
        self.check_button = self.button(
            CHECK, "Compare your tags with the reference coding", "check", self.check, primary=True)
        super().__init__(
            [
                w.HTML(INTRO),
                w.HTML(_codebook_html()),
                w.HBox([self.sample_input, self.load_button], layout=w.Layout(flex_flow="row wrap")),
                self.card,
                w.HTML("<p><strong>Tags for this comment</strong> (tick all that apply)</p>"),
                w.HBox(list(self.boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.previous_button, self.next_button, self.check_button],
                       layout=w.Layout(flex_flow="row wrap")),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-coding")  # scopes its rules in aligned.css
        self.load_sample(sample, announce=False)

    def _sample_label(self, sample: core.Sample) -> str:
        if sample.size is None:
            return f"All {len(self.all_comments)} comments"
        return sample.label

    # -- public actions (also used by tests) ------------------------------------------------

    def load_sample(self, key: str, announce: bool = True) -> None:
        """Start coding a sample (a key of SAMPLES); clears the tags and the results."""
        self.sample = core.sample_for(self.all_comments, key)
        self.sample_key = key
        self.tags = {}
        self.comparison = None
        self.themes = None
        self.problems = []
        self.result.value = ""
        self.messages.value = (
            message_html("ok", f"{len(self.sample)} comments loaded. Your earlier tags were "
                               "cleared; start with comment 1.")
            if announce else ""
        )
        self.go_to(0)

    def go_to(self, position: int) -> None:
        """Show the comment at `position` (0-based), clamped to the sample."""
        self.position = max(0, min(int(position), len(self.sample) - 1))
        self._show_current()

    def set_tags(self, position: int, tags) -> None:
        """Tag the comment at `position` (0-based) with tag keys or labels."""
        rid = self.sample["respondent_id"].iloc[position]
        self.tags[rid] = core.normalize_tags(tags)
        if position == self.position:
            self._show_current()

    @property
    def coded(self) -> int:
        return sum(1 for rid in self.sample["respondent_id"] if self.tags.get(rid))

    # -- handlers: a learner never sees a traceback ----------------------------------------

    @handler("loading the comments")
    def load(self, _button=None) -> None:
        self.load_sample(self.sample_input.value)

    @handler("moving back")
    def show_previous(self, _button=None) -> None:
        self.go_to(self.position - 1)

    @handler("moving on")
    def show_next(self, _button=None) -> None:
        self.go_to(self.position + 1)

    @handler("checking your coding")
    def check(self, _button=None) -> None:
        try:
            self.comparison = core.compare_with_reference(self.sample, self.tags)
        except CodingInputError:
            self.comparison = None
            self.themes = None
            self.result.value = ""
            raise
        self.themes = core.themes_by_team(self.survey, self.sample, self.tags)
        self.problems = []
        self.messages.value = message_html(
            "ok",
            f"Compared your coding of {self.comparison.comments} comments with the reference "
            "coding.",
        )
        self.result.value = self._result_html()

    def _ticked(self, tag: str, value: bool) -> None:
        if self._syncing or self.sample.empty:
            return
        if value:  # None/other and the traits exclude each other
            self._syncing = True
            try:
                for other, box in self.boxes.items():
                    if (tag == NONE) != (other == NONE):
                        box.value = False
            finally:
                self._syncing = False
        rid = self.sample["respondent_id"].iloc[self.position]
        self.tags[rid] = frozenset(t for t, box in self.boxes.items() if box.value)
        self._show_card()

    # -- display ---------------------------------------------------------------------------

    def _show_current(self) -> None:
        if self.sample.empty:
            self.card.value = "<p>There are no comments to code.</p>"
            return
        rid = self.sample["respondent_id"].iloc[self.position]
        current = self.tags.get(rid, frozenset())
        self._syncing = True
        try:
            for tag, box in self.boxes.items():
                box.value = tag in current
        finally:
            self._syncing = False
        self.previous_button.disabled = self.position == 0
        self.next_button.disabled = self.position >= len(self.sample) - 1
        self._show_card()

    def _show_card(self) -> None:
        text = self.sample["comment"].iloc[self.position]
        rid = self.sample["respondent_id"].iloc[self.position]
        mine = self.tags.get(rid, frozenset())
        self.card.value = (
            '<div class="aligned-comment">'
            f'<p class="aligned-progress"><strong>Comment {self.position + 1} of '
            f"{len(self.sample)}</strong> · {self.coded} of {len(self.sample)} tagged</p>"
            f"<blockquote>{html.escape(text)}</blockquote>"
            f"<p>Your tags: {html.escape(core.tags_text(mine)) if mine else 'none yet'}</p>"
            "</div>"
        )

    def _result_html(self) -> str:
        comparison = self.comparison
        summary = "".join(f"<p>{html.escape(line)}</p>" for line in core.agreement_summary(comparison))
        rows = [
            [t.label, t.first_count, t.second_count, f"{round(t.percent):.0f} %",
             "n/a" if t.kappa is None else f"{t.kappa:.2f}", _words(t.reading)]
            for t in comparison.by_tag
        ]
        agreement = (
            templating.table("Agreement with the reference, tag by tag",
                             ["Tag", "You tagged", "Reference tagged", "Percent agreement", "Cohen's kappa",
                              _words("Reading")], rows)
            + "<p class='aligned-caveat'>Percent agreement counts the comments where you and the "
            "reference made the same call for a tag (both ticked it, or both did not). Kappa "
            "takes away the agreement two coders would reach by chance at their own rates: 1 "
            "is perfect, 0 is no better than chance. The readings are the Landis and Koch "
            "(1977) labels, a convention rather than a law.</p>"
        )
        if comparison.disagreements:
            items = [
                [d.position, _words(d.comment), _words(core.tags_text(d.yours)),
                 _words(core.tags_text(d.reference)), _words(d.rationale)]
                for d in comparison.disagreements
            ]
            differences = (
                f"<h4>Where you differ ({len(comparison.disagreements)})</h4>"
                + templating.table("Comments coded differently",
                                   ["#", *map(_words, ("Comment", "Your tags", "Reference", "Reference's reason"))],
                                   items, row_headers=False)
            )
        else:
            differences = "<h4>Where you differ</h4><p>Nowhere: every comment matches.</p>"
        return (
            '<div class="aligned-summary">'
            f"<h4>Agreement</h4>{summary}{agreement}{differences}"
            f"<h4>Themes by team (your coding)</h4>{self._themes_html()}"
            "</div>"
        )

    def _themes_html(self) -> str:
        themes = self.themes
        head = ["Team", "Respondents", "Comments coded", *(TAG_LABELS[t] for t in TAGS)]
        rows = [
            [str(row["team"]), Cell(f"hidden: {row['suppressed_because']}", "aligned-text aligned-hidden",
                                    colspan=2 + len(TAGS))]
            if row["suppressed"] else
            [str(row["team"]), *(int(row[c]) for c in ("respondents", "coded_comments", *TAGS))]
            for row in themes.to_dict("records")
        ]
        minimum = themes.attrs["suppression"]["min_size"]
        return (
            templating.table("Coded comments per tag and team", head, rows)
            + f"<p>{html.escape(core.describe_themes(themes))}</p>"
            f"<p class='aligned-caveat'>Teams with fewer than {minimum} survey respondents are "
            "hidden, and a sibling team with them when needed, so that no small team can be "
            "worked out from the others. A count says how often a theme came up in the "
            "comments you coded, not how many people feel it: people who write comments are "
            "not a random sample.</p>"
        )
