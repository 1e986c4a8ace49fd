"""Did they learn? A lesson's knowledge check: its question bank, a learner's score, the room's gain.

Each lesson has a question bank, `content/knowledge/<stem>.yaml` (the stem of the lesson's
notebook), checked against the shared `content/knowledge.schema.json`: the lesson's objectives
(one per bullet of its "## Objectives", with the heading of the section to reread) and at least
five scenario questions, each tied to one objective, with 3-5 options of which exactly one is
right and every option saying why (a wrong one: why it is tempting). The rules a schema cannot
state are `bank_problems`; a bank that breaks them stops with one sentence, like any bank.

- `load_bank(lesson)`: the bank as a `Bank` (`has_bank` first: a lesson may have none yet);
- `score(bank, answers)`: one learner's answers (question id -> option index in the bank, as
  `check_answers` accepts them) to a `Result`: a `Verdict` per question with both rationales,
  right/total per objective, and the sections to reread for the objectives missed;
- `room_gain(bank, before, after, min_group_size)`: the room's share correct per objective
  before and after a session, each shown only for a group of at least the threshold.

Options are shown in a fixed shuffled order (`option_order`), the same on every page, so the
right answer is not always where the author wrote it. Pure: no ipywidgets, no kernel.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral

from widgets.core.content import CONTENT_DIR, ContentError, bank_path, load_content
from widgets.core.problems import InputProblems
from widgets.core.survey import ABSOLUTE_MIN_GROUP_SIZE, MIN_GROUP_SIZE
from widgets.core.text import join_words

GROUP = "knowledge"  # the banks' folder in content/ and the name of their shared schema
LESSON_STEM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class KnowledgeInputError(InputProblems):
    """Answers that cannot be scored yet (a question left open), or a lesson name that is not one."""


@dataclass(frozen=True)
class Objective:
    key: str
    text: str
    reread: str  # the heading of the lesson section to reread


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Question:
    key: str
    objective: str  # an Objective's key
    stem: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> int:
        """The index of the right option."""
        return next(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Bank:
    lesson: str
    level: str
    objectives: tuple[Objective, ...]
    questions: tuple[Question, ...]

    def objective(self, key: str) -> Objective:
        return next(o for o in self.objectives if o.key == key)

    def questions_of(self, key: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.objective == key)

    def number(self, question: Question) -> int:
        """The question's place in the check, from 1."""
        return self.questions.index(question) + 1


def bank_name(lesson: str) -> str:
    """The content name of a lesson's bank, e.g. "knowledge/smart-goals"; KnowledgeInputError if
    `lesson` is not a lesson's stem."""
    if not isinstance(lesson, str) or not LESSON_STEM.fullmatch(lesson):
        raise KnowledgeInputError(
            f"{str(lesson)[:60]!r} is not a lesson's name: use the stem of its notebook, e.g. \"five-components\"."
        )
    return f"{GROUP}/{lesson}"


def has_bank(lesson: str, folder=CONTENT_DIR) -> bool:
    """True when the lesson has a question bank (some lessons may not have one yet)."""
    return bank_path(bank_name(lesson), folder).is_file()


def lessons_with_banks(folder=CONTENT_DIR) -> tuple[str, ...]:
    """The stems of every lesson with a bank, sorted."""
    return tuple(sorted(path.stem for path in (folder / GROUP).glob("*.yaml")))


def bank_problems(data: Mapping) -> list[str]:
    """What the schema cannot check: unique ids, exactly one right option, every objective asked
    and every question's objective listed. [] for a usable bank (that matches the schema)."""
    problems = []
    objective_ids = [o["id"] for o in data["objectives"]]
    question_ids = [q["id"] for q in data["questions"]]
    for kind, ids in (("objective", objective_ids), ("question", question_ids)):
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            problems.append(f"the {kind} id{'s' if len(repeated) > 1 else ''} {join_words(repeated)} "
                            f"appear{'' if len(repeated) > 1 else 's'} more than once")
    for number, question in enumerate(data["questions"], start=1):
        where = f"questions > item {number} ({question['id']})"
        right = sum(1 for option in question["options"] if option.get("correct") is True)
        if right != 1:
            problems.append(f"{where} has {right} options marked correct: true, not exactly one")
        if question["objective"] not in objective_ids:
            problems.append(f"{where} is tied to {question['objective']}, which is not one of the objectives")
    asked = {q["objective"] for q in data["questions"]}
    for objective in data["objectives"]:
        if objective["id"] not in asked:
            problems.append(f"objective {objective['id']} has no question")
    return problems


def load_bank(lesson: str, folder=CONTENT_DIR) -> Bank:
    """The lesson's question bank; ContentError when it is missing or broken (one sentence)."""
    name = bank_name(lesson)
    data = load_content(name, folder)
    problems = bank_problems(data)
    if not problems and data["lesson"] != lesson:
        problems.append(f"the bank says it is for lesson {data['lesson']!r}, but its file is named for {lesson!r}")
    if problems:
        raise ContentError(f"{bank_path(name, folder)}: {'; '.join(problems)}.")
    return Bank(
        lesson=data["lesson"],
        level=data["level"],
        objectives=tuple(Objective(o["id"], o["text"], o["reread"]) for o in data["objectives"]),
        questions=tuple(
            Question(q["id"], q["objective"], q["stem"],
                     tuple(Option(o["text"], o.get("correct", False), o["why"]) for o in q["options"]))
            for q in data["questions"]
        ),
    )


def option_order(bank: Bank, question: Question) -> tuple[int, ...]:
    """The order to show the question's options in: bank indexes, shuffled the same way every time
    (seeded by the lesson and question), so the right answer is not always first."""
    order = list(range(len(question.options)))
    random.Random(f"{bank.lesson}/{question.key}").shuffle(order)
    return tuple(order)


# ---------------------------------------------------------------------------------------------
# One learner's check
# ---------------------------------------------------------------------------------------------

def _label(bank: Bank, question: Question) -> str:
    return f"Question {bank.number(question)}"


def check_answers(bank: Bank, answers: Mapping, *, complete: bool = True) -> dict[str, int]:
    """The answers as {question id: option index}, or KnowledgeInputError with every problem:
    unknown questions, options that do not exist, and (when `complete`) the questions left open."""
    if not isinstance(answers, Mapping):
        raise KnowledgeInputError("The answers must map each question to the option chosen.")
    questions = {q.key: q for q in bank.questions}
    problems = []
    unknown = sorted(str(key)[:20] for key in answers if key not in questions)
    if unknown:
        problems.append(f"This check has no question {join_words(unknown, 'or')}.")
    chosen: dict[str, int] = {}
    unanswered = []
    for question in bank.questions:
        value = answers.get(question.key)
        if value is None:
            unanswered.append(question)
        elif (not isinstance(value, Integral) or isinstance(value, bool)
              or not 0 <= value < len(question.options)):
            problems.append(f"{_label(bank, question)}: {str(value)[:20]!r} is not one of its "
                            f"{len(question.options)} options.")
        else:
            chosen[question.key] = int(value)
    if complete and unanswered:
        names = join_words([str(bank.number(q)) for q in unanswered])
        problems.append(
            f"Question{'s' if len(unanswered) > 1 else ''} {names} "
            f"{'have' if len(unanswered) > 1 else 'has'} no answer yet: choose one option in each, "
            "then check again."
        )
    if problems:
        raise KnowledgeInputError(problems)
    return chosen


@dataclass(frozen=True)
class Verdict:
    question: Question
    chosen: int  # the option index the learner chose

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.answer

    @property
    def chosen_option(self) -> Option:
        return self.question.options[self.chosen]

    @property
    def right_option(self) -> Option:
        return self.question.options[self.question.answer]


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    right: int
    total: int

    @property
    def missed(self) -> bool:
        return self.right < self.total

    @property
    def text(self) -> str:
        return f"{self.right} of {self.total}"


@dataclass(frozen=True)
class Result:
    lesson: str
    verdicts: tuple[Verdict, ...]
    by_objective: tuple[ObjectiveResult, ...]

    @property
    def right(self) -> int:
        return sum(v.correct for v in self.verdicts)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def text(self) -> str:
        return f"{self.right} of {self.total}"

    @property
    def reread(self) -> tuple[str, ...]:
        """The sections to reread for the objectives missed, each once, in objective order."""
        headings = [r.objective.reread for r in self.by_objective if r.missed]
        return tuple(dict.fromkeys(headings))


def score(bank: Bank, answers: Mapping) -> Result:
    """Score a learner's answers (question id -> option index); every question must be answered."""
    chosen = check_answers(bank, answers)
    verdicts = tuple(Verdict(q, chosen[q.key]) for q in bank.questions)
    by_objective = tuple(
        ObjectiveResult(
            objective,
            right=sum(v.correct for v in verdicts if v.question.objective == objective.key),
            total=sum(1 for v in verdicts if v.question.objective == objective.key),
        )
        for objective in bank.objectives
    )
    return Result(bank.lesson, verdicts, by_objective)


# ---------------------------------------------------------------------------------------------
# The room, before and after
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Share:
    """The right answers to one objective's questions in one group of people."""

    people: int  # answer sets with at least one of the objective's questions answered
    right: int
    answered: int  # questions of the objective answered, over all those people

    @property
    def share(self) -> float:
        return self.right / self.answered

    @property
    def text(self) -> str:
        return f"{round(100 * self.share)} % ({self.right} of {self.answered} answers)"


@dataclass(frozen=True)
class ObjectiveGain:
    """One objective, before and after; a side is None when its group is below the threshold
    (hidden: never shown as zero), and so is the gain unless both sides are shown."""

    objective: Objective
    before: Share | None
    after: Share | None
    people_before: int  # how many answered, shown even when the share is hidden
    people_after: int

    @property
    def gain(self) -> float | None:
        """After minus before, as a share (0.25 is 25 percentage points), or None if either is hidden."""
        if self.before is None or self.after is None:
            return None
        return self.after.share - self.before.share


def check_group_size(min_group_size) -> int:
    """The anonymity threshold: a whole number of people, at least ABSOLUTE_MIN_GROUP_SIZE (3)."""
    if isinstance(min_group_size, bool) or not isinstance(min_group_size, Integral):
        raise KnowledgeInputError(f"The minimum group size must be a whole number of people "
                                  f"(got {str(min_group_size)[:20]!r}).")
    if min_group_size < ABSOLUTE_MIN_GROUP_SIZE:
        raise KnowledgeInputError(
            f"The minimum group size cannot be below {ABSOLUTE_MIN_GROUP_SIZE} (got {min_group_size}): with "
            f"groups of 1 or 2, people can be identified from their answers. The usual setting is {MIN_GROUP_SIZE}."
        )
    return int(min_group_size)


def _shares(bank: Bank, answer_sets: Sequence[Mapping], phase: str, threshold: int) -> dict[str, tuple]:
    checked = []
    problems = []
    for number, answers in enumerate(answer_sets, start=1):
        try:
            checked.append(check_answers(bank, answers, complete=False))
        except KnowledgeInputError as error:
            problems += [f"{phase}, answer set {number}: {problem}" for problem in error.problems]
    if problems:
        raise KnowledgeInputError(problems)
    found = {}
    for objective in bank.objectives:
        keys = [q.key for q in bank.questions_of(objective.key)]
        answers = {q.key: q.answer for q in bank.questions_of(objective.key)}
        people = right = answered = 0
        for chosen in checked:
            mine = [key for key in keys if key in chosen]
            if mine:
                people += 1
                answered += len(mine)
                right += sum(chosen[key] == answers[key] for key in mine)
        shown = Share(people, right, answered) if people >= threshold else None
        found[objective.key] = (shown, people)
    return found


def room_gain(bank: Bank, before: Sequence[Mapping], after: Sequence[Mapping],
              min_group_size: int = MIN_GROUP_SIZE) -> tuple[ObjectiveGain, ...]:
    """The room's share of right answers per objective, before and after a session.

    `before` and `after` are lists of answer sets (question id -> option index; a set may leave
    questions open). For each objective and each side, the group is the people who answered at
    least one of its questions; a group smaller than `min_group_size` is hidden (None), never
    shown as zero, and so is that objective's gain. Raises KnowledgeInputError for a threshold
    below 3 or an answer set naming a question or option the bank does not have.
    """
    threshold = check_group_size(min_group_size)
    shares_before = _shares(bank, before, "Before", threshold)
    shares_after = _shares(bank, after, "After", threshold)
    return tuple(
        ObjectiveGain(objective, shares_before[objective.key][0], shares_after[objective.key][0],
                      shares_before[objective.key][1], shares_after[objective.key][1])
        for objective in bank.objectives
    )
