"""Kendall's W and the mental-model alignment check: core functions, chart and widget."""

import itertools
import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from widgets import charts
from widgets.core import mental_models as mm
from widgets.core.mental_models import RankingInputError
from widgets.mental_models import MentalModelCheck

# -- independent reference implementations ------------------------------------------------


def friedman_w(matrix):
    """W from Friedman's statistic with the tie correction, written out independently:
    chi2_F = (12 sum R_i^2 - 3 m^2 n (n+1)^2) / (m n (n+1) - sum T / (n - 1)), W = chi2_F / (m (n-1)).
    """
    ranks = np.array([pd.Series(row).rank(method="average").to_numpy() for row in matrix])
    m, n = ranks.shape
    totals = ranks.sum(axis=0)
    ties = 0
    for row in ranks:
        _, counts = np.unique(row, return_counts=True)
        ties += sum(t**3 - t for t in counts)
    chi2 = (12 * (totals**2).sum() - 3 * m**2 * n * (n + 1) ** 2) / (
        m * n * (n + 1) - ties / (n - 1)
    )
    return chi2 / (m * (n - 1))


def average_spearman(matrix):
    ranks = [pd.Series(row).rank().to_numpy() for row in matrix]
    pairs = itertools.combinations(ranks, 2)
    return float(np.mean([np.corrcoef(a, b)[0, 1] for a, b in pairs]))


# Rankings: m raters, n items; each row a permutation, or with ties drawn from a small range.
def rankings(min_raters=2, max_raters=7, min_items=2, max_items=8, ties=True):
    @st.composite
    def build(draw):
        m = draw(st.integers(min_raters, max_raters))
        n = draw(st.integers(min_items, max_items))
        if ties:
            rows = [draw(st.lists(st.integers(1, n), min_size=n, max_size=n)) for _ in range(m)]
            assume(any(len(set(row)) > 1 for row in rows))
        else:
            rows = [draw(st.permutations(list(range(1, n + 1)))) for _ in range(m)]
        return rows

    return build()


PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.filter_too_much])


# -- known values -----------------------------------------------------------------------


def test_textbook_example_four_judges_three_competitors():
    # Columns: judges A-D; rows: competitors X, Y, Z (rank sums 7, 9, 8; S = 2).
    by_competitor = [[1, 1, 2, 3], [3, 2, 3, 1], [2, 3, 1, 2]]
    judges = np.array(by_competitor).T
    assert mm.kendalls_w(judges) == pytest.approx(12 * 2 / (4**2 * 3 * (3**2 - 1)))
    assert mm.kendalls_w(judges) == pytest.approx(1 / 16)


def test_textbook_example_four_judges_ten_projects():
    judges = [
        [1, 3, 4, 5, 2, 8, 6, 7, 10, 9],
        [2, 1, 4, 5, 6, 3, 8, 7, 10, 9],
        [3, 2, 1, 5, 7, 4, 6, 8, 9, 10],
        [4, 2, 3, 1, 6, 7, 5, 9, 8, 10],
    ]
    # Sum of squared deviations of the rank sums from their mean (22) is 1048.
    assert mm.kendalls_w(judges) == pytest.approx(12 * 1048 / (4**2 * (10**3 - 10)))


def test_tie_correction_by_hand():
    # Rank sums 2, 4.5, 5.5 (mean 4): S = 6.5. One tie of two: T = 2^3 - 2 = 6.
    # W = 12 * 6.5 / (2^2 * (27 - 3) - 2 * 6) = 78 / 84.
    assert mm.kendalls_w([[1, 2, 3], [1, 2.5, 2.5]]) == pytest.approx(78 / 84)
    # Without the correction the same data would give 78 / 96: the correction matters.
    assert mm.kendalls_w([[1, 2, 3], [1, 2.5, 2.5]]) != pytest.approx(78 / 96)


def test_perfect_agreement_is_one_and_reversed_pair_is_zero():
    assert mm.kendalls_w([[1, 2, 3, 4]] * 5) == 1.0
    assert mm.kendalls_w([[2, 1, 1, 3]] * 3) == 1.0  # identical rankings with a tie
    assert mm.kendalls_w([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]]) == 0.0


def test_list_array_and_dataframe_give_the_same_w():
    rows = [[1, 2, 3, 4], [2, 1, 4, 3], [1, 3, 2, 4]]
    frame = pd.DataFrame(rows, index=["Ann", "Bo", "Cy"], columns=list("ABCD"))
    expected = mm.kendalls_w(rows)
    assert mm.kendalls_w(np.array(rows)) == expected
    assert mm.kendalls_w(frame) == expected
    assert list(mm.rank_table(frame).index) == ["Ann", "Bo", "Cy"]


def test_scores_are_ranked_within_each_person():
    ranks = [[1, 2, 3, 4], [2, 1, 4, 3], [1, 3, 2, 4]]
    scores = [[10 * r + 7 for r in row] for row in ranks]  # same order, other numbers
    dense = [[1, 2, 2, 3], [1, 1, 2, 3]]  # dense ranks with ties -> mid-ranks
    assert mm.kendalls_w(scores) == mm.kendalls_w(ranks)
    assert mm.kendalls_w(dense) == pytest.approx(friedman_w(dense))
    assert list(mm.midranks([1, 2, 2, 3])) == [1.0, 2.5, 2.5, 4.0]


# -- refusals: friendly ValueErrors -------------------------------------------------------


@pytest.mark.parametrize(
    "rankings, words",
    [
        ([[1, 2, 3]], "at least 2 people"),
        ([], "at least 2 people"),
        ([[1], [1]], "at least 2 items"),
        ([[1, 2, 3], [1, 2]], "different lengths"),
        ([[1, 2, None], [1, 2, 3]], "missing"),
        ([[1, 2, float("nan")], [1, 2, 3]], "missing"),
        ([[1, 2, pd.NA], [1, 2, 3]], "missing"),
        ([[1, "high", 3], [1, 2, 3]], "not a number"),
        ([[1, True, 3], [1, 2, 3]], "not a number"),
        ([[1, 2, math.inf], [1, 2, 3]], "not a finite number"),
        ([[1, 1, 1], [2, 2, 2]], "same rank"),
        (np.array([1, 2, 3]), "one row per person"),
        (np.zeros((2, 2, 2)), "one row per person"),
        ("1 2 3", "list of rows"),
        ([1, 2, 3], "Row 1 is not a list"),
    ],
)
def test_bad_rankings_are_refused_with_a_friendly_message(rankings, words):
    with pytest.raises(RankingInputError) as caught:
        mm.kendalls_w(rankings)
    assert isinstance(caught.value, ValueError)
    assert words in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_every_bad_value_is_named():
    frame = pd.DataFrame({"A": [1, None], "B": ["x", 2]}, index=["Ann", "Bo"])
    with pytest.raises(RankingInputError) as caught:
        mm.kendalls_w(frame)
    assert len(caught.value.problems) == 2
    assert any("Bo, A" in p for p in caught.value.problems)
    assert any("Ann, B" in p for p in caught.value.problems)


# -- properties ---------------------------------------------------------------------------


@PROPERTY
@given(rankings())
def test_w_lies_between_zero_and_one(rows):
    assert 0.0 <= mm.kendalls_w(rows) <= 1.0


@PROPERTY
@given(rankings(), st.randoms(use_true_random=False))
def test_w_does_not_depend_on_the_order_of_raters_or_items(rows, rnd):
    w = mm.kendalls_w(rows)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    assert mm.kendalls_w(shuffled) == w
    columns = list(range(len(rows[0])))
    rnd.shuffle(columns)
    assert mm.kendalls_w([[row[c] for c in columns] for row in rows]) == pytest.approx(w)


@PROPERTY
@given(rankings(max_raters=1, min_raters=1), st.integers(2, 9))
def test_identical_raters_agree_perfectly(one, copies):
    assert mm.kendalls_w(one * copies) == 1.0


@PROPERTY
@given(rankings())
def test_reversing_every_ranking_keeps_w(rows):
    # Turning every ranking upside down (ties included) changes no one's agreement.
    n = len(rows[0])
    reversed_rows = [[n + 1 - r for r in row] for row in rows]
    assert mm.kendalls_w(reversed_rows) == pytest.approx(mm.kendalls_w(rows))


@PROPERTY
@given(rankings())
def test_tie_corrected_w_matches_friedmans_statistic(rows):
    assert mm.kendalls_w(rows) == pytest.approx(friedman_w(rows), abs=1e-12)


@PROPERTY
@given(rankings(ties=False, min_items=3))
def test_w_and_the_average_spearman_correlation(rows):
    w = mm.kendalls_w(rows)
    assert mm.mean_spearman(w, len(rows)) == pytest.approx(average_spearman(rows), abs=1e-9)


@PROPERTY
@given(rankings(ties=False, min_items=3, max_items=6, max_raters=4))
def test_adding_a_copy_of_the_consensus_never_lowers_w(rows):
    consensus = list(pd.DataFrame(rows).sum().rank(method="first").astype(int))
    assert mm.kendalls_w(rows + [consensus]) >= mm.kendalls_w(rows) - 1e-12


# -- chi-square, permutation test and reading ---------------------------------------------


@PROPERTY
@given(st.floats(0.01, 60), st.integers(1, 8))
def test_chi_square_tail_matches_the_closed_form_for_even_df(x, half):
    df = 2 * half
    closed = math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(half))
    assert mm.chi2_sf(x, df) == pytest.approx(closed, rel=1e-9, abs=1e-15)
    assert mm._upper_gamma_regularized(half, x / 2) == pytest.approx(closed, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(
    "x, df", [(3.841458820694124, 1), (11.070497693516351, 5), (18.307038053275146, 10),
              (2.705543454095404, 1)]
)
def test_chi_square_tail_at_known_critical_values(x, df):
    expected = 0.10 if x < 3 else 0.05
    assert mm.chi2_sf(x, df) == pytest.approx(expected, rel=1e-7)
    assert mm._upper_gamma_regularized(df / 2, x / 2) == pytest.approx(expected, rel=1e-7)


def test_chi_square_tail_edges():
    assert mm.chi2_sf(0, 3) == 1.0
    assert mm.chi2_sf(1, 3) > mm.chi2_sf(2, 3) > mm.chi2_sf(30, 3) > 0
    with pytest.raises(ValueError):
        mm.chi2_sf(1.0, 0)


def test_concordance_reports_the_chi_square_test_and_a_permutation_test_for_short_lists():
    rows = [[1, 2, 3, 4, 5], [1, 3, 2, 4, 5], [2, 1, 3, 5, 4], [1, 2, 4, 3, 5]]
    result = mm.concordance(rows)
    assert result.w == mm.kendalls_w(rows)
    assert result.chi2 == pytest.approx(4 * 4 * result.w)
    assert result.df == 4
    assert result.p_value == pytest.approx(mm.chi2_sf(result.chi2, 4))
    assert result.permutation_p is not None and 0 < result.permutation_p < 0.05
    assert result.band is mm.band_for(result.w)
    note = mm.significance_note(result)
    assert "permutation test" in note and "more than chance" in note
    assert "low bar" in note


def test_long_lists_use_the_chi_square_approximation_alone():
    rng = np.random.Generator(np.random.PCG64(7))
    rows = [list(rng.permutation(9) + 1) for _ in range(5)]
    result = mm.concordance(rows)
    assert result.chi2_adequate and result.permutation_p is None
    assert "permutation" not in mm.significance_note(result)


def test_random_rankings_are_called_possibly_chance():
    rows = [[1, 2, 3, 4], [4, 3, 2, 1], [2, 4, 1, 3]]
    result = mm.concordance(rows)
    assert result.p_value > 0.05
    assert "could be chance" in mm.significance_note(result)


def test_two_people_get_a_power_warning():
    note = mm.significance_note(mm.concordance([[1, 2, 3, 4], [1, 2, 4, 3]]))
    assert "only two people" in note


def test_permutation_test_agrees_with_chi_square_on_long_lists_and_is_reproducible():
    rng = np.random.Generator(np.random.PCG64(11))
    base = rng.permutation(10) + 1
    rows = [list(np.argsort(np.argsort(base + rng.normal(0, 3, 10))) + 1) for _ in range(8)]
    w = mm.kendalls_w(rows)
    chi2_p = mm.chi2_sf(8 * 9 * w, 9)
    perm_p = mm.permutation_p_value(rows, permutations=4000, seed=3)
    assert perm_p == mm.permutation_p_value(rows, permutations=4000, seed=3)
    assert abs(perm_p - chi2_p) < 0.03


def test_permutation_test_of_perfect_agreement_is_as_small_as_it_can_be():
    p = mm.permutation_p_value([[1, 2, 3, 4, 5, 6]] * 4, permutations=2000)
    assert p == pytest.approx(1 / 2001)


@pytest.mark.parametrize("w, key", [(0.0, "very_weak"), (0.19, "very_weak"), (0.2, "weak"),
                                    (0.5, "moderate"), (0.6, "strong"), (0.8, "very_strong"),
                                    (1.0, "very_strong")])
def test_bands(w, key):
    assert mm.band_for(w).key == key


@pytest.mark.parametrize("w", [-0.1, 1.2, "high", True])
def test_band_refuses_impossible_values(w):
    with pytest.raises(RankingInputError):
        mm.band_for(w)


def test_bands_cover_zero_to_one_without_gaps():
    edges = [(b.low, b.high) for b in mm.BANDS]
    assert edges[0][0] == 0 and edges[-1][1] == 1
    assert all(a[1] == b[0] for a, b in zip(edges, edges[1:]))


# -- item-level disagreement --------------------------------------------------------------


def test_disagreement_puts_the_most_contested_item_first():
    frame = pd.DataFrame(
        [[1, 2, 3, 4], [1, 4, 2, 3], [1, 2, 3, 4], [1, 4, 3, 2]],
        index=["Ann", "Bo", "Cy", "Di"],
        columns=["Agreed", "Split", "Mostly", "Edge"],
    )
    table = mm.item_disagreement(frame)
    assert list(table["sd"]) == sorted(table["sd"], reverse=True)
    first = table.iloc[0]
    assert first["item"] == "Split"
    assert first["ranks"] == (2.0, 2.0, 4.0, 4.0)
    assert first["best"] == 2 and first["worst"] == 4 and first["spread"] == 2
    assert first["top_by"] == ("Ann", "Cy") and first["bottom_by"] == ("Bo", "Di")
    agreed = table.iloc[-1]
    assert agreed["item"] == "Agreed" and agreed["sd"] == 0 and agreed["mean_rank"] == 1
    counts = mm.rank_counts(frame)
    assert (counts.groupby("item")["people"].sum() == 4).all()


def test_consensus_order_shares_places_on_equal_averages():
    order = mm.consensus_order([[1, 2, 3], [2, 1, 3]])
    assert order == [(1.5, ["Item 1", "Item 2"]), (3.0, ["Item 3"])]


def test_description_names_the_most_and_least_contested_items():
    frame = mm.example_rankings()
    table = mm.item_disagreement(frame)
    text = mm.describe_disagreement(table, len(frame))
    assert text.index(table.iloc[0]["item"]) < text.index(table.iloc[-1]["item"])
    assert f"ranked by {len(frame)} people" in text
    for item in frame.columns:
        assert item in text


def test_interpretation_points_to_the_extremes_and_warns_about_accuracy():
    frame = mm.example_rankings()
    result = mm.concordance(frame)
    table = mm.item_disagreement(frame)
    text = " ".join(mm.interpret(result, table))
    first = table.iloc[0]
    assert f"Start with {first['item']}" in text
    assert all(name in text for name in first["top_by"] + first["bottom_by"])
    assert "Agreement is not accuracy" in text
    assert result.band.meaning in text


def test_interpretation_when_nobody_is_far_apart():
    rows = [[1, 2, 3, 4, 5, 6], [2, 1, 3, 4, 5, 6], [1, 2, 4, 3, 5, 6]]
    text = " ".join(mm.interpret(mm.concordance(rows), mm.item_disagreement(rows)))
    assert "No item splits the team" in text


# -- r_wg -----------------------------------------------------------------------------------


def test_rwg_against_the_formula():
    ratings = [4, 4, 5, 4, 4, 5]
    expected = 1 - np.var(ratings, ddof=1) / ((5**2 - 1) / 12)
    assert mm.rwg(ratings, 5) == pytest.approx(expected)
    assert mm.rwg([3] * 6, 5) == 1.0
    assert mm.rwg([1, 5, 1, 5, 2, 4], 5) == 0.0  # more spread than random: reported as 0


@pytest.mark.parametrize("ratings, options", [([3], 5), ([1, 6], 5), ([1, None], 5),
                                              ([1, 2], 1), ("12", 5), ([1, "x"], 5)])
def test_rwg_refuses_bad_input(ratings, options):
    with pytest.raises(RankingInputError):
        mm.rwg(ratings, options)


# -- parsing what learners type -------------------------------------------------------------

ITEMS = ["Delivery", "Rota", "New line", "Transparency", "Costs"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("C A B E D", [2, 3, 1, 5, 4]),
        ("cabed", [2, 3, 1, 5, 4]),
        ("C, A > B; E / D", [2, 3, 1, 5, 4]),
        ("C. A. B. E. D.", [2, 3, 1, 5, 4]),
        ("C A=B E D", [2.5, 2.5, 1, 5, 4]),
        ("A=B=C D E", [2, 2, 2, 4, 5]),
        ("2 3 1 5 4", [2, 3, 1, 5, 4]),
        ("2, 2, 1, 5, 4", [2.5, 2.5, 1, 5, 4]),
        ("1 2 2 3 4", [1, 2.5, 2.5, 4, 5]),
    ],
)
def test_rankings_typed_as_letters_or_numbers(text, expected):
    assert mm.parse_ranking(text, ITEMS) == pytest.approx(expected)


def test_blank_line_is_no_ranking():
    assert mm.parse_ranking("   ", ITEMS) is None


@pytest.mark.parametrize(
    "text, words",
    [
        ("C A B E X", "“X” is not an item letter"),
        ("warehouse first", "words were typed"),
        ("C A B E D C", "C appears more than once"),
        ("C A B", "D and E are missing"),
        ("=A B C D E", "put it between two letters"),
        ("A B C D E=", "ends with “=”"),
        ("A B 3 D E", "not both"),
        ("1 2 3", "3 ranks for 5 items"),
        ("12345", "1 rank for 5 items"),
        ("1 2 3 4 9", "outside 1 to 5"),
        ("1 2.5 3 4 5", "not a whole number"),
        ("1 2 = 3 4", "“=” is for letters"),
        ("A=B=C=D=E", "no order"),
        ("3 3 3 3 3", "no order"),
        ("???", "no item letters or ranks"),
    ],
)
def test_typing_mistakes_get_a_specific_message(text, words):
    with pytest.raises(RankingInputError) as caught:
        mm.parse_ranking(text, ITEMS)
    assert words in str(caught.value)


def test_list_of_priorities_is_parsed_and_checked():
    items, problems = mm.parse_items("- Hire a baker\n\n2. Open Sundays\nA) New website\n")
    assert items == ["Hire a baker", "Open Sundays", "New website"] and problems == []
    assert mm.item_labels(items)[2] == "C. New website"
    assert "at least 3" in mm.parse_items("One\nTwo")[1][0]
    assert "at most 10" in mm.parse_items("\n".join(f"Item {i}" for i in range(11)))[1][0]
    assert "listed twice" in mm.parse_items("One\nTwo\none")[1][0]
    assert "under 80 characters" in mm.parse_items("One\nTwo\n" + "x" * 90)[1][0]
    assert "none so far" in mm.parse_items("")[1][0]


def test_team_rows_become_a_table_with_names_and_letters():
    frame, problems = mm.parse_team(
        [("Ann", "C A B E D"), ("", ""), ("", "2 3 1 5 4"), ("  Bo  ", "A B C D E")], ITEMS
    )
    assert problems == []
    assert list(frame.index) == ["Ann", "Person 3", "Bo"]
    assert list(frame.columns) == mm.item_labels(ITEMS)
    assert frame.loc["Person 3"].tolist() == [2, 3, 1, 5, 4]


@pytest.mark.parametrize(
    "entries, words",
    [
        ([], "Nothing to compare yet"),
        ([("Ann", "C A B E D")], "Only one ranking"),
        ([("Ann", "C A B E D"), ("Bo", "")], "Person 2 (Bo): the ranking is empty"),
        ([("Ann", "C A B E D"), ("Ann", "A B C D E")], "both called “Ann”"),
        ([("Ann", "C A B"), ("Bo", "A B C D E")], "Person 1 (Ann): D and E are missing"),
        ([("x" * 50, "C A B E D"), ("Bo", "A B C D E")], "under 40 characters"),
    ],
)
def test_team_problems_name_the_row(entries, words):
    frame, problems = mm.parse_team(entries, ITEMS)
    assert frame is None
    assert any(words in p for p in problems)


def test_example_team_matches_the_lesson_story():
    frame = mm.example_rankings()
    result = mm.concordance(frame)
    table = mm.item_disagreement(frame)
    labels = mm.item_labels(mm.EXAMPLE_PRIORITIES)
    assert frame.shape == (len(mm.EXAMPLE_TEAM), len(mm.EXAMPLE_PRIORITIES))
    assert result.band.key == "moderate" and round(result.w, 2) == 0.49
    assert result.permutation_p < 0.05
    assert list(table["item"][:2]) == [labels[3], labels[2]]  # D, then C
    assert table.iloc[-1]["item"] == labels[6]  # G: everyone near the bottom
    first_place = mm.consensus_order(frame)[0]
    assert first_place[1] == labels[:2]  # A and B share first place
    assert frame.loc["Customer service", labels[0]] == 1.5  # the typed tie
    assert list(mm.example_priorities()["Letter"]) == list("ABCDEFG")


# -- the chart ------------------------------------------------------------------------------


def test_rank_spread_chart_is_sorted_described_and_colour_blind_safe():
    frame = mm.example_rankings()
    table = mm.item_disagreement(frame)
    chart = mm_chart = charts.rank_spread_chart(frame, "Team X")
    spec = json.loads(chart.to_json())
    assert spec["description"].startswith("Team X. Dot chart of the rank each person gave")
    assert mm.describe_disagreement(table, len(frame)) in spec["description"]
    layers = spec["layer"]
    sorts = {tuple(layer["encoding"]["y"]["sort"]) for layer in layers if "y" in layer["encoding"]}
    assert sorts == {tuple(table["item"])}
    colored = [layer for layer in layers if "color" in layer["encoding"]]
    assert colored
    for layer in colored:
        scale = layer["encoding"]["color"]["scale"]
        assert set(scale["range"]) <= set(charts.OKABE_ITO.values())
        assert "shape" in layer["encoding"]  # never color alone
    data = json.dumps(spec["datasets"])
    assert "SD 2.3" in data  # the spread is written beside its row
    assert isinstance(mm_chart, alt.LayerChart)


def test_rank_spread_chart_renders_offline_with_one_mark_per_rank_given():
    frame = mm.example_rankings()
    svg = vl_convert.vegalite_to_svg(charts.rank_spread_chart(frame).to_json())
    assert "Team average" in svg
    counts = mm.rank_counts(frame)
    assert svg.count('aria-roledescription="point"') >= len(counts) + frame.shape[1]


# -- the widget -----------------------------------------------------------------------------


def fill(check, rows):
    for (name, text), name_box, ranking_box in zip(rows, check.name_inputs,
                                                   check.ranking_inputs):
        name_box.value, ranking_box.value = name, text


def test_every_input_has_a_label():
    check = MentalModelCheck()
    assert len(check.ranking_inputs) == mm.MAX_RATERS
    for number, (name, ranking) in enumerate(zip(check.name_inputs, check.ranking_inputs), 1):
        assert name.description == f"Person {number}: name"
        assert ranking.description == f"Person {number}: ranking"
        assert ranking.continuous_update is False
    assert check.items_input.description
    assert "Fix the warehouse rota" in check.items_html.value


def test_checking_nothing_says_what_to_do():
    check = MentalModelCheck()
    check.check_button.click()
    assert 'role="alert"' in check.messages.value
    assert "Nothing to compare yet" in check.messages.value
    assert check.result is None and check.result_box.children == ()


def test_example_team_shows_w_chart_table_and_text_alternative():
    check = MentalModelCheck()
    check.example_button.click()
    expected = mm.concordance(mm.example_rankings())
    assert check.problems == []
    assert check.result.w == expected.w
    assert f"W = {expected.w:.2f}" in check.messages.value
    assert 'role="status"' in check.messages.value
    headline, chart, details = check.result_box.children
    assert isinstance(chart, alt.JupyterChart)
    assert chart.spec["description"].startswith("How the team ranked each priority")
    assert "Is it more than chance?" in headline.value
    assert "Where the team disagrees" in details.value
    assert "Text description of the chart" in details.value
    assert check.disagreement.iloc[0]["item"] in check.feedback
    assert [n.value for n in check.name_inputs[:2]] == ["Managing director", "Sales"]


def test_a_bad_row_is_named_and_nothing_is_drawn():
    check = MentalModelCheck()
    check.example_button.click()
    check.ranking_inputs[1].value = "C A B"
    check.check_button.click()
    assert check.result is None and check.result_box.children == ()
    assert any(p.startswith("Person 2 (Sales):") and "missing" in p for p in check.problems)
    assert "Person 2 (Sales)" in check.messages.value


def test_typed_rankings_are_checked_like_the_core_would():
    check = MentalModelCheck()
    rows = [("Ann", "A B C D E F G"), ("Bo", "2 1 3 4 5 7 6"), ("", "B A=C D E F G")]
    fill(check, rows)
    check.check_button.click()
    frame, _ = mm.parse_team(rows, mm.EXAMPLE_PRIORITIES)
    assert check.result.w == mm.kendalls_w(frame)
    assert list(check.rankings.index) == ["Ann", "Bo", "Person 3"]


def test_user_text_is_escaped():
    check = MentalModelCheck()
    fill(check, [("<b>Ann</b>", "A B C D E F G"), ("Bo", "G F E D C B A")])
    check.check_button.click()
    html_out = "".join(child.value for child in check.result_box.children[::2])
    assert "<b>Ann</b>" not in html_out
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html_out


def test_own_priorities_replace_the_list_and_clear_rankings():
    check = MentalModelCheck()
    check.example_button.click()
    check.items_input.value = "Hire a second baker\nOpen on Sundays\nNew website\nCatering"
    check.use_items_button.click()
    assert check.items == ["Hire a second baker", "Open on Sundays", "New website", "Catering"]
    assert "D." in check.items_html.value and "Your priorities" in check.items_html.value
    assert all(box.value == "" for box in check.ranking_inputs)
    assert check.name_inputs[0].value == "Managing director"  # names are kept
    assert check.result is None
    check.check_button.click()  # named rows without a ranking are pointed out
    assert any("Person 1 (Managing director): the ranking is empty" in p for p in check.problems)
    check.set_entries([("A", "A B C D"), ("B", "B A C D"), ("C", "A B D C")])
    check.check_button.click()
    assert check.result.items == 4 and check.result.raters == 3


def test_a_bad_list_is_refused_and_the_old_one_kept():
    check = MentalModelCheck()
    check.items_input.value = "Only one"
    check.use_items_button.click()
    assert "at least 3" in check.messages.value
    assert check.items == list(mm.EXAMPLE_PRIORITIES)


def test_loading_the_example_restores_its_list():
    check = MentalModelCheck(items=["One", "Two", "Three"])
    check.example_button.click()
    assert check.items == list(mm.EXAMPLE_PRIORITIES)
    assert check.result is not None


def test_clear_removes_everything():
    check = MentalModelCheck()
    check.example_button.click()
    check.clear_button.click()
    assert all(box.value == "" for box in check.name_inputs + check.ranking_inputs)
    assert check.result is None and check.result_box.children == ()
    assert "cleared" in check.messages.value


def test_redrawing_reuses_the_chart_widget():
    check = MentalModelCheck()
    check.example_button.click()
    first = check.chart_widget
    check.ranking_inputs[0].value = "A B C D E F G"
    check.check_button.click()
    assert check.chart_widget is first
    assert check.result_box.children[1] is first


def test_an_unexpected_failure_shows_a_message_not_a_traceback(monkeypatch):
    check = MentalModelCheck()
    fill(check, [("Ann", "A B C D E F G"), ("Bo", "G F E D C B A")])

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(mm, "concordance", broken)
    check.check_button.click()
    assert "Something went wrong while comparing the rankings" in check.messages.value
    assert "boom" not in check.messages.value and "Traceback" not in check.messages.value
    assert check.ranking_inputs[0].value == "A B C D E F G"
