"""The bakery case: its ground truth against the data, the analysis, the feedback and the widget.

Expected numbers are computed here from the raw rows with plain pandas, not taken from the
code under test, so a wrong aggregation or a drifting episode date fails.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from widgets.core import bakery_case as core
from widgets.core.bakery_case import EPISODES, EPISODES_BY_KEY, HUDDLE_START, Mark
from widgets.data import load

ROOT = Path(__file__).resolve().parent.parent
DAY = pd.Timedelta(days=1)


def story_module():
    path = ROOT / "datasets" / "stories" / "bakery_operations.py"
    spec = importlib.util.spec_from_file_location("story_bakery_for_case", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bakery() -> pd.DataFrame:
    return load("bakery_operations")


def rows(bakery, start, end, products=None) -> pd.DataFrame:
    window = bakery[(bakery["date"] >= pd.Timestamp(start)) & (bakery["date"] <= pd.Timestamp(end))]
    if products is not None:
        window = window[window["product"].isin(list(products))]
    return window


def waste_per_day(bakery, start, end, products=None) -> float:
    window = rows(bakery, start, end, products)
    return float(window["wasted"].sum()) / window["date"].nunique()


def on_time_share(bakery, start, end, products=None) -> float:
    window = rows(bakery, start, end, products)
    return float(window["large_orders_on_time"].sum()) / float(window["large_orders"].sum())


def true_mark(episode, role=None, waste=None, orders=None) -> Mark:
    return Mark(episode.start, episode.end, role or episode.role, waste or 0, orders or 0)


# --- The ground truth agrees with the data ------------------------------------------------


def test_episode_constants_match_the_story_that_generated_the_data():
    story = story_module()
    recipe, decoration = EPISODES_BY_KEY["recipe"], EPISODES_BY_KEY["decoration"]
    assert recipe.start.isoformat() == story.RECIPE_LAUNCH
    assert recipe.end.isoformat() == story.RECIPE_EPISODE_END
    assert recipe.products == (story.RECIPE_PRODUCT,)
    assert decoration.start.isoformat() == story.DECORATION_DRIFT_START
    assert decoration.end.isoformat() == story.DECORATION_DRIFT_END
    assert decoration.products == tuple(story.DECORATED_PRODUCTS)
    assert core.DECORATED_PRODUCTS == tuple(story.DECORATED_PRODUCTS)
    assert core.PRODUCTS == tuple(story.PRODUCTS)
    assert HUDDLE_START.isoformat() == story.HUDDLE_START


def test_the_huddle_column_starts_on_huddle_start(bakery):
    held = bakery.loc[bakery["huddle"].astype(bool), "date"]
    assert held.min().date() == HUDDLE_START
    assert not bakery.loc[bakery["date"] < pd.Timestamp(HUDDLE_START), "huddle"].astype(bool).any()
    # held on most days from then on
    days_after = bakery.loc[bakery["date"] >= pd.Timestamp(HUDDLE_START), "date"].nunique()
    assert held.nunique() >= 0.9 * days_after


def test_episodes_are_well_formed():
    for episode in EPISODES:
        assert core.FIRST_DAY <= episode.start <= episode.end < HUDDLE_START
        assert episode.role in core.ROLES
        assert set(episode.products) <= set(core.PRODUCTS)
        assert len(episode.what_happened) > 80 and len(episode.how_fixed) > 40
        assert set(episode.wrong_role_notes) == set(core.ROLES) - {episode.role}
    assert EPISODES[0].end < EPISODES[1].start  # they do not overlap


def test_sourdough_waste_shifts_exactly_at_the_recipe_dates(bakery):
    recipe = EPISODES_BY_KEY["recipe"]
    start, end = pd.Timestamp(recipe.start), pd.Timestamp(recipe.end)
    sourdough = recipe.products
    before = waste_per_day(bakery, start - 14 * DAY, start - DAY, sourdough)
    first_weeks = waste_per_day(bakery, start, start + 13 * DAY, sourdough)
    last_weeks = waste_per_day(bakery, end - 13 * DAY, end, sourdough)
    after = waste_per_day(bakery, end + DAY, end + 14 * DAY, sourdough)
    assert first_weeks > 3 * before
    assert last_weeks > 3 * after
    # The other products' waste does not move.
    others = [p for p in core.PRODUCTS if p not in sourdough]
    assert waste_per_day(bakery, start, end, others) == pytest.approx(
        waste_per_day(bakery, start - 56 * DAY, start - DAY, others), rel=0.2
    )


def test_large_orders_slip_in_the_decoration_episode_and_recover_with_the_huddle(bakery):
    decoration = EPISODES_BY_KEY["decoration"]
    start, end = pd.Timestamp(decoration.start), pd.Timestamp(decoration.end)
    decorated = decoration.products
    before = on_time_share(bakery, start - 56 * DAY, start - DAY, decorated)
    during = on_time_share(bakery, start, end, decorated)
    huddle = on_time_share(bakery, HUDDLE_START, core.LAST_DAY, decorated)
    assert before > 0.85 and huddle > 0.9
    assert during < before - 0.25


def test_decoration_minutes_quoted_in_the_story_match_the_data(bakery):
    cakes = bakery[bakery["product"] == "celebration_cake"].set_index("date")["decoration_minutes"]
    assert cakes["2025-01-01":"2025-05-31"].mean() == pytest.approx(28, abs=2)
    assert cakes["2025-07-14":"2025-08-31"].mean() == pytest.approx(61, abs=3)
    assert "28 minutes" in EPISODES_BY_KEY["decoration"].what_happened
    assert "61" in EPISODES_BY_KEY["decoration"].what_happened


# --- Aggregation --------------------------------------------------------------------------


def test_weekly_aggregation_starts_on_mondays_and_keeps_every_item(bakery):
    weeks = core.aggregate(bakery, "wasted", "week")
    assert len(weeks) < 5000
    assert weeks["days"].sum() == bakery["date"].nunique() == 365
    assert weeks["wasted"].sum() == bakery["wasted"].sum()
    assert (weeks["start"].iloc[1:].dt.day_of_week == 0).all()
    assert weeks["start"].iloc[0] == pd.Timestamp("2025-01-01")
    assert (weeks["end"] - weeks["start"]).max() == 6 * DAY
    assert weeks["value"].tolist() == pytest.approx((weeks["wasted"] / weeks["days"]).tolist(), abs=0.01)


def test_weekly_values_equal_a_direct_computation(bakery):
    # The week of Monday 2025-03-17, sourdough only.
    week = core.aggregate(bakery, "wasted", "week", "sourdough_loaf")
    row = week[week["start"] == pd.Timestamp("2025-03-17")].iloc[0]
    assert row["value"] == pytest.approx(
        waste_per_day(bakery, "2025-03-17", "2025-03-23", ["sourdough_loaf"]), abs=0.01
    )
    on_time = core.aggregate(bakery, "on_time", "week")
    row = on_time[on_time["start"] == pd.Timestamp("2025-07-21")].iloc[0]
    assert row["value"] == pytest.approx(100 * on_time_share(bakery, "2025-07-21", "2025-07-27"), abs=0.01)
    complaints = core.aggregate(bakery, "complaints", "day", "croissant")
    raw = bakery[(bakery["product"] == "croissant") & (bakery["date"] == pd.Timestamp("2025-06-05"))]
    assert complaints.loc[complaints["start"] == pd.Timestamp("2025-06-05"), "value"].item() == raw[
        "complaints"
    ].item()


def test_decoration_minutes_are_weighted_over_decorated_items(bakery):
    day = core.aggregate(bakery, "decoration_minutes", "day")
    raw = rows(bakery, "2025-07-20", "2025-07-20", core.DECORATED_PRODUCTS)
    expected = (raw["decoration_minutes"] * raw["baked"]).sum() / raw["baked"].sum()
    assert day.loc[day["start"] == pd.Timestamp("2025-07-20"), "value"].item() == pytest.approx(
        expected, abs=0.01
    )
    bread = core.aggregate(bakery, "decoration_minutes", "week", "baguette")
    assert bread["value"].isna().all()
    assert "not decorated" in core.describe_series(bread, "decoration_minutes", "week", "baguette")


def test_daily_and_monthly_granularities(bakery):
    days = core.aggregate(bakery, "complaints", "day")
    assert len(days) == 365 and (days["start"] == days["end"]).all()
    months = core.aggregate(bakery, "complaints", "month")
    assert len(months) == 12 and months["period"].iloc[2] == "March 2025"
    assert months["complaints"].sum() == bakery["complaints"].sum()


def test_unknown_choices_are_refused(bakery):
    with pytest.raises(ValueError, match="Unknown metric"):
        core.aggregate(bakery, "profit")
    with pytest.raises(ValueError, match="Unknown granularity"):
        core.aggregate(bakery, "wasted", "hour")
    with pytest.raises(ValueError, match="Unknown product"):
        core.aggregate(bakery, "wasted", "week", "pretzel")


def test_description_names_the_highest_and_lowest_periods(bakery):
    weeks = core.aggregate(bakery, "wasted", "week", "sourdough_loaf")
    text = core.describe_series(weeks, "wasted", "week", "sourdough_loaf")
    top = weeks.loc[weeks["value"].idxmax()]
    assert top["period"] in text and "sourdough loaf" in text
    assert top["start"] >= pd.Timestamp(EPISODES[0].start) and top["start"] <= pd.Timestamp(EPISODES[0].end)


# --- Reading a brush back -----------------------------------------------------------------


def ms(text: str) -> float:
    return pd.Timestamp(text).value / 1e6


def test_brush_bounds_accept_milliseconds_strings_and_either_order():
    assert core.brush_bounds([ms("2025-03-03"), ms("2025-04-13")]) == (date(2025, 3, 3), date(2025, 4, 13))
    assert core.brush_bounds([ms("2025-04-13"), ms("2025-03-03")]) == (date(2025, 3, 3), date(2025, 4, 13))
    # A browser two hours east of UTC sends local midnight as 22:00 the day before.
    assert core.brush_bounds([ms("2025-03-02T22:00"), ms("2025-04-12T22:00")]) == (
        date(2025, 3, 3),
        date(2025, 4, 13),
    )
    assert core.brush_bounds(["2025-06-02T00:00:00.000Z", "2025-08-31T00:00:00.000Z"]) == (
        date(2025, 6, 2),
        date(2025, 8, 31),
    )


@pytest.mark.parametrize("bad", [None, [], [1], "2025-03-03", [float("nan"), 1], ["x", "y"], {"a": 1}])
def test_brush_bounds_ignore_nonsense(bad):
    assert core.brush_bounds(bad) is None


def test_periods_in_range_snaps_to_whole_weeks(bakery):
    weeks = core.aggregate(bakery, "wasted", "week")
    assert core.periods_in_range(weeks, date(2025, 3, 1), date(2025, 4, 8)) == (
        date(2025, 3, 3),
        date(2025, 4, 13),
    )
    assert core.periods_in_range(weeks, date(2025, 3, 4), date(2025, 3, 5)) is None
    days = core.aggregate(bakery, "wasted", "day")
    assert core.periods_in_range(days, date(2025, 3, 4), date(2025, 3, 5)) == (
        date(2025, 3, 4),
        date(2025, 3, 5),
    )


# --- Ranges, baselines and episode costs --------------------------------------------------


def test_range_totals_match_the_rows(bakery):
    totals = core.range_totals(bakery, "2025-06-02", "2025-08-31", core.DECORATED_PRODUCTS)
    raw = rows(bakery, "2025-06-02", "2025-08-31", core.DECORATED_PRODUCTS)
    assert totals.days == 91
    assert totals.wasted == raw["wasted"].sum()
    assert totals.late == (raw["large_orders"] - raw["large_orders_on_time"]).sum()
    lines = core.describe_range(totals, "all")
    assert any(f"late: {totals.late}" in line for line in lines)


def test_baseline_window_is_the_eight_weeks_before_and_stays_in_the_data():
    assert core.baseline_window(date(2025, 3, 3)) == (date(2025, 1, 6), date(2025, 3, 2))
    assert core.baseline_window(date(2025, 1, 20)) == (date(2025, 1, 1), date(2025, 1, 19))


def test_excess_waste_is_waste_minus_baseline_rate_times_days(bakery):
    result = core.excess_over_baseline(
        bakery, "2025-09-01", "2025-12-31", baseline=("2025-01-01", "2025-02-28")
    )
    during = rows(bakery, "2025-09-01", "2025-12-31")["wasted"].sum()
    normal = waste_per_day(bakery, "2025-01-01", "2025-02-28")
    assert result.excess == pytest.approx(during - normal * 122)
    assert result.excess < -2000  # the huddle avoided waste
    text = core.explain_excess(result)
    assert "waste avoided" in text and f"{during:,}" in text
    with pytest.raises(ValueError, match="before the start"):
        core.excess_over_baseline(bakery, "2025-05-01", "2025-04-01")
    with pytest.raises(ValueError, match="no days"):
        core.excess_over_baseline(bakery, "2025-01-01", "2025-01-10")


def test_episode_costs_follow_the_definitions(bakery):
    costs = core.episode_costs(bakery)
    for episode in EPISODES:
        cost = costs[episode.key]
        base_start = pd.Timestamp(episode.start) - 56 * DAY
        base_end = pd.Timestamp(episode.start) - DAY
        during = rows(bakery, episode.start, episode.end, episode.products)
        expected_excess = during["wasted"].sum() - waste_per_day(
            bakery, base_start, base_end, episode.products
        ) * episode.days
        assert cost.excess_waste == round(expected_excess)
        assert cost.missed_orders == (during["large_orders"] - during["large_orders_on_time"]).sum()
    # The story in numbers: the recipe cost loaves, the decorations cost orders.
    assert costs["recipe"].excess_waste > 1000 and costs["recipe"].missed_orders <= 2
    assert costs["decoration"].missed_orders > 30
    assert costs["decoration"].missed_orders > 3 * costs["decoration"].late_at_normal_rate


def test_phase_table_shows_the_huddle_halving_waste(bakery):
    table = core.phase_table(bakery)
    assert list(table.index) == list(core.PHASES)
    assert table["days"].sum() == 365
    before, huddle = table.loc["Before the episodes"], table.loc["With the daily huddle"]
    assert huddle["waste per day"] == pytest.approx(
        waste_per_day(bakery, HUDDLE_START, core.LAST_DAY), abs=0.05
    )
    assert huddle["waste per day"] < 0.6 * before["waste per day"]
    assert huddle["complaints per day"] < before["complaints per day"] / 2
    assert table.loc["Decoration episode", "large orders on time %"] < 80


# --- Parsing and validating marks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-03-03", date(2025, 3, 3)), (" 2025-3-3 ", date(2025, 3, 3)), ("2025/12/31", date(2025, 12, 31))],
)
def test_dates_are_read(text, expected):
    assert core.parse_date(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter a start date"),
        (None, "Enter a start date"),
        ("March 3", "not a date in the form YYYY-MM-DD"),
        ("03/03/2025", "not a date in the form"),
        ("2025-02-30", "does not exist"),
        ("2024-12-31", "outside the data"),
        ("2026-01-01", "outside the data"),
    ],
)
def test_bad_dates_get_a_friendly_problem(text, fragment):
    day, problem = core.parse_date(text, "start date")
    assert day is None and fragment in problem


@pytest.mark.parametrize(("text", "expected"), [("1200", 1200), ("1,200", 1200), (" 0 ", 0), ("12.6", 13)])
def test_counts_are_read(text, expected):
    assert core.parse_count(text, "extra waste", 50_000) == (expected, None)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter your estimate"),
        ("lots", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("-5", "cannot be negative"),
        ("9999999", "more than a small bakery"),
    ],
)
def test_bad_counts_get_a_friendly_problem(text, fragment):
    value, problem = core.parse_count(text, "extra waste", 50_000)
    assert value is None and fragment in problem


def test_validate_mark_collects_every_problem():
    mark, problems = core.validate_mark("2025-04-13", "2025-03-03", "", "", "x")
    assert mark is None
    assert any("before the start date" in p for p in problems)
    assert any("Choose whose actions diverged" in p for p in problems)
    assert any("extra waste" in p for p in problems)
    assert any("missed large orders" in p and "not a number" in p for p in problems)
    assert len(problems) == 4


def test_validate_mark_limits_and_duplicates():
    mark, problems = core.validate_mark("2025-03-03", "2025-04-13", "baker", "1,000", "0")
    assert problems == [] and mark == Mark(date(2025, 3, 3), date(2025, 4, 13), "baker", 1000, 0)
    _again, problems = core.validate_mark("2025-03-03", "2025-04-13", "baker", "5", "5", [mark])
    assert problems == ["You have already marked this period with this role."]
    _fourth, problems = core.validate_mark("2025-05-01", "2025-05-02", "baker", "1", "1", [mark] * 3)
    assert "up to 3 periods" in problems[0]
    _role, problems = core.validate_mark("2025-05-01", "2025-05-02", "owner", "1", "1")
    assert any("Choose whose actions diverged" in p for p in problems)


# --- Matching and feedback ----------------------------------------------------------------


def test_overlap_and_coverage():
    recipe = EPISODES_BY_KEY["recipe"]
    assert core.overlap_score(true_mark(recipe), recipe) == 1.0
    half = Mark(recipe.start, recipe.start + timedelta(days=20), "baker", 0, 0)
    assert core.coverage(half, recipe) == pytest.approx(21 / 42)
    assert core.overlap_score(half, recipe) == pytest.approx(21 / 42)
    outside = Mark(date(2025, 10, 1), date(2025, 10, 7), "baker", 0, 0)
    assert core.overlap_score(outside, recipe) == 0.0


def test_matching_is_one_to_one_and_prefers_the_best_overlap():
    decoration = EPISODES_BY_KEY["decoration"]
    wide = Mark(date(2025, 3, 1), date(2025, 8, 31), "baker", 0, 0)  # spans both
    tight = true_mark(decoration)
    # Alone, the wide mark overlaps the longer decoration episode better (91 of 184 days).
    assert core.match_marks([wide]) == {"recipe": None, "decoration": 0}
    # With a tight mark on the decorations, the wide one is left for the recipe.
    assert core.match_marks([wide, tight]) == {"recipe": 0, "decoration": 1}
    assert core.match_marks([]) == {"recipe": None, "decoration": None}


@pytest.mark.parametrize(
    ("estimate", "actual", "verdict"),
    [(1100, 1218, "close"), (700, 1218, "ballpark"), (2300, 1218, "ballpark"), (100, 1218, "low"),
     (5000, 1218, "high"), (0, 44, "close"), (0, 0, "close"), (20, 0, "high")],
)
def test_compare_estimate(estimate, actual, verdict):
    tolerance = core.WASTE_TOLERANCE if actual > 100 or actual == 44 else core.ORDERS_TOLERANCE
    check = core.compare_estimate(estimate, actual, tolerance, "extra waste", "items")
    assert check.verdict == verdict
    assert f"{estimate:,}" in check.text and f"{round(actual):,}" in check.text


def test_exact_marks_with_true_costs_score_full_marks(bakery):
    marks = []
    for episode in EPISODES:
        during = rows(bakery, episode.start, episode.end, episode.products)
        base = waste_per_day(
            bakery, pd.Timestamp(episode.start) - 56 * DAY, pd.Timestamp(episode.start) - DAY, episode.products
        )
        excess = round(during["wasted"].sum() - base * episode.days)
        missed = int((during["large_orders"] - during["large_orders_on_time"]).sum())
        marks.append(true_mark(episode, waste=max(excess, 0), orders=missed))
    result = core.assess(bakery, marks)
    assert result.score == result.max_score == 10
    assert result.notes == ()
    assert all(item.timing == "good" and item.role_ok for item in result.episodes)
    assert "You scored 10 of 10" in result.summary and "found 2 of the 2" in result.summary


def test_wrong_role_and_loose_dates_cost_points_and_are_explained(bakery):
    marks = [
        Mark(date(2025, 3, 17), date(2025, 5, 18), "salesperson", 5000, 0),  # late, too long
    ]
    result = core.assess(bakery, marks)
    first, second = result.episodes
    assert first.mark_index == 0 and first.timing == "partial"
    assert not first.role_ok and "baker" in first.role_text and "counter" in first.role_text
    assert first.waste.verdict == "high" and first.orders.close
    assert first.points == 1 + 0 + 0 + 1
    assert "starts 14 days late" in first.timing_text and "ends 35 days late" in first.timing_text
    assert second.timing == "missed" and second.points == 0 and "Not marked" in second.timing_text
    assert "decorator" in second.role_text
    assert result.score == first.points


def test_false_alarms_are_named_with_the_right_context(bakery):
    marks = [
        Mark(date(2025, 10, 1), date(2025, 10, 31), "baker", 100, 2),
        Mark(date(2025, 1, 13), date(2025, 1, 26), "decorator", 50, 1),
    ]
    result = core.assess(bakery, marks)
    assert result.score == 0
    assert [n.kind for n in result.false_alarms] == ["false_alarm", "false_alarm"]
    october, january = result.notes
    assert "huddle was running" in october.text
    assert "noise" in january.text
    assert "2 false alarms" in result.summary


def test_a_second_mark_on_the_same_episode_is_not_a_false_alarm(bakery):
    recipe = EPISODES_BY_KEY["recipe"]
    marks = [true_mark(recipe, waste=1200), Mark(date(2025, 4, 1), date(2025, 4, 20), "baker", 10, 0)]
    result = core.assess(bakery, marks)
    assert [n.kind for n in result.notes] == ["duplicate"]
    assert "mark 1 matches better" in result.notes[0].text


def test_no_marks_is_a_friendly_problem(bakery):
    assert "Mark at least one period" in core.marks_problems([])[0]
    assert core.marks_problems([true_mark(EPISODES[0])]) == []
    with pytest.raises(ValueError):
        core.assess(bakery, [])


# --- The widget, driven in plain pytest ---------------------------------------------------

from widgets.bakery_case import BakeryCaseAnalysis  # noqa: E402 (the widget's tests start here)


def chart_data_text(widget) -> str:
    return json.dumps(widget.chart_widget.spec.get("datasets", {}))


def fill(widget, start="2025-03-03", end="2025-04-13", role="baker", waste="1,100", orders="0"):
    widget.start_input.value = start
    widget.end_input.value = end
    widget.role_input.value = role
    widget.waste_input.value = waste
    widget.orders_input.value = orders


@pytest.fixture
def widget(bakery):
    return BakeryCaseAnalysis(bakery)


def test_every_input_is_labeled_and_every_role_is_offered(widget):
    inputs = [widget.metric_input, widget.product_input, widget.granularity_input, widget.start_input,
              widget.end_input, widget.role_input, widget.waste_input, widget.orders_input]
    assert all(len(box.description) >= 4 for box in inputs)
    assert [value for _label, value in widget.role_input.options][1:] == list(core.ROLES)
    assert widget.role_input.value == ""
    assert "aligned-activity" in widget._dom_classes
    assert widget.children[0].value.startswith("<style>")


def test_the_chart_has_a_text_alternative_and_follows_the_metric(widget):
    spec = widget.chart_widget.spec
    assert "Line chart" in spec["description"] and "highest" in spec["description"]
    assert "highest" in widget.chart_text.value and "<details>" in widget.chart_text.value
    widget.metric_input.value = "on_time"
    assert "Large orders on time" in widget.chart_widget.spec["description"]
    assert "Large orders on time (%)" in widget.chart_text.value
    widget.product_input.value = "sourdough_loaf"
    widget.granularity_input.value = "day"
    assert len(widget.series) == 365
    assert "sourdough loaf" in widget.chart_text.value


def test_adding_a_mark_lists_it_and_draws_it(widget):
    fill(widget)
    widget.add_button.click()
    assert widget.problems == []
    assert widget.marks == [Mark(date(2025, 3, 3), date(2025, 4, 13), "baker", 1100, 0)]
    assert "Mark 1 added" in widget.messages.value and 'role="status"' in widget.messages.value
    assert widget.start_input.value == "" and widget.role_input.value == ""
    assert "Mark 1: baker" in chart_data_text(widget)
    assert "Remove mark 1" in [child.children[1].description for child in widget.marks_box.children]


def test_end_before_start_is_refused_with_a_message(widget):
    fill(widget, start="2025-04-13", end="2025-03-03")
    widget.add_button.click()
    assert widget.marks == []
    assert 'role="alert"' in widget.messages.value
    assert "before the start date" in widget.messages.value


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("waste_input", "", "Enter your estimate of extra waste"),
        ("orders_input", "", "Enter your estimate of missed large orders"),
        ("start_input", "2024-12-01", "outside the data"),
        ("end_input", "2026-02-01", "outside the data"),
        ("role_input", "", "Choose whose actions diverged"),
    ],
)
def test_bad_input_gets_a_friendly_message(widget, field, value, fragment):
    fill(widget)
    getattr(widget, field).value = value
    widget.add_button.click()
    assert widget.marks == []
    assert fragment in widget.messages.value
    assert "Traceback" not in widget.messages.value


def test_user_text_is_escaped(widget):
    fill(widget, waste="<b>lots</b>")
    widget.add_button.click()
    assert "<b>lots</b>" not in widget.messages.value
    assert "&lt;b&gt;lots&lt;/b&gt;" in widget.messages.value


def test_checking_without_marks_explains_what_to_do(widget):
    widget.check_button.click()
    assert widget.feedback is None and widget.score is None
    assert "Mark at least one period" in widget.messages.value
    assert 'role="alert"' in widget.messages.value


def test_at_most_three_marks_and_removal(widget):
    for start, end in [("2025-01-06", "2025-01-12"), ("2025-02-03", "2025-02-09"), ("2025-03-03", "2025-04-13")]:
        fill(widget, start=start, end=end)
        widget.add_button.click()
    assert len(widget.marks) == 3
    fill(widget, start="2025-06-02", end="2025-08-31", role="decorator")
    widget.add_button.click()
    assert len(widget.marks) == 3 and "up to 3 periods" in widget.messages.value
    widget.marks_box.children[0].children[1].click()  # "Remove mark 1"
    assert [m.start for m in widget.marks] == [date(2025, 2, 3), date(2025, 3, 3)]
    assert "Mark 1: baker" in chart_data_text(widget) and "Mark 3" not in chart_data_text(widget)


def test_check_gives_feedback_and_reveals_the_episodes(widget, bakery):
    fill(widget)
    widget.add_button.click()
    fill(widget, start="2025-06-16", end="2025-08-31", role="salesperson", waste="0", orders="50")
    widget.add_button.click()
    assert "The untested recipe" not in chart_data_text(widget)
    widget.check_button.click()
    assert widget.feedback is not None
    assert widget.score == widget.feedback.score == 5 + 4  # wrong role on the decorations
    assert "You scored 9 of 10" in widget.messages.value
    result = widget.result.value
    assert "Right role: the baker." in result
    assert "You chose the salesperson" in result
    assert "huddle" in result
    assert "The untested recipe (baker)" in chart_data_text(widget)
    assert "Episodes in the data" in widget.chart_widget.spec["description"]
    # Changing the marks clears the now outdated feedback.
    widget.marks_box.children[1].children[1].click()
    assert widget.feedback is None and widget.result.value == ""


def test_a_brush_on_the_chart_fills_in_the_dates(widget):
    widget.chart_widget._vl_selections = {
        "brush": {"value": {"start": [ms("2025-06-01T20:00"), ms("2025-08-27")]}, "store": []}
    }
    assert (widget.start_input.value, widget.end_input.value) == ("2025-06-02", "2025-08-31")
    assert "Dates filled in from your selection" in widget.brush_note.value
    # After the chart is redrawn (another metric), the brush still works.
    widget.metric_input.value = "decoration_minutes"
    widget.granularity_input.value = "day"
    widget.chart_widget._vl_selections = {
        "brush": {"value": {"start": [ms("2025-03-03"), ms("2025-03-09")]}, "store": []}
    }
    assert (widget.start_input.value, widget.end_input.value) == ("2025-03-03", "2025-03-09")
    # A brush between two weekly points selects nothing and says so.
    widget.granularity_input.value = "week"
    widget.chart_widget._vl_selections = {
        "brush": {"value": {"start": [ms("2025-03-04"), ms("2025-03-05")]}, "store": []}
    }
    assert "drag a little wider" in widget.brush_note.value


def test_sum_up_shows_totals_or_a_problem(widget, bakery):
    widget.product_input.value = "sourdough_loaf"
    widget.start_input.value = "2025-03-03"
    widget.end_input.value = "2025-04-13"
    widget.sum_button.click()
    wasted = rows(bakery, "2025-03-03", "2025-04-13", ["sourdough_loaf"])["wasted"].sum()
    assert f"Waste: {wasted:,} items in total" in widget.range_box.value
    widget.end_input.value = "soon"
    widget.sum_button.click()
    assert 'role="alert"' in widget.range_box.value and "YYYY-MM-DD" in widget.range_box.value


def test_an_unexpected_error_becomes_a_friendly_message(widget, monkeypatch):
    fill(widget)
    widget.add_button.click()

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "assess", broken)
    widget.check_button.click()
    assert "Something went wrong while checking your analysis" in widget.messages.value
    assert "boom" not in widget.messages.value
    assert len(widget.marks) == 1  # the learner's work is kept


def test_the_numbers_quoted_in_the_lesson_are_the_data(bakery):
    # The lesson's text quotes results; if the data or the analysis changes, the text must too.
    notebook = json.loads((ROOT / "workshops" / "fundamentals" / "what-is-alignment.ipynb").read_text())
    text = "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )
    table = core.phase_table(bakery)
    for phase, column in [
        ("Before the episodes", "waste per day"),
        ("Recipe episode", "waste per day"),
        ("With the daily huddle", "waste per day"),
        ("Before the episodes", "complaints per day"),
        ("Recipe episode", "complaints per day"),
        ("Decoration episode", "complaints per day"),
        ("With the daily huddle", "complaints per day"),
    ]:
        assert f"{table.loc[phase, column]:g}" in text, (phase, column)
    costs = core.episode_costs(bakery)
    assert f"about {costs['recipe'].excess_waste:,} loaves" in text
    decoration = costs["decoration"]
    assert f"{decoration.missed_orders} of {decoration.large_orders}" in text
    assert f"about {decoration.excess_waste} items" in text
    huddle = core.excess_over_baseline(
        bakery, "2025-09-01", "2025-12-31", baseline=("2025-01-01", "2025-02-28")
    )
    assert f"about {-round(huddle.excess):,} items" in text


def test_the_phase_table_can_hide_the_dates(bakery):
    hidden = core.phase_table(bakery, with_dates=False)
    assert {"from", "to", "days"}.isdisjoint(hidden.columns)
    assert "2025" not in hidden.to_string()
    assert hidden["waste per day"].tolist() == core.phase_table(bakery)["waste per day"].tolist()


def test_timeline_chart_uses_safe_colors_labels_and_a_description(bakery):
    from widgets import charts

    weeks = core.aggregate(bakery, "wasted", "week")
    marks = [true_mark(EPISODES[0]), Mark(date(2025, 7, 1), date(2025, 7, 31), "decorator", 0, 0)]
    spec = json.loads(
        charts.bakery_timeline_chart(weeks, "wasted", marks=marks, episodes=EPISODES).to_json()
    )
    layers = spec["layer"]
    band = next(layer for layer in layers if layer["mark"]["type"] == "rect" and "color" in layer["encoding"])
    scale = band["encoding"]["color"]["scale"]
    assert scale["domain"] == list(core.ROLES)
    assert set(scale["range"]) <= set(charts.OKABE_ITO.values())
    data = json.dumps(spec["datasets"])
    # Marks and episodes are named in text, not by color alone.
    assert "Mark 1: baker" in data and "Mark 2: decorator" in data
    assert "The untested recipe (baker)" in data
    assert "Daily huddle starts" in data
    assert spec["params"][0]["name"] == "brush" and spec["params"][0]["select"]["encodings"] == ["x"]
    assert "Your marks: Mark 1: baker, 2025-03-03 to 2025-04-13" in spec["description"]
    assert len(weeks) + 10 < 5000
