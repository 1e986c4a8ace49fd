"""Submissions that are valid but awkward, graded end to end with real nbgrader and kernels:
a student id with a ``+``, test cells whose grading flags a student changed, a notebook in
format 3, a notebook whose nbgrader metadata was stripped, and one that prints megabytes.

One small course, graded once for the module (collect -> autograde -> feedback -> export).
"""

from __future__ import annotations

import copy
import csv

import nbformat
import pytest

import grading_fixtures as F

pytestmark = pytest.mark.grading

LIMITS = ["--cell-timeout", "30", "--timeout", "300", "--memory-mb", "1536", "--jobs", "2"]
PLUS_ID = "ana+lopez"


def awkward_submissions(released) -> dict[str, object]:
    subs: dict[str, object] = {PLUS_ID: F.filled(released, F.GOOD)}

    flags = F.filled(released, F.GOOD)
    F._cell(flags, "q1_tests").metadata["nbgrader"]["grade"] = False
    F._cell(flags, "q2_tests").metadata["nbgrader"]["solution"] = True
    F._cell(flags, "q3_tests").metadata["nbgrader"]["points"] = 100
    subs["flags"] = flags

    subs["oldformat"] = nbformat.writes(nbformat.convert(F.filled(released, F.GOOD), 3), version=3).encode()

    stripped = F.filled(released, F.GOOD)
    for cell in stripped.cells:
        cell.metadata.pop("nbgrader", None)
    subs["stripped"] = stripped

    subs["printer"] = F.filled(released, {
        **F.GOOD, "q1_answer": F.GOOD["q1_answer"] + "print('spam ' * 1_000_000)\n"})
    return subs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("awkward")
    course_dir, common, released = F.release_course(base)
    incoming = base / "incoming"
    for student, content in awkward_submissions(copy.deepcopy(released)).items():
        F.write_submission(incoming, student, content, F.ON_TIME)
    runs = {"collect": F.run_cli("collect", F.ASSIGNMENT, str(incoming), *common)}
    runs["autograde"] = F.run_cli("autograde", F.ASSIGNMENT, *common, *LIMITS)
    runs["feedback"] = F.run_cli("feedback", F.ASSIGNMENT, *common)
    runs["export"] = F.run_cli("export", F.ASSIGNMENT, *common)
    status = F.load_json(course_dir / "status" / f"{F.ASSIGNMENT}.json")["submissions"]
    return {"dir": course_dir, "runs": runs, "status": status}


def notes(record) -> dict[str, dict]:
    return {note["code"]: note for note in record["notes"]}


def test_every_command_runs(graded):
    for name, run in graded["runs"].items():
        assert run.returncode == 0, (name, run.stderr)
    assert "Collected 5 submissions of demo: 5 new" in graded["runs"]["collect"].stdout


def test_a_student_id_with_a_plus_is_collected_graded_given_feedback_and_exported(graded):
    record = graded["status"][PLUS_ID]
    assert record["status"] == "graded", record
    assert record["score"] == pytest.approx(6.0)
    page = graded["dir"] / "feedback" / PLUS_ID / F.ASSIGNMENT / "demo.html"
    assert "Score: 6.0 / 8.0" in page.read_text(encoding="utf-8")
    with open(graded["dir"] / "exports" / "demo-students.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert rows[PLUS_ID]["status"] == "graded" and float(rows[PLUS_ID]["points"]) == pytest.approx(6.0)


def test_test_cells_whose_grade_solution_or_points_were_changed_are_restored_graded_and_flagged(graded):
    record = graded["status"]["flags"]
    assert record["status"] == "graded", record
    assert record["score"] == pytest.approx(6.0)
    edited = [n for n in record["notes"] if n["code"] == "edited_test"]
    assert {n["message"].split("test cell ")[1].split(" ")[0] for n in edited} == {"q1_tests", "q2_tests", "q3_tests"}
    assert all(n["attention"] for n in edited)


def test_a_notebook_in_format_3_is_upgraded_and_graded(graded):
    record = graded["status"]["oldformat"]
    assert record["status"] == "graded", record
    assert record["score"] == pytest.approx(6.0)
    assert "old_format" in notes(record)


def test_a_notebook_without_its_grading_metadata_is_flagged_in_plain_words(graded):
    record = graded["status"]["stripped"]
    assert record["score"] == pytest.approx(0.0)
    note = notes(record)["metadata_stripped"]
    assert note["attention"] and "grading information of every cell was removed" in note["message"]


def test_a_feedback_page_stays_under_its_cap_and_says_what_it_shortened(graded):
    assert graded["status"]["printer"]["score"] == pytest.approx(6.0)
    page = graded["dir"] / "feedback" / "printer" / F.ASSIGNMENT / "demo.html"
    assert page.stat().st_size <= 2048 * 1024
    text = page.read_text(encoding="utf-8")
    assert "[output shortened: " in text and "spam spam" in text
    assert "Score: 6.0 / 8.0" in text
