"""The growth-phase diagnostic as an ipywidget: eleven questions, then the phase and the moves.

Questions, scoring, placement, wording and links all come from `widgets.core.growth`; this
module only wires radio buttons to it and formats the result as HTML.
"""

from __future__ import annotations

import html

import ipywidgets as w

from widgets import charts, templating
from widgets.activity import Activity, handler
from widgets.core import growth
from widgets.core.growth import (
    CORE_WEIGHT,
    MAX_POINTS,
    PHASES,
    QUESTIONS,
    SIXTH_PHASE,
    STATUS_LABELS,
    WEAK_WEIGHT,
    Diagnosis,
    GrowthInputError,
)
from widgets.templating import Cell
from widgets.ui import message_html

SHOW = "Show my growth phase"
CLEAR = "Clear my answers"

# Radio labels wrap instead of being cut to one line (ipywidgets fixes their height), and
# each question sits in its own box with the question above its answers.

RULES_HTML = (
    "<ul>"
    f"<li>Each answer points to one of Greiner's five phases. Headcount and age count "
    f"{WEAK_WEIGHT} point each: they are weak signs, because Greiner tied the phases to no "
    f"fixed size or age. Every other answer counts {CORE_WEIGHT}. The last question (recent "
    "growth) counts nothing: it sets the tempo, not the phase.</li>"
    "<li>You are placed in the phase with the most points. On a tie the earlier phase "
    "counts: a crisis is over only once the new practices work.</li>"
    f"<li>If another phase comes within {CORE_WEIGHT} points (one answer), the placement "
    "is not clear: with a neighboring phase it is a transition; with a distant phase, or "
    "with three phases close together, the answers give mixed signals.</li>"
    "<li>The headcount and age bands and the weights are this kit's rules of thumb, not "
    "Greiner's.</li>"
    "</ul>"
)


def _table(headers, rows, caption: str) -> str:
    cells = [[row[0], *(Cell(cell, "aligned-number") if isinstance(cell, int) else cell for cell in row[1:])]
             for row in rows]
    return templating.table(caption, list(headers), cells)


class GrowthDiagnostic(Activity):
    """Answer eleven questions about the business; see its growth phase, crisis and moves."""


    def __init__(self, **kwargs):
        self.inputs: dict[str, w.RadioButtons] = {}
        self.problems: list[str] = []
        self.diagnosis: Diagnosis | None = None
        self.feedback: str = ""

        blocks = [self._question_block(n, q) for n, q in enumerate(QUESTIONS, start=1)]
        self.progress = w.HTML()
        self.show_button = self.button(
            SHOW, "Check the answers and place the business in a phase of growth", "compass", self.show_result,
            primary=True)
        self.clear_button = self.button(
            CLEAR, "Remove every answer and the result, to start again", "refresh", self.clear)
        super().__init__(
            [
                w.HTML(
                    "<p>Answer for the <strong>whole business</strong> as it is today, not "
                    "as the organization chart says or as you would like it to be. Choose "
                    "the answer that fits best, even if none fits perfectly.</p>"
                ),
                *blocks,
                self.progress,
                w.HBox([self.show_button, self.clear_button]),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-growth")  # scopes its rules in aligned.css
        self._refresh_progress()

    # -- building -------------------------------------------------------------------------

    def _question_block(self, number: int, question: growth.Question) -> w.VBox:
        radio = w.RadioButtons(
            options=growth.option_labels(question),
            value=None,
            description=question.text,
            tooltip=f"{number}. {question.title}",
            layout=w.Layout(width="100%", flex_flow="column"),
            style={"description_width": "initial"},
        )
        radio.observe(lambda _change: self._refresh_progress(), "value")
        self.inputs[question.key] = radio
        return w.VBox(
            [w.HTML(f"<h4>{number}. {html.escape(question.title)}</h4>"), radio],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-question")

    # -- state ----------------------------------------------------------------------------

    def answers(self) -> dict[str, str | None]:
        """The answers in the core's format: question key -> option key, None if unanswered."""
        return {key: radio.value for key, radio in self.inputs.items()}

    def set_answers(self, answers) -> None:
        """Fill the questions, e.g. from the worked example; missing keys stay unanswered."""
        for key, radio in self.inputs.items():
            radio.value = (answers or {}).get(key)

    def _refresh_progress(self) -> None:
        done = sum(value is not None for value in self.answers().values())
        self.progress.value = (
            f"<p class='aligned-progress'>{done} of {len(QUESTIONS)} questions answered.</p>"
        )

    # -- handlers: a learner never sees a traceback ---------------------------------------

    def show_problems(self, error: GrowthInputError) -> None:
        self.problems = list(error.problems)
        self.diagnosis, self.feedback = None, ""
        self.result.children = ()
        if all(value is None for value in self.answers().values()):
            self.messages.value = message_html(
                "error",
                f"Nothing to diagnose yet. Choose one answer for each of the {len(QUESTIONS)} "
                f"questions, then press “{SHOW}”.",
            )
            return
        self.messages.value = message_html(
            "error",
            "Almost there: every question needs one answer before the diagnosis can be made. "
            "Still to do:",
            self.problems,
        )

    @handler("working out your growth phase")
    def show_result(self, _button=None) -> None:
        diagnosis = growth.diagnose(self.answers())  # GrowthInputError: see show_problems
        self.show_chart(charts.growth_scores_chart(diagnosis, "Your points per phase"))
        self.problems, self.diagnosis, self.feedback = [], diagnosis, diagnosis.summary
        self.messages.value = message_html(
            "ok",
            f"Your diagnosis is ready: phase {diagnosis.phase}, "
            f"{diagnosis.info.title.lower()} ({STATUS_LABELS[diagnosis.status].lower()}).",
        )
        self.result.children = [
            w.HTML(self._headline_html(diagnosis)),
            self.chart_widget,
            w.HTML(self._details_html(diagnosis)),
        ]

    @handler("clearing your answers")
    def clear(self, _button=None) -> None:
        self.set_answers({})
        self.problems, self.diagnosis, self.feedback = [], None, ""
        self.result.children = ()
        self.messages.value = message_html("ok", "Your answers are cleared.")

    # -- display --------------------------------------------------------------------------

    @staticmethod
    def _headline_html(diagnosis: Diagnosis) -> str:
        info = diagnosis.info
        notes = "".join(
            f"<p>{html.escape(note)}</p>"
            for note in (diagnosis.frustration_note, diagnosis.pace_note)
            if note
        )
        return (
            '<div class="aligned-summary">'
            f"<h3>Phase {diagnosis.phase} of 5: {html.escape(info.title)}</h3>"
            f"<p><strong>Simple stage:</strong> {html.escape(diagnosis.stage_label)}. "
            f"<strong>Likely crisis:</strong> {html.escape(info.crisis_name)}. "
            f"{html.escape(info.crisis_text)}</p>"
            f"<p><span class='aligned-status'>{html.escape(STATUS_LABELS[diagnosis.status])}."
            f"</span> {html.escape(diagnosis.status_text)}</p>"
            f"{notes}</div>"
        )

    @staticmethod
    def _details_html(diagnosis: Diagnosis) -> str:
        evidence = _table(
            ("#", "Question", "Your answer", "Points to", "Points"),
            [(e.number, e.question, e.answer, e.points_to, e.points) for e in diagnosis.evidence],
            "Which answers pointed where",
        )
        notes = "".join(
            f"<li>{html.escape(e.question)}: {html.escape(e.note)}</li>"
            for e in diagnosis.evidence
            if e.note and e.points == 0
        )
        scores = _table(
            ("Phase", "Simple stage", "Points"),
            [
                (f"{p}. {PHASES[p].name}", PHASES[p].stage_label, diagnosis.scores[p])
                for p in PHASES
            ],
            f"Points per phase (out of {MAX_POINTS} possible)",
        )
        moves = "".join(
            (
                f"<h4>Alignment moves for phase {phase} ({html.escape(PHASES[phase].name)})"
                + ("" if phase == diagnosis.phase else ": also worth reading")
                + "</h4><ol>"
                + "".join(f"<li>{html.escape(move)}</li>" for move in phase_moves)
                + "</ol>"
            )
            for phase, phase_moves in growth.moves_for(diagnosis)
        )
        links = "".join(
            f"<li><a href='{html.escape(link.href)}' target='_blank' rel='noopener'>"
            f"{html.escape(link.title)}</a></li>"
            for link in growth.lessons_for(diagnosis)
        )
        sixth = f"<p>{html.escape(SIXTH_PHASE)}</p>" if diagnosis.phase == 5 else ""
        return (
            '<div class="aligned-summary">'
            "<details><summary>Text description of the chart</summary>"
            f"<p>{html.escape(growth.describe_scores(diagnosis))}</p>{scores}</details>"
            f"{evidence}"
            + (f"<ul>{notes}</ul>" if notes else "")
            + f"{moves}{sixth}"
            f"<h4>Where to go next in this kit</h4><ul>{links}</ul>"
            "<details><summary>How the scoring works</summary>"
            f"{RULES_HTML}</details>"
            '<p class="aligned-caveat">A phase is a lens for a conversation, not a verdict: '
            "ask two colleagues from other parts of the business to answer too, and compare "
            "where your answers differ.</p>"
            "</div>"
        )
