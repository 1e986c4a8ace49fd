"""The learners' self-check: run an assignment's VISIBLE checks against a learner's answers.

    from widgets.core.selfcheck import visible_report
    report = visible_report("fundamentals", "q3", globals())
    report.passed, report.text()

The checks and their hints live in `widgets/checks/<assignment>.py`, one `Question` per
autograded question. That module is released to learners with the exercises: it holds no
solution and no hidden test, only what a learner may see. The same checks run in two places:

* `check("q3")` (widgets/selfcheck.py), in JupyterLab or Voila, for instant feedback;
* the visible part of the nbgrader test cell `q3_tests`, before the hidden tests.

The runner never raises on a learner's answer. A missing variable, a wrong type, or an
exception inside the learner's own function all become one friendly sentence in the report.
This module is pure: no ipywidgets, IPython or Voila.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from numbers import Integral, Real

from widgets.core.content import load_content
from widgets.core.problems import InputProblems
from widgets.core.text import is_number

__all__ = [
    "ASSIGNMENTS",
    "FAILED",
    "NOT_RUN",
    "PASSED",
    "Check",
    "CheckFailed",
    "LearnerCodeError",
    "Outcome",
    "Question",
    "Report",
    "SelfCheckError",
    "call",
    "describe",
    "is_number",
    "is_whole_number",
    "load_questions",
    "number_check",
    "range_check",
    "require",
    "run_question",
    "visible_report",
]

ASSIGNMENTS = ("fundamentals", "intermediate", "advanced")

PASSED = "passed"
FAILED = "failed"
NOT_RUN = "not run"
STATUS_SYMBOLS = {PASSED: "✓", FAILED: "✗", NOT_RUN: "–"}

_MAX_REPR = 60

# The wording of a report and of the ready-made checks lives in content/selfcheck.yaml, where a
# trainer can change it (widgets.core.content): format strings the code fills in.
_REPORT = dict(load_content("selfcheck")["report"])
_CHECKS = dict(load_content("selfcheck")["checks"])


class CheckFailed(AssertionError):
    """Raised by a visible check: its message is shown to the learner as it is."""


class LearnerCodeError(Exception):
    """The learner's own function raised while a check called it."""

    def __init__(self, name: str, error: BaseException):
        self.name = name
        self.error = error
        super().__init__(name, error)

    def __str__(self) -> str:
        error = type(self.error).__name__ + (f": {_short(str(self.error))}" if str(self.error) else "")
        return _REPORT["learner_code_error"].format(name=self.name, error=error)


class SelfCheckError(InputProblems):
    """An unknown assignment or question: one sentence that lists the valid ones."""


@dataclass(frozen=True)
class Check:
    """One visible test: what it checks, the function that checks it, and a hint.

    `test(namespace)` returns nothing when the answer passes and raises CheckFailed with a
    sentence for the learner when it does not.
    """

    description: str
    test: Callable[[Mapping[str, object]], object]
    hint: str = ""


@dataclass(frozen=True)
class Question:
    """An autograded question's visible checks, and the names its answer must define."""

    key: str
    title: str
    variables: tuple[str, ...]
    checks: tuple[Check, ...]
    hint: str = ""


@dataclass(frozen=True)
class Outcome:
    description: str
    status: str
    message: str = ""
    hint: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASSED


@dataclass(frozen=True)
class Report:
    """The result of one question's visible checks."""

    assignment: str
    question: str
    title: str
    outcomes: tuple[Outcome, ...] = ()
    problem: str = ""  # a reason no check could run: unknown question, missing variables
    hint: str = ""
    missing: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.problem and bool(self.outcomes) and all(o.passed for o in self.outcomes)

    @property
    def passed_count(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def headline(self) -> str:
        name = f"{self.question} ({self.title})" if self.title else self.question
        if self.problem:
            return _REPORT["not_checked"].format(name=name)
        total = len(self.outcomes)
        return _REPORT["headline"].format(name=name, passed=self.passed_count, total=total)

    def lines(self) -> list[str]:
        """The report as plain lines: the headline, then one line per check, with hints."""
        lines = [self.headline]
        if self.problem:
            lines.append(self.problem)
            if self.hint:
                lines.append(_REPORT["hint"].format(hint=self.hint))
            return lines
        for outcome in self.outcomes:
            lines.append(f"{STATUS_SYMBOLS[outcome.status]} {outcome.description}")
            if outcome.status == FAILED:
                if outcome.message:
                    lines.append(f"    {outcome.message}")
                if outcome.hint:
                    lines.append("    " + _REPORT["hint"].format(hint=outcome.hint))
            elif outcome.status == NOT_RUN:
                lines.append("    " + _REPORT["not_run"])
        if self.passed:
            lines.append(_REPORT["all_passed"])
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------------------------
# Helpers for writing checks (used by widgets/checks/<assignment>.py)
# --------------------------------------------------------------------------------------------

def _short(text: str, limit: int = _MAX_REPR) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value) -> str:
    """A short, safe description of a learner's value: its type and a clipped repr."""
    kind = type(value).__name__
    if value is None:
        return "None"
    if callable(value) and not isinstance(value, type):
        return f"a function ({kind})"
    try:
        if hasattr(value, "shape") and not isinstance(value, (Real, str)):
            shape = value.shape
            return f"a {kind} of shape {tuple(shape)}"
        if isinstance(value, (Mapping, list, tuple, set, frozenset)):
            return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
        shown = repr(value)
    except Exception:  # noqa: BLE001 -- a learner's object whose repr fails
        return f"a {kind}"
    return f"a {kind} ({_short(shown)})"


def is_whole_number(value) -> bool:
    if not is_number(value):
        return False
    return isinstance(value, Integral) or float(value).is_integer()


def require(condition, message: str) -> None:
    """Fail the check with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


def call(namespace: Mapping[str, object], name: str, *args, **kwargs):
    """Call the learner's function `name`; its own exceptions become a LearnerCodeError."""
    function = namespace[name]
    if not callable(function):
        raise CheckFailed(_CHECKS["not_a_function"].format(name=name, value=describe(function)))
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 -- the learner's code: report it, never a traceback
        raise LearnerCodeError(name, error) from None


def number_check(name: str, whole: bool = False, hint: str = "") -> Check:
    """A check that `name` is a number (or a whole number)."""
    kind = _CHECKS["whole_number"] if whole else _CHECKS["number"]

    def test(namespace):
        value = namespace[name]
        ok = is_whole_number(value) if whole else is_number(value)
        extra = ""
        if not ok and hasattr(value, "item") and getattr(value, "size", 1) == 1:
            extra = _CHECKS["single_value"]
        require(ok, _CHECKS["should_be"].format(name=name, kind=kind, value=describe(value)) + extra)

    return Check(_CHECKS["is_kind"].format(name=name, kind=kind), test, hint)


def range_check(name: str, low: float, high: float, hint: str = "", what: str = "") -> Check:
    """A check that the number `name` lies between low and high (both included)."""
    span = what or _CHECKS["between"].format(low=_fmt(low), high=_fmt(high))

    def test(namespace):
        value = namespace[name]
        require(is_number(value), _CHECKS["should_be_number"].format(name=name, value=describe(value)))
        require(low <= value <= high, _CHECKS["not_in_range"].format(name=name, value=_fmt(value), span=span))

    return Check(_CHECKS["is_span"].format(name=name, span=span), test, hint)


def _fmt(value) -> str:
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.4g}"


# --------------------------------------------------------------------------------------------
# The runner
# --------------------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def load_questions(assignment: str) -> Mapping[str, Question]:
    """The visible checks of one assignment, by question key ("q1", "q2"...)."""
    if not isinstance(assignment, str) or assignment not in ASSIGNMENTS or not _NAME.match(assignment):
        raise SelfCheckError(
            _REPORT["unknown_assignment"].format(assignment=assignment, assignments=", ".join(ASSIGNMENTS))
        )
    module = importlib.import_module(f"widgets.checks.{assignment}")
    return module.QUESTIONS


def _missing_text(question: Question, missing: list[str]) -> str:
    quoted = [f"`{name}`" for name in missing]
    names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    verb = "is" if len(missing) == 1 else "are"
    return _REPORT["missing"].format(names=names, verb=verb, key=question.key)


def _run_check(check: Check, namespace: Mapping[str, object]) -> Outcome:
    try:
        check.test(namespace)
    except CheckFailed as failure:
        return Outcome(check.description, FAILED, str(failure), check.hint)
    except LearnerCodeError as error:
        return Outcome(check.description, FAILED, str(error), check.hint)
    except Exception as error:  # noqa: BLE001 -- a check tripped over an unexpected answer: say so kindly
        return Outcome(
            check.description,
            FAILED,
            _REPORT["check_tripped"].format(error=f"{type(error).__name__}: {_short(str(error))}"),
            check.hint,
        )
    return Outcome(check.description, PASSED)


def run_question(question: Question, namespace: Mapping[str, object], assignment: str = "") -> Report:
    """Run a question's visible checks in order; after the first failure the rest are not run,
    so that one mistake gives one message."""
    missing = [name for name in question.variables if name not in namespace]
    if missing:
        return Report(
            assignment, question.key, question.title,
            problem=_missing_text(question, missing), hint=question.hint, missing=tuple(missing),
        )
    outcomes: list[Outcome] = []
    failed = False
    for check in question.checks:
        if failed:
            outcomes.append(Outcome(check.description, NOT_RUN))
            continue
        outcome = _run_check(check, namespace)
        failed = outcome.status == FAILED
        outcomes.append(outcome)
    return Report(assignment, question.key, question.title, tuple(outcomes), hint=question.hint)


def visible_report(assignment: str, key: str, namespace: Mapping[str, object]) -> Report:
    """The report for one question of one assignment. Unknown names give a report whose
    `problem` lists the valid ones; this function does not raise on a learner's input."""
    try:
        questions = load_questions(assignment)
    except SelfCheckError as error:
        return Report(str(assignment), str(key), "", problem=str(error))
    question = questions.get(key) if isinstance(key, str) else None
    if question is None:
        keys = ", ".join(questions)
        return Report(
            assignment, str(key), "",
            problem=_REPORT["unknown_question"].format(key=key, assignment=assignment, keys=keys),
        )
    return run_question(question, namespace, assignment)
