"""SMART goals: the pure checker in widgets.core.smart, and the builder widget without a kernel."""

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.core import smart
from widgets.core.smart import CriterionResult, Goal, evaluate, goal_sentence
from widgets.data import load
from widgets.smart import FIELDS, CopyableText, SmartGoalBuilder, feedback_view

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "workshops" / "fundamentals" / "smart-goals.ipynb"
TODAY = date(2025, 8, 29)
DECORATED = ("celebration_cake", "cupcake_box")

GOOD = Goal(
    action="Bake each day's bread to the morning huddle's order count plus a small buffer",
    metric="waste",
    unit="% of items baked",
    baseline=10.7,
    target=8,
    owner="Maria (head baker)",
    resources="the huddle's order sheet and ten minutes a day",
    deadline="2025-12-31",
    relevance="fresh bread every day and less money in the bin",
)


def by_letter(goal, today=TODAY):
    return {result.letter: result for result in evaluate(goal, today)}


# --- the whole checker ----------------------------------------------------------------


def test_evaluate_gives_one_result_per_letter_in_order():
    results = evaluate(GOOD, TODAY)
    assert [r.letter for r in results] == list("SMART")
    assert [r.name for r in results] == [name for _letter, name in smart.CRITERIA]
    assert all(isinstance(r, CriterionResult) and r.reason for r in results)


def test_a_good_goal_meets_all_five():
    results = evaluate(GOOD, TODAY)
    assert smart.is_smart(results)
    assert smart.summary(results) == "All 5 criteria met: this goal is SMART."


def test_an_empty_goal_needs_work_everywhere_and_every_result_has_a_hint():
    results = evaluate(Goal(), TODAY)
    assert not any(r.met for r in results)
    assert all(r.hint for r in results)
    assert smart.summary(results).startswith("0 of 5 criteria met. Needs work: Specific")


def test_evaluate_refuses_something_that_is_not_a_goal():
    with pytest.raises(TypeError):
        evaluate({"action": "bake"}, TODAY)


# --- S: Specific ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, word",
    [
        ("Improve the bread", "Improve"),
        ("Make the cakes better for weddings", "better"),
        ("Sell more croissants at the counter", "more"),
        ("Fix the ordering process ASAP", "ASAP"),
        ("Change some of the recipes for summer", "some"),
        ("Try to bake closer to the order count", "Try to"),
        ("We will work on the delivery schedule", "work on"),
        ("Optimize the morning routine of the shop", "Optimize"),
    ],
)
def test_vague_words_fail_specific_and_are_named_in_the_feedback(action, word):
    result = by_letter(replace(GOOD, action=action))["S"]
    assert not result.met
    assert f"“{word}”" in result.reason
    assert word.lower() in result.hint.lower()


@pytest.mark.parametrize(
    "action",
    [
        "Call someone from each catering client every Monday",  # someone is not "some"
        "Start the ovens earlier on Saturday mornings",  # mornings is not "more"
        "Print an awesome new menu board for the counter",  # awesome is not "some"
    ],
)
def test_words_that_merely_contain_a_vague_word_are_not_flagged(action):
    assert smart.vague_words(action) == []
    assert by_letter(replace(GOOD, action=action))["S"].met


def test_vague_words_in_the_metric_count_too():
    result = by_letter(replace(GOOD, metric="better waste"))["S"]
    assert not result.met and "“better”" in result.reason


def test_an_aim_of_two_words_is_not_an_action():
    result = by_letter(replace(GOOD, action="Reduce waste"))["S"]
    assert not result.met
    assert "names an aim, not an action" in result.reason
    assert "verb" in result.hint


@pytest.mark.parametrize("action", ["", "   ", "...", "123 456"])
def test_an_empty_action_asks_for_a_verb(action):
    result = by_letter(replace(GOOD, action=action))["S"]
    assert not result.met
    assert "no action" in result.reason
    assert "starting with a verb" in result.hint


# --- M: Measurable --------------------------------------------------------------------


def test_a_measurable_goal_reports_the_size_of_the_change():
    result = by_letter(GOOD)["M"]
    assert result.met
    expected = f"{abs((GOOD.target - GOOD.baseline) / GOOD.baseline):.0%} cut"
    assert expected in result.reason
    assert "from 10.7% to 8% of items baked" in result.reason


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"metric": ""}, "No metric"),
        ({"unit": ""}, "No unit"),
        ({"baseline": None}, "No baseline"),
        ({"baseline": ""}, "No baseline"),
        ({"target": None}, "No target"),
        ({"baseline": "about ten"}, "is not a number"),
        ({"target": "less"}, "is a direction, not a number"),
        ({"target": "6-7"}, "is a range"),
        ({"target": 120}, "impossible for a share"),
    ],
)
def test_missing_or_unreadable_numbers_fail_measurable(changes, expected):
    result = by_letter(replace(GOOD, **changes))["M"]
    assert not result.met
    assert expected in result.reason
    assert result.hint


def test_baseline_equal_to_target_asks_for_no_change_unless_the_goal_is_to_keep_it():
    same = replace(GOOD, baseline=8, target=8)
    result = by_letter(same)["M"]
    assert not result.met and "the goal asks for no change" in result.reason
    keep = replace(same, action="Keep waste at its new level by baking to the order count")
    assert by_letter(keep)["M"].met


def test_a_target_in_the_wrong_direction_for_reduce_is_caught():
    wrong = replace(GOOD, action="Reduce waste by baking to the huddle's order count",
                    baseline=8, target=10.7)
    result = by_letter(wrong)["M"]
    assert not result.met
    assert "say “reduce”" in result.reason and "swapped" in result.hint


def test_a_target_in_the_wrong_direction_for_increase_is_caught():
    wrong = Goal(action="Increase pre-orders by asking every regular at the till",
                 metric="pre-orders", unit="orders a week", baseline=40, target=30)
    result = by_letter(wrong)["M"]
    assert not result.met and "say “increase”" in result.reason


def test_numbers_may_be_typed_as_text():
    typed = replace(GOOD, baseline="10,7 %", target=" 8 ")
    assert by_letter(typed)["M"].met


# --- A: Assignable --------------------------------------------------------------------


@pytest.mark.parametrize(
    "owner",
    ["everyone", "Everybody!", "the team", "The whole team", "all staff", "we", "us", "n/a",
     "management", "TBD"],
)
def test_collective_owners_are_nobody_in_particular(owner):
    result = by_letter(replace(GOOD, owner=owner))["A"]
    assert not result.met
    assert "is a group" in result.reason
    assert "one person or role" in result.hint


def test_a_named_team_asks_for_its_lead():
    result = by_letter(replace(GOOD, owner="the sales team"))["A"]
    assert not result.met and "who answers for it" in result.reason


@pytest.mark.parametrize("owner", ["", "  ", "???"])
def test_no_owner_fails(owner):
    assert not by_letter(replace(GOOD, owner=owner))["A"].met


@pytest.mark.parametrize("owner", ["Maria (head baker)", "the baker", "Priya", "store manager"])
def test_a_named_person_or_role_owns_the_goal(owner):
    result = by_letter(replace(GOOD, owner=owner))["A"]
    assert result.met and owner in result.reason and result.hint == ""


def test_two_owners_pass_with_a_hint_to_pick_one():
    result = by_letter(replace(GOOD, owner="Maria and Tom"))["A"]
    assert result.met and "which one answers for it" in result.hint


# --- R: Realistic ---------------------------------------------------------------------


@pytest.mark.parametrize("resources", ["", "none", "TBD", "?", "budget", "we'll see"])
def test_missing_or_empty_resources_fail_realistic(resources):
    result = by_letter(replace(GOOD, resources=resources))["R"]
    assert not result.met
    assert "whose time, how much money" in result.hint


def test_a_huge_jump_without_a_feasibility_note_is_possibly_unrealistic():
    jump = replace(GOOD, baseline=10.7, target=3, resources="")
    result = by_letter(jump)["R"]
    assert not result.met
    percent = f"{abs((3 - 10.7) / 10.7):.0%}"
    assert f"{percent} cut with no note on how: possibly unrealistic" in result.reason


def test_a_huge_jump_with_a_note_passes_but_is_called_ambitious():
    result = by_letter(replace(GOOD, baseline=10, target=16))["R"]
    assert result.met and "jump is ambitious" in result.reason
    assert "why it is feasible" in result.hint


def test_a_tiny_change_is_questioned_as_a_stretch():
    result = by_letter(replace(GOOD, baseline=10.7, target=10.5))["R"]
    assert result.met and "is it a stretch" in result.hint


def test_relevance_is_optional_but_suggested():
    without = by_letter(replace(GOOD, relevance=""))["R"]
    assert without.met and "Relevant" in without.hint
    with_it = by_letter(GOOD)["R"]
    assert "Relevant" not in with_it.hint and GOOD.relevance in with_it.reason


# --- T: Time-related ------------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline, expected",
    [
        (None, "No deadline"),
        ("", "No deadline"),
        ("ASAP", "not a date that everyone reads the same way"),
        ("soon", "not a date that everyone reads the same way"),
        ("Q1 2026", "not a date that everyone reads the same way"),
        ("next Tuesday-ish", "not a date I can read"),
        ("2026-02-30", "not a real date"),
        ("03/04/2026", "could mean 3 April or 4 March"),
    ],
)
def test_missing_vague_or_unreadable_deadlines_fail(deadline, expected):
    result = by_letter(replace(GOOD, deadline=deadline))["T"]
    assert not result.met
    assert expected in result.reason
    assert "YYYY-MM-DD" in result.hint


def test_a_deadline_in_the_past_or_today_fails_relative_to_the_given_today():
    past = by_letter(replace(GOOD, deadline=TODAY - timedelta(days=1)))["T"]
    assert not past.met and "already passed" in past.reason and "29 August 2025" in past.reason
    today = by_letter(replace(GOOD, deadline=TODAY))["T"]
    assert not today.met and "is today" in today.reason


def test_today_is_a_parameter():
    goal = replace(GOOD, deadline="2025-12-31")
    assert by_letter(goal, today=date(2025, 12, 30))["T"].met
    assert not by_letter(goal, today=date(2026, 1, 1))["T"].met


def test_more_than_three_years_away_is_too_far():
    limit = date(TODAY.year + 3, TODAY.month, TODAY.day)
    assert by_letter(replace(GOOD, deadline=limit))["T"].met
    far = by_letter(replace(GOOD, deadline=limit + timedelta(days=1)))["T"]
    assert not far.met and "more than 3 years away" in far.reason


def test_a_deadline_within_a_week_passes_with_a_warning():
    result = by_letter(replace(GOOD, deadline=TODAY + timedelta(days=3)))["T"]
    assert result.met and "in 3 days" in result.reason and "very soon" in result.hint


@pytest.mark.parametrize(
    "text", ["2025-12-31", "31 December 2025", "December 31, 2025", "31/12/2025", "31.12.2025",
             "31st Dec 2025", "2025/12/31"],
)
def test_common_date_formats_are_read(text):
    assert smart.parse_date(text) == date(2025, 12, 31)
    assert by_letter(replace(GOOD, deadline=text))["T"].reason.startswith("Due 31 December 2025")


# --- parsing helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [("12", 12.0), ("12.5", 12.5), ("12,5", 12.5), ("1,200", 1200.0), ("12 %", 12.0),
     ("€3k", 3000.0), ("-4", -4.0), (".5", 0.5), (7, 7.0), (2.5, 2.5)],
)
def test_parse_number_reads_what_people_type(text, number):
    assert smart.parse_number(text) == number


@pytest.mark.parametrize("text", ["", "ten", "nan", "inf", "1e5", "%", "8-10", True, float("nan")])
def test_parse_number_refuses_anything_else_with_a_value_error(text):
    with pytest.raises(ValueError):
        smart.parse_number(text)


def test_number_and_unit_formatting():
    assert smart.format_number(1200.0) == "1,200"
    assert smart.format_number(10.70) == "10.7"
    assert smart.with_unit(8, "% of items baked") == "8% of items baked"
    assert smart.with_unit(12, "% of items baked", last=False) == "12%"
    assert smart.with_unit(24000, "€ a month") == "€24,000 a month"
    assert smart.with_unit(20, "minutes", last=False) == "20"
    assert smart.with_article("8% cut") == "an 8% cut"
    assert smart.with_article("18% rise") == "an 18% rise"
    assert smart.with_article("25% cut") == "a 25% cut"


def test_intended_direction():
    assert smart.intended_direction("Cut waste by baking to order") == "down"
    assert smart.intended_direction("Raise the pastry attach rate") == "up"
    assert smart.intended_direction("Keep waste at 6%") == "keep"
    assert smart.intended_direction("Bake to the order count") is None


# --- the goal as one sentence ---------------------------------------------------------


def test_goal_sentence_reads_as_one_sentence():
    sentence = goal_sentence(GOOD)
    assert sentence == (
        "By 31 December 2025, Maria (head baker) will bake each day's bread to the morning "
        "huddle's order count plus a small buffer, to cut waste from 10.7% to 8% of items "
        "baked, using the huddle's order sheet and ten minutes a day (why it matters: fresh "
        "bread every day and less money in the bin)."
    )


def test_goal_sentence_follows_the_direction_and_the_unit():
    up = replace(GOOD, metric="retainer revenue", unit="€ a month", baseline=18000,
                 target=24000, relevance="", resources="With two new proposals a month")
    assert ", to raise retainer revenue from €18,000 to €24,000 a month, with two new" in (
        goal_sentence(up)
    )
    keep = replace(GOOD, baseline=6, target=6)
    assert "to keep waste at 6% of items baked" in goal_sentence(keep)


def test_goal_sentence_marks_missing_parts_in_brackets():
    sentence = goal_sentence(Goal(action="Reduce waste", deadline="ASAP"))
    assert sentence == (
        "By [deadline], [owner] will reduce waste, to move [metric] from [baseline] to [target]."
    )


def test_goal_sentence_does_not_double_will():
    assert " will will " not in goal_sentence(replace(GOOD, action="Will bake to order"))


# --- the lesson's examples -------------------------------------------------------------


@pytest.mark.parametrize("example", smart.EXAMPLES, ids=lambda e: f"{e.business}-{e.topic}")
def test_every_smart_version_in_the_lesson_meets_all_five(example):
    results = evaluate(example.better, smart.EXAMPLES_AS_OF)
    assert smart.is_smart(results), smart.summary(results)


@pytest.mark.parametrize("example", smart.EXAMPLES, ids=lambda e: f"{e.business}-{e.topic}")
def test_every_vague_version_in_the_lesson_needs_work(example):
    results = evaluate(example.vague_goal, smart.EXAMPLES_AS_OF)
    assert not smart.is_smart(results)
    # The statement alone, as the only field, fails at least S or M.
    alone = by_letter(Goal(action=example.vague), smart.EXAMPLES_AS_OF)
    assert not (alone["S"].met and alone["M"].met)


def test_the_examples_cover_four_kinds_of_business_with_at_least_six_pairs():
    assert len(smart.EXAMPLES) >= 6
    assert {e.business for e in smart.EXAMPLES} >= {"Bakery", "Café", "Distributor", "Agency"}


def test_the_examples_vary_in_what_is_missing():
    gaps = {
        tuple(r.letter for r in evaluate(e.vague_goal, smart.EXAMPLES_AS_OF) if not r.met)
        for e in smart.EXAMPLES
    }
    assert len(gaps) >= 4


def lesson_markdown():
    notebook = json.loads(LESSON.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def test_the_lesson_shows_the_examples_as_the_checker_sees_them():
    text = lesson_markdown()
    for example in smart.EXAMPLES:
        assert example.vague in text
        assert goal_sentence(example.better) in text
        assert smart.summary(evaluate(example.vague_goal, smart.EXAMPLES_AS_OF)) in text


# --- baselines from the bakery data ----------------------------------------------------


@pytest.fixture(scope="module")
def bakery():
    return load("bakery_operations")


def test_period_share_pools_sums_in_the_window():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-02", "2025-02-01"]),
        "product": ["a", "b", "a", "a"],
        "baked": [10, 30, 20, 50],
        "wasted": [1, 3, 6, 0],
    })
    assert smart.period_share(frame, "wasted", "baked", "2025-01-01", "2025-01-31") == 10 / 60
    assert smart.period_share(frame, "wasted", "baked", products="a", end="2025-01-31") == 7 / 30
    assert pd.isna(smart.period_share(frame, "wasted", "baked", start="2026-01-01"))
    assert smart.per_day(frame, "wasted", end="2025-01-31") == 10 / 2
    assert smart.sold_out_share(frame) == 1 / 4
    table = smart.monthly_share(frame, "wasted", "baked")
    assert list(table.index) == ["2025-01", "2025-02"]
    assert table.loc["2025-01", "wasted (% of baked)"] == round(100 * 10 / 60, 1)


def test_the_bakery_baselines_match_the_data_dictionary(bakery):
    # datasets/README.md: 12.5 % waste before the recipe episode, 6.3 % after the huddle.
    before = smart.period_share(bakery, "wasted", "baked", "2025-01-01", "2025-03-02")
    after = smart.period_share(bakery, "wasted", "baked", "2025-09-01", "2025-12-31")
    assert round(100 * before, 1) == 12.5 and round(100 * after, 1) == 6.3
    raw = bakery[(bakery.date >= "2025-06-02") & (bakery.date <= "2025-08-31")]
    summer = smart.period_share(bakery, "wasted", "baked", "2025-06-02", "2025-08-31")
    assert summer == raw.wasted.sum() / raw.baked.sum()


def test_the_bakery_examples_use_baselines_from_the_data(bakery):
    large, complaints = smart.EXAMPLES[0].better, smart.EXAMPLES[1].better
    on_time = smart.period_share(bakery, "large_orders_on_time", "large_orders",
                                 "2025-06-02", "2025-08-31", products=DECORATED)
    assert round(100 * on_time, 1) == large.baseline
    per_day = smart.per_day(bakery, "complaints", "2025-06-02", "2025-08-31")
    assert round(per_day, 1) == complaints.baseline
    # The feasibility note of the large-orders goal quotes January to May.
    spring = smart.period_share(bakery, "large_orders_on_time", "large_orders",
                                "2025-01-01", "2025-05-31", products=DECORATED)
    assert f"{spring:.0%} of the time from January to May" in large.resources


def test_feedback_frame_has_one_row_per_criterion():
    frame = smart.feedback_frame(evaluate(replace(GOOD, owner="the team"), TODAY))
    assert list(frame.columns) == ["Status", "Reason", "Hint"]
    assert list(frame.index) == [f"{letter} · {name}" for letter, name in smart.CRITERIA]
    assert frame.loc["A · Assignable", "Status"] == "✗ needs work"
    assert frame.loc["S · Specific", "Status"] == "✓ met"


# --- never a crash ----------------------------------------------------------------------

ANY_VALUE = st.one_of(
    st.text(), st.none(), st.integers(), st.floats(), st.dates(), st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    action=st.text(), metric=st.text(), unit=st.text(), baseline=ANY_VALUE, target=ANY_VALUE,
    owner=st.text(), resources=st.text(), deadline=ANY_VALUE, relevance=st.text(),
    today=st.dates(),
)
def test_any_input_gives_five_results_and_a_sentence(
    action, metric, unit, baseline, target, owner, resources, deadline, relevance, today
):
    goal = Goal(action, metric, unit, baseline, target, owner, resources, deadline, relevance)
    results = evaluate(goal, today)
    assert [r.letter for r in results] == list("SMART")
    assert all(isinstance(r.met, bool) and r.reason for r in results)
    assert all(r.reason != "This part could not be checked." for r in results)
    sentence = goal_sentence(goal)
    assert sentence.startswith("By ") and sentence.endswith(".")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parsers_raise_only_value_errors(text):
    for parse in (smart.parse_number, smart.parse_date):
        try:
            parse(text)
        except ValueError:
            pass


# --- the widget ---------------------------------------------------------------------------


def fill(builder, goal):
    builder.set_goal(goal)


def test_every_field_has_a_label_and_a_placeholder():
    builder = SmartGoalBuilder(today=TODAY)
    assert list(builder.fields) == [name for name, *_ in FIELDS]
    assert set(builder.fields) == set(Goal.__dataclass_fields__)
    for box in builder.fields.values():
        assert len(box.description) > 4 and box.placeholder.startswith("e.g.")
    assert "YYYY-MM-DD" in builder.fields["deadline"].description
    assert "aligned-activity" in builder._dom_classes


def test_fields_send_their_value_when_left_not_on_every_key():
    # Otherwise a quick "Check my goal" can reach the kernel before the last keystrokes.
    builder = SmartGoalBuilder(today=TODAY)
    assert all(box.continuous_update is False for box in builder.fields.values())


def test_feedback_view_shows_the_cards_for_a_worked_example():
    results = evaluate(replace(GOOD, owner="the team"), TODAY)
    everything = feedback_view(results).value
    assert everything.count('class="aligned-criterion') == 5
    assert 'class="aligned-activity"' in everything
    only_a = feedback_view(results, letters="A").value
    assert only_a.count('class="aligned-criterion') == 1
    assert "A · Assignable" in only_a and "✗ Needs work" in only_a


def test_read_and_set_goal_round_trip():
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, GOOD)
    goal = builder.read_goal()
    assert goal.action == GOOD.action and goal.owner == GOOD.owner
    assert goal.baseline == "10.7" and goal.target == "8" and goal.deadline == "2025-12-31"


def test_checking_a_good_goal_shows_five_passes_and_the_sentence():
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, GOOD)
    builder.check_button.click()
    assert builder.score == 5 and builder.problems == []
    assert 'role="status"' in builder.messages.value
    assert "All 5 criteria met" in builder.messages.value
    assert builder.feedback.count("✓ Met") == 5
    assert builder.sentence == goal_sentence(builder.read_goal())
    assert builder.sentence_box.text == builder.sentence
    assert builder.sentence_box in builder.result.children
    assert builder.sentence_note.value == ""


def test_checking_the_vague_example_explains_every_gap():
    builder = SmartGoalBuilder(today=TODAY)
    builder.example_button.click()
    assert builder.fields["action"].value == "Reduce waste"
    builder.check_button.click()
    assert builder.score == 0 and len(builder.problems) == 5
    assert 'role="alert"' in builder.messages.value
    assert "0 of 5 criteria met" in builder.messages.value
    assert builder.feedback.count("✗ Needs work") == 5
    assert "“the team” is a group" in builder.feedback
    assert "[deadline]" in builder.sentence_box.text
    assert "Draft" in builder.sentence_note.value


def test_fixing_one_field_changes_one_criterion():
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, replace(GOOD, owner="everyone"))
    builder.check_button.click()
    assert builder.score == 4 and builder.problems[0].startswith("A · Assignable")
    builder.fields["owner"].value = "the baker"
    builder.check_button.click()
    assert builder.score == 5


def test_user_text_is_escaped_in_the_feedback():
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, replace(GOOD, owner="<script>alert(1)</script>", action="<b>bake</b> it"))
    builder.check_button.click()
    assert "<script>" not in builder.feedback and "&lt;script&gt;" in builder.feedback
    assert "<b>bake" not in builder.feedback


def test_the_widget_uses_todays_date_by_default():
    builder = SmartGoalBuilder()
    fill(builder, replace(GOOD, deadline=(date.today() - timedelta(days=1)).isoformat()))
    builder.check_button.click()
    assert any(p.startswith("T · Time-related") and "already passed" in p for p in builder.problems)
    builder.fields["deadline"].value = (date.today() + timedelta(days=60)).isoformat()
    builder.check_button.click()
    assert not any(p.startswith("T ·") for p in builder.problems)


def test_today_may_be_a_function():
    builder = SmartGoalBuilder(today=lambda: date(2026, 1, 15))
    fill(builder, GOOD)
    builder.check_button.click()
    assert "15 January 2026" in builder.feedback


def test_clear_empties_fields_and_feedback():
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, GOOD)
    builder.check_button.click()
    builder.clear_button.click()
    assert all(box.value == "" for box in builder.fields.values())
    assert builder.result.children == () and builder.messages.value == ""
    assert builder.score is None and builder.sentence == ""


def test_an_internal_failure_is_a_friendly_message_not_a_traceback(monkeypatch):
    builder = SmartGoalBuilder(today=TODAY)
    fill(builder, GOOD)

    def broken(*args, **kwargs):
        raise RuntimeError("checker exploded")

    monkeypatch.setattr("widgets.smart.smart.evaluate", broken)
    builder.check_button.click()
    assert "Something went wrong" in builder.messages.value
    assert "checker exploded" not in builder.messages.value
    assert builder.fields["action"].value == GOOD.action


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=200), min_size=len(FIELDS), max_size=len(FIELDS)))
def test_the_widget_never_fails_on_any_text(values):
    builder = SmartGoalBuilder(today=TODAY)
    for box, value in zip(builder.fields.values(), values):
        box.value = value
    builder.check_button.click()
    assert "Something went wrong" not in builder.messages.value
    assert builder.score is not None and len(builder.results) == 5


def test_copyable_text_carries_its_text_and_label():
    box = CopyableText(label="Your goal", text="By 1 May 2026, Sam will ...")
    assert box.text.startswith("By 1 May 2026") and box.label == "Your goal"
    assert "navigator.clipboard.writeText" in box._esm and "readOnly = true" in box._esm
    assert box.copies == 0
