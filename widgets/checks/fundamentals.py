"""Visible checks for the fundamentals assignment: the bakery and the digital-alignment firms.

Released to learners. No solutions and no hidden tests here: see widgets/checks/__init__.py.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from widgets.core import smart
from widgets.core.selfcheck import (
    Check,
    Question,
    call,
    describe,
    is_number,
    number_check,
    range_check,
    require,
)
from widgets.data import load

AS_OF = date(2025, 8, 29)  # the Friday before the first huddle, as in the SMART-goals lesson
SHARE_HINT = "A share is a fraction of 1 (0.25 means 25 %): divide, and do not multiply by 100."


def _bakery() -> pd.DataFrame:
    return load("bakery_operations")


# --- q1: the year in two numbers -------------------------------------------------------------

def _wasted_within_baked(ns):
    baked = int(_bakery()["baked"].sum())
    value = ns["total_wasted"]
    require(value >= 0, "`total_wasted` is negative: a count of items cannot be.")
    require(value <= baked, "`total_wasted` is more than every item baked in 2025 put together: "
                            "did you add up the right column?")


def _share_matches_total(ns):
    baked = int(_bakery()["baked"].sum())
    expected = ns["total_wasted"] / baked
    require(
        math.isclose(ns["waste_share_year"], expected, rel_tol=1e-6, abs_tol=1e-9),
        "`waste_share_year` is not `total_wasted` divided by the items baked in the whole year.",
    )


Q1 = Question(
    key="q1",
    title="The year in two numbers",
    variables=("total_wasted", "waste_share_year"),
    checks=(
        number_check("total_wasted", whole=True,
                     hint="Add up the `wasted` column; `int(...)` turns the sum into a plain int."),
        Check("`total_wasted` is between 0 and the items baked in 2025", _wasted_within_baked,
              "Each row is one product on one day: sum `wasted` over all rows."),
        range_check("waste_share_year", 0, 1, SHARE_HINT),
        Check("`waste_share_year` equals `total_wasted` / items baked", _share_matches_total,
              "Pool the year: total wasted / total baked, over all rows."),
    ),
)


# --- q2: before and with the huddle ----------------------------------------------------------

def _shares_differ(ns):
    require(ns["waste_share_before"] != ns["waste_share_with"],
            "The two shares are identical: did you filter the rows by date for each period?")


def _year_between(ns):
    bakery = _bakery()
    year = float(bakery["wasted"].sum()) / float(bakery["baked"].sum())
    low, high = sorted((ns["waste_share_before"], ns["waste_share_with"]))
    require(
        low - 1e-9 <= year <= high + 1e-9,
        "The whole year's pooled share must lie between the shares of its two parts, and it "
        "does not. Check that the two periods together cover the whole year, one after the "
        "other, and that each share is pooled.",
    )


def _averaged_shares(rows: pd.DataFrame) -> list[float]:
    """The usual wrong answers: means of daily, per-row and monthly shares."""
    daily = rows.groupby("date")[["wasted", "baked"]].sum()
    monthly = rows.groupby(rows["date"].dt.to_period("M"))[["wasted", "baked"]].sum()
    per_row = rows["wasted"].astype(float) / rows["baked"].astype(float).where(rows["baked"] > 0)
    return [
        float((daily["wasted"] / daily["baked"]).mean()),
        float(per_row.mean()),
        float((monthly["wasted"] / monthly["baked"]).mean()),
    ]


def _not_averaged(ns):
    bakery = _bakery()
    periods = {
        "waste_share_before": bakery[bakery["date"] < "2025-09-01"],
        "waste_share_with": bakery[bakery["date"] >= "2025-09-01"],
    }
    for name, rows in periods.items():
        for wrong in _averaged_shares(rows):
            require(
                not math.isclose(ns[name], wrong, rel_tol=1e-9, abs_tol=1e-12),
                f"`{name}` is an average of daily, monthly or per-product shares. Pool the "
                "period instead: its total wasted / its total baked.",
            )


Q2 = Question(
    key="q2",
    title="Before and with the daily huddle",
    variables=("waste_share_before", "waste_share_with"),
    checks=(
        range_check("waste_share_before", 0, 1, SHARE_HINT),
        range_check("waste_share_with", 0, 1, SHARE_HINT),
        Check("the two periods give different shares", _shares_differ,
              "Before: 1 January to 31 August 2025. With: 1 September to 31 December 2025."),
        Check("the year's share lies between the two periods' shares", _year_between,
              "Before: up to 31 August; with: from 1 September."),
        Check("the shares are pooled, not averages of daily or monthly shares", _not_averaged,
              "`smart.period_share(bakery, \"wasted\", \"baked\", start=..., end=...)` pools a "
              "period for you."),
    ),
)


# --- q3: what the recipe episode cost --------------------------------------------------------

def _extra_positive(ns):
    bakery = _bakery()
    episode = bakery[
        (bakery["product"] == "sourdough_loaf")
        & (bakery["date"] >= "2025-03-03") & (bakery["date"] <= "2025-04-13")
    ]
    wasted = float(episode["wasted"].sum())
    value = ns["recipe_extra_loaves"]
    require(value > 0, "`recipe_extra_loaves` should be positive: the episode wasted more "
                       "loaves than usual, not fewer.")
    require(value < wasted, "`recipe_extra_loaves` is not less than all the sourdough loaves "
                            "wasted in the episode: subtract the loaves that would have been "
                            "wasted at the normal rate.")


def _cost_matches(ns):
    cost_per_loaf = ns.get("COST_PER_LOAF", 2.10)
    expected = ns["recipe_extra_loaves"] * cost_per_loaf
    require(
        math.isclose(ns["recipe_waste_cost"], expected, rel_tol=1e-6, abs_tol=0.01),
        "`recipe_waste_cost` is not `recipe_extra_loaves` x COST_PER_LOAF (in euros).",
    )


Q3 = Question(
    key="q3",
    title="What the recipe episode cost",
    variables=("recipe_extra_loaves", "recipe_waste_cost"),
    checks=(
        number_check("recipe_extra_loaves"),
        Check("`recipe_extra_loaves` is more than 0 and less than all loaves wasted",
              _extra_positive,
              "Extra = loaves wasted in the episode - (normal loaves wasted a day x the "
              "episode's days). The normal rate comes from the 56 days before the episode."),
        number_check("recipe_waste_cost"),
        Check("`recipe_waste_cost` = `recipe_extra_loaves` x COST_PER_LOAF", _cost_matches,
              "Multiply, and keep it in euros: no rounding needed."),
    ),
)


# --- q4: a pooled on-time rate ---------------------------------------------------------------

def _example_rows() -> pd.DataFrame:
    # The example of the question: 2 orders (1 on time), a day without orders, 3 (3 on time).
    return pd.DataFrame(
        {
            "large_orders": pd.array([2, 0, 3], dtype="Int64"),
            "large_orders_on_time": pd.array([1, 0, 3], dtype="Int64"),
            "large_order_on_time_rate": [0.5, float("nan"), 1.0],
        }
    )


def _is_function(ns):
    require(callable(ns["pooled_on_time_rate"]),
            f"`pooled_on_time_rate` should be a function; it is {describe(ns['pooled_on_time_rate'])}.")


def _example_pooled(ns):
    result = call(ns, "pooled_on_time_rate", _example_rows())
    require(is_number(result), f"It should return a number; it returned {describe(result)}.")
    require(not math.isclose(result, 0.75, abs_tol=1e-9),
            "It returned 0.75, the mean of the daily rates. Pool instead: all orders on time / "
            "all orders.")
    require(math.isclose(result, 0.8, abs_tol=1e-9),
            f"For the question's example it should return 0.8 (4 of 5 orders); it returned {result!r}.")


def _example_no_orders(ns):
    rows = _example_rows().iloc[[1]]
    result = call(ns, "pooled_on_time_rate", rows)
    require(isinstance(result, float) and math.isnan(result),
            f"With no large orders it should return float('nan'); it returned {describe(result)}.")


def _input_untouched(ns):
    rows = _example_rows()
    before = rows.copy()
    call(ns, "pooled_on_time_rate", rows)
    require(rows.equals(before), "Your function changed the table it was given. Work on a "
                                 "copy, or compute without assigning columns.")


Q4 = Question(
    key="q4",
    title="A pooled on-time rate",
    variables=("pooled_on_time_rate", "decoration_on_time"),
    checks=(
        Check("`pooled_on_time_rate` is a function", _is_function,
              "Define it with `def pooled_on_time_rate(rows):` and `return` the share."),
        Check("the question's example gives 0.8", _example_pooled,
              "sum of `large_orders_on_time` / sum of `large_orders`."),
        Check("a table without large orders gives NaN", _example_no_orders,
              "Test whether the total of large orders is 0 before dividing, and return "
              "float('nan') then."),
        Check("the function does not change its input", _input_untouched),
        range_check("decoration_on_time", 0, 1, SHARE_HINT),
    ),
)


# --- q5: a SMART goal for the decorator --------------------------------------------------------

def _is_goal(ns):
    goal = ns["decorator_goal"]
    require(isinstance(goal, smart.Goal),
            f"`decorator_goal` should be a `smart.Goal(...)`; it is {describe(goal)}.")


def _goal_is_smart(ns):
    results = smart.evaluate(ns["decorator_goal"], AS_OF)
    for result in results:
        require(result.met, f"{result.letter} ({result.name}): {result.reason}"
                            + (f" {result.hint}" if result.hint else ""))


Q5 = Question(
    key="q5",
    title="A SMART goal for the decorator",
    variables=("decorator_goal",),
    checks=(
        Check("`decorator_goal` is a smart.Goal", _is_goal,
              "Build it like the lesson: `smart.Goal(action=..., metric=..., ...)`."),
        Check("the lesson's checker finds it Specific, Measurable, Assignable, Realistic and "
              "Time-related (as of 29 August 2025)", _goal_is_smart,
              "Fix the first criterion named above, then check again."),
    ),
)


# --- q6: technology ahead of people ----------------------------------------------------------

def _ids_valid(ns):
    firms = ns["tech_ahead_firms"]
    require(isinstance(firms, list), f"`tech_ahead_firms` should be a list; it is {describe(firms)}. "
                                     "`list(...)` or `.tolist()` makes one.")
    require(all(isinstance(item, str) for item in firms),
            "Every item should be a firm's `smb_id` as text, such as 'DA01'.")
    known = set(load("digital_alignment")["smb_id"].astype(str))
    for item in firms:
        require(item in known, f"{item!r} is not an `smb_id` of the data set.")
    require(firms == sorted(set(firms)), "Sort the list and leave no duplicates: `sorted(...)`.")
    require(0 < len(firms) < len(known), "The list should hold some of the twelve firms, "
                                         "neither none nor all.")


Q6 = Question(
    key="q6",
    title="Technology ahead of people",
    variables=("tech_ahead_firms", "growth_gap"),
    checks=(
        Check("`tech_ahead_firms` is a sorted list of firm ids from the data", _ids_valid,
              "A firm is 'technology ahead' when technology - (capability + culture) / 2 >= 1.5."),
        number_check("growth_gap", hint="The mean of the other firms' revenue growth minus the "
                                         "mean of the technology-ahead firms', in percentage points."),
    ),
)


QUESTIONS = {question.key: question for question in (Q1, Q2, Q3, Q4, Q5, Q6)}
