"""The digital dynamic alignment assessment: core validation, peers, balance and leverage,
the case-data analysis, its two charts, and the widget.

Core tests need no kernel; widget tests drive the ipywidget in plain pytest (set values,
click buttons, read state and messages).
"""

import json
import statistics

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert
from hypothesis import assume, given
from hypothesis import strategies as st

from widgets import charts
from widgets.core import digital
from widgets.core.digital import (
    DIMENSIONS,
    GUIDE,
    LABELS,
    MIN_PEERS,
    PREREQUISITES,
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    InvalidRatings,
)
from widgets.data import load
from widgets.digital import (
    NO_SECTOR,
    NOT_RATED,
    RATING_OPTIONS,
    SECTOR_LABEL,
    DigitalAlignmentAssessment,
    rating_label,
)

CASE = load("digital_alignment")


def rated(**scores):
    """Ratings with every dimension at 3 unless given."""
    return {d: scores.get(d, 3) for d in DIMENSIONS}


def medians(**values):
    return {d: values.get(d, 3) for d in DIMENSIONS}


half_points = st.integers(2 * SCALE_MIN, 2 * SCALE_MAX).map(lambda n: n / 2)
ratings_strategy = st.fixed_dictionaries({d: half_points for d in DIMENSIONS})
medians_strategy = st.fixed_dictionaries(
    {d: st.integers(10, 50).map(lambda n: n / 10) for d in DIMENSIONS}
)


def sector_frame(sector="retail", count=3):
    """The case data plus `count` made-up firms in one sector, with known ratings."""
    rows = []
    for i in range(count):
        row = CASE.iloc[0].to_dict()
        row.update(
            smb_id=f"T{i}", smb_name=f"Test firm {i}", sector=sector,
            **{d: 1.0 + i + (0.5 if d == "technology" else 0.0) for d in DIMENSIONS},
        )
        rows.append(row)
    extra = pd.DataFrame(rows)
    frame = CASE[CASE["sector"].astype("string") != sector].astype({"sector": "string"})
    return pd.concat([frame, extra.astype({"sector": "string"})], ignore_index=True)


# -- the model's content ---------------------------------------------------------------


def test_six_dimensions_each_with_a_full_guide():
    assert DIMENSIONS == ("strategy", "capability", "structure", "process", "technology",
                          "culture")
    for d in DIMENSIONS:
        guide = GUIDE[d]
        assert guide.key == d and guide.label == LABELS[d]
        for text in (guide.question, guide.low, guide.high, guide.failure, guide.first_step):
            assert len(text.split()) >= 8
        assert guide.low != guide.high


def test_scale_has_an_anchor_for_every_whole_point():
    assert sorted(SCALE) == list(range(SCALE_MIN, SCALE_MAX + 1))
    assert len(set(SCALE.values())) == len(SCALE)


def test_prerequisites_are_valid_and_acyclic_and_technology_needs_process_and_capability():
    assert set(PREREQUISITES) == set(DIMENSIONS)
    assert set(PREREQUISITES["technology"]) == {"process", "capability"}
    for d, needs in PREREQUISITES.items():
        assert d not in needs and set(needs) <= set(DIMENSIONS)
    # acyclic: following prerequisites always ends
    def depth(d, seen=()):
        assert d not in seen, f"cycle through {d}"
        return 1 + max((depth(p, (*seen, d)) for p in PREREQUISITES[d]), default=0)
    assert all(depth(d) <= len(DIMENSIONS) for d in DIMENSIONS)
    assert digital.dependents()["process"] == ["technology"]


# -- validation --------------------------------------------------------------------------


def test_complete_ratings_are_valid_and_normalized_to_plain_numbers():
    ratings = rated(strategy=np.float64(2.5), culture=np.int64(4))
    assert digital.validate(ratings) == []
    normalized = digital.normalize(ratings)
    assert normalized["strategy"] == 2.5 and type(normalized["culture"]) is int
    assert list(normalized) == list(DIMENSIONS)


@pytest.mark.parametrize("ratings", [None, [], "3,3,3,3,3,3", 3])
def test_not_a_mapping_gives_one_clear_problem(ratings):
    problems = digital.validate(ratings)
    assert len(problems) == 1 and "six dimensions" in problems[0]


def test_empty_ratings_name_every_dimension():
    problems = digital.validate({})
    assert len(problems) == len(DIMENSIONS)
    for label, problem in zip(LABELS.values(), problems):
        assert problem.startswith(f"{label}: not rated yet")


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0 is outside the scale"),
        (6, "6 is outside the scale"),
        (-1, "-1 is outside the scale"),
        (5.5, "5.5 is outside the scale"),
        ("high", "'high' is not a number"),
        (True, "True is not a number"),
        (float("nan"), "is not a number"),
        (float("inf"), "is not a number"),
        ("", "not rated yet"),
        ("  ", "not rated yet"),
    ],
)
def test_bad_values_are_refused_with_the_dimension(value, expected):
    problems = digital.validate(rated(process=value))
    assert len(problems) == 1
    assert problems[0].startswith("Process: ") and expected in problems[0]


def test_unknown_dimensions_are_named():
    problems = digital.validate({**rated(), "budget": 3})
    assert problems == [
        (
            "'budget' is not one of the six dimensions (Strategy, Capability, Structure, "
            "Process, Technology and Culture)."
        )
    ]


def test_assessment_refuses_invalid_ratings_with_every_problem():
    with pytest.raises(InvalidRatings) as error:
        digital.assess({"strategy": 9}, CASE)
    assert len(error.value.problems) == len(DIMENSIONS)
    assert "Strategy: 9 is outside the scale" in str(error.value)


def test_peer_data_without_the_case_columns_is_refused_clearly():
    with pytest.raises(ValueError, match="no column 'culture'"):
        digital.assess(rated(), CASE.drop(columns="culture"))
    with pytest.raises(ValueError, match="no firms"):
        digital.peer_group(CASE.iloc[0:0])
    with pytest.raises(TypeError, match="table"):
        digital.peer_group([1, 2, 3])


# -- peers -------------------------------------------------------------------------------


def test_a_sector_with_fewer_than_three_firms_falls_back_to_all_firms_and_says_so():
    retail = CASE[CASE["sector"] == "retail"]
    assert 0 < len(retail) < MIN_PEERS
    peers = digital.peer_group(CASE, "retail")
    assert peers["scope"] == "all" and peers["count"] == len(CASE)
    assert peers["sector_firms"] == list(retail["smb_name"])
    assert f"Only {len(retail)} firms in the case data are in retail" in peers["note"]
    assert f"all {len(CASE)} firms instead" in peers["note"]
    for name in retail["smb_name"]:
        assert name in peers["note"]


def test_the_peer_value_is_the_median_of_the_firms():
    peers = digital.peer_group(CASE, None)
    for d in DIMENSIONS:
        assert peers["median"][d] == pytest.approx(statistics.median(CASE[d].tolist()))
        assert peers["low"][d] == CASE[d].min() and peers["high"][d] == CASE[d].max()
    assert "No sector chosen" in peers["note"]


def test_a_sector_with_three_firms_is_used_on_its_own():
    frame = sector_frame("retail", MIN_PEERS)
    peers = digital.peer_group(frame, "retail")
    assert peers["scope"] == "sector" and peers["count"] == MIN_PEERS
    assert peers["firms"] == [f"Test firm {i}" for i in range(MIN_PEERS)]
    assert peers["median"]["strategy"] == 2.0 and peers["median"]["technology"] == 2.5
    assert peers["low"]["strategy"] == 1.0 and peers["high"]["strategy"] == 3.0
    assert "You are compared with the 3 retail firms" in peers["note"]
    report = digital.assess(rated(), frame, "retail")
    assert report["gaps"][0]["peer_median"] == 2.0 and report["gaps"][0]["gap"] == 1


def test_excluding_a_firm_drops_it_from_its_own_peers():
    peers = digital.peer_group(CASE, "retail", exclude="DA01")
    assert peers["count"] == len(CASE) - 1
    assert "Harbourline Home Goods" not in peers["firms"]
    assert "Only 1 firm in the case data is in retail (Fernwood Garden Centre)" in peers["note"]


@pytest.mark.parametrize(
    "sector, expected",
    [("other", "Your sector is not in the case data"),
     ("aerospace", "No firm in the case data is in aerospace"),
     ("", "No sector chosen"), ("  ", "No sector chosen")],
)
def test_other_unknown_and_missing_sectors_compare_with_all_firms(sector, expected):
    peers = digital.peer_group(CASE, sector)
    assert peers["scope"] == "all" and peers["count"] == len(CASE)
    assert expected in peers["note"]


def test_sector_options_list_every_sector_with_its_count_then_other():
    options = digital.sector_options(CASE)
    values = [value for _, value in options]
    assert values[-1] == digital.OTHER_SECTOR
    assert set(values[:-1]) == set(CASE["sector"].astype("string"))
    for label, value in options[:-1]:
        n = int((CASE["sector"] == value).sum())
        assert label.endswith(f"({n} firm{'s' if n > 1 else ''})")


def test_firm_ratings_reads_one_case_firm():
    ratings = digital.firm_ratings(CASE, "DA07")
    row = CASE[CASE["smb_id"] == "DA07"].iloc[0]
    assert ratings == {d: pytest.approx(row[d]) for d in DIMENSIONS}
    with pytest.raises(ValueError, match="no firm 'DA99'"):
        digital.firm_ratings(CASE, "DA99")


# -- gaps and balance ------------------------------------------------------------------------


@given(ratings_strategy, medians_strategy)
def test_gaps_are_you_minus_the_peer_median_in_the_lesson_order(ratings, peer_median):
    rows = digital.gaps(ratings, peer_median)
    assert [r["dimension"] for r in rows] == list(DIMENSIONS)
    for r in rows:
        assert r["gap"] == pytest.approx(ratings[r["dimension"]] - peer_median[r["dimension"]])
        assert (r["gap"] < 0) == (r["status"] in ("behind peers", "slightly behind"))


@given(ratings_strategy)
def test_balance_spread_weakest_and_strongest(ratings):
    profile = digital.balance(ratings)
    values = list(ratings.values())
    assert profile["spread"] == pytest.approx(max(values) - min(values))
    assert profile["weakest"] == [d for d in DIMENSIONS if ratings[d] == min(values)]
    assert profile["strongest"] == [d for d in DIMENSIONS if ratings[d] == max(values)]
    expected = ("balanced" if profile["spread"] <= digital.BALANCED_SPREAD
                else "uneven" if profile["spread"] <= digital.LOPSIDED_SPREAD else "lopsided")
    assert profile["shape"] == expected
    lead = ratings["technology"] - (ratings["capability"] + ratings["culture"]) / 2
    assert profile["technology_ahead"] == (lead >= digital.TECH_LEAD_THRESHOLD)


def test_balance_words_name_the_weakest_link_and_the_technology_lead():
    profile = digital.balance(rated(technology=5, capability=2, culture=1.5))
    assert profile["shape"] == "lopsided"
    assert "Weakest link: Culture (1.5)" in profile["link_text"]
    assert "technology runs 3.25 points ahead" in profile["link_text"]
    level = digital.balance(rated())
    assert level["spread"] == 0 and level["shape"] == "balanced"
    assert "No dimension lags" in level["link_text"]


# -- leverage and moves: invariants -----------------------------------------------------------


@given(ratings_strategy, medians_strategy)
def test_always_one_or_two_distinct_moves(ratings, peer_median):
    found = digital.moves(ratings, peer_median)["moves"]
    assert 1 <= len(found) <= 2
    assert len({m["dimension"] for m in found}) == len(found)


@given(ratings_strategy, medians_strategy)
def test_moves_are_behind_the_peers_or_the_lowest_rated(ratings, peer_median):
    lowest = min(ratings.values())
    for move in digital.moves(ratings, peer_median)["moves"]:
        d = move["dimension"]
        assert ratings[d] < peer_median[d] or ratings[d] == lowest


@given(ratings_strategy, medians_strategy)
def test_no_move_runs_ahead_of_a_lower_rated_prerequisite(ratings, peer_median):
    for move in digital.moves(ratings, peer_median)["moves"]:
        for p in PREREQUISITES[move["dimension"]]:
            assert ratings[p] >= ratings[move["dimension"]]


@given(ratings_strategy, medians_strategy)
def test_leverage_is_the_sum_of_its_three_parts(ratings, peer_median):
    high = max(ratings.values())
    for row in digital.leverage(ratings, peer_median):
        d, r = row["dimension"], ratings[row["dimension"]]
        assert row["below_own"] == pytest.approx(high - r)
        assert row["below_peers"] == pytest.approx(max(0, peer_median[d] - r))
        leads = [ratings[e] - r for e in digital.dependents()[d]]
        assert row["holds_back"] == pytest.approx(max([0, *leads]))
        assert row["score"] == pytest.approx(
            row["below_own"] + row["below_peers"] + row["holds_back"])


@given(ratings_strategy, medians_strategy)
def test_the_first_move_has_the_highest_leverage_and_the_second_at_least_half(
    ratings, peer_median
):
    rows = digital.leverage(ratings, peer_median)
    eligible = [r["score"] for r in rows if r["eligible"]]
    found = digital.moves(ratings, peer_median)["moves"]
    assert found[0]["score"] == max(eligible)
    if len(found) == 2:
        assert found[0]["score"] >= found[1]["score"] >= digital.SECOND_MOVE_SHARE * found[0]["score"]
        assert found[1]["score"] > 0


@given(ratings_strategy, medians_strategy, st.sampled_from(DIMENSIONS))
def test_a_lower_rating_never_lowers_a_dimensions_leverage(ratings, peer_median, dimension):
    assume(ratings[dimension] > SCALE_MIN)
    lower = {**ratings, dimension: ratings[dimension] - 0.5}
    score = {r["dimension"]: r["score"] for r in digital.leverage(ratings, peer_median)}
    lowered = {r["dimension"]: r["score"] for r in digital.leverage(lower, peer_median)}
    assert lowered[dimension] >= score[dimension]
    if sum(v == max(ratings.values()) for v in ratings.values()) > 1 or (
        ratings[dimension] < max(ratings.values())
    ):  # unless it was the one strongest dimension, it now lies 0.5 further below it
        assert lowered[dimension] >= score[dimension] + 0.5 - 1e-9


@given(ratings_strategy, medians_strategy, st.sampled_from(DIMENSIONS))
def test_higher_peers_never_lower_a_dimensions_leverage(ratings, peer_median, dimension):
    higher = {**peer_median, dimension: peer_median[dimension] + 0.5}
    score = {r["dimension"]: r["score"] for r in digital.leverage(ratings, peer_median)}
    raised = {r["dimension"]: r["score"] for r in digital.leverage(ratings, higher)}
    assert raised[dimension] >= score[dimension]


@given(ratings_strategy, medians_strategy)
def test_lowering_the_first_move_keeps_it_first(ratings, peer_median):
    first = digital.moves(ratings, peer_median)["moves"][0]["dimension"]
    assume(ratings[first] > SCALE_MIN)
    lower = {**ratings, first: ratings[first] - 0.5}
    assert digital.moves(lower, peer_median)["moves"][0]["dimension"] == first


# -- leverage and moves: cases that teach ---------------------------------------------------


def test_tools_ahead_of_skills_make_capability_the_first_move_never_technology():
    ratings = rated(strategy=3.5, capability=1.5, structure=2.5, process=3, technology=5,
                    culture=2)
    report = digital.assess(ratings, CASE)
    assert report["moves"][0]["dimension"] == "capability"
    assert "technology" not in [m["dimension"] for m in report["moves"]]
    assert "Technology, which relies on it" in report["moves"][0]["reason"]
    assert report["balance"]["technology_ahead"]


def test_technology_behind_peers_waits_while_process_is_lower():
    ratings = rated(strategy=4, capability=4, structure=4, process=1.5, technology=2, culture=4)
    found = digital.moves(ratings, medians(technology=4))
    assert found["moves"][0]["dimension"] == "process"
    assert "technology" not in [m["dimension"] for m in found["moves"]]
    waiting = {w["dimension"]: w for w in found["waiting"]}
    assert waiting["technology"]["waits_for"] == ["process"]
    assert "Process (1.5) is rated lower than Technology (2)" in waiting["technology"]["reason"]


def test_when_process_and_skills_are_ready_technology_can_be_the_move():
    ratings = rated(strategy=4, capability=4, structure=4, process=4, technology=2, culture=4)
    found = digital.moves(ratings, medians(technology=3.8))
    assert [m["dimension"] for m in found["moves"]] == ["technology"]


def test_a_level_profile_above_the_peers_gets_one_move_with_a_fallback_reason():
    found = digital.moves(rated(strategy=4, capability=4, structure=4, process=4,
                                technology=4, culture=4), medians())
    assert [m["dimension"] for m in found["moves"]] == ["strategy"]
    assert "level and none is below the peer median" in found["moves"][0]["reason"]


def test_a_weak_second_candidate_is_left_out_and_the_reason_given():
    ratings = rated(strategy=4, capability=1, structure=4, process=4, technology=4, culture=4)
    found = digital.moves(ratings, medians(culture=4.3))
    assert [m["dimension"] for m in found["moves"]] == ["capability"]
    assert "Only one move: the next candidate, Culture" in found["skipped"]


def test_every_move_comes_with_its_first_step():
    report = digital.assess(rated(capability=1, culture=1.5), CASE)
    for move in report["moves"]:
        assert move["first_step"] == GUIDE[move["dimension"]].first_step


def test_the_assessment_is_plain_json_and_its_summary_explains_itself():
    report = digital.assess(rated(capability=1, culture=1), CASE, "software")
    assert json.loads(json.dumps(report)) == report
    summary = report["summary"]
    assert report["peers"]["note"] in summary
    assert "Highest-leverage moves: Capability and Culture." in summary
    assert report["moves"][0]["first_step"] in summary
    assert report["rule"] == digital.LEVERAGE_RULE


def test_gap_table_for_the_notebook():
    report = digital.assess(rated(capability=1), CASE)
    table = digital.gap_table(report)
    assert list(table.index) == list(LABELS.values())
    assert table.loc["Capability", "gap"] == pytest.approx(1 - statistics.median(CASE["capability"]))
    assert list(digital.guide_table().index) == list(LABELS.values())


# -- the case data --------------------------------------------------------------------------


def test_firm_profiles_follow_the_stated_pattern_rule():
    profiles = digital.firm_profiles(CASE)
    scores = CASE.set_index("smb_id")[list(DIMENSIONS)]
    lead = scores["technology"] - (scores["capability"] + scores["culture"]) / 2
    spread = scores.max(axis=1) - scores.min(axis=1)
    for smb_id, row in profiles.iterrows():
        expected = ("technology ahead" if lead[smb_id] >= 1.5 - 1e-9
                    else "balanced" if spread[smb_id] <= 1 + 1e-9 else "in between")
        assert row["pattern"] == expected
        assert row["weakest_score"] == scores.loc[smb_id].min()
        assert row["spread"] == pytest.approx(spread[smb_id])


def test_pattern_outcomes_show_the_weakest_link_story():
    table = digital.pattern_outcomes(digital.firm_profiles(CASE))
    assert table["firms"].sum() == len(CASE)
    ahead, balanced = table.loc["technology ahead"], table.loc["balanced"]
    assert ahead["technology"] > balanced["technology"]
    assert ahead["revenue_growth_pct"] < balanced["revenue_growth_pct"]
    assert ahead["employee_turnover_pct"] > balanced["employee_turnover_pct"]


def test_outcome_correlations_are_pearsons_r_with_a_bootstrap_interval():
    profiles = digital.firm_profiles(CASE)
    table = digital.outcome_correlations(profiles, draws=400)
    growth = CASE["revenue_growth_pct"].to_numpy()
    weakest = CASE[list(DIMENSIONS)].min(axis=1).to_numpy()
    expected = np.corrcoef(weakest, growth)[0, 1]
    assert table.loc["Weakest dimension's rating", "Revenue growth (%)"] == pytest.approx(
        expected, abs=0.005)
    low, high = (float(x) for x in
                 table.loc["Technology rating", "growth r: 90 % bootstrap interval"].split(" to "))
    assert -1 <= low < high <= 1


def test_bootstrap_interval_is_reproducible_and_needs_three_pairs():
    x, y = [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]
    assert digital.bootstrap_interval(x, y, 300) == digital.bootstrap_interval(x, y, 300)
    low, high = digital.bootstrap_interval(x, y, 300)
    assert low <= np.corrcoef(x, y)[0, 1] <= high
    with pytest.raises(ValueError, match="three pairs"):
        digital.bootstrap_interval([1, 2], [1, 2])


def test_describe_outcomes_names_every_firm_and_the_correlation():
    profiles = digital.firm_profiles(CASE)
    text = digital.describe_outcomes(profiles)
    for name in CASE["smb_name"]:
        assert name in text
    assert "Pearson's r = " in text


# -- the charts ---------------------------------------------------------------------------


def profile_spec(report, title="Team A"):
    return json.loads(charts.digital_profile_chart(report, title).to_json())


def test_profile_chart_has_a_text_alternative():
    report = digital.assess(rated(capability=1), CASE)
    spec = profile_spec(report)
    assert spec["description"].startswith("Team A. Dot chart, one row per dimension")
    assert digital.describe_comparison(report) in spec["description"]
    assert "Capability: you 1, peer median" in spec["description"]


def test_profile_chart_uses_okabe_ito_colors_and_different_shapes():
    spec = profile_spec(digital.assess(rated(), CASE))
    layer = next(each for each in spec["layer"] if each["mark"]["type"] == "point")
    color, shape = layer["encoding"]["color"]["scale"], layer["encoding"]["shape"]["scale"]
    assert color["domain"] == shape["domain"] == ["You", "Peer median"]
    assert set(color["range"]) <= set(charts.OKABE_ITO.values())
    assert len(set(color["range"])) == 2 and len(set(shape["range"])) == 2


def test_profile_chart_names_the_moves_in_text():
    report = digital.assess(rated(capability=1, culture=1), CASE)
    rows, marks = charts.digital_profile_points(report)
    assert len(rows) == len(DIMENSIONS) and len(marks) == 2 * len(DIMENSIONS)
    flagged = dict(zip(rows["dimension"], rows["note"]))
    assert flagged["Capability"].endswith("· move 1")
    assert flagged["Culture"].endswith("· move 2")
    assert "move" not in flagged["Strategy"]
    svg = vl_convert.vegalite_to_svg(charts.digital_profile_chart(report).to_json())
    assert "move 1" in svg
    for label in LABELS.values():
        assert label in svg


def test_outcomes_chart_shapes_each_pattern_and_renders_offline():
    profiles = digital.firm_profiles(CASE)
    chart = charts.digital_outcomes_chart(profiles, title="Firms")
    spec = json.loads(chart.to_json())
    assert spec["description"].startswith("Firms. Scatter chart, one point per firm")
    assert digital.describe_outcomes(profiles) in spec["description"]
    layer = next(each for each in spec["layer"] if each["mark"]["type"] == "point")
    color, shape = layer["encoding"]["color"]["scale"], layer["encoding"]["shape"]["scale"]
    assert set(color["domain"]) == set(profiles["pattern"].astype(str))
    assert set(color["range"]) <= set(charts.OKABE_ITO.values())
    assert len(set(shape["range"])) == len(shape["domain"])
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "DA01" in svg and "Weakest dimension" in svg


def test_static_chart_is_an_svg_figure_named_by_its_description():
    chart = charts.digital_outcomes_chart(digital.firm_profiles(CASE), title="Firms <&>")
    page = charts.static_chart(chart).data
    assert page.startswith('<figure class="aligned-static-chart" role="img" aria-label="Firms &lt;&amp;&gt;. Scatter')
    assert "<svg" in page and "DA12" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")


# -- the widget ---------------------------------------------------------------------------


def fill(assessment, ratings, sector=NO_SECTOR):
    for d, value in ratings.items():
        assessment.rating_inputs[d].value = value
    assessment.sector_input.value = sector


def test_every_rating_is_a_labelled_dropdown_with_half_points_and_anchors():
    assessment = DigitalAlignmentAssessment()
    assert list(assessment.rating_inputs) == list(DIMENSIONS)
    values = [v for _, v in RATING_OPTIONS if v != NOT_RATED]
    assert values == [x / 2 for x in range(2 * SCALE_MIN, 2 * SCALE_MAX + 1)]
    for d, box in assessment.rating_inputs.items():
        assert box.description == rating_label(d) and box.value == NOT_RATED
        labels = [label for label, _ in box.options]
        for n in range(SCALE_MIN, SCALE_MAX + 1):
            assert f"{n} · {SCALE[n]}" in labels
    descriptions = [b.description for b in assessment.rating_inputs.values()]
    descriptions.append(assessment.sector_input.description)
    assert len(set(descriptions)) == len(descriptions)
    assert assessment.sector_input.description == SECTOR_LABEL
    page = "".join(c.value for c in _html_children(assessment))
    for d in DIMENSIONS:
        assert f"1 looks like: {GUIDE[d].low}".replace("'", "&#x27;") in page
        assert f"5 looks like: {GUIDE[d].high}".replace("'", "&#x27;") in page


def _html_children(widget):
    import ipywidgets as w

    for child in widget.children:
        if isinstance(child, w.HTML):
            yield child
        elif isinstance(child, w.Box):
            yield from _html_children(child)


def test_submitting_nothing_lists_every_dimension_and_draws_nothing():
    assessment = DigitalAlignmentAssessment()
    assessment.show_button.click()
    assert len(assessment.problems) == len(DIMENSIONS)
    assert 'role="alert"' in assessment.messages.value
    assert "not rated yet" in assessment.messages.value
    assert assessment.result.children == () and assessment.report is None


def test_one_missing_rating_is_named():
    assessment = DigitalAlignmentAssessment()
    fill(assessment, rated())
    assessment.rating_inputs["culture"].value = NOT_RATED
    assessment.show_button.click()
    assert assessment.problems == [
        "Culture: not rated yet. Choose a score from 1 (not started) to 5 (embedded)."
    ]
    assert assessment.ratings()["culture"] is None


def test_complete_assessment_shows_chart_gaps_moves_reasoning_and_text_alternative():
    assessment = DigitalAlignmentAssessment()
    ratings = rated(strategy=3.5, capability=1.5, process=2.5, technology=4.5, culture=2)
    fill(assessment, ratings, "retail")
    assessment.show_button.click()
    assert assessment.problems == []
    expected = digital.assess(ratings, CASE, "retail")
    assert assessment.report == expected
    assert assessment.feedback == expected["summary"]
    assert assessment.moves == [m["dimension"] for m in expected["moves"]]
    chart, summary = assessment.result.children
    assert isinstance(chart, alt.JupyterChart)
    assert chart.spec["description"].startswith("Your six dimensions against the peers. Dot")
    assert 'role="status"' in assessment.messages.value
    assert "fewer than 3, so you are compared with all 12 firms" in assessment.messages.value
    page = summary.value
    assert "<caption>You against the peer median (12 firms: all case firms)</caption>" in page
    for move in expected["moves"]:
        assert f"<strong>{move['label']}</strong>" in page
        assert move["first_step"].replace("'", "&#x27;") in page
    assert "How the moves are chosen, and how to disagree" in page
    assert "Leverage, part by part" in page
    assert "Text description of the chart" in page
    assert "Why the median?" in page


def test_html_from_the_data_is_escaped():
    frame = CASE.copy()
    frame["smb_name"] = frame["smb_name"].astype("string")
    frame.loc[frame["smb_id"] == "DA08", "smb_name"] = "Fern <b>& Co</b>"
    assessment = DigitalAlignmentAssessment(frame=frame)
    fill(assessment, rated(), "retail")
    assessment.show_button.click()
    assert "Fern &lt;b&gt;&amp; Co&lt;/b&gt;" in assessment.messages.value
    assert "<b>&" not in assessment.result.children[1].value


def test_redrawing_reuses_the_chart_widget():
    assessment = DigitalAlignmentAssessment()
    fill(assessment, rated(capability=1))
    assessment.show_button.click()
    first = assessment.chart_widget
    assert assessment.moves[0] == "capability"
    assessment.rating_inputs["capability"].value = 4
    assessment.rating_inputs["culture"].value = 1
    assessment.show_button.click()
    assert assessment.chart_widget is first
    assert assessment.moves[0] == "culture"
    assert "Culture: you 1," in first.spec["description"]


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    assessment = DigitalAlignmentAssessment()
    fill(assessment, rated())

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("widgets.digital.charts.digital_profile_chart", broken)
    assessment.show_button.click()
    assert "Something went wrong" in assessment.messages.value
    assert "renderer exploded" not in assessment.messages.value
    assert assessment.ratings() == rated()


def test_a_later_incomplete_submission_clears_the_old_result():
    assessment = DigitalAlignmentAssessment()
    fill(assessment, rated(capability=1))
    assessment.show_button.click()
    assert assessment.report is not None
    assessment.rating_inputs["strategy"].value = NOT_RATED
    assessment.show_button.click()
    assert assessment.report is None and assessment.moves == [] and assessment.feedback == ""
    assert assessment.result.children == ()


def test_response_round_trips_through_set_ratings():
    assessment = DigitalAlignmentAssessment()
    case = digital.firm_ratings(CASE, "DA06")
    halves = {d: round(v * 2) / 2 for d, v in case.items()}
    assessment.set_ratings(halves)
    assessment.sector_input.value = "healthcare practice"
    response = json.loads(json.dumps(assessment.response()))
    assert response == {"ratings": halves, "sector": "healthcare practice"}
    other = DigitalAlignmentAssessment()
    other.set_ratings(response["ratings"])
    assert other.ratings() == assessment.ratings()


@pytest.mark.parametrize("value", [3.3, 0, 6, "4", True])
def test_set_ratings_refuses_values_the_dropdowns_cannot_show(value):
    assessment = DigitalAlignmentAssessment()
    with pytest.raises(ValueError, match="Strategy rating"):
        assessment.set_ratings(rated(strategy=value))


@given(ratings_strategy, medians_strategy)
def test_waiting_dimensions_are_candidates_behind_a_lower_prerequisite_and_never_moves(
    ratings, peer_median
):
    found = digital.moves(ratings, peer_median)
    chosen = {m["dimension"] for m in found["moves"]}
    lowest = min(ratings.values())
    for entry in found["waiting"]:
        d = entry["dimension"]
        assert d not in chosen
        assert ratings[d] < peer_median[d] or ratings[d] == lowest
        assert entry["waits_for"] and all(ratings[p] < ratings[d] for p in entry["waits_for"])
        assert entry["reason"].startswith(f"{LABELS[d]} has leverage")


# -- the lesson ---------------------------------------------------------------------------


def test_the_lessons_text_description_of_its_chart_matches_the_data():
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parent.parent / "workshops" / "advanced" / (
        "digital-dynamic-alignment.ipynb"
    )
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["aligned"] == {"level": "advanced", "order": 50}
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert digital.describe_outcomes(digital.firm_profiles(CASE)) in markdown
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert "DigitalAlignmentAssessment()" in code
