"""The implementation-readiness checklist, automation payback and the Brannock rota example."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.core import implementation as im
from widgets.core.implementation import (
    AREAS,
    CHECKLIST,
    INVOICE_MATCHING,
    INVOICE_MATCHING_FIXED,
    ReadinessInputError,
    automation_payback,
    score_readiness,
    validate_answers,
    with_exception_rate,
)
from widgets.data import load

KEYS = [item.key for item in CHECKLIST]
PROCESS_KEYS = [item.key for item in CHECKLIST if item.area == "process"]


def all_(value):
    return {key: value for key in KEYS}


# -- the checklist --------------------------------------------------------------------------


def test_checklist_has_twelve_distinct_items_in_the_four_areas():
    assert len(CHECKLIST) == 12
    assert len(set(KEYS)) == len(KEYS)
    assert {item.area for item in CHECKLIST} == set(AREAS)
    for area in AREAS:
        assert sum(item.area == area for item in CHECKLIST) >= 2
    for item in CHECKLIST:
        assert item.question.endswith(".") and item.why and item.fix


def test_checklist_table_lists_every_question_in_order():
    table = im.checklist_table()
    assert list(table["Key"]) == KEYS
    assert list(table.index) == list(range(1, 13))
    assert table["Question"].str.len().min() > 30


def test_all_yes_is_ready_with_no_next_steps():
    result = score_readiness(all_("yes"))
    assert (result.points, result.max_points) == (24, 24)
    assert result.percent == 100
    assert result.verdict.key == "ready"
    assert result.next_steps == ()
    assert all(a.points == a.max_points for a in result.by_area)


def test_all_no_means_fix_the_process_first():
    result = score_readiness(all_("no"))
    assert result.points == 0
    assert result.verdict.key == "fix_process_first"
    assert len(result.next_steps) == 12
    assert result.weakest_area == "process"  # all tied at 0 %: the earlier area wins


def test_one_process_no_overrides_a_high_total():
    answers = all_("yes") | {PROCESS_KEYS[1]: "no"}
    result = score_readiness(answers)
    assert result.percent > 90
    assert result.verdict.key == "fix_process_first"
    assert result.next_steps == (im.ITEMS[PROCESS_KEYS[1]].fix,)


def test_a_no_outside_the_process_blocks_ready_but_not_the_gate():
    answers = all_("yes") | {"rewards_match": "no"}
    result = score_readiness(answers)
    assert result.percent > im.READY_PERCENT
    assert result.verdict.key == "ready_with_gaps"
    assert result.weakest_area == "reinforcement"


def test_all_partly_is_half_and_nearly_ready():
    result = score_readiness(all_("partly"))
    assert result.points == 12 and result.percent == 50
    assert result.verdict.key == "ready_with_gaps"


def test_below_half_without_process_noes_is_not_ready():
    answers = all_("no") | {key: "partly" for key in PROCESS_KEYS}
    answers["users_involved"] = "yes"
    result = score_readiness(answers)
    assert result.percent < im.GAPS_PERCENT
    assert result.verdict.key == "not_ready"


def test_next_steps_put_noes_before_partlys_in_checklist_order():
    answers = all_("yes") | {
        "feedback_loop": "no", "process_mapped": "partly", "training_planned": "no"
    }
    result = score_readiness(answers)
    assert result.next_steps == (
        im.ITEMS["training_planned"].fix,
        im.ITEMS["feedback_loop"].fix,
        im.ITEMS["process_mapped"].fix,
    )


def test_answers_are_normalized():
    answers = {key: value for key, value in zip(KEYS, [" YES ", "Partly", "no"] * 4, strict=True)}
    result = score_readiness(answers)
    assert set(result.answers.values()) == {"yes", "partly", "no"}
    assert result.points == 4 * (2 + 1 + 0)


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({}, "Question 1 (process_mapped) has no answer yet"),
        (all_("yes") | {"waste_removed": "maybe"}, "'maybe' is not an answer"),
        (all_("yes") | {"waste_removed": 2}, "2 is not an answer"),
        (all_("yes") | {"waste_removed": True}, "True is not an answer"),
        (all_("yes") | {"waste_removed": "   "}, "Question 3 (waste_removed) has no answer yet"),
        (all_("yes") | {"budget_approved": "yes"}, "Not on the checklist: 'budget_approved'"),
        (["yes"] * 12, "should be a dictionary"),
    ],
)
def test_bad_answers_are_named_one_by_one(answers, expected):
    problems = validate_answers(answers)
    assert any(expected in p for p in problems), problems
    with pytest.raises(ReadinessInputError) as error:
        score_readiness(answers)
    assert error.value.problems == problems


def test_empty_answers_list_every_question():
    assert len(validate_answers({})) == 12


def test_readiness_text_never_raises():
    assert im.readiness_text(im.blank_answers()).startswith("Nothing to score yet")
    half = im.blank_answers() | {"process_mapped": "yes"}
    text = im.readiness_text(half)
    assert text.startswith("Almost there") and "Question 2 (exceptions_counted)" in text
    assert "Question 1 " not in text
    assert im.readiness_text(all_("yes")).startswith("Readiness: 24 of 24 points")
    assert "Not on the checklist" in im.readiness_text({"nonsense": None})


def test_report_numbers_the_next_steps():
    answers = all_("yes") | {"leaders_model_it": "no", "reasons_explained": "partly"}
    text = im.report(score_readiness(answers))
    assert "1. " + im.ITEMS["leaders_model_it"].fix in text
    assert "2. " + im.ITEMS["reasons_explained"].fix in text
    assert "Readiness: 21 of 24 points (88 %)." in text.splitlines()[0]


@given(st.lists(st.sampled_from(["yes", "partly", "no"]), min_size=12, max_size=12))
def test_any_complete_answer_set_is_scored_consistently(values):
    answers = dict(zip(KEYS, values, strict=True))
    result = score_readiness(answers)
    expected = sum(im.ANSWER_POINTS[v] for v in values)
    assert result.points == expected == sum(a.points for a in result.by_area)
    assert math.isclose(result.percent, 100 * expected / 24)
    assert len(result.next_steps) == sum(v != "yes" for v in values)
    gate = any(answers[k] == "no" for k in PROCESS_KEYS)
    assert (result.verdict.key == "fix_process_first") == gate
    if result.verdict.key == "ready":
        assert "no" not in values and result.percent >= im.READY_PERCENT
    weakest = next(a for a in result.by_area if a.area == result.weakest_area)
    assert weakest.percent == min(a.percent for a in result.by_area)


def test_readiness_table_shows_answers_points_and_evidence():
    result = score_readiness(im.ROTA_ANSWERS)
    table = im.readiness_table(result, im.ROTA_EVIDENCE)
    assert list(table.columns) == ["Area", "Question", "Answer", "Points", "Evidence"]
    assert table["Points"].sum() == result.points
    assert "Evidence" not in im.readiness_table(result).columns


# -- automation payback ------------------------------------------------------------------------


def test_invoice_matching_arithmetic():
    case = INVOICE_MATCHING
    result = automation_payback(case)
    hours_now = 600 * 6 / 60
    hours_after = (600 * 0.75 * 1 + 600 * 0.25 * 12) / 60
    assert result.hours_now == pytest.approx(hours_now)
    assert result.hours_after == pytest.approx(hours_after)
    saving = (hours_now - hours_after) * 35 - 250
    assert result.monthly_saving == pytest.approx(saving)
    assert result.setup_cost == pytest.approx(40 * 35)
    assert result.payback_months == pytest.approx(40 * 35 / saving)


def test_fixing_the_process_first_more_than_doubles_the_saving():
    before = automation_payback(INVOICE_MATCHING)
    after = automation_payback(INVOICE_MATCHING_FIXED)
    assert INVOICE_MATCHING_FIXED.exception_rate < INVOICE_MATCHING.exception_rate
    assert after.monthly_saving > 2 * before.monthly_saving
    assert after.payback_months < before.payback_months


def test_saving_falls_with_the_exception_rate_and_can_turn_negative():
    rates = (0.0, 0.1, 0.25, 0.4, 0.55, 0.8)
    savings = [
        automation_payback(with_exception_rate(INVOICE_MATCHING, r)).monthly_saving for r in rates
    ]
    assert savings == sorted(savings, reverse=True)
    assert savings[-1] < 0
    table = im.exception_rate_table(INVOICE_MATCHING, rates)
    assert list(table.index) == ["0 %", "10 %", "25 %", "40 %", "55 %", "80 %"]
    never = table["Payback (months)"] == "never"
    assert list(never) == [s <= 0 for s in savings]


def test_payback_text_says_never_when_the_tool_costs_more_than_it_saves():
    assert "never pays back" in im.payback_text(with_exception_rate(INVOICE_MATCHING, 0.6))
    assert "pays back in 2.6 months" in im.payback_text(INVOICE_MATCHING)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("exception_rate", 1.5, "exception_rate is a share between 0 and 1"),
        ("exception_rate", True, "exception_rate is a share between 0 and 1"),
        ("minutes_per_case", -3, "minutes_per_case cannot be negative"),
        ("hourly_cost", float("nan"), "hourly_cost must be a number"),
        ("cases_per_month", "600", "cases_per_month must be a number"),
    ],
)
def test_bad_automation_numbers_are_refused_with_their_name(field, value, message):
    case = im.AutomationCase(**{**INVOICE_MATCHING.__dict__, field: value})
    with pytest.raises(ValueError, match=message):
        automation_payback(case)


# -- the Brannock rota ----------------------------------------------------------------------


def test_rota_case_answers_every_question_with_evidence():
    assert list(im.ROTA_CASE) == KEYS
    assert all(evidence.strip() for evidence in im.ROTA_EVIDENCE.values())
    result = score_readiness(im.ROTA_ANSWERS)
    assert result.verdict.key == "fix_process_first"
    assert result.percent < im.GAPS_PERCENT


def test_rota_turnover_table_matches_an_independent_calculation():
    headcount = load("hr_headcount")
    table = im.rota_turnover_table(headcount)
    frame = headcount.assign(
        year=pd.to_datetime(headcount["date"]).dt.year,
        average=(headcount["headcount_start"] + headcount["headcount_end"]).astype(float) / 2,
    )

    def expected(rows, year):
        one = rows[rows["year"] == year]
        monthly = one.groupby("date")["average"].sum()
        leavers = int(one["voluntary_separations"].sum())
        return round(100 * leavers / monthly.mean(), 1), leavers

    groups = {
        "Warehouse": frame[frame["team"] == "Warehouse"],
        "All other teams": frame[frame["team"] != "Warehouse"],
        "Whole company": frame,
    }
    for label, rows in groups.items():
        for year in (2023, 2024):
            rate, leavers = expected(rows, year)
            assert table.loc[label, f"Voluntary turnover {year} (%)"] == rate
            assert table.loc[label, f"Voluntary leavers {year}"] == leavers
    # The story the lesson tells: the warehouse doubles, the rest does not.
    warehouse = table.loc["Warehouse"]
    assert warehouse["Voluntary turnover 2024 (%)"] > 1.8 * warehouse["Voluntary turnover 2023 (%)"]
    others = table.loc["All other teams"]
    assert others["Voluntary turnover 2024 (%)"] <= others["Voluntary turnover 2023 (%)"]


def test_rota_kpis_are_period_means_of_the_raw_data():
    kpis = load("kpis")
    table = im.rota_kpis(kpis)
    assert len(table) == len(im.ROTA_KPIS)
    on_time = kpis[kpis["kpi_id"] == "on_time_delivery"]
    on_time = on_time.assign(date=pd.to_datetime(on_time["date"]))
    for label, start, end in im.ROTA_PERIODS:
        inside = on_time[(on_time["date"] >= start) & (on_time["date"] <= end)]
        assert table.loc["On-time delivery", label] == round(inside["value"].mean(), 1)
    before, after, recovery = (table.loc["On-time delivery", p[0]] for p in im.ROTA_PERIODS)
    assert after < before and after < recovery
    assert table.loc["On-time delivery", "Better when"] == "higher"


def test_rota_kpis_refuse_the_wrong_table_and_unknown_kpis():
    with pytest.raises(ValueError, match="needs the kpis data set"):
        im.rota_kpis(pd.DataFrame({"date": []}))
    with pytest.raises(ValueError, match="No KPI called happiness"):
        im.rota_kpis(load("kpis"), ("happiness",))
