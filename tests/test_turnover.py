"""The turnover calculator: core arithmetic and checks, the chart, and the widget.

Core functions are tested as plain Python (with hypothesis for the invariants: rates are
never negative, voluntary + involuntary = total); the widget is driven in plain pytest by
setting values and clicking the button (no kernel, no browser).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets import charts
from widgets.core import turnover as core
from widgets.core.turnover import (
    BENCHMARK_CAVEAT,
    BENCHMARKS,
    COMPANY,
    SEASONAL_EXAMPLE,
    TurnoverInputError,
    annual_turnover,
    monthly_turnover,
    parse_count,
    period_turnover,
)
from widgets.data import load
from widgets.turnover import OWN, TurnoverCalculator

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def headcount() -> pd.DataFrame:
    return load("hr_headcount")


def by_hand(headcount: pd.DataFrame, team: str | None, year: int):
    """Turnover of a team (None = all) in a year, computed directly from the rows."""
    rows = headcount if team is None else headcount[headcount["team"] == team]
    rows = rows[rows["date"].dt.year == year]
    monthly = rows.groupby("date")[
        ["headcount_start", "headcount_end", "voluntary_separations", "involuntary_separations"]
    ].sum()
    average = ((monthly["headcount_start"] + monthly["headcount_end"]) / 2).astype(float)
    voluntary = int(monthly["voluntary_separations"].sum())
    involuntary = int(monthly["involuntary_separations"].sum())
    monthly_rates = 100 * (
        monthly["voluntary_separations"] + monthly["involuntary_separations"]
    ).astype(float) / average
    return {
        "total": 100 * (voluntary + involuntary) / average.mean(),
        "voluntary": 100 * voluntary / average.mean(),
        "sum_of_months": float(monthly_rates.sum()),
        "separations": voluntary + involuntary,
    }


# --- one month ---------------------------------------------------------------------------


def test_monthly_turnover_is_separations_over_average_headcount():
    result = monthly_turnover(28, 26, 2, 1)
    assert result.average_headcount == 27
    assert result.separations == 3
    assert result.rate == pytest.approx(100 * 3 / 27)
    assert result.voluntary_rate == pytest.approx(100 * 2 / 27)
    assert result.involuntary_rate == pytest.approx(100 * 1 / 27)
    assert result.monthly_rate == pytest.approx(result.rate)
    assert result.annualized == pytest.approx(12 * 100 * 3 / 27)
    assert result.voluntary_share == pytest.approx(2 / 3)
    assert result.one_leaver_points == pytest.approx(100 / 27)
    assert result.annualized_sum_of_months is None


def test_nobody_left_gives_zero_and_no_voluntary_share():
    result = monthly_turnover(12, 13, 0, 0)
    assert result.rate == 0
    assert result.voluntary_share is None
    assert core.split_text(result) == "Nobody left in this period."


def test_a_longer_period_is_scaled_to_a_year():
    result = period_turnover(40, 38, 5, 1, months=6)
    assert result.rate == pytest.approx(100 * 6 / 39)
    assert result.monthly_rate == pytest.approx(100 * 6 / 39 / 6)
    assert result.annualized == pytest.approx(100 * 6 / 39 * 2)


counts = st.integers(min_value=0, max_value=400)


@given(start=counts, end=counts, voluntary=counts, involuntary=counts,
       months=st.integers(min_value=1, max_value=12))
def test_rates_are_never_negative_and_the_split_adds_up(start, end, voluntary, involuntary, months):
    try:
        result = period_turnover(start, end, voluntary, involuntary, months=months)
    except TurnoverInputError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return
    assert result.voluntary + result.involuntary == result.separations == voluntary + involuntary
    for value in (result.rate, result.voluntary_rate, result.involuntary_rate,
                  result.monthly_rate, result.annualized):
        assert value >= 0 and math.isfinite(value)
    assert result.voluntary_rate + result.involuntary_rate == pytest.approx(result.rate)
    assert result.annualized_voluntary + result.annualized_involuntary == pytest.approx(
        result.annualized)
    if result.separations:
        assert 0 <= result.voluntary_share <= 1


@given(start=counts, end=counts, voluntary=counts, involuntary=counts)
def test_valid_counts_are_exactly_those_that_balance(start, end, voluntary, involuntary):
    problems = core.count_problems(start, end, voluntary, involuntary)
    separations = voluntary + involuntary
    should_fail = (
        start + end == 0
        or start - end > separations
        or separations > max(start, end)
    )
    assert bool(problems) == should_fail


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("12", 12), (" 7 ", 7), ("1,200", 1200), ("3.0", 3), (0, 0), (5.0, 5), ("0", 0)],
)
def test_parse_count_accepts_whole_numbers(value, expected):
    assert parse_count(value, "headcount") == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("", "Please enter"),
        ("   ", "Please enter"),
        (None, "Please enter"),
        ("abc", "is not"),
        ("twelve", "is not"),
        ("-2", "cannot be negative"),
        (-1, "cannot be negative"),
        ("3.5", "whole number"),
        (2.5, "whole number"),
        ("nan", "ordinary number"),
        ("inf", "ordinary number"),
        (True, "not yes or no"),
        ([3], "number of people"),
        ("2,5", "whole number"),
        ("1,20", "whole number"),
    ],
)
def test_parse_count_explains_bad_input(value, words):
    with pytest.raises(TurnoverInputError) as error:
        parse_count(value, "headcount at the start")
    assert words in str(error.value)
    assert "headcount at the start" in str(error.value)


def test_zero_average_headcount_is_refused_kindly():
    with pytest.raises(TurnoverInputError) as error:
        monthly_turnover(0, 0, 0, 0)
    assert "average headcount is 0" in error.value.problems[0]
    with pytest.raises(TurnoverInputError):
        core.rate(1, 0)


def test_separations_larger_than_headcount_are_refused():
    with pytest.raises(TurnoverInputError) as error:
        monthly_turnover(10, 10, 9, 3)
    assert "more than the team's headcount" in error.value.problems[0]


def test_a_team_cannot_shrink_more_than_the_leavers_explain():
    with pytest.raises(TurnoverInputError) as error:
        monthly_turnover(30, 20, 3, 1)
    assert "shrank by 10 but only 4 people left" in error.value.problems[0]


def test_every_problem_is_reported_at_once():
    with pytest.raises(TurnoverInputError) as error:
        period_turnover("ten", "", "-1", "0.5")
    assert len(error.value.problems) == 4


def test_period_must_be_whole_months_in_range():
    assert core.count_problems(10, 10, 1, 0, months=0)
    assert core.count_problems(10, 10, 1, 0, months=25)
    assert core.count_problems(10, 10, 1, 0, months=True)


# --- a run of months: the two ways to annualize ----------------------------------------------


def months_of(*rows):
    return [
        {"headcount_start": s, "headcount_end": e, "voluntary_separations": v,
         "involuntary_separations": i}
        for s, e, v, i in rows
    ]


def test_steady_headcount_gives_the_same_annual_rate_both_ways():
    result = annual_turnover(months_of(*[(20, 20, 1, 0)] * 12))
    assert result.annualized == pytest.approx(60)
    assert result.annualized_sum_of_months == pytest.approx(60)


@given(
    st.integers(1, 200),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=24),
)
def test_constant_headcount_means_both_methods_agree(people, leavers):
    rows = months_of(*[(people, people, min(v, people), min(i, people - min(v, people)))
                       for v, i in leavers])
    result = annual_turnover(rows)
    assert result.annualized_sum_of_months == pytest.approx(result.annualized)
    assert result.annualized >= 0


def test_the_seasonal_example_shows_the_two_methods_differ():
    months = pd.DataFrame(SEASONAL_EXAMPLE)
    average = (months["headcount_start"] + months["headcount_end"]) / 2
    leavers = months["voluntary_separations"] + months["involuntary_separations"]
    expected_total = 100 * leavers.sum() / average.mean()
    expected_sum = (100 * leavers / average).sum()
    result = annual_turnover(months)
    assert result.months == 12
    assert result.annualized == pytest.approx(expected_total)
    assert result.annualized_sum_of_months == pytest.approx(expected_sum)
    # the point of the example: a gap of several points, because people leave when it is small
    assert result.annualized_sum_of_months - result.annualized > 10
    assert "higher" in core.annualization_note(result)
    # the example balances month to month
    assert (months["headcount_start"].iloc[1:].to_numpy()
            == months["headcount_end"].iloc[:-1].to_numpy()).all()
    table = core.seasonal_example()
    assert list(table["turnover_pct"]) == [round(x, 1) for x in 100 * leavers / average]


def test_annual_turnover_reports_bad_months_by_number():
    with pytest.raises(TurnoverInputError) as error:
        annual_turnover(months_of((10, 10, 1, 0), (10, 10, 11, 0)))
    assert error.value.problems[0].startswith("Month 2:")
    with pytest.raises(TurnoverInputError):
        annual_turnover([])
    with pytest.raises(TurnoverInputError) as error:
        annual_turnover([{"headcount_start": 3}])
    assert "headcount_end" in str(error.value)


# --- the Brannock Kitchenworks data ---------------------------------------------------------


@pytest.mark.parametrize("team", [None, "Warehouse", "Sales", "Product"])
@pytest.mark.parametrize("year", [2023, 2024])
def test_data_turnover_matches_a_direct_computation(headcount, team, year):
    expected = by_hand(headcount, team, year)
    result, months = core.data_turnover(
        headcount, COMPANY if team is None else team, f"{year}-01-01", f"{year}-12-01"
    )
    assert len(months) == 12
    assert result.separations == expected["separations"]
    assert result.annualized == pytest.approx(expected["total"])
    assert result.annualized_voluntary == pytest.approx(expected["voluntary"])
    assert result.annualized_sum_of_months == pytest.approx(expected["sum_of_months"])


def test_the_data_story_numbers_come_out(headcount):
    """datasets/README.md: company 16.2 % / 22.9 % (voluntary 13.6 % / 18.7 %), warehouse 51 %."""
    company_2023, _ = core.data_turnover(headcount, COMPANY, "2023-01-01", "2023-12-01")
    company_2024, _ = core.data_turnover(headcount, COMPANY, "2024-01-01", "2024-12-01")
    warehouse_2024, _ = core.data_turnover(headcount, "Warehouse", "2024-01-01", "2024-12-01")
    assert round(company_2023.annualized, 1) == 16.2
    assert round(company_2024.annualized, 1) == 22.9
    assert round(company_2023.annualized_voluntary, 1) == 13.6
    assert round(company_2024.annualized_voluntary, 1) == 18.7
    assert round(warehouse_2024.annualized_voluntary) == 51


def test_monthly_table_adds_the_teams_up_for_the_company(headcount):
    company = core.monthly_table(headcount)
    assert len(company) == 24
    assert company["headcount_start"].sum() == headcount["headcount_start"].sum()
    assert (company["separations"]
            == company["voluntary_separations"] + company["involuntary_separations"]).all()
    assert company["turnover_pct"].ge(0).all()


def test_data_selection_errors_are_friendly(headcount):
    with pytest.raises(TurnoverInputError) as error:
        core.data_turnover(headcount, "Warehouse", "2024-06-01", "2024-02-01")
    assert "before the first" in str(error.value)
    with pytest.raises(TurnoverInputError) as error:
        core.data_turnover(headcount, "Marketing", "2024-01-01", "2024-02-01")
    assert "no team called 'Marketing'" in str(error.value)
    with pytest.raises(TurnoverInputError):
        core.data_turnover(headcount, "Sales", "2030-01-01", "2030-02-01")
    with pytest.raises(ValueError):
        core.monthly_table(headcount.drop(columns="hires"))


def test_shift_change_matches_the_data_story():
    path = ROOT / "datasets" / "stories" / "hr_headcount.py"
    spec = importlib.util.spec_from_file_location("story_hr_headcount_for_turnover", path)
    story = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(story)
    assert core.SHIFT_CHANGE == story.SHIFT_CHANGE
    assert list(core.TEAMS) == list(story.TEAMS)


def test_events_are_shown_only_inside_the_months(headcount):
    _, before = core.data_turnover(headcount, "Warehouse", "2023-01-01", "2023-12-01")
    _, after = core.data_turnover(headcount, "Warehouse", "2024-01-01", "2024-12-01")
    _, sales = core.data_turnover(headcount, "Sales", "2024-01-01", "2024-12-01")
    assert core.events_in("Warehouse", before) == []
    assert core.events_in("Warehouse", after) == [(core.SHIFT_CHANGE, core.SHIFT_CHANGE_LABEL)]
    assert core.events_in("Sales", sales) == []


# --- benchmarks, words, small teams -------------------------------------------------------------


@pytest.mark.parametrize("key", list(BENCHMARKS))
def test_benchmark_positions(key):
    band = BENCHMARKS[key]
    assert 0 < band.low < band.high
    assert "illustrative" in band.label
    assert core.compare_with_benchmark(band.low - 0.5, key).position == "below"
    assert core.compare_with_benchmark((band.low + band.high) / 2, key).position == "within"
    assert core.compare_with_benchmark(band.high + 0.5, key).position == "above"
    assert "illustrative range" in core.compare_with_benchmark(band.high + 0.5, key).text


def test_benchmark_caveat_says_what_it_is():
    for words in ("heuristic", "not a standard", "industry", "country"):
        assert words in BENCHMARK_CAVEAT
    with pytest.raises(TurnoverInputError):
        core.compare_with_benchmark(10, "space-tourism")


def test_small_team_note():
    assert core.small_team_note(monthly_turnover(30, 30, 1, 0)) is None
    note = core.small_team_note(monthly_turnover(8, 8, 0, 0))
    assert core.format_pct(100 / 8) in note and core.format_pct(1200 / 8) in note


def test_format_pct():
    assert core.format_pct(12) == "12 %"
    assert core.format_pct(12.345) == "12.3 %"
    assert core.format_pct(-0.01) == "0 %"


@given(st.integers(0, 30), st.floats(0, 30, allow_nan=False))
def test_chance_of_at_least_is_a_poisson_tail(count, expected):
    direct = 1 - sum(math.exp(-expected) * expected**k / math.factorial(k) for k in range(count))
    assert core.chance_of_at_least(count, expected) == pytest.approx(max(0.0, direct), abs=1e-9)
    assert core.chance_of_at_least(count + 1, expected) <= core.chance_of_at_least(count, expected)


def test_first_year_turnover():
    assert core.first_year_turnover(12, 5) == pytest.approx(100 * 5 / 12)
    with pytest.raises(TurnoverInputError):
        core.first_year_turnover(0, 0)
    with pytest.raises(TurnoverInputError):
        core.first_year_turnover(3, 4)


def test_result_rows_and_notes(headcount):
    result, months = core.data_turnover(headcount, "Warehouse", "2024-01-01", "2024-12-01")
    labels = [label for label, _ in core.result_rows(result)]
    assert "Annualized (sum of monthly rates)" in labels
    assert "Annualized (from the total)" in labels
    single = [label for label, _ in core.result_rows(monthly_turnover(10, 10, 1, 0))]
    assert "Monthly turnover" in single and "Annualized (sum of monthly rates)" not in single
    assert "run rate" in core.annualization_note(monthly_turnover(10, 10, 1, 0))
    peak = months.loc[months["turnover_pct"].idxmax(), "date"]
    assert core.month_label(peak) in core.describe_months(months, "Warehouse")


# --- the chart --------------------------------------------------------------------------------


def test_turnover_chart_is_accessible_and_small(headcount):
    _, months = core.data_turnover(headcount, "Warehouse", "2023-01-01", "2024-12-01")
    chart = charts.turnover_chart(months, "Warehouse", core.events_in("Warehouse", months))
    spec = chart.to_dict()
    assert spec["description"].startswith("Monthly turnover: Warehouse.")
    assert core.describe_months(months, "Warehouse") in spec["description"]
    assert len(charts.turnover_points(months)) == 2 * len(months) < 5000
    colors = {style["color"] for style in charts.TURNOVER_SERIES_STYLE.values()}
    assert colors <= set(charts.OKABE_ITO.values())
    dashes = [style["dash"] for style in charts.TURNOVER_SERIES_STYLE.values()]
    assert len({tuple(d) for d in dashes}) == len(dashes)  # not told apart by color alone


# --- the widget --------------------------------------------------------------------------------


def test_widget_calculates_the_default_team_from_the_data(headcount):
    calculator = TurnoverCalculator()
    assert "aligned-activity" in calculator._dom_classes
    assert calculator.own_box.layout.display == "none"
    calculator.calculate_button.click()
    expected, _ = core.data_turnover(headcount, "Warehouse", "2024-01-01", "2024-12-01")
    assert calculator.turnover == expected
    assert calculator.problems == []
    assert core.format_pct(expected.annualized) in calculator.messages.value
    assert 'role="status"' in calculator.messages.value
    summary = calculator.result.children[0].value
    assert "Above the range" in summary and "Illustrative heuristic" in summary
    assert calculator.chart_widget is not None
    assert calculator.chart_widget.chart.to_dict()["description"].startswith("Monthly turnover")
    assert "Text description of the chart" in calculator.result.children[-1].value


def test_widget_company_and_comparison_choice(headcount):
    calculator = TurnoverCalculator()
    calculator.team_input.value = COMPANY
    calculator.first_input.value = "2023-01-01"
    calculator.last_input.value = "2023-12-01"
    calculator.benchmark_input.value = "hospitality"
    calculator.calculate_button.click()
    assert calculator.scope == core.COMPANY_LABEL
    assert calculator.comparison.position == "below"
    assert "hospitality" in calculator.result.children[0].value


def test_widget_with_own_numbers():
    calculator = TurnoverCalculator()
    calculator.set_own_numbers("8", "8", "1", "0")
    assert calculator.data_box.layout.display == "none"
    calculator.calculate_button.click()
    assert calculator.turnover.rate == pytest.approx(12.5)
    summary = calculator.result.children[0].value
    assert "one leaver in a month" in summary  # the small-team warning
    assert len(calculator.result.children) == 1  # no chart for typed numbers


def test_widget_explains_bad_input_without_a_traceback():
    calculator = TurnoverCalculator()
    calculator.set_own_numbers("ten", "-3", "", "2")
    calculator.calculate_button.click()
    assert 'role="alert"' in calculator.messages.value
    assert len(calculator.problems) == 3
    assert "&#x27;ten&#x27; is not" in calculator.messages.value
    assert calculator.turnover is None and calculator.result.children == ()
    calculator.set_own_numbers("10", "10", "12", "0")
    calculator.calculate_button.click()
    assert "more than the team" in calculator.messages.value
    calculator.set_own_numbers("0", "0", "0", "0")
    calculator.calculate_button.click()
    assert "average headcount is 0" in calculator.messages.value


def test_widget_months_in_the_wrong_order():
    calculator = TurnoverCalculator()
    calculator.first_input.value = "2024-06-01"
    calculator.last_input.value = "2024-01-01"
    calculator.calculate_button.click()
    assert "before the first" in calculator.messages.value


def test_widget_escapes_what_it_shows():
    calculator = TurnoverCalculator()
    calculator.set_own_numbers("<b>5</b>", "5", "1", "0")
    calculator.calculate_button.click()
    assert "<b>5</b>" not in calculator.messages.value
    assert "&lt;b&gt;5&lt;/b&gt;" in calculator.messages.value


def test_widget_hides_unexpected_errors(monkeypatch):
    calculator = TurnoverCalculator()

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "data_turnover", broken)
    calculator.calculate_button.click()
    assert "Something went wrong" in calculator.messages.value
    assert "boom" not in calculator.messages.value
    assert calculator.source.value != OWN


# --- tables for the lesson ----------------------------------------------------------------------


def test_summary_table_rows_match_data_turnover(headcount):
    selections = [("Warehouse", "2024-04-01", "2024-08-01"), (COMPANY, "2024-01-01", "2024-12-01")]
    table = core.summary_table(headcount, selections)
    assert list(table["team"]) == ["Warehouse", core.COMPANY_LABEL]
    assert list(table["period"]) == ["Apr 2024 to Aug 2024", "2024"]
    for row, (team, first, last) in zip(table.to_dict("records"), selections):
        result, _ = core.data_turnover(headcount, team, first, last)
        assert row["months"] == result.months
        assert row["voluntary"] + row["involuntary"] == result.separations
        assert row["annual turnover %"] == round(result.annualized, 1)
        assert row["sum of monthly rates %"] == round(result.annualized_sum_of_months, 1)


def test_benchmark_table_lists_every_range_as_illustrative():
    table = core.benchmark_table()
    assert len(table) == len(BENCHMARKS)
    assert table.index.name == "Illustrative range"
    assert table.index.str.contains("illustrative").all()
    assert list(table.columns) == ["Annual turnover", "Typical of"]
