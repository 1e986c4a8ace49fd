"""The culture data sets tell the stories their modules promise.

culture_assessments: valid allocations, team differences, a Leadership perception gap, one
incongruent team, one team under the anonymity threshold. digital_alignment: firms with
technology far ahead of capability and culture do worse, and spread goes with worse
outcomes. country_culture: the twelve countries, with the values of the source file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from widgets.core import culture
from widgets.data import describe, load

TYPES = list(culture.CULTURE_TYPES)
FRONT_LINE = ("Operations", "Warehouse", "Customer Service")
ANONYMITY_MINIMUM = 5


# --- culture_assessments -------------------------------------------------------------------

@pytest.fixture(scope="module")
def assessments() -> pd.DataFrame:
    frame = load("culture_assessments")
    for column in ("team", "phase", "dimension"):
        frame[column] = frame[column].astype(str)
    return frame


def _allocation(rows: pd.DataFrame) -> dict:
    return {
        row["dimension"]: {t: int(row[t]) for t in TYPES}
        for _, row in rows.iterrows()
    }


def _allocations(frame: pd.DataFrame, phase: str) -> dict[str, dict]:
    selected = frame[frame["phase"] == phase]
    return {rid: _allocation(rows) for rid, rows in selected.groupby("respondent_id")}


def _group_profile(frame: pd.DataFrame, phase: str) -> dict[str, float]:
    """The mean of the individual profiles of the respondents in `frame`."""
    return culture.team_profile(
        culture.profile(a) for a in _allocations(frame, phase).values()
    )


def _team(frame: pd.DataFrame, team: str) -> pd.DataFrame:
    return frame[frame["team"] == team]


def _whole_points(means: dict[str, float]) -> dict[str, int]:
    """Team means rounded to whole points that add up to exactly 100 (largest remainder)."""
    floors = {t: int(means[t]) for t in TYPES}
    short = 100 - sum(floors.values())
    for t in sorted(TYPES, key=lambda t: means[t] - floors[t], reverse=True)[:short]:
        floors[t] += 1
    return floors


def _team_allocation(frame: pd.DataFrame, phase: str) -> dict:
    """A team's mean answer per dimension, as a valid allocation."""
    means = frame[frame["phase"] == phase].groupby("dimension")[TYPES].mean()
    return {d: _whole_points(means.loc[d].to_dict()) for d in culture.DIMENSIONS}


def _gap_types(now, preferred) -> dict[str, str]:
    return {g.culture_type: g.direction for g in culture.gaps_to_discuss(now, preferred)}


def test_structure_and_size(assessments):
    assert list(assessments.columns) == [
        "respondent_id", "team", "phase", "dimension", *TYPES
    ]
    assert not assessments.duplicated(["respondent_id", "phase", "dimension"]).any()
    respondents = assessments["respondent_id"].nunique()
    assert 55 <= respondents <= 65
    assert len(assessments) == respondents * 2 * len(culture.DIMENSIONS)
    assert (assessments.groupby("respondent_id")["team"].nunique() == 1).all()
    assert set(assessments["phase"]) == {"now", "preferred"}
    assert set(assessments["dimension"]) == set(culture.DIMENSIONS)


def test_every_answer_is_a_valid_allocation(assessments):
    for phase in ("now", "preferred"):
        allocations = _allocations(assessments, phase)
        assert len(allocations) == assessments["respondent_id"].nunique()
        for respondent, allocation in allocations.items():
            assert culture.validate_allocation(allocation) == [], (respondent, phase)
    assert (assessments[TYPES].sum(axis=1) == 100).all()
    assert (assessments[TYPES] >= 0).all().all()


def test_one_small_team_exercises_the_anonymity_rule(assessments):
    sizes = assessments.groupby("team")["respondent_id"].nunique()
    small = sizes[sizes < ANONYMITY_MINIMUM]
    assert list(small.index) == ["Finance & HR"]
    assert 3 <= small.iloc[0] <= 4
    assert sizes.drop(small.index).min() >= ANONYMITY_MINIMUM
    assert sizes["Leadership"] == 5


def test_sales_lives_in_a_market_culture_and_wants_more_clan(assessments):
    sales = _team(assessments, "Sales")
    now, preferred = _group_profile(sales, "now"), _group_profile(sales, "preferred")
    assert culture.dominant(now).culture_type == "market"
    gaps = _gap_types(now, preferred)
    assert gaps.get("clan") == "increase"
    assert gaps.get("market") == "decrease"


@pytest.mark.parametrize("team", ["Operations", "Warehouse"])
def test_operations_and_warehouse_see_hierarchy_and_want_less(assessments, team):
    rows = _team(assessments, team)
    now, preferred = _group_profile(rows, "now"), _group_profile(rows, "preferred")
    lead = culture.dominant(now)
    assert lead.culture_type == "hierarchy" and lead.strength == "strong"
    gaps = _gap_types(now, preferred)
    assert gaps.get("hierarchy") == "decrease"
    assert gaps.get("clan") == "increase"
    assert preferred["adhocracy"] > now["adhocracy"]
    # Hierarchy is the biggest change they ask for.
    assert culture.gaps_to_discuss(now, preferred)[0].culture_type == "hierarchy"


def test_product_sees_adhocracy_and_wants_less_hierarchy(assessments):
    product = _team(assessments, "Product")
    now, preferred = _group_profile(product, "now"), _group_profile(product, "preferred")
    assert culture.dominant(now).culture_type == "adhocracy"
    assert culture.dominant(preferred).culture_type == "adhocracy"
    assert _gap_types(now, preferred).get("hierarchy") == "decrease"


def test_leadership_sees_a_clan_the_rest_see_a_hierarchy(assessments):
    leadership = _team(assessments, "Leadership")
    rest = assessments[assessments["team"] != "Leadership"]
    front_line = assessments[assessments["team"].isin(FRONT_LINE)]
    leaders_now = _group_profile(leadership, "now")
    rest_now = _group_profile(rest, "now")
    front_now = _group_profile(front_line, "now")

    assert culture.dominant(leaders_now).culture_type == "clan"
    assert culture.dominant(rest_now).culture_type == "hierarchy"
    assert culture.dominant(front_now).culture_type == "hierarchy"
    # The gap between the two pictures is well beyond the discussion threshold.
    assert leaders_now["clan"] - front_now["clan"] >= 15
    assert front_now["hierarchy"] - leaders_now["hierarchy"] >= 15
    assert leaders_now["clan"] >= 2 * rest_now["clan"]


def test_leadership_thinks_little_needs_to_change(assessments):
    leadership = _team(assessments, "Leadership")
    assert culture.gaps_to_discuss(
        _group_profile(leadership, "now"), _group_profile(leadership, "preferred")
    ) == []
    for team in FRONT_LINE:
        rows = _team(assessments, team)
        assert culture.gaps_to_discuss(
            _group_profile(rows, "now"), _group_profile(rows, "preferred")
        ), team


def test_customer_service_now_is_incongruent(assessments):
    service = culture.congruence(
        _team_allocation(_team(assessments, "Customer Service"), "now")
    )
    assert not service.congruent
    assert len(set(service.dominant_by_dimension.values())) >= 3
    assert service.matching_dimensions <= 3
    # Its Preferred culture, and the Now culture of every other reportable team, is congruent.
    assert culture.congruence(
        _team_allocation(_team(assessments, "Customer Service"), "preferred")
    ).congruent
    sizes = assessments.groupby("team")["respondent_id"].nunique()
    for team in sizes[sizes >= ANONYMITY_MINIMUM].index.drop("Customer Service"):
        result = culture.congruence(_team_allocation(_team(assessments, team), "now"))
        assert result.congruent, (team, result.dominant_by_dimension)


# --- digital_alignment ---------------------------------------------------------------------

SCORES = ["strategy", "capability", "structure", "process", "technology", "culture"]
OUTCOMES = ["revenue_growth_pct", "customer_satisfaction", "employee_turnover_pct"]


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    frame = load("digital_alignment")
    frame[OUTCOMES[1]] = frame[OUTCOMES[1]].astype(float)
    frame["spread"] = frame[SCORES].max(axis=1) - frame[SCORES].min(axis=1)
    frame["tech_lead"] = frame["technology"] - frame[["capability", "culture"]].mean(axis=1)
    frame["misaligned"] = frame["tech_lead"] >= 1.5
    frame["balanced"] = frame["spread"] <= 1.0
    return frame


def test_digital_structure(firms):
    assert 8 <= len(firms) <= 12
    assert firms["smb_id"].is_unique and firms["smb_name"].is_unique
    assert firms["sector"].nunique() >= 5
    for column in SCORES:
        assert firms[column].between(1.0, 5.0).all()
        assert ((firms[column] * 10).round() == firms[column] * 10).all()  # one decimal
    assert firms["customer_satisfaction"].between(0, 100).all()
    assert (firms["employee_turnover_pct"] >= 0).all()


def test_tools_without_people_give_weaker_outcomes(firms):
    misaligned = firms[firms["misaligned"]]
    balanced = firms[firms["balanced"] & ~firms["misaligned"]]
    assert len(misaligned) >= 3 and len(balanced) >= 3
    assert misaligned["technology"].mean() > balanced["technology"].mean() + 0.5
    assert misaligned["revenue_growth_pct"].mean() < balanced["revenue_growth_pct"].mean() - 3
    assert misaligned["customer_satisfaction"].mean() < balanced["customer_satisfaction"].mean() - 5
    assert misaligned["employee_turnover_pct"].mean() > balanced["employee_turnover_pct"].mean() + 5


def test_balanced_firms_with_less_technology_still_do_better(firms):
    misaligned = firms[firms["misaligned"]]
    less_tech = firms["technology"] < misaligned["technology"].min()
    low_tech_balanced = firms[firms["balanced"] & less_tech]
    assert len(low_tech_balanced) >= 2
    # Not because they are more mature overall: their mean score is about the same.
    maturity_gap = (
        low_tech_balanced[SCORES].mean(axis=1).mean() - misaligned[SCORES].mean(axis=1).mean()
    )
    assert abs(maturity_gap) < 0.5
    assert low_tech_balanced["revenue_growth_pct"].min() > misaligned["revenue_growth_pct"].max()
    assert (
        low_tech_balanced["customer_satisfaction"].median()
        > misaligned["customer_satisfaction"].median()
    )


def test_spread_goes_with_worse_outcomes(firms):
    corr = firms[["spread", "technology", *OUTCOMES]].corr()
    assert corr.loc["spread", "revenue_growth_pct"] < -0.5
    assert corr.loc["spread", "customer_satisfaction"] < -0.5
    assert corr.loc["spread", "employee_turnover_pct"] > 0.5
    # The technology score on its own says much less about growth than the spread does.
    technology_alone = abs(corr.loc["technology", "revenue_growth_pct"])
    assert technology_alone < abs(corr.loc["spread", "revenue_growth_pct"])


# --- country_culture -----------------------------------------------------------------------

# Copied from 6-dimensions-for-website-2015-08-16.csv (ctr;country;pdi;idv;mas;uai;ltowvs;ivr).
SOURCE = """\
USA;U.S.A.;40;91;62;46;26;68
GBR;Great Britain;35;89;66;35;51;69
GER;Germany;35;67;66;65;83;40
FRA;France;68;71;43;86;63;48
NET;Netherlands;38;80;14;53;67;68
SWE;Sweden;31;71;5;29;53;78
JPN;Japan;54;46;95;92;88;42
CHI;China;80;20;66;30;87;24
IND;India;77;48;56;40;51;26
BRA;Brazil;69;38;49;76;44;59
MEX;Mexico;81;30;69;82;24;97
KOR;Korea South;60;18;39;85;100;29"""
HOFSTEDE = ["power_distance", "individualism", "masculinity", "uncertainty_avoidance",
            "long_term_orientation", "indulgence"]


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return load("country_culture").set_index("country_code")


def test_the_twelve_countries_match_the_source_file(countries):
    expected = [line.split(";") for line in SOURCE.splitlines()]
    assert list(countries.index) == [row[0] for row in expected]
    for code, source_name, *values in expected:
        assert countries.loc[code, "source_name"] == source_name
        assert [int(countries.loc[code, c]) for c in HOFSTEDE] == [int(v) for v in values], code


def test_spot_values(countries):
    by_name = countries.set_index("country")
    assert by_name.loc["Japan", "masculinity"] == 95
    assert by_name.loc["Sweden", "masculinity"] == 5
    assert by_name.loc["South Korea", "long_term_orientation"] == 100
    assert by_name.loc["Mexico", "indulgence"] == 97
    assert by_name.loc["United States", "individualism"] == 91
    assert by_name["masculinity"].idxmin() == "Sweden"
    assert by_name["power_distance"].idxmax() == "Mexico"


def test_country_scores_are_in_range_and_real(countries):
    assert countries[HOFSTEDE].ge(0).all().all() and countries[HOFSTEDE].le(100).all().all()
    resource = describe("country_culture")
    assert "6-dimensions-for-website-2015-08-16.csv" in resource["sources"][0]["title"]
    licence = resource["licenses"][0]
    assert licence["name"] != "CC-BY-4.0" and "commercial" in licence["title"].lower()
    assert "Generated by" not in resource["description"]  # not synthetic: no seed
