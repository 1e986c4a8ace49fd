"""The end of a level for a self-learner: what is still missing for the level's certificate, the
end-of-level self-assessment, and the certificate's data. Pure: no kernel, no ipywidgets.

**The rule** (`PASS_PERCENT`, stated on the page and on the certificate): a level is complete when
every lesson of the level is finished (its knowledge check was checked, `core/progress.py`) and
the latest check of each lesson has at least 70 % of its questions right (6 of 8, 9 of 12: the
questions of all its objectives together). A learner may retake a check as often as they like;
the latest attempt counts, as in the progress file.

- `level_status(level, lessons, progress)`: each lesson's state (not started, opened, below the
  mark, passed) with its latest score, and the level's `missing` lessons;
- `assess(status, ratings, first_step, today)`: the end-of-level self-assessment (how ready the
  learner is to use each lesson at work, on the bank's scale, and the first thing they will do),
  refused with every problem at once (`CompletionInputError`) until it is complete;
- `issue(status, name, assessment, today)`: the certificate's data (the name as typed, the
  level, the date, the lessons with their scores, the mark), refused while the level is not
  complete, the self-assessment is not saved, or the name is empty or too long;
- `plan_entry(assessment, status)`: the first step as an entry of the learner's plan.

**Where** (on this machine only, like the progress): ``<state dir>/completion.json``::

    {"format": "aligned-completion", "version": 1,
     "levels": {"fundamentals": {"ratings": {"what-is-alignment": 3, ...},
                                 "first_step": "On Monday I will ...", "assessed": "2026-01-15",
                                 "name": "Ana Costa", "issued": "2026-01-15"}}}

written atomically (a temporary file beside it, then a rename). A file that cannot be read is
renamed ``completion.damaged-<time>.json`` (kept) and the learner starts fresh with a one-sentence
notice. Forgetting the progress (`core.progress.forget`) deletes this file too: it is built on
the progress. The wording of the self-assessment and of the rule is the bank
`content/completion.yaml`.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from widgets.core import plan, statefile
from widgets.core.content import load_content
from widgets.core.lessons import LEVELS
from widgets.core.paths import state_dir
from widgets.core.problems import InputProblems
from widgets.core.progress import Progress
from widgets.core.text import join_words

PASS_PERCENT = 70
MARK = f"{PASS_PERCENT} %"
NAME_MAX = 80  # characters: what the certificate's name line holds at its size
FIRST_STEP_MAX = 300
FILE_NAME = "completion.json"
FORMAT = "aligned-completion"
VERSION = 1
PLAN_KIND = "completion"
# The certificate's title and the course it names: the trainer's blank certificate
# (widgets/delivery/handouts.py) and a self-learner's (widgets/completion.py) share them.
CERTIFICATE_TITLE = "Certificate of completion"
COURSE = "Aligned: organizational alignment for small and medium businesses"

# A lesson's state on the way to the certificate
NOT_STARTED = "not started"
OPENED = "opened"
BELOW = "below the mark"
PASSED = "passed"


class CompletionInputError(InputProblems):
    """A self-assessment or a certificate that cannot be made yet; every reason, for the learner."""


# -- the rule -----------------------------------------------------------------------------------


def needed(total: int) -> int:
    """Questions right that the mark asks of a check with `total` questions: 6 of 8, 9 of 12."""
    return -(-total * PASS_PERCENT // 100)


def passes(right: int, total: int) -> bool:
    """At least PASS_PERCENT % of the questions right (exactly at the mark passes)."""
    return total > 0 and right * 100 >= PASS_PERCENT * total


def percent(right: int, total: int) -> int:
    """The share right in whole percent, rounded down: a score below the mark never reads as the mark."""
    return right * 100 // total if total else 0


@functools.cache
def _bank() -> dict:
    return load_content("completion")


def rule_text() -> str:
    """The rule in the bank's words, with the mark."""
    return " ".join(_bank()["rule"].replace("{mark}", MARK).split())


def level_title(level: str) -> str:
    try:
        return LEVELS[level].title
    except KeyError:
        raise CompletionInputError(f"{str(level)[:40]!r} is not a level: use "
                                   f"{join_words(LEVELS, 'or')}.") from None


def long_date(day: date | None) -> str:
    return plan.long_date(day) if day else ""


def _day(stamp) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date() if isinstance(stamp, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class LessonStatus:
    """One lesson on the way to its level's certificate: its state and its latest score."""

    stem: str
    title: str
    link: str
    state: str  # NOT_STARTED, OPENED, BELOW or PASSED
    right: int = 0
    total: int = 0
    checked: date | None = None  # the day of the latest knowledge check

    @property
    def passed(self) -> bool:
        return self.state == PASSED

    @property
    def needed(self) -> int:
        return needed(self.total)

    @property
    def score(self) -> str:
        """"6 of 8 right (75 %)", or "" before any check."""
        if not self.total:
            return ""
        return f"{self.right} of {self.total} right ({percent(self.right, self.total)} %)"

    @property
    def missing(self) -> str:
        """What is still missing for this lesson, in words ("" once it is passed)."""
        if self.state == NOT_STARTED:
            return "not started yet: work through it and answer its knowledge check at the end"
        if self.state == OPENED:
            return "opened, but its knowledge check at the end is not answered yet"
        if self.state == BELOW:
            return (f"your latest knowledge check has {self.right} of {self.total} right; the certificate "
                    f"needs {self.needed} of {self.total} ({MARK}): reread the sections it suggests and "
                    "check again")
        return ""


@dataclass(frozen=True)
class LevelStatus:
    level: str
    title: str
    lessons: tuple[LessonStatus, ...]

    @property
    def complete(self) -> bool:
        return bool(self.lessons) and all(lesson.passed for lesson in self.lessons)

    @property
    def missing(self) -> tuple[LessonStatus, ...]:
        return tuple(lesson for lesson in self.lessons if not lesson.passed)

    @property
    def passed(self) -> int:
        return sum(lesson.passed for lesson in self.lessons)

    @property
    def completed_on(self) -> date | None:
        """The day of the latest of the level's checks, once the level is complete."""
        days = [lesson.checked for lesson in self.lessons if lesson.checked]
        return max(days) if self.complete and days else None

    def lesson(self, stem: str) -> LessonStatus | None:
        return next((lesson for lesson in self.lessons if lesson.stem == stem), None)

    @property
    def text(self) -> str:
        count = len(self.lessons)
        if not count:
            return f"The lessons of {self.title} are being written: there is no certificate yet."
        if self.complete:
            return (f"Complete: you finished all {count} lessons of {self.title}, each knowledge check "
                    f"with at least {MARK} of its questions right.")
        if all(lesson.state == NOT_STARTED for lesson in self.lessons):
            return (f"Not started: the certificate asks for all {count} lessons of {self.title}, each "
                    f"knowledge check with at least {MARK} of its questions right.")
        return (f"{self.passed} of {count} lessons of {self.title} done at the mark (at least {MARK} of "
                f"the knowledge check right). Still to do for the certificate:")

    @property
    def missing_sentence(self) -> str:
        titles = [f"“{lesson.title}”" for lesson in self.missing]
        return (f"The {self.title} certificate needs every lesson of the level finished at the mark; "
                f"still to do: {join_words(titles)}.")


def lesson_status(stem: str, title: str, link: str, progress: Progress) -> LessonStatus:
    entry = progress.lessons.get(stem, {})
    scores = progress.scores(stem).values()
    right = sum(max(0, int(s["right"])) for s in scores)
    total = sum(max(0, int(s["total"])) for s in scores)
    checked = _day(entry.get("checked") or entry.get("finished"))
    if progress.finished(stem) and total:
        state = PASSED if passes(right, total) else BELOW
        return LessonStatus(stem, title, link, state, right, total, checked)
    state = OPENED if progress.opened(stem) or progress.finished(stem) else NOT_STARTED
    return LessonStatus(stem, title, link, state)


def level_status(level: str, lessons: Sequence[tuple[str, str, str]], progress: Progress) -> LevelStatus:
    """Where `level` stands: `lessons` are its (stem, title, link) in teaching order."""
    return LevelStatus(level, level_title(level),
                       tuple(lesson_status(stem, title, link, progress) for stem, title, link in lessons))


# -- the self-assessment ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    label: str
    short: str


def wording() -> dict:
    """The self-assessment's wording (the bank's `self_assessment`)."""
    return _bank()["self_assessment"]


def scale() -> tuple[Scale, ...]:
    """From least to most ready; a rating is a position on it, from 1."""
    return tuple(Scale(item["label"], item["short"]) for item in wording()["scale"])


def question(lesson_title: str) -> str:
    return wording()["question"].replace("{lesson}", lesson_title)


def first_step_text(text) -> str:
    return " ".join(str(text or "").split())


@dataclass(frozen=True)
class SelfAssessment:
    level: str
    ratings: tuple[tuple[str, int], ...]  # (lesson stem, position on the scale from 1), in teaching order
    first_step: str
    assessed: date

    def rating(self, stem: str) -> int | None:
        return dict(self.ratings).get(stem)


def _rating_ok(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(scale())


def assess(status: LevelStatus, ratings: Mapping[str, int | None], first_step: str,
           today: date | None = None) -> SelfAssessment:
    """The end-of-level self-assessment; CompletionInputError lists everything still to fill in."""
    problems = []
    if not status.complete:
        problems.append(status.missing_sentence + " The self-assessment comes once the level is complete.")
    unrated = [f"“{lesson.title}”" for lesson in status.lessons if not _rating_ok(ratings.get(lesson.stem))]
    if unrated:
        problems.append(f"Say how ready you are to use {join_words(unrated)} at work.")
    step = first_step_text(first_step)
    if not step:
        problems.append("Write the first thing you will do at work, in one sentence (and when you will do it).")
    elif len(step) > FIRST_STEP_MAX:
        problems.append(f"Your first step is {len(step)} characters long: keep it to one sentence of at most "
                        f"{FIRST_STEP_MAX} characters.")
    if problems:
        raise CompletionInputError(problems)
    return SelfAssessment(status.level, tuple((lesson.stem, ratings[lesson.stem]) for lesson in status.lessons),
                          step, today or date.today())


def to_revisit(assessment: SelfAssessment, status: LevelStatus) -> tuple[LessonStatus, ...]:
    """The lessons rated in the lower half of the scale ("Not yet", "With help")."""
    low = len(scale()) // 2
    return tuple(lesson for lesson in status.lessons if (assessment.rating(lesson.stem) or 0) <= low)


def rating_rows(assessment: SelfAssessment, status: LevelStatus) -> list[tuple[str, str]]:
    """(lesson title, the rating's short label) in teaching order."""
    labels = scale()
    rows = []
    for lesson in status.lessons:
        rating = assessment.rating(lesson.stem)
        rows.append((lesson.title, labels[rating - 1].short if rating and rating <= len(labels) else "not rated"))
    return rows


def plan_entry(assessment: SelfAssessment, status: LevelStatus) -> plan.Entry:
    """The first step (with the ratings) as an entry of the learner's plan, reviewed at 30/60/90 days."""
    return plan.entry(PLAN_KIND, f"{status.title}: my first step", {
        "level": status.title,
        "first_step": assessment.first_step,
        "assessed": assessment.assessed.isoformat(),
        "ratings": [{"lesson": lesson, "rating": rating} for lesson, rating in rating_rows(assessment, status)],
    })


# -- the certificate ----------------------------------------------------------------------------


def certificate_name(text) -> str:
    """The name as typed (spaces tidied); CompletionInputError when it cannot go on a certificate."""
    name = " ".join(str(text or "").split())
    if not name:
        raise CompletionInputError("Type your name as it should appear on the certificate.")
    problems = []
    if len(name) > NAME_MAX:
        problems.append(f"Your name is {len(name)} characters long, and the certificate has room for {NAME_MAX}: "
                        "shorten it (initials are fine).")
    if any(unicodedata.category(char).startswith("C") for char in name):
        problems.append("Your name has a character that cannot be printed: type it again without it.")
    elif not any(char.isalpha() for char in name):
        problems.append("A name needs at least one letter.")
    if problems:
        raise CompletionInputError(problems)
    return name


@dataclass(frozen=True)
class Certificate:
    """What the learner's certificate shows."""

    name: str
    level: str
    level_title: str
    issued: date
    lessons: tuple[LessonStatus, ...]
    assessed: date
    mark: str = MARK

    @property
    def date_text(self) -> str:
        return long_date(self.issued)

    @property
    def assessed_text(self) -> str:
        return long_date(self.assessed)

    @property
    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """(lesson, latest knowledge check, checked on) in teaching order."""
        return tuple((lesson.title, lesson.score, long_date(lesson.checked)) for lesson in self.lessons)

    @property
    def statement(self) -> str:
        return (f"Every lesson finished, with at least {self.mark} of the questions of each lesson's "
                "knowledge check right (the latest attempt).")

    @property
    def file_stem(self) -> str:
        return f"aligned-certificate-{self.level}"


def issue(status: LevelStatus, name, assessment: SelfAssessment | None, today: date | None = None) -> Certificate:
    """The level's certificate; CompletionInputError says everything that stands in its way."""
    problems = []
    try:
        typed = certificate_name(name)
    except CompletionInputError as error:
        problems += error.problems
    if not status.complete:
        problems.append(status.missing_sentence)
    elif assessment is None or assessment.level != status.level:
        problems.append("Save your self-assessment first: the certificate comes after it.")
    if problems:
        raise CompletionInputError(problems)
    return Certificate(typed, status.level, status.title, today or date.today(), status.lessons, assessment.assessed)


# -- the file -----------------------------------------------------------------------------------

DAMAGED_NOTICE = ("Your saved self-assessments could not be read, so they start fresh. The old file is kept "
                  "as {backup} in case you want to look at it.")


@dataclass(frozen=True)
class Saved:
    """What completion.json holds, per level, and a one-sentence `notice` when a damaged file was set aside."""

    levels: Mapping[str, Mapping] = field(default_factory=dict)
    notice: str = ""

    def assessment(self, level: str) -> SelfAssessment | None:
        record = self.levels.get(level)
        assessed = _day(record.get("assessed")) if record else None
        if not record or assessed is None:
            return None
        return SelfAssessment(level, tuple((stem, value) for stem, value in record.get("ratings", {}).items()
                                           if _rating_ok(value)), record.get("first_step", ""), assessed)

    def name(self, level: str | None = None) -> str:
        """The name last put on `level`'s certificate, else on any certificate, else ""."""
        if level and self.levels.get(level, {}).get("name"):
            return self.levels[level]["name"]
        named = sorted((record.get("issued", ""), record["name"]) for record in self.levels.values()
                       if record.get("name"))
        return named[-1][1] if named else ""

    def issued(self, level: str) -> date | None:
        return _day(self.levels.get(level, {}).get("issued"))

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "levels": {k: dict(v) for k, v in self.levels.items()}}


def completion_path(folder: Path | None = None) -> Path:
    return (folder if folder is not None else state_dir()) / FILE_NAME


def _valid(data) -> bool:
    if not isinstance(data, Mapping) or data.get("format") != FORMAT or data.get("version") != VERSION:
        return False
    levels = data.get("levels")
    if not isinstance(levels, Mapping):
        return False
    for key, record in levels.items():
        if not isinstance(key, str) or not isinstance(record, Mapping):
            return False
        if any(k in record and not isinstance(record[k], str) for k in ("first_step", "assessed", "name", "issued")):
            return False
        ratings = record.get("ratings", {})
        if not isinstance(ratings, Mapping) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in ratings.values()):
            return False
    return True


def load(folder: Path | None = None) -> Saved:
    """The saved self-assessments and names; empty when there are none; a damaged file is set aside."""
    data, backup = statefile.read_json(completion_path(folder), _valid)
    if data is not None:
        return Saved({key: dict(value) for key, value in data["levels"].items()})
    if backup is None:
        return Saved()
    return Saved(notice=DAMAGED_NOTICE.format(backup=backup.name))


def save(saved: Saved, folder: Path | None = None) -> Path:
    """Write atomically (`statefile.write_atomically`)."""
    return statefile.write_atomically(completion_path(folder),
                                      json.dumps(saved.to_json(), ensure_ascii=False, indent=2, sort_keys=True))


def _update(level: str, changes: Mapping, folder: Path | None) -> Saved:
    saved = load(folder)
    levels = {key: dict(value) for key, value in saved.levels.items()}
    levels.setdefault(level, {}).update(changes)
    result = Saved(levels, saved.notice)
    save(result, folder)
    return result


def save_assessment(assessment: SelfAssessment, folder: Path | None = None) -> Saved:
    """Keep the level's self-assessment (replacing an earlier one of the level)."""
    return _update(assessment.level, {"ratings": dict(assessment.ratings), "first_step": assessment.first_step,
                                      "assessed": assessment.assessed.isoformat()}, folder)


def record_certificate(certificate: Certificate, folder: Path | None = None) -> Saved:
    """Keep the name put on the certificate (for the next one) and the day it was issued."""
    return _update(certificate.level, {"name": certificate.name, "issued": certificate.issued.isoformat()}, folder)


def forget(folder: Path | None = None) -> bool:
    """Delete the saved self-assessments and names (backups stay). True when there was something."""
    return statefile.delete(completion_path(folder))


__all__ = ["BELOW", "CERTIFICATE_TITLE", "COURSE", "FILE_NAME", "MARK", "NAME_MAX", "NOT_STARTED", "OPENED",
           "PASSED", "PASS_PERCENT",
           "Certificate", "CompletionInputError", "LessonStatus", "LevelStatus", "Saved", "Scale", "SelfAssessment",
           "assess", "certificate_name", "completion_path", "first_step_text", "forget", "issue", "level_status",
           "level_title", "load", "needed", "passes", "percent", "plan_entry", "question", "rating_rows",
           "record_certificate", "rule_text", "save", "save_assessment", "scale", "to_revisit", "wording"]
