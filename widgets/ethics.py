"""The ethical decision canvas as an ipywidget: score a dilemma's options, see the trade-offs.

Every rule, number and sentence comes from `widgets.core.ethics`; this module only wires the
inputs to it and formats the answers as HTML. The canvas never picks an option: it shows the
trade-off matrix, three readings of it, and which options break a stated value.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, chart_text, handler
from widgets.core import ethics
from widgets.core.ethics import (
    DILEMMAS,
    SCORE_LABELS,
    SCORES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Analysis,
    Dilemma,
    format_score,
    salience_label,
    score_label,
)
from widgets.templating import Cell
from widgets.ui import message_html

NOT_SCORED = ""  # the placeholder option's value; core sees it as None (missing)
SCORE_OPTIONS = [("Not scored yet", NOT_SCORED)] + [(score_label(s), s) for s in SCORES]
WEIGHT_OPTIONS = [(salience_label(n), n) for n in range(WEIGHT_MIN, WEIGHT_MAX + 1)]


def option_fallback(index: int) -> str:
    return f"Option {index}"


def group_fallback(index: int) -> str:
    return f"Group {index}"


def score_description(option_name: str, group_name: str) -> str:
    """The visible label of a score dropdown, e.g. "Automate and cut: Customers"."""
    return f"{option_name}: {group_name}"


def judgement_description(option_name: str, value_name: str) -> str:
    """The visible label of a value-check box, e.g. "Automate and cut breaks “...”"."""
    return f"{option_name} breaks “{value_name}”"


def salience_description(group_name: str) -> str:
    return f"Salience of {group_name}"


def rule_description(value_name: str) -> str:
    return f"Rule for “{value_name}”"


class EthicalDecisionCanvas(Activity):
    """Name the options and groups, score each cell, check the values, see the trade-offs."""

    kept = "Your entries are kept"
    plan_needs = "Press “Show the trade-offs” first: then the canvas can go into your plan."

    def __init__(self, dilemma: str = ethics.BRANNOCK.key, **kwargs):
        self.base: Dilemma = DILEMMAS[dilemma]
        self.option_inputs: dict[str, w.Text] = {}
        self.group_inputs: dict[str, w.Text] = {}
        self.weight_inputs: dict[str, w.Dropdown] = {}
        self.score_inputs: dict[str, dict[str, w.Dropdown]] = {}
        self.rule_inputs: dict[str, w.Text] = {}
        self.judgement_inputs: dict[str, dict[str, w.Checkbox]] = {}
        self.option_headings: dict[str, w.HTML] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.flags: list[str] = []
        self.feedback: str = ""
        self.analysis: Analysis | None = None

        self.dilemma_input = w.Dropdown(
            options=[(d.title, d.key) for d in DILEMMAS.values()],
            value=self.base.key,
            description="Dilemma",
            tooltip="Choose a built-in dilemma or your own; switching clears your scores",
            style={"description_width": "6rem"},
            layout=w.Layout(width="36rem"),
        )
        self.dilemma_input.observe(self._on_dilemma, "value")
        self.form = w.VBox(layout=w.Layout(width="100%"))
        self.example_button = self.button(
            "Fill in the example scores", "Start from the worked example's scores and value checks, then change them",
            "pencil", self.fill_example)
        self.decision_input = w.Textarea(
            value="",
            description="My decision and why (optional, for my plan)",
            placeholder="e.g. Automate and redeploy: no one loses their job, and customers get fewer errors",
            tooltip="The canvas never decides: write your decision here before adding the canvas to your plan",
            continuous_update=False,
            style={"description_width": "17rem"},
            layout=w.Layout(width="100%"),
        )
        self.show_button = self.button(
            "Show the trade-offs", "Check the canvas and show the matrix, the value checks and the readings",
            "balance-scale", self.show_trade_offs, primary=True)
        super().__init__(
            [
                w.HTML(
                    "<p>Choose a dilemma, then work through the four steps. Nothing you "
                    "enter is stored or sent anywhere, unless you press <strong>Add to my "
                    "plan</strong>: that keeps it on this computer only.</p>"
                ),
                self.dilemma_input,
                self.form,
                w.HTML("<h3>4. See the trade-offs</h3>"),
                w.HBox([self.example_button, self.show_button]).add_class("aligned-row"),
                self.messages,
                self.result,
                self.decision_input,
                self.plan_controls,
            ],
            **kwargs,
        )
        self.add_class("aligned-canvas")
        self._build_form()

    # -- building ---------------------------------------------------------------------

    @handler("switching the dilemma", kept="Nothing was lost")
    def _on_dilemma(self, change) -> None:
        self.set_dilemma(change["new"])

    def set_dilemma(self, key: str) -> None:
        """Show another dilemma; its names come back and every score starts empty."""
        self.base = DILEMMAS[key]
        if self.dilemma_input.value != key:
            self.dilemma_input.value = key  # calls back here; the form is built once
            return
        self._build_form()
        self.messages.value = ""
        self.result.children = ()
        self.analysis, self.problems, self.notes, self.flags, self.feedback = None, [], [], [], ""

    def _build_form(self) -> None:
        base = self.base
        self.option_inputs, self.group_inputs, self.weight_inputs = {}, {}, {}
        self.score_inputs, self.rule_inputs, self.judgement_inputs = {}, {}, {}
        self.option_headings = {}
        story = (
            f"<h3>{html.escape(base.title)}</h3><p>{html.escape(base.story)}</p>"
            f"<p><strong>The question:</strong> {html.escape(base.question)}</p>"
        )
        self.form.children = [
            w.HTML(story),
            self._names_section(),
            self._scores_section(),
            self._values_section(),
        ]
        has_example = base.example_scores is not None
        self.example_button.disabled = not has_example
        self.example_button.tooltip = (
            "Start from the worked example's scores and value checks, then change them"
            if has_example
            else "Your own dilemma has no example scores"
        )
        for box in (*self.option_inputs.values(), *self.group_inputs.values(),
                    *self.rule_inputs.values()):
            box.observe(lambda _change: self._relabel(), "value")
        self._relabel()

    @staticmethod
    def _text(
        description: str,
        value: str,
        placeholder: str,
        tooltip: str,
        label_width: str = "7rem",
        width: str = "30rem",
    ) -> w.Text:
        return w.Text(
            value=value,
            description=description,
            placeholder=placeholder,
            tooltip=tooltip,
            continuous_update=False,
            style={"description_width": label_width},
            layout=w.Layout(width=width),
        )

    def _names_section(self) -> w.VBox:
        rows = [
            w.HTML(
                "<h3>1. Options and stakeholder groups</h3>"
                '<p class="aligned-hint">Rename any of them to fit your case. Leave a name '
                "empty to leave that option or group out. Keep “keep things as they are” "
                "among the options: it has costs too.</p><h4>Options</h4>"
            )
        ]
        for index, option in enumerate(self.base.options, start=1):
            box = self._text(
                option_fallback(index),
                option.name,
                "Name an option, e.g. Keep things as they are",
                f"The name of option {index}",
            )
            self.option_inputs[option.key] = box
            parts = [box]
            if option.description:
                parts.append(
                    w.HTML(f'<p class="aligned-hint">{html.escape(option.description)}</p>')
                )
            rows.append(w.VBox(parts))
        rows.append(
            w.HTML(
                "<h4>Stakeholder groups and their salience</h4>"
                '<p class="aligned-hint">Salience counts how many of three attributes a group '
                "holds for management: <strong>power</strong> (it can make the firm do "
                "something), <strong>legitimacy</strong> (its claim is accepted as proper), "
                "<strong>urgency</strong> (its claim cannot wait). It is used only for the "
                "weighted sum.</p>"
            )
        )
        for index, group in enumerate(self.base.stakeholders, start=1):
            name = self._text(
                group_fallback(index),
                group.name,
                "Name a group, e.g. Suppliers",
                f"The name of stakeholder group {index}",
                width="24rem",
            )
            weight = w.Dropdown(
                options=WEIGHT_OPTIONS,
                value=group.salience,
                description=salience_description(group.name or group_fallback(index)),
                tooltip="How many of power, legitimacy and urgency this group holds",
                style={"description_width": "15rem"},
                layout=w.Layout(width="32rem"),
            )
            self.group_inputs[group.key] = name
            self.weight_inputs[group.key] = weight
            rows.append(w.HBox([name, weight]).add_class("aligned-row"))
        return w.VBox(rows, layout=w.Layout(width="100%")).add_class("aligned-dimension")

    def _scores_section(self) -> w.VBox:
        scale = "".join(
            f"<li><strong>{html.escape(format_score(s))}</strong> {html.escape(SCORE_LABELS[s])}"
            "</li>"
            for s in SCORES
        )
        blocks = [
            w.HTML(
                "<h3>2. Score each option's effect on each group</h3>"
                '<p class="aligned-hint">Compare each option with today. Score what the '
                "option does to the group, as that group would see it, not what you hope it "
                f'will feel.</p><ul class="aligned-hint" aria-label="The scoring scale">{scale}'
                "</ul>"
            )
        ]
        for option in self.base.options:
            heading = w.HTML()
            self.option_headings[option.key] = heading
            boxes = {}
            for group in self.base.stakeholders:
                boxes[group.key] = w.Dropdown(
                    options=SCORE_OPTIONS,
                    value=NOT_SCORED,
                    tooltip="From -3 (serious harm) to +3 (major benefit)",
                    style={"description_width": "16rem"},
                    layout=w.Layout(width="28rem"),
                )
            self.score_inputs[option.key] = boxes
            blocks.append(
                w.VBox(
                    [heading, w.HBox(list(boxes.values())).add_class("aligned-row")],
                    layout=w.Layout(width="100%"),
                ).add_class("aligned-dimension")
            )
        return w.VBox(blocks, layout=w.Layout(width="100%"))

    def _values_section(self) -> w.VBox:
        blocks = [
            w.HTML(
                "<h3>3. Check the options against your values</h3>"
                '<p class="aligned-hint">A value is only useful if you can say what it rules '
                "out. Some rules need your judgement: tick every option that breaks them. "
                "Others are checked from your scores.</p>"
            )
        ]
        for value in self.base.values:
            parts = [w.HTML(f"<h4>{html.escape(value.name)}</h4>")]
            if value.is_judgement:
                rule = self._text(
                    rule_description(value.name),
                    value.rule,
                    "The rule this value implies, e.g. No one learns of a change from a rumor",
                    f"What “{value.name}” rules out; leave it empty to leave the value out",
                    label_width="14rem",
                    width="100%",
                )
                self.rule_inputs[value.key] = rule
                checks = {
                    option.key: w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"))
                    for option in self.base.options
                }
                self.judgement_inputs[value.key] = checks
                parts += [rule, w.HBox(list(checks.values())).add_class("aligned-row")]
            else:
                parts.append(
                    w.HTML(
                        '<p class="aligned-hint">Checked from your scores: '
                        f"{html.escape(value.rule)}.</p>"
                    )
                )
            blocks.append(w.VBox(parts, layout=w.Layout(width="100%")).add_class("aligned-dimension"))
        return w.VBox(blocks, layout=w.Layout(width="100%"))

    def _display_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """The names to show: what the learner typed, or "Option 2" when it is empty."""
        options = {
            key: ethics.clean_name(box.value) or option_fallback(i)
            for i, (key, box) in enumerate(self.option_inputs.items(), start=1)
        }
        groups = {
            key: ethics.clean_name(box.value) or group_fallback(i)
            for i, (key, box) in enumerate(self.group_inputs.items(), start=1)
        }
        return options, groups

    def _relabel(self) -> None:
        options, groups = self._display_names()
        for key, heading in self.option_headings.items():
            heading.value = f"<h4>{html.escape(options[key])}</h4>"
        for option, boxes in self.score_inputs.items():
            for group, box in boxes.items():
                box.description = score_description(options[option], groups[group])
        for group, box in self.weight_inputs.items():
            box.description = salience_description(groups[group])
        values = {v.key: v for v in self.base.values}
        for value, checks in self.judgement_inputs.items():
            for option, box in checks.items():
                box.description = judgement_description(options[option], values[value].name)

    # -- state ------------------------------------------------------------------------

    def option_names(self) -> dict[str, str]:
        return {key: box.value for key, box in self.option_inputs.items()}

    def stakeholder_names(self) -> dict[str, str]:
        return {key: box.value for key, box in self.group_inputs.items()}

    def value_rules(self) -> dict[str, str]:
        return {key: box.value for key, box in self.rule_inputs.items()}

    def scores(self) -> dict[str, dict[str, int | None]]:
        """Every score in the core's format; an unscored dropdown gives None."""
        return {
            option: {g: (None if b.value == NOT_SCORED else b.value) for g, b in boxes.items()}
            for option, boxes in self.score_inputs.items()
        }

    def weights(self) -> dict[str, int]:
        return {key: box.value for key, box in self.weight_inputs.items()}

    def judgements(self) -> dict[str, list[str]]:
        """For each judgement value, the options ticked as breaking it."""
        return {
            value: [option for option, box in checks.items() if box.value]
            for value, checks in self.judgement_inputs.items()
        }

    def response(self) -> dict:
        """Everything the learner entered, as plain data."""
        return {
            "dilemma": self.base.key,
            "option_names": self.option_names(),
            "stakeholder_names": self.stakeholder_names(),
            "value_rules": self.value_rules(),
            "weights": self.weights(),
            "scores": self.scores(),
            "judgements": self.judgements(),
        }

    def set_scores(self, scores) -> None:
        """Fill the score dropdowns; a missing score leaves its dropdown unscored.

        A score that is not a whole number from -3 to +3 raises ValueError.
        """
        for option, boxes in self.score_inputs.items():
            for group, box in boxes.items():
                value = ((scores or {}).get(option) or {}).get(group)
                if value is not None and (isinstance(value, bool) or value not in SCORES):
                    raise ValueError(f"{box.description}: {value!r} is not a score from -3 to +3.")
                box.value = NOT_SCORED if value is None else int(value)

    def set_judgements(self, judgements) -> None:
        for value, checks in self.judgement_inputs.items():
            broken = set((judgements or {}).get(value) or ())
            for option, box in checks.items():
                box.value = option in broken

    def plan_entry(self):
        """The canvas shown, with the decision the learner wrote, for the learner's plan."""
        if self.analysis is None:
            return None
        return ethics.plan_entry(self.analysis, self.decision_input.value)

    @handler("filling in the example")
    def fill_example(self, _button=None) -> None:
        if self.base.example_scores is None:
            return
        self.set_scores(self.base.example_scores)
        self.set_judgements(self.base.example_judgements)
        self.messages.value = message_html(
            "ok", "The example scores are filled in. " + self.base.example_note
        )

    # -- results ----------------------------------------------------------------------

    @handler("drawing the trade-offs")
    def show_trade_offs(self, _button=None) -> None:
        dilemma = ethics.customize(
            self.base, self.option_names(), self.stakeholder_names(), self.value_rules()
        )
        options = [o.key for o in dilemma.options]
        groups = [s.key for s in dilemma.stakeholders]
        values = {v.key for v in dilemma.values}
        all_scores = self.scores()
        scores = {o: {g: all_scores[o][g] for g in groups} for o in options}
        all_weights = self.weights()
        weights = {g: all_weights[g] for g in groups}
        judgements = {
            value: [o for o in broken if o in options]
            for value, broken in self.judgements().items()
            if value in values
        }
        self.notes = self._left_out_notes(dilemma, all_scores)
        self.problems = ethics.validate(dilemma, scores, weights, judgements)
        if self.problems:
            self.analysis, self.flags, self.feedback = None, [], ""
            self.result.children = ()
            self.messages.value = message_html(
                "error",
                "Almost there. Please fix these before the trade-offs can be shown:",
                self.problems + self.notes,
            )
            return
        self.analysis = ethics.analyze(dilemma, scores, weights, judgements)
        self.flags = ethics.flag_reasons(self.analysis)
        self.feedback = ethics.summary_text(self.analysis)
        survivors = len(self.analysis.survivors)
        self.messages.value = message_html(
            "ok",
            f"Your trade-off matrix is ready: {survivors} of {len(options)} options pass "
            "every value check.",
            self.notes,
        )
        chart = charts.trade_off_chart(self.analysis, f"Trade-offs: {dilemma.title}")
        self.result.children = [self.show_chart(chart), w.HTML(self._summary_html())]

    def _left_out_notes(self, dilemma: Dilemma, all_scores) -> list[str]:
        """Say which unnamed options and groups were left out, if they had scores."""
        notes = []
        kept_options = {o.key for o in dilemma.options}
        kept_groups = {s.key for s in dilemma.stakeholders}
        for index, key in enumerate(self.option_inputs, start=1):
            if key not in kept_options and any(v is not None for v in all_scores[key].values()):
                notes.append(f"{option_fallback(index)} has no name, so it is left out.")
        for index, key in enumerate(self.group_inputs, start=1):
            if key not in kept_groups and any(row[key] is not None for row in all_scores.values()):
                notes.append(f"{group_fallback(index)} has no name, so it is left out.")
        return notes

    def _check_cells(self) -> list[str]:
        """The matrix's last column, short: the list above the table names the values."""
        return [
            "passes all" if r.passes else f"breaks {len(r.flags)}"
            for r in self.analysis.results
        ]

    def _summary_html(self) -> str:
        analysis = self.analysis
        paragraphs = ethics.summary(analysis)
        groups = analysis.dilemma.stakeholder_names
        head = ["Option", *groups.values(), "Sum", "Weighted sum", "Worst-off group", "Value checks"]
        table = ethics.matrix_table(analysis)
        rows = [
            [str(name), *(str(row[n]) for n in groups.values()), row["Sum"], row["Weighted sum"],
             Cell(row["Worst-off group"], "aligned-text"), Cell(checks, "aligned-text")]
            for (name, row), checks in zip(table.iterrows(), self._check_cells())
        ]
        weights = ", ".join(
            f"{n} {format_score(analysis.weights[g]).lstrip('+')}" for g, n in groups.items()
        )
        flags = (
            "<ul class='aligned-flags'>"
            + "".join(f"<li>{html.escape(reason)}</li>" for reason in self.flags)
            + "</ul>"
            if self.flags
            else "<p>No option breaks a stated value.</p>"
        )
        lines = "".join(
            f"<li>{html.escape(ethics.option_line(analysis, r.key))}</li>"
            for r in analysis.results
        )
        readings = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[:-1])
        return (
            '<div class="aligned-summary">'
            f"<h4>Options that break a stated value</h4>{flags}"
            + templating.table("The trade-off matrix: scores from -3 to +3", head, rows)
            + f"<p class='aligned-hint'>Salience weights: {html.escape(weights)}.</p>"
            f"<h4>Reading the matrix</h4>{readings}"
            f"<h4>Option by option</h4><ul>{lines}</ul>"
            f"{chart_text(ethics.describe_matrix(analysis))}"
            f'<p class="aligned-caveat">{html.escape(paragraphs[-1])}</p>'
            "</div>"
        )
