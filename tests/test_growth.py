"""Frameworks and growth: the simulation, the value stream, Greiner's phases and the diagnostic.

Core logic without a kernel, then the GrowthDiagnostic widget driven in plain pytest.
"""

import html
import json
from pathlib import Path

import altair as alt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.core import growth
from widgets.core.growth import (
    FUNDAMENTAL_FIX,
    LESSONS,
    MAX_POINTS,
    PHASES,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    QUICK_FIX,
    GrowthInputError,
    Step,
    TeamModel,
    diagnose,
    validate,
)
from widgets.core.lessons import parse_lesson
from widgets.growth import GrowthDiagnostic

WORKSHOPS = Path(__file__).resolve().parent.parent / "workshops"


def answers_for(phase, pace="steady"):
    """For every question, the option that points to `phase` (or one with no points)."""
    chosen = {}
    for question in QUESTIONS:
        pointing = [o for o in question.options if o.phase == phase]
        neutral = [o for o in question.options if o.phase is None]
        chosen[question.key] = (pointing or neutral)[0].key
    chosen["pace"] = pace
    return chosen


def pick(answers, **points_to):
    """Change some answers to the option of a question that points to a given phase."""
    changed = dict(answers)
    for key, phase in points_to.items():
        changed[key] = next(o.key for o in QUESTIONS_BY_KEY[key].options if o.phase == phase)
    return changed


# -- systems thinking: the overtime simulation -----------------------------------------------


def test_simulation_starts_at_week_zero_and_runs_both_policies():
    frame = growth.compare_policies()
    model = TeamModel()
    assert len(frame) == 2 * (model.weeks + 1)
    assert set(frame["policy"]) == {QUICK_FIX, FUNDAMENTAL_FIX}
    start = frame[frame["week"] == 0]
    assert list(start["backlog"]) == [model.start_backlog] * 2


def test_overtime_is_better_before_worse():
    model = TeamModel()
    frame = growth.compare_policies(model)
    quick = frame[frame["policy"] == QUICK_FIX].set_index("week")
    steady = frame[frame["policy"] == FUNDAMENTAL_FIX].set_index("week")
    assert quick.loc[4, "backlog"] < steady.loc[4, "backlog"]  # better first...
    assert quick.loc[model.weeks, "backlog"] > steady.loc[model.weeks, "backlog"]  # ...worse later
    assert quick["backlog"].min() > model.target_backlog  # the quick fix never gets there
    assert steady["backlog"].min() <= model.target_backlog
    assert quick.loc[model.weeks, "overtime_pct"] > 10  # overtime has become permanent
    assert quick.loc[model.weeks, "defect_pct"] > steady.loc[model.weeks, "defect_pct"]
    assert (steady["overtime_pct"] == 0).all()


def test_simulation_keeps_count_of_jobs():
    # Without fatigue or defects, the backlog moves by demand minus what was done.
    model = TeamModel(productivity_loss=0, base_defects=0, fatigue_defects=0, weeks=3)
    quick = growth.overtime_simulation(QUICK_FIX, model).set_index("week")
    # Week 1: 100 jobs over target, overtime capped at 30 %: 130 done, 100 arrive.
    assert quick.loc[1, "backlog"] == pytest.approx(150 + 100 - 130)
    assert quick.loc[1, "overtime_pct"] == 30
    steady = growth.overtime_simulation(FUNDAMENTAL_FIX, model).set_index("week")
    assert steady.loc[1, "backlog"] == pytest.approx(150 + 100 - 110)


def test_simulation_refuses_an_unknown_policy():
    with pytest.raises(ValueError, match="Unknown policy 'pray'"):
        growth.overtime_simulation("pray")


def test_summary_and_description_agree_with_the_frame():
    model = TeamModel()
    frame = growth.compare_policies(model)
    summary = growth.simulation_summary(frame, model)
    quick = frame[frame["policy"] == QUICK_FIX].set_index("week")
    assert summary.loc[QUICK_FIX, "Backlog after 4 weeks"] == quick.loc[4, "backlog"]
    assert summary.loc[QUICK_FIX, "First week at target"] == "not reached"
    steady = frame[
        (frame["policy"] == FUNDAMENTAL_FIX) & (frame["backlog"] <= model.target_backlog)
    ]
    assert summary.loc[FUNDAMENTAL_FIX, "First week at target"] == steady["week"].min()
    text = growth.describe_simulation(frame, model)
    assert f"first reached in week {steady['week'].min()}" in text
    assert "is never reached" in text


def test_simulation_chart_has_a_text_alternative():
    from widgets.charts import fixes_that_fail_chart

    frame = growth.compare_policies()
    spec = fixes_that_fail_chart(frame).to_dict()
    assert spec["description"].startswith("Overtime as a fix that fails. Two line charts by week")
    assert growth.describe_simulation(frame) in spec["description"]


# -- Lean: the value stream -------------------------------------------------------------------


def test_value_stream_adds_up():
    steps = growth.QUOTE_STREAM
    summary = growth.value_stream_summary(steps)
    work = sum(s.hours for s in steps if s.kind == "work")
    total = sum(s.hours for s in steps)
    assert summary.work_hours == work and summary.lead_hours == total
    assert summary.efficiency_pct == pytest.approx(100 * work / total)
    assert summary.wait_hours > 10 * summary.work_hours  # the lesson's point: work waits
    table = growth.value_stream_table(steps)
    assert table["Elapsed (working days)"].iloc[-1] == round(total / 8, 1)
    assert f"{summary.efficiency_pct:.1f} %" in summary.text


@pytest.mark.parametrize(
    "steps, message",
    [
        ((), "at least one step"),
        ((Step("Coffee", "break", 1),), "kind must be 'work' or 'wait'"),
        ((Step("Time travel", "wait", -2),), "hours must be 0 or more"),
        ((Step("Unknown", "work", float("nan")),), "hours must be 0 or more"),
    ],
)
def test_value_stream_refuses_bad_steps(steps, message):
    with pytest.raises(ValueError, match=message):
        growth.value_stream_summary(steps)


# -- Greiner's phases ---------------------------------------------------------------------------


def test_five_phases_with_their_crises_and_stages():
    assert list(PHASES) == [1, 2, 3, 4, 5]
    assert [p.crisis for p in PHASES.values()] == [
        "leadership", "autonomy", "control", "red_tape", "internal_growth"
    ]
    assert [p.stage for p in PHASES.values()] == [
        "startup", "growth", "growth", "maturity", "maturity"
    ]
    for phase in PHASES.values():
        assert phase.title == f"Growth through {phase.name.lower()}"
        assert len(phase.moves) >= 4 and all(m.endswith(".") for m in phase.moves)
        assert phase.lessons and set(phase.lessons) <= set(LESSONS)
    table = growth.phase_table()
    assert list(table.index) == [f"{n}. {p.title}" for n, p in PHASES.items()]


@pytest.mark.parametrize("key", sorted(LESSONS))
def test_every_linked_lesson_exists_and_is_a_lesson(key):
    link = LESSONS[key]
    path = WORKSHOPS / link.path
    assert path.exists(), f"{link.path} is linked from the diagnostic but does not exist"
    parse_lesson(json.loads(path.read_text()), link.path)  # raises if it is not a lesson
    # From a lesson (one folder below workshops/) the link resolves to the same file.
    assert (WORKSHOPS / "intermediate" / link.href).resolve() == path.resolve()


# -- the diagnostic: questions -----------------------------------------------------------------


def test_questions_are_labelled_uniquely():
    assert 8 <= len(QUESTIONS) <= 12
    labels = [o.label for q in QUESTIONS for o in q.options]
    assert len(labels) == len(set(labels)), "a repeated label would make get_by_label ambiguous"
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)
    for question in QUESTIONS:
        assert question.text.endswith("?")
        assert len({o.key for o in question.options}) == len(question.options)
        for option in question.options:
            if option.phase is None and question.weight:
                assert option.note, f"{question.key}/{option.key}: no points, and no reason"


def test_every_scored_core_question_can_point_to_every_phase():
    for question in growth.SCORED_QUESTIONS:
        if question.weight == growth.CORE_WEIGHT:
            assert {o.phase for o in question.options} >= set(PHASES), question.key


# -- the diagnostic: placement -----------------------------------------------------------------


@pytest.mark.parametrize("phase", list(PHASES))
def test_each_phase_is_reachable_and_clear(phase):
    result = diagnose(answers_for(phase))
    assert result.phase == phase
    assert result.status == "clear"
    assert result.crisis == PHASES[phase].crisis
    assert result.stage == PHASES[phase].stage
    assert result.scores[phase] == max(result.scores.values()) > 0
    assert f"point clearly to phase {phase}" in result.status_text
    assert result.frustration_note is None


def test_an_adjacent_tie_is_a_transition_placed_in_the_earlier_phase():
    # Start from phase 2 everywhere, then move answers to phase 3 until both have 8 points.
    answers = pick(answers_for(2), decisions=3, coordination=3, control=3, rewards=3)
    answers = pick(answers, headcount=3)
    result = diagnose(answers)
    assert result.scores[2] == result.scores[3]
    assert result.phase == 2 and result.status == "transition" and result.runner_up == 3
    assert "On a tie the earlier phase counts" in result.status_text


def test_a_distant_tie_is_mixed_signals():
    answers = pick(answers_for(1), decisions=4, coordination=4, control=4, rewards=4)
    answers = pick(answers, headcount=4)
    result = diagnose(answers)
    assert result.scores[1] == result.scores[4]
    assert result.phase == 1 and result.status == "mixed"
    assert result.status_text.startswith("Mixed signals")
    assert "phase 1 (" in result.status_text and "phase 4 (" in result.status_text
    assert result.extra_phase == 4
    assert [p for p, _ in growth.moves_for(result)] == [1, 4]


def test_three_phases_close_together_are_mixed_even_when_neighbors():
    answers = pick(answers_for(3), layers=2, decisions=2, coordination=2, control=4, rewards=4,
                   focus=4)
    result = diagnose(answers)
    assert growth.close_phases(result.scores) == [2, 3, 4]
    assert result.status == "mixed"
    assert result.phase == 2  # a three-way tie: the earliest phase


def test_a_clear_leader_with_a_close_neighbor_is_a_transition():
    answers = pick(answers_for(4), layers=3, decisions=3, coordination=3, control=3)
    result = diagnose(answers)
    assert 0 < result.scores[4] - result.scores[3] <= growth.CLOSE_MARGIN
    assert result.phase == 4 and result.status == "transition"
    assert "Phase 4 has the edge" in result.status_text


def test_an_earlier_frustration_is_named_as_an_unresolved_crisis():
    result = diagnose(pick(answers_for(4), frustration=1))
    assert result.phase == 4
    assert "crisis of leadership, which belongs to phase 1" in result.frustration_note
    assert "never resolved" in result.frustration_note
    assert result.extra_phase == 1


def test_a_later_frustration_is_named_as_running_ahead():
    result = diagnose(pick(answers_for(1), frustration=3))
    assert "ahead of where the other answers place you" in result.frustration_note


def test_no_frustration_gives_no_points_and_no_note():
    answers = answers_for(2) | {"frustration": "none"}
    result = diagnose(answers)
    evidence = next(e for e in result.evidence if e.question == "The recurring frustration")
    assert evidence.points == 0 and evidence.phase is None and evidence.note
    assert result.frustration_note is None


@pytest.mark.parametrize("pace", ["shrunk_flat", "steady", "fast", "very_fast"])
def test_pace_sets_the_tempo_note_but_not_the_phase(pace):
    result = diagnose(answers_for(3, pace=pace))
    assert result.phase == 3
    assert result.pace_note == growth.PACE_NOTES[pace]
    assert result.pace_note in result.summary


def test_evidence_and_scores_tables_show_the_reasons():
    result = diagnose(growth.BRANNOCK_ANSWERS)
    evidence = growth.evidence_table(result)
    assert len(evidence) == len(QUESTIONS)
    assert evidence["Points"].sum() == result.total_points
    layers = evidence[evidence["Question"] == "Management layers"].iloc[0]
    assert layers["Points to"] == "Phase 3: Delegation" and layers["Points"] == 2
    scores = growth.scores_table(result)
    assert list(scores["Points"]) == [result.scores[p] for p in PHASES]
    assert list(scores["Placement"]).count("your phase") == 1
    assert f"Placed in phase {result.phase}" in growth.describe_scores(result)


def test_brannock_is_in_transition_between_delegation_and_coordination():
    result = diagnose(growth.BRANNOCK_ANSWERS)
    assert (result.phase, result.runner_up, result.status) == (3, 4, "transition")
    assert result.crisis_name == "Crisis of control"


# -- the diagnostic: bad input -----------------------------------------------------------------


def test_nothing_answered_is_one_friendly_sentence():
    for empty in (None, {}, {q.key: None for q in QUESTIONS}):
        problems = validate(empty)
        assert problems == [
            "No question is answered yet: choose one answer for each question, then ask for "
            "the diagnosis."
        ]


def test_partly_answered_lists_the_open_questions_in_order():
    answers = answers_for(2)
    del answers["layers"]
    answers["away"] = ""
    problems = validate(answers)
    assert problems == ["3. Management layers: not answered yet",
                        "10. When the top person is away: not answered yet"]
    with pytest.raises(GrowthInputError) as error:
        diagnose(answers)
    assert error.value.problems == problems


@pytest.mark.parametrize("value", ["lots", 3, True, ["none"]])
def test_an_answer_that_is_not_an_option_is_named(value):
    problems = validate(answers_for(2) | {"layers": value})
    assert problems == [
        f"3. Management layers: {value!r} is not one of the answers to this question."
    ]


def test_unknown_questions_and_non_mappings_are_refused():
    assert validate(answers_for(2) | {"mood": "good"}) == [
        "Not a question of the diagnostic: mood."
    ]
    assert validate(["founder"]) == ["The answers should map each question to one of its options."]


# -- the diagnostic: every complete answer set yields a phase -----------------------------------

complete_answers = st.fixed_dictionaries(
    {q.key: st.sampled_from([o.key for o in q.options]) for q in QUESTIONS}
)


@given(complete_answers)
def test_every_complete_answer_set_yields_a_phase(answers):
    result = diagnose(answers)
    assert result.phase in PHASES
    assert result.stage_label in growth.STAGES.values()
    assert result.status in growth.STATUS_LABELS
    # The points are the sum of the chosen options' weights.
    expected = {p: 0 for p in PHASES}
    for question in QUESTIONS:
        option = question.option(answers[question.key])
        if option.phase is not None and question.weight:
            expected[option.phase] += question.weight
    assert result.scores == expected
    assert sum(e.points for e in result.evidence) == result.total_points <= MAX_POINTS
    # The placed phase has the most points; on a tie, it is the earliest.
    best = max(expected.values())
    assert result.phase == min(p for p in PHASES if expected[p] == best)
    close = growth.close_phases(expected)
    if result.status == "clear":
        assert close == [result.phase]
    elif result.status == "transition":
        assert len(close) == 2 and abs(close[0] - close[1]) == 1
    else:
        assert len(close) > 2 or abs(close[0] - close[-1]) > 1
    assert result.summary.startswith(f"Phase {result.phase} of 5")
    assert growth.moves_for(result)[0] == (result.phase, PHASES[result.phase].moves)
    assert growth.lessons_for(result)


# -- the widget, driven in plain pytest ---------------------------------------------------------


def answer(widget, answers):
    for key, value in answers.items():
        widget.inputs[key].value = value


def test_every_question_is_a_labelled_radio_group_with_no_preselection():
    widget = GrowthDiagnostic()
    assert list(widget.inputs) == [q.key for q in QUESTIONS]
    for question in QUESTIONS:
        radio = widget.inputs[question.key]
        assert radio.description == question.text
        assert radio.value is None
        assert [label for label, _ in radio.options] == [o.label for o in question.options]
    assert "0 of 11 questions answered" in widget.progress.value
    assert "aligned-activity" in widget._dom_classes


def test_progress_counts_answers_live():
    widget = GrowthDiagnostic()
    widget.inputs["headcount"].value = "under_15"
    widget.inputs["age"].value = "3_7"
    assert "2 of 11 questions answered" in widget.progress.value


def test_show_with_nothing_answered_is_a_friendly_alert():
    widget = GrowthDiagnostic()
    widget.show_button.click()
    assert 'role="alert"' in widget.messages.value
    assert "Nothing to diagnose yet" in widget.messages.value
    assert widget.diagnosis is None and widget.result.children == ()


def test_show_with_open_questions_names_them():
    widget = GrowthDiagnostic()
    answers = answers_for(2)
    answer(widget, {k: v for k, v in answers.items() if k not in ("focus", "pace")})
    widget.show_button.click()
    assert widget.problems == ["8. Leaders' focus: not answered yet",
                               "11. Growth over the last two years: not answered yet"]
    assert "Leaders&#x27; focus: not answered yet" in widget.messages.value
    assert widget.diagnosis is None


def test_complete_answers_show_phase_chart_evidence_moves_and_links():
    widget = GrowthDiagnostic()
    answer(widget, growth.BRANNOCK_ANSWERS)
    widget.show_button.click()
    expected = diagnose(growth.BRANNOCK_ANSWERS)
    assert widget.problems == []
    assert widget.diagnosis == expected
    assert widget.feedback == expected.summary
    assert f"phase {expected.phase}" in widget.messages.value
    assert 'role="status"' in widget.messages.value
    headline, chart, details = widget.result.children
    assert isinstance(chart, alt.JupyterChart)
    assert "Bar chart of the diagnostic" in chart.spec["description"]
    assert f"Phase {expected.phase} of 5: {expected.info.title}" in headline.value
    assert expected.crisis_name in headline.value
    text = details.value
    assert "Which answers pointed where" in text
    assert "How the scoring works" in text
    assert "Text description of the chart" in text
    for move in PHASES[expected.phase].moves:
        assert html.escape(move) in text
    for link in growth.lessons_for(expected):
        assert f"href='{link.href}'" in text and "target='_blank'" in text


def test_redrawing_reuses_the_chart_widget_and_clear_resets():
    widget = GrowthDiagnostic()
    answer(widget, answers_for(1))
    widget.show_button.click()
    first = widget.chart_widget
    assert widget.diagnosis.phase == 1
    answer(widget, answers_for(5))
    widget.show_button.click()
    assert widget.chart_widget is first and widget.diagnosis.phase == 5
    assert html.escape(growth.SIXTH_PHASE) in widget.result.children[2].value
    widget.clear_button.click()
    assert all(value is None for value in widget.answers().values())
    assert widget.diagnosis is None and widget.result.children == ()
    assert "cleared" in widget.messages.value


def test_set_answers_round_trips():
    widget = GrowthDiagnostic()
    widget.set_answers(growth.BRANNOCK_ANSWERS)
    assert widget.answers() == growth.BRANNOCK_ANSWERS


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    widget = GrowthDiagnostic()
    answer(widget, answers_for(3))

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("widgets.growth.charts.growth_scores_chart", broken)
    widget.show_button.click()
    assert "Something went wrong" in widget.messages.value
    assert "renderer exploded" not in widget.messages.value
    assert widget.answers() == answers_for(3)
