"""Visible checks for the intermediate assignment: Brannock Kitchenworks and the coffee shops.

Released to learners. No solutions and no hidden tests here: see widgets/checks/__init__.py.
"""

from __future__ import annotations

import math

from widgets.core import survey
from widgets.core.selfcheck import (
    Check,
    CheckFailed,
    LearnerCodeError,
    Question,
    call,
    describe,
    is_number,
    range_check,
    require,
)
from widgets.data import load

PERCENT_HINT = "Give it in percent: 12.5 for 12.5 %, not 0.125."


def _percent_not_share(name: str) -> Check:
    def test(ns):
        value = ns[name]
        require(is_number(value), f"`{name}` should be a number; it is {describe(value)}.")
        require(abs(value) >= 1, f"`{name}` is {value:.4g}, which looks like a share. "
                                 "Multiply by 100 to give it in percent.")

    return Check(f"`{name}` is in percent, not a share", test, PERCENT_HINT)


# --- q1: the company's eNPS ------------------------------------------------------------------

Q1 = Question(
    key="q1",
    title="The company's eNPS and response rate",
    variables=("company_enps", "response_rate"),
    checks=(
        range_check("company_enps", -100, 100,
                    "eNPS = % promoters (9-10) - % detractors (0-6), from -100 to 100."),
        range_check("response_rate", 0, 1,
                    "A share: respondents / people invited (119). Do not multiply by 100."),
    ),
)


# --- q2: eNPS by team, small groups suppressed -----------------------------------------------

def _team_sizes() -> dict[str, int]:
    responses = load("engagement_survey")
    return {str(team): int(n) for team, n in responses.groupby("team", observed=True).size().items()}


def _is_team_dict(ns):
    value = ns["enps_by_team"]
    require(isinstance(value, dict), f"`enps_by_team` should be a dict; it is {describe(value)}. "
                                     "`dict(zip(teams, values))` makes one.")
    require(len(value) > 0, "`enps_by_team` is empty: it should hold the teams you may report.")
    teams = _team_sizes()
    for key in value:
        require(isinstance(key, str) and key in teams,
                f"{key!r} is not a team of the survey. Teams: {', '.join(teams)}.")


def _values_are_enps(ns):
    for team, value in ns["enps_by_team"].items():
        require(is_number(value) and -100 <= value <= 100,
                f"The value for {team!r} should be an eNPS between -100 and 100; it is "
                f"{describe(value)}.")


def _small_groups_hidden(ns):
    sizes = _team_sizes()
    for team in ns["enps_by_team"]:
        require(sizes[team] >= survey.MIN_GROUP_SIZE,
                f"{team!r} has fewer than {survey.MIN_GROUP_SIZE} respondents: its eNPS must "
                "not be reported.")


Q2 = Question(
    key="q2",
    title="eNPS by team, small groups suppressed",
    variables=("enps_by_team",),
    checks=(
        Check("`enps_by_team` is a dict keyed by team names", _is_team_dict,
              "Keys are the team names as text, e.g. 'Sales'."),
        Check("every value is an eNPS between -100 and 100", _values_are_enps,
              "Use float(...) on each value; drop the rows that are hidden."),
        Check(f"no team under {survey.MIN_GROUP_SIZE} respondents is reported", _small_groups_hidden,
              "`survey.enps_by_group(responses, by=\"team\")` marks hidden rows in its "
              "`suppressed` column."),
    ),
)


# --- q3: the weakest trait -------------------------------------------------------------------

def _is_trait(ns):
    value = ns["weakest_trait"]
    traits = ", ".join(repr(t) for t in survey.TRAITS)
    require(isinstance(value, str), f"`weakest_trait` should be text; it is {describe(value)}.")
    require(value in survey.TRAITS, f"{value!r} is not one of the traits: {traits}.")


Q3 = Question(
    key="q3",
    title="The company's weakest trait",
    variables=("weakest_trait", "weakest_trait_score"),
    checks=(
        Check("`weakest_trait` is one of the four trait names", _is_trait,
              "Use the names of `survey.TRAITS`, e.g. 'adaptability'."),
        range_check("weakest_trait_score", 1, 5,
                    "A trait score is a mean of 1-5 answers, so it lies between 1 and 5."),
    ),
)


# --- q4: monthly and annual turnover ---------------------------------------------------------

Q4 = Question(
    key="q4",
    title="Monthly and annual turnover",
    variables=("warehouse_may_2024", "warehouse_2024", "company_2024"),
    checks=(
        range_check("warehouse_may_2024", 0, 100, PERCENT_HINT),
        _percent_not_share("warehouse_may_2024"),
        range_check("warehouse_2024", 0, 300, PERCENT_HINT),
        _percent_not_share("warehouse_2024"),
        range_check("company_2024", 0, 300, PERCENT_HINT),
        _percent_not_share("company_2024"),
    ),
)


# --- q5: KPI attainment ----------------------------------------------------------------------

def _attainment_examples(ns):
    higher = call(ns, "kpi_attainment", 90, 100, "higher_is_better")
    require(is_number(higher), f"It should return a number; it returned {describe(higher)}.")
    require(math.isclose(higher, 90, abs_tol=1e-9),
            f"kpi_attainment(90, 100, 'higher_is_better') should be 90; it is {higher!r}.")
    lower = call(ns, "kpi_attainment", 8, 7.5, "lower_is_better")
    require(is_number(lower) and math.isclose(lower, 93.75, abs_tol=1e-9),
            f"kpi_attainment(8, 7.5, 'lower_is_better') should be 93.75; it is {lower!r}.")


def _unknown_direction(ns):
    function = ns["kpi_attainment"]
    require(callable(function), f"`kpi_attainment` should be a function; it is {describe(function)}.")
    try:
        result = function(10, 10, "sideways")
    except ValueError:
        return
    except Exception as error:  # noqa: BLE001 -- the learner's code failed in another way
        raise LearnerCodeError("kpi_attainment", error) from None
    raise CheckFailed(
        "kpi_attainment(10, 10, 'sideways') should raise a ValueError; it returned "
        f"{describe(result)}."
    )


def _kpi_list(ns):
    value = ns["on_track_kpis"]
    require(isinstance(value, list), f"`on_track_kpis` should be a list; it is {describe(value)}.")
    known = set(load("kpis")["kpi_id"].astype(str))
    for item in value:
        require(isinstance(item, str) and item in known,
                f"{item!r} is not a `kpi_id` of the data set.")
    require(value == sorted(set(value)), "Sort the list and leave no duplicates: `sorted(...)`.")
    require(0 < len(value) < len(known), "Some KPIs meet their target and some do not: the "
                                         "list should be neither empty nor complete.")


Q5 = Question(
    key="q5",
    title="KPI attainment",
    variables=("kpi_attainment", "on_track_kpis"),
    checks=(
        Check("the question's two examples give 90 and 93.75", _attainment_examples,
              "Higher is better: value / target x 100. Lower is better: target / value x 100."),
        Check("an unknown direction raises a ValueError", _unknown_direction,
              "End the function with `raise ValueError(...)` for any other direction."),
        Check("`on_track_kpis` is a sorted list of kpi ids from the data", _kpi_list,
              "Average October-December 2024 per KPI, then compare with the target in the "
              "KPI's direction (`metrics.target_met`)."),
    ),
)


# --- q6: the coffee shops --------------------------------------------------------------------

Q6 = Question(
    key="q6",
    title="Turnover, ratings and revenue in the coffee shops",
    variables=("turnover_rating_r", "corner_grind_revenue_change"),
    checks=(
        range_check("turnover_rating_r", -1, 1,
                    "Pearson's r lies between -1 and 1: `series.corr(other)`."),
        range_check("corner_grind_revenue_change", -100, 100, PERCENT_HINT),
        _percent_not_share("corner_grind_revenue_change"),
    ),
)


QUESTIONS = {question.key: question for question in (Q1, Q2, Q3, Q4, Q5, Q6)}
