"""The no-code graded track (solutions/<level>-nocode/) and which items assess which lesson.

Fast tests read the notebooks and solutions/coverage.yaml: every lesson of a level is assessed
by at least one item of its two tracks (and by the no-code track alone), each no-code answer is
a letter or a number, and the mark-scheme numbers match the data. Tests marked ``grading`` run
`aligned-grade` as an instructor would (release, collect, autograde in the real sandbox,
feedback) on three submissions per no-code assignment: correct, blank and partly right.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from test_exercises import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    filled_with_solutions,
    grader,
    instructor_only_lines,
    layout,
    leaks,
    normalised,
    secret_lines,
    split_regions,
    visible_text,
)

import grading_fixtures as F

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
WORKSHOPS = ROOT / "workshops"
LEVELS = ("fundamentals", "intermediate", "advanced")
NOCODE = tuple(f"{level}-nocode" for level in LEVELS)
AUTO_POINTS = 2
# Points of each no-code assignment: (autograded, written).
POINTS = {"fundamentals-nocode": (22, 12), "intermediate-nocode": (28, 12), "advanced-nocode": (26, 12)}
# The partly right submission answers q1, q3, q5... right and q2, q4, q6... wrong.
PARTIAL = {"fundamentals-nocode": 12.0, "intermediate-nocode": 14.0, "advanced-nocode": 14.0}
WRITTEN_ANSWER = "A purpose our customers would miss, tested on a real decision: STUDENT-OWN-WORDS."
LIMITS = ["--cell-timeout", "60", "--timeout", "600", "--jobs", "2"]
# One pandas track goes through the same command line: its solutions, a blank copy, and the
# solutions with q1 (2 points) off by one item (passes the visible checks, fails a hidden one).
PANDAS = "fundamentals"
PANDAS_POINTS = (19, 16)
PANDAS_PARTIAL = 17.0


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def source_path(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def coverage() -> dict:
    return yaml.safe_load((SOLUTIONS / "coverage.yaml").read_text(encoding="utf-8"))


def lessons(level: str) -> set[str]:
    return {p.stem for p in (WORKSHOPS / level).glob("*.ipynb")}


def item_ids(assignment: str) -> set[str]:
    return {grader(c)["grade_id"][: -len("_answer")] for c in read(source_path(assignment)).cells
            if grader(c).get("grade_id", "").endswith("_answer")}


def solution_of(cell) -> str:
    return "\n".join(split_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION)[0])


def right_answers(assignment: str) -> dict[str, object]:
    """qN -> the value the solution records (a letter or a number)."""
    answers = {}
    for key, question in layout(read(source_path(assignment))).autograded.items():
        statement = ast.parse(solution_of(question.answer)).body
        assert len(statement) == 1 and isinstance(statement[0], ast.Assign), key
        answers[key] = ast.literal_eval(statement[0].value)
    return answers


def wrong_answer(right: object) -> object:
    if isinstance(right, str):
        return "A" if right != "A" else "B"
    return right + 50


def answer_line(key: str, value: object) -> str:
    return f"answer_{key} = {value!r}"


def run_test_cell(source: str, namespace: dict) -> bool:
    try:
        exec(compile(source, "<tests>", "exec"), namespace)  # our own test cells, not a learner's code
    except AssertionError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Coverage: every lesson is assessed
# --------------------------------------------------------------------------------------------

def test_the_map_lists_every_lesson_of_every_level_and_nothing_else():
    mapped = coverage()
    assert set(mapped) == set(LEVELS)
    for level in LEVELS:
        assert lessons(level), level
        assert set(mapped[level]) == lessons(level), f"solutions/coverage.yaml does not match workshops/{level}/"


@pytest.mark.parametrize("level", LEVELS)
def test_every_lesson_is_assessed_by_both_tracks_together_and_by_the_nocode_track_alone(level):
    for lesson, by_assignment in coverage()[level].items():
        assert set(by_assignment) <= {level, f"{level}-nocode"}, lesson
        assert any(by_assignment.values()), f"{level}/{lesson} is assessed by no item"
        assert by_assignment.get(f"{level}-nocode"), f"{level}/{lesson} has no no-code item"


@pytest.mark.parametrize("level", LEVELS)
def test_the_map_names_real_items_and_places_every_nocode_item(level):
    placed: dict[str, list[str]] = {}
    for lesson, by_assignment in coverage()[level].items():
        for assignment, ids in by_assignment.items():
            missing = set(map(str, ids)) - item_ids(assignment)
            assert not missing, f"{lesson}: {assignment} has no item {sorted(missing)}"
            for item in ids:
                placed.setdefault(f"{assignment}/{item}", []).append(lesson)
    nocode = f"{level}-nocode"
    for item in item_ids(nocode):
        assert len(placed.get(f"{nocode}/{item}", [])) == 1, f"{nocode} {item} must assess exactly one lesson"


def test_the_lessons_never_assessed_before_now_have_items():
    mapped = coverage()
    for level, lesson in [("fundamentals", "steps-and-pitfalls"), ("intermediate", "implementing-alignment"),
                          ("intermediate", "frameworks-and-growth"), ("advanced", "ethical-alignment"),
                          ("advanced", "cross-border-alignment"), ("advanced", "dynamic-alignment")]:
        assert mapped[level][lesson][f"{level}-nocode"], (level, lesson)
    # the qualitative-coding part of turnover-and-voice: kappa (q4) and a coding plan (w2)
    assert {"q4", "w2"} <= set(mapped["intermediate"]["turnover-and-voice"]["intermediate-nocode"])


# --------------------------------------------------------------------------------------------
# The no-code notebooks: a letter or a number, visible and hidden checks, written items
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", NOCODE)
def test_the_assignment_is_discovered_after_the_pandas_tracks(assignment):
    from grading.config import Course, Settings

    names = Course(root=Path("/nonexistent"), settings=Settings(), db_url="sqlite://").assignments()
    assert assignment in names
    assert names.index(assignment) > names.index(assignment.removesuffix("-nocode"))


@pytest.mark.parametrize("assignment", NOCODE)
def test_points_add_up_and_every_answer_is_a_letter_or_a_number(assignment):
    questions = layout(read(source_path(assignment)))
    auto, written = POINTS[assignment]
    assert sum(q.points for q in questions.autograded.values()) == auto
    assert all(q.points == AUTO_POINTS for q in questions.autograded.values())
    assert sum(q.points for q in questions.written.values()) == written
    assert f"**{auto + written} points**" in questions.header
    for key, value in right_answers(assignment).items():
        assert (isinstance(value, str) and re.fullmatch("[A-D]", value)) or isinstance(value, (int, float)), key
        prompt = questions.autograded[key].prompt
        if isinstance(value, str):
            assert f"- **{value}.**" in prompt, key  # the right letter is one of the options
    letters = [v for v in right_answers(assignment).values() if isinstance(v, str)]
    assert len(set(letters)) >= 3, "the right answers should not all share a letter"


@pytest.mark.parametrize("assignment", NOCODE)
def test_each_test_cell_has_visible_checks_then_hidden_checks(assignment):
    for key, question in layout(read(source_path(assignment))).autograded.items():
        hidden, visible = split_regions(question.tests.source, BEGIN_HIDDEN, END_HIDDEN)
        assert any(line.startswith("assert") for line in visible), key
        assert any(line.startswith("assert") for line in hidden), key
        assert question.tests.source.index(BEGIN_HIDDEN) > question.tests.source.index("assert"), key


@pytest.mark.parametrize("assignment", NOCODE)
def test_right_answers_pass_wrong_ones_fail_only_the_hidden_checks_and_blanks_fail(assignment):
    """The test cells run in-process (they import nothing): what autograde will find."""
    for key, value in right_answers(assignment).items():
        tests = layout(read(source_path(assignment))).autograded[key].tests.source
        visible_only = "\n".join(split_regions(tests, BEGIN_HIDDEN, END_HIDDEN)[1])
        right, wrong = {}, {}
        exec(answer_line(key, value), right)
        exec(answer_line(key, wrong_answer(value)), wrong)
        assert run_test_cell(tests, right), key
        assert run_test_cell(visible_only, dict(wrong)) and not run_test_cell(tests, wrong), key
        assert not run_test_cell(visible_only, {}), key  # unanswered
        if isinstance(value, str):
            lower = {}
            exec(answer_line(key, f" {value.lower()} "), lower)
            assert run_test_cell(tests, lower), key  # case and spaces do not matter
            assert not run_test_cell(visible_only, {f"answer_{key}": "E"}), key


@pytest.mark.parametrize("assignment", NOCODE)
def test_written_items_keep_their_mark_scheme_in_the_source_only(assignment):
    source = layout(read(source_path(assignment)))
    released = layout(read(EXERCISES / assignment / f"{assignment}.ipynb"))
    assert len(source.written) == 2
    for key, question in source.written.items():
        scheme = solution_of(question.answer)
        assert "Mark scheme" in scheme and "| Criterion | Points |" in scheme, key
        criteria = re.findall(r"^\| [^|]+ \| ([0-9.]+) \|", scheme, flags=re.M)
        assert sum(map(float, criteria)) == question.points, f"{key}: criteria must add up to its points"
        assert released.written[key].answer.source == "YOUR ANSWER HERE"


@pytest.mark.parametrize("assignment", NOCODE)
def test_the_release_holds_no_answer_no_hidden_check_and_no_mark_scheme(assignment):
    released = EXERCISES / assignment / f"{assignment}.ipynb"
    text = released.read_text(encoding="utf-8")
    assert leaks(text, secret_lines(read(source_path(assignment)))) == []
    for key, question in layout(read(released)).autograded.items():
        assert question.answer.source == "# YOUR CODE HERE\nraise NotImplementedError()", key


# --------------------------------------------------------------------------------------------
# The two mark-scheme fixes (issue 17): numbers from the data and the kit's own bands
# --------------------------------------------------------------------------------------------

def _annual_turnover(hr, year: int, columns: list[str], team: str | None = None) -> float:
    rows = hr[hr["date"].dt.year == year].copy()
    if team:
        rows = rows[rows["team"] == team]
    rows["_left"] = rows[columns].sum(axis=1).astype(float)
    rows["_average"] = (rows["headcount_start"] + rows["headcount_end"]).astype(float) / 2
    monthly = rows.groupby("date")[["_left", "_average"]].sum()
    return 100 * monthly["_left"].sum() / monthly["_average"].mean()


def test_intermediate_w2_compares_turnover_like_with_like():
    from widgets.data import load

    hr = load("hr_headcount")
    every = ["voluntary_separations", "involuntary_separations"]
    total = {y: round(_annual_turnover(hr, y, every, "Warehouse")) for y in (2023, 2024)}
    voluntary = {y: round(_annual_turnover(hr, y, ["voluntary_separations"], "Warehouse")) for y in (2023, 2024)}
    scheme = solution_of(layout(read(source_path("intermediate"))).written["w2"].answer)
    assert f"~{total[2024]} % in 2024 vs ~{total[2023]} % in 2023" in scheme
    assert f"~{voluntary[2024]} % in 2024 vs ~{voluntary[2023]} % in 2023" in scheme
    assert "~55 % in 2024 vs ~24 % in 2023" not in scheme  # the old mix of total and voluntary


def test_advanced_w2_reads_w_with_the_kits_bands_and_questions_a_high_w():
    import pandas as pd

    from widgets.core import mental_models

    before = mental_models.example_rankings()
    after = pd.DataFrame([[1, 2, 4, 3, 5, 6, 7], [1, 2, 5, 3, 4, 6, 7], [2, 1, 4, 3, 6, 5, 7],
                          [1, 2, 4, 3, 6, 5, 7], [1, 2, 5, 3, 4, 7, 6], [1, 3, 4, 2, 6, 5, 7]],
                         index=before.index, columns=before.columns)
    scheme = solution_of(layout(read(source_path("advanced"))).written["w2"].answer)
    for ranks in (before, after):
        w = mental_models.kendalls_w(ranks)
        assert f"about {w:.2f}" in scheme and mental_models.band_for(w).label in scheme
    assert "from moderate to strong" not in scheme
    assert "deference" in scheme


# --------------------------------------------------------------------------------------------
# The instructor's pipeline, end to end, on the three no-code assignments
# --------------------------------------------------------------------------------------------

def pandas_submissions(released) -> dict[str, nbformat.NotebookNode]:
    solver = filled_with_solutions(PANDAS, released)
    for cell in solver.cells:
        if cell.cell_type == "markdown" and grader(cell).get("solution"):
            cell.source = WRITTEN_ANSWER
    partial = copy.deepcopy(solver)
    answer = next(c for c in partial.cells if c.id == "q1_answer")
    answer.source = answer.source.replace('int(bakery["wasted"].sum())', 'int(bakery["wasted"].sum()) + 1', 1)
    return {"correct": solver, "blank": copy.deepcopy(released), "partial": partial}


def submissions(assignment: str, released) -> dict[str, nbformat.NotebookNode]:
    if assignment == PANDAS:
        return pandas_submissions(released)
    answers = right_answers(assignment)
    keys = sorted(answers, key=lambda k: int(k[1:]))
    partly = {key: answers[key] if number % 2 == 0 else wrong_answer(answers[key]) for number, key in enumerate(keys)}
    made = {"blank": copy.deepcopy(released)}
    for student, chosen in (("correct", answers), ("partial", partly)):
        notebook = copy.deepcopy(released)
        for cell in notebook.cells:
            grade_id = grader(cell).get("grade_id", "")
            if grade_id.endswith("_answer") and cell.cell_type == "code":
                key = grade_id[: -len("_answer")]
                cell.source = answer_line(key, chosen[key])
            elif grade_id.endswith("_answer"):
                cell.source = WRITTEN_ANSWER
        made[student] = notebook
    return made


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """One course: the three no-code assignments and one pandas track released, collected, autograded (the real
    sandbox, `--jobs 2`) and given feedback with the `aligned-grade` command line."""
    base = tmp_path_factory.mktemp("nocode")
    common = ["--course-dir", str(base / "course")]
    runs = {}
    for assignment in (*NOCODE, PANDAS):
        release = F.run_cli("release", assignment, *common, "--release-dir", str(base / "release"))
        assert release.returncode == 0, release.stderr
        released = read(base / "release" / assignment / f"{assignment}.ipynb")
        for student, notebook in submissions(assignment, released).items():
            folder = base / "incoming" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / f"{assignment}.ipynb")
            (folder / "timestamp.txt").write_text(F.ON_TIME)
        collect = F.run_cli("collect", assignment, str(base / "incoming"), *common)
        assert collect.returncode == 0, collect.stderr
        autograde = F.run_cli("autograde", assignment, *common, *LIMITS, timeout=1500)
        feedback = F.run_cli("feedback", assignment, *common)
        runs[assignment] = {"collect": collect, "autograde": autograde, "feedback": feedback}
    return {"base": base, "root": base / "course", "runs": runs}


@pytest.mark.grading
@pytest.mark.timeout(3000)
@pytest.mark.parametrize("assignment", NOCODE)
def test_the_release_is_the_committed_exercise(course, assignment):
    fresh = course["base"] / "release" / assignment / f"{assignment}.ipynb"
    committed = EXERCISES / assignment / f"{assignment}.ipynb"
    assert sorted(p.name for p in fresh.parent.iterdir()) == sorted(p.name for p in committed.parent.iterdir())
    assert normalised(committed) == normalised(fresh), (
        f"exercises/{assignment} is out of date: regenerate it from solutions/ (make exercises)"
    )


@pytest.mark.grading
@pytest.mark.timeout(3000)
@pytest.mark.parametrize("assignment", (*NOCODE, PANDAS))
def test_every_step_succeeds_in_the_sandbox(course, assignment):
    runs = course["runs"][assignment]
    assert "Collected 3 submissions" in runs["collect"].stdout, runs["collect"].stdout
    autograde = runs["autograde"]
    assert autograde.returncode == 0, autograde.stderr
    assert "Sandbox: Bubblewrap" in autograde.stdout, autograde.stdout
    assert f"Autograded 3 submissions of {assignment}" in autograde.stdout, autograde.stdout
    assert "Traceback" not in autograde.stderr
    assert runs["feedback"].returncode == 0, runs["feedback"].stderr


@pytest.mark.grading
@pytest.mark.timeout(3000)
@pytest.mark.parametrize("assignment", NOCODE)
def test_correct_blank_and_partly_right_get_the_expected_scores(course, assignment):
    records = F.load_json(course["root"] / "status" / f"{assignment}.json")["submissions"]
    auto, written = POINTS[assignment]
    expected = {"correct": float(auto), "blank": 0.0, "partial": PARTIAL[assignment]}
    assert PARTIAL[assignment] == AUTO_POINTS * len(range(0, len(right_answers(assignment)), 2))
    for student, score in expected.items():
        record = records[student]
        assert record["status"] == "graded", record
        assert record["score"] == pytest.approx(score), (student, record)
        assert record["max_score"] == pytest.approx(auto + written), record
        assert not [n for n in record["notes"] if n.get("attention")], (student, record["notes"])


@pytest.mark.grading
@pytest.mark.timeout(3000)
@pytest.mark.parametrize("assignment", NOCODE)
def test_feedback_shows_no_hidden_check_and_no_mark_scheme(course, assignment):
    secrets = instructor_only_lines(read(source_path(assignment)))
    assert secrets
    auto, written = POINTS[assignment]
    pages = {student: course["root"] / "feedback" / student / assignment / f"{assignment}.html"
             for student in ("correct", "blank", "partial")}
    for student, page in pages.items():
        text = visible_text(page.read_text(encoding="utf-8"))
        assert [line for line in secrets if line in text] == [], (student, assignment)
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Mark scheme", "BEGIN SOLUTION", "Instructors only"):
            assert marker not in text, (student, marker)
    correct = visible_text(pages["correct"].read_text(encoding="utf-8"))
    assert f"Score: {auto:.1f} / {auto + written:.1f}" in correct
    assert "STUDENT-OWN-WORDS" in correct  # the learner's written answer, not the scheme
    assert "your answer is one of the options" in correct  # the visible checks ran
    partial = visible_text(pages["partial"].read_text(encoding="utf-8"))
    assert f"Score: {PARTIAL[assignment]:.1f} / {auto + written:.1f}" in partial
    assert "a hidden test failed" in partial


@pytest.mark.grading
@pytest.mark.timeout(3000)
def test_the_pandas_track_scores_correct_blank_and_partly_right_through_the_same_commands(course):
    records = F.load_json(course["root"] / "status" / f"{PANDAS}.json")["submissions"]
    auto, written = PANDAS_POINTS
    assert layout(read(source_path(PANDAS))).total == auto + written
    for student, score in {"correct": float(auto), "blank": 0.0, "partial": PANDAS_PARTIAL}.items():
        record = records[student]
        assert record["status"] == "graded", record
        assert record["score"] == pytest.approx(score), (student, record)
        assert record["max_score"] == pytest.approx(auto + written), record
    secrets = instructor_only_lines(read(source_path(PANDAS)))
    for student in ("correct", "blank", "partial"):
        page = course["root"] / "feedback" / student / PANDAS / f"{PANDAS}.html"
        text = visible_text(page.read_text(encoding="utf-8"))
        assert [line for line in secrets if line in text] == [], student
        assert "BEGIN HIDDEN TESTS" not in text and "Mark scheme" not in text, student
    partial = visible_text((course["root"] / "feedback" / "partial" / PANDAS / f"{PANDAS}.html").read_text())
    assert f"Score: {PANDAS_PARTIAL:.1f} / {auto + written:.1f}" in partial
