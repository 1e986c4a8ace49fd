"""Did they learn, and how did they find it? A live session's evaluation, without a kernel.

Two kinds of live activity (registered in `widgets.core.sessions`), answered on the participant
page like the others:

- **The knowledge check, before and after** (Kirkpatrick level 2): ``check_before`` at the start
  of a session and ``check_after`` at its end, on the questions of one lesson's bank
  (`widgets.core.knowledge`). A check asks `live_questions`: at least one question per objective
  (the first of each), then the bank's next questions up to `LIVE_QUESTIONS`, in bank order, so
  the check takes a few minutes on a phone and every objective is measured. Options are shown
  in the bank's fixed shuffled order (`knowledge.option_order`); the page sends the bank's
  option indexes. Stored: ``{"lesson": stem, "choices": {question id: option index}}``.
  The participant sees their own result: right/total per objective, and, after the "after"
  check only, every question's verdict with its rationale (the "before" check must not teach
  the answers before the session). The room sees the share correct per objective, before
  against after (`check_gain`, from `knowledge.room_gain`), only for groups at or above the
  threshold.
- **The reaction form** (Kirkpatrick level 1): relevance to my job (1-5), confidence to apply
  (1-5), would I recommend it (0-10), the most useful part and one thing to change (free text,
  optional, at most `TEXT_LIMIT` characters, no control characters). The room sees counts and
  means, the recommendation as a net-promoter distribution, and each free-text list shuffled
  on its own and without the ratings, only when at least the threshold of people wrote one:
  so no comment is ever shown next to other answers of the same person.

Pure: no database, no widgets; every refusal is a `LiveInputError` (from `sessions`, which
imports this module: the error type is defined here and re-exported there).
"""

from __future__ import annotations

import random
import statistics
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from numbers import Integral

from widgets.core import knowledge
from widgets.core.content import ContentError, load_content
from widgets.core.problems import InputProblems
from widgets.core.text import join_words


class LiveInputError(InputProblems):
    """A submission or setting that is refused; `problems` holds one sentence per problem."""


CHECKS = {"check_before": "before", "check_after": "after"}
LIVE_QUESTIONS = 8  # at least one per objective, more only up to this many (a few minutes on a phone)

# ---------------------------------------------------------------------------------------------
# The knowledge check
# ---------------------------------------------------------------------------------------------


def check_lesson(lesson) -> str | None:
    """The lesson stem of a session's knowledge check (None for none), or LiveInputError."""
    if lesson is None or (isinstance(lesson, str) and not lesson.strip()):
        return None
    if not isinstance(lesson, str) or not knowledge.LESSON_STEM.fullmatch(lesson.strip()):
        raise LiveInputError([f"{str(lesson)[:40]!r} is not a lesson's name: use the stem of its notebook, "
                              "e.g. \"five-components\"."])
    lesson = lesson.strip()
    if not knowledge.has_bank(lesson) or not live_bank(lesson).questions:
        with_questions = [stem for stem in knowledge.lessons_with_banks() if _has_questions(stem)]
        raise LiveInputError([f"The lesson {lesson!r} has no knowledge-check questions yet; choose one of "
                              f"{join_words(with_questions, 'or')}."])
    return lesson


def _has_questions(lesson: str) -> bool:
    try:
        return bool(knowledge.load_bank(lesson).questions)
    except ContentError:
        return False


def lessons_for_checks() -> tuple[str, ...]:
    """The lessons whose bank has questions: those a session can check."""
    return tuple(stem for stem in knowledge.lessons_with_banks() if _has_questions(stem))


def live_questions(bank: knowledge.Bank, limit: int = LIVE_QUESTIONS) -> tuple[knowledge.Question, ...]:
    """The questions a live check asks, in bank order: the first of each objective, then the
    bank's next ones up to `limit` (never fewer than one per objective)."""
    chosen = {bank.questions_of(o.key)[0].key for o in bank.objectives if bank.questions_of(o.key)}
    for question in bank.questions:
        if len(chosen) >= limit:
            break
        chosen.add(question.key)
    return tuple(q for q in bank.questions if q.key in chosen)


def live_bank(lesson: str) -> knowledge.Bank:
    """The lesson's bank cut to the live check's questions (numbers are places in the check)."""
    bank = knowledge.load_bank(lesson)
    return replace(bank, questions=live_questions(bank))


def check_field(activity: str, question: str) -> str:
    return f"{activity}.{question}"


def validate_check(activity: str, answers, lesson: str | None) -> dict:
    """Every question of the live check answered with one of its options; the stored form."""
    if lesson is None:
        raise LiveInputError(["This session has no knowledge check."])
    bank = live_bank(lesson)
    if not isinstance(answers, Mapping):
        raise LiveInputError(["The knowledge check needs one chosen option per question."])
    questions = {q.key: q for q in bank.questions}
    problems = []
    unknown = [str(key)[:20] for key in answers if key not in questions]
    if unknown:
        problems.append(f"This check has no question {join_words(sorted(unknown), 'or')}; please reload the page.")
    choices = {}
    for question in bank.questions:
        number = bank.number(question)
        value = answers.get(question.key)
        if value is None:
            problems.append(f"Question {number}: please choose an answer.")
        elif isinstance(value, bool) or not isinstance(value, Integral) or not 0 <= value < len(question.options):
            problems.append(f"Question {number}: {str(value)[:20]!r} is not one of its options; please choose one.")
        else:
            choices[question.key] = int(value)
    if problems:
        raise LiveInputError(problems)
    return {"lesson": lesson, "choices": choices}


def check_problem_field(activity: str, problem: str, lesson: str | None) -> str | None:
    """The question a refusal is about ("Question 3: ..."), as the page's field name."""
    if lesson is None or not problem.startswith("Question "):
        return None
    number = problem[len("Question "):].split(":", 1)[0]
    if not number.isdigit():
        return None
    try:
        questions = live_bank(lesson).questions
    except ContentError:
        return None
    index = int(number) - 1
    return check_field(activity, questions[index].key) if 0 <= index < len(questions) else None


def check_own_result(activity: str, stored: Mapping) -> dict:
    """What the participant sees of their own check: right/total per objective; after the "after"
    check also every question's verdict with the rationale (never after "before")."""
    bank = live_bank(stored["lesson"])
    result = knowledge.score(bank, stored["choices"])
    lines = [f"{r.text} right: {r.objective.text}" for r in result.by_objective]
    sections = [{"heading": "Right answers per objective", "items": lines}]
    if CHECKS[activity] == "before":
        text = (f"You got {result.text} right. The answers and why they are right come after the session's "
                "last check, so this one does not give them away.")
        return {"text": text, "sections": sections}
    feedback = []
    for verdict in result.verdicts:
        number = bank.number(verdict.question)
        if verdict.correct:
            feedback.append(f"Question {number}: right. “{verdict.right_option.text}” {verdict.right_option.why}")
        else:
            feedback.append(
                f"Question {number}: not quite. You chose “{verdict.chosen_option.text}”: "
                f"{verdict.chosen_option.why} The right answer: “{verdict.right_option.text}” "
                f"{verdict.right_option.why}")
    sections.append({"heading": "Every question, with why", "items": feedback})
    if result.reread:
        sections.append({"heading": "Sections to reread in the lesson", "items": list(result.reread)})
    return {"text": f"You got {result.text} right.", "sections": sections}


def _side(activity: str) -> str:
    return CHECKS[activity]


def aggregate_check(activity: str, responses: Sequence[Mapping], min_group_size: int) -> dict:
    """One side of the check (before or after): the room's share correct per objective
    (`knowledge.room_gain` with the other side empty), a group below the threshold hidden."""
    lesson = responses[0]["lesson"]
    bank = live_bank(lesson)
    choices = [r["choices"] for r in responses if r.get("lesson") == lesson]
    side = _side(activity)
    gains = knowledge.room_gain(bank, choices if side == "before" else [],
                                choices if side == "after" else [], min_group_size)
    rows = []
    for gain in gains:
        share = gain.before if side == "before" else gain.after
        rows.append({"objective": gain.objective.key, "text": gain.objective.text,
                     "share": None if share is None else share.share,
                     "share_text": hidden_text(min_group_size) if share is None else share.text})
    description = f"Share of right answers per objective, {side} the session: " + "; ".join(
        f"{row['text'].rstrip('.')}: {row['share_text']}" for row in rows) + "."
    return {"lesson": lesson, "side": side, "objectives": rows, "description": description}


def hidden_text(min_group_size: int) -> str:
    return f"not shown (fewer than {min_group_size} people)"


def check_gain(lesson: str, before: Sequence[Mapping], after: Sequence[Mapping], min_group_size: int) -> dict:
    """The room's share correct per objective, before against after (`knowledge.room_gain`).

    `before` and `after` are the stored answers the room was last shown for each side (empty
    when a side was never shown). A side below the threshold is None, never zero, and so is the
    change. Returns {"lesson", "rows", "description", "any_shown"}; each row has the objective,
    `before`/`after` (share 0-1 or None), their texts, and `change` in percentage points or None.
    """
    bank = live_bank(lesson)
    def pick(answers: Sequence[Mapping]) -> list[Mapping]:
        return [a["choices"] for a in answers if a.get("lesson") == lesson]

    gains = knowledge.room_gain(bank, pick(before), pick(after), min_group_size)
    hidden = hidden_text(min_group_size)
    rows = []
    for gain in gains:
        change = None if gain.gain is None else round(100 * gain.gain)
        rows.append({
            "objective": gain.objective.key, "text": gain.objective.text,
            "before": None if gain.before is None else gain.before.share,
            "after": None if gain.after is None else gain.after.share,
            "before_text": hidden if gain.before is None else gain.before.text,
            "after_text": hidden if gain.after is None else gain.after.text,
            "change": change,
            "change_text": "not shown" if change is None else f"{change:+d} points",
        })
    parts = [f"{row['text']} Before: {row['before_text']}; after: {row['after_text']}; change: {row['change_text']}."
             for row in rows]
    description = (f"The room's share of right answers per objective, before and after the session "
                   f"(a group of fewer than {min_group_size} people is not shown). " + " ".join(parts))
    return {"lesson": lesson, "rows": rows, "description": description,
            "any_shown": any(r["before"] is not None or r["after"] is not None for r in rows)}


# ---------------------------------------------------------------------------------------------
# The reaction form (level 1)
# ---------------------------------------------------------------------------------------------

# The wording (questions, answer labels, the free texts' labels) lives in content/live.yaml,
# where a trainer can change it (widgets.core.content); the scales stay here.
_REACTION = load_content("live")["reaction"]

# Each rating: (question, {1: label, ..., 5: label}).
RATINGS = {
    field: (rating["question"], dict(enumerate(rating["labels"], start=1)))
    for field, rating in _REACTION["ratings"].items()
}
RECOMMEND_RANGE = range(0, 11)
# (question, {0: the low end's label, 10: the high end's label})
RECOMMEND = (_REACTION["recommend"]["question"],
             {RECOMMEND_RANGE[0]: _REACTION["recommend"]["low"], RECOMMEND_RANGE[-1]: _REACTION["recommend"]["high"]})
TEXTS = dict(_REACTION["texts"])
TEXT_LIMIT = 500  # characters per free-text answer: two or three sentences
FIELDS = (*RATINGS, "recommend", *TEXTS)
# Characters that reorder how text is shown (bidirectional embeddings, overrides, isolates):
# in a comment they could make a report line read differently from what was typed.
_DIRECTION_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def text_problems(label: str, value) -> list[str]:
    """Why a free-text answer cannot be kept, worded for the field; [] when it can."""
    if not isinstance(value, str):
        return [f"{label}: please type text (or leave it empty)."]
    found = []
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        found.append("a broken character")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        found.append("an invisible control character (perhaps pasted with the text)")
    if any(ch in _DIRECTION_CONTROLS for ch in value):
        found.append("a character that changes the text's direction")
    problems = [f"{label}: your text contains {' and '.join(found)}; please type it again without it."] if found else []
    if len(value) > TEXT_LIMIT:
        problems.append(f"{label}: please keep it to {TEXT_LIMIT} characters (you wrote {len(value):,}).")
    return problems


def _clean_text(value: str) -> str:
    lines = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def validate_reaction(answers) -> dict:
    """Both ratings (1-5) and the recommendation (0-10) required, the texts optional."""
    if not isinstance(answers, Mapping):
        raise LiveInputError(["The reaction form needs an answer to each rating."])
    problems = [f"Unknown question {str(k)[:20]!r}." for k in answers if k not in FIELDS]
    clean: dict = {}
    scales = {**{k: (q, range(1, 6)) for k, (q, _) in RATINGS.items()}, "recommend": (RECOMMEND[0], RECOMMEND_RANGE)}
    for field, (question, scale) in scales.items():
        value = answers.get(field)
        if value is None:
            problems.append(f"Please answer: “{question}”")
        elif isinstance(value, bool) or not isinstance(value, Integral) or value not in scale:
            problems.append(f"“{question}” needs an answer from {scale[0]} to {scale[-1]}.")
        else:
            clean[field] = int(value)
    for field, label in TEXTS.items():
        value = answers.get(field)
        value = "" if value is None else value
        found = text_problems(label, value)
        problems += found
        if not found:
            clean[field] = _clean_text(value)
    if problems:
        raise LiveInputError(problems)
    return clean


def reaction_problem_field(problem: str) -> str | None:
    for field, (question, _) in RATINGS.items():
        if f"“{question}”" in problem:
            return f"reaction.{field}"
    if f"“{RECOMMEND[0]}”" in problem:
        return "reaction.recommend"
    for field, label in TEXTS.items():
        if problem.startswith(label + ":"):
            return f"reaction.{field}"
    return None


def reaction_own_result(stored: Mapping) -> dict:
    parts = [f"{RATINGS[k][1][stored[k]].lower()} ({stored[k]} of 5)" for k in RATINGS]
    text = (f"You found the session {parts[0]}, and you feel {parts[1]} to apply it; you would recommend it "
            f"{stored['recommend']} of 10. Thank you!")
    return {"text": text}


def net_promoter(scores: Sequence[int]) -> dict:
    """Detractors (0-6), passives (7-8) and promoters (9-10): counts, shares and the score
    (percent promoters minus percent detractors, -100 to 100)."""
    total = len(scores)
    groups = {"detractors": sum(s <= 6 for s in scores), "passives": sum(7 <= s <= 8 for s in scores),
              "promoters": sum(s >= 9 for s in scores)}
    shares = {name: count / total for name, count in groups.items()}
    return {"groups": groups, "group_shares": shares,
            "score": round(100 * (shares["promoters"] - shares["detractors"]))}


def free_text(responses: Sequence[Mapping], field: str, min_group_size: int, rng=None) -> dict:
    """One free-text list of the room: the non-empty texts, shuffled on their own, only when at
    least the threshold of people wrote one; else the count only."""
    texts = [r[field] for r in responses if r.get(field)]
    shown = len(texts) >= min_group_size
    if shown:
        (rng or random.SystemRandom()).shuffle(texts)
    return {"field": field, "label": TEXTS[field], "count": len(texts), "shown": shown,
            "texts": texts if shown else []}


def aggregate_reaction(responses: Sequence[Mapping], min_group_size: int, rng=None) -> dict:
    """Counts and means of the ratings, the recommendation's distribution (0-10) with its net
    promoter score, and the two free-text lists, each shuffled independently and never beside
    a rating (see `free_text`)."""
    ratings = []
    for field, (question, labels) in RATINGS.items():
        values = [r[field] for r in responses]
        ratings.append({"item": field, "question": question, "labels": labels,
                        "counts": {v: values.count(v) for v in labels}, "mean": statistics.fmean(values)})
    recommend = [r["recommend"] for r in responses]
    nps = net_promoter(recommend)
    texts = [free_text(responses, field, min_group_size, rng) for field in TEXTS]
    lines = [f"“{row['question']}”: mean {row['mean']:.1f} of 5." for row in ratings]
    lines.append(
        f"“{RECOMMEND[0]}”: mean {statistics.fmean(recommend):.1f} of 10; {nps['groups']['promoters']} promoters "
        f"(9-10), {nps['groups']['passives']} passives (7-8), {nps['groups']['detractors']} detractors (0-6): "
        f"net promoter score {nps['score']:+d}.")
    for listed in texts:
        if not listed["shown"]:
            lines.append(f"{listed['label']}: {listed['count']} written; shown from {min_group_size}.")
    return {
        "ratings": ratings,
        "recommend": {"question": RECOMMEND[0], "counts": {v: recommend.count(v) for v in RECOMMEND_RANGE},
                      "mean": statistics.fmean(recommend), **nps},
        "texts": texts,
        "description": " ".join(lines),
    }
