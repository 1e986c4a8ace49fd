"""The live session's evaluation without a kernel (widgets/core/evaluation.py, through the live
rules of widgets/core/sessions.py): the knowledge check before and after, the reaction form."""

import random

import pytest

from widgets.core import evaluation, knowledge, sessions
from widgets.core.sessions import LiveInputError

LESSON = "alignment-metrics"


@pytest.fixture(scope="module")
def bank():
    return evaluation.live_bank(LESSON)


def right_answers(bank) -> dict:
    return {q.key: q.answer for q in bank.questions}


def wrong(question) -> int:
    return (question.answer + 1) % len(question.options)


def reaction(relevance=4, confidence=3, recommend=9, useful="", change="") -> dict:
    return {"relevance": relevance, "confidence": confidence, "recommend": recommend,
            "useful": useful, "change": change}


# -- the knowledge check: which questions, which rule -------------------------------------------

@pytest.mark.parametrize("lesson", evaluation.lessons_for_checks())
def test_a_live_check_asks_every_objective_in_a_few_questions(lesson):
    full = knowledge.load_bank(lesson)
    asked = evaluation.live_bank(lesson)
    assert {q.objective for q in asked.questions} == {o.key for o in full.objectives}
    assert len(asked.questions) == max(evaluation.LIVE_QUESTIONS, len(full.objectives)) or \
        len(asked.questions) == len(full.questions)
    assert [q.key for q in asked.questions] == [q.key for q in full.questions if q in asked.questions]
    assert [asked.number(q) for q in asked.questions] == list(range(1, len(asked.questions) + 1))


def test_a_complete_check_is_stored_with_its_lesson(bank):
    answers = right_answers(bank)
    stored = sessions.validate_submission("check_before", answers, lesson=LESSON)
    assert stored == {"lesson": LESSON, "choices": answers}


def test_every_question_must_be_answered_with_one_of_its_options(bank):
    first, second, *rest = bank.questions
    answers = {first.key: len(first.options), second.key: True, "q99": 0}
    with pytest.raises(LiveInputError) as refused:
        sessions.validate_submission("check_after", answers, lesson=LESSON)
    problems = refused.value.problems
    assert problems[0].startswith("This check has no question q99")
    assert problems[1].startswith("Question 1:") and "not one of its options" in problems[1]
    assert problems[2].startswith("Question 2:") and "not one of its options" in problems[2]
    assert problems[3:] == [f"Question {bank.number(q)}: please choose an answer." for q in rest]
    fields = [sessions.problem_field("check_after", p, LESSON) for p in problems]
    assert fields == [None, *[f"check_after.{q.key}" for q in bank.questions]]


def test_a_check_needs_the_session_to_have_a_lesson(bank):
    with pytest.raises(LiveInputError, match="no knowledge check"):
        sessions.validate_submission("check_before", right_answers(bank), lesson=None)


def test_a_session_with_a_lesson_gets_both_checks_and_none_without():
    assert sessions.check_activities(["pulse"], LESSON) == ("pulse", "check_before", "check_after")
    with pytest.raises(LiveInputError, match="needs its lesson"):
        sessions.check_activities(["check_before"])
    assert evaluation.check_lesson("  ") is None
    with pytest.raises(LiveInputError, match="not a lesson's name"):
        evaluation.check_lesson("../etc/passwd")
    with pytest.raises(LiveInputError, match="no knowledge-check questions"):
        evaluation.check_lesson("no-such-lesson")


def test_before_gives_right_per_objective_and_no_rationale(bank):
    answers = right_answers(bank)
    answers[bank.questions[0].key] = wrong(bank.questions[0])
    stored = sessions.validate_submission("check_before", answers, lesson=LESSON)
    result = sessions.own_feedback("check_before", stored)
    assert result["text"].startswith(f"You got {len(bank.questions) - 1} of {len(bank.questions)} right.")
    [per_objective] = result["sections"]
    assert per_objective["items"][0] == f"1 of 2 right: {bank.objectives[0].text}"
    shown = result["text"] + " ".join(per_objective["items"])
    for question in bank.questions:  # neither the options nor why they are right or tempting
        for option in question.options:
            assert option.why not in shown and option.text not in shown


def test_after_gives_every_verdict_with_its_rationale_and_what_to_reread(bank):
    answers = right_answers(bank)
    missed = bank.questions[0]
    answers[missed.key] = wrong(missed)
    stored = sessions.validate_submission("check_after", answers, lesson=LESSON)
    result = sessions.own_feedback("check_after", stored)
    headings = [s["heading"] for s in result["sections"]]
    assert headings == ["Right answers per objective", "Every question, with why", "Sections to reread in the lesson"]
    verdicts = result["sections"][1]["items"]
    assert verdicts[0].startswith("Question 1: not quite.")
    assert missed.options[wrong(missed)].why in verdicts[0] and missed.options[missed.answer].why in verdicts[0]
    assert verdicts[1].startswith("Question 2: right.")
    assert result["sections"][2]["items"] == [bank.objectives[0].reread]


# -- the room, before against after: a golden case ------------------------------------------------

def test_check_gain_golden_case_with_a_group_below_the_threshold(bank):
    """Five people before (2 of them right on objective 1's two questions, all right elsewhere),
    four after (below the threshold of 5): before shown, after and the change hidden; then a
    fifth person after shows both sides and the change in points."""
    o1 = [q for q in bank.questions if q.objective == "o1"]
    assert len(o1) == 2

    def person(right_on_o1: int) -> dict:
        answers = right_answers(bank)
        for question in o1[right_on_o1:]:
            answers[question.key] = wrong(question)
        return {"lesson": LESSON, "choices": answers}

    before = [person(2), person(2), person(0), person(0), person(0)]  # 4 of 10 on o1
    after = [person(2), person(2), person(2), person(1)]  # 7 of 8, but only four people
    gain = evaluation.check_gain(LESSON, before, after, 5)
    first = gain["rows"][0]
    assert first["before"] == pytest.approx(0.4) and first["before_text"] == "40 % (4 of 10 answers)"
    assert first["after"] is None and first["after_text"] == "not shown (fewer than 5 people)"
    assert first["change"] is None and first["change_text"] == "not shown"
    assert all(row["before"] == 1.0 for row in gain["rows"][1:])
    assert gain["any_shown"]
    assert "not shown (fewer than 5 people)" in gain["description"] and "7 of 8" not in gain["description"]

    gain = evaluation.check_gain(LESSON, before, [*after, person(2)], 5)  # 9 of 10 after
    first = gain["rows"][0]
    assert first["after"] == pytest.approx(0.9) and first["change"] == 50 and first["change_text"] == "+50 points"
    assert gain["rows"][1]["change"] == 0

    nobody = evaluation.check_gain(LESSON, [], [], 5)
    assert not nobody["any_shown"] and all(r["before"] is None and r["after"] is None for r in nobody["rows"])


def test_one_side_of_the_check_is_the_room_aggregate_from_the_threshold(bank):
    stored = {"lesson": LESSON, "choices": right_answers(bank)}
    assert not sessions.room_aggregate("check_before", [stored] * 4, 5)["shown"]
    result = sessions.room_aggregate("check_after", [stored] * 5, 5)
    assert result["shown"] and result["side"] == "after"
    assert [row["share"] for row in result["objectives"]] == [1.0] * len(bank.objectives)


# -- the reaction form -------------------------------------------------------------------------

def test_the_forms_wording_from_the_bank_keeps_the_shape_the_store_and_page_use():
    # content/live.yaml holds the words; the fields, their order and the scales stay the code's.
    assert evaluation.FIELDS == ("relevance", "confidence", "recommend", "useful", "change")
    for question, labels in evaluation.RATINGS.values():
        assert isinstance(question, str) and question
        assert list(labels) == [1, 2, 3, 4, 5] and all(isinstance(label, str) and label for label in labels.values())
    question, ends = evaluation.RECOMMEND
    assert isinstance(question, str) and list(ends) == [0, 10]
    assert list(evaluation.TEXTS) == ["useful", "change"]
    assert list(sessions.PULSE_ITEMS) == ["direction", "connection", "voice"]


def test_a_reaction_is_kept_with_tidy_texts():
    stored = sessions.validate_submission("reaction", reaction(useful="  The  role play\r\nand\tthe case. ",
                                                               change=None))
    assert stored == {"relevance": 4, "confidence": 3, "recommend": 9, "useful": "The role play\nand the case.",
                      "change": ""}
    long_text = "x" * evaluation.TEXT_LIMIT  # longer than the screen lets other answers be
    assert sessions.validate_submission("reaction", reaction(useful=long_text))["useful"] == long_text


def test_every_rating_is_required_within_its_scale():
    with pytest.raises(LiveInputError) as refused:
        sessions.validate_submission("reaction", {"relevance": 0, "confidence": True, "recommend": 11, "extra": 1})
    problems = refused.value.problems
    assert problems[0] == "Unknown question 'extra'."
    assert "needs an answer from 1 to 5" in problems[1] and "needs an answer from 1 to 5" in problems[2]
    assert "needs an answer from 0 to 10" in problems[3]
    assert [sessions.problem_field("reaction", p) for p in problems] == [
        None, "reaction.relevance", "reaction.confidence", "reaction.recommend"]
    with pytest.raises(LiveInputError, match="Please answer: “How relevant"):
        sessions.validate_submission("reaction", {"confidence": 3, "recommend": 5})


@pytest.mark.parametrize("text, why", [
    ("ring\x07bell", "an invisible control character"),
    ("nul\x00here", "an invisible control character"),
    ("abc\u202edcba", "changes the text's direction"),
    ("broken \ud800", "a broken character"),
    ("x" * (evaluation.TEXT_LIMIT + 1), f"keep it to {evaluation.TEXT_LIMIT} characters"),
])
def test_texts_with_control_characters_or_too_long_are_refused_beside_their_field(text, why):
    with pytest.raises(LiveInputError) as refused:
        sessions.validate_submission("reaction", reaction(change=text))
    [problem] = refused.value.problems
    assert problem.startswith("One thing I would change:") and why in problem
    assert text not in problem  # never echoed
    assert sessions.problem_field("reaction", problem) == "reaction.change"


def test_the_screen_still_refuses_long_texts_elsewhere():
    with pytest.raises(LiveInputError, match="far longer"):
        sessions.validate_submission("pulse", {"direction": "x" * 100})
    with pytest.raises(LiveInputError, match="please type text"):
        sessions.validate_submission("reaction", reaction(useful=["a", "list"]))


def test_the_room_sees_counts_means_and_the_net_promoter_distribution():
    answers = [reaction(5, 4, 10), reaction(4, 4, 9), reaction(4, 3, 8), reaction(3, 2, 6), reaction(2, 2, 0)]
    result = sessions.room_aggregate("reaction", answers, 5)
    relevance, confidence = result["ratings"]
    assert relevance["counts"] == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1} and relevance["mean"] == pytest.approx(3.6)
    assert confidence["mean"] == pytest.approx(3.0)
    recommend = result["recommend"]
    assert recommend["counts"][10] == 1 and recommend["counts"][0] == 1 and sum(recommend["counts"].values()) == 5
    assert recommend["groups"] == {"detractors": 2, "passives": 1, "promoters": 2}
    assert recommend["score"] == 0 and recommend["mean"] == pytest.approx(6.6)
    assert "net promoter score +0" in result["description"]
    assert not sessions.room_aggregate("reaction", answers[:4], 5)["shown"]


def test_free_text_is_hidden_until_the_threshold_of_people_wrote_one():
    answers = [reaction(useful=f"useful {n}" if n < 4 else "") for n in range(8)]  # 8 answers, 4 texts
    result = sessions.room_aggregate("reaction", answers, 5)
    useful, change = result["texts"]
    assert result["shown"] and useful["count"] == 4 and not useful["shown"] and useful["texts"] == []
    assert change["count"] == 0 and not change["shown"]
    assert "useful 0" not in repr(result)
    answers[5]["useful"] = "useful 5"
    useful = sessions.room_aggregate("reaction", answers, 5)["texts"][0]
    assert useful["shown"] and sorted(useful["texts"]) == [f"useful {n}" for n in (0, 1, 2, 3, 5)]


def test_free_text_is_never_linked_to_the_same_persons_ratings_or_other_text():
    """The texts are plain lists beside, not inside, any rating; each list is shuffled on its own,
    so a position in one list says nothing about the other list or the arrival order."""
    answers = [reaction(relevance=1 + n % 5, recommend=n, useful=f"u{n}", change=f"c{n}") for n in range(8)]
    orders = set()
    for seed in range(30):
        result = evaluation.aggregate_reaction(answers, 5, rng=random.Random(seed))
        useful, change = (listed["texts"] for listed in result["texts"])
        assert sorted(useful) == sorted(f"u{n}" for n in range(8))
        assert all(isinstance(text, str) for text in (*useful, *change))
        orders.add(tuple(int(u[1:]) - int(c[1:]) for u, c in zip(useful, change, strict=True)))
        for row in result["ratings"]:
            assert set(row) == {"item", "question", "labels", "counts", "mean"}
    assert len(orders) > 1  # the two lists are not shuffled in step
    arrival = [f"u{n}" for n in range(8)]
    shuffled = [evaluation.aggregate_reaction(answers, 5)["texts"][0]["texts"] for _ in range(5)]
    assert any(order != arrival for order in shuffled)


def test_the_own_reaction_result_repeats_the_ratings_only():
    stored = sessions.validate_submission("reaction", reaction(useful="secret words"))
    text = sessions.own_result("reaction", stored)
    assert "relevant (4 of 5)" in text and "9 of 10" in text and "secret words" not in text
