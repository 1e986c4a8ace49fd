"""The knowledge checks: every lesson's question bank, the scoring, the room's gain, and the view.

Banks: widgets/core/content/knowledge/<stem>.yaml against knowledge.schema.json (issue 17, items 1,
2 and 7). Logic: widgets/core/knowledge.py. View: widgets/knowledge.py, driven without a kernel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_culture import BANNED_PHRASES, normalized

from widgets.core import knowledge
from widgets.core.content import CONTENT_DIR, ContentError, load_content
from widgets.core.knowledge import Bank, KnowledgeInputError, Objective, Option, Question
from widgets.core.lessons import lesson_paths, parse_lesson

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
LESSONS = {path.stem: path for path in lesson_paths(WORKSHOPS)}
SCHEMA = json.loads((CONTENT_DIR / "knowledge.schema.json").read_text(encoding="utf-8"))


def raw_bank(stem: str) -> dict:
    return yaml.safe_load((CONTENT_DIR / "knowledge" / f"{stem}.yaml").read_text(encoding="utf-8"))


def notebook(stem: str) -> dict:
    return json.loads(LESSONS[stem].read_text(encoding="utf-8"))


def headings(stem: str) -> set[str]:
    found = set()
    for cell in notebook(stem)["cells"]:
        if cell["cell_type"] == "markdown":
            found |= {h.strip() for h in re.findall(r"^#{1,6}\s+(.+)$", "".join(cell["source"]), re.M)}
    return found


# -- the banks ---------------------------------------------------------------------------------

def test_every_lesson_has_a_bank_and_every_bank_a_lesson():
    assert len(LESSONS) == 17
    assert set(knowledge.lessons_with_banks()) == set(LESSONS)


def test_the_schema_is_strict():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in SCHEMA["$defs"].values() if d.get("type") == "object")
    assert SCHEMA["properties"]["questions"]["minItems"] == 5
    options = SCHEMA["$defs"]["question"]["properties"]["options"]
    assert (options["minItems"], options["maxItems"]) == (3, 5)
    assert SCHEMA["$defs"]["option"]["required"] == ["text", "why"]


@pytest.mark.parametrize("stem", sorted(LESSONS))
def test_the_bank_validates_and_follows_its_lesson(stem):
    data = raw_bank(stem)
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data)] == []
    lesson = parse_lesson(notebook(stem), LESSONS[stem].relative_to(WORKSHOPS).as_posix())
    assert data["lesson"] == stem
    assert data["level"] == lesson.level == LESSONS[stem].parent.name
    assert len(data["objectives"]) == len(lesson.objectives), "one objective per bullet of '## Objectives'"
    assert knowledge.bank_problems(data) == []
    bank = knowledge.load_bank(stem)
    assert len(bank.questions) >= 5
    for objective in bank.objectives:
        assert bank.questions_of(objective.key), f"{objective.key} has no question"
    for question in bank.questions:
        assert 3 <= len(question.options) <= 5
        assert sum(option.correct for option in question.options) == 1, question.key
        assert all(option.why.strip() for option in question.options), question.key
        assert len({option.text for option in question.options}) == len(question.options), question.key
    ids = [o.key for o in bank.objectives] + [q.key for q in bank.questions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("stem", sorted(LESSONS))
def test_every_reread_heading_is_in_the_lesson(stem):
    found = headings(stem)
    for objective in knowledge.load_bank(stem).objectives:
        assert objective.reread in found, (stem, objective.key, objective.reread)


@pytest.mark.parametrize("stem", sorted(LESSONS))
def test_no_bank_uses_a_survey_instruments_phrases(stem):
    text = normalized((CONTENT_DIR / "knowledge" / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert [phrase for phrase in BANNED_PHRASES if phrase in text] == []


def test_the_right_answer_is_not_always_in_the_same_place():
    places = [knowledge.option_order(bank, q).index(q.answer)
              for bank in map(knowledge.load_bank, knowledge.lessons_with_banks()) for q in bank.questions]
    assert len(set(places)) >= 3
    assert max(places.count(p) for p in set(places)) < 0.6 * len(places)


@pytest.mark.parametrize("stem", sorted(LESSONS))
def test_every_lesson_ends_with_its_check(stem):
    cells = notebook(stem)["cells"]
    heading, code = cells[-2], cells[-1]
    assert "".join(heading["source"]).startswith("## Check your understanding\n")
    assert heading["metadata"]["aligned"] == {"block": "reading", "minutes": 0}
    assert code["cell_type"] == "code" and code["outputs"] == [] and code["execution_count"] is None
    assert "".join(code["source"]) == f'from widgets.knowledge import KnowledgeCheck\n\nKnowledgeCheck("{stem}")'


# -- the rules the schema cannot state --------------------------------------------------------

def test_bank_problems_names_every_broken_rule():
    data = raw_bank("smart-goals")
    data["questions"][0]["options"][1]["correct"] = True  # two right answers
    data["questions"][1]["id"] = data["questions"][2]["id"]  # a repeated id
    data["questions"][3]["objective"] = "o9"  # not an objective
    data["questions"] = [q for q in data["questions"] if q["objective"] != "o4"]  # o4 unasked
    problems = knowledge.bank_problems(data)
    assert "questions > item 1 (q1) has 2 options marked correct: true, not exactly one" in problems
    assert "the question id q3 appears more than once" in problems
    assert any("is tied to o9, which is not one of the objectives" in p for p in problems)
    assert "objective o4 has no question" in problems


def test_a_broken_bank_stops_with_one_sentence_naming_the_file(tmp_path):
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    data = raw_bank("five-components")
    for option in data["questions"][0]["options"]:
        option.pop("correct", None)
    (tmp_path / "knowledge" / "five-components.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    load_content.cache_clear()
    try:
        with pytest.raises(ContentError) as caught:
            knowledge.load_bank("five-components", tmp_path)
    finally:
        load_content.cache_clear()
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "knowledge" / "five-components.yaml"))
    assert "0 options marked correct" in message and "\n" not in message


def test_a_lesson_name_must_be_a_stem():
    assert knowledge.bank_name("smart-goals") == "knowledge/smart-goals"
    for bad in ("../culture", "Smart Goals", "", None):
        with pytest.raises(KnowledgeInputError, match="is not a lesson's name"):
            knowledge.bank_name(bad)
    assert knowledge.has_bank("smart-goals") and not knowledge.has_bank("no-such-lesson")


# -- one learner's score ----------------------------------------------------------------------

def small_bank() -> Bank:
    def question(key, objective, answer):
        return Question(key, objective, f"Stem {key}?", tuple(
            Option(f"{key} option {i}", i == answer, f"why {key} {i}") for i in range(3)))

    return Bank("demo", "fundamentals",
                (Objective("o1", "First", "Section one"), Objective("o2", "Second", "Section two"),
                 Objective("o3", "Third", "Section one")),
                (question("q1", "o1", 0), question("q2", "o1", 1), question("q3", "o2", 2), question("q4", "o3", 0)))


def test_score_gives_verdicts_rationales_objectives_and_what_to_reread():
    bank = small_bank()
    result = knowledge.score(bank, {"q1": 0, "q2": 0, "q3": 2, "q4": 1})
    assert result.text == "2 of 4" and (result.right, result.total) == (2, 4)
    assert [v.correct for v in result.verdicts] == [True, False, True, False]
    wrong = result.verdicts[1]
    assert (wrong.chosen_option.why, wrong.right_option.why) == ("why q2 0", "why q2 1")
    assert [(r.objective.key, r.right, r.total, r.missed) for r in result.by_objective] == [
        ("o1", 1, 2, True), ("o2", 1, 1, False), ("o3", 0, 1, True)]
    assert result.by_objective[0].text == "1 of 2"
    assert result.reread == ("Section one",)  # o1 and o3 share a section: named once
    assert knowledge.score(bank, {"q1": 0, "q2": 1, "q3": 2, "q4": 0}).reread == ()


def test_unanswered_questions_are_named_with_every_other_problem():
    with pytest.raises(KnowledgeInputError) as caught:
        knowledge.score(small_bank(), {"q1": 0, "q3": 7, "q9": 1, "q4": None})
    assert caught.value.problems == [
        "This check has no question q9.",
        "Question 3: '7' is not one of its 3 options.",
        "Questions 2 and 4 have no answer yet: choose one option in each, then check again.",
    ]
    with pytest.raises(KnowledgeInputError, match="Question 1 has no answer yet"):
        knowledge.score(small_bank(), {"q2": 1, "q3": 2, "q4": 0})
    with pytest.raises(KnowledgeInputError, match="not one of its 3 options"):
        knowledge.score(small_bank(), {"q1": True, "q2": 1, "q3": 2, "q4": 0})


def test_option_order_is_a_fixed_permutation():
    bank = knowledge.load_bank("five-components")
    for question in bank.questions:
        order = knowledge.option_order(bank, question)
        assert sorted(order) == list(range(len(question.options)))
        assert order == knowledge.option_order(bank, question)


# -- the room, before and after (issue 17, item 7) --------------------------------------------

BEFORE = [
    {"q1": 0, "q2": 0, "q3": 2},            # o1 1 of 2, o2 right
    {"q1": 1, "q2": 1, "q3": 0},            # o1 1 of 2, o2 wrong
    {"q1": 0, "q2": 1, "q3": 2, "q4": 1},   # o1 2 of 2, o2 right, o3 wrong
    {"q1": 2, "q2": 2},                     # o1 0 of 2
    {"q3": 2, "q4": 0},                     # o2 right, o3 right
]
AFTER = [
    {"q1": 0, "q2": 1, "q3": 2, "q4": 0},
    {"q1": 0, "q2": 0, "q3": 2, "q4": 0},
    {"q1": 0, "q2": 1, "q3": 1},
    {"q4": 1},
]


def test_room_gain_golden_case_with_a_hidden_group():
    o1, o2, o3 = knowledge.room_gain(small_bank(), BEFORE, AFTER, min_group_size=3)
    assert (o1.people_before, o1.people_after) == (4, 3)
    assert (o1.before.right, o1.before.answered, o1.after.right, o1.after.answered) == (4, 8, 5, 6)
    assert o1.gain == pytest.approx(5 / 6 - 1 / 2)
    assert (o2.before.right, o2.before.answered, o2.after.right, o2.after.answered) == (3, 4, 2, 3)
    assert o2.gain == pytest.approx(2 / 3 - 3 / 4)
    # o3: two people before, below the threshold: hidden, never zero, and so is its gain
    assert (o3.people_before, o3.before, o3.gain) == (2, None, None)
    assert (o3.after.right, o3.after.answered) == (2, 3)
    assert o1.before.text == "50 % (4 of 8 answers)"


def test_room_gain_hides_every_group_below_a_higher_threshold():
    gains = knowledge.room_gain(small_bank(), BEFORE, AFTER, min_group_size=5)
    assert all(g.before is None and g.after is None and g.gain is None for g in gains)
    assert [g.people_before for g in gains] == [4, 4, 2]
    assert knowledge.room_gain(small_bank(), [], [], 3)[0].before is None


def test_room_gain_refuses_a_small_threshold_and_bad_answer_sets():
    with pytest.raises(KnowledgeInputError, match="cannot be below 3"):
        knowledge.room_gain(small_bank(), BEFORE, AFTER, min_group_size=2)
    with pytest.raises(KnowledgeInputError, match="whole number"):
        knowledge.room_gain(small_bank(), BEFORE, AFTER, min_group_size=4.5)
    with pytest.raises(KnowledgeInputError) as caught:
        knowledge.room_gain(small_bank(), BEFORE, [{"q1": 5}, {"q7": 0}], min_group_size=3)
    assert caught.value.problems == ["After, answer set 1: Question 1: '5' is not one of its 3 options.",
                                     "After, answer set 2: This check has no question q7."]


answer_sets = st.lists(st.dictionaries(st.sampled_from(["q1", "q2", "q3", "q4"]), st.integers(0, 2)), max_size=12)


@given(answer_sets, answer_sets, st.integers(3, 8))
def test_a_shown_share_always_has_the_threshold_behind_it(before, after, threshold):
    for gain in knowledge.room_gain(small_bank(), before, after, threshold):
        for share, people in ((gain.before, gain.people_before), (gain.after, gain.people_after)):
            assert (share is None) == (people < threshold)
            if share is not None:
                assert share.people == people and 0 <= share.right <= share.answered and share.answered >= people
        assert (gain.gain is None) == (gain.before is None or gain.after is None)


# -- the view, without a kernel ---------------------------------------------------------------

def right_answers(view) -> dict[str, int]:
    return {q.key: q.answer for q in view.bank.questions}


def test_the_view_shows_one_labelled_choice_per_question():
    from widgets.knowledge import CHECK, KnowledgeCheck

    view = KnowledgeCheck("five-components")
    assert "aligned-knowledge" in view._dom_classes and "aligned-activity" in view._dom_classes
    assert len(view.choices) == len(view.bank.questions)
    for number, (key, choice) in enumerate(view.choices.items(), start=1):
        question = next(q for q in view.bank.questions if q.key == key)
        assert choice.description == f"Your answer to question {number}"
        assert choice.value is None
        assert [label for label, _ in choice.options] == [
            question.options[i].text for i in knowledge.option_order(view.bank, question)]
    assert view.check_button.description == CHECK and view.check_button.tooltip
    assert view.check_button.button_style == "primary"


def test_checking_with_questions_open_names_them():
    from widgets.knowledge import KnowledgeCheck

    view = KnowledgeCheck("five-components")
    first = next(iter(view.choices.values()))
    first.value = view.bank.questions[0].answer
    view.check_button.click()
    assert 'role="alert"' in view.messages.value
    assert "Questions 2, 3, 4, 5, 6, 7 and 8 have no answer yet" in view.messages.value
    assert view.result.value == "" and not first.disabled


def test_checking_gives_feedback_the_result_per_objective_and_what_to_reread():
    from widgets.knowledge import KnowledgeCheck

    view = KnowledgeCheck("five-components")
    answers = right_answers(view)
    missed = view.bank.questions[0]
    answers[missed.key] = (missed.answer + 1) % len(missed.options)
    for key, choice in view.choices.items():
        choice.value = answers[key]
    view.check_button.click()
    assert view.messages.value == ""
    wrong = view.feedback[missed.key].value
    assert "✗ Not quite." in wrong and "aligned-message-miss" in wrong
    for option in (missed.options[answers[missed.key]], missed.options[missed.answer]):
        assert option.text.replace("'", "&#x27;") in wrong and option.why.replace("'", "&#x27;") in wrong
    right = view.feedback[view.bank.questions[1].key].value
    assert "✓ Right:" in right
    summary = view.result.value
    assert f"Your result: {len(answers) - 1} of {len(answers)} right" in summary
    assert 'role="status"' in summary and "<caption>Your result by objective</caption>" in summary
    assert "Worth rereading" in summary and "Five parts, one ship" in summary
    assert all(choice.disabled for choice in view.choices.values()) and view.check_button.disabled
    view.restart_button.click()
    assert all(c.value is None and not c.disabled for c in view.choices.values())
    assert view.result.value == "" and not view.check_button.disabled
    assert all(f.value == "" for f in view.feedback.values())


def test_all_right_says_so_and_names_no_section():
    from widgets.knowledge import KnowledgeCheck

    view = KnowledgeCheck("smart-goals")
    for key, choice in view.choices.items():
        choice.value = right_answers(view)[key]
    view.check_button.click()
    assert "Every answer right" in view.result.value and "Worth rereading" not in view.result.value


def test_a_lesson_without_questions_yet_gets_a_friendly_message(monkeypatch):
    from widgets.knowledge import NO_QUESTIONS, KnowledgeCheck

    monkeypatch.setattr(knowledge, "has_bank", lambda lesson: False)
    view = KnowledgeCheck("smart-goals")
    assert view.bank is None and view.choices == {}
    assert "no questions for this lesson yet" in view.intro.value and NO_QUESTIONS[:40] in view.intro.value


def test_the_check_loads_no_heavy_library():
    from test_lean_imports import loaded_after

    found = loaded_after("from widgets.knowledge import KnowledgeCheck\n"
                         "result = len(KnowledgeCheck('smart-goals').choices)")
    assert found["loaded"] == [] and found["result"] == 8
