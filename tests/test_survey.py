"""The engagement-survey analysis (widgets.core.survey) and its widget (SurveyAnalyser).

Core tests check eNPS, trait scores and distributions against independent pandas arithmetic,
and the anonymity rule with hypothesis property tests: no visible group is small, and the
subtraction attack never recovers a single group or a small crowd.
"""

from __future__ import annotations

import html
import importlib.util
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.core import survey
from widgets.core.survey import (
    ABSOLUTE_MIN_GROUP_SIZE,
    ITEMS,
    MIN_GROUP_SIZE,
    TRAITS,
    check_min_size,
    cronbach_alpha,
    enps,
    enps_breakdown,
    enps_by_group,
    item_distribution,
    response_rate,
    reverse_key,
    suppress_small_groups,
    trait_reliability,
    trait_scores,
)
from widgets.data import describe, load
from widgets.survey import SurveyAnalyser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def responses():
    return load("engagement_survey")


def story_module():
    path = ROOT / "datasets" / "stories" / "engagement_survey.py"
    spec = importlib.util.spec_from_file_location("_engagement_story", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- constants in step with the data ---------------------------------------------------------

def test_items_and_traits_match_the_data_package():
    story = story_module()
    assert ITEMS == story.ITEMS
    assert TRAITS == story.TRAITS
    fields = {f["name"]: f for f in describe("engagement_survey")["schema"]["fields"]}
    for item, statement in ITEMS.items():
        assert statement in fields[item]["description"]
    for trait, items in TRAITS.items():
        for item in items:
            assert f"Trait: {trait.replace('_', ' ')}" in fields[item]["description"]


def test_thresholds():
    assert MIN_GROUP_SIZE == 5 and ABSOLUTE_MIN_GROUP_SIZE == 3
    assert check_min_size(3) == 3 and check_min_size(5) == 5 and check_min_size(7.0) == 7
    for bad in (2, 0, -5, 2.0):
        with pytest.raises(ValueError, match="cannot be below 3"):
            check_min_size(bad)
    for bad in (3.5, "5", None, True, float("nan")):
        with pytest.raises(ValueError, match="whole number"):
            check_min_size(bad)


# --- eNPS --------------------------------------------------------------------------------------

def test_enps_definition():
    assert enps([10, 9, 8, 7, 6, 0]) == pytest.approx(100 * (2 - 2) / 6)
    assert enps([9, 9, 9, 1]) == pytest.approx(50.0)
    assert enps([10] * 4) == 100.0 and enps([0, 6]) == -100.0 and enps([7, 8]) == 0.0
    assert enps(pd.Series([9, 6, 7], dtype="Int64")) == pytest.approx(0.0)
    assert enps(np.array([10, 3, 3, 8])) == pytest.approx(-25.0)
    stats = enps_breakdown([9, 7, 2, 2])
    assert (stats["promoters"], stats["passives"], stats["detractors"]) == (1, 1, 2)
    assert stats["promoters_pct"] - stats["detractors_pct"] == pytest.approx(stats["enps"])


@pytest.mark.parametrize("bad, message", [
    ([], "empty"), ([11], "from 0 to 10"), ([-1, 5], "from 0 to 10"), ([7.5], "whole numbers"),
    (["9"], "whole numbers"), ([None, 9], "whole numbers"), ([float("nan")], "whole numbers"),
    ([True], "whole numbers"), ("9", "list"), (9, "list"),
])
def test_enps_refuses_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        enps(bad)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_enps_is_bounded_and_matches_its_definition(answers):
    value = enps(answers)
    assert -100 <= value <= 100
    series = pd.Series(answers)
    assert value == pytest.approx(100 * ((series >= 9).mean() - (series <= 6).mean()))


def test_company_enps_of_the_case(responses):
    answers = responses["enps"].astype(int)
    expected = 100 * ((answers >= 9).sum() - (answers <= 6).sum()) / len(answers)
    assert enps(responses["enps"]) == pytest.approx(expected)
    assert abs(enps(responses["enps"])) < 15  # "about 0 overall"


# --- trait scores, eNPS by group, distributions -----------------------------------------------

def test_trait_scores_company_wide(responses):
    table = trait_scores(responses)
    assert len(table) == 1 and int(table.loc[0, "n"]) == len(responses)
    for trait, items in TRAITS.items():
        expected = responses[items].astype(float).to_numpy().mean()
        assert table.loc[0, trait] == pytest.approx(expected)
    assert table[list(TRAITS)].iloc[0].idxmin() == "transparency"


def test_trait_scores_by_team_hide_the_small_teams(responses):
    table = trait_scores(responses, by="team").set_index("team")
    sizes = responses["team"].astype(str).value_counts()
    hidden = set(table.index[table["suppressed"]])
    assert hidden == set(sizes[sizes < 5].index) == {"Finance & HR", "Product"}
    assert table.loc[list(hidden), list(TRAITS) + ["n"]].isna().all().all()
    assert (table.loc[list(hidden), "suppressed_because"] == "fewer than 5 respondents").all()
    for team in set(table.index) - hidden:
        assert int(table.loc[team, "n"]) == sizes[team]
        people = responses[responses["team"] == team]
        assert table.loc[team, "transparency"] == pytest.approx(
            people[TRAITS["transparency"]].astype(float).to_numpy().mean())
    visible = table[~table["suppressed"]]
    assert visible["transparency"].idxmin() == "Warehouse"
    assert visible["accountability"].idxmax() == "Sales"


def test_threshold_three_shows_the_small_teams(responses):
    table = trait_scores(responses, by="team", min_size=3)
    assert not table["suppressed"].any()
    with pytest.raises(ValueError, match="below 3"):
        trait_scores(responses, by="team", min_size=2)


def test_two_levels_hide_the_product_engineer_at_the_plant(responses):
    table = trait_scores(responses, by=["location", "team"]).set_index(["location", "team"])
    plant = table.loc["Plant"]
    # The one Product person at the Plant is hidden, and so is Operations: otherwise the Plant
    # total minus Operations would give that person's answers.
    assert plant["suppressed"].all()
    assert plant.loc["Product", "suppressed_because"].startswith("fewer than")
    assert plant.loc["Operations", "suppressed_because"].startswith("hidden to protect a smaller")
    assert not table.loc[("Distribution centre", "Warehouse"), "suppressed"]


def test_unknown_grouping_and_bad_answers_are_refused(responses):
    with pytest.raises(ValueError, match="Cannot group by 'department'"):
        trait_scores(responses, by="department")
    broken = responses.copy()
    broken["adapt_2"] = broken["adapt_2"].astype(object)
    broken.loc[3, "adapt_2"] = 7
    with pytest.raises(ValueError, match="adapt_2"):
        trait_scores(broken)
    with pytest.raises(ValueError, match="no column"):
        trait_scores(responses.drop(columns=["improve_3"]))
    with pytest.raises(ValueError, match="no responses"):
        trait_scores(responses.iloc[0:0])
    with pytest.raises(ValueError, match="DataFrame"):
        trait_scores([1, 2, 3])


def test_enps_by_team(responses):
    table = enps_by_group(responses, by="team").set_index("team")
    assert set(table.index[table["suppressed"]]) == {"Finance & HR", "Product"}
    for team, row in table[~table["suppressed"]].iterrows():
        assert row["enps"] == pytest.approx(enps(responses.loc[responses["team"] == team, "enps"]))
        assert row["promoters_pct"] + row["passives_pct"] + row["detractors_pct"] == pytest.approx(100)
    visible = table[~table["suppressed"]]
    assert visible["enps"].idxmin() == "Warehouse" and visible.loc["Warehouse", "enps"] < -30
    assert visible["enps"].idxmax() == "Sales"
    assert table.loc[["Finance & HR", "Product"], "enps"].isna().all()
    company = enps_by_group(responses)
    assert company.loc[0, "enps"] == pytest.approx(enps(responses["enps"]))


def test_item_distribution(responses):
    table = item_distribution(responses, by="team")
    assert set(table["answer"]) == {1, 2, 3, 4, 5}
    assert len(table) == responses["team"].nunique() * len(ITEMS) * 5
    sales = table[(table["team"] == "Sales") & (table["item"] == "transp_2")]
    people = responses.loc[responses["team"] == "Sales", "transp_2"].astype(int)
    assert list(sales["count"]) == [int((people == a).sum()) for a in range(1, 6)]
    assert sales["share"].sum() == pytest.approx(1.0)
    hidden = table[table["team"].isin(["Finance & HR", "Product"])]
    assert hidden["suppressed"].all() and hidden["count"].isna().all()
    assert hidden["share"].isna().all() and hidden["n"].isna().all()
    company = item_distribution(responses, items=["adapt_1"])
    assert company["count"].sum() == len(responses) and len(company) == 5
    with pytest.raises(ValueError, match="Unknown statement"):
        item_distribution(responses, items=["q12"])


def test_trait_items_hang_together(responses):
    table = trait_reliability(responses).set_index("trait")
    assert (table["alpha"] > 0.6).all()
    items = responses[TRAITS["transparency"]].astype(float)
    k = items.shape[1]
    by_hand = k / (k - 1) * (1 - items.var().sum() / items.sum(axis=1).var())
    assert table.loc["transparency", "alpha"] == pytest.approx(by_hand)
    with pytest.raises(ValueError, match="two statements"):
        cronbach_alpha(responses[["adapt_1"]])
    with pytest.raises(ValueError, match="same total"):
        cronbach_alpha(pd.DataFrame({"a": [3, 3, 3], "b": [2, 2, 2]}))


def test_reverse_key_and_response_rate():
    assert reverse_key(1) == 5 and reverse_key(3) == 3 and reverse_key([2, 4]) == [4, 2]
    assert list(reverse_key(pd.Series([1, 5]))) == [5, 1]
    with pytest.raises(ValueError):
        reverse_key(6)
    assert response_rate(102, 119) == pytest.approx(102 / 119)
    for bad in ((120, 119), (5, 0), (-1, 10), (1.5, 10)):
        with pytest.raises(ValueError):
            response_rate(*bad)


# --- suppress_small_groups: examples ----------------------------------------------------------

def test_a_single_small_group_takes_its_smallest_sibling_with_it():
    table = pd.DataFrame({"team": list("ABCD"), "n": [20, 3, 8, 12], "score": [3.1, 2.0, 4.0, 3.5]})
    result = suppress_small_groups(table, "team", "n")
    assert list(result["suppressed"]) == [False, True, True, False]
    assert result.loc[1, "suppressed_because"] == "fewer than 5 respondents"
    assert result.loc[2, "suppressed_because"].startswith("hidden to protect a smaller")
    assert result.loc[[1, 2], ["n", "score"]].isna().all().all()
    assert result.loc[0, "score"] == 3.1 and result.loc[0, "n"] == 20
    assert result.attrs["suppression"]["min_size"] == 5
    assert list(table["n"]) == [20, 3, 8, 12]  # the input is not changed


def test_two_tiny_groups_need_a_third():
    table = pd.DataFrame({"team": list("ABCD"), "n": [1, 2, 30, 9]})
    result = suppress_small_groups(table, ["team"], "n")
    assert list(result["suppressed"]) == [True, True, False, True]  # 1 + 2 < 5, so add the 9


def test_small_groups_that_cover_each_other_need_no_complement():
    table = pd.DataFrame({"team": list("ABC"), "n": [4, 3, 30]})
    result = suppress_small_groups(table, "team", "n")
    assert list(result["suppressed"]) == [True, True, False]


def test_nothing_small_nothing_hidden_and_a_tiny_total_hides_all():
    table = pd.DataFrame({"team": list("AB"), "n": [5, 6]})
    assert not suppress_small_groups(table, "team", "n")["suppressed"].any()
    tiny = pd.DataFrame({"team": list("AB"), "n": [1, 2]})
    assert suppress_small_groups(tiny, "team", "n", min_size=3)["suppressed"].all()
    one = pd.DataFrame({"n": [4], "mean": [3.0]})
    assert suppress_small_groups(one, [], "n")["suppressed"].all()
    assert not suppress_small_groups(one, None, "n", min_size=3)["suppressed"].any()


def test_empty_groups_do_not_force_a_complement():
    table = pd.DataFrame({"team": list("ABC"), "n": [0, 10, 12]})
    result = suppress_small_groups(table, "team", "n")
    assert list(result["suppressed"]) == [True, False, False]


def test_bad_tables_are_refused():
    table = pd.DataFrame({"team": list("AB"), "n": [5, 6]})
    with pytest.raises(ValueError, match="no column 'size'"):
        suppress_small_groups(table, "team", "size")
    with pytest.raises(ValueError, match="below 3"):
        suppress_small_groups(table, "team", "n", min_size=2)
    with pytest.raises(ValueError, match="once"):
        suppress_small_groups(pd.DataFrame({"team": ["A", "A"], "n": [5, 6]}), "team", "n")
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_small_groups(pd.DataFrame({"team": ["A"], "n": [-1]}), "team", "n")
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_small_groups(pd.DataFrame({"team": ["A"], "n": [2.5]}), "team", "n")


# --- suppress_small_groups: properties ----------------------------------------------------------

def sibling_sets(result, group_columns):
    """Yield the rows of each set of siblings, as the attacker sees them."""
    if len(group_columns) <= 1:
        yield result
    else:
        for _, part in result.groupby(group_columns[:-1], sort=False):
            yield part


def assert_safe(table, result, group_columns, min_size, shown_parents=None):
    counts = table["n"].to_numpy()
    hidden = result["suppressed"].to_numpy()
    # 1. No visible group is under min_size, and visible counts are untouched.
    assert (counts[~hidden] >= min_size).all()
    assert (result.loc[~hidden, "n"].astype(int).to_numpy() == counts[~hidden]).all()
    assert result.loc[hidden, "n"].isna().all()
    # 2. Subtraction from any known total (a parent, or the whole table) recovers only the
    #    combined hidden count: 0, or at least two hidden groups holding >= min_size people.
    with_counts = result.assign(true_n=counts)
    parents = [with_counts] if len(group_columns) <= 1 else [
        part for key, part in with_counts.groupby(group_columns[0], sort=False)
        if shown_parents is None or key in shown_parents]  # a hidden parent shows no total
    parents.append(with_counts)  # the grand total
    for part in parents:
        if part["true_n"].sum() < min_size:
            # A parent (or total) that is itself small: all its rows are hidden, and the
            # parent must not be shown either (the parent level hides it; see below).
            assert part["suppressed"].all()
            continue
        people = part.loc[part["suppressed"] & (part["true_n"] > 0), "true_n"]
        assert people.sum() == 0 or (len(people) >= 2 and people.sum() >= min_size), (
            part, people)


group_table = st.lists(st.integers(0, 40), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=group_table, min_size=st.integers(3, 10))
def test_one_level_is_safe_against_subtraction(counts, min_size):
    table = pd.DataFrame({"team": [f"T{i}" for i in range(len(counts))], "n": counts,
                          "mean": np.linspace(1, 5, len(counts))})
    result = suppress_small_groups(table, "team", "n", min_size)
    assert_safe(table, result, ["team"], min_size)
    assert result.attrs["suppression"]["total_too_small"] == (sum(counts) < min_size)
    # Only as much as needed: a group is hidden as a complement only if some sibling is small.
    if not (table["n"] < min_size).any():
        assert not result["suppressed"].any()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites=st.lists(group_table, min_size=1, max_size=4), min_size=st.integers(3, 8))
def test_two_levels_are_safe_against_subtraction(sites, min_size):
    rows = [{"site": f"S{s}", "team": f"T{t}", "n": n}
            for s, counts in enumerate(sites) for t, n in enumerate(counts)]
    table = pd.DataFrame(rows)
    result = suppress_small_groups(table, ["site", "team"], "n", min_size)
    # Parents follow the same rule: a site hidden when the site-level table is suppressed
    # has every one of its rows hidden here, so the two levels can be shown side by side.
    site_table = table.groupby("site", sort=False)["n"].sum().reset_index()
    sites = suppress_small_groups(site_table, "site", "n", min_size)
    assert_safe(site_table, sites, ["site"], min_size)
    assert_safe(table, result, ["site", "team"], min_size,
                shown_parents=set(sites.loc[~sites["suppressed"], "site"]))
    for site in sites.loc[sites["suppressed"], "site"]:
        assert result.loc[result["site"] == site, "suppressed"].all()
    site_sizes = site_table.set_index("site")["n"]
    partly_visible = result.loc[~result["suppressed"], "site"].unique()
    assert (site_sizes[partly_visible] >= min_size).all()


@given(st.integers(-10, 2))
def test_min_size_below_three_is_always_refused(min_size):
    table = pd.DataFrame({"team": ["A", "B"], "n": [10, 10]})
    with pytest.raises(ValueError, match="below 3"):
        suppress_small_groups(table, "team", "n", min_size)


def test_brute_force_no_single_group_is_recoverable():
    """Every table of four groups with sizes around the threshold: total minus the visible
    groups is never one group's answers, nor fewer than 5 people's."""
    for counts in itertools.product([0, 1, 2, 4, 6, 15], repeat=4):
        table = pd.DataFrame({"team": list("ABCD"), "n": counts})
        result = suppress_small_groups(table, "team", "n")
        if sum(counts) < 5:
            assert result["suppressed"].all() and result.attrs["suppression"]["total_too_small"]
            continue
        hidden = [c for c, h in zip(counts, result["suppressed"]) if h and c > 0]
        assert not hidden or (len(hidden) >= 2 and sum(hidden) >= 5), counts


# --- the analyser widget, in plain pytest ----------------------------------------------------



def html_escape(text):
    return html.escape(text)


@pytest.fixture
def analyser(responses):
    return SurveyAnalyser(responses)


def team_sizes(responses):
    return responses["team"].astype(str).value_counts()


def test_widget_starts_by_team_with_the_small_teams_hidden(analyser, responses):
    sizes = team_sizes(responses)
    small = sorted(sizes[sizes < 5].index)
    assert analyser.grouping == "team" and analyser.min_size == 5
    assert sorted(analyser.hidden_groups) == small
    assert "aligned-activity" in analyser._dom_classes
    assert "<style>" in analyser.children[0].value
    table = analyser.table.value
    for team in small:
        row = table.split(f"<th scope='row'>{html_escape(team)}</th>")[1].split("</tr>")[0]
        assert "fewer than 5 respondents: hidden" in row
        assert str(sizes[team]) not in row  # never their numbers
    for team in sizes[sizes >= 5].index:
        assert f"<td>{sizes[team]}</td>" in table.split(f"<th scope='row'>{team}</th>")[1]
    assert "Whole company" in table and f"<td>{len(responses)}</td>" in table
    assert "2 of 6 groups hidden" in analyser.messages.value
    assert 'role="status"' in analyser.messages.value


def test_widget_charts_have_text_alternatives(analyser):
    for chart in (analyser.group_chart, analyser.answers_chart):
        spec = chart.chart.to_dict()
        assert len(spec["description"]) > 80
    description = analyser.group_chart.chart.to_dict()["description"]
    assert "Left, a dot chart" in description and "Right, a bar chart" in description
    warehouse = enps(analyser.responses.loc[analyser.responses["team"] == "Warehouse", "enps"])
    assert f"Warehouse: −{abs(round(warehouse))} (" in description
    assert "Product: fewer than 5 respondents: hidden." in description
    assert "aligned-chart-summary" in analyser.trait_text.value
    assert "Finance &amp; HR: fewer than 5 respondents: hidden." in analyser.trait_text.value
    assert "<details>" in analyser.answers_text.value


def test_widget_hidden_groups_never_reach_the_charts(analyser):
    for chart in (analyser.group_chart,):
        spec = chart.chart.to_dict()
        for rows in spec["datasets"].values():
            for row in rows:
                if row.get("group") in ("Finance & HR", "Product"):
                    assert set(row) <= {"group", "shown_as", "score", "enps"}
                    assert row.get("shown_as", "").startswith("fewer than 5")


def test_widget_threshold_three_shows_the_small_teams(analyser, responses):
    analyser.threshold_input.value = "3"
    analyser.apply_button.click()
    assert analyser.min_size == 3 and analyser.hidden_groups == []
    sizes = team_sizes(responses)
    assert f"<td>{sizes['Product']}</td>" in analyser.table.value
    assert "every group is shown" in analyser.messages.value


@pytest.mark.parametrize("typed, message", [
    ("2", "cannot be below 3"), ("0", "cannot be below 3"), ("-4", "cannot be below 3"),
    ("", "Enter the minimum group size"), ("five", "is not a number"),
    ("3.5", "not a whole number"),
])
def test_widget_refuses_a_bad_threshold_with_a_message(analyser, typed, message):
    analyser.threshold_input.value = typed
    analyser.apply_button.click()
    assert message in analyser.messages.value
    assert 'role="alert"' in analyser.messages.value
    assert "still use a minimum of 5" in analyser.messages.value
    assert analyser.min_size == 5 and len(analyser.hidden_groups) == 2
    assert analyser.problems and message in analyser.problems[0]


def test_widget_groupings(analyser, responses):
    for key in ("location", "role_level", "tenure_band"):
        analyser.grouping_input.value = key
        groups = list(analyser.report["group"])
        assert groups == [str(g) for g in responses[key].cat.categories
                          if (responses[key] == g).any()]
        assert analyser.answers_input.options == ("Whole company", *groups)
        assert analyser.hidden_groups == []
    analyser.threshold_input.value = "40"  # Plant 36 and Distribution centre 25 are too small
    analyser.grouping_input.value = "location"
    assert sorted(analyser.hidden_groups) == ["Distribution centre", "Plant"]
    assert "fewer than 40 respondents: hidden" in analyser.table.value


def test_widget_answers_of_one_group(analyser, responses):
    analyser.answers_input.value = "Warehouse"
    assert "Warehouse" in str(analyser.answers_chart.chart.to_dict()["title"])
    people = responses.loc[responses["team"] == "Warehouse", "transp_2"].astype(int)
    expected = "".join(f"<td>{int((people == a).sum())}</td>" for a in range(1, 6))
    row_head = f"<th scope='row'>{html_escape(ITEMS['transp_2'])}</th>"
    assert expected in analyser.answers_text.value.split(row_head)[1].split("</tr>")[0]
    analyser.answers_input.value = "Product"
    assert "fewer than 5 respondents: hidden" in analyser.answers_text.value
    assert analyser.answers_box.children == ()
    analyser.answers_input.value = "Whole company"
    assert len(analyser.answers_box.children) == 1


def test_widget_keeps_the_chosen_group_when_the_threshold_changes(analyser):
    analyser.answers_input.value = "Sales"
    analyser.threshold_input.value = "3"
    assert analyser.answers_input.value == "Sales"
    analyser.grouping_input.value = "location"
    assert analyser.answers_input.value == "Whole company"


def test_widget_inputs_are_labelled(analyser):
    for control in (analyser.grouping_input, analyser.threshold_input, analyser.answers_input):
        assert control.description
    assert analyser.apply_button.description == "Apply threshold"
    assert analyser.threshold_input.continuous_update is False


def test_widget_failure_is_a_friendly_message(analyser, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(survey, "group_report", broken)
    analyser.grouping_input.value = "location"
    assert "Something went wrong while analyzing the survey" in analyser.messages.value
    assert "boom" not in analyser.messages.value and "Traceback" not in analyser.messages.value


def test_widget_refuses_a_threshold_below_three_at_construction(responses):
    with pytest.raises(ValueError, match="below 3"):
        SurveyAnalyser(responses, min_size=2)


def test_survey_charts_render_offline_with_hidden_groups_as_text(responses):
    import vl_convert

    from widgets import charts

    report = survey.group_report(responses, "team")
    rows = survey.distribution_for(survey.item_distribution(responses, "team"), "Sales", ["team"])
    built = [charts.trait_scores_chart(report, "Team"), charts.enps_chart(report, "Team"),
             charts.survey_groups_chart(report, "Team"),
             charts.answer_distribution_chart(rows, "Sales")]
    for chart, hidden_rows in zip(built, (2, 2, 4, 0)):
        svg = vl_convert.vegalite_to_svg(chart.to_json())
        assert svg.startswith("<svg") and "Sales" in svg
        assert svg.count(">fewer than 5 respondents: hidden<") == hidden_rows
    # Colors come from the Okabe-Ito palette, and traits also differ by shape.
    spec = built[0].to_dict()
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    shapes = [e["shape"]["scale"]["range"] for e in encodings if "shape" in e]
    colors = [e["color"]["scale"]["range"] for e in encodings if "color" in e]
    assert len(set(shapes[0])) == 4 and set(colors[0]) <= set(charts.OKABE_ITO.values())


def test_format_and_describe_helpers():
    assert survey.format_enps(42.1) == "+42" and survey.format_enps(-60) == "−60"
    assert survey.format_enps(0.3) == "0"
    report = pd.DataFrame({"group": ["A", "B"], "n": [10, 3], **{t: [3.0, 4.0] for t in TRAITS}})
    hidden = suppress_small_groups(report, "group", "n").assign(
        shown_as=["hidden to protect a smaller group", "fewer than 5 respondents: hidden"])
    text = survey.describe_trait_scores(hidden, "Team")
    assert "Every group is hidden" in text and "10" not in text and "3.0" not in text
