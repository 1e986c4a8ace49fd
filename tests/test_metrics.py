"""Alignment metrics: the pure core (widgets.core.metrics) and the metric builder widget
without a kernel."""

import base64
import html
import json
import math
import re
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import charts
from widgets.core import metrics
from widgets.core.metrics import (
    CADENCES,
    CATEGORY_LABELS,
    KPI,
    Attainment,
    KPIFormError,
    Scorecard,
    ScorecardFileError,
    attainment,
    scorecard_from_json,
    scorecard_to_json,
    status_of,
    validate_scorecard,
)
from widgets.data import DataFileError, load
from widgets.metrics import LABELS, MetricBuilder, dashboard_view

KPIS = load("kpis")
DIRECTIONS_IN_DATA = metrics.dataset_directions(KPIS)


def kpi(name="On-time delivery", category="Operational efficiency", **changes):
    values = {
        "name": name,
        "category": category,
        "definition": "Orders delivered on or before the promised date.",
        "unit": "%",
        "baseline": 89.0,
        "target": 95.0,
        "direction": "higher_is_better",
        "owner": "Priya (operations manager)",
        "cadence": "monthly",
    }
    values.update(changes)
    return KPI(**values)


def balanced(**changes_to_first) -> Scorecard:
    """One valid KPI per category (two of them are not in the data set)."""
    first = {"baseline": 49.2, "target": 70.0, "owner": "Aoife (director)", **changes_to_first}
    return Scorecard(
        (
            kpi("Strategic initiatives on track", "Strategic alignment", **first),
            kpi("On-time delivery", "Operational efficiency"),
            kpi("Employee Net Promoter Score", "Employee engagement and alignment",
                unit="score", baseline=-12.5, target=20.0, owner="Tomasz (HR lead)"),
            kpi("Complaints per 100 orders", "Customer satisfaction and loyalty",
                unit="complaints", baseline=3.0, target=2.0, direction="lower_is_better",
                owner="Sofia (customer service lead)"),
            kpi("Experiments completed", "Innovation and adaptability", unit="experiments",
                baseline=1.0, target=4.0, owner="Ben (product lead)", cadence="quarterly"),
        ),
        title="Test scorecard",
    )


def quarter_mean(kpi_id, year=2024, months=(10, 11, 12)):
    rows = KPIS[(KPIS["kpi_id"] == kpi_id) & (KPIS["date"].dt.year == year)
                & (KPIS["date"].dt.month.isin(months))]
    return rows["value"].mean()


# --- categories and catalogue ---------------------------------------------------------


def test_the_five_categories_are_the_data_sets_categories_in_teaching_order():
    assert len(CATEGORY_LABELS) == 5
    assert set(CATEGORY_LABELS) == set(KPIS["category"].astype(str))
    assert CATEGORY_LABELS[0] == "Strategic alignment"
    assert CATEGORY_LABELS[-1] == "Innovation and adaptability"


def test_every_kpi_of_the_data_set_is_in_the_catalogue_with_the_same_facts():
    facts = KPIS.groupby("kpi_id", observed=True).first()
    in_dataset = {k.key: k for k in metrics.CATALOGUE if k.in_dataset}
    assert set(in_dataset) == set(facts.index.astype(str))
    for key, entry in in_dataset.items():
        assert entry.name == facts.loc[key, "kpi"]
        assert entry.category == facts.loc[key, "category"]
        assert entry.unit == facts.loc[key, "unit"]
        assert entry.direction == facts.loc[key, "direction"]


def test_each_category_offers_data_kpis_and_kpis_of_its_own():
    for category in CATEGORY_LABELS:
        entries = metrics.catalogue_for(category)
        assert len(entries) >= 3
        assert any(e.in_dataset for e in entries) and any(not e.in_dataset for e in entries)


def test_every_catalogue_kpi_is_well_defined():
    keys = [k.key for k in metrics.CATALOGUE]
    assert len(keys) == len(set(keys))
    names = [metrics.normalized_name(k.name) for k in metrics.CATALOGUE]
    assert len(names) == len(set(names))
    for entry in metrics.CATALOGUE:
        assert entry.definition.endswith(".") and len(entry.definition) > 30
        assert entry.formula and entry.unit and entry.source
        assert entry.direction in metrics.DIRECTIONS
        assert entry.cadence in CADENCES
        assert entry.indicator in ("leading", "lagging")


def test_catalogue_frame_can_show_one_category_or_the_data_sets_kpis():
    everything = metrics.catalogue_frame()
    assert len(everything) == len(metrics.CATALOGUE)
    only_data = metrics.catalogue_frame(dataset_only=True)
    assert len(only_data) == KPIS["kpi_id"].nunique()
    people = metrics.catalogue_frame("Employee engagement and alignment")
    assert set(people["Category"]) == {"Employee engagement and alignment"}
    assert {"Definition", "Formula", "Unit", "Direction", "Cadence",
            "Data source in an SMB"} <= set(everything.columns)


# --- attainment and status ----------------------------------------------------------


def test_attainment_is_actual_over_target_when_higher_is_better():
    result = attainment(91.5, 95.0, "higher_is_better")
    assert result.method == "ratio" and not result.met
    assert result.percent == pytest.approx(100 * 91.5 / 95)


def test_attainment_is_target_over_actual_when_lower_is_better():
    result = attainment(7.9, 7.5, "lower_is_better")
    assert result.method == "ratio" and not result.met
    assert result.percent == pytest.approx(100 * 7.5 / 7.9)
    assert attainment(7.0, 7.5, "lower_is_better").met


def test_a_score_uses_the_gap_closed_since_the_baseline():
    # eNPS from -12.5 to 3.5 against a target of 20: half the gap closed, not 17.5 %.
    result = attainment(3.5, 20.0, "higher_is_better", baseline=-12.5, unit="score")
    assert result.method == "progress"
    assert result.percent == pytest.approx(100 * 16 / 32.5)


def test_a_negative_value_never_gets_a_ratio():
    result = attainment(-5.0, 10.0, "higher_is_better", baseline=-20.0, unit="EUR k")
    assert result.method == "progress"
    assert result.percent == pytest.approx(50.0)


def test_without_a_baseline_a_score_has_no_attainment_and_a_miss_is_off_track():
    result = attainment(10.0, 20.0, "higher_is_better", unit="NPS points")
    assert result == Attainment(None, "none", False)
    assert status_of(result) == "off_track"


def test_zero_for_a_lower_is_better_kpi_meets_the_target_without_dividing_by_zero():
    result = attainment(0.0, 2.0, "lower_is_better", baseline=5.0)
    assert result.met and status_of(result) == "on_track"


def test_attainment_refuses_an_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        attainment(1.0, 2.0, "up")


@pytest.mark.parametrize(
    "value, expected",
    [(95.0, "on_track"), (99.0, "on_track"), (94.9, "at_risk"), (85.5, "at_risk"), (85.4, "off_track"),
     (10.0, "off_track")],
)
def test_status_thresholds(value, expected):
    # 85.5 / 95 = 90 %: the first at-risk value.
    assert status_of(attainment(value, 95.0, "higher_is_better")) == expected


@given(
    value=st.floats(0.01, 1e6),
    target=st.floats(0.01, 1e6),
    direction=st.sampled_from(list(metrics.DIRECTIONS)),
)
def test_on_track_exactly_when_the_target_is_met(value, target, direction):
    result = attainment(value, target, direction)
    met = value >= target if direction == "higher_is_better" else value <= target
    assert (status_of(result) == "on_track") == met
    if not met:
        assert result.percent < 100


@given(
    a=st.floats(0.01, 1e4), b=st.floats(0.01, 1e4), target=st.floats(0.01, 1e4),
    direction=st.sampled_from(list(metrics.DIRECTIONS)),
)
def test_a_better_value_never_lowers_attainment(a, b, target, direction):
    worse, better = sorted((a, b)) if direction == "higher_is_better" else sorted((a, b))[::-1]
    assert attainment(better, target, direction).percent >= attainment(worse, target, direction).percent


def test_status_text_pairs_a_symbol_with_words():
    for key, info in metrics.STATUSES.items():
        text = metrics.status_text(key)
        assert info.label in text and info.symbol in text
    colours = [s.color for s in metrics.STATUSES.values() if s.key != "no_data"]
    assert set(colours) <= set(charts.OKABE_ITO.values())
    assert len({s.shape for s in metrics.STATUSES.values() if s.key != "no_data"}) == 3


# --- the data set: the worked example ----------------------------------------------------


def test_latest_quarter_is_the_last_complete_one():
    assert str(metrics.latest_quarter(KPIS)) == "2024Q4"
    part = KPIS[KPIS["date"] < "2024-12-01"]
    assert str(metrics.latest_quarter(part)) == "2024Q3"


def test_dataset_summary_uses_the_2023_average_and_the_quarters_average():
    summary = metrics.dataset_summary(KPIS)
    for kpi_id in ("enps", "order_cycle_time", "ideas_implemented"):
        rows = KPIS[(KPIS["kpi_id"] == kpi_id) & (KPIS["date"].dt.year == 2023)]
        assert summary.loc[kpi_id, "baseline"] == pytest.approx(rows["value"].mean(), abs=0.051)
        assert summary.loc[kpi_id, "latest"] == pytest.approx(quarter_mean(kpi_id), abs=0.05)
    q2 = metrics.dataset_summary(KPIS, "2024Q2")
    assert q2.loc["enps", "latest"] == pytest.approx(quarter_mean("enps", months=(4, 5, 6)),
                                                     abs=0.05)
    with pytest.raises(ValueError):
        metrics.dataset_summary(KPIS, "2030Q1")


def test_quarter_attainment_puts_on_track_exactly_the_kpis_that_meet_their_target():
    table = metrics.quarter_attainment(KPIS)
    facts = KPIS.groupby("kpi_id", observed=True).first()
    met = {
        kpi_id
        for kpi_id in facts.index
        if metrics.target_met(round(quarter_mean(kpi_id), 1), facts.loc[kpi_id, "target"],
                              facts.loc[kpi_id, "direction"])
    }
    assert set(table.index[table["status"] == "on_track"]) == met
    # The data set's story (datasets/README.md): five KPIs meet their target in late 2024.
    assert met == {"initiatives_on_track", "projects_linked_to_goals", "cost_per_order",
                   "repeat_customer_rate", "ideas_implemented"}
    assert set(table["status"]) == {"on_track", "at_risk", "off_track"}
    assert table.loc["enps", "Method"] == "gap closed since baseline"
    assert table.loc["on_time_delivery", "Method"] == "actual vs target"


def test_the_strategic_kpis_jump_after_the_okrs():
    jump = metrics.okr_jump(KPIS)
    assert len(jump) == 3
    for row in jump.itertuples():
        monthly = KPIS[KPIS["kpi"] == row.KPI]
        before = monthly[monthly["date"] < "2024-01-01"]["value"].mean()
        after = monthly[monthly["date"] >= "2024-04-01"]["value"].mean()
        assert after - before > 20
        assert row.Change.startswith(f"+{after - before:.1f}")
    first = dict(zip(jump["KPI"], jump["First quarter on target"]))
    assert first["Staff who can name the top 3 priorities"] == "not yet"
    assert first["Projects linked to strategic goals"].startswith("2024")


def test_quarterly_values_are_aggregated_and_marked_before_and_after():
    quarterly = metrics.quarterly_values(KPIS, "Strategic alignment")
    assert len(quarterly) == 3 * 8
    assert set(quarterly.loc[quarterly["quarter"] < "2024Q1", "period"]) == {"Before OKRs"}
    assert set(quarterly.loc[quarterly["quarter"] >= "2024Q1", "period"]) == {"With OKRs"}
    text = metrics.describe_trend(quarterly)
    assert "OKRs were introduced in January 2024" in text
    assert all(name in text for name in quarterly["kpi"].unique())
    with pytest.raises(ValueError, match="Unknown category"):
        metrics.quarterly_values(KPIS, "Finance")


# --- the KPI form ------------------------------------------------------------------------


def test_a_complete_form_becomes_a_kpi():
    made = metrics.kpi_from_form(
        {"name": "  On-time   delivery ", "category": "Operational efficiency",
         "definition": "Orders on time.", "unit": "%", "baseline": "89", "target": "95,5",
         "direction": "higher_is_better", "owner": "Priya", "cadence": "monthly"}
    )
    assert made.name == "On-time delivery"
    assert (made.baseline, made.target) == (89.0, 95.5)


def test_the_form_lists_every_problem_at_once():
    with pytest.raises(KPIFormError) as error:
        metrics.kpi_from_form(
            {"name": " ", "category": "Finance", "baseline": "about ten", "target": "8-10",
             "direction": "up", "cadence": "hourly", "owner": "x" * 101}
        )
    text = " ".join(error.value.problems)
    for part in ("Name:", "Category:", "Direction:", "Review cadence:", "Baseline:", "Target:",
                 "Owner: keep it under 100"):
        assert part in text
    assert "is a range" in text


def test_a_form_and_its_kpi_convert_both_ways():
    original = kpi(baseline=1234.5, target=1500.0)
    assert metrics.kpi_from_form(metrics.form_from_kpi(original)) == original


def test_a_data_kpi_from_the_catalogue_brings_the_2023_baseline_and_the_target():
    made = metrics.kpi_from_catalogue("order_cycle_time", KPIS)
    rows = KPIS[(KPIS["kpi_id"] == "order_cycle_time") & (KPIS["date"].dt.year == 2023)]
    assert made.baseline == pytest.approx(rows["value"].mean(), abs=0.05)
    assert made.target == float(rows["target"].iloc[0])
    assert made.direction == "lower_is_better" and made.owner == ""
    own = metrics.kpi_from_catalogue("experiments_run", KPIS)
    assert own.baseline is None and own.target is None


# --- validating the scorecard -------------------------------------------------------


def test_a_balanced_scorecard_passes():
    assert validate_scorecard(balanced(), DIRECTIONS_IN_DATA) == []


def test_brannocks_own_scorecard_passes_and_needs_no_advice():
    example = metrics.example_scorecard(KPIS)
    assert len(example.kpis) == 12
    assert validate_scorecard(example, DIRECTIONS_IN_DATA) == []
    assert metrics.scorecard_notes(example) == []


def test_an_empty_scorecard_gets_one_message():
    problems = validate_scorecard(Scorecard())
    assert len(problems) == 1 and "empty" in problems[0]


def test_every_missing_category_is_named():
    card = balanced()
    problems = validate_scorecard(card.with_kpis(card.kpis[1:4]))
    missing = [p for p in problems if p.startswith("No KPI for")]
    assert len(missing) == 2
    assert "Strategic alignment" in missing[0] and "Innovation and adaptability" in missing[1]


def test_duplicates_are_found_whatever_the_case_and_spaces():
    card = balanced()
    copy = replace(card.kpis[1], name="  ON-TIME   delivery ", owner="Dele")
    problems = validate_scorecard(card.with_kpis([*card.kpis, copy]))
    assert any("“On-time delivery” is in the scorecard 2 times" in p for p in problems)
    assert metrics.duplicate_names(card.with_kpis([*card.kpis, copy])) == ["On-time delivery"]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"target": None}, "no target"),
        ({"baseline": None}, "no baseline"),
        ({"target": 49.2}, "equals the baseline"),
        ({"target": 40.0}, "below the baseline"),
        ({"direction": "lower_is_better"}, "above the baseline"),
        ({"owner": ""}, "no owner"),
        ({"owner": "everyone"}, "“everyone” is a group"),
        ({"owner": "The team"}, "is a group"),
        ({"cadence": ""}, "how often it is reviewed"),
        ({"target": math.nan}, "ordinary number"),
    ],
)
def test_each_kpi_problem_is_named_with_the_kpi(changes, expected):
    problems = validate_scorecard(balanced(**changes), DIRECTIONS_IN_DATA)
    assert any(expected in p and "Strategic initiatives on track" in p for p in problems), problems


def test_a_data_kpi_entered_with_the_wrong_direction_is_caught():
    card = balanced()
    wrong = replace(card.kpis[0], baseline=70.0, target=49.2, direction="lower_is_better")
    problems = validate_scorecard(card.with_kpis([wrong, *card.kpis[1:]]), DIRECTIONS_IN_DATA)
    assert any("switch the direction to Higher is better" in p for p in problems)
    assert validate_scorecard(card.with_kpis([wrong, *card.kpis[1:]])) == []  # no data given


def test_notes_warn_about_too_many_kpis_per_category_per_owner_and_in_all():
    card = balanced()
    extra = [
        replace(card.kpis[1], name=f"Operations KPI {i}", owner="Priya (operations manager)")
        for i in range(12)
    ]
    notes = metrics.scorecard_notes(card.with_kpis([*card.kpis, *extra]))
    assert any("17 KPIs in all" in n for n in notes)
    assert any(n.startswith("Operational efficiency has 13 KPIs") for n in notes)
    assert any("Priya (operations manager) owns 13 KPIs" in n for n in notes)
    assert any("enough to start" in n for n in metrics.scorecard_notes(card.with_kpis(card.kpis[:2])))


# --- the dashboard -----------------------------------------------------------------------


def test_dashboard_rows_use_the_data_for_known_kpis_and_mark_the_others():
    card = balanced()
    card = card.with_kpis([replace(card.kpis[0], name="strategic INITIATIVES on track"),
                           *card.kpis[1:]])
    rows = metrics.dashboard_rows(card, KPIS)
    by_name = {r.kpi.name: r for r in rows}
    first = by_name["strategic INITIATIVES on track"]
    assert first.has_data and first.dataset_id == "initiatives_on_track"
    assert first.latest == pytest.approx(quarter_mean("initiatives_on_track"), abs=0.05)
    assert first.attainment.percent == pytest.approx(100 * first.latest / 70.0)
    enps = by_name["Employee Net Promoter Score"]
    assert enps.attainment.method == "progress"  # the data's unit is a score
    for own in ("Complaints per 100 orders", "Experiments completed"):
        assert by_name[own].status == "no_data" and not by_name[own].has_data
    # The learner's target counts, not the data set's.
    easier = card.with_kpis([replace(card.kpis[1], target=90.0)])
    assert metrics.dashboard_rows(easier, KPIS)[0].status == (
        "on_track" if quarter_mean("on_time_delivery") >= 90 else "off_track"
    )


def test_the_dashboards_text_alternative_names_every_kpi_and_status():
    rows = metrics.dashboard_rows(balanced(), KPIS)
    text = metrics.describe_dashboard(rows)
    for row in rows:
        assert row.kpi.name in text
    assert "No data yet: Complaints per 100 orders" in text
    counts = metrics.status_counts(rows)
    assert sum(counts.values()) == len(rows) and counts["no_data"] == 2
    frame = metrics.dashboard_frame(rows)
    assert len(frame) == 3 and frame["label"].str.contains("track|risk").all()


def test_attainment_chart_encodes_status_by_colour_and_shape_with_a_description():
    rows = metrics.dashboard_rows(metrics.example_scorecard(KPIS), KPIS)
    chart = charts.attainment_chart(metrics.dashboard_frame(rows), "Test",
                                    metrics.describe_dashboard(rows))
    spec = json.loads(chart.to_json())
    assert "Cost per order" in spec["description"]
    point = next(layer for layer in spec["layer"] if "shape" in layer.get("encoding", {}))
    assert point["encoding"]["color"]["scale"]["range"] == ["#009E73", "#E69F00", "#D55E00"]
    assert point["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up", "square"]
    data = next(iter(spec["datasets"].values()))
    assert len(data) == 12


def test_trend_chart_marks_the_okr_start_and_describes_itself():
    chart = charts.kpi_trend_chart(metrics.quarterly_values(KPIS, "Strategic alignment"))
    spec = json.loads(chart.to_json())
    assert "Line chart" in spec["description"] and "January 2024" in spec["description"]
    assert "OKRs start (2024Q1)" in json.dumps(spec["datasets"])


# --- the file format ------------------------------------------------------------------


def test_the_file_is_versioned_json():
    data = json.loads(scorecard_to_json(balanced()))
    assert data["format"] == "aligned-scorecard" and data["version"] == 1
    assert data["kpis"][0]["baseline"] == 49.2 and data["kpis"][0]["cadence"] == "monthly"


def test_an_example_round_trips():
    card = metrics.example_scorecard(KPIS)
    assert scorecard_from_json(scorecard_to_json(card)) == card
    assert scorecard_from_json(scorecard_to_json(card).encode("utf-8")) == card


TEXT = st.text(max_size=40)
NUMBER = st.none() | st.floats(allow_nan=False, allow_infinity=False)
KPI_STRATEGY = st.builds(
    KPI,
    name=st.text(min_size=1, max_size=100).filter(lambda s: s.strip()),
    category=st.sampled_from(CATEGORY_LABELS),
    definition=st.text(max_size=600),
    unit=TEXT,
    baseline=NUMBER,
    target=NUMBER,
    direction=st.sampled_from(list(metrics.DIRECTIONS)),
    owner=st.text(max_size=100),
    cadence=st.sampled_from(["", *CADENCES]),
)
SCORECARDS = st.builds(Scorecard, kpis=st.lists(KPI_STRATEGY, max_size=8).map(tuple),
                       title=st.text(max_size=120))


@settings(max_examples=150, deadline=None)
@given(SCORECARDS)
def test_any_valid_scorecard_round_trips(card):
    assert scorecard_from_json(scorecard_to_json(card)) == card


def _expect_clear_error(text, *fragments):
    with pytest.raises(ScorecardFileError) as error:
        scorecard_from_json(text)
    message = str(error.value)
    assert message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


VALID = json.loads(scorecard_to_json(balanced()))


def _with(path, value=None, delete=False):
    data = json.loads(json.dumps(VALID))
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if delete:
        del target[last]
    else:
        target[last] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("", ["empty"]),
        ("   \n", ["empty"]),
        ("{not json", ["not valid JSON", "line 1"]),
        (json.dumps(VALID)[:-40], ["not valid JSON"]),
        ("[1, 2, 3]", ["not a scorecard"]),
        ('"a string"', ["not a scorecard"]),
        ("null", ["not a scorecard"]),
        (json.dumps({"format": "something-else", "version": 1, "kpis": []}), ["not a scorecard"]),
        (_with(["version"], 2), ["version 2", "reads version 1"]),
        (_with(["version"], True), ["version"]),
        (_with(["version"], delete=True), ["version"]),
        (_with(["kpis"], delete=True), ['"kpis"']),
        (_with(["kpis"], {"name": "x"}), ['"kpis" must be a list']),
        (_with(["title"], 12), ['"title" must be text']),
        (_with(["kpis", 0], "On-time delivery"), ["KPI 1 must be an object"]),
        (_with(["kpis", 1, "owner"], delete=True), ["KPI 2 (“On-time delivery”)", '"owner"']),
        (_with(["kpis", 0, "target"], "95"), ['"target" must be a number or null, not text']),
        (_with(["kpis", 0, "baseline"], True), ['"baseline" must be a number or null']),
        (_with(["kpis", 0, "baseline"], [1]), ['"baseline" must be a number or null, not a list']),
        (_with(["kpis", 0, "name"], None), ['"name" must be text, not null']),
        (_with(["kpis", 0, "name"], "   "), ['"name" is empty']),
        (_with(["kpis", 0, "name"], "x" * 101), ["longer than 100"]),
        (_with(["kpis", 0, "category"], "Finance"), ['"category" must be one of']),
        (_with(["kpis", 0, "direction"], "up"), ['"direction" must be']),
        (_with(["kpis", 0, "cadence"], "hourly"), ['"cadence" must be one of']),
        (_with(["kpis", 0, "cadence"], 7), ['"cadence" must be text']),
        (_with(["kpis"], [VALID["kpis"][0]] * (metrics.MAX_KPIS + 1)), ["at most 60"]),
        (json.dumps(VALID).replace("49.2", "NaN"), ["NaN"]),
        (json.dumps(VALID).replace("49.2", "Infinity"), ["Infinity"]),
        (json.dumps(VALID).replace("49.2", "1e999"), ["too large"]),
        (json.dumps(VALID).replace("49.2", "1" * 400), ["too large"]),
        ("[" * 100_000 + "]" * 100_000, []),
        (" " * (metrics.MAX_FILE_BYTES + 1), ["too large"]),
        (b"\xff\xfe\x00binary", ["not UTF-8"]),
        (b"x" * (metrics.MAX_FILE_BYTES + 1), ["KB"]),
    ],
)
def test_every_corrupt_variant_gives_a_clear_error(text, fragments):
    _expect_clear_error(text, *fragments)


def test_each_missing_kpi_field_is_named():
    for key in metrics.KPI_FIELDS:
        message = _expect_clear_error(_with(["kpis", 2, key], delete=True), "KPI 3")
        assert f'"{key}"' in message


def test_the_file_may_leave_out_the_title_and_carry_extra_fields():
    data = json.loads(json.dumps(VALID))
    del data["title"]
    data["saved_by"] = "a later version"
    data["kpis"][0]["note"] = "an extra field"
    card = scorecard_from_json(json.dumps(data))
    assert card.title == "" and len(card.kpis) == 5


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300) | JSON_VALUES.map(json.dumps))
def test_arbitrary_input_never_raises_anything_but_a_clear_error(text):
    try:
        card = scorecard_from_json(text)
    except ScorecardFileError as error:
        assert str(error)
    else:
        assert isinstance(card, Scorecard)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


ALL_PATHS = [p for p in _paths(VALID) if p]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), JSON_VALUES, st.booleans())
def test_a_mutated_file_either_loads_or_gives_a_clear_error(path, value, delete):
    text = _with(list(path), value, delete=delete)
    try:
        card = scorecard_from_json(text)
    except ScorecardFileError as error:
        assert str(error)
    else:
        # Only harmless changes load: every KPI then has a name and known enumerations.
        assert all(k.category in CATEGORY_LABELS and k.direction in metrics.DIRECTIONS
                   for k in card.kpis)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([p for p in ALL_PATHS if len(p) == 3 or p in (("format",), ("version",),
                                                                      ("kpis",))]))
def test_deleting_a_required_field_is_always_an_error(path):
    _expect_clear_error(_with(list(path), delete=True))


def test_to_json_refuses_what_from_json_would_refuse():
    with pytest.raises(ScorecardFileError):
        scorecard_to_json(Scorecard((kpi(category="Finance"),)))
    with pytest.raises(ScorecardFileError):
        scorecard_to_json(Scorecard((kpi(baseline=math.inf),)))
    with pytest.raises(ScorecardFileError):
        scorecard_to_json(Scorecard((kpi(name="x" * 101),)))


# --- files ---------------------------------------------------------------------------------


def test_save_and_load_a_file_in_the_folder(tmp_path):
    path = metrics.save_scorecard(balanced(), "my-scorecard.json", tmp_path)
    assert path == tmp_path / "my-scorecard.json"
    card, loaded_from = metrics.load_scorecard("my-scorecard.json", tmp_path)
    assert card == balanced() and loaded_from == path
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_a_name_without_suffix_gets_json_and_subfolders_work(tmp_path):
    (tmp_path / "cards").mkdir()
    path = metrics.save_scorecard(balanced(), "cards/q1", tmp_path)
    assert path == tmp_path / "cards" / "q1.json"


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("", "Type a file name"),
        ("../outside.json", "only reads and writes files in this folder"),
        ("/etc/passwd.json", "only reads and writes files in this folder"),
        ("notes.txt", "ends in .json"),
        (".hidden.json", "Hidden files"),
        ("sub/.git/config.json", "Hidden files"),
    ],
)
def test_paths_outside_the_rules_are_refused(tmp_path, name, fragment):
    with pytest.raises(ScorecardFileError, match=re.escape(fragment)):
        metrics.resolve_path(name, tmp_path)


def test_an_absolute_path_inside_the_folder_is_fine(tmp_path):
    assert metrics.resolve_path(str(tmp_path / "a.json"), tmp_path) == tmp_path / "a.json"


def test_saving_never_overwrites_a_file_that_is_not_a_scorecard(tmp_path):
    other = tmp_path / "settings.json"
    other.write_text('{"important": true}')
    with pytest.raises(ScorecardFileError, match="not a scorecard, so it is left alone"):
        metrics.save_scorecard(balanced(), "settings.json", tmp_path)
    assert other.read_text() == '{"important": true}'
    metrics.save_scorecard(Scorecard(), "mine.json", tmp_path)
    metrics.save_scorecard(balanced(), "mine.json", tmp_path)  # an older scorecard: replaced
    assert metrics.load_scorecard("mine.json", tmp_path)[0] == balanced()


def test_file_problems_are_clear(tmp_path):
    with pytest.raises(ScorecardFileError, match="no file called missing.json"):
        metrics.load_scorecard("missing.json", tmp_path)
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(ScorecardFileError, match="is a folder"):
        metrics.load_scorecard("folder.json", tmp_path)
    with pytest.raises(ScorecardFileError, match="is a folder"):
        metrics.save_scorecard(balanced(), "folder.json", tmp_path)
    with pytest.raises(ScorecardFileError, match="does not exist"):
        metrics.save_scorecard(balanced(), "nowhere/x.json", tmp_path)
    (tmp_path / "big.json").write_text(" " * (metrics.MAX_FILE_BYTES + 1))
    with pytest.raises(ScorecardFileError, match="KB"):
        metrics.load_scorecard("big.json", tmp_path)
    (tmp_path / "bad.json").write_text("{oops")
    with pytest.raises(ScorecardFileError, match=r"^bad\.json: The file is not valid JSON"):
        metrics.load_scorecard("bad.json", tmp_path)


# --- the widget ---------------------------------------------------------------------------


@pytest.fixture
def builder(tmp_path):
    return MetricBuilder(kpis=KPIS, folder=tmp_path)


def add(builder, category, catalogue=None, **values):
    builder.category.value = category
    if catalogue:
        builder.catalogue.value = catalogue
        builder.fill_button.click()
    builder.set_form(values)
    builder.add_button.click()


def build_balanced(builder, owner="Priya (operations manager)"):
    add(builder, "Strategic alignment", "initiatives_on_track", owner="Aoife (director)")
    add(builder, "Operational efficiency", "on_time_delivery", owner=owner)
    add(builder, "Employee engagement and alignment", "enps", owner="Tomasz (HR lead)")
    add(builder, "Customer satisfaction and loyalty", "repeat_customer_rate", owner="Sofia")
    add(builder, "Innovation and adaptability", name="Experiments completed",
        definition="Tests with a written result.", unit="experiments", baseline="1",
        target="4", direction="higher_is_better", owner="Ben (product lead)",
        cadence="quarterly")


def test_the_widget_starts_empty_with_every_input_labelled(builder):
    assert builder.scorecard == Scorecard()
    assert "Your scorecard is empty" in builder.table.value
    assert builder.edit_button.disabled and builder.remove_button.disabled
    inputs = [*builder.fields.values(), builder.category, builder.catalogue, builder.direction,
              builder.cadence, builder.title, builder.selected, builder.path, builder.upload]
    assert all(box.description for box in inputs)
    assert builder.fields["name"].description == LABELS["name"]
    assert builder.path.value == "my-scorecard.json"
    assert "aligned-activity" in builder._dom_classes


def test_the_catalogue_follows_the_category(builder):
    builder.category.value = "Innovation and adaptability"
    keys = [value for _label, value in builder.catalogue.options if value]
    assert keys == [k.key for k in metrics.catalogue_for("Innovation and adaptability")]
    assert builder.catalogue.value == ""


def test_filling_from_the_catalogue_brings_the_datas_facts(builder):
    builder.fields["owner"].value = "Priya"
    builder.category.value = "Operational efficiency"
    builder.catalogue.value = "order_cycle_time"
    builder.fill_button.click()
    values = builder.form_values()
    expected = KPIS[(KPIS["kpi_id"] == "order_cycle_time") & (KPIS["date"].dt.year == 2023)]
    assert float(values["baseline"]) == pytest.approx(expected["value"].mean(), abs=0.05)
    assert values["direction"] == "lower_is_better" and values["owner"] == "Priya"
    assert "Filled in “Order cycle time”" in builder.form_feedback


def test_fill_without_a_choice_explains_itself(builder):
    builder.fill_button.click()
    assert "Choose a catalogue KPI first" in builder.form_feedback
    assert 'role="alert"' in builder.form_messages.value


def test_a_bad_number_keeps_the_kpi_out_and_the_form_as_typed(builder):
    builder.set_form({"name": "Cost per order", "baseline": "about 46", "target": "43"})
    builder.add_button.click()
    assert builder.scorecard.kpis == ()
    assert "The KPI was not added yet" in builder.form_feedback
    assert "Baseline:" in builder.form_messages.value
    assert builder.fields["baseline"].value == "about 46"


def test_validation_messages_then_a_fix_then_the_dashboard(builder):
    build_balanced(builder, owner="everyone")
    assert len(builder.scorecard.kpis) == 5
    builder.check_button.click()
    assert builder.dashboard == [] and builder.result.children == ()
    assert any("“everyone” is a group" in p for p in builder.problems)
    assert "Almost there: 1 thing to fix" in builder.feedback
    assert 'role="alert"' in builder.messages.value

    builder.selected.value = 1  # On-time delivery
    builder.edit_button.click()
    assert builder.fields["owner"].value == "everyone"
    assert builder.add_button.description == "Save changes to this KPI"
    builder.fields["owner"].value = "Priya (operations manager)"
    builder.add_button.click()
    assert len(builder.scorecard.kpis) == 5  # replaced, not added
    assert builder.scorecard.kpis[1].owner == "Priya (operations manager)"

    builder.check_button.click()
    assert builder.problems == []
    assert "passes every check" in builder.feedback
    assert [r.status for r in builder.dashboard][-1] == "no_data"
    top = builder.result.children[0].value
    assert "no data yet" in top and "No data yet" in top
    assert top.count("<tr class='aligned-row-") == 5
    assert builder.chart_widget is not None and builder.chart_widget in builder.result.children
    assert "Text description of the dashboard" in builder.result.children[-1].value


def test_statuses_show_words_and_symbols_not_colour_alone(builder):
    builder.example_button.click()
    builder.check_button.click()
    top = builder.result.children[0].value
    for key in ("on_track", "at_risk", "off_track"):
        info = metrics.STATUSES[key]
        assert f"{info.symbol}</span> {info.label}" in top
    # Each row's status matches the core's status for that KPI.
    expected = metrics.dashboard_rows(metrics.example_scorecard(KPIS), KPIS)
    assert [r.status for r in builder.dashboard] == [r.status for r in expected]


def test_duplicates_and_missing_categories_are_reported(builder):
    add(builder, "Operational efficiency", name="Order accuracy", baseline="95", target="98",
        owner="Dele", cadence="weekly")
    add(builder, "Operational efficiency", name="ORDER  accuracy", baseline="95", target="98",
        owner="Dele", cadence="weekly")
    builder.check_button.click()
    text = " ".join(builder.problems)
    assert "is in the scorecard 2 times" in text
    assert text.count("No KPI for") == 4


def test_remove_and_empty(builder):
    build_balanced(builder)
    builder.selected.value = 0
    builder.remove_button.click()
    assert builder.scorecard.kpis[0].name == "On-time delivery"
    assert "Removed “Strategic initiatives on track”" in builder.form_feedback
    builder.empty_button.click()
    assert builder.scorecard.kpis == () and builder.remove_button.disabled


def test_user_text_is_escaped(builder):
    add(builder, "Strategic alignment", name="<script>alert(1)</script>", baseline="1",
        target="2", owner="<b>Ann</b>", cadence="monthly")
    assert "<script>" not in builder.table.value
    assert html.escape("<script>alert(1)</script>") in builder.table.value
    assert "<b>Ann</b>" not in builder.table.value


def test_the_title_is_part_of_the_scorecard(builder):
    build_balanced(builder)
    builder.title.value = "  Our   2025 scorecard "
    assert builder.scorecard.title == "Our 2025 scorecard"
    assert "Our 2025 scorecard: 5 KPIs" in builder.table.value
    assert len(builder.scorecard.kpis) == 5


def test_save_then_load_from_a_file(builder, tmp_path):
    build_balanced(builder)
    saved = builder.scorecard
    builder.save_button.click()
    assert "Saved 5 KPIs to my-scorecard.json" in builder.file_feedback
    assert scorecard_from_json((tmp_path / "my-scorecard.json").read_text()) == saved
    builder.empty_button.click()
    builder.load_button.click()
    assert builder.scorecard == saved
    assert "Loaded 5 KPIs from my-scorecard.json" in builder.file_feedback


def test_the_download_link_carries_the_scorecard(builder):
    build_balanced(builder)
    builder.path.value = "team-a.json"
    link = builder.download.value
    assert 'download="team-a.json"' in link
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    assert scorecard_from_json(base64.b64decode(data)) == builder.scorecard
    builder.path.value = "../elsewhere.txt"
    assert 'download="my-scorecard.json"' in builder.download.value


CORRUPT_FILES = [
    "{oops",
    "",
    "[]",
    json.dumps({"format": "aligned-scorecard", "version": 9, "kpis": []}),
    _with(["kpis", 0, "owner"], delete=True),
    _with(["kpis", 0, "target"], "ninety"),
]


@pytest.mark.parametrize("content", CORRUPT_FILES)
def test_a_corrupt_file_keeps_the_scorecard(builder, tmp_path, content):
    build_balanced(builder)
    builder.check_button.click()
    before, dashboard = builder.scorecard, builder.result.children
    (tmp_path / "broken.json").write_text(content)
    builder.path.value = "broken.json"
    builder.load_button.click()
    assert builder.scorecard == before
    assert builder.result.children == dashboard  # the dashboard stays too
    assert builder.file_feedback.startswith("Nothing was loaded: broken.json:")
    assert "Your scorecard (5 KPIs) is unchanged." in builder.file_feedback
    assert 'role="alert"' in builder.file_messages.value


def test_loading_a_missing_file_or_a_forbidden_path_keeps_the_scorecard(builder):
    build_balanced(builder)
    before = builder.scorecard
    for name in ("nothing-here.json", "../../etc/passwd"):
        builder.path.value = name
        builder.load_button.click()
        assert builder.scorecard == before
        assert "Nothing was loaded" in builder.file_feedback


def test_saving_over_another_file_is_refused_in_the_widget(builder, tmp_path):
    (tmp_path / "notes.json").write_text("[1]")
    builder.path.value = "notes.json"
    builder.save_button.click()
    assert "Not saved." in builder.file_feedback and "left alone" in builder.file_feedback
    assert (tmp_path / "notes.json").read_text() == "[1]"


def upload(builder, content: bytes, name="card.json"):
    builder.upload.value = (
        {"name": name, "type": "application/json", "size": len(content),
         "content": memoryview(content), "last_modified": datetime(2025, 1, 1)},
    )


def test_an_upload_replaces_the_scorecard_when_valid_and_keeps_it_when_not(builder):
    build_balanced(builder)
    before = builder.scorecard
    upload(builder, b"\x00\x01 not a scorecard", "photo.json")
    assert builder.scorecard == before
    assert "Nothing was loaded from photo.json" in builder.file_feedback
    assert builder.upload.value == ()  # ready for the next file
    example = metrics.example_scorecard(KPIS)
    upload(builder, scorecard_to_json(example).encode())
    assert builder.scorecard == example
    assert builder.title.value == example.title
    assert "Loaded 12 KPIs from card.json" in builder.file_feedback


def test_a_failure_inside_shows_a_friendly_message_and_keeps_the_scorecard(builder, monkeypatch):
    build_balanced(builder)
    before = builder.scorecard

    def broken(*_args, **_kwargs):
        raise RuntimeError("dashboard exploded")

    monkeypatch.setattr("widgets.metrics.metrics.dashboard_rows", broken)
    builder.check_button.click()
    assert "Something went wrong while checking your scorecard" in builder.feedback
    assert "exploded" not in builder.messages.value
    assert builder.scorecard == before


def test_without_the_data_the_builder_still_checks(tmp_path, monkeypatch):
    def missing(_name):
        raise DataFileError("kpis.csv is missing.")

    monkeypatch.setattr("widgets.metrics.load", missing)
    builder = MetricBuilder(folder=tmp_path)
    build_balanced(builder)  # catalogue KPIs still fill in, without baselines
    builder.example_button.click()
    assert "could not be loaded" in builder.messages.value
    builder.check_button.click()
    assert builder.problems  # the data KPIs have no baseline or target yet
    assert any("no baseline" in p for p in builder.problems)


def test_dashboard_view_for_the_lesson():
    rows = metrics.dashboard_rows(metrics.example_scorecard(KPIS), KPIS)
    view = dashboard_view(rows)
    assert "aligned-activity" in view._dom_classes
    assert any(isinstance(child, charts.alt.JupyterChart) for child in view.children)
    assert "Text description of the dashboard" in view.children[-1].value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=120), min_size=6, max_size=6))
def test_the_widget_never_fails_on_any_text(builder, values):
    for box, value in zip(builder.fields.values(), values):
        box.value = value
    builder.add_button.click()
    builder.check_button.click()
    assert "Something went wrong" not in builder.form_messages.value
    assert "Something went wrong" not in builder.messages.value
