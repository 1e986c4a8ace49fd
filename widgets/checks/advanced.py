"""Visible checks for the advanced assignment: culture profiles, shared priorities, digital fit.

Released to learners. No solutions and no hidden tests here: see widgets/checks/__init__.py.
"""

from __future__ import annotations

import math

from widgets.core import culture
from widgets.core.selfcheck import (
    Check,
    Question,
    describe,
    is_number,
    range_check,
    require,
)
from widgets.data import load

TYPES = culture.CULTURE_TYPES
MIN_RESPONDENTS = 5  # the kit's anonymity minimum for a reported group


def _team_sizes() -> dict[str, int]:
    rows = load("culture_assessments")
    return {str(team): int(n) for team, n in rows.groupby("team", observed=True)["respondent_id"]
            .nunique().items()}


def _type_name(name: str) -> Check:
    def test(ns):
        value = ns[name]
        require(isinstance(value, str), f"`{name}` should be text; it is {describe(value)}.")
        require(value in TYPES, f"{value!r} is not a culture type: use one of "
                                f"{', '.join(repr(t) for t in TYPES)}.")

    return Check(f"`{name}` is one of {', '.join(TYPES)}", test,
                 "Use the lower-case names of `culture.CULTURE_TYPES`.")


def _team_keys(name: str, value) -> None:
    sizes = _team_sizes()
    for team in value:
        require(isinstance(team, str) and team in sizes,
                f"{team!r} is not a team of the assessment. Teams: {', '.join(sizes)}.")
        require(sizes[team] >= MIN_RESPONDENTS,
                f"{team!r} has fewer than {MIN_RESPONDENTS} respondents: leave it out of `{name}` "
                "(anonymity).")


# --- q1: a team's culture profile ------------------------------------------------------------

def _profile_shape(ns):
    value = ns["sales_now"]
    require(isinstance(value, dict), f"`sales_now` should be a dict; it is {describe(value)}.")
    require(set(value) == set(TYPES),
            f"`sales_now` should have exactly the keys {', '.join(TYPES)}; it has "
            f"{', '.join(map(repr, value)) or 'none'}.")
    for key, points in value.items():
        require(is_number(points) and points >= 0,
                f"The points for {key!r} should be a number of 0 or more; it is {describe(points)}.")


def _profile_total(ns):
    total = sum(float(v) for v in ns["sales_now"].values())
    require(math.isclose(total, 100, abs_tol=0.01),
            f"A profile's four types add up to 100 points; yours add up to {total:.4g}. Average "
            "the points, do not add them up, and use the Now answers only.")


Q1 = Question(
    key="q1",
    title="Sales' culture profile",
    variables=("sales_now",),
    checks=(
        Check("`sales_now` is a dict of the four types' points", _profile_shape,
              "`{t: float(points) for t, points in ...}` builds one from a Series."),
        Check("the four types add up to 100", _profile_total,
              "Filter team == 'Sales' and phase == 'now', then take each type column's mean."),
    ),
)


# --- q2: the largest gap ---------------------------------------------------------------------

def _change_consistent(ns):
    change = ns["sales_gap_change"]
    require(change != 0, "A change of 0 is no gap: Preferred minus Now of the type that "
                         "moves most.")


Q2 = Question(
    key="q2",
    title="Sales' largest gap",
    variables=("sales_gap_type", "sales_gap_change"),
    checks=(
        _type_name("sales_gap_type"),
        range_check("sales_gap_change", -100, 100,
                    "Preferred minus Now, in points: negative means 'less of this'."),
        Check("`sales_gap_change` is not 0", _change_consistent),
    ),
)


# --- q3: dominant types ----------------------------------------------------------------------

def _dominant_shape(ns):
    value = ns["dominant_now"]
    require(isinstance(value, dict), f"`dominant_now` should be a dict; it is {describe(value)}.")
    require(len(value) > 0, "`dominant_now` is empty: it should hold every reportable team.")
    _team_keys("dominant_now", value)
    for team, kind in value.items():
        require(kind in TYPES, f"The value for {team!r} should be a culture type; it is "
                               f"{describe(kind)}.")


def _every_reportable_team(ns):
    expected = sum(1 for n in _team_sizes().values() if n >= MIN_RESPONDENTS)
    found = len(ns["dominant_now"])
    require(found == expected,
            f"`dominant_now` has {found} team{'s' if found != 1 else ''}; the assessment has "
            f"{expected} teams with {MIN_RESPONDENTS} or more respondents (count people, not rows).")


Q3 = Question(
    key="q3",
    title="Each team's dominant type",
    variables=("dominant_now",),
    checks=(
        Check("`dominant_now` maps reportable teams to culture types", _dominant_shape,
              "`culture.dominant(profile).culture_type` gives a profile's leading type."),
        Check("every team with enough respondents is there", _every_reportable_team,
              "Count respondents with `.nunique()` on `respondent_id`: each person has 12 rows."),
    ),
)


# --- q4: the perception gap ------------------------------------------------------------------

Q4 = Question(
    key="q4",
    title="The perception gap",
    variables=("leadership_clan_gap",),
    checks=(
        range_check("leadership_clan_gap", -100, 100,
                    "Leadership's mean Now clan points minus everyone else's, in points."),
    ),
)


# --- q5: congruence --------------------------------------------------------------------------

def _team_list(ns):
    value = ns["incongruent_teams"]
    require(isinstance(value, list), f"`incongruent_teams` should be a list; it is {describe(value)}.")
    _team_keys("incongruent_teams", value)
    require(value == sorted(set(value)), "Sort the list and leave no duplicates: `sorted(...)`.")


Q5 = Question(
    key="q5",
    title="Mixed signals: congruence",
    variables=("incongruent_teams",),
    checks=(
        Check("`incongruent_teams` is a sorted list of reportable teams", _team_list,
              "Per team and dimension, average the Now points; a team is congruent when the "
              "same type leads in all six dimensions."),
    ),
)


# --- q6: Kendall's W -------------------------------------------------------------------------

def _top_priority(ns):
    value = ns["top_priority_after"]
    items = [str(c) for c in ns["ranks_after"].columns] if "ranks_after" in ns else []
    require(isinstance(value, str), f"`top_priority_after` should be text; it is {describe(value)}.")
    require(not items or value in items,
            "`top_priority_after` should be one of the column names of `ranks_after`, written "
            "exactly as they are.")


Q6 = Question(
    key="q6",
    title="Did the planning day align mental models?",
    variables=("w_before", "w_after", "top_priority_after"),
    checks=(
        range_check("w_before", 0, 1, "Kendall's W lies between 0 and 1."),
        range_check("w_after", 0, 1, "Kendall's W lies between 0 and 1."),
        Check("`top_priority_after` is one of the priorities", _top_priority,
              "The most important item has the smallest mean rank."),
    ),
)


# --- q7: spread and outcomes ------------------------------------------------------------------

def _firm_id(ns):
    value = ns["most_balanced_firm"]
    known = set(load("digital_alignment")["smb_id"].astype(str))
    require(isinstance(value, str) and value in known,
            f"`most_balanced_firm` should be a firm's `smb_id`, such as 'DA01'; it is "
            f"{describe(value)}.")


Q7 = Question(
    key="q7",
    title="Balanced or lopsided?",
    variables=("spread_growth_r", "most_balanced_firm"),
    checks=(
        range_check("spread_growth_r", -1, 1, "Pearson's r lies between -1 and 1."),
        Check("`most_balanced_firm` is a firm id from the data", _firm_id,
              "The spread of a firm is its highest of the six scores minus its lowest."),
    ),
)


QUESTIONS = {question.key: question for question in (Q1, Q2, Q3, Q4, Q5, Q6, Q7)}
