"""The coffee-shop lesson: core analysis, attributions and challenge, the linked chart, the widget.

Expected numbers are computed here from the data with plain pandas/numpy, never copied from
the code under test.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert

from widgets import charts
from widgets.core import coffee
from widgets.core.coffee import (
    ATTRIBUTION_CHOICES,
    METRICS,
    OTHER,
    SHOPS,
    TRAITS,
    Attribution,
)
from widgets.data import load

STORY_PATH = Path(__file__).resolve().parent.parent / "datasets" / "stories" / "coffee_shops.py"


@pytest.fixture(scope="module")
def shops() -> pd.DataFrame:
    return load("coffee_shops")


def story():
    spec = importlib.util.spec_from_file_location("story_coffee_shops", STORY_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ms(text: str) -> float:
    return pd.Timestamp(text).value / 1e6


def shop_year(frame, shop, year, column):
    rows = frame[(frame["shop"] == shop) & (frame["date"].dt.year == year)]
    return rows[column].astype(float)


def attribution(metric="review_rating", traits=("accountability",), confidence=3):
    made, problems = coffee.validate_attribution(metric, list(traits), confidence)
    assert problems == []
    return made


# --- constants agree with the data set ---------------------------------------------------


def test_constants_match_the_data_set(shops):
    module = story()
    assert coffee.ROADWORKS_MONTH.isoformat() == module.ROADWORKS_MONTH
    assert coffee.SHOPS == module.SHOPS
    assert set(METRICS) <= set(shops.columns)
    assert set(coffee.COFFEE_COLUMNS) <= set(shops.columns)


# --- checking the table ------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda f: f.drop(columns=["review_rating"]), "no column 'review_rating'"),
        (lambda f: f.iloc[0:0], "empty"),
        (lambda f: f.assign(shop="C"), "Unknown shop code"),
        (lambda f: f.to_dict(), "pandas DataFrame"),
    ],
)
def test_a_wrong_table_is_refused_in_words(shops, make, message):
    with pytest.raises(ValueError, match=message):
        coffee.check_coffee(make(shops))


def test_unknown_metric_is_refused(shops):
    with pytest.raises(ValueError, match="Unknown metric 'coffee_strength'"):
        coffee.chart_frame(shops, "coffee_strength", "revenue")


# --- chart data and tables ---------------------------------------------------------------


def test_chart_frame_has_48_rows_in_display_units(shops):
    data = coffee.chart_frame(shops, "employee_turnover_rate", "repeat_customer_share")
    assert len(data) == 48  # aggregated: far below the 5000-row limit for Altair
    assert set(data["shop_name"]) == set(SHOPS.values())
    row = shops[(shops["shop"] == "B") & (shops["date"] == "2025-04-01")].iloc[0]
    chart_row = data[(data["shop"] == "B") & (data["date"] == "2025-04-01")].iloc[0]
    assert chart_row["value"] == pytest.approx(100 * row["employee_turnover_rate"])
    assert chart_row["other"] == pytest.approx(100 * row["repeat_customer_share"])
    assert chart_row["month"] == "Apr 2025"


def test_monthly_table_is_the_chart_as_a_table(shops):
    table = coffee.monthly_table(shops, "review_rating")
    assert list(table.columns) == ["Harbour Beans", "Corner Grind"]
    assert len(table) == 24 and table.index[0] == "Jan 2024" and table.index[-1] == "Dec 2025"
    a = shops[shops["shop"] == "A"]["review_rating"].to_numpy()
    assert np.allclose(table["Harbour Beans"].to_numpy(), a)


def test_month_options_cover_every_month(shops):
    options = coffee.month_options(shops)
    assert len(options) == 24
    assert options[0] == ("Jan 2024", "2024-01-01")
    assert options[-1] == ("Dec 2025", "2025-12-01")


# --- comparisons -------------------------------------------------------------------------


def test_year_comparison_matches_a_plain_groupby(shops):
    table = coffee.year_comparison(shops)
    assert list(table.index) == [m.label for m in METRICS.values()]
    for key, info in METRICS.items():
        row = table.loc[info.label]
        for code, name in SHOPS.items():
            for year in (2024, 2025):
                expected = info.scale * shop_year(shops, code, year, key).mean()
                assert row[f"{name} {year}"] == pytest.approx(
                    expected, abs=10 ** -(info.decimals + 2)
                )
        assert row["Gap 2025"] == pytest.approx(
            row["Harbour Beans 2025"] - row["Corner Grind 2025"], abs=1e-6
        )


def test_year_table_is_readable_with_units(shops):
    table = coffee.year_table(shops)
    row = table.loc["Employee turnover (lower is better)"]
    b25 = 100 * shop_year(shops, "B", 2025, "employee_turnover_rate").mean()
    assert row["Corner Grind 2025"] == f"{b25:.1f} %"
    assert row["Gap 2025"].endswith("percentage points") and row["Gap"] == "widened"
    assert table.loc["Revenue (higher is better)", "Harbour Beans 2024"].startswith("EUR ")


def test_the_gap_widens_on_every_metric_in_the_story(shops):
    assert coffee.year_comparison(shops)["Gap widened"].all()


def test_gap_direction_respects_lower_is_better(shops):
    # Make Corner Grind serve faster in 2025 than in 2024: its gap to Harbour Beans narrows.
    changed = shops.copy()
    late_b = (changed["shop"] == "B") & (changed["date"].dt.year == 2025)
    changed.loc[late_b, "service_time_seconds"] = 150.0
    row = coffee.year_comparison(changed, ["service_time_seconds"]).iloc[0]
    assert row["Gap 2025"] > 0  # A is now slower than B...
    assert not row["Gap widened"]  # ...so A's advantage did not grow
    assert "narrowed or reversed" in coffee.difference_summary(changed, "service_time_seconds")


def test_difference_summary_states_both_years_and_percentage_points(shops):
    text = coffee.difference_summary(shops, "repeat_customer_share")
    b25 = 100 * shop_year(shops, "B", 2025, "repeat_customer_share").mean()
    assert f"{b25:.0f} %" in text
    assert "percentage points" in text and "widened" in text
    assert "lower is better" in coffee.difference_summary(shops, "service_time_seconds")


def test_period_comparison_means_and_swapped_ends(shops):
    result = coffee.period_comparison(shops, "revenue", "2025-05-20", "2025-03-02")
    assert (result.start.isoformat(), result.end.isoformat(), result.months) == (
        "2025-03-01",
        "2025-05-01",
        3,
    )
    mask = shops["date"].between("2025-03-01", "2025-05-01")
    for code, mean in (("A", result.mean_a), ("B", result.mean_b)):
        assert mean == pytest.approx(
            shops[mask & (shops["shop"] == code)]["revenue"].mean(), abs=0.1
        )
    assert result.leader == "Harbour Beans"
    assert "Harbour Beans does better by EUR" in result.describe()
    turnover = coffee.period_comparison(shops, "employee_turnover_rate", "2025-04-01", "2025-04-01")
    assert turnover.months == 1 and turnover.leader == "Harbour Beans"
    assert (
        "percentage points" in turnover.describe() and "Apr 2025 (1 month)" in turnover.describe()
    )


def test_period_comparison_outside_the_data_is_none(shops):
    assert coffee.period_comparison(shops, "revenue", "2030-01-01", "2030-06-01") is None


def test_period_comparison_can_be_level(shops):
    same = shops.copy()
    same["engagement_score"] = 60.0
    result = coffee.period_comparison(same, "engagement_score", "2024-01-01", "2024-12-01")
    assert result.leader is None and "level" in result.describe()


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"date": [ms("2024-05-20"), ms("2024-07-10")]}, ("2024-06-01", "2024-07-01")),
        ({"date": [ms("2024-12-31T22:00"), ms("2025-03-01T01:00")]}, ("2025-01-01", "2025-03-01")),
        ({"date": ["2025-04-01T00:00:00", "2025-02-01T00:00:00"]}, ("2025-02-01", "2025-04-01")),
    ],
)
def test_brush_months_reads_vega_selections(value, expected):
    months = coffee.brush_months(value)
    assert tuple(m.isoformat() for m in months) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"date": []},
        {"date": [ms("2024-05-05"), ms("2024-05-25")]},
        {"date": ["soon", "later"]},
        {"other": [1, 2]},
        "2024-01-01",
    ],
)
def test_brush_months_ignores_empty_or_odd_selections(value):
    assert coffee.brush_months(value) is None


def test_roadworks_recovery_against_the_year_before(shops):
    table = coffee.roadworks_recovery(shops)
    assert list(table.index)[:3] == ["Feb 2025", "Mar 2025", "Apr 2025"]

    def revenue(code, day):
        return float(shops[(shops["shop"] == code) & (shops["date"] == day)]["revenue"].iloc[0])

    expected_b = 100 * revenue("B", "2025-03-01") / revenue("B", "2024-03-01")
    assert table.loc["Mar 2025", "Corner Grind"] == pytest.approx(expected_b, abs=0.05)
    # The story: both hit in March; Harbour Beans back within two months, Corner Grind not in six.
    assert (table.loc["Mar 2025"] < 85).all()
    assert coffee.months_to_recover(table, "Harbour Beans") in (1, 2)
    assert coffee.months_to_recover(table, "Corner Grind") is None


# --- correlation -------------------------------------------------------------------------


def test_correlation_is_pearsons_r_with_a_sensible_interval(shops):
    b = shops[shops["shop"] == "B"]
    expected = np.corrcoef(b["employee_turnover_rate"], b["review_rating"])[0, 1]
    result = coffee.correlation(shops, "employee_turnover_rate", "review_rating", "B")
    assert result.r == pytest.approx(expected, abs=0.005)
    assert result.n == 24
    assert -1 <= result.low < result.r < result.high <= 1
    assert result.effective_n <= result.n
    assert result.low_effective <= result.low and result.high_effective >= result.high
    assert "r = " in result.describe() and "Corner Grind" in result.describe()


def test_pooling_two_shops_inflates_the_correlation(shops):
    pooled = coffee.correlation(shops, "engagement_score", "repeat_customer_share")
    within = [
        coffee.correlation(shops, "engagement_score", "repeat_customer_share", s) for s in SHOPS
    ]
    assert pooled.effective_n is None  # no autocorrelation correction across two shops
    assert all(pooled.r > w.r for w in within)


def test_trending_series_are_worth_fewer_independent_months(shops):
    # Corner Grind's engagement and repeat share both slide for two years: strongly persistent.
    result = coffee.correlation(shops, "engagement_score", "repeat_customer_share", "B")
    assert result.effective_n < result.n / 2
    assert result.high_effective - result.low_effective > result.high - result.low


def test_correlation_of_a_constant_or_tiny_series_is_explained(shops):
    flat = shops.assign(engagement_score=70.0)
    result = coffee.correlation(flat, "engagement_score", "review_rating", "A")
    assert result.r is None and "does not vary" in result.describe()
    tiny = shops.head(4)  # two months, so two rows per shop
    assert coffee.correlation(tiny, "revenue", "review_rating", "A").r is None
    with pytest.raises(ValueError, match="Unknown shop"):
        coffee.correlation(shops, "revenue", "review_rating", "C")


def test_a_lagged_correlation_pairs_each_month_with_a_later_one(shops):
    b = shops[shops["shop"] == "B"].sort_values("date")
    x = b["employee_turnover_rate"].to_numpy(float)[:-2]
    y = b["service_time_seconds"].to_numpy(float)[2:]
    result = coffee.correlation(shops, "employee_turnover_rate", "service_time_seconds", "B", lag=2)
    assert result.n == 22 and result.lag == 2
    assert result.r == pytest.approx(np.corrcoef(x, y)[0, 1], abs=0.005)
    assert "service time 2 months later" in result.describe()
    with pytest.raises(ValueError, match="needs one shop"):
        coffee.correlation(shops, "revenue", "review_rating", lag=1)
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="whole number of months"):
            coffee.correlation(shops, "revenue", "review_rating", "A", lag=bad)


def test_lead_lag_shows_which_comes_first(shops):
    table = coffee.lead_lag(shops, "employee_turnover_rate", "review_rating", "B")
    assert list(table.index) == [0, 1, 2]
    forward, backward = table.columns
    assert forward.startswith("Employee turnover, then")
    assert table.loc[0, forward] == table.loc[0, backward]  # same months, same r
    # The story: at Corner Grind departures come before the poor ratings, not after.
    assert table.loc[1, forward] < table.loc[1, backward] - 0.2


def test_reverse_question_reports_the_order_of_events(shops):
    result = coffee.challenge(shops, [attribution("review_rating")])
    text = result.items[0].of_kind("reverse")[0].text
    forward = coffee.correlation(shops, "employee_turnover_rate", "review_rating", "B", 1).r
    assert f"r = {forward:+.2f}" in text and "order of events" in text
    trending = coffee.challenge(shops, [attribution("engagement_score")]).items[0]
    assert "shared trend" in trending.of_kind("reverse")[0].text


def test_correlation_table_has_pooled_and_within_shop_columns(shops):
    table = coffee.correlation_table(shops)
    assert list(table.columns) == ["both shops", "Harbour Beans", "Corner Grind"]
    assert len(table) == len(coffee.DEFAULT_PAIRS)
    first = table.iloc[0]
    a = shops[shops["shop"] == "A"]
    assert first["Harbour Beans"] == pytest.approx(
        np.corrcoef(a["employee_turnover_rate"], a["review_rating"])[0, 1], abs=0.005
    )


def test_describe_chart_names_both_shops_and_the_road_works(shops):
    text = coffee.describe_chart(shops, "employee_turnover_rate", "review_rating")
    worst_b = shops[shops["shop"] == "B"].sort_values("employee_turnover_rate").iloc[-1]
    assert f"worst {worst_b['date']:%b %Y}" in text
    assert "road works" in text.lower()
    assert text.count("r = ") == 2


# --- teaching tables ---------------------------------------------------------------------


def test_schein_table_has_three_levels_with_examples():
    table = coffee.schein_table()
    assert list(table.index) == [
        "Artifacts",
        "Espoused beliefs and values",
        "Basic underlying assumptions",
    ]
    assert (table.map(len) > 40).all().all()


def test_every_trait_has_an_opposite_and_ways_to_observe_it():
    assert list(TRAITS) == [
        "adaptability",
        "transparency",
        "accountability",
        "continuous_improvement",
    ]
    traits = coffee.traits_table()
    observe = coffee.observation_table()
    assert len(traits) == len(observe) == 4
    assert {"Its opposite", "Why it aligns", "The engagement survey asks about"} <= set(
        traits.columns
    )
    assert {"Questions to ask", "Artifacts to look at", "A metric that hints at it"} <= set(
        observe.columns
    )
    assert (observe.map(len) > 30).all().all()
    assert "blame" in TRAITS["accountability"].opposite.lower()


def test_every_trait_has_a_mechanism_for_every_kind_of_metric():
    groups = {m.group for m in METRICS.values()}
    for trait in TRAITS:
        assert set(coffee.MECHANISMS[trait]) == groups
    for table in (coffee.OTHER_NOTES, coffee.CONFOUNDERS, coffee.EVIDENCE):
        assert set(table) == groups
    assert set(coffee.REVERSE) == set(METRICS) == set(coffee.LINKED_METRIC)


# --- attributions: validation ------------------------------------------------------------


def test_a_valid_attribution_is_normalized():
    made, problems = coffee.validate_attribution(
        "employee_turnover_rate", ["other", "transparency", "accountability", "transparency"], "4"
    )
    assert problems == []
    assert made.traits == ("transparency", "accountability", OTHER)
    assert made.confidence == 4
    assert made.cultural_traits == ("transparency", "accountability")
    assert "Employee turnover" in made.describe() and "very sure" in made.describe()


@pytest.mark.parametrize(
    "metric, traits, confidence, fragment",
    [
        ("review_rating", [], 3, "Tick at least one trait"),
        ("review_rating", None, 3, "Tick at least one trait"),
        ("review_rating", ["kindness"], 3, "Unknown choice(s): 'kindness'"),
        ("review_rating", ["adaptability"], None, "Choose how confident you are"),
        ("review_rating", ["adaptability"], "", "Choose how confident you are"),
        ("review_rating", ["adaptability"], "very", "Choose how confident you are"),
        ("review_rating", ["adaptability"], True, "Choose how confident you are"),
        ("review_rating", ["adaptability"], 0, "between 1 (a hunch) and 5 (certain)"),
        ("review_rating", ["adaptability"], 9, "you gave 9"),
        ("latte_art", ["adaptability"], 3, "Choose which difference"),
    ],
)
def test_bad_attributions_are_explained(metric, traits, confidence, fragment):
    made, problems = coffee.validate_attribution(metric, traits, confidence)
    assert made is None
    assert any(fragment in p for p in problems)


def test_nothing_chosen_lists_every_problem():
    made, problems = coffee.validate_attribution("review_rating", [], None)
    assert made is None and len(problems) == 2


def test_a_single_trait_given_as_text_is_accepted():
    made, _ = coffee.validate_attribution("revenue", "adaptability", 2)
    assert made.traits == ("adaptability",)


# --- attributions: the challenge ---------------------------------------------------------


def test_no_attribution_cannot_be_challenged(shops):
    problems = coffee.challenge_problems([])
    assert problems and "Make at least one attribution first" in problems[0]
    with pytest.raises(ValueError, match="at least one attribution"):
        coffee.challenge(shops, [])
    assert "Not an attribution" in coffee.challenge_problems(["turnover is culture"])[0]
    broken = Attribution("review_rating", (), 7)
    assert any(p.startswith("Review rating: ") for p in coffee.challenge_problems([broken]))


def test_each_attribution_gets_every_kind_of_question(shops):
    made = attribution("employee_turnover_rate", ("transparency", "accountability"), 2)
    result = coffee.challenge(shops, [made])
    item = result.items[0]
    assert {"observed", "mechanism", "confounder", "reverse", "sample", "evidence"} <= {
        q.kind for q in item.questions
    }
    mechanisms = item.of_kind("mechanism")
    assert len(mechanisms) == 2
    assert "transparency" in mechanisms[0].title and "accountability" in mechanisms[1].title
    assert item.of_kind("observed")[0].text == coffee.difference_summary(
        shops, "employee_turnover_rate"
    )
    sample = item.of_kind("sample")[0].text
    assert "n = 2" in sample and "modest confidence" in sample
    assert "turnover lower the ratings" in item.of_kind("reverse")[0].text
    assert "to transparency and accountability" in result.summary


def test_high_confidence_is_questioned(shops):
    result = coffee.challenge(shops, [attribution("review_rating", ("accountability",), 5)])
    sample = result.items[0].of_kind("sample")[0].text
    assert "'certain'" in sample and "what would have to be true for you to be wrong" in sample


def test_the_road_works_confounder_quotes_the_data(shops):
    result = coffee.challenge(shops, [attribution("review_rating")])
    texts = [q.text for q in result.items[0].of_kind("confounder")]
    road = next(t for t in texts if t.startswith("The road works"))
    during = shops[shops["date"].between("2025-03-01", "2025-05-01") & (shops["shop"] == "B")]
    assert f"{during['review_rating'].mean():.2f} stars at Corner Grind" in road
    revenue = coffee.challenge(shops, [attribution("revenue")]).items[0]
    assert any("natural experiment" in q.text for q in revenue.of_kind("evidence"))


def test_pooled_correlation_warning_appears_where_pooling_inflates(shops):
    result = coffee.challenge(shops, [attribution("engagement_score", ("transparency",))])
    assert (
        "pooling mostly measures that the two shops differ"
        in result.items[0].of_kind("sample")[0].text
    )


def test_every_trait_ticked_for_everything_is_challenged(shops):
    everything = list(ATTRIBUTION_CHOICES[:4])
    made = [
        attribution(m, everything, 4)
        for m in ("review_rating", "revenue", "employee_turnover_rate")
    ]
    result = coffee.challenge(shops, made)
    assert all(item.of_kind("focus") for item in result.items)
    general = " ".join(q.text for q in result.general)
    assert "every trait for every difference" in general
    assert "very sure of every attribution" in general
    assert "every difference down to culture" in general


def test_one_attribution_is_told_to_try_another(shops):
    result = coffee.challenge(shops, [attribution("engagement_score", ("accountability",))])
    suggestion = next(q for q in result.general if q.kind == "observed")
    assert "for example repeat-customer share" in suggestion.text
    assert "engagement score" not in suggestion.text.split("Others to try:")[1]


def test_not_culture_is_acknowledged_and_not_nagged(shops):
    made = [
        attribution("revenue", (OTHER,), 3),
        attribution("review_rating", ("accountability",), 2),
    ]
    result = coffee.challenge(shops, made)
    assert result.items[0].of_kind("other")[0].text.startswith("Good:")
    assert not result.items[0].of_kind("mechanism")
    assert all(q.kind != "other" for q in result.general)
    assert all(q.kind != "focus" for q in result.general)
    assert "accountability" in result.summary


def test_only_other_gives_a_summary_without_traits(shops):
    result = coffee.challenge(shops, [attribution("revenue", (OTHER,), 1)])
    assert "causes other than culture" in result.summary


# --- the linked chart --------------------------------------------------------------------


def chart_spec(shops, metric="employee_turnover_rate", other="review_rating"):
    data = coffee.chart_frame(shops, metric, other)
    chart = charts.coffee_linked_chart(
        data, metric, other, description=coffee.describe_chart(shops, metric, other)
    )
    return chart, json.loads(chart.to_json())


def test_linked_chart_shares_one_interval_brush(shops):
    _, spec = chart_spec(shops)
    assert spec["params"][0]["name"] == "months"
    assert spec["params"][0]["select"]["type"] == "interval"
    assert spec["params"][0]["select"]["encodings"] == ["x"]
    text = json.dumps(spec)
    assert '"filter": {"param": "months"}' in text  # the bar chart follows the brush
    assert '"param": "months"' in text.split('"hconcat"')[1]  # and so does the scatter


def test_linked_chart_is_color_blind_safe_and_described(shops):
    _, spec = chart_spec(shops)
    text = json.dumps(spec)
    assert charts.OKABE_ITO["blue"] in text and charts.OKABE_ITO["vermillion"] in text
    assert '"strokeDash"' in text and '"shape"' in text  # never color alone
    assert spec["description"].startswith("Employee turnover: Harbour Beans and Corner Grind")
    assert (
        coffee.describe_chart(shops, "employee_turnover_rate", "review_rating")
        in spec["description"]
    )


def test_linked_chart_renders_offline_to_svg(shops):
    chart, _ = chart_spec(shops, "revenue", "repeat_customer_share")
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Road works" in svg
    assert "Corner Grind" in svg and svg.count("<path") > 40


# --- the widget, in plain pytest ---------------------------------------------------------


@pytest.fixture
def widget(shops):
    from widgets.coffee import CoffeeShopComparison

    return CoffeeShopComparison(shops)


def tick(widget, *traits, confidence=3):
    for key, box in widget.trait_inputs.items():
        box.value = key in traits
    widget.confidence_input.value = confidence


def test_widget_starts_with_linked_charts_and_their_text(widget):
    assert isinstance(widget.chart_widget, alt.JupyterChart)
    assert "aligned-activity" in widget._dom_classes
    assert widget.metric_input.value == "review_rating"
    assert widget.other_input.value == coffee.LINKED_METRIC["review_rating"]
    assert "Three linked charts" in widget.chart_widget.spec["description"]
    assert widget.chart_text.value.count("<tr><th scope='row'>") == 24
    assert widget.messages.value == ""
    assert "review rating" in widget.attribution_heading.value


def test_widget_has_a_plain_repr(widget):
    # Jupyter calls repr() when it displays the widget; no method may shadow ipywidgets' own.
    assert repr(widget).startswith("CoffeeShopComparison(")


def test_every_input_has_a_label(widget):
    labelled = [
        widget.metric_input,
        widget.other_input,
        widget.from_input,
        widget.to_input,
        widget.confidence_input,
        *widget.trait_inputs.values(),
    ]
    assert all(box.description for box in labelled)
    assert "its opposite: rigidity" in widget.trait_inputs["adaptability"].description


def test_switching_the_metric_redraws_in_place_and_pairs_it(widget):
    first = widget.chart_widget
    widget.metric_input.value = "engagement_score"
    assert widget.chart_widget is first
    assert widget.other_input.value == "repeat_customer_share"
    assert widget.chart_widget.spec["description"].startswith("Engagement score")
    assert "engagement score" in widget.attribution_heading.value
    widget.other_input.value = "revenue"
    assert "Engagement score and revenue" in widget.chart_widget.spec["description"]


def test_compare_months_with_the_menus(widget, shops):
    widget.metric_input.value = "revenue"
    widget.from_input.value = "2025-05-01"
    widget.to_input.value = "2025-03-01"
    widget.compare_button.click()
    assert "Mar 2025 to May 2025 (3 months)" in widget.period_box.value
    assert "swapped" in widget.period_box.value
    assert widget.period.months == 3
    # The comparison follows the metric.
    widget.metric_input.value = "employee_turnover_rate"
    assert "Employee turnover, Mar 2025 to May 2025" in widget.period_box.value


def test_a_brush_on_the_chart_selects_months(widget):
    widget.chart_widget._vl_selections = {
        "months": {"value": {"date": [ms("2025-02-20"), ms("2025-06-05")]}, "store": []}
    }
    assert (widget.from_input.value, widget.to_input.value) == ("2025-03-01", "2025-06-01")
    assert "Months taken from your selection" in widget.period_box.value
    assert widget.period.months == 4
    # A brush too narrow to hold a month.
    widget.metric_input.value = "revenue"
    widget.chart_widget._vl_selections = {
        "months": {"value": {"date": [ms("2024-05-05"), ms("2024-05-20")]}, "store": []}
    }
    assert "drag a little wider" in widget.period_box.value


def test_saving_nothing_explains_what_is_missing(widget):
    widget.save_button.click()
    assert 'role="alert"' in widget.messages.value
    assert "Tick at least one trait" in widget.messages.value
    assert "Choose how confident you are" in widget.messages.value
    assert widget.attributions == {}
    assert "No attributions saved yet." in widget.attributions_box.children[0].value


def test_challenge_without_attributions_is_a_friendly_alert(widget):
    widget.challenge_button.click()
    assert "Make at least one attribution first" in widget.messages.value
    assert widget.feedback is None and widget.result.value == ""


def test_save_update_remove_and_prefill(widget):
    tick(widget, "accountability", confidence=2)
    widget.save_button.click()
    assert "Saved: Review rating: Accountability" in widget.messages.value
    tick(widget, "accountability", "transparency", confidence=3)
    widget.save_button.click()
    assert "Updated" in widget.messages.value
    assert widget.attributions["review_rating"].traits == ("transparency", "accountability")
    # Another metric starts empty; coming back shows the saved choice.
    widget.metric_input.value = "revenue"
    assert not any(box.value for box in widget.trait_inputs.values())
    assert widget.confidence_input.value is None
    widget.metric_input.value = "review_rating"
    assert widget.trait_inputs["transparency"].value and widget.confidence_input.value == 3
    # Remove it with its button.
    row = widget.attributions_box.children[0]
    row.children[1].click()
    assert widget.attributions == {}
    assert not widget.trait_inputs["transparency"].value


def test_challenge_shows_questions_and_clears_when_attributions_change(widget):
    tick(widget, "accountability", confidence=5)
    widget.save_button.click()
    widget.metric_input.value = "revenue"
    tick(widget, OTHER, "adaptability", confidence=2)
    widget.save_button.click()
    widget.challenge_button.click()
    assert widget.feedback is not None and len(widget.feedback.items) == 2
    result = widget.result.value
    for title in (
        "A possible confounder.",
        "Reverse causality.",
        "A small sample.",
        "What would make the claim stronger.",
        "Not culture.",
    ):
        assert title in result
    assert "natural experiment" in result
    assert "You attributed 2 differences" in widget.messages.value
    widget.attributions_box.children[1].children[1].click()
    assert widget.feedback is None and widget.result.value == ""


def test_everything_ticked_for_everything_is_challenged_in_the_widget(widget):
    for metric in ("review_rating", "employee_turnover_rate"):
        widget.metric_input.value = metric
        tick(widget, *TRAITS, confidence=5)
        widget.save_button.click()
    widget.challenge_button.click()
    assert "Across your attributions" in widget.result.value
    assert "every trait for every difference" in widget.result.value
    assert "You ticked all four traits" in widget.result.value


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(widget, monkeypatch):
    tick(widget, "adaptability", confidence=3)
    widget.save_button.click()

    def broken(*args, **kwargs):
        raise RuntimeError("statistics exploded")

    monkeypatch.setattr("widgets.coffee.core.challenge", broken)
    widget.challenge_button.click()
    assert "Something went wrong" in widget.messages.value
    assert "statistics exploded" not in widget.messages.value
    assert "review_rating" in widget.attributions


def test_metric_format_handles_missing_values():
    assert METRICS["revenue"].format(float("nan")) == "n/a"
    assert METRICS["revenue"].format(1234.4) == "EUR 1,234"
    assert METRICS["employee_turnover_rate"].format(-2.5, signed=True, difference=True) == (
        "-2.5 percentage points"
    )
    assert math.isclose(METRICS["repeat_customer_share"].scale, 100)
