"""`export`: grades as CSV files an LMS gradebook can import.

Two files per assignment in ``<course>/exports/`` (or ``--out``):

``<assignment>-students.csv`` — one row per student, one grade column, the shape Moodle,
Canvas, Blackboard and Brightspace imports map onto a grade item (match on ``student_id``
or ``email``)::

    student_id,last_name,first_name,email,assignment,points,max_points,percent,
    late_penalty,status,needs_manual_grading,submitted_at

``points`` is the final grade (late penalty already subtracted); it is empty for a student
with no submission, so an import leaves their grade blank. ``status`` is ``graded``,
``failed`` (could not be graded; zero points), ``not graded`` or ``not submitted``.

``<assignment>-questions.csv`` — one row per student and question (long format)::

    student_id,assignment,notebook,question,cell,kind,points,max_points,needs_manual_grading
"""

from __future__ import annotations

import csv
from pathlib import Path

from grading import status as status_store
from grading.config import Course
from grading.gradebook import assignment_grades, open_gradebook

STUDENT_COLUMNS = [
    "student_id", "last_name", "first_name", "email", "assignment", "points", "max_points",
    "percent", "late_penalty", "status", "needs_manual_grading", "submitted_at",
]
QUESTION_COLUMNS = [
    "student_id", "assignment", "notebook", "question", "cell", "kind", "points", "max_points",
    "needs_manual_grading",
]


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def student_rows(course: Course, assignment: str) -> list[dict]:
    max_score, rows = assignment_grades(course, assignment)
    records = status_store.load(course, assignment)
    by_student = {r.student: r for r in rows}
    with open_gradebook(course) as gb:
        everyone = {s.id: s for s in gb.students}
    out = []
    for student_id in sorted(set(everyone) | set(by_student)):
        grades = by_student.get(student_id)
        person = everyone.get(student_id)
        record = records.get(student_id)
        if grades is None:
            status = "not submitted"
        elif record is None:
            status = "not graded"
        else:
            status = record.get("status", "not graded")
        row = {
            "student_id": student_id,
            "last_name": (person.last_name if person else None) or "",
            "first_name": (person.first_name if person else None) or "",
            "email": (person.email if person else None) or "",
            "assignment": assignment,
            "max_points": _num(max_score),
            "points": "",
            "percent": "",
            "late_penalty": "",
            "status": status,
            "needs_manual_grading": "",
            "submitted_at": "",
        }
        if grades is not None and status != "not graded":
            final = 0.0 if status == "failed" else grades.final_score
            row.update({
                "points": _num(final),
                "percent": _num(round(100 * final / max_score, 1)) if max_score else "",
                "late_penalty": _num(grades.late_penalty),
                "needs_manual_grading": "yes" if grades.needs_manual_grade and status == "graded" else "no",
                "submitted_at": grades.timestamp.isoformat(sep=" ") + " UTC" if grades.timestamp else "",
            })
        out.append(row)
    return out


def question_rows(course: Course, assignment: str) -> list[dict]:
    _, rows = assignment_grades(course, assignment)
    records = status_store.load(course, assignment)
    out = []
    for grades in rows:
        if grades.student not in records:
            continue  # in the gradebook, but not graded by this pipeline yet
        for q in grades.questions:
            out.append({
                "student_id": grades.student,
                "assignment": assignment,
                "notebook": q.notebook,
                "question": q.question,
                "cell": q.cell,
                "kind": q.kind,
                "points": _num(q.score),
                "max_points": _num(q.max_score),
                "needs_manual_grading": "yes" if q.needs_manual_grade else "no",
            })
    return out


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def export(course: Course, assignment: str, out_dir: str | Path | None = None) -> tuple[Path, Path]:
    course.require_assignment(assignment)
    folder = Path(out_dir).expanduser().resolve() if out_dir else course.exports_dir
    students = folder / f"{assignment}-students.csv"
    questions = folder / f"{assignment}-questions.csv"
    _write(students, STUDENT_COLUMNS, student_rows(course, assignment))
    _write(questions, QUESTION_COLUMNS, question_rows(course, assignment))
    return students, questions
