"""The pitfall spotter, the bakery huddle analysis and the lesson templates: core and widget.

Core functions are tested as plain Python; the widget is driven in plain pytest by setting
values and clicking buttons (no kernel, no browser).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from widgets.core import pitfalls
from widgets.core.pitfalls import (
    PITFALL_GUIDE,
    PITFALLS,
    SCENARIOS,
    WORKED_SCENARIO,
    PitfallInputError,
    PitfallRound,
    check_answer,
    choice_problems,
    score,
)
from widgets.pitfalls import PitfallSpotter

ROOT = Path(__file__).resolve().parent.parent


def wrong_choice(scenario):
    return next(p for p in PITFALLS if p != scenario.pitfall)


# --- scenarios and the pitfall guide ----------------------------------------------------


def test_between_eight_and_ten_scenarios_and_each_pitfall_two_or_three_times():
    assert 8 <= len(SCENARIOS) <= 10
    counts = Counter(s.pitfall for s in SCENARIOS)
    assert set(counts) == set(PITFALLS)
    assert all(2 <= n <= 3 for n in counts.values()), counts


def test_scenarios_are_complete_unique_and_from_different_workplaces():
    keys = [s.key for s in SCENARIOS]
    assert len(set(keys)) == len(keys)
    assert len({s.setting for s in SCENARIOS}) == len(SCENARIOS)
    for s in SCENARIOS:
        assert s.pitfall in PITFALLS
        assert len(s.text) > 150 and len(s.explanation) > 80 and len(s.remedy) > 80
        # the explanation names the pitfall it explains
        assert PITFALL_GUIDE[s.pitfall].label.lower() in s.explanation.lower()
    assert WORKED_SCENARIO.key not in keys


def test_the_authored_order_never_repeats_a_pitfall_back_to_back():
    for first, second in zip(SCENARIOS, SCENARIOS[1:]):
        assert first.pitfall != second.pitfall


def test_guide_has_symptoms_causes_and_remedies_for_each_pitfall():
    assert list(PITFALL_GUIDE) == list(PITFALLS)
    for pitfall in PITFALL_GUIDE.values():
        assert len(pitfall.symptoms) >= 3
        assert len(pitfall.causes) >= 3
        assert len(pitfall.remedies) >= 3
        assert pitfall.telltale.endswith("?")
    assert [label for label, _ in pitfalls.pitfall_options()] == [
        "Micromanagement", "Lack of clarity", "Ignoring culture", "One-way communication"
    ]
    table = pitfalls.guide_table()
    assert list(table.index) == [PITFALL_GUIDE[k].label for k in PITFALLS]


# --- checking answers ---------------------------------------------------------------


def test_a_right_answer_is_confirmed_with_explanation_and_remedy():
    scenario = SCENARIOS[0]
    feedback = check_answer(scenario, scenario.pitfall)
    assert feedback.correct
    assert feedback.headline.startswith("Correct")
    assert feedback.explanation == scenario.explanation
    assert feedback.remedy == scenario.remedy
    assert feedback.hint == ""


def test_a_wrong_answer_names_both_pitfalls_and_how_to_tell_them_apart():
    scenario = SCENARIOS[1]
    choice = wrong_choice(scenario)
    feedback = check_answer(scenario, choice)
    assert not feedback.correct
    assert feedback.headline.startswith("Not quite")
    assert PITFALL_GUIDE[choice].label.lower() in feedback.headline
    assert PITFALL_GUIDE[scenario.pitfall].label.lower() in feedback.headline
    assert PITFALL_GUIDE[choice].telltale in feedback.hint
    assert PITFALL_GUIDE[scenario.pitfall].telltale in feedback.hint
    assert feedback.remedy == scenario.remedy


@pytest.mark.parametrize("bad", [None, "", "   "])
def test_no_choice_gives_a_friendly_message(bad):
    problems = choice_problems(bad)
    assert problems and "Choose one of the four pitfalls" in problems[0]
    with pytest.raises(PitfallInputError, match="Choose one of the four pitfalls"):
        check_answer(SCENARIOS[0], bad)


@pytest.mark.parametrize("bad", ["bossiness", "Micromanagement", 3, ["micromanagement"]])
def test_an_unknown_choice_is_refused_and_the_options_listed(bad):
    with pytest.raises(PitfallInputError) as error:
        check_answer(SCENARIOS[0], bad)
    assert "is not one of the four pitfalls" in str(error.value)
    assert "One-way communication" in str(error.value)


# --- scoring ------------------------------------------------------------------------


def test_all_right_scores_full_marks_per_pitfall():
    result = score(SCENARIOS, {s.key: s.pitfall for s in SCENARIOS})
    assert result.text == f"{len(SCENARIOS)} of {len(SCENARIOS)}"
    assert result.complete
    assert result.mix_ups == ()
    assert pitfalls.review_advice(result) == []
    for tally in result.by_pitfall:
        assert tally.correct == tally.total == sum(s.pitfall == tally.pitfall for s in SCENARIOS)


def test_score_counts_right_answers_per_pitfall_and_the_mix_ups():
    # Wrong on every micromanagement scenario (named as lack of clarity), right elsewhere.
    choices = {
        s.key: ("lack_of_clarity" if s.pitfall == "micromanagement" else s.pitfall)
        for s in SCENARIOS
    }
    n_micro = sum(s.pitfall == "micromanagement" for s in SCENARIOS)
    result = score(SCENARIOS, choices)
    assert result.correct == len(SCENARIOS) - n_micro
    tallies = {t.pitfall: t for t in result.by_pitfall}
    assert tallies["micromanagement"].correct == 0
    assert tallies["micromanagement"].text == f"0 of {n_micro}"
    assert tallies["lack_of_clarity"].correct == tallies["lack_of_clarity"].total
    assert len(result.mix_ups) == 1
    mix_up = result.mix_ups[0]
    assert (mix_up.answer, mix_up.chosen, mix_up.count) == (
        "micromanagement", "lack_of_clarity", n_micro,
    )
    assert pitfalls.mix_up_text(mix_up) == (
        f"Micromanagement named as lack of clarity: {n_micro} times."
    )
    advice = pitfalls.review_advice(result)
    assert len(advice) == 1 and advice[0].startswith(f"Micromanagement (0 of {n_micro})")


def test_unanswered_scenarios_count_as_not_correct():
    result = score(SCENARIOS, {SCENARIOS[0].key: SCENARIOS[0].pitfall})
    assert (result.correct, result.answered, result.total) == (1, 1, len(SCENARIOS))
    assert not result.complete


# --- a round: order, flow, retry ----------------------------------------------------


def test_a_round_goes_through_every_scenario_and_the_first_answer_counts():
    game = PitfallRound()
    assert game.current == SCENARIOS[0]
    with pytest.raises(PitfallInputError, match="before moving on"):
        game.advance()
    first = game.answer(wrong_choice(game.current))
    assert not first.correct
    with pytest.raises(PitfallInputError, match="first answer counts"):
        game.answer(SCENARIOS[0].pitfall)
    game.advance()
    while not game.finished:
        game.answer(game.current.pitfall)
        game.advance()
    assert game.current is None
    assert game.score().text == f"{len(SCENARIOS) - 1} of {len(SCENARIOS)}"
    with pytest.raises(PitfallInputError, match="Start again"):
        game.answer("micromanagement")
    with pytest.raises(PitfallInputError, match="Start again"):
        game.advance()


def test_restart_clears_answers_and_reorders_reproducibly_from_the_seed():
    def run(seed):
        game = PitfallRound()
        game.answer(game.current.pitfall)
        game.advance()
        game.restart(pitfalls.new_rng(seed))
        return game

    game = run(7)
    assert game.position == 0 and game.choices == {} and game.score().answered == 0
    assert sorted(s.key for s in game.scenarios) == sorted(s.key for s in SCENARIOS)
    assert [s.key for s in game.scenarios] == [s.key for s in run(7).scenarios]
    orders = {tuple(s.key for s in run(seed).scenarios) for seed in range(5)}
    assert len(orders) > 1  # different seeds give different orders


def test_restart_without_a_generator_keeps_the_order():
    game = PitfallRound()
    game.answer(game.current.pitfall)
    game.restart()
    assert game.scenarios == SCENARIOS and game.choices == {}


def test_shuffled_is_a_permutation():
    rng = np.random.Generator(np.random.PCG64(1))
    order = pitfalls.shuffled(SCENARIOS, rng)
    assert Counter(s.key for s in order) == Counter(s.key for s in SCENARIOS)


def test_an_empty_round_is_refused():
    with pytest.raises(ValueError):
        PitfallRound(scenarios=())


# --- the widget -----------------------------------------------------------------------


def answer(spotter, choice):
    spotter.choice.value = choice
    spotter.check_button.click()


def test_widget_shows_the_first_scenario_with_labelled_choices():
    spotter = PitfallSpotter()
    assert "aligned-activity" in spotter._dom_classes
    assert spotter.choice.description == "Which pitfall does this scenario show?"
    assert [label for label, _ in spotter.choice.options] == [
        PITFALL_GUIDE[k].label for k in PITFALLS
    ]
    assert spotter.choice.value is None
    assert f"Scenario 1 of {len(SCENARIOS)}" in spotter.scenario_html.value
    assert SCENARIOS[0].title in spotter.scenario_html.value
    assert spotter.next_button.disabled and not spotter.check_button.disabled


def test_widget_check_without_a_choice_shows_a_friendly_message():
    spotter = PitfallSpotter()
    spotter.check_button.click()
    assert spotter.problems and "Choose one of the four pitfalls" in spotter.problems[0]
    assert 'role="alert"' in spotter.messages.value
    assert spotter.feedback is None
    assert spotter.round.choices == {}
    spotter.next_button.click()  # even if a script clicks a disabled button
    assert "before moving on" in spotter.messages.value
    assert spotter.round.position == 0


def test_widget_right_then_wrong_answers_give_feedback_and_lock():
    spotter = PitfallSpotter()
    first = spotter.round.current
    answer(spotter, first.pitfall)
    assert spotter.feedback.correct
    assert "✓ Correct" in spotter.messages.value
    assert "Remedy:" in spotter.messages.value
    assert spotter.choice.disabled and spotter.check_button.disabled
    assert not spotter.next_button.disabled
    spotter.next_button.click()
    assert "Scenario 2 of" in spotter.scenario_html.value
    assert spotter.choice.value is None and not spotter.choice.disabled
    second = spotter.round.current
    answer(spotter, wrong_choice(second))
    assert not spotter.feedback.correct
    assert "✗ Not quite" in spotter.messages.value
    assert "aligned-message-miss" in spotter.messages.value
    assert 'role="status"' in spotter.messages.value


def test_widget_reaches_the_score_with_a_breakdown_and_can_retry():
    spotter = PitfallSpotter(seed=3)
    wrong_key = spotter.round.current.key
    while not spotter.round.finished:
        scenario = spotter.round.current
        if spotter.round.is_last:
            assert spotter.next_button.description == "See my score"
        answer(spotter, wrong_choice(scenario) if scenario.key == wrong_key else scenario.pitfall)
        spotter.next_button.click()
    total = len(SCENARIOS)
    assert spotter.score.text == f"{total - 1} of {total}"
    assert f"Your score: {total - 1} of {total}" in spotter.result.value
    for label in (PITFALL_GUIDE[k].label for k in PITFALLS):
        assert label in spotter.result.value
    assert "Worth another look" in spotter.result.value
    assert spotter.choice.layout.display == "none"
    assert spotter.check_button.layout.display == "none"
    before = [s.key for s in spotter.round.scenarios]
    spotter.restart_button.click()
    assert spotter.score is None and spotter.result.value == ""
    assert spotter.round.choices == {} and spotter.round.position == 0
    assert "Scenario 1 of" in spotter.scenario_html.value
    assert spotter.choice.layout.display is None and not spotter.choice.disabled
    assert sorted(s.key for s in spotter.round.scenarios) == sorted(before)
    assert spotter.rounds_started == 2


def test_widget_shows_a_message_not_a_traceback_when_something_breaks(monkeypatch):
    spotter = PitfallSpotter()

    def broken(_choice):
        raise RuntimeError("boom")

    monkeypatch.setattr(spotter.round, "answer", broken)
    answer(spotter, "micromanagement")
    assert "Something went wrong" in spotter.messages.value
    assert "boom" not in spotter.messages.value
