"""The five-component assessment: core validation and analysis, its chart, and its widget.

Core tests need no kernel; widget tests drive the ipywidget in plain pytest (set values,
click buttons, read state and messages).
"""

import json
import math

import altair as alt
import numpy as np
import pytest
import vl_convert
from hypothesis import given
from hypothesis import strategies as st

from widgets import charts
from widgets.components import (
    NO_LINK,
    NOT_RATED,
    ComponentAssessment,
    dependency_label,
    rating_label,
)
from widgets.core import components
from widgets.core.components import (
    COMPONENTS,
    FIRST_STEP_THEMES,
    LABELS,
    MAX_DEPENDENCIES,
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    TYPICAL_DEPENDENCIES,
    InvalidResponse,
)
from widgets.data import load


def rated(**scores):
    """Ratings with every component at (3, 4) unless given as (current, target)."""
    base = {c: {"current": 3, "target": 4} for c in COMPONENTS}
    for component, (current, target) in scores.items():
        base[component] = {"current": current, "target": target}
    return base


score = st.integers(SCALE_MIN, SCALE_MAX)
ratings_strategy = st.fixed_dictionaries(
    {c: st.fixed_dictionaries({"current": score, "target": score}) for c in COMPONENTS}
)
dependencies_strategy = st.fixed_dictionaries(
    {
        c: st.lists(
            st.sampled_from([o for o in COMPONENTS if o != c]),
            unique=True,
            max_size=MAX_DEPENDENCIES,
        )
        for c in COMPONENTS
    }
)


# -- the model's content -------------------------------------------------------------


def test_five_components_each_with_a_full_guide():
    assert COMPONENTS == ("strategy", "structure", "people", "processes", "technology")
    for component in COMPONENTS:
        guide = components.COMPONENT_GUIDE[component]
        assert guide.key == component
        for text in (guide.label, guide.ship_part, guide.question, guide.low, guide.high):
            assert text.strip()
        assert guide.low != guide.high


def test_scale_has_a_labelled_anchor_for_every_point():
    assert sorted(SCALE) == list(range(SCALE_MIN, SCALE_MAX + 1))
    assert len(set(SCALE.values())) == len(SCALE)
    assert "unclear" in SCALE[SCALE_MIN].lower()
    assert "reviewed regularly" in SCALE[SCALE_MAX].lower()


def test_first_steps_are_two_or_three_per_component_and_use_the_lesson_themes():
    used = set()
    for component in COMPONENTS:
        steps = components.first_steps(component)
        assert 2 <= len(steps) <= 3
        for step in steps:
            assert step["theme"] in FIRST_STEP_THEMES
            assert len(step["step"]) > 40
            used.add(step["theme"])
    assert used == set(FIRST_STEP_THEMES)


def test_first_steps_for_an_unknown_component_is_refused():
    with pytest.raises(InvalidResponse, match="'culture' is not one of the five"):
        components.first_steps("culture")


def test_typical_dependencies_are_valid():
    assert components.validate_dependencies(TYPICAL_DEPENDENCIES) == []


# -- validation ------------------------------------------------------------------------


def test_complete_ratings_are_valid():
    assert components.validate(rated()) == []


def test_fractional_and_numpy_scores_are_accepted():
    ratings = rated(strategy=(2.5, 4.25), people=(np.int64(2), np.float64(3.0)))
    assert components.validate(ratings) == []
    normal = components.normalize(ratings)
    assert normal["strategy"] == {"current": 2.5, "target": 4.25}
    assert normal["people"] == {"current": 2, "target": 3}
    assert type(normal["people"]["current"]) is int
    json.dumps(normal)


@pytest.mark.parametrize("ratings", [None, [], "3,4", 42])
def test_not_a_mapping_gives_one_clear_problem(ratings):
    problems = components.validate(ratings)
    assert len(problems) == 1
    assert "five components" in problems[0]


def test_empty_ratings_name_every_component():
    problems = components.validate({})
    assert problems == [
        f"{LABELS[c]}: not rated yet. Choose a score for now and a target." for c in COMPONENTS
    ]


def test_a_missing_component_and_a_missing_target_are_named():
    ratings = rated()
    del ratings["people"]
    ratings["technology"]["target"] = None
    problems = components.validate(ratings)
    assert len(problems) == 2
    assert problems[0].startswith("People: not rated yet")
    assert problems[1].startswith("Technology (target): no score yet")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("high", "'high' is not a number"),
        ("3", "'3' is not a number"),
        (True, "True is not a number"),
        (float("nan"), "nan is not a number"),
        (math.inf, "inf is not a number"),
        (0, "0 is outside the scale"),
        (6, "6 is outside the scale"),
        (-2.5, "-2.5 is outside the scale"),
        (5.01, "5.01 is outside the scale"),
    ],
)
def test_bad_scores_are_refused_with_the_component_and_phase(value, expected):
    problems = components.validate(rated(structure=(value, 4)))
    assert len(problems) == 1
    assert problems[0].startswith("Structure (now): " + expected)
    assert f"from {SCALE_MIN} to {SCALE_MAX}" in problems[0]


def test_unknown_components_and_fields_are_refused():
    ratings = rated()
    ratings["culture"] = {"current": 2, "target": 4}
    ratings["strategy"]["comment"] = "fine"
    ratings["people"] = 3
    problems = components.validate(ratings)
    assert any("'culture' is not one of the five components" in p for p in problems)
    assert any(p.startswith("Strategy: unknown field 'comment'") for p in problems)
    assert any(p.startswith("People: expected a current and a target score") for p in problems)


def test_target_below_current_is_allowed_but_noted():
    ratings = rated(technology=(4, 2))
    assert components.validate(ratings) == []
    notes = components.notes(ratings)
    assert len(notes) == 1
    assert notes[0].startswith("Technology: the target (2) is below the current score (4)")
    row = next(r for r in components.gaps(ratings) if r["component"] == "technology")
    assert (row["gap"], row["to_close"], row["status"]) == (-2, 0, "target below now")


def test_analysis_refuses_invalid_ratings_with_every_problem():
    with pytest.raises(InvalidResponse) as caught:
        components.analyze(rated(strategy=(9, "x")))
    assert len(caught.value.problems) == 2
    assert "Strategy (now): 9 is outside the scale" in str(caught.value)


@pytest.mark.parametrize(
    "dependencies, expected",
    [
        ({"technology": ["technology"]}, "Technology cannot depend on itself"),
        ({"technology": ["culture"]}, "Technology: 'culture' is not one of the five"),
        ({"rewards": ["people"]}, "'rewards' is not one of the five components"),
        ({"people": ["strategy", "strategy"]}, "People: Strategy is chosen twice"),
        ({"people": "strategy"}, "People: list the components it depends on"),
        (
            {"people": ["strategy", "structure", "processes"]},
            f"People: choose at most {MAX_DEPENDENCIES}",
        ),
        (["people", "strategy"], "must map each component"),
    ],
)
def test_bad_dependencies_are_refused(dependencies, expected):
    problems = components.validate_dependencies(dependencies)
    assert problems and any(expected in p for p in problems), problems


@pytest.mark.parametrize("dependencies", [None, {}, {"people": []}, {"people": None}])
def test_no_dependencies_is_valid(dependencies):
    assert components.validate_dependencies(dependencies) == []
    assert components.normalize_dependencies(dependencies) == {c: [] for c in COMPONENTS}


def test_validate_response_checks_both_parts_and_unknown_keys():
    assert components.validate_response({"ratings": rated()}) == []
    problems = components.validate_response(
        {"ratings": {}, "dependencies": {"people": ["people"]}, "name": "Ann"}
    )
    assert problems[0].startswith("Unknown part 'name'")
    assert sum("not rated yet" in p for p in problems) == len(COMPONENTS)
    assert problems[-1].startswith("People cannot depend on itself")
    assert components.validate_response(None) != []


# -- gaps and the weakest link ---------------------------------------------------------


@given(ratings_strategy)
def test_gaps_are_target_minus_current_in_the_lesson_order(ratings):
    rows = components.gaps(ratings)
    assert [r["component"] for r in rows] == list(COMPONENTS)
    for row in rows:
        entry = ratings[row["component"]]
        assert row["gap"] == entry["target"] - entry["current"]
        assert row["to_close"] == max(0, entry["target"] - entry["current"])


@given(ratings_strategy, dependencies_strategy)
def test_weakest_link_always_has_the_lowest_current_score(ratings, dependencies):
    weakest = components.weakest_link(ratings, dependencies)
    lowest = min(entry["current"] for entry in ratings.values())
    assert weakest["current"] == lowest
    assert weakest["tied"] == [c for c in COMPONENTS if ratings[c]["current"] == lowest]
    assert weakest["component"] in weakest["tied"]
    # Among the tied, nobody has a larger gap to close than the one chosen.
    chosen_gap = max(0, ratings[weakest["component"]]["target"] - lowest)
    assert all(max(0, ratings[c]["target"] - lowest) <= chosen_gap for c in weakest["tied"])
    json.dumps(weakest)


def test_a_single_lowest_score_decides():
    weakest = components.weakest_link(rated(people=(1, 2), processes=(2, 5)))
    assert weakest["component"] == "people"
    assert weakest["decided_by"] == "lowest current"
    assert weakest["tied"] == ["people"]
    assert "People has the lowest current score (1 of 5)" in weakest["reason"]


def test_a_tie_goes_to_the_larger_gap():
    weakest = components.weakest_link(rated(structure=(2, 3), technology=(2, 5)))
    assert weakest["tied"] == ["structure", "technology"]
    assert weakest["component"] == "technology"
    assert weakest["decided_by"] == "larger gap"
    assert "(+3, against +1)" in weakest["reason"]
    assert "Treat Structure as a close second" in weakest["reason"]


def test_equal_gaps_go_to_the_component_more_others_depend_on():
    ratings = rated(structure=(2, 4), technology=(2, 4))
    dependencies = {"people": ["technology"], "processes": ["technology"], "strategy": ["structure"]}
    weakest = components.weakest_link(ratings, dependencies)
    assert weakest["component"] == "technology"
    assert weakest["decided_by"] == "more dependents"
    assert "more components depend on it (2, against 1)" in weakest["reason"]


def test_a_full_tie_goes_to_the_upstream_component():
    weakest = components.weakest_link({c: {"current": 3, "target": 3} for c in COMPONENTS})
    assert weakest["component"] == COMPONENTS[0]
    assert weakest["decided_by"] == "order"
    assert weakest["reason"].startswith("All five components share the same current score (3)")


def test_a_target_below_current_does_not_hide_a_weak_component():
    # People is weakest now even though its target is lower still: the rule looks at today.
    ratings = rated(people=(2, 1), processes=(3, 5))
    weakest = components.weakest_link(ratings)
    assert weakest["component"] == "people"
    assert weakest["to_close"] == 0


def test_largest_gap_ignores_targets_below_current():
    assert components.largest_gap({c: {"current": 4, "target": 2} for c in COMPONENTS}) is None
    biggest = components.largest_gap(rated(people=(1, 2), processes=(2, 5)))
    assert biggest["component"] == "processes" and biggest["to_close"] == 3


# -- dependencies and knock-on effects -------------------------------------------------


def test_dependents_is_the_reverse_map():
    reverse = components.dependents(TYPICAL_DEPENDENCIES)
    for component, needs in TYPICAL_DEPENDENCIES.items():
        for need in needs:
            assert component in reverse[need]
    assert sum(map(len, reverse.values())) == sum(map(len, TYPICAL_DEPENDENCIES.values()))


def test_knock_on_lists_direct_then_indirect_dependents_with_paths():
    dependencies = {"technology": ["processes"], "people": ["technology"], "strategy": []}
    effects = components.knock_on(dependencies, "processes")
    assert [(e["component"], e["distance"], e["path"]) for e in effects] == [
        ("technology", 1, ["processes", "technology"]),
        ("people", 2, ["processes", "technology", "people"]),
    ]


def test_knock_on_follows_a_cycle_once_and_never_returns_to_the_start():
    dependencies = {"people": ["strategy"], "strategy": ["people"]}
    effects = components.knock_on(dependencies, "strategy")
    assert [e["component"] for e in effects] == ["people"]


def test_knock_on_is_empty_when_nothing_depends_on_the_component():
    assert components.knock_on({"people": ["strategy"]}, "technology") == []
    assert components.knock_on(None, "strategy") == []


def test_knock_on_refuses_bad_input():
    with pytest.raises(InvalidResponse):
        components.knock_on({}, "rewards")
    with pytest.raises(InvalidResponse):
        components.knock_on({"people": ["people"]}, "people")


@given(dependencies_strategy, st.sampled_from(COMPONENTS))
def test_every_knock_on_path_follows_the_links(dependencies, component):
    for effect in components.knock_on(dependencies, component):
        path = effect["path"]
        assert path[0] == component and path[-1] == effect["component"]
        assert len(path) == effect["distance"] + 1
        for upstream, downstream in zip(path, path[1:]):
            assert upstream in dependencies[downstream]


# -- the report ------------------------------------------------------------------------


def test_analysis_is_plain_json_serializable_data():
    report = components.analyze(components.EXAMPLE_RATINGS, components.EXAMPLE_DEPENDENCIES)
    assert json.loads(json.dumps(report)) == report
    assert report["ratings"] == components.normalize(components.EXAMPLE_RATINGS)
    assert report["first_steps"] == components.first_steps(report["weakest_link"]["component"])


def test_summary_names_the_weakest_link_its_knock_on_and_a_first_step():
    ratings = rated(processes=(1, 4))
    dependencies = {"technology": ["processes"], "people": ["processes"]}
    text = components.summary(ratings, dependencies)
    assert text.startswith("Weakest link: Processes (now 1 of 5, target 4).")
    assert "People and Technology feel it first, because they depend on Processes" in text
    assert "It is also your largest gap (+3)." in text
    assert components.first_steps("processes")[0]["step"] in text


def test_without_dependencies_the_typical_links_are_used_and_said_so():
    report = components.analyze(rated(processes=(1, 4)))
    assert report["dependencies_given"] is False
    assert report["knock_on"] == []
    assert report["knock_on_shown"] == components.knock_on(TYPICAL_DEPENDENCIES, "processes")
    assert "You marked no dependencies, so here are the typical links." in report["summary"]


def test_links_that_skip_the_weakest_link_prompt_a_check():
    report = components.analyze(rated(processes=(1, 4)), {"strategy": ["people"]})
    assert report["knock_on"] == []
    assert "You marked no component as depending on Processes." in report["knock_on_text"]
    assert "Technology" in report["knock_on_text"]


def test_a_largest_gap_elsewhere_is_mentioned():
    report = components.analyze(rated(people=(2, 3), strategy=(3, 5)))
    assert report["weakest_link"]["component"] == "people"
    assert report["gap_text"].startswith("Your largest gap is elsewhere: Strategy (+2).")


def test_all_targets_met():
    report = components.analyze({c: {"current": 4, "target": 4} for c in COMPONENTS})
    assert report["largest_gap"] is None
    assert report["gap_text"] == "Every target is already met: the job is to keep it that way."


def test_describe_gaps_puts_every_score_into_words():
    ratings = rated(technology=(4, 2))
    text = components.describe_gaps(ratings, "people")
    for row in components.gaps(ratings):
        assert f"{row['label']}: now {row['current']}, target {row['target']}" in text
    assert "(target 2 below now)" in text
    assert text.endswith("Weakest link: People.")


def test_gap_table_for_the_notebook():
    table = components.gap_table(components.EXAMPLE_RATINGS)
    assert list(table.index) == [LABELS[c] for c in COMPONENTS]
    assert (table["gap"] == table["target"] - table["now"]).all()


def test_the_worked_example_has_a_tie_for_the_weakest_link():
    ratings = components.EXAMPLE_RATINGS
    lowest = min(r["current"] for r in ratings.values())
    tied = [c for c in COMPONENTS if ratings[c]["current"] == lowest]
    assert len(tied) == 2  # the lesson explains the tie-break with this example
    weakest = components.weakest_link(ratings, components.EXAMPLE_DEPENDENCIES)
    assert weakest["decided_by"] == "larger gap"
    assert components.validate_dependencies(components.EXAMPLE_DEPENDENCIES) == []


def test_technology_ahead_splits_the_case_firms_by_the_stated_rule():
    frame = load("digital_alignment")
    table = components.technology_ahead(frame)
    assert table["firms"].sum() == len(frame)
    lead = frame["technology"] - (frame["capability"] + frame["culture"]) / 2
    ahead = frame[lead >= 1.5]
    assert table.loc["technology ahead", "firms"] == len(ahead)
    assert table.loc["technology ahead", "revenue_growth_pct"] == pytest.approx(
        ahead["revenue_growth_pct"].mean(), abs=0.05
    )
    assert list(table.index) == ["technology ahead", "the rest"]


def test_technology_ahead_names_missing_columns():
    with pytest.raises(ValueError, match="'culture'"):
        components.technology_ahead(load("digital_alignment").drop(columns="culture"))


# -- the chart -------------------------------------------------------------------------


def chart_spec(ratings, weakest=None):
    return json.loads(charts.component_gap_chart(ratings, weakest, title="Team A").to_json())


def test_gap_chart_has_a_text_alternative():
    ratings = rated(processes=(1, 4))
    spec = chart_spec(ratings)
    assert spec["description"].startswith("Team A. Dumbbell chart of the current and target")
    assert components.describe_gaps(ratings, "processes") in spec["description"]


def test_gap_chart_uses_shape_and_okabe_ito_colour_for_now_and_target():
    spec = chart_spec(rated())
    dot_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    colour = dot_layer["encoding"]["color"]["scale"]
    shape = dot_layer["encoding"]["shape"]["scale"]
    assert colour["domain"] == shape["domain"] == ["Now", "Target"]
    assert set(colour["range"]) <= set(charts.OKABE_ITO.values())
    assert len(set(colour["range"])) == 2 and len(set(shape["range"])) == 2


def test_gap_chart_names_the_weakest_link_in_text():
    ratings = rated(people=(1, 3), technology=(4, 2))
    bars, dots = charts.component_gap_points(ratings)
    assert len(bars) == len(COMPONENTS) and len(dots) == 2 * len(COMPONENTS)
    spec = chart_spec(ratings)
    notes = [
        row
        for data in spec["datasets"].values()
        for row in data
        if "note" in row
    ]
    flagged = [row["component"] for row in notes if "weakest link" in row["note"]]
    assert flagged == ["People"]
    assert any(row["note"] == "target below now" for row in notes)


def test_gap_chart_renders_offline_to_svg():
    svg = vl_convert.vegalite_to_svg(charts.component_gap_chart(rated(people=(1, 3))).to_json())
    assert "weakest link" in svg
    for label in LABELS.values():
        assert label in svg


# -- the widget ------------------------------------------------------------------------


def fill(assessment, ratings, dependencies=None):
    for component, entry in ratings.items():
        for phase, value in entry.items():
            assessment.rating_inputs[component][phase].value = value
    for component, needs in (dependencies or {}).items():
        for slot, need in enumerate(needs):
            assessment.dependency_inputs[component][slot].value = need


def test_every_input_is_a_labelled_dropdown_with_the_scale_anchors():
    assessment = ComponentAssessment()
    assert set(assessment.rating_inputs) == set(COMPONENTS)
    for component, boxes in assessment.rating_inputs.items():
        for phase, box in boxes.items():
            assert box.description == rating_label(component, phase)
            assert box.description.startswith(LABELS[component])
            labels = [label for label, _ in box.options]
            for n in range(SCALE_MIN, SCALE_MAX + 1):
                assert any(label.startswith(str(n)) and SCALE[n] in label for label in labels)
            assert box.value == NOT_RATED
    links = [box for boxes in assessment.dependency_inputs.values() for box in boxes]
    assert len(links) <= 10
    for component, boxes in assessment.dependency_inputs.items():
        for slot, box in enumerate(boxes):
            assert box.description == dependency_label(component, slot)
            values = [value for _, value in box.options]
            assert component not in values and NO_LINK in values
    descriptions = [b.description for boxes in assessment.rating_inputs.values() for b in boxes.values()]
    descriptions += [b.description for b in links]
    assert len(set(descriptions)) == len(descriptions)  # labels are unique, so get_by_label works


def test_submitting_nothing_lists_every_component_and_draws_nothing():
    assessment = ComponentAssessment()
    assessment.show_button.click()
    assert len(assessment.problems) == len(COMPONENTS)
    assert 'role="alert"' in assessment.messages.value
    assert "not rated yet" in assessment.messages.value
    assert assessment.result.children == ()
    assert assessment.report is None


def test_one_missing_target_is_named():
    assessment = ComponentAssessment()
    ratings = rated()
    fill(assessment, ratings)
    assessment.rating_inputs["people"]["target"].value = NOT_RATED
    assessment.show_button.click()
    assert assessment.problems == [
        f"People (target): no score yet. Choose one from {SCALE_MIN} to {SCALE_MAX}."
    ]
    assert assessment.ratings()["people"] == {"current": 3, "target": None}


def test_the_same_link_twice_is_refused():
    assessment = ComponentAssessment()
    fill(assessment, rated(), {"technology": ["processes", "processes"]})
    assessment.show_button.click()
    assert assessment.problems == ["Technology: Processes is chosen twice; choose it once."]
    assert "chosen twice" in assessment.messages.value
    assert assessment.result.children == ()


def test_complete_assessment_shows_chart_weakest_link_knock_on_and_first_steps():
    assessment = ComponentAssessment()
    ratings = rated(processes=(1, 4), people=(2, 4))
    dependencies = {"technology": ["processes", "people"], "people": ["processes"]}
    fill(assessment, ratings, dependencies)
    assessment.show_button.click()
    assert assessment.problems == []
    expected = components.analyze(ratings, dependencies)
    assert assessment.report == expected
    assert assessment.feedback == expected["summary"]
    chart, summary = assessment.result.children
    assert isinstance(chart, alt.JupyterChart)
    assert chart.spec["description"].startswith("Your five components. Dumbbell chart")
    assert 'role="status"' in assessment.messages.value
    assert "Weakest link: Processes" in assessment.messages.value
    page = summary.value
    assert "<h4>Weakest link: Processes</h4>" in page
    assert "<strong>People</strong>: Processes → People" in page
    assert "<strong>Technology</strong>: Processes → Technology" in page
    for step in components.first_steps("processes"):
        assert step["step"] in page
    assert "Text description of the chart" in page
    assert "Why this rule?" in page


def test_a_target_below_current_is_drawn_and_noted():
    assessment = ComponentAssessment()
    fill(assessment, rated(technology=(5, 3)))
    assessment.show_button.click()
    assert assessment.problems == []
    assert len(assessment.notes) == 1
    assert "Technology: the target (3) is below the current score (5)" in assessment.messages.value
    assert assessment.chart_widget is not None


def test_typical_links_button_fills_the_dependencies():
    assessment = ComponentAssessment()
    assessment.typical_button.click()
    assert assessment.dependencies() == {
        c: list(TYPICAL_DEPENDENCIES[c]) for c in COMPONENTS
    }


def test_response_is_plain_data_and_round_trips():
    assessment = ComponentAssessment()
    assessment.set_ratings(components.EXAMPLE_RATINGS)
    assessment.set_dependencies(components.EXAMPLE_DEPENDENCIES)
    response = json.loads(json.dumps(assessment.response()))
    assert response["ratings"] == components.EXAMPLE_RATINGS
    assert components.validate_response(response) == []
    other = ComponentAssessment()
    other.set_ratings(response["ratings"])
    other.set_dependencies(response["dependencies"])
    assert other.response() == response


def test_redrawing_reuses_the_chart_widget():
    assessment = ComponentAssessment()
    fill(assessment, rated(people=(1, 3)))
    assessment.show_button.click()
    first = assessment.chart_widget
    assessment.rating_inputs["people"]["current"].value = 4
    assessment.rating_inputs["strategy"]["current"].value = 1
    assessment.show_button.click()
    assert assessment.chart_widget is first
    assert assessment.report["weakest_link"]["component"] == "strategy"
    assert "Weakest link: Strategy." in first.spec["description"]


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    assessment = ComponentAssessment()
    fill(assessment, rated())

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("widgets.components.charts.component_gap_chart", broken)
    assessment.show_button.click()
    assert "Something went wrong" in assessment.messages.value
    assert "renderer exploded" not in assessment.messages.value
    assert assessment.ratings() == rated()


def test_a_later_incomplete_submission_clears_the_old_map():
    assessment = ComponentAssessment()
    fill(assessment, rated(technology=(5, 3)))
    assessment.show_button.click()
    assert assessment.report is not None and assessment.notes
    assessment.rating_inputs["strategy"]["current"].value = NOT_RATED
    assessment.show_button.click()
    assert assessment.problems == [
        f"Strategy (now): no score yet. Choose one from {SCALE_MIN} to {SCALE_MAX}."
    ]
    assert assessment.report is None and assessment.notes == [] and assessment.feedback == ""
    assert assessment.result.children == ()


@pytest.mark.parametrize("value", [3.5, 0, 6, "4", True])
def test_set_ratings_refuses_scores_the_dropdowns_cannot_show(value):
    assessment = ComponentAssessment()
    with pytest.raises(ValueError, match="Strategy now"):
        assessment.set_ratings(rated(strategy=(value, 4)))
