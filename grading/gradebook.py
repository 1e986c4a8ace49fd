"""Reading and writing nbgrader's gradebook (SQLite or PostgreSQL) for the pipeline."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from grading.config import COURSE_ID, Course, redact
from grading.errors import GradingError

QUESTION_SUFFIX = re.compile(r"[_-](tests?|answer|solution|check|manual|written)$")


def question_of(grade_id: str) -> str:
    """The question a cell belongs to: ``q3_tests`` and ``q3_answer`` are both ``q3``."""
    return QUESTION_SUFFIX.sub("", grade_id)


@contextmanager
def open_gradebook(course: Course):
    from nbgrader.api import Gradebook

    try:
        gb = Gradebook(course.db_url, COURSE_ID)
    except Exception as error:  # noqa: BLE001 -- nbgrader and SQLAlchemy raise many kinds: one line for all
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise GradingError(f"Cannot open the gradebook at {redact(course.db_url)}: {first}") from None
    try:
        yield gb
    finally:
        gb.close()


def is_released(course: Course, assignment: str) -> bool:
    from nbgrader.api import MissingEntry

    with open_gradebook(course) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return False
        return len(found.notebooks) > 0


def set_due_date(course: Course, assignment: str, due: datetime | None) -> None:
    with open_gradebook(course) as gb:
        naive = due.replace(tzinfo=None) if due is not None else None  # nbgrader stores UTC, naive
        gb.update_or_create_assignment(assignment, duedate=naive)


def ensure_students(course: Course, students: list[str]) -> None:
    with open_gradebook(course) as gb:
        known = {s.id for s in gb.students}
        for student in students:
            if student not in known:
                gb.add_student(student)


def record_failure(course: Course, assignment: str, student: str) -> None:
    """A submission that could not be graded: every grade zero, each notebook flagged."""
    with open_gradebook(course) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.manual_score is None:
                    grade.auto_score = 0.0
                    grade.needs_manual_grade = False
            notebook.flagged = True
            notebook.late_submission_penalty = None
        gb.db.commit()


def clear_flags(course: Course, assignment: str, student: str, flagged: bool) -> None:
    with open_gradebook(course) as gb:
        submission = gb.find_submission(assignment, student)
        for notebook in submission.notebooks:
            notebook.flagged = flagged
        gb.db.commit()


@dataclass
class QuestionGrade:
    notebook: str
    cell: str
    question: str
    kind: str  # "autograded", "manual" or "task"
    score: float | None
    max_score: float
    needs_manual_grade: bool


@dataclass
class SubmissionGrades:
    student: str
    first_name: str | None
    last_name: str | None
    email: str | None
    score: float
    max_score: float
    late_penalty: float
    timestamp: datetime | None
    seconds_late: float
    needs_manual_grade: bool
    flagged: bool
    questions: list[QuestionGrade] = field(default_factory=list)

    @property
    def final_score(self) -> float:
        return max(0.0, self.score - self.late_penalty)


def _kind(grade) -> str:
    cell = grade.cell
    if cell.type == "TaskCell":
        return "task"
    return "autograded" if cell.cell_type == "code" else "manual"


def _order(found) -> dict:
    order = {}
    for nb_index, notebook in enumerate(found.notebooks):
        for cell_index, cell in enumerate(sorted(notebook.grade_cells + notebook.task_cells, key=lambda c: c.name)):
            order[(notebook.name, cell.name)] = (nb_index, cell_index)
    return order


def _row(submission, order: dict, max_score: float) -> SubmissionGrades:
    student = submission.student
    questions = []
    flagged = False
    for notebook in submission.notebooks:
        flagged = flagged or bool(notebook.flagged)
        for grade in notebook.grades:
            questions.append(QuestionGrade(
                notebook=notebook.name,
                cell=grade.name,
                question=question_of(grade.name),
                kind=_kind(grade),
                score=(None if grade.manual_score is None and grade.auto_score is None
                       else float(grade.score or 0)),
                max_score=float(grade.max_score or 0),
                needs_manual_grade=bool(grade.needs_manual_grade),
            ))
    questions.sort(key=lambda q: order.get((q.notebook, q.cell), (99, 99)) + (q.cell,))
    return SubmissionGrades(
        student=student.id,
        first_name=student.first_name,
        last_name=student.last_name,
        email=student.email,
        score=float(submission.score or 0),
        max_score=float(submission.max_score or max_score),
        late_penalty=float(submission.late_submission_penalty or 0),
        timestamp=submission.timestamp,
        seconds_late=float(submission.total_seconds_late or 0),
        needs_manual_grade=bool(submission.needs_manual_grade),
        flagged=flagged,
        questions=questions,
    )


def _find_assignment(gb, assignment: str):
    from nbgrader.api import MissingEntry

    try:
        return gb.find_assignment(assignment)
    except MissingEntry:
        raise GradingError(
            f"Assignment {assignment!r} is not in the gradebook: run `aligned-grade release {assignment}` first."
        ) from None


def assignment_grades(course: Course, assignment: str) -> tuple[float, list[SubmissionGrades]]:
    """The assignment's maximum score and every submission's grades, per question."""
    with open_gradebook(course) as gb:
        found = _find_assignment(gb, assignment)
        max_score = float(found.max_score or 0)
        order = _order(found)
        rows = [_row(submission, order, max_score) for submission in found.submissions]
        rows.sort(key=lambda r: r.student)
        return max_score, rows


def submission_grades(course: Course, assignment: str, student: str) -> SubmissionGrades | None:
    from nbgrader.api import MissingEntry

    with open_gradebook(course) as gb:
        found = _find_assignment(gb, assignment)
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return _row(submission, _order(found), float(found.max_score or 0))
