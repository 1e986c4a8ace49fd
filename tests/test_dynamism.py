"""Dynamic alignment: the rhythm check's core, its chart, its widget, and the lesson.

Core tests need no kernel; widget tests drive the ipywidget in plain pytest (set values,
click buttons, read state and messages).
"""

import html
import json
import math
import re
from itertools import pairwise
from pathlib import Path

import altair as alt
import numpy as np
import pytest
import vl_convert
from hypothesis import given
from hypothesis import strategies as st

from widgets import charts
from widgets.core import dynamism
from widgets.core.dynamism import (
    BANDS,
    CADENCE,
    CHURN_STEPS,
    EXAMPLE_ENVIRONMENT,
    EXAMPLE_REVIEWS,
    FREQUENCIES,
    FREQUENCIES_BY_KEY,
    ITEM_KEYS,
    ITEMS,
    ITEMS_BY_KEY,
    MISSING,
    PART_KEYS,
    PARTS,
    SCALE_MAX,
    SCALE_MIN,
    STATUSES,
    DynamismInputError,
    analyze,
    band_for,
    classify,
    dynamism_score,
    recommended,
)
from widgets.core.lessons import lesson_problems, parse_lesson
from widgets.dynamism import (
    CHECK,
    NOT_CHOSEN,
    NOT_RATED,
    AlignmentRhythmCheck,
    environment_label,
    review_label,
)

LESSON = Path(__file__).resolve().parent.parent / "workshops" / "advanced" / "dynamic-alignment.ipynb"


def environment(**ratings):
    """Every environment rating at 3 unless given."""
    return {key: ratings.get(key, 3) for key in ITEM_KEYS}


def reviews(**frequencies):
    """Every part reviewed yearly unless given."""
    return {key: frequencies.get(key, "yearly") for key in PART_KEYS}


def weighted_mean(env):
    """The rule as the lesson states it: pace and unpredictability count double."""
    weights = {item.key: (2 if item.key in ("pace", "unpredictability") else 1) for item in ITEMS}
    return sum(weights[k] * env[k] for k in ITEM_KEYS) / sum(weights.values())


def in_rhythm_reviews(score):
    """For every part, exactly the recommended cadence at this score."""
    return {part: recommended(part, score).key for part in PART_KEYS}


rating = st.integers(SCALE_MIN, SCALE_MAX)
fractional_rating = st.floats(SCALE_MIN, SCALE_MAX, allow_nan=False)
environments = st.fixed_dictionaries({key: rating for key in ITEM_KEYS})
review_sets = st.fixed_dictionaries({key: st.sampled_from([f.key for f in FREQUENCIES])
                                     for key in PART_KEYS})
scores = st.floats(SCALE_MIN, SCALE_MAX, allow_nan=False)


# -- the model's content ---------------------------------------------------------------------


def test_five_environment_statements_with_an_anchor_for_every_point():
    assert len(ITEMS) == 5
    assert set(ITEM_KEYS) == {"pace", "unpredictability", "complexity", "scarcity",
                              "internal_change"}
    for item in ITEMS:
        assert sorted(item.anchors) == list(range(SCALE_MIN, SCALE_MAX + 1))
        assert len(set(item.anchors.values())) == SCALE_MAX
        assert item.question.endswith("?") and item.label and item.source
        assert item.weight >= 1


def test_change_and_unpredictability_count_double_and_the_rest_once():
    weights = {item.key: item.weight for item in ITEMS}
    assert weights["pace"] == weights["unpredictability"] == 2 * weights["complexity"]
    assert weights["complexity"] == weights["scarcity"] == weights["internal_change"]


def test_the_three_dess_and_beard_dimensions_are_all_asked():
    sources = " ".join(item.source for item in ITEMS)
    for dimension in ("dynamism", "complexity", "munificence"):
        assert dimension in sources
    # munificence is asked as scarcity, so that 5 always means "more demanding"
    assert "Plenty" in ITEMS_BY_KEY["scarcity"].anchors[SCALE_MIN]


def test_the_frequency_ladder_runs_from_monthly_to_never():
    assert [f.step for f in FREQUENCIES] == list(range(len(FREQUENCIES)))
    months = [f.months for f in FREQUENCIES]
    assert months[-1] is None and FREQUENCIES[-1].key == dynamism.NEVER
    assert months[:-1] == sorted(months[:-1]) and len(set(months[:-1])) == len(months) - 1
    for frequency in FREQUENCIES:
        assert frequency.cadence[0].isupper() and frequency.cadence.lower() == frequency.every


def test_seven_parts_the_five_components_plus_rewards_and_culture():
    assert dynamism.FIVE_COMPONENTS == ("strategy", "structure", "people", "processes",
                                        "technology")
    assert [p.key for p in PARTS if not p.in_five] == ["rewards", "culture"]
    for part in PARTS:
        assert part.review.endswith("?")
        assert "{every}" in part.too_rarely and "{actual}" in part.too_often


def test_bands_cover_the_whole_scale_without_gaps():
    assert BANDS[0].low == SCALE_MIN and math.isinf(BANDS[-1].high)
    for lower, upper in pairwise(BANDS):
        assert lower.high == upper.low
    for band in BANDS:
        assert band.meaning


def test_cadence_rows_speed_up_or_hold_as_the_environment_gets_more_dynamic():
    assert set(CADENCE) == set(PART_KEYS)
    for part, row in CADENCE.items():
        assert len(row) == len(BANDS)
        steps = [FREQUENCIES_BY_KEY[key].step for key in row]
        assert steps == sorted(steps, reverse=True), part
        assert dynamism.NEVER not in row


def test_strategy_and_processes_speed_up_most_and_stable_parts_stay_on_annual_cycles():
    def span(part):
        row = [FREQUENCIES_BY_KEY[key].step for key in CADENCE[part]]
        return row[0] - row[-1]

    widest = max(span(part) for part in PART_KEYS)
    assert span("strategy") == span("processes") == widest
    assert all(span(part) < widest for part in PART_KEYS if part not in ("strategy", "processes"))
    yearly = FREQUENCIES_BY_KEY["yearly"].step
    assert all(FREQUENCIES_BY_KEY[CADENCE[part][0]].step >= yearly for part in PART_KEYS)


# -- the crosswalk -----------------------------------------------------------------------------


def test_crosswalk_shows_what_the_five_components_leave_out():
    frame = dynamism.crosswalk()
    assert frame.index.name == "Question"
    assert list(frame.columns) == list(dynamism.MODELS)
    five = frame["Five components"].to_dict()
    omitted = dynamism.omitted_by_five()
    assert "What is counted, paid and praised?" in omitted
    assert "What do we value, and how do we really behave?" in omitted
    for question in omitted:
        assert five[question] == MISSING
    for component in ("Strategy", "Structure", "People", "Processes", "Technology"):
        assert component in set(frame["Five components"])


def test_crosswalk_names_every_element_of_the_three_older_models():
    frame = dynamism.crosswalk()

    def column(name):
        return " ".join(frame[name]).lower()

    for element in ("strategy", "structure", "processes", "rewards", "people"):
        assert element in column("Galbraith's Star Model")
    for element in ("strategy", "structure", "systems", "shared values", "style", "staff",
                    "skills"):
        assert element in column("McKinsey 7-S")
    for element in ("inputs", "strategy", "work", "individuals", "formal organization",
                    "informal organization", "outputs"):
        assert element in column("Nadler–Tushman congruence model")


def test_model_profiles_say_what_each_adds_and_misses():
    frame = dynamism.model_profiles()
    assert len(frame) == len(dynamism.MODELS) and frame.index.name == "Model"
    assert list(frame.columns) == ["Elements", "What it adds", "What it misses", "Use it for"]
    assert (frame.map(lambda text: len(text) > 10)).all().all()
    assert "Rewards" in frame["What it misses"].iloc[0]
    assert "inertia" in frame["What it misses"].iloc[3]


# -- validation --------------------------------------------------------------------------------


def test_a_complete_response_is_valid():
    assert dynamism.validate(environment(), reviews()) == []


def test_fractional_and_numpy_ratings_are_accepted():
    env = environment(pace=np.int64(4), unpredictability=np.float64(3.5), complexity=2.25)
    assert dynamism.validate_environment(env) == []
    assert dynamism_score(env) == pytest.approx(weighted_mean({k: float(v) for k, v in env.items()}))


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, "Pace of change: not rated yet"),
        ("", "Pace of change: not rated yet"),
        ("  ", "Pace of change: not rated yet"),
        ("high", "'high' is not a number"),
        ("4", "'4' is not a number"),
        (True, "True is not a number"),
        (float("nan"), "nan is not a number"),
        (float("inf"), "inf is not a number"),
        (0, "0 is outside the scale"),
        (6, "6 is outside the scale"),
        (-2.5, "-2.5 is outside the scale"),
        ([3], "[3] is not a number"),
    ],
)
def test_a_bad_rating_gets_one_friendly_sentence(value, expected):
    problems = dynamism.validate_environment(environment(pace=value))
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith("Pace of change:")


@pytest.mark.parametrize("value", [None, [], "3,4", 42])
def test_environment_that_is_not_a_mapping(value):
    problems = dynamism.validate_environment(value)
    if value is None:
        assert len(problems) == len(ITEMS)
    else:
        assert problems == [
            "The environment ratings should map each of the five questions to a rating."
        ]


def test_unknown_environment_questions_are_named():
    problems = dynamism.validate_environment({**environment(), "weather": 5, "mood": 2})
    assert problems == ["Not an environment question: mood, weather."]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, "Strategy: choose how often it is reviewed."),
        ("", "Strategy: choose how often it is reviewed."),
        ("weekly", "Strategy: 'weekly' is not one of the choices"),
        (12, "Strategy: 12 is not one of the choices"),
        ("Quarterly", "Strategy: 'Quarterly' is not one of the choices"),
    ],
)
def test_a_bad_review_frequency_gets_one_friendly_sentence(value, expected):
    problems = dynamism.validate_reviews(reviews(strategy=value))
    assert len(problems) == 1 and problems[0].startswith(expected)
    if "choices" in expected:
        for frequency in FREQUENCIES:
            assert frequency.label.lower() in problems[0]


def test_reviews_that_are_not_a_mapping_and_unknown_parts():
    assert dynamism.validate_reviews("yearly") == [
        "The review frequencies should map each of the seven parts to how often it is reviewed."
    ]
    assert dynamism.validate_reviews({**reviews(), "mood": "yearly"}) == [
        "Not one of the seven parts: mood."
    ]
    assert len(dynamism.validate_reviews({})) == len(PARTS)


def test_analyze_refuses_bad_input_with_every_problem():
    with pytest.raises(DynamismInputError) as caught:
        analyze({"pace": 9}, {"strategy": "weekly"})
    problems = caught.value.problems
    assert len(problems) == len(ITEMS) + len(PARTS)
    assert problems[0].startswith("Pace of change: 9 is outside the scale")
    assert str(caught.value).startswith(problems[0])


@pytest.mark.parametrize("score", [0.99, 5.01, float("nan"), True, "3"])
def test_band_for_refuses_a_score_off_the_scale(score):
    with pytest.raises(DynamismInputError):
        band_for(score)


def test_recommended_refuses_an_unknown_part():
    with pytest.raises(DynamismInputError, match="'mood' is not one of the seven parts"):
        recommended("mood", 3)


# -- the rule ----------------------------------------------------------------------------------


@given(environments)
def test_score_is_the_weighted_mean_of_the_ratings(env):
    score = dynamism_score(env)
    assert score == pytest.approx(weighted_mean(env), abs=1e-6)
    assert min(env.values()) - 1e-9 <= score <= max(env.values()) + 1e-9


@given(fractional_rating)
def test_equal_ratings_give_that_rating_as_the_score(value):
    assert dynamism_score({key: value for key in ITEM_KEYS}) == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize(
    "score, band",
    [(1, "stable"), (2.49, "stable"), (2.5, "shifting"), (3.49, "shifting"), (3.5, "turbulent"),
     (5, "turbulent")],
)
def test_band_edges(score, band):
    assert band_for(score).key == band


def test_a_score_exactly_on_an_edge_is_not_pushed_below_it_by_rounding():
    # 2 x 2 + 2 x 3 + 2 + 3 + 2.5 = 17.5, and 17.5 / 7 is exactly 2.5
    env = {"pace": 2, "unpredictability": 3, "complexity": 2, "scarcity": 3,
           "internal_change": 2.5}
    assert dynamism_score(env) == 2.5
    assert analyze(env, reviews()).band.key == "shifting"


@given(scores, scores)
def test_cadence_never_slows_down_as_dynamism_rises(a, b):
    low, high = sorted((a, b))
    for part in PART_KEYS:
        assert recommended(part, high).step <= recommended(part, low).step


@given(environments, st.sampled_from(ITEM_KEYS))
def test_raising_any_rating_never_slows_any_recommended_cadence(env, key):
    if env[key] == SCALE_MAX:
        return
    calmer, busier = analyze(env, reviews()), analyze({**env, key: env[key] + 1}, reviews())
    assert busier.score > calmer.score
    for before, after in zip(calmer.checks, busier.checks):
        assert after.recommended.step <= before.recommended.step


@given(st.sampled_from(FREQUENCIES), st.sampled_from(FREQUENCIES[:-1]))
def test_classify_follows_the_stated_rule(actual, target):
    status, steps = classify(actual, target)
    assert steps == actual.step - target.step
    if actual.key == dynamism.NEVER:
        assert status == "never"
    elif actual.step > target.step:
        assert status == "too_rarely"
    elif target.step - actual.step >= CHURN_STEPS:
        assert status == "too_often"
    else:
        assert status == "in_rhythm"


def test_one_step_faster_is_in_rhythm_with_a_note_and_two_is_churn():
    score = 3.0  # shifting: strategy recommended quarterly
    one_faster = analyze(environment(), reviews(strategy="monthly", structure="half_yearly"))
    assert one_faster.check("strategy").status == "in_rhythm"
    assert one_faster.check("strategy").steps == -1
    assert "a little more often" in one_faster.check("strategy").advice
    assert recommended("people", score).key == "half_yearly"
    two_faster = analyze(environment(), reviews(people="monthly"))
    assert two_faster.check("people").status == "too_often"
    assert "every month" in two_faster.check("people").advice


@given(environments, review_sets, st.sampled_from(ITEM_KEYS))
def test_a_busier_environment_flags_more_parts_as_too_rare_and_fewer_as_churn(env, revs, key):
    if env[key] == SCALE_MAX:
        return
    calmer, busier = analyze(env, revs), analyze({**env, key: env[key] + 1}, revs)
    rare = ("never", "too_rarely")
    assert {c.part for c in calmer.flagged(*rare)} <= {c.part for c in busier.flagged(*rare)}
    assert {c.part for c in busier.flagged("too_often")} <= {c.part for c in calmer.flagged("too_often")}


@given(environments, review_sets)
def test_every_report_is_complete_and_consistent(env, revs):
    report = analyze(env, revs)
    assert [c.part for c in report.checks] == list(PART_KEYS)
    assert sum(report.counts.values()) == len(PARTS)
    for check in report.checks:
        assert check.status_label == STATUSES[check.status]
        assert check.advice and "{" not in check.advice
        assert check.recommended == recommended(check.part, report.score)
    rare = report.flagged("never", "too_rarely")
    if rare:
        assert report.priority.steps == max(c.steps for c in rare)
    else:
        assert report.priority is None
    assert report.summary.startswith(f"Your environment is {report.band.label.lower()}")
    assert report.notes[0].startswith(report.band.label)


def test_priority_on_a_tie_goes_to_the_earlier_part():
    score = dynamism_score(environment())
    revs = in_rhythm_reviews(score)
    revs["people"] = "two_yearly"  # half_yearly recommended: 2 steps slower
    revs["culture"] = "never"  # yearly recommended: never, 2 steps on the ladder
    revs["strategy"] = "yearly"  # quarterly recommended: 2 steps slower
    report = analyze(environment(), revs)
    assert {c.steps for c in report.flagged("never", "too_rarely")} == {2}
    assert report.priority.part == "strategy"
    assert "Start with Strategy" in report.summary


def test_all_in_rhythm_says_so_and_churn_only_says_slow_down():
    score = dynamism_score(environment())
    calm = analyze(environment(), in_rhythm_reviews(score))
    assert calm.flagged("never", "too_rarely", "too_often") == []
    assert calm.summary.endswith(f"All {len(PARTS)} parts are reviewed in rhythm with it.")
    busy = analyze(environment(pace=1, unpredictability=1, complexity=1, scarcity=1,
                               internal_change=1), {p: "monthly" for p in PART_KEYS})
    assert busy.priority is None
    assert "slow down, not to add meetings" in busy.summary
    assert any("repetitive-change syndrome" in n for n in busy.notes)


def test_notes_for_a_score_near_an_edge_internal_change_and_rewards_and_culture():
    near = analyze(environment(pace=4, unpredictability=3, complexity=3, scarcity=3,
                               internal_change=4), reviews())
    assert near.band.key == "shifting" and 3.25 <= near.score < 3.5
    assert near.near.key == "turbulent"
    assert any("close to the turbulent band just above it" in n for n in near.notes)
    assert any("With this much internal change" in n for n in near.notes)
    missing = analyze(environment(), reviews(rewards="never", culture="two_yearly"))
    note = next(n for n in missing.notes if n.startswith("You review"))
    assert "rewards and culture" in note and "five components leave both out" in note
    one = analyze(environment(), reviews(rewards="never"))
    assert any("You review rewards too rarely. The five components leave it out" in n
               for n in one.notes)
    calm = analyze(environment(), reviews())
    assert calm.score == 3 and calm.near is None
    assert not any("internal change" in n for n in calm.notes)


def test_the_worked_example_matches_the_lesson():
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    assert report.score == pytest.approx(weighted_mean(EXAMPLE_ENVIRONMENT))
    assert report.band.key == "turbulent" and report.near is None
    expected = {
        "strategy": ("too_rarely", 3),
        "structure": ("too_often", -2),
        "people": ("too_rarely", 2),
        "processes": ("never", 5),
        "technology": ("in_rhythm", -1),
        "rewards": ("never", 3),
        "culture": ("too_rarely", 1),
    }
    assert {c.part: (c.status, c.steps) for c in report.checks} == expected
    assert report.priority.part == "processes"


# -- text alternatives and tables ------------------------------------------------------------


def test_description_names_every_part_and_its_status():
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    text = dynamism.describe_rhythm(report)
    assert text.startswith("Environment turbulent, dynamism 4.0 of 5.")
    for check in report.checks:
        assert (f"{check.label}: recommended {check.recommended.every}, now "
                f"{check.actual.every}, {check.status_label.lower()}") in text


def test_chart_rows_and_status_notes():
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    rows = dynamism.chart_rows(report)
    assert [r["part"] for r in rows] == [p.label for p in PARTS]
    for row, check in zip(rows, report.checks):
        assert row["low"] <= row["high"]
        assert {row["low"], row["high"]} == {check.recommended.step, check.actual.step}
        assert row["flagged"] == (check.status != "in_rhythm")
    notes = {r["part"]: r["note"] for r in rows}
    assert notes["Strategy"] == "Too rarely (3 steps slower)"
    assert notes["Culture and shared values"] == "Too rarely (1 step slower)"
    assert notes["Structure"] == "Too often: churn risk (2 steps faster)"
    assert notes["Processes"] == "Never reviewed on purpose"
    assert notes["Technology"] == "In rhythm"


def test_tables_for_the_lesson():
    env_table = dynamism.environment_table()
    assert list(env_table.index) == [item.label for item in ITEMS]
    cadence = dynamism.cadence_table()
    assert list(cadence.index) == [p.label for p in PARTS]
    assert list(cadence.columns) == ["One of the five?", *[b.label for b in BANDS],
                                     "A review asks"]
    assert list(cadence["One of the five?"]).count("no") == 2
    assert cadence.loc["Strategy", "Turbulent"] == FREQUENCIES_BY_KEY[CADENCE["strategy"][-1]].cadence
    report = dynamism.report_table(analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS))
    assert list(report.columns) == ["Recommended", "Now", "Status", "Advice"]
    assert list(report.index) == [p.label for p in PARTS]


# -- the chart ---------------------------------------------------------------------------------


def spec(chart):
    return json.loads(chart.to_json())


def test_rhythm_chart_has_a_text_alternative_and_colour_blind_safe_marks():
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    chart = charts.rhythm_chart(report, "Example")
    data = spec(chart)
    assert data["description"].startswith("Example. Dot chart")
    assert dynamism.describe_rhythm(report) in data["description"]
    symbol_layers = [layer for layer in data["layer"] if "shape" in layer.get("encoding", {})]
    assert len(symbol_layers) == 2
    shape_scale = symbol_layers[0]["encoding"]["shape"]["scale"]
    assert shape_scale["domain"] == ["Recommended", "Now"]
    assert shape_scale["range"] == ["diamond", "circle"]
    colours = symbol_layers[0]["encoding"]["color"]["scale"]["range"]
    assert set(colours) <= set(charts.OKABE_ITO.values())
    rows = sum(len(rows) for rows in data["datasets"].values())
    assert rows < 5000


def test_rhythm_chart_renders_statuses_and_axis_labels_to_svg():
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    svg = vl_convert.vegalite_to_svg(charts.rhythm_chart(report).to_json())
    for text in ("Too often: churn risk (2 steps faster)", "Never reviewed on purpose",
                 "Monthly", "Every 2 years", "Never", "Culture and shared values"):
        assert html.escape(text, quote=False) in svg
    assert svg.count("<path") >= 2 * len(PARTS)


# -- the widget, driven in plain pytest -------------------------------------------------------


def fill(widget, env, revs):
    for key, value in env.items():
        widget.environment_inputs[key].value = value
    for key, value in revs.items():
        widget.review_inputs[key].value = value


def test_every_input_is_a_labelled_dropdown_with_no_preselection():
    widget = AlignmentRhythmCheck()
    assert "aligned-activity" in widget._dom_classes
    assert list(widget.environment_inputs) == list(ITEM_KEYS)
    assert list(widget.review_inputs) == list(PART_KEYS)
    for item in ITEMS:
        box = widget.environment_inputs[item.key]
        assert box.description == environment_label(item.key) == item.label
        assert box.value == NOT_RATED
        labels = [label for label, _ in box.options][1:]
        assert labels == [f"{n} · {item.anchors[n]}" for n in range(SCALE_MIN, SCALE_MAX + 1)]
    for part in PARTS:
        box = widget.review_inputs[part.key]
        assert box.description == review_label(part.key) == f"{part.label} reviewed"
        assert box.value == NOT_CHOSEN
        assert [value for _, value in box.options][1:] == [f.key for f in FREQUENCIES]
    total = len(ITEMS) + len(PARTS)
    assert f"0 of {total} questions answered" in widget.progress.value


def test_progress_counts_answers_live():
    widget = AlignmentRhythmCheck()
    widget.environment_inputs["pace"].value = 4
    widget.review_inputs["culture"].value = "never"
    assert f"2 of {len(ITEMS) + len(PARTS)} questions answered" in widget.progress.value


def test_check_with_nothing_answered_is_a_friendly_alert():
    widget = AlignmentRhythmCheck()
    widget.check_button.click()
    assert 'role="alert"' in widget.messages.value
    assert "Nothing to check yet" in widget.messages.value
    assert html.escape(CHECK) in widget.messages.value
    assert widget.report is None and widget.result.children == ()


def test_check_with_open_questions_names_them():
    widget = AlignmentRhythmCheck()
    fill(widget, {k: v for k, v in environment().items() if k != "scarcity"},
         {k: v for k, v in reviews().items() if k != "rewards"})
    widget.check_button.click()
    assert widget.problems == [
        "Scarcity of resources: not rated yet. Choose a rating from 1 to 5.",
        "Rewards and measures: choose how often it is reviewed.",
    ]
    assert "Almost there" in widget.messages.value
    assert widget.report is None and widget.feedback == ""


def test_a_complete_check_shows_band_chart_table_and_advice():
    widget = AlignmentRhythmCheck()
    fill(widget, EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    widget.check_button.click()
    expected = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    assert widget.problems == []
    assert widget.report == expected
    assert widget.feedback == expected.summary
    flagged = len(expected.flagged("never", "too_rarely", "too_often"))
    assert 'role="status"' in widget.messages.value
    assert f"{flagged} of {len(PARTS)} parts out of rhythm" in widget.messages.value
    for note in expected.notes:
        assert html.escape(note) in widget.messages.value
    headline, chart, details = widget.result.children
    assert isinstance(chart, alt.JupyterChart)
    assert dynamism.describe_rhythm(expected) in chart.spec["description"]
    assert f"Your environment: {expected.band.label}" in headline.value
    assert html.escape(expected.summary) in headline.value
    text = details.value
    for check in expected.checks:
        assert html.escape(check.advice) in text
    assert "Text description of the chart" in text
    assert "How the rule works" in text
    assert html.escape(dynamism.RULE_TEXT) in text
    assert text.count("class='aligned-flag'") == flagged


def test_redrawing_reuses_the_chart_widget_and_clear_resets():
    widget = AlignmentRhythmCheck()
    fill(widget, environment(), reviews())
    widget.check_button.click()
    first = widget.chart_widget
    assert widget.report.band.key == "shifting"
    fill(widget, environment(pace=5, unpredictability=5), reviews())
    widget.check_button.click()
    assert widget.chart_widget is first and widget.report.band.key == "turbulent"
    widget.clear_button.click()
    assert all(v is None for part in widget.answers().values() for v in part.values())
    assert widget.report is None and widget.result.children == ()
    assert "cleared" in widget.messages.value


def test_set_answers_round_trips_and_refuses_values_the_lists_do_not_offer():
    widget = AlignmentRhythmCheck()
    widget.set_answers(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    assert widget.answers() == {"environment": EXAMPLE_ENVIRONMENT, "reviews": EXAMPLE_REVIEWS}
    with pytest.raises(ValueError, match="Pace of change: 3.5 is not a whole number"):
        widget.set_answers({"pace": 3.5})
    with pytest.raises(ValueError, match="Strategy reviewed: 'weekly' is not one of the choices"):
        widget.set_answers({}, {"strategy": "weekly"})


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    widget = AlignmentRhythmCheck()
    fill(widget, environment(), reviews())

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("widgets.dynamism.charts.rhythm_chart", broken)
    widget.check_button.click()
    assert "Something went wrong" in widget.messages.value
    assert "renderer exploded" not in widget.messages.value
    assert widget.answers() == {"environment": environment(), "reviews": reviews()}


# -- the lesson --------------------------------------------------------------------------------


def lesson():
    return json.loads(LESSON.read_text())


def markdown(notebook):
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def test_the_lesson_is_the_last_of_the_advanced_day():
    notebook = lesson()
    assert lesson_problems(notebook) == []
    parsed = parse_lesson(notebook, "advanced/dynamic-alignment.ipynb")
    assert parsed.level == "advanced" and parsed.order == 60
    assert 25 <= parsed.teaching_minutes <= 40 and 20 <= parsed.exercise_minutes <= 30


def test_the_lesson_ends_on_the_reflection_about_fragility_then_key_points_then_the_check():
    notebook = lesson()
    visible = [c for c in notebook["cells"]
               if "instructor" not in c.get("metadata", {}).get("tags", [])]
    # every lesson closes with its self-study knowledge check (a heading and one code cell)
    assert "".join(visible[-2]["source"]).startswith("## Check your understanding")
    assert "KnowledgeCheck(" in "".join(visible[-1]["source"])
    visible = visible[:-2]
    last, before = ("".join(c["source"]) for c in (visible[-1], visible[-2]))
    assert last.startswith("## Key points")
    assert before.startswith("## Reflection")
    assert "fragile" in before and "whole advanced day" in before
    instructor = [c for c in notebook["cells"]
                  if "instructor" in c.get("metadata", {}).get("tags", [])]
    assert len(instructor) >= 3
    assert all("".join(c["source"]).startswith("### Instructor notes:") for c in instructor)


def test_the_lesson_activity_cell_holds_only_the_widget():
    code = ["".join(c["source"]).strip() for c in lesson()["cells"] if c["cell_type"] == "code"]
    assert "AlignmentRhythmCheck()" in code


def test_the_lessons_static_chart_description_matches_the_example():
    text = "\n".join(markdown(lesson()))
    report = analyze(EXAMPLE_ENVIRONMENT, EXAMPLE_REVIEWS)
    assert dynamism.describe_rhythm(report) in text
    assert report.summary in "\n".join(
        "".join(c["source"]) for c in lesson()["cells"]
        if "instructor" in c.get("metadata", {}).get("tags", [])
    )
    # the arithmetic the lesson shows is the rule's
    shown = re.search(r"= (\d+) / 7 = \*\*([\d.]+)\*\*", text)
    assert float(shown.group(2)) == pytest.approx(report.score)
    assert int(shown.group(1)) == pytest.approx(report.score * 7)
