"""The operations stories: the bakery's year of misalignment and the two coffee shops.

Each story test compares periods (means before, during and after an episode), so it fails if
the episode is missing from the data, not merely if a generated number changes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from widgets.data import load

STORIES = Path(__file__).resolve().parent.parent / "datasets" / "stories"


def story(name: str):
    """The story module (its episode dates and constants), loaded by path like generate.py."""
    spec = importlib.util.spec_from_file_location(f"story_{name}", STORIES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BAKERY = story("bakery_operations")
COFFEE = story("coffee_shops")
DAY = pd.Timedelta(days=1)


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.fixture(scope="module")
def bakery() -> pd.DataFrame:
    return load("bakery_operations")


@pytest.fixture(scope="module")
def coffee() -> pd.DataFrame:
    return load("coffee_shops")


def between(frame: pd.DataFrame, first, last) -> pd.DataFrame:
    """Rows with first <= date <= last (both inclusive)."""
    return frame[(frame["date"] >= pd.Timestamp(first)) & (frame["date"] <= pd.Timestamp(last))]


def on_time_rate(frame: pd.DataFrame) -> float:
    """Pooled share of large orders on time: on-time orders over all orders, not a mean of
    daily rates (days with one order would otherwise weigh as much as days with four)."""
    return frame["large_orders_on_time"].sum() / frame["large_orders"].sum()


# Periods of the bakery's year, from the story module's constants.
def periods() -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    return {
        "before": (ts(BAKERY.START), ts(BAKERY.RECIPE_LAUNCH) - DAY),
        "recipe": (ts(BAKERY.RECIPE_LAUNCH), ts(BAKERY.RECIPE_EPISODE_END)),
        "between": (ts(BAKERY.RECIPE_EPISODE_END) + DAY, ts(BAKERY.DECORATION_DRIFT_START) - DAY),
        "decoration": (ts(BAKERY.DECORATION_DRIFT_START), ts(BAKERY.DECORATION_DRIFT_END)),
        "huddle": (ts(BAKERY.HUDDLE_START), ts(BAKERY.END)),
    }


# --- bakery_operations: structure and identities ---------------------------------------


def test_bakery_has_one_row_per_day_and_product(bakery):
    fields = [f["name"] for f in BAKERY.RESOURCE["schema"]["fields"]]
    assert list(bakery.columns) == fields
    days = pd.date_range(BAKERY.START, BAKERY.END, freq="D")
    assert len(bakery) == len(days) * len(BAKERY.PRODUCTS) < 5000
    assert not bakery.duplicated(["date", "product"]).any()
    assert set(bakery["date"]) == set(days)
    assert bakery.groupby("date")["product"].nunique().eq(len(BAKERY.PRODUCTS)).all()
    assert set(bakery["product"].astype(str)) == set(BAKERY.PRODUCTS)


def test_bakery_quantities_add_up(bakery):
    assert (bakery["wasted"] == bakery["baked"] - bakery["sold"]).all()
    assert (bakery["ordered"] <= bakery["sold"]).all()
    assert (bakery["sold"] <= bakery["baked"]).all()
    assert (bakery[["baked", "ordered", "sold", "wasted", "complaints"]] >= 0).all().all()


def test_bakery_large_order_rate_matches_its_counts(bakery):
    assert (bakery["large_orders_on_time"] <= bakery["large_orders"]).all()
    none = bakery["large_orders"] == 0
    assert bakery.loc[none, "large_order_on_time_rate"].isna().all()
    some = bakery[~none]
    assert some["large_order_on_time_rate"].notna().all()
    expected = some["large_orders_on_time"].astype(float) / some["large_orders"].astype(float)
    assert np.allclose(some["large_order_on_time_rate"], expected, atol=0.0005)
    assert some["large_order_on_time_rate"].between(0, 1).all()


def test_only_decorated_products_have_decoration_time(bakery):
    decorated = bakery["product"].isin(BAKERY.DECORATED_PRODUCTS)
    assert (bakery.loc[~decorated, "decoration_minutes"] == 0).all()
    assert (bakery.loc[decorated, "decoration_minutes"] > 0).all()


def test_huddle_is_a_daily_fact_that_starts_on_its_date(bakery):
    per_day = bakery.groupby("date")["huddle"].agg(["min", "max"])
    assert (per_day["min"] == per_day["max"]).all(), "huddle differs between products of a day"
    daily = per_day["min"].astype(bool)
    assert not daily[daily.index < ts(BAKERY.HUDDLE_START)].any()
    assert daily[daily.index >= ts(BAKERY.HUDDLE_START)].mean() > 0.9


def test_bakery_weekends_are_busier(bakery):
    weekday = bakery["date"].dt.day_of_week
    for product, rows in bakery.groupby("product", observed=True):
        saturday = rows.loc[weekday[rows.index] == 5, "sold"].mean()
        midweek = rows.loc[weekday[rows.index] <= 3, "sold"].mean()
        assert saturday > 1.2 * midweek, product


# --- bakery_operations: the three episodes ----------------------------------------------


def test_recipe_episode_waste_jumps_for_the_recipe_product(bakery):
    loaf = bakery[bakery["product"] == BAKERY.RECIPE_PRODUCT]
    launch = ts(BAKERY.RECIPE_LAUNCH)
    before = between(loaf, launch - pd.Timedelta(weeks=8), launch - DAY)
    during = between(loaf, launch, BAKERY.RECIPE_EPISODE_END)
    assert 28 <= len(during) <= 42, "the episode should last four to six weeks"
    assert during["wasted"].mean() > 1.5 * before["wasted"].mean()
    assert during["baked"].mean() > before["baked"].mean()  # the baker bakes more ...
    assert during["sold"].mean() < before["sold"].mean()  # ... but the counter sells less
    assert during["complaints"].mean() > 2 * before["complaints"].mean()


def test_recipe_episode_is_specific_to_the_recipe_product_and_ends(bakery):
    launch = ts(BAKERY.RECIPE_LAUNCH)
    eight_weeks = (launch - pd.Timedelta(weeks=8), launch - DAY)
    episode = (launch, ts(BAKERY.RECIPE_EPISODE_END))
    is_recipe = bakery["product"] == BAKERY.RECIPE_PRODUCT

    def daily_waste(rows, period):
        return between(rows, *period).groupby("date")["wasted"].sum().mean()

    others = bakery[~is_recipe]
    others_ratio = daily_waste(others, episode) / daily_waste(others, eight_weeks)
    loaf = bakery[is_recipe]
    loaf_ratio = daily_waste(loaf, episode) / daily_waste(loaf, eight_weeks)
    assert others_ratio < 1.5, "the other products' waste should not jump"
    assert loaf_ratio > 2 * others_ratio
    # It ends: between the episodes the loaf's waste is back near its old level.
    assert daily_waste(loaf, periods()["between"]) < 0.5 * daily_waste(loaf, episode)


def test_decoration_drift_makes_large_orders_late(bakery):
    p = periods()
    decorated = bakery[bakery["product"].isin(BAKERY.DECORATED_PRODUCTS)]
    before = between(decorated, p["before"][0], p["between"][1])
    plateau = between(decorated, BAKERY.DECORATION_DRIFT_FULL, BAKERY.DECORATION_DRIFT_END)
    during = between(decorated, *p["decoration"])
    for product in BAKERY.DECORATED_PRODUCTS:
        minutes_before = before.loc[before["product"] == product, "decoration_minutes"].mean()
        minutes_plateau = plateau.loc[plateau["product"] == product, "decoration_minutes"].mean()
        assert minutes_plateau > 1.5 * minutes_before, product
    assert on_time_rate(during) < on_time_rate(before) - 0.15
    assert on_time_rate(plateau) < on_time_rate(before) - 0.2
    assert during["complaints"].mean() > 1.5 * before["complaints"].mean()


def test_decoration_drift_grows_month_by_month(bakery):
    cakes = bakery[bakery["product"] == "celebration_cake"]
    monthly = cakes.groupby(cakes["date"].dt.month)["decoration_minutes"].mean()
    assert monthly[5] < monthly[6] < monthly[7]
    assert monthly[9] < monthly[6]


def test_after_the_huddle_waste_lateness_and_complaints_fall(bakery):
    p = periods()
    after = between(bakery, *p["huddle"])
    for name in ("before", "recipe", "between", "decoration"):
        earlier = between(bakery, *p[name])
        assert after["wasted"].mean() < 0.8 * earlier["wasted"].mean(), name
        assert (after["wasted"].sum() / after["baked"].sum()
                < earlier["wasted"].sum() / earlier["baked"].sum()), name
        assert after["complaints"].mean() < 0.7 * earlier["complaints"].mean(), name
    decorated = bakery[bakery["product"].isin(BAKERY.DECORATED_PRODUCTS)]
    assert on_time_rate(between(decorated, *p["huddle"])) > on_time_rate(
        between(decorated, *p["decoration"])) + 0.2
    before_huddle = between(bakery, p["before"][0], p["decoration"][1])
    assert on_time_rate(after) > on_time_rate(before_huddle) + 0.05
    december = after[after["date"].dt.month == 12]
    assert on_time_rate(december) > 0.9, "the huddle holds even in the busy season"


def test_huddle_effect_is_not_just_the_calendar(bakery):
    """The same autumn months without the huddle would look like the spring: compare waste
    share per product before the recipe episode and after the huddle."""
    p = periods()
    before, after = between(bakery, *p["before"]), between(bakery, *p["huddle"])
    share_before = before.groupby("product", observed=True)[["wasted", "baked"]].sum()
    share_after = after.groupby("product", observed=True)[["wasted", "baked"]].sum()
    ratio_before = share_before["wasted"] / share_before["baked"]
    ratio_after = share_after["wasted"] / share_after["baked"]
    assert (ratio_after < ratio_before).sum() >= 4


# --- coffee_shops: structure -------------------------------------------------------------


def test_coffee_has_24_months_for_each_shop(coffee):
    fields = [f["name"] for f in COFFEE.RESOURCE["schema"]["fields"]]
    assert list(coffee.columns) == fields
    assert len(coffee) == 2 * COFFEE.MONTHS
    assert not coffee.duplicated(["date", "shop"]).any()
    months = pd.date_range(COFFEE.START, periods=COFFEE.MONTHS, freq="MS")
    for shop, rows in coffee.groupby("shop", observed=True):
        assert list(rows["date"].sort_values()) == list(months), shop
        assert set(rows["shop_name"].astype(str)) == {COFFEE.SHOPS[shop]}


def test_coffee_ranges_and_turnover_definition(coffee):
    assert coffee["review_rating"].between(1, 5).all()
    assert coffee["repeat_customer_share"].between(0, 1).all()
    assert coffee["engagement_score"].between(0, 100).all()
    assert (coffee["leavers"] <= coffee["headcount"]).all()
    expected = coffee["leavers"].astype(float) / coffee["headcount"].astype(float)
    assert np.allclose(coffee["employee_turnover_rate"], expected, atol=0.0005)
    ticket = coffee["revenue"].astype(float) / coffee["transactions"].astype(float)
    assert ticket.between(4, 8).all(), "average ticket of a coffee shop in euros"


def test_shops_are_comparable_at_the_start(coffee):
    start = coffee[coffee["date"] < ts("2024-04-01")]
    revenue = start.groupby("shop", observed=True)["revenue"].mean()
    headcount = start.groupby("shop", observed=True)["headcount"].mean()
    assert abs(revenue["A"] / revenue["B"] - 1) < 0.1
    assert abs(headcount["A"] - headcount["B"]) <= 1


# --- coffee_shops: the story -------------------------------------------------------------


def yearly(coffee: pd.DataFrame) -> pd.DataFrame:
    return coffee.groupby([coffee["date"].dt.year, "shop"], observed=True).mean(
        numeric_only=True)


def test_collaborative_shop_leads_on_customers_and_people_every_year(coffee):
    by_year = yearly(coffee)
    for year in (2024, 2025):
        a, b = by_year.loc[(year, "A")], by_year.loc[(year, "B")]
        assert a["review_rating"] > b["review_rating"] + 0.3, year
        assert a["engagement_score"] > b["engagement_score"] + 8, year
        assert a["repeat_customer_share"] > b["repeat_customer_share"] + 0.1, year
        assert a["service_time_seconds"] < b["service_time_seconds"] - 10, year
        assert a["employee_turnover_rate"] < b["employee_turnover_rate"], year
        assert a["revenue"] > b["revenue"], year


def test_siloed_shop_deteriorates_while_the_collaborative_one_improves(coffee):
    by_year = yearly(coffee)
    a24, a25 = by_year.loc[(2024, "A")], by_year.loc[(2025, "A")]
    b24, b25 = by_year.loc[(2024, "B")], by_year.loc[(2025, "B")]
    assert b25["review_rating"] < b24["review_rating"] - 0.1
    assert b25["employee_turnover_rate"] > b24["employee_turnover_rate"]
    assert b25["engagement_score"] < b24["engagement_score"] - 3
    assert b25["repeat_customer_share"] < b24["repeat_customer_share"] - 0.05
    assert b25["revenue"] < 0.95 * b24["revenue"]
    assert a25["engagement_score"] > a24["engagement_score"]
    assert a25["review_rating"] >= a24["review_rating"]
    assert a25["revenue"] >= a24["revenue"]
    # The gap widens.
    assert (a25["review_rating"] - b25["review_rating"]
            > a24["review_rating"] - b24["review_rating"])


def test_siloed_shop_has_turnover_spikes(coffee):
    b = coffee[coffee["shop"] == "B"]
    a = coffee[coffee["shop"] == "A"]
    assert (b["employee_turnover_rate"] >= 0.15).sum() >= 2
    assert (a["employee_turnover_rate"] >= 0.15).sum() <= 1
    assert a["employee_turnover_rate"].max() < b["employee_turnover_rate"].max()
    assert a["employee_turnover_rate"].mean() < b["employee_turnover_rate"].mean() / 2


def test_learners_can_find_the_correlations(coffee):
    assert coffee["employee_turnover_rate"].corr(coffee["review_rating"]) < -0.3
    assert coffee["engagement_score"].corr(coffee["repeat_customer_share"]) > 0.6
    for shop, rows in coffee.groupby("shop", observed=True):
        assert rows["employee_turnover_rate"].corr(rows["review_rating"]) < 0, shop
        assert rows["engagement_score"].corr(rows["repeat_customer_share"]) > 0.3, shop


def test_revenue_has_a_summer_season(coffee):
    for (year, shop), rows in coffee.groupby([coffee["date"].dt.year, "shop"], observed=True):
        by_month = rows.set_index(rows["date"].dt.month)["revenue"]
        assert by_month[7] > by_month[1], (year, shop)


def test_both_shops_hit_by_road_works_and_the_collaborative_one_recovers_faster(coffee):
    shock = ts(COFFEE.ROADWORKS_MONTH)
    month = pd.DateOffset(months=1)
    wide = coffee.pivot(index="date", columns="shop", values="revenue").astype(float)
    # Year-on-year change takes the season out: each month against the same month a year ago.
    yoy = wide / wide.shift(12)
    before = yoy.loc[shock - 2 * month: shock - month].mean()
    for shop in ("A", "B"):
        assert yoy.loc[shock, shop] < before[shop] - 0.15, f"{shop} is hit by the road works"
    # Two to three months on, A is back where it was; B is still well below.
    later = yoy.loc[shock + 2 * month: shock + 3 * month].mean()
    assert later["A"] > before["A"] - 0.07
    assert later["B"] < before["B"] - 0.1
    # B's share of the pair's revenue falls after the shock and has not recovered by summer.
    share = wide["B"] / wide.sum(axis=1)
    assert share.loc[shock + month: shock + 3 * month].mean() < (
        share.loc[shock - 2 * month: shock - month].mean() - 0.03)
