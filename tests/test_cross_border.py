"""The cross-border comparator: gaps, bands, hedged implications, validation, chart and widget."""

import json
import math
import re
from itertools import combinations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import charts
from widgets.core import cross_border as core
from widgets.core.cross_border import AREAS, DIMENSION_KEYS, DIMENSIONS, RULES
from widgets.cross_border import CrossBorderComparator
from widgets.data import load

FRAME = load("country_culture")
NAMES = core.country_names(FRAME)
PAIRS = list(combinations(NAMES, 2))


def row(name):
    return FRAME[FRAME["country"] == name].iloc[0]


def frame_of(rows):
    """A small country table: rows are (name, six scores, None for a missing one)."""
    return pd.DataFrame(
        [{"country": name, **dict(zip(DIMENSION_KEYS, values))} for name, values in rows]
    ).astype({key: "Float64" for key in DIMENSION_KEYS})


def implication_content(comparison):
    return sorted((i.area, i.dimension, i.band, i.gap, i.text) for i in core.implications(comparison))


# --- the data and the bands -------------------------------------------------------------


def test_the_data_offers_twelve_countries_in_alphabetical_order():
    assert len(NAMES) == len(FRAME) == 12
    assert NAMES == sorted(NAMES, key=str.casefold)
    assert {"Germany", "United States", "Japan", "Mexico"} <= set(NAMES)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(0, "small"), (9, "small"), (9.99, "small"), (-9, "small"), (10, "notable"),
     (24, "notable"), (24.9, "notable"), (-10, "notable"), (25, "large"), (-25, "large"),
     (100, "large")],
)
def test_band_edges(gap, expected):
    assert core.band(gap) == expected


@pytest.mark.parametrize("bad", [math.nan, math.inf, "10", None, True])
def test_band_refuses_what_is_not_a_finite_number(bad):
    with pytest.raises(ValueError):
        core.band(bad)


def test_bands_split_the_real_pairs_rather_than_lumping_them():
    summary = core.band_summary(FRAME)
    assert list(summary.columns) == ["small", "notable", "large"]
    assert (summary.sum(axis=1) == len(PAIRS)).all()
    assert (summary > 0).all().all()  # every band is used on every dimension


def test_spread_is_the_standard_deviation_of_the_scores():
    spread = core.spread(FRAME)
    for key, dimension in DIMENSIONS.items():
        assert spread[dimension.label] == pytest.approx(FRAME[key].astype(float).std(), abs=0.05)


# --- comparing two countries ------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("Germany", "United States"), ("Japan", "Sweden")])
def test_gaps_come_from_the_table(first, second):
    comparison = core.compare(FRAME, first, second)
    assert [g.dimension for g in comparison.gaps] == list(DIMENSION_KEYS)
    for gap in comparison.gaps:
        a, b = float(row(first)[gap.dimension]), float(row(second)[gap.dimension])
        assert (gap.first_score, gap.second_score) == (a, b)
        assert gap.signed == a - b
        assert gap.absolute == abs(a - b)
        assert gap.band == core.band(a - b)
        assert gap.higher == (first if a > b else second if b > a else None)


def test_countries_can_be_named_by_code_source_name_or_any_case():
    by_name = core.compare(FRAME, "Germany", "United States")
    assert core.compare(FRAME, " ger ", "U.S.A.") == by_name
    assert core.compare(FRAME, "germany", "USA") == by_name


def test_largest_gap_and_description():
    comparison = core.compare(FRAME, "Germany", "United States")
    largest = comparison.largest()
    assert largest.absolute == max(g.absolute for g in comparison.gaps)
    text = core.describe_comparison(comparison)
    for gap in comparison.gaps:
        assert gap.describe() in text
    assert f"The largest gap is {largest.label.lower()}" in text
    counts = [len(comparison.in_band(b)) for b in ("small", "notable", "large")]
    assert f"{counts[0]} small, {counts[1]} notable and {counts[2]} large" in text


def test_gap_table_is_signed_first_minus_second():
    comparison = core.compare(FRAME, "Mexico", "Sweden")
    table = core.gap_table(comparison)
    assert list(table["Dimension"]) == [d.label for d in DIMENSIONS.values()]
    assert (table["Mexico"] - table["Sweden"]).tolist() == table[
        "Gap (Mexico minus Sweden)"
    ].tolist()
    assert (table["Absolute gap"] >= 0).all()


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("Japan", "Japan"), ("Japan", "jpn"), ("NET", "Netherlands")])
def test_the_same_country_twice_is_refused_kindly(first, second):
    problems = core.validate_pair(FRAME, first, second)
    assert len(problems) == 1 and "twice" in problems[0]
    assert "Pick two different countries" in problems[0]
    with pytest.raises(core.CrossBorderError) as error:
        core.compare(FRAME, first, second)
    assert error.value.problems == problems


def test_an_unknown_country_is_named_with_a_suggestion_and_the_choices():
    problems = core.validate_pair(FRAME, "Germny", "Atlantis")
    assert len(problems) == 2
    assert "\u201cGermny\u201d" in problems[0] and "Did you mean Germany?" in problems[0]
    assert "\u201cAtlantis\u201d" in problems[1]
    for name in NAMES:
        assert name in problems[1]


@pytest.mark.parametrize(("first", "second", "missing"), [(None, "Japan", "first"), ("Japan", "  ", "second")])
def test_a_missing_choice_asks_for_one(first, second, missing):
    assert core.validate_pair(FRAME, first, second) == [f"Choose a {missing} country to compare."]


def test_a_broken_table_is_reported():
    assert "pandas DataFrame" in core.validate_pair([1, 2], "Japan", "Germany")[0]
    problems = core.validate_pair(FRAME.drop(columns=["indulgence"]), "Japan", "Germany")
    assert "'indulgence'" in problems[0]


def test_missing_values_leave_a_dimension_out_with_a_note():
    frame = FRAME.copy()
    frame.loc[frame["country"] == "Brazil", "indulgence"] = pd.NA
    frame.loc[frame["country"] == "Japan", "masculinity"] = pd.NA
    comparison = core.compare(frame, "Brazil", "Japan")
    assert [g.dimension for g in comparison.gaps] == [
        k for k in DIMENSION_KEYS if k not in ("masculinity", "indulgence")
    ]
    assert comparison.missing == ("masculinity", "indulgence")
    assert comparison.notes == (
        "There is no masculinity score for Japan in this data, so masculinity is left out of the comparison.",
        "There is no indulgence score for Brazil in this data, so indulgence is left out of the comparison.",
    )
    assert all(i.dimension not in comparison.missing for i in core.implications(comparison))
    assert "no indulgence score for Brazil" in core.describe_comparison(comparison)


def test_nothing_in_common_to_compare_is_refused():
    frame = frame_of([("A", (10, None, 30, None, 50, None)), ("B", (None, 20, None, 40, None, 60))])
    problems = core.validate_pair(frame, "A", "B")
    assert problems and "nothing to compare" in problems[0]


def test_text_that_is_not_a_number_counts_as_missing():
    frame = frame_of([("A", (10, 20, 30, 40, 50, 60)), ("B", (60, 50, 40, 30, 20, 10))])
    frame = frame.astype({"power_distance": object})
    frame.loc[0, "power_distance"] = "high"
    comparison = core.compare(frame, "A", "B")
    assert comparison.missing == ("power_distance",)


# --- implications -------------------------------------------------------------------------


def test_every_rule_names_both_sides_and_every_area_and_dimension_has_rules():
    for rule in RULES:
        assert "{high}" in rule.tendency and "{low}" in rule.tendency
        assert rule.area in AREAS and rule.dimension in DIMENSIONS
    assert {r.area for r in RULES} == set(AREAS)
    assert {r.dimension for r in RULES} == set(DIMENSIONS)


def test_implications_follow_the_notable_and_large_gaps_only():
    comparison = core.compare(FRAME, "Germany", "United States")
    found = core.implications(comparison)
    triggered = {g.dimension for g in comparison.gaps if g.band != "small"}
    assert {i.dimension for i in found} == triggered
    assert len(found) == sum(1 for r in RULES if r.dimension in triggered)
    for item in found:
        gap = comparison.gap(item.dimension)
        assert (item.band, item.gap, item.higher, item.lower) == (
            gap.band, gap.absolute, gap.higher, gap.lower
        )
        assert core.in_text(gap.higher) in item.tendency
        assert core.in_text(gap.lower) in item.tendency


def test_implications_are_grouped_by_area_largest_gap_first():
    grouped = core.implications_by_area(core.compare(FRAME, "Mexico", "Netherlands"))
    assert list(grouped) == list(AREAS)
    for area, items in grouped.items():
        assert all(i.area == area for i in items)
        gaps = [i.gap for i in items]
        assert gaps == sorted(gaps, reverse=True)


def test_country_names_read_naturally_in_sentences():
    assert core.in_text("United States") == "the United States"
    assert core.in_text("Netherlands") == "the Netherlands"
    assert core.in_text("Germany") == "Germany"
    comparison = core.compare(FRAME, "Netherlands", "Mexico")
    assert any("from the Netherlands" in i.tendency
               for i in core.implications(comparison))


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_every_implication_for_every_real_pair_is_hedged_and_no_stereotype(first, second):
    for item in core.implications(core.compare(FRAME, first, second)):
        assert core.wording_problems(item.text, [first, second]) == []
        assert core.wording_problems(item.tendency, [first, second]) == []
        practice_problems = core.wording_problems(item.practice, [first, second])
        assert all("hedge" in p for p in practice_problems)  # advice, not a claim about people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Germans are punctual.", ["without a hedge", "nationality as a group"]),
        ("Colleagues from Japan always wait for the boss.", ["without a hedge", "'always'"]),
        ("Colleagues from Sweden may never argue.", ["'never'"]),
        ("All people from Mexico may tend to enjoy parties.", ["everyone from Mexico"]),
        ("Every Brazil colleague may like small talk.", ["everyone from Brazil"]),
        ("Japan people may tend to avoid conflict.", ["'Japan people'"]),
        ("People from the Netherlands are blunt, and everyone knows it.",
         ["without a hedge", "'everyone'", "as fact what people from Netherlands"]),
        ("Indian managers may tend to decide alone.", ["nationality as a group ('Indian')"]),
    ],
)
def test_the_wording_check_catches_stereotypes(text, expected):
    countries = ["Japan", "Sweden", "Mexico", "Brazil", "Netherlands", "India"]
    problems = " ".join(core.wording_problems(text, countries))
    for part in expected:
        assert part in problems


def test_the_wording_check_passes_a_hedged_tendency():
    text = "Colleagues from the Netherlands may tend to say disagreement out loud."
    assert core.wording_problems(text, ["Netherlands"]) == []


# --- properties -----------------------------------------------------------------------------

pairs = st.sampled_from(PAIRS)


@settings(deadline=None)  # the machine is shared: timings vary
@given(pairs)
def test_gaps_are_antisymmetric_and_implications_symmetric_on_the_real_data(pair):
    first, second = pair
    forward, backward = core.compare(FRAME, first, second), core.compare(FRAME, second, first)
    for a, b in zip(forward.gaps, backward.gaps):
        assert a.dimension == b.dimension
        assert a.signed == -b.signed
        assert (a.absolute, a.band, a.higher, a.lower) == (b.absolute, b.band, b.higher, b.lower)
    assert implication_content(forward) == implication_content(backward)
    assert core.common_ground(forward) != [] or core.common_ground(backward) == []
    assert [g.dimension for g in core.common_ground(forward)] == [
        g.dimension for g in core.common_ground(backward)
    ]


score = st.one_of(st.none(), st.integers(min_value=0, max_value=120))
six_scores = st.tuples(*[score] * 6)
two_names = st.lists(
    st.sampled_from(["Atlantis", "Netherlands", "United Kingdom", "Freedonia", "Ruritania"]),
    min_size=2, max_size=2, unique=True,
)


@settings(max_examples=150, deadline=None)
@given(two_names, six_scores, six_scores)
def test_properties_hold_for_any_scores(names, first_scores, second_scores):
    frame = frame_of([(names[0], first_scores), (names[1], second_scores)])
    problems = core.validate_pair(frame, *names)
    both = [k for k, a, b in zip(DIMENSION_KEYS, first_scores, second_scores)
            if a is not None and b is not None]
    if not both:
        assert problems and "nothing to compare" in problems[0]
        return
    assert problems == []
    forward, backward = core.compare(frame, *names), core.compare(frame, *reversed(names))
    assert [g.dimension for g in forward.gaps] == both
    assert len(forward.notes) == 6 - len(both)
    for a, b in zip(forward.gaps, backward.gaps):
        assert a.signed == -b.signed and a.band == b.band == core.band(a.absolute)
    assert implication_content(forward) == implication_content(backward)
    found = core.implications(forward)
    assert {i.dimension for i in found} == {g.dimension for g in forward.gaps if g.band != "small"}
    for item in found:
        assert core.wording_problems(item.tendency, names) == []


@settings(deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=6, unique=True))
def test_team_spread_spans_the_lowest_and_highest_member(team):
    spread = core.team_spread(FRAME, team)
    assert list(spread["Dimension"]) == [d.label for d in DIMENSIONS.values()]
    for key, line in zip(DIMENSION_KEYS, spread.itertuples(index=False)):
        values = [float(row(n)[key]) for n in team]
        assert line.Range == max(values) - min(values)
        assert line.Size == core.band(line.Range)
        assert line.Lowest.endswith(f"({core.format_score(min(values))})")


def test_team_spread_needs_two_known_countries():
    with pytest.raises(core.CrossBorderError, match="at least two"):
        core.team_spread(FRAME, ["Japan", "japan"])
    with pytest.raises(core.CrossBorderError, match="Atlantis"):
        core.team_spread(FRAME, ["Japan", "Atlantis"])


def test_attribution_names_the_source_and_the_licence():
    assert "Hofstede" in core.ATTRIBUTION and "Minkov" in core.ATTRIBUTION
    assert "2015-08-16" in core.ATTRIBUTION
    assert "commercial use requires permission" in core.ATTRIBUTION


# --- the chart --------------------------------------------------------------------------------


def chart_spec(comparison):
    return json.loads(charts.cross_border_chart(comparison).to_json())


def test_chart_pairs_the_countries_by_colour_and_shape_and_describes_itself():
    comparison = core.compare(FRAME, "Japan", "Brazil")
    spec = chart_spec(comparison)
    dots = next(layer for layer in spec["layer"] if "shape" in layer.get("encoding", {}))
    colour = dots["encoding"]["color"]["scale"]
    shape = dots["encoding"]["shape"]["scale"]
    assert colour["domain"] == shape["domain"] == ["Japan", "Brazil"]
    assert set(colour["range"]) <= set(charts.OKABE_ITO.values())
    assert len(set(colour["range"])) == 2 and len(set(shape["range"])) == 2
    assert core.describe_comparison(comparison) in spec["description"]
    rows = [r for data in spec["datasets"].values() for r in data if "country" in r]
    assert len(rows) == 2 * len(comparison.gaps)


def test_chart_leaves_out_missing_dimensions():
    frame = FRAME.copy()
    frame.loc[frame["country"] == "India", "long_term_orientation"] = pd.NA
    spec = chart_spec(core.compare(frame, "India", "China"))
    dimensions = {r["dimension"] for data in spec["datasets"].values() for r in data}
    assert "Long-term orientation" not in dimensions and len(dimensions) == 5


# --- the widget -------------------------------------------------------------------------------


def test_widget_starts_with_a_labelled_comparison():
    widget = CrossBorderComparator()
    assert widget.first_input.description == "First country"
    assert widget.second_input.description == "Second country"
    assert (widget.first_input.value, widget.second_input.value) == ("Germany", "United States")
    assert widget.problems == []
    assert widget.comparison == core.compare(FRAME, "Germany", "United States")
    assert widget.chart_box.children == (widget.chart_widget,)
    assert 'role="status"' in widget.messages.value
    assert widget.table.value.count("<tr>") == 1 + 6
    for label in AREAS.values():
        assert f"<h4>{label}</h4>" in widget.result.value
    assert "one dimension at a time" in widget.result.value
    assert "Text description of the chart" in widget.chart_text.value


def test_widget_always_shows_the_limits_and_the_attribution():
    widget = CrossBorderComparator()
    texts = " ".join(getattr(child, "value", "") for child in widget.children)
    assert "ecological fallacy" in texts and "within countries" in texts
    assert "commercial use requires permission" in texts
    widget.second_input.value = "Germany"  # an error leaves them in place
    texts = " ".join(getattr(child, "value", "") for child in widget.children)
    assert "ecological fallacy" in texts and "commercial use requires permission" in texts


def test_choosing_the_same_country_twice_shows_a_friendly_alert():
    widget = CrossBorderComparator()
    widget.second_input.value = "Germany"
    assert widget.comparison is None
    assert widget.problems and "You chose Germany twice" in widget.problems[0]
    assert 'role="alert"' in widget.messages.value
    assert widget.chart_box.children == () and widget.result.value == ""
    widget.second_input.value = "Japan"
    assert widget.problems == [] and widget.comparison.second == "Japan"


def test_the_placeholder_asks_for_a_country():
    widget = CrossBorderComparator()
    widget.first_input.value = None
    assert widget.problems == ["Choose a first country to compare."]
    assert "Choose a first country" in widget.messages.value


def test_an_unknown_country_from_code_is_a_message_not_a_traceback():
    widget = CrossBorderComparator(first="Atlantis", second="JPN")
    assert widget.comparison is None
    assert "Atlantis" in widget.messages.value and 'role="alert"' in widget.messages.value
    assert (widget.first_input.value, widget.second_input.value) == (None, "Japan")
    widget.show("ger", "JPN")
    assert (widget.first_input.value, widget.second_input.value) == ("Germany", "Japan")


def test_swapping_negates_the_gaps_and_keeps_the_implications():
    widget = CrossBorderComparator(first="China", second="Sweden")
    before = widget.comparison
    widget.swap_button.click()
    after = widget.comparison
    assert (widget.first_input.value, widget.second_input.value) == ("Sweden", "China")
    assert [g.signed for g in after.gaps] == [-g.signed for g in before.gaps]
    assert implication_content(after) == implication_content(before)


def test_missing_values_are_explained_in_the_widget():
    frame = FRAME.copy()
    frame.loc[frame["country"] == "Brazil", "indulgence"] = pd.NA
    widget = CrossBorderComparator(frame, "Brazil", "Japan")
    assert widget.notes == [
        "There is no indulgence score for Brazil in this data, so indulgence is left out of the comparison."
    ]
    assert "Some scores are missing" in widget.messages.value
    assert widget.table.value.count("<tr>") == 1 + 5


def test_country_names_are_escaped():
    frame = FRAME.copy()
    frame.loc[frame["country"] == "Brazil", "country"] = "<b>Brazil</b>"
    widget = CrossBorderComparator(frame, "<b>Brazil</b>", "Japan")
    assert widget.comparison is not None
    html_out = widget.table.value + widget.result.value + widget.chart_text.value
    assert "&lt;b&gt;Brazil&lt;/b&gt;" in html_out and "<b>Brazil" not in html_out


def test_a_broken_table_shows_a_message():
    widget = CrossBorderComparator(FRAME.drop(columns=["masculinity"]))
    assert "no column 'masculinity'" in widget.problems[0]
    assert "no column &#x27;masculinity&#x27;" in widget.messages.value
    assert widget.comparison is None


def test_a_failure_while_drawing_is_caught(monkeypatch):
    widget = CrossBorderComparator()

    def broken(_comparison):
        raise RuntimeError("boom")

    monkeypatch.setattr(charts, "cross_border_chart", broken)
    widget.second_input.value = "Japan"
    assert "Something went wrong while comparing the countries" in widget.messages.value
    assert re.search(r'role="alert"', widget.messages.value)
    assert widget.second_input.value == "Japan"


def test_implications_frame_lists_every_implication_in_order():
    comparison = core.compare(FRAME, "Germany", "United States")
    found = core.implications(comparison)
    table = core.implications_frame(comparison)
    assert list(table.columns) == ["Area", "Gap", "What may happen", "What to try"]
    assert list(table["What may happen"]) == [i.tendency for i in found]
    assert list(table["Area"]) == [AREAS[i.area] for i in found]


def test_tables_show_whole_numbers_as_integers():
    table = core.gap_table(core.compare(FRAME, "Germany", "United States"))
    assert table["Germany"].tolist() == [int(row("Germany")[k]) for k in DIMENSION_KEYS]
    assert all(isinstance(v, int) for v in table["Absolute gap"].tolist())


def test_a_row_without_a_country_name_is_ignored():
    frame = FRAME.copy()
    frame["country"] = frame["country"].astype("string")
    frame.loc[frame["country"] == "Brazil", "country"] = pd.NA
    assert "Brazil" not in core.country_names(frame) and len(core.country_names(frame)) == 11
    assert core.compare(frame, "Japan", "Mexico").first == "Japan"
    assert "\u201cBrazil\u201d" in core.validate_pair(frame, "Brazil", "Japan")[0]
