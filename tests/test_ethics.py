"""The ethical decision canvas: core validation and analysis, its chart, and its widget.

Core tests need no kernel; widget tests drive the ipywidget in plain pytest (set values,
click buttons, read state and messages).
"""

import json
import math
import random

import pytest
import vl_convert
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import charts
from widgets.core import ethics
from widgets.core.ethics import (
    BAKERY,
    BRANNOCK,
    DILEMMAS,
    OWN,
    SCORE_MAX,
    SCORE_MIN,
    SCORES,
    VERDICT_WORDS,
    Dilemma,
    InvalidCanvas,
    Option,
    Stakeholder,
    Value,
)
from widgets.core.implementation import automation_payback
from widgets.data import load
from widgets.ethics import (
    NOT_SCORED,
    EthicalDecisionCanvas,
    judgement_description,
    salience_description,
    score_description,
)

# A small dilemma whose numbers are easy to check by hand.
SMALL = Dilemma(
    key="small",
    title="Small",
    story="A test dilemma.",
    question="Which?",
    options=(Option("a", "Alpha"), Option("b", "Beta"), Option("c", "Gamma")),
    stakeholders=(
        Stakeholder("x", "Staff", 1),
        Stakeholder("y", "Customers", 3),
        Stakeholder("z", "Owners", 2),
    ),
    values=(
        Value("promise", "We keep our word", "No broken promises"),
        Value("floor_y", "Customers first", "No customer score below 0", minimum=0,
              stakeholder="y"),
        Value("no_harm", "No serious harm", "No group at -3", minimum=-2),
    ),
)
SMALL_SCORES = {
    "a": {"x": -3, "y": 2, "z": 3},  # sum 2, weighted -3 + 6 + 6 = 9, worst -3 (Staff)
    "b": {"x": 0, "y": 1, "z": 1},  # sum 2, weighted 0 + 3 + 2 = 5, worst 0 (Staff)
    "c": {"x": 0, "y": -1, "z": 1},  # sum 0, weighted 0 - 3 + 2 = -1, worst -1 (Customers)
}


def all_text(analysis):
    return " ".join(ethics.summary(analysis)) + ethics.summary_text(analysis)


# -- the model's content -------------------------------------------------------------


def test_scale_runs_from_serious_harm_to_major_benefit_with_words_for_every_point():
    assert SCORES == tuple(range(-3, 4))
    assert sorted(ethics.SCORE_LABELS) == list(SCORES)
    assert len(set(ethics.SCORE_LABELS.values())) == len(SCORES)
    assert ethics.score_label(-3) == "-3 serious harm"
    assert ethics.score_label(2) == "+2 clear benefit"
    assert ethics.score_label(0) == "0 no real effect"


@pytest.mark.parametrize("value, text", [(2, "+2"), (0, "0"), (-1, "-1"), (1.5, "+1.5"),
                                         (-0.25, "-0.25"), (13.0, "+13")])
def test_format_score_is_signed(value, text):
    assert ethics.format_score(value) == text


def test_salience_has_a_class_for_each_count_of_attributes():
    assert ethics.SALIENCE_ATTRIBUTES == ("power", "legitimacy", "urgency")
    assert sorted(ethics.SALIENCE_CLASSES) == [0, 1, 2, 3]
    assert ethics.salience_label(3).startswith("3 · definitive")


@pytest.mark.parametrize("dilemma", [BRANNOCK, BAKERY], ids=lambda d: d.key)
def test_built_in_dilemmas_are_complete(dilemma):
    assert ethics.validate_dilemma(dilemma) == []
    assert len(dilemma.options) >= 3 and len(dilemma.stakeholders) >= 4
    assert dilemma.judgement_values and dilemma.score_rules
    for option in dilemma.options:
        assert option.description.strip()
    assert ethics.validate(
        dilemma, dilemma.example_scores, None, dilemma.example_judgements
    ) == []
    assert dilemma.example_note


def test_brannock_is_an_automation_dilemma_about_a_role():
    names = [o.name.lower() for o in BRANNOCK.options]
    assert any("automate" in n for n in names) and any("manual" in n for n in names)
    rules = " ".join(v.rule for v in BRANNOCK.judgement_values)
    assert "retraining" in rules
    assert "Customer Service" in BRANNOCK.story


def test_own_dilemma_starts_with_no_options_and_asks_for_two():
    problems = ethics.validate_dilemma(ethics.customize(OWN))
    assert len(problems) == 1
    problem = problems[0]
    assert "at least two options" in problem and "none" in problem
    assert set(DILEMMAS) == {BRANNOCK.key, BAKERY.key, OWN.key}


# -- customizing and validating a dilemma --------------------------------------------


def test_customize_renames_trims_and_leaves_out_empty_names():
    custom = ethics.customize(
        SMALL,
        option_names={"a": "  Automate   fully ", "c": ""},
        stakeholder_names={"z": "The   family"},
    )
    assert [o.name for o in custom.options] == ["Automate fully", "Beta"]
    assert [s.name for s in custom.stakeholders] == ["Staff", "Customers", "The family"]
    assert SMALL.options[0].name == "Alpha"  # the original is untouched


def test_customize_drops_values_without_a_rule_or_without_their_group():
    custom = ethics.customize(SMALL, stakeholder_names={"y": " "}, value_rules={"promise": ""})
    assert [v.key for v in custom.values] == ["no_harm"]
    custom = ethics.customize(SMALL, value_rules={"promise": "Tell people first"})
    assert custom.values[0].rule == "Tell people first"


@pytest.mark.parametrize(
    "options, expected",
    [
        ((Option("a", "Only one"),), "at least two options"),
        ((Option("a", "Same"), Option("b", "same")), "both called “same”"),
        ((Option("a", "x" * 61), Option("b", "Short")), "61 characters"),
        ((Option("a", "A"), Option("b", "B"), Option("c", " ")), "Every option needs a name"),
    ],
)
def test_dilemma_problems_are_explained(options, expected):
    problems = ethics.validate_dilemma(
        Dilemma("d", "T", "S", "Q", options, SMALL.stakeholders)
    )
    assert any(expected in p for p in problems), problems


def test_dilemma_needs_two_groups_valid_salience_and_sound_rules():
    one_group = Dilemma("d", "T", "S", "Q", SMALL.options, (Stakeholder("x", "Staff"),))
    assert any("two stakeholder groups" in p for p in ethics.validate_dilemma(one_group))
    bad = Dilemma(
        "d", "T", "S", "Q", SMALL.options,
        (Stakeholder("x", "Staff", 5), Stakeholder("y", "Customers", 1)),
        (Value("v", "Floor", "rule", minimum=7), Value("w", "Other", "rule", minimum=0,
                                                          stakeholder="nobody")),
    )
    problems = ethics.validate_dilemma(bad)
    assert any("Staff: salience must be from 0 to 3" in p for p in problems)
    assert any("floor must be a score" in p for p in problems)
    assert any("not on the canvas" in p for p in problems)
    assert ethics.validate_dilemma("a dilemma") == [
        "The canvas needs a dilemma: its options, stakeholder groups and values."
    ]


# -- validating a response -----------------------------------------------------------


def test_nothing_scored_names_every_option():
    problems = ethics.validate_scores(SMALL, ethics.blank_scores(SMALL))
    assert problems == [
        f"{o.name}: not scored yet. Score its effect on every group." for o in SMALL.options
    ]
    assert ethics.validate_scores(SMALL, {}) == problems


def test_missing_scores_name_the_option_and_the_groups():
    scores = json.loads(json.dumps(SMALL_SCORES))
    scores["b"]["y"] = None
    del scores["c"]["z"]
    assert ethics.validate_scores(SMALL, scores) == [
        "Beta: no score yet for Customers.",
        "Gamma: no score yet for Owners.",
    ]


@pytest.mark.parametrize("bad", [4, -3.5, 10, -100])
def test_scores_outside_the_scale_are_refused(bad):
    scores = json.loads(json.dumps(SMALL_SCORES))
    scores["a"]["x"] = bad
    problems = ethics.validate_scores(SMALL, scores)
    assert len(problems) == 1
    assert problems[0].startswith(f"Alpha, Staff: {ethics.format_score(bad)} is outside the scale")
    assert "-3 serious harm" in problems[0] and "+3 major benefit" in problems[0]


@pytest.mark.parametrize("bad", ["two", True, float("nan"), float("inf"), [1]])
def test_scores_that_are_not_numbers_are_refused(bad):
    scores = json.loads(json.dumps(SMALL_SCORES))
    scores["c"]["y"] = bad
    problems = ethics.validate_scores(SMALL, scores)
    assert len(problems) == 1 and "Gamma, Customers" in problems[0]
    assert "is not a number" in problems[0]


def test_unknown_options_groups_and_shapes_are_named():
    scores = json.loads(json.dumps(SMALL_SCORES))
    scores["d"] = {"x": 1}
    scores["a"]["w"] = 1
    problems = ethics.validate_scores(SMALL, scores)
    assert "'d' is not one of the options (Alpha, Beta and Gamma)." in problems
    assert "Alpha: 'w' is not one of the stakeholder groups." in problems
    assert "Score every option" in ethics.validate_scores(SMALL, None)[0]
    scores = json.loads(json.dumps(SMALL_SCORES))
    scores["b"] = [1, 2, 3]
    assert ethics.validate_scores(SMALL, scores) == [
        "Beta: expected one score per group, got [1, 2, 3]."
    ]


def test_weights_default_to_salience_and_are_checked():
    assert ethics.validate_weights(SMALL, None) == []
    assert ethics.validate_weights(SMALL, {"x": 1, "y": 4, "z": 2}) == [
        "Customers: the salience weight must be from 0 to 3 (got 4)."
    ]
    assert ethics.validate_weights(SMALL, {"x": 1, "y": 1}) == [
        "Owners: no salience weight yet. Choose 0 to 3."
    ]
    assert ethics.validate_weights(SMALL, {"x": 0, "y": 0, "z": 1}) == []
    zero = ethics.validate_weights(SMALL, {"x": 0, "y": 0, "z": 0})
    assert len(zero) == 1 and "count nobody" in zero[0]
    assert ethics.validate_weights(SMALL, {"x": 1, "y": 1, "z": 1, "q": 1}) == [
        "'q' is not one of the stakeholder groups."
    ]
    assert ethics.validate_weights(SMALL, "heavy") == ["Give each stakeholder group a weight from 0 to 3."]


def test_judgements_are_checked():
    assert ethics.validate_judgements(SMALL, None) == []
    assert ethics.validate_judgements(SMALL, {"promise": ["a"], "no_harm": []}) == []
    problems = ethics.validate_judgements(
        SMALL, {"promise": ["a", "zz"], "nope": ["a"], "floor_y": ["b"]}
    )
    assert "“We keep our word”: 'zz' is not one of the options." in problems
    assert "'nope' is not one of the stated values." in problems
    assert any("checked from the scores" in p for p in problems)
    assert ethics.validate_judgements(SMALL, {"promise": "a"}) == [
        "“We keep our word”: list the options that break it, not 'a'."
    ]
    assert ethics.validate_judgements(SMALL, ["promise"]) == [
        "Judgements must list, for each value, the options that break it."
    ]


def test_validate_stops_at_dilemma_problems_and_analyze_raises_them_all():
    broken = ethics.customize(SMALL, option_names={"a": "", "b": "", "c": ""})
    problems = ethics.validate(broken, SMALL_SCORES)
    assert len(problems) == 1 and "at least two options" in problems[0]
    with pytest.raises(InvalidCanvas) as error:
        ethics.analyze(SMALL, ethics.blank_scores(SMALL))
    assert len(error.value.problems) == len(SMALL.options)
    assert "Alpha: not scored yet" in str(error.value)


# -- analysis ------------------------------------------------------------------------


def test_three_readings_of_the_small_dilemma():
    analysis = ethics.analyze(SMALL, SMALL_SCORES)
    a, b, c = (analysis.result(k) for k in "abc")
    assert (a.total, b.total, c.total) == (2, 2, 0)
    assert (a.weighted_total, b.weighted_total, c.weighted_total) == (9, 5, -1)
    assert (a.worst_score, a.worst_off) == (-3, ("x",))
    assert (c.worst_score, c.worst_off) == (-1, ("y",))
    assert analysis.largest_total == ("a", "b")  # a tie is reported as a tie
    assert analysis.largest_weighted == ("a",)
    assert analysis.best_worst_off == ("b",)


def test_custom_weights_replace_salience():
    analysis = ethics.analyze(SMALL, SMALL_SCORES, {"x": 3, "y": 1, "z": 1})
    assert analysis.result("a").weighted_total == -9 + 2 + 3
    assert analysis.weights == {"x": 3.0, "y": 1.0, "z": 1.0}


def test_rule_flags_name_the_group_and_score_and_judgements_are_the_learners():
    analysis = ethics.analyze(SMALL, SMALL_SCORES, judgements={"promise": ["b"]})
    reasons = ethics.flag_reasons(analysis)
    assert reasons == [
        "Alpha breaks “No serious harm”. Rule: No group at -3. Scored: Staff -3.",
        "Beta breaks “We keep our word”. Rule: No broken promises. By your judgement.",
        "Gamma breaks “Customers first”. Rule: No customer score below 0. Scored: Customers -1.",
    ]
    assert [f.by_judgement for f in analysis.flags] == [False, True, False]
    assert analysis.survivors == ()
    assert ethics.analyze(SMALL, SMALL_SCORES).survivors == ("b",)


def test_a_floor_for_every_group_lists_every_group_below_it():
    scores = {"a": {"x": -3, "y": -3, "z": 0}, "b": {"x": 0, "y": 0, "z": 0},
              "c": {"x": 0, "y": 0, "z": 0}}
    flag = next(f for f in ethics.analyze(SMALL, scores).flags if f.value == "no_harm")
    assert flag.reason.endswith("Scored: Staff -3 and Customers -3.")


def test_dominated_options_are_found():
    scores = {"a": {"x": 1, "y": 1, "z": 1}, "b": {"x": 1, "y": 0, "z": 1},
              "c": {"x": 0, "y": 0, "z": 1}}
    analysis = ethics.analyze(SMALL, scores)
    assert analysis.result("a").dominated_by == ()
    assert analysis.result("b").dominated_by == ("a",)
    assert analysis.result("c").dominated_by == ("a", "b")
    text = " ".join(ethics.summary(analysis))
    assert "“Gamma” is dominated by “Alpha” or “Beta”" in text


def test_brannock_example_reads_as_the_lesson_says():
    analysis = ethics.example_analysis(BRANNOCK)
    scores = BRANNOCK.example_scores
    for result in analysis.results:
        assert result.total == sum(scores[result.key].values())
        assert result.worst_score == min(scores[result.key].values())
    assert analysis.survivors == ("redeploy", "attrition")
    assert analysis.largest_total == analysis.largest_weighted == ("redeploy",)
    assert analysis.best_worst_off == ("attrition",)
    assert analysis.result("manual").dominated_by == ("attrition",)
    assert {f.value for f in analysis.result("cut").flags} == {"people", "early",
                                                                "no_serious_harm"}


def test_bakery_example_shows_salience_disagreeing_with_the_plain_sum():
    analysis = ethics.example_analysis(BAKERY)
    assert analysis.largest_total != analysis.largest_weighted
    text = " ".join(ethics.summary(analysis))
    assert "Mitchell, Agle and Wood" in text
    assert "leads on the weighted sum but breaks a stated value" in text


# -- words ---------------------------------------------------------------------------


def test_summary_shows_trade_offs_and_leaves_the_decision_to_the_learner():
    analysis = ethics.example_analysis(BRANNOCK)
    paragraphs = ethics.summary(analysis)
    assert paragraphs[0].startswith("Options that pass all 4 value checks: “Automate and "
                                    "redeploy” and “Phase in by attrition”")
    assert "readings disagree" in paragraphs[2]
    assert paragraphs[-1].startswith("The canvas does not decide for you.")
    lower = all_text(analysis).lower()
    assert not any(word in lower for word in VERDICT_WORDS)


def test_summary_when_no_option_passes_and_when_all_agree():
    none_pass = ethics.analyze(SMALL, SMALL_SCORES, judgements={"promise": ["b"]})
    assert "No option passes all 3 value checks" in ethics.summary(none_pass)[0]
    agree = {"a": {"x": 1, "y": 1, "z": 1}, "b": {"x": 0, "y": 0, "z": 0},
             "c": {"x": 0, "y": 0, "z": 0}}
    analysis = ethics.analyze(SMALL, agree)
    text = " ".join(ethics.summary(analysis))
    assert "Every option passes all 3 value checks" in text
    assert "The three readings agree" in text


def test_summary_warns_about_groups_with_weight_zero():
    analysis = ethics.analyze(SMALL, SMALL_SCORES, {"x": 0, "y": 1, "z": 1})
    text = " ".join(ethics.summary(analysis))
    assert "Staff has a salience weight of 0, so the weighted sum ignores it" in text


def test_option_line_says_whom_it_helps_and_costs():
    analysis = ethics.analyze(SMALL, SMALL_SCORES)
    assert ethics.option_line(analysis, "a") == (
        "Alpha: helps Customers +2 and Owners +3; costs Staff -3. Sum +2, worst-off Staff "
        "(-3); breaks “No serious harm”."
    )
    flat = ethics.analyze(SMALL, {k: {"x": 0, "y": 0, "z": 0} for k in "abc"})
    assert "changes little for anyone" in ethics.option_line(flat, "a")
    assert "all options tie" in ethics.summary(flat)[1]


def test_matrix_table_and_text_alternative_hold_every_cell():
    analysis = ethics.example_analysis(BRANNOCK)
    table = ethics.matrix_table(analysis)
    groups = [s.name for s in BRANNOCK.stakeholders]
    assert list(table.columns) == groups + ["Sum", "Weighted sum", "Worst-off group",
                                            "Value checks"]
    assert list(table.index) == [o.name for o in BRANNOCK.options]
    assert table.loc["Automate and cut", "Order-entry clerks"] == "-3"
    assert table.loc["Automate and redeploy", "Value checks"] == "passes all"
    description = ethics.describe_matrix(analysis)
    assert description.startswith("Trade-off matrix of 4 options and 6 stakeholder groups")
    for result in analysis.results:
        cells = ", ".join(f"{BRANNOCK.stakeholder_names[g]} {ethics.format_score(s)}"
                          for g, s in result.scores.items())
        assert f"{result.name}: {cells};" in description


def test_heatmap_data_has_one_row_per_cell_and_labels_flagged_rows():
    analysis = ethics.example_analysis(BRANNOCK)
    data = ethics.heatmap_data(analysis)
    assert len(data) == len(BRANNOCK.options) * len(BRANNOCK.stakeholders)
    assert set(data["option"]) == {"Automate and cut (breaks 3 values)", "Automate and redeploy",
                                   "Phase in by attrition", "Keep manual entry (breaks 1 value)"}
    assert set(data["meaning"]) <= set(ethics.SCORE_LABELS.values())


def test_lesson_tables_describe_the_dilemma():
    assert list(ethics.options_table(BRANNOCK).index) == [o.name for o in BRANNOCK.options]
    salience = ethics.stakeholders_table(BRANNOCK)["Salience"]
    assert salience["Customers"] == "3 (definitive)"
    checked = ethics.values_table(BRANNOCK)["Checked by"]
    assert checked["We look after our people"].startswith("your judgement")
    assert checked["No one is seriously harmed"].startswith("the scores")


# -- the worked example's facts ------------------------------------------------------


def test_order_entry_facts_follow_the_payback_arithmetic():
    facts = ethics.order_entry_facts()["Value"]
    payback = automation_payback(ethics.ORDER_ENTRY)
    assert facts["Hours of order entry a month, by hand"] == f"{payback.hours_now:,.0f}"
    errors = ethics.ORDER_ERRORS
    saved = ethics.ORDER_ENTRY.cases_per_month * (errors.rate_before - errors.rate_after)
    error_saving = saved * errors.cost_each
    cut = payback.hours_saved * ethics.ORDER_ENTRY.hourly_cost + error_saving - 1500
    assert facts["Net a month if the freed hours are cut (EUR)"] == f"{cut:,.0f}"
    assert facts["Net a month if the freed hours are redeployed (EUR)"].startswith(
        f"{error_saving - 1500:,.0f}"
    )
    jobs = payback.hours_saved / ethics.HOURS_PER_FULL_TIME_MONTH
    assert f"about {jobs:.1f} of the 4 clerks" in facts["Hours freed a month"]


def test_team_leavers_counts_the_data():
    headcount = load("hr_headcount")
    table = ethics.team_leavers(headcount, "Customer Service")
    team = headcount[headcount["team"] == "Customer Service"]
    for year, row in table.iterrows():
        months = team[team["date"].dt.year == year]
        leavers = int(months["voluntary_separations"].sum() + months["involuntary_separations"].sum())
        assert row["Leavers"] == leavers
        assert row["Of whom resigned or retired"] == int(months["voluntary_separations"].sum())
    assert list(table.index) == [2023, 2024]


# -- property tests ------------------------------------------------------------------


@st.composite
def canvases(draw, fractional=False):
    n_options = draw(st.integers(2, 4))
    n_groups = draw(st.integers(2, 6))
    options = tuple(Option(f"o{i}", f"Option {i}") for i in range(n_options))
    groups = tuple(
        Stakeholder(f"g{j}", f"Group {j}", draw(st.integers(0, 3))) for j in range(n_groups)
    )
    if all(g.salience == 0 for g in groups):
        groups = (Stakeholder("g0", "Group 0", 1),) + groups[1:]
    floor_group = draw(st.sampled_from([None] + [g.key for g in groups]))
    values = (
        Value("judged", "Judged", "A rule"),
        Value("floor", "Floor", "A floor", minimum=draw(st.sampled_from(SCORES)),
              stakeholder=floor_group),
    )
    dilemma = Dilemma("p", "P", "S", "Q", options, groups, values)
    score = (
        st.floats(SCORE_MIN, SCORE_MAX, allow_nan=False).map(lambda v: round(v, 2))
        if fractional
        else st.sampled_from(SCORES)
    )
    scores = {
        o.key: {g.key: draw(score) for g in groups} for o in options
    }
    judged = draw(st.lists(st.sampled_from([o.key for o in options]), unique=True))
    return dilemma, scores, {"judged": judged}


@settings(max_examples=150, deadline=None)
@given(canvases(fractional=True))
def test_readings_match_their_definitions(canvas):
    dilemma, scores, judgements = canvas
    analysis = ethics.analyze(dilemma, scores, None, judgements)
    for result in analysis.results:
        row = scores[result.key]
        assert math.isclose(result.total, sum(row.values()), abs_tol=1e-9)
        assert math.isclose(
            result.weighted_total,
            sum(row[g.key] * g.salience for g in dilemma.stakeholders),
            abs_tol=1e-9,
        )
        assert result.worst_score == min(row.values())
        assert all(row[g] == result.worst_score for g in result.worst_off)
    floors = [analysis.result(k).worst_score for k in analysis.best_worst_off]
    assert all(f == max(r.worst_score for r in analysis.results) for f in floors)
    totals = [analysis.result(k).total for k in analysis.largest_total]
    assert all(math.isclose(t, max(r.total for r in analysis.results)) for t in totals)


@settings(max_examples=150, deadline=None)
@given(canvases())
def test_equal_weights_make_the_weighted_sum_a_multiple_of_the_sum(canvas):
    dilemma, scores, _ = canvas
    weights = {g.key: 2 for g in dilemma.stakeholders}
    analysis = ethics.analyze(dilemma, scores, weights)
    for result in analysis.results:
        assert result.weighted_total == 2 * result.total
    assert analysis.largest_weighted == analysis.largest_total


@settings(max_examples=150, deadline=None)
@given(canvases())
def test_a_dominated_option_never_leads_alone_and_never_beats_its_dominator(canvas):
    dilemma, scores, _ = canvas
    analysis = ethics.analyze(dilemma, scores)
    for result in analysis.results:
        for other in result.dominated_by:
            better = analysis.result(other)
            assert better.total > result.total
            assert better.worst_score >= result.worst_score
            assert better.weighted_total >= result.weighted_total
        if result.dominated_by:
            assert analysis.largest_total != (result.key,)
            assert result.key not in analysis.result(result.dominated_by[0]).dominated_by


@settings(max_examples=150, deadline=None)
@given(canvases(), st.data())
def test_raising_scores_never_adds_a_rule_flag(canvas, data):
    dilemma, scores, _ = canvas
    option = data.draw(st.sampled_from([o.key for o in dilemma.options]))
    group = data.draw(st.sampled_from([g.key for g in dilemma.stakeholders]))
    raised = json.loads(json.dumps(scores))
    raised[option][group] = min(SCORE_MAX, raised[option][group] + data.draw(st.integers(1, 6)))
    before = {(f.option, f.value) for f in ethics.analyze(dilemma, scores).flags}
    after = {(f.option, f.value) for f in ethics.analyze(dilemma, raised).flags}
    assert after <= before


@settings(max_examples=150, deadline=None)
@given(canvases())
def test_survivors_are_exactly_the_unflagged_options_and_a_tick_removes_one(canvas):
    dilemma, scores, judgements = canvas
    analysis = ethics.analyze(dilemma, scores, None, judgements)
    flagged = {f.option for f in analysis.flags}
    assert set(analysis.survivors) == {o.key for o in dilemma.options} - flagged
    assert not set(judgements["judged"]) & set(analysis.survivors)
    lower = all_text(analysis).lower()
    assert not any(word in lower for word in VERDICT_WORDS)
    assert ethics.summary(analysis)[-1].startswith("The canvas does not decide for you.")


@settings(max_examples=100, deadline=None)
@given(canvases(), st.randoms(use_true_random=False))
def test_the_order_of_options_does_not_change_their_results(canvas, rnd):
    dilemma, scores, judgements = canvas
    shuffled = list(dilemma.options)
    rnd.shuffle(shuffled)
    reordered = Dilemma("p", "P", "S", "Q", tuple(shuffled), dilemma.stakeholders,
                        dilemma.values)
    first = ethics.analyze(dilemma, scores, None, judgements)
    second = ethics.analyze(reordered, scores, None, judgements)
    for result in first.results:
        other = second.result(result.key)
        assert (other.total, other.weighted_total, other.worst_score, other.flags) == (
            result.total, result.weighted_total, result.worst_score, result.flags
        )
        assert set(other.dominated_by) == set(result.dominated_by)
    assert set(first.largest_total) == set(second.largest_total)
    assert set(first.best_worst_off) == set(second.best_worst_off)


@settings(max_examples=150, deadline=None)
@given(
    canvases(),
    st.data(),
)
def test_validation_passes_exactly_when_every_score_is_on_the_scale(canvas, data):
    dilemma, scores, _ = canvas
    option = data.draw(st.sampled_from([o.key for o in dilemma.options]))
    group = data.draw(st.sampled_from([g.key for g in dilemma.stakeholders]))
    bad = data.draw(st.one_of(st.none(), st.integers(4, 50), st.integers(-50, -4),
                              st.text(max_size=3), st.booleans()))
    assert ethics.validate_scores(dilemma, scores) == []
    broken = json.loads(json.dumps(scores))
    broken[option][group] = bad
    problems = ethics.validate_scores(dilemma, broken)
    assert len(problems) == 1
    assert dilemma.option_names[option] in problems[0]


# -- the chart -----------------------------------------------------------------------


def test_trade_off_chart_is_a_labelled_heatmap_in_a_diverging_safe_scheme():
    analysis = ethics.example_analysis(BRANNOCK)
    chart = charts.trade_off_chart(analysis, "Brannock")
    spec = json.loads(chart.to_json())
    assert spec["description"].startswith("Brannock. Heatmap of scores. Trade-off matrix of 4")
    assert ethics.describe_matrix(analysis) in spec["description"]
    rect, text = spec["layer"]
    assert rect["mark"]["type"] == "rect" and text["mark"]["type"] == "text"
    scale = rect["encoding"]["color"]["scale"]
    assert scale["domain"] == list(SCORES)
    assert scale["range"] == list(charts.TRADE_OFF_COLORS)
    assert len(set(charts.TRADE_OFF_COLORS)) == 7
    assert text["encoding"]["text"]["field"] == "text"  # the score is printed in every cell


def test_trade_off_chart_renders_offline_with_every_score_printed():
    analysis = ethics.example_analysis(BAKERY)
    svg = vl_convert.vegalite_to_svg(charts.trade_off_chart(analysis).to_json())
    cells = len(BAKERY.options) * len(BAKERY.stakeholders)
    assert svg.count("<path") >= cells
    assert "Auto-publish lean rotas (breaks 3 values)" in svg
    assert "Staff with caring duties" in svg
    assert "−3" in svg or "-3" in svg


# -- the widget ----------------------------------------------------------------------


def scored_canvas(dilemma=BRANNOCK.key):
    canvas = EthicalDecisionCanvas(dilemma)
    canvas.fill_example()
    return canvas


def test_every_input_has_a_unique_visible_label():
    canvas = EthicalDecisionCanvas()
    labels = [b.description for boxes in canvas.score_inputs.values() for b in boxes.values()]
    assert len(labels) == len(set(labels)) == 24
    assert canvas.score_inputs["cut"]["clerks"].description == score_description(
        "Automate and cut", "Order-entry clerks"
    )
    assert canvas.weight_inputs["customers"].description == salience_description("Customers")
    checks = [b.description for c in canvas.judgement_inputs.values() for b in c.values()]
    assert len(checks) == len(set(checks)) == 8
    assert canvas.judgement_inputs["people"]["cut"].description == judgement_description(
        "Automate and cut", "We look after our people"
    )
    assert all(box.description for box in canvas.option_inputs.values())
    assert all(not box.continuous_update for box in canvas.option_inputs.values())
    assert canvas.dilemma_input.description == "Dilemma"


def test_starts_unscored_with_the_dilemmas_saliences():
    canvas = EthicalDecisionCanvas()
    assert all(b.value == NOT_SCORED for boxes in canvas.score_inputs.values()
               for b in boxes.values())
    assert canvas.weights() == BRANNOCK.weights
    assert canvas.scores() == ethics.blank_scores(BRANNOCK)


def test_showing_nothing_lists_every_option_and_draws_nothing():
    canvas = EthicalDecisionCanvas()
    canvas.show_button.click()
    assert len(canvas.problems) == len(BRANNOCK.options)
    assert 'role="alert"' in canvas.messages.value
    assert "Automate and cut: not scored yet" in canvas.messages.value
    assert canvas.result.children == ()
    assert canvas.analysis is None


def test_one_missing_score_is_named():
    canvas = scored_canvas()
    canvas.score_inputs["attrition"]["community"].value = NOT_SCORED
    canvas.show_button.click()
    assert canvas.problems == ["Phase in by attrition: no score yet for Local community."]
    assert "no score yet for Local community" in canvas.messages.value


def test_example_scores_give_the_matrix_flags_chart_and_summary():
    canvas = scored_canvas()
    assert "example scores are filled in" in canvas.messages.value
    canvas.show_button.click()
    assert canvas.problems == []
    assert canvas.analysis.survivors == ("redeploy", "attrition")
    assert 'role="status"' in canvas.messages.value
    assert "2 of 4 options pass every value check" in canvas.messages.value
    assert len(canvas.flags) == 4
    chart, summary = canvas.result.children
    assert isinstance(chart, charts.alt.JupyterChart)
    html_text = summary.value
    assert "<table class='aligned-table'>" in html_text and "scope='col'" in html_text
    assert "Text description of the chart" in html_text
    assert "Options that break a stated value" in html_text
    assert "The canvas does not decide for you" in html_text
    assert canvas.feedback == ethics.summary_text(canvas.analysis)


def test_judgement_boxes_and_scores_drive_the_flags():
    canvas = scored_canvas()
    canvas.judgement_inputs["people"]["cut"].value = False
    canvas.judgement_inputs["early"]["cut"].value = False
    canvas.judgement_inputs["early"]["redeploy"].value = True
    canvas.score_inputs["cut"]["clerks"].value = -2
    canvas.show_button.click()
    assert set(canvas.analysis.survivors) == {"cut", "attrition"}
    assert canvas.flags[0].startswith("Automate and redeploy breaks “We tell people early”")


def test_renaming_updates_labels_and_the_results_and_escapes_html():
    canvas = scored_canvas()
    canvas.option_inputs["manual"].value = "<b>Keep it</b> by hand"
    canvas.group_inputs["clerks"].value = "The four clerks"
    assert canvas.score_inputs["manual"]["clerks"].description == (
        "<b>Keep it</b> by hand: The four clerks"
    )
    assert canvas.weight_inputs["clerks"].description == "Salience of The four clerks"
    assert "&lt;b&gt;Keep it&lt;/b&gt;" in canvas.option_headings["manual"].value
    canvas.show_button.click()
    summary = canvas.result.children[1].value
    assert "&lt;b&gt;Keep it&lt;/b&gt; by hand" in summary and "<b>Keep it</b>" not in summary
    assert "The four clerks" in summary


def test_an_unnamed_option_is_left_out_with_a_note():
    canvas = scored_canvas()
    canvas.option_inputs["manual"].value = "  "
    assert canvas.score_inputs["manual"]["owners"].description == "Option 4: Owners"
    canvas.show_button.click()
    assert [r.key for r in canvas.analysis.results] == ["cut", "redeploy", "attrition"]
    assert canvas.notes == ["Option 4 has no name, so it is left out."]
    assert "Option 4 has no name" in canvas.messages.value


def test_fewer_than_two_named_options_is_explained():
    canvas = scored_canvas()
    for key in ("cut", "redeploy", "attrition"):
        canvas.option_inputs[key].value = ""
    canvas.show_button.click()
    assert len(canvas.problems) == 1 and "at least two options" in canvas.problems[0]
    assert canvas.result.children == ()


def test_all_weights_zero_is_explained():
    canvas = scored_canvas()
    for box in canvas.weight_inputs.values():
        box.value = 0
    canvas.show_button.click()
    assert any("count nobody" in p for p in canvas.problems)


def test_an_emptied_rule_leaves_its_value_out():
    canvas = scored_canvas()
    canvas.rule_inputs["people"].value = ""
    canvas.show_button.click()
    assert all(f.value != "people" for f in canvas.analysis.flags)
    assert "all 3 value checks" in canvas.feedback


def test_switching_dilemma_rebuilds_the_form_and_clears_results():
    canvas = scored_canvas()
    canvas.show_button.click()
    canvas.dilemma_input.value = BAKERY.key
    assert canvas.result.children == () and canvas.analysis is None
    assert set(canvas.score_inputs) == {o.key for o in BAKERY.options}
    assert canvas.scores() == ethics.blank_scores(BAKERY)
    canvas.fill_example()
    canvas.show_button.click()
    assert canvas.analysis.dilemma.key == BAKERY.key
    canvas.set_dilemma(OWN.key)
    assert canvas.example_button.disabled
    assert canvas.score_inputs["option_1"]["employees"].description == "Option 1: Employees"
    canvas.show_button.click()
    assert "at least two options" in canvas.problems[0]


def test_own_dilemma_works_once_named_and_scored():
    canvas = EthicalDecisionCanvas(OWN.key)
    canvas.option_inputs["option_1"].value = "Raise prices"
    canvas.option_inputs["option_2"].value = "Keep prices"
    canvas.rule_inputs["value_1"].value = "We tell customers a month ahead"
    rnd = random.Random(7)
    for key in ("option_1", "option_2"):
        for box in canvas.score_inputs[key].values():
            box.value = rnd.choice(SCORES)
    canvas.judgement_inputs["value_1"]["option_1"].value = True
    canvas.show_button.click()
    assert canvas.problems == []
    assert [r.name for r in canvas.analysis.results] == ["Raise prices", "Keep prices"]
    assert "option_1" not in canvas.analysis.survivors
    assert [v.key for v in canvas.analysis.dilemma.values] == ["value_1", "no_serious_harm"]


def test_response_round_trips_through_set_scores_and_set_judgements():
    canvas = scored_canvas()
    response = json.loads(json.dumps(canvas.response()))
    fresh = EthicalDecisionCanvas()
    fresh.set_scores(response["scores"])
    fresh.set_judgements(response["judgements"])
    assert fresh.response() == response
    with pytest.raises(ValueError, match="not a score from -3 to"):
        fresh.set_scores({"cut": {"clerks": 5}})


def test_redrawing_reuses_the_chart_widget():
    canvas = scored_canvas()
    canvas.show_button.click()
    first = canvas.chart_widget
    canvas.score_inputs["cut"]["owners"].value = 1
    canvas.show_button.click()
    assert canvas.chart_widget is first
    expected = sum(BRANNOCK.example_scores["cut"].values()) - BRANNOCK.example_scores["cut"]["owners"] + 1
    assert canvas.analysis.result("cut").total == expected


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    canvas = scored_canvas()

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ethics, "analyze", broken)
    canvas.show_button.click()
    assert "Something went wrong while drawing the trade-offs" in canvas.messages.value
    assert "Traceback" not in canvas.messages.value and "boom" not in canvas.messages.value
    assert canvas.score_inputs["cut"]["clerks"].value == -3  # the entries are kept
