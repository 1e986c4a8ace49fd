"""The instructor's pipeline on real notebooks with real nbgrader: release, collect, autograde
the hostile submissions, feedback, export, report, re-run, regrade one student.

One course is built and graded once for the module (like nbgrader's own tests, in a
temporary folder, from a fixture assignment); the tests then check what it produced.
"""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

import grading_fixtures as F
from grading.config import open_course
from grading.export import QUESTION_COLUMNS, STUDENT_COLUMNS

pytestmark = pytest.mark.grading

LIMITS = ["--cell-timeout", "30", "--timeout", "300", "--memory-mb", "1536"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    course_dir, common, release_nb = F.release_course(base, "--due", F.DUE)
    incoming = base / "incoming"
    for student, content in F.hostile_submissions(release_nb).items():
        F.write_submission(incoming, student, content, F.LATE if student == "late" else F.ON_TIME)
    collected = F.run_cli("collect", F.ASSIGNMENT, str(incoming), *common)
    assert collected.returncode == 0, collected.stderr
    run = F.run_cli("autograde", F.ASSIGNMENT, *common, *LIMITS)
    return {"base": base, "course_dir": course_dir, "common": common, "incoming": incoming,
            "release_nb": release_nb, "collect": collected, "run": run}


def records(graded) -> dict:
    return F.load_json(graded["course_dir"] / "status" / f"{F.ASSIGNMENT}.json")["submissions"]


def test_the_run_finishes_and_records_every_submission(graded):
    run = graded["run"]
    assert run.returncode == 0, run.stderr
    assert "Collected 15 submissions of demo: 15 new" in graded["collect"].stdout
    assert "Autograded 15 submissions of demo" in run.stdout
    assert "1 could not be graded" in run.stdout
    assert "15/15" in run.stderr  # the progress bar
    assert "Traceback" not in run.stderr
    assert set(records(graded)) == set(F.EXPECTED)


@pytest.mark.parametrize("student", sorted(F.EXPECTED))
def test_each_hostile_submission_gets_the_right_score_or_reason(graded, student):
    status, score, codes = F.EXPECTED[student]
    record = records(graded)[student]
    assert record["status"] == status, record
    assert record["score"] == pytest.approx(score), record
    assert codes <= {note["code"] for note in record["notes"]}, record
    if status == "failed":
        assert record["reason"]


def test_limits_and_refusals_are_explained(graded):
    recs = records(graded)
    messages = {s: " ".join(n["message"] for n in r["notes"]) for s, r in recs.items()}
    assert "q2_answer ran longer than the 30 s" in messages["loop"]
    assert "q3_answer used more than the 1536 MiB" in messages["membomb"]
    assert "q2_answer stopped the Python kernel" in messages["killer"]
    # In its sandbox the snoop finds no notebook and no solutions to read; the guard logs the tries.
    assert "student code tried: files outside the submission's folder are off limits" in messages["snoop"]
    assert "not a notebook" in recs["notanotebook"]["reason"]
    assert recs["late"]["late_penalty"] == pytest.approx(1.8)


def test_the_gradebook_counts_points_once_and_keeps_the_original_tests(graded):
    from nbgrader.api import Gradebook

    course = open_course(graded["course_dir"])
    with Gradebook(course.db_url) as gb:
        duplicated = gb.find_submission(F.ASSIGNMENT, "duplicated")
        assert duplicated.max_score == F.MAX_SCORE
        edited = gb.find_grade("q1_tests", F.ASSIGNMENT, F.ASSIGNMENT, "edited")
        assert edited.max_score == 2 and edited.score == 0
        failed = gb.find_submission(F.ASSIGNMENT, "notanotebook")
        assert failed.score == 0 and any(nb.flagged for nb in failed.notebooks)
    autograded = nbformat.read(str(graded["course_dir"] / "autograded" / "edited" / F.ASSIGNMENT / "demo.ipynb"), 4)
    tests = next(c for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_tests")
    assert "assert double(2) == 4" in tests.source and "pass  # tests removed" not in tests.source


def test_feedback_shows_no_hidden_test_and_no_mark_scheme(graded):
    run = F.run_cli("feedback", F.ASSIGNMENT, *graded["common"])
    assert run.returncode == 0, run.stderr
    pages = sorted((graded["course_dir"] / "feedback").glob(f"*/{F.ASSIGNMENT}/*.html"))
    assert {p.parent.parent.name for p in pages} == set(F.EXPECTED)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for secret in [*F.HIDDEN_MARKERS, F.MARK_SCHEME_MARKER, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]:
            assert secret not in text, (page, secret)
        assert not re.search(r"""(src|href)\s*=\s*["']https?://""", text), page
    correct = (graded["course_dir"] / "feedback" / "correct" / F.ASSIGNMENT / "demo.html").read_text()
    assert "double(2) should be 4" in correct  # the visible tests are there
    assert "Score: 6.0 / 8.0" in correct
    wrong = (graded["course_dir"] / "feedback" / "wrong" / F.ASSIGNMENT / "demo.html").read_text()
    assert "a hidden test failed" in wrong or "double(2) should be 4" in wrong
    snoop = (graded["course_dir"] / "feedback" / "snoop" / F.ASSIGNMENT / "demo.html").read_text()
    # The snoop printed its test cell's source while it ran. Its feedback comes from the visible run
    # (hidden tests taken out), so what it printed is the visible test it was given, nothing more.
    assert snoop.count('mean_of([1, 2, 3]) should be 2') >= 2 and "HIDDEN" not in snoop
    failed = (graded["course_dir"] / "feedback" / "notanotebook" / F.ASSIGNMENT / "demo.html").read_text()
    assert "could not be graded automatically" in failed and "not a notebook" in failed
    late = (graded["course_dir"] / "feedback" / "late" / F.ASSIGNMENT / "demo.html").read_text()
    assert "1.8" in late  # the late penalty is shown


def test_export_csv_shape(graded):
    run = F.run_cli("export", F.ASSIGNMENT, *graded["common"])
    assert run.returncode == 0, run.stderr
    exports = graded["course_dir"] / "exports"
    with open(exports / "demo-students.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == STUDENT_COLUMNS
        students = {row["student_id"]: row for row in reader}
    assert set(students) == set(F.EXPECTED)
    for student, (status, score, _) in F.EXPECTED.items():
        row = students[student]
        assert row["status"] == status
        assert float(row["points"]) == pytest.approx(score)
        assert row["max_points"] == "8"
        assert float(row["percent"]) == pytest.approx(100 * score / 8, abs=0.05)
    assert students["late"]["late_penalty"] == "1.8"
    assert students["correct"]["needs_manual_grading"] == "yes"  # the written answer
    with open(exports / "demo-questions.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == QUESTION_COLUMNS
        questions = list(reader)
    assert len(questions) == 4 * len(F.EXPECTED)
    partial = {row["question"]: row for row in questions if row["student_id"] == "partial"}
    assert (partial["q1"]["points"], partial["q2"]["points"], partial["q3"]["points"]) == ("2", "0", "1")
    assert partial["q4"]["points"] == "" and partial["q4"]["needs_manual_grading"] == "yes"
    assert partial["q4"]["kind"] == "manual"


def test_report_has_offline_charts_and_lists_who_needs_attention(graded):
    run = F.run_cli("report", F.ASSIGNMENT, *graded["common"])
    assert run.returncode == 0, run.stderr
    page = (graded["course_dir"] / "reports" / "demo-report.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 2
    assert not re.search(r"https?://", page)
    assert "<script" not in page
    for heading in ("Score distribution", "Question difficulty", "Most common failing test per question",
                    "Submissions that need manual attention"):
        assert heading in page
    attention = page.split("Submissions that need manual attention")[1]
    for student in ("loop", "membomb", "killer", "notanotebook", "snoop", "edited", "empty"):
        assert f"<td>{student}</td>" in attention
    assert "<td>correct</td>" not in attention
    assert "name &#x27;mean_of&#x27; is not defined" in page  # q2's most common failure


def test_rerun_is_idempotent(graded):
    before = records(graded)
    run = F.run_cli("autograde", F.ASSIGNMENT, *graded["common"], *LIMITS)
    assert run.returncode == 0, run.stderr
    assert "Autograded 0 submissions" in run.stdout and "15 unchanged and skipped" in run.stdout
    assert records(graded) == before


def test_one_student_is_regraded_alone(graded):
    before = records(graded)
    fixed = graded["base"] / "fixed"
    F.write_submission(fixed, "wrong", F.filled(graded["release_nb"], F.GOOD), F.ON_TIME)
    assert F.run_cli("collect", F.ASSIGNMENT, str(fixed), *graded["common"]).returncode == 0
    run = F.run_cli("autograde", F.ASSIGNMENT, *graded["common"], *LIMITS, "--student", "wrong")
    assert run.returncode == 0, run.stderr
    assert "Autograded 1 submission of demo" in run.stdout
    after = records(graded)
    assert after["wrong"]["score"] == 6.0
    assert {s: r["graded_at"] for s, r in after.items() if s != "wrong"} == {
        s: r["graded_at"] for s, r in before.items() if s != "wrong"}


def test_plain_nbgrader_sees_the_same_course(graded):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    listed = subprocess.run(
        [sys.executable, "-m", "nbgrader", "db", "student", "list"],
        cwd=graded["course_dir"], env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert listed.returncode == 0, listed.stderr
    for student in F.EXPECTED:
        assert student in listed.stdout
    status = F.run_cli("status", F.ASSIGNMENT, *graded["common"])
    assert "notanotebook: FAILED" in status.stdout
