"""The archetype assessment widget, driven in plain pytest: no kernel, no browser."""

import altair as alt
import pytest

from widgets.core.culture import CULTURE_TYPES, DIMENSIONS
from widgets.culture import ArchetypeQuiz

NOW = (40, 20, 15, 25)
PREFERRED = (25, 35, 20, 20)


def fill(quiz, phase, points):
    for boxes in quiz.inputs[phase].values():
        for culture_type, value in zip(CULTURE_TYPES, points):
            boxes[culture_type].value = value


def text_of(html_widget):
    return html_widget.value


def test_every_input_is_labelled_with_its_statement():
    quiz = ArchetypeQuiz()
    for phase in ("Now", "Preferred"):
        assert set(quiz.inputs[phase]) == set(DIMENSIONS)
        for boxes in quiz.inputs[phase].values():
            labels = [box.description for box in boxes.values()]
            assert [label[:2] for label in labels] == ["A.", "B.", "C.", "D."]
            assert all(len(label) > 20 for label in labels)
            assert all(box.tooltip.startswith(phase) for box in boxes.values())


def test_points_left_updates_live():
    quiz = ArchetypeQuiz()
    glue = quiz.inputs["Now"]["organization_glue"]
    left = quiz.points_left["Now"]["organization_glue"]
    assert "100 points left" in text_of(left)
    glue["clan"].value = 60
    glue["market"].value = 30
    assert "10 points left" in text_of(left)
    glue["hierarchy"].value = 25
    assert "15 points over" in text_of(left)
    glue["hierarchy"].value = 10
    assert "✓ 100 points given" in text_of(left)


def test_sum_of_90_shows_the_problem_and_no_chart():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    quiz.inputs["Now"]["strategic_emphases"]["market"].value = 5  # sums to 90
    quiz.show_button.click()
    assert quiz.problems == [
        "Now — Strategic emphases: 10 points left to give "
        "(the four statements add up to 90, not 100)."
    ]
    assert "Strategic emphases: 10 points left" in quiz.messages.value
    assert 'role="alert"' in quiz.messages.value
    assert quiz.result.children == ()
    assert quiz.now_profile is None


def test_negative_points_are_refused_with_a_message():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", (50, 40, 20, -10))
    quiz.show_button.click()
    assert any("points cannot be negative" in p for p in quiz.problems)
    assert quiz.now_profile is None


def test_now_only_draws_now_and_asks_for_preferred():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    quiz.show_button.click()
    assert quiz.problems == []
    assert quiz.now_profile == dict(zip(CULTURE_TYPES, map(float, NOW)))
    assert quiz.preferred_profile is None
    assert "only Now is drawn" in quiz.messages.value
    spec = quiz.chart_widget.spec
    series = {row["series"] for data in spec["datasets"].values() for row in data if "series" in row}
    assert series == {"Now"}


def test_full_assessment_shows_chart_dominant_type_gaps_and_interpretation():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    fill(quiz, "Preferred", PREFERRED)
    quiz.show_button.click()
    assert quiz.problems == []
    assert quiz.preferred_profile == dict(zip(CULTURE_TYPES, map(float, PREFERRED)))
    chart, summary = quiz.result.children
    assert isinstance(chart, alt.JupyterChart)
    assert chart.spec["description"].startswith("Your culture profile. Kite chart")
    summary_html = summary.value
    assert "Dominant type now: <strong>Clan</strong>" in summary_html
    assert "Congruent: Clan leads in all six dimensions." in summary_html
    assert "Clan decrease by 15, Adhocracy increase by 15" in summary_html
    assert "Misalignment risk" in summary_html
    assert "Text description of the chart" in summary_html


def test_redrawing_reuses_the_chart_widget():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    quiz.show_button.click()
    first = quiz.chart_widget
    fill(quiz, "Preferred", PREFERRED)
    quiz.show_button.click()
    assert quiz.chart_widget is first
    series = {
        row["series"]
        for data in first.spec["datasets"].values()
        for row in data
        if "series" in row
    }
    assert series == {"Now", "Preferred"}


def test_partly_filled_preferred_is_validated():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    quiz.inputs["Preferred"]["organization_glue"]["clan"].value = 100
    quiz.show_button.click()
    assert len(quiz.problems) == 5
    assert all(p.startswith("Preferred — ") for p in quiz.problems)


def test_copy_now_into_preferred():
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)
    quiz.copy_button.click()
    assert quiz.allocation("Preferred") == quiz.allocation("Now")
    assert "✓" in quiz.points_left["Preferred"]["criteria_of_success"].value


def test_threshold_is_a_parameter():
    quiz = ArchetypeQuiz(threshold=20)
    fill(quiz, "Now", NOW)
    fill(quiz, "Preferred", PREFERRED)
    quiz.show_button.click()
    assert "at least 20 points): none." in quiz.result.children[1].value


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    quiz = ArchetypeQuiz()
    fill(quiz, "Now", NOW)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("widgets.culture.charts.kite_chart", broken)
    quiz.show_button.click()
    assert "Something went wrong" in quiz.messages.value
    assert "renderer exploded" not in quiz.messages.value
    assert quiz.allocation("Now")["organization_glue"]["clan"] == NOW[0]


@pytest.mark.parametrize("phase", ["Now", "Preferred"])
def test_set_allocation_round_trips(phase):
    quiz = ArchetypeQuiz()
    allocation = {d: dict(zip(CULTURE_TYPES, (10, 20, 30, 40))) for d in DIMENSIONS}
    quiz.set_allocation(phase, allocation)
    assert quiz.allocation(phase) == allocation
