"""Story tests for the people data of Brannock Kitchenworks: engagement_survey, hr_headcount
and kpis. Each test computes the episode a data set's story describes from `load(name)`, with
the kind of pandas analysis a learner would do, so a regenerated file that loses its story
fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from widgets.data import describe, load

ROOT = Path(__file__).resolve().parent.parent
TEAMS = {"Sales", "Operations", "Warehouse", "Customer Service", "Finance & HR", "Product"}
TRAITS = {"adaptability": "adapt", "transparency": "transp", "accountability": "account",
          "continuous_improvement": "improve"}
CATEGORIES = {"Strategic alignment", "Operational efficiency",
              "Employee engagement and alignment", "Customer satisfaction and loyalty",
              "Innovation and adaptability"}
ANONYMITY_THRESHOLD = 5
SURVEY_MONTH = pd.Timestamp("2024-10-01")
OKR_START = pd.Timestamp("2024-01-01")


def enps(answers: pd.Series) -> float:
    answers = answers.astype(float)
    return 100 * ((answers >= 9).mean() - (answers <= 6).mean())


def cronbach_alpha(items: pd.DataFrame) -> float:
    items = items.astype(float)
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def story_module(name: str):
    path = ROOT / "datasets" / "stories" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"test_story_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load("engagement_survey")


@pytest.fixture(scope="module")
def traits(survey) -> pd.DataFrame:
    """Each respondent's mean score per trait, with the team."""
    scores = pd.DataFrame({
        trait: survey[[c for c in survey.columns if c.startswith(prefix + "_")]]
        .astype(float).mean(axis=1)
        for trait, prefix in TRAITS.items()
    })
    scores["team"] = survey["team"].astype(str)
    return scores


@pytest.fixture(scope="module")
def reportable(survey) -> list[str]:
    sizes = survey["team"].astype(str).value_counts()
    return list(sizes[sizes >= ANONYMITY_THRESHOLD].index)


@pytest.fixture(scope="module")
def hr() -> pd.DataFrame:
    frame = load("hr_headcount")
    frame["team"] = frame["team"].astype(str)
    return frame


@pytest.fixture(scope="module")
def kpis() -> pd.DataFrame:
    frame = load("kpis")
    for column in ["kpi_id", "kpi", "category", "unit", "direction"]:
        frame[column] = frame[column].astype(str)
    return frame


def kpi_series(kpis: pd.DataFrame, kpi_id: str) -> pd.Series:
    return kpis[kpis["kpi_id"] == kpi_id].set_index("date")["value"].sort_index()


# --- engagement_survey -------------------------------------------------------------------


def test_survey_structure(survey):
    assert 100 <= len(survey) <= 130
    assert survey["respondent_id"].is_unique
    assert set(survey["team"].astype(str)) == TEAMS
    likert = [c for c in survey.columns if c.split("_")[0] in TRAITS.values()]
    assert len(likert) == 12
    assert survey[likert].notna().all().all()
    assert survey[likert].min().min() >= 1 and survey[likert].max().max() <= 5
    assert survey["enps"].between(0, 10).all()
    assert survey["comment"].isna().any() and survey["comment"].notna().any()


def test_items_and_traits_are_documented():
    module = story_module("engagement_survey")
    fields = {f["name"]: f for f in describe("engagement_survey")["schema"]["fields"]}
    assert sorted(i for ids in module.TRAITS.values() for i in ids) == sorted(module.ITEMS)
    assert set(module.TRAITS) == set(TRAITS)
    for item, statement in module.ITEMS.items():
        assert statement in fields[item]["description"]
        assert len(statement.split()) >= 5
    assert len(set(module.ITEMS.values())) == len(module.ITEMS)


def test_some_teams_are_below_the_anonymity_threshold(survey):
    sizes = survey["team"].astype(str).value_counts()
    small = set(sizes[sizes < ANONYMITY_THRESHOLD].index)
    assert small == {"Finance & HR", "Product"}
    assert (sizes[sizes < ANONYMITY_THRESHOLD] >= 1).all()


def test_transparency_is_the_weakest_trait(traits):
    means = traits[list(TRAITS)].mean()
    assert means.idxmin() == "transparency"
    assert means.drop("transparency").min() - means["transparency"] >= 0.3


def test_trait_items_hang_together(survey):
    for prefix in TRAITS.values():
        items = survey[[c for c in survey.columns if c.startswith(prefix + "_")]]
        assert cronbach_alpha(items) >= 0.6, prefix


def test_warehouse_is_unhappy_and_least_informed(survey, traits, reportable):
    by_team = traits.groupby("team")[list(TRAITS)].mean()
    assert by_team.loc[reportable, "transparency"].idxmin() == "Warehouse"
    warehouse = survey.loc[survey["team"] == "Warehouse", "enps"].astype(float)
    detractors, promoters = (warehouse <= 6).mean(), (warehouse >= 9).mean()
    assert detractors > 0.5 and detractors > 3 * promoters


def test_enps_differs_clearly_by_team(survey, reportable):
    team_enps = survey.groupby(survey["team"].astype(str))["enps"].apply(enps)
    company = enps(survey["enps"])
    assert team_enps["Warehouse"] <= company - 30
    assert team_enps["Sales"] >= company + 25
    assert team_enps["Sales"] - team_enps["Warehouse"] >= 60
    assert team_enps[reportable].idxmin() == "Warehouse"


def test_sales_leads_on_accountability(traits, reportable):
    by_team = traits.groupby("team")["accountability"].mean()
    assert by_team[reportable].idxmax() == "Sales"
    assert by_team["Sales"] - traits["accountability"].mean() >= 0.3


def test_comments_are_varied(survey):
    comments = survey["comment"].dropna()
    assert 0.3 <= len(comments) / len(survey) <= 0.8
    assert comments.nunique() >= 0.6 * len(comments)


def test_respondents_fit_the_october_headcount(survey, hr):
    staff = hr[hr["date"] == SURVEY_MONTH].set_index("team")["headcount_start"]
    respondents = survey["team"].astype(str).value_counts()
    for team, count in respondents.items():
        assert count <= staff[team], team
    assert 0.75 <= len(survey) / staff.sum() <= 0.95


# --- hr_headcount ------------------------------------------------------------------------


def test_headcount_structure(hr):
    assert len(hr) == 24 * 6
    assert set(hr["team"]) == TEAMS
    assert (hr["date"].dt.day == 1).all()
    assert hr["date"].nunique() == 24
    assert not hr.duplicated(["date", "team"]).any()
    assert 110 <= hr.groupby("date")["headcount_end"].sum().mean() <= 130


def test_headcount_identities_and_continuity(hr):
    flows = hr["headcount_start"] + hr["hires"] - hr["voluntary_separations"] \
        - hr["involuntary_separations"]
    assert (flows == hr["headcount_end"]).all()
    for _team, rows in hr.sort_values("date").groupby("team"):
        assert (rows["headcount_start"].iloc[1:].to_numpy()
                == rows["headcount_end"].iloc[:-1].to_numpy()).all()


def yearly_turnover(hr: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = hr.assign(year=hr["date"].dt.year,
                      average=(hr["headcount_start"] + hr["headcount_end"]) / 2,
                      leavers=hr[columns].sum(axis=1).astype(float))
    grouped = frame.groupby(["year", "team"]).agg(leavers=("leavers", "sum"),
                                                  average=("average", "mean"))
    return (100 * grouped["leavers"] / grouped["average"]).unstack("team")


def test_warehouse_has_the_highest_voluntary_turnover(hr):
    rates = yearly_turnover(hr, ["voluntary_separations"])
    for year, row in rates.iterrows():
        assert row.idxmax() == "Warehouse", year
        assert row["Warehouse"] >= 2 * row.drop("Warehouse").median(), year


def test_warehouse_spike_after_the_shift_change(hr):
    warehouse = hr[hr["team"] == "Warehouse"].set_index("date")["voluntary_separations"]
    spike = warehouse["2024-04-01":"2024-08-01"].sum()
    same_months_before = warehouse["2023-04-01":"2023-08-01"].sum()
    assert spike >= 2 * same_months_before and spike >= 7
    headcount = hr[hr["team"] == "Warehouse"].set_index("date")["headcount_end"]
    assert headcount["2024-06-01":"2024-08-01"].min() < headcount[:"2024-02-01"].min()


def test_sales_is_stable(hr):
    sales = hr[hr["team"] == "Sales"]
    assert sales["headcount_end"].max() - sales["headcount_end"].min() <= 3
    assert (yearly_turnover(hr, ["voluntary_separations"])["Sales"] <= 12).all()


def test_company_turnover_is_realistic_and_rises(hr):
    frame = hr.assign(year=hr["date"].dt.year)
    monthly = frame.groupby(["year", "date"])[
        ["headcount_start", "headcount_end", "voluntary_separations",
         "involuntary_separations"]].sum().astype(float)
    monthly["average"] = (monthly["headcount_start"] + monthly["headcount_end"]) / 2
    yearly = monthly.groupby("year").agg(
        leavers=("voluntary_separations", "sum"), fired=("involuntary_separations", "sum"),
        average=("average", "mean"))
    rate = 100 * (yearly["leavers"] + yearly["fired"]) / yearly["average"]
    assert rate.between(15, 25).all()
    assert rate[2024] > rate[2023]


# --- kpis --------------------------------------------------------------------------------


def test_kpi_structure(kpis):
    assert kpis["date"].nunique() == 24 and (kpis["date"].dt.day == 1).all()
    per_month = kpis.groupby("date")["kpi_id"].nunique()
    assert (per_month == kpis["kpi_id"].nunique()).all()
    assert 10 <= kpis["kpi_id"].nunique() <= 13
    assert len(kpis) == 24 * kpis["kpi_id"].nunique()
    assert set(kpis["direction"]) <= {"higher_is_better", "lower_is_better"}
    assert set(kpis["direction"]) == {"higher_is_better", "lower_is_better"}
    # Name, category, unit, direction and target are properties of the KPI.
    per_kpi = kpis.groupby("kpi_id")[["kpi", "category", "unit", "direction", "target"]].nunique()
    assert (per_kpi == 1).all().all()


def test_each_category_has_at_least_two_kpis(kpis):
    counts = kpis.groupby("category")["kpi_id"].nunique()
    assert set(counts.index) == CATEGORIES
    assert (counts >= 2).all()


def signed_change(kpis: pd.DataFrame, before: slice, after: slice) -> pd.Series:
    """Mean after minus mean before, signed so that positive is an improvement."""
    wide = kpis.pivot(index="date", columns="kpi_id", values="value").sort_index()
    change = wide.loc[after].mean() - wide.loc[before].mean()
    sign = kpis.groupby("kpi_id")["direction"].first().map(
        {"higher_is_better": 1, "lower_is_better": -1})
    return change * sign


def test_strategic_alignment_improves_after_okrs(kpis):
    strategic = kpis.loc[kpis["category"] == "Strategic alignment", "kpi_id"].unique()
    change = signed_change(kpis, slice("2023-01-01", "2023-12-01"),
                           slice("2024-04-01", "2024-12-01"))
    assert (change[strategic] >= 15).all(), change[strategic]
    # Before the launch nothing moves: the last quarter of 2023 is like the first.
    flat = signed_change(kpis, slice("2023-01-01", "2023-03-01"),
                         slice("2023-10-01", "2023-12-01"))
    assert (flat[strategic].abs() < 8).all(), flat[strategic]
    ideas = kpi_series(kpis, "ideas_implemented")
    assert ideas[OKR_START:].mean() >= 2 * ideas[:"2023-12-01"].mean()


def test_warehouse_trouble_shows_in_operations(kpis):
    trouble, spring, autumn = (slice("2024-04-01", "2024-08-01"),
                               slice("2024-01-01", "2024-03-01"),
                               slice("2024-10-01", "2024-12-01"))
    for kpi_id in ["on_time_delivery", "cost_per_order"]:
        assert signed_change(kpis, spring, trouble)[kpi_id] < 0, kpi_id
        assert signed_change(kpis, trouble, autumn)[kpi_id] > 0, kpi_id
    turnover = kpi_series(kpis, "voluntary_turnover")
    assert turnover[trouble].mean() > turnover[:"2023-12-01"].mean() + 5


def test_some_kpis_meet_their_target_and_some_miss(kpis):
    late = kpis[kpis["date"] >= "2024-10-01"]
    summary = late.groupby("kpi_id").agg(value=("value", "mean"), target=("target", "first"),
                                         direction=("direction", "first"))
    met = np.where(summary["direction"] == "higher_is_better",
                   summary["value"] >= summary["target"], summary["value"] <= summary["target"])
    assert 3 <= met.sum() <= len(summary) - 3
    early = kpis[kpis["date"] <= "2023-12-01"]
    early_met = np.where(early["direction"] == "higher_is_better",
                         early["value"] >= early["target"], early["value"] <= early["target"])
    late_met = np.where(late["direction"] == "higher_is_better",
                        late["value"] >= late["target"], late["value"] <= late["target"])
    assert late_met.mean() > early_met.mean() + 0.2


def test_voluntary_turnover_kpi_matches_hr_headcount(kpis, hr):
    monthly = hr.groupby("date")[["headcount_start", "headcount_end",
                                  "voluntary_separations"]].sum().astype(float).sort_index()
    average = (monthly["headcount_start"] + monthly["headcount_end"]) / 2
    leavers = monthly["voluntary_separations"]
    window = leavers.rolling(3, min_periods=1)
    expected = 100 * (12 / window.count()) * window.sum() \
        / average.rolling(3, min_periods=1).mean()
    actual = kpi_series(kpis, "voluntary_turnover")
    assert np.allclose(actual.to_numpy(), expected.round(1).to_numpy(), atol=0.051)


def test_enps_kpi_agrees_with_the_survey(kpis, survey):
    series = kpi_series(kpis, "enps")
    assert series[SURVEY_MONTH] == pytest.approx(round(enps(survey["enps"]), 1), abs=0.051)
    assert series[OKR_START:].mean() > series[:"2023-12-01"].mean() + 5
    # The warehouse trouble pulls the pulse down after its first OKR quarter.
    assert series["2024-04-01":"2024-08-01"].mean() < series["2024-01-01":"2024-03-01"].mean()
