"""The graded exercises: one source in solutions/, and exercises/ exactly as nbgrader releases it.

Fast tests read the notebooks. Tests marked ``grading`` run the real ``nbgrader
generate_assignment`` through the kit's course configuration (grading/config.py and
grading/release.py) in a temporary course directory. Tests marked ``notebooks`` execute
notebooks in a real kernel.
"""

from __future__ import annotations

import ast
import copy
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from widgets.core.selfcheck import load_questions

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
ASSIGNMENTS = ("fundamentals", "intermediate", "advanced")

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
# Words that only the instructor's source may contain.
FORBIDDEN_IN_RELEASE = (
    "BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
    "BEGIN MARK SCHEME", "END MARK SCHEME", "Mark scheme", "Model answer", "Instructors only",
)
# A solution, hidden-test or mark-scheme line shorter than this may occur by chance in a
# learner's copy ("else:", "return total"); longer ones are distinctive.
MIN_SECRET_LENGTH = 16
# Metadata that changes with the machine or the editor, not with the assignment.
VOLATILE_NOTEBOOK_METADATA = ("widgets", "toc", "varInspector", "jupytext")
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "jp-MarkdownHeadingCollapsed")
# Each cell takes a second on an idle machine; the shared test machine can be far slower.
CELL_TIMEOUT = 600


# --------------------------------------------------------------------------------------------
# Reading the notebooks
# --------------------------------------------------------------------------------------------

def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def source_path(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_path(assignment: str, base: Path = EXERCISES) -> Path:
    return base / assignment / f"{assignment}.ipynb"


def grader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def split_regions(text: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """(lines inside begin/end regions, lines outside them); marker lines are in neither."""
    inside, outside, within = [], [], False
    for line in text.split("\n"):
        if begin in line:
            within = True
        elif end in line:
            within = False
        elif within:
            inside.append(line)
        else:
            outside.append(line)
    return inside, outside


@dataclass
class Autograded:
    key: str
    prompt: str
    answer: nbformat.NotebookNode
    tests: nbformat.NotebookNode

    @property
    def points(self) -> float:
        return grader(self.tests)["points"]


@dataclass
class WrittenQuestion:
    key: str
    prompt: str
    answer: nbformat.NotebookNode

    @property
    def points(self) -> float:
        return grader(self.answer)["points"]


@dataclass
class Layout:
    header: str
    autograded: dict[str, Autograded] = field(default_factory=dict)
    written: dict[str, WrittenQuestion] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(q.points for q in [*self.autograded.values(), *self.written.values()])


def layout(notebook) -> Layout:
    cells = notebook.cells
    result = Layout(header=cells[0].source)
    prompts = {grader(c)["grade_id"][: -len("_prompt")]: c.source
               for c in cells if grader(c).get("grade_id", "").endswith("_prompt")}
    by_id = {grader(c)["grade_id"]: c for c in cells if grader(c).get("grade_id")}
    for grade_id, cell in by_id.items():
        if not grade_id.endswith("_answer"):
            continue
        key = grade_id[: -len("_answer")]
        if cell.cell_type == "code":
            result.autograded[key] = Autograded(key, prompts.get(key, ""), cell, by_id.get(f"{key}_tests"))
        else:
            result.written[key] = WrittenQuestion(key, prompts.get(key, ""), cell)
    return result


def secret_lines(notebook) -> set[str]:
    """Distinctive lines of the solutions, the hidden tests and the mark schemes.

    A line also present in the learner-visible part of the source (a prompt, the setup cell,
    a visible test) is not a secret: the release is supposed to contain it.
    """
    secrets, public = set(), set()
    for cell in notebook.cells:
        solution, rest = split_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION)
        hidden, rest = split_regions("\n".join(rest), BEGIN_HIDDEN, END_HIDDEN)
        secrets.update(line.strip() for line in [*solution, *hidden])
        public.update(line.strip() for line in rest)
    return {line for line in secrets - public if len(line) >= MIN_SECRET_LENGTH}


def instructor_only_lines(notebook) -> set[str]:
    """Hidden tests and mark schemes: what not even a learner's own feedback may show."""
    lines = set()
    for cell in notebook.cells:
        lines.update(split_regions(cell.source, BEGIN_HIDDEN, END_HIDDEN)[0])
        if cell.cell_type == "markdown":
            lines.update(split_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION)[0])
    return {line.strip() for line in lines} & secret_lines(notebook)


def all_secret_lines() -> set[str]:
    return set().union(*(secret_lines(read(source_path(a))) for a in ASSIGNMENTS))


def leaks(text: str, secrets: set[str]) -> list[str]:
    """The forbidden markers and secret lines found in a released file's text."""
    found = [marker for marker in FORBIDDEN_IN_RELEASE if marker in text]
    # A notebook stores its source as JSON strings: look in the decoded text too.
    decoded = text
    if text.lstrip().startswith("{"):
        try:
            decoded = "\n".join(
                "".join(cell.get("source", "")) for cell in json.loads(text).get("cells", [])
            )
        except (json.JSONDecodeError, AttributeError):
            pass
    found += sorted(line for line in secrets if line in text or line in decoded)
    return found


def visible_text(page: str) -> str:
    """What an HTML page shows: tags (e.g. syntax highlighting) removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def release_files(base: Path, assignment: str) -> dict[str, Path]:
    folder = base / assignment
    return {
        str(p.relative_to(folder)): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }


def normalised(path: Path) -> dict:
    """A notebook as data, without metadata that is volatile (editor state, run timings)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for key in VOLATILE_NOTEBOOK_METADATA:
        notebook["metadata"].pop(key, None)
    language = notebook["metadata"].get("language_info")
    if language:
        notebook["metadata"]["language_info"] = {"name": language.get("name")}
    for cell in notebook["cells"]:
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for key in VOLATILE_CELL_METADATA:
            cell["metadata"].pop(key, None)
    return notebook


# --------------------------------------------------------------------------------------------
# The source notebooks: questions, points, tests, mark schemes
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_assignment_has_one_source_notebook(assignment):
    notebooks = sorted((SOLUTIONS / assignment).glob("*.ipynb"))
    assert notebooks == [source_path(assignment)]
    nbformat.validate(read(source_path(assignment)))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_at_least_six_autograded_and_two_written_questions(assignment):
    questions = layout(read(source_path(assignment)))
    assert len(questions.autograded) >= 6
    assert len(questions.written) >= 2
    for question in questions.autograded.values():
        assert question.prompt, f"{question.key} has no prompt"
        assert question.tests is not None, f"{question.key} has no test cell"
        assert question.points > 0
    for question in questions.written.values():
        assert question.prompt and question.points > 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_per_question_and_the_total_are_stated_at_the_top(assignment):
    notebook = read(source_path(assignment))
    questions = layout(notebook)
    header = questions.header
    for question in [*questions.autograded.values(), *questions.written.values()]:
        row = re.search(rf"^\| {question.key} \|.*\| (\d+) \|$", header, re.MULTILINE)
        assert row, f"{question.key} is missing from the points table"
        assert float(row.group(1)) == question.points
        assert f"({question.points:g} points)" in question.prompt.split("\n")[0]
    total = questions.total
    assert f"| **Total** | | | **{total:g}** |" in header
    assert f"worth **{total:g} points** in total" in header
    assert grader(notebook.cells[0])["locked"] is True


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_runs_the_visible_checks_then_hidden_tests(assignment):
    for question in layout(read(source_path(assignment))).autograded.values():
        meta = grader(question.tests)
        assert meta["grade"] is True and meta["locked"] is True and not meta["solution"]
        source = question.tests.source
        visible_call = f'visible_report("{assignment}", "{question.key}", globals())'
        assert visible_call in source
        assert source.index(visible_call) < source.index(BEGIN_HIDDEN) < source.index(END_HIDDEN)
        hidden, _ = split_regions(source, BEGIN_HIDDEN, END_HIDDEN)
        tree = ast.parse("\n".join(hidden))
        asserts = [node for node in ast.walk(tree) if isinstance(node, ast.Assert)]
        assert asserts, f"{question.key} has no hidden assert"
        for node in asserts:  # every hidden assert explains itself in one sentence
            assert isinstance(node.msg, ast.Constant) and node.msg.value.startswith(question.key)
        answer = question.answer
        assert grader(answer)["solution"] is True and not grader(answer)["grade"]
        assert answer.source.startswith("### BEGIN SOLUTION") and answer.source.endswith(
            "### END SOLUTION"
        ), f"{question.key}: the whole answer cell is the solution, so the release raises"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_written_questions_hide_a_mark_scheme_in_the_answer_cell(assignment):
    for question in layout(read(source_path(assignment))).written.values():
        meta = grader(question.answer)
        assert question.answer.cell_type == "markdown"
        assert meta["grade"] is True and meta["solution"] is True and meta["points"] > 0
        inside, outside = split_regions(question.answer.source, BEGIN_SOLUTION, END_SOLUTION)
        assert "".join(outside).strip() == "", "only the mark scheme may be in the answer cell"
        scheme = "\n".join(inside)
        assert "Mark scheme" in scheme and "| Criterion | Points |" in scheme
        # the points of the scheme's criteria add up to the question's points
        points = [float(p) for p in re.findall(r"^\| [^|]+ \| ([\d.]+) \|", scheme, re.MULTILINE)]
        assert sum(points) == pytest.approx(meta["points"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_visible_checks_exist_for_exactly_the_autograded_questions(assignment):
    questions = layout(read(source_path(assignment)))
    checks = load_questions(assignment)
    assert set(checks) == set(questions.autograded)
    for key, question in checks.items():
        assert question.checks, key
        for name in question.variables:  # the prompt names every variable the checks need
            assert f"`{name}`" in questions.autograded[key].prompt or f"`{name}(" in questions.autograded[key].prompt


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grade_ids_and_cell_ids_are_unique_and_stable(assignment):
    notebook = read(source_path(assignment))
    grade_ids = [grader(c)["grade_id"] for c in notebook.cells if grader(c)]
    assert len(grade_ids) == len(set(grade_ids))
    ids = [c.id for c in notebook.cells]
    assert len(ids) == len(set(ids))
    for cell in notebook.cells:
        if grader(cell):
            assert cell.id == grader(cell)["grade_id"]


def test_secret_lines_are_found_in_every_assignment():
    for assignment in ASSIGNMENTS:
        secrets = secret_lines(read(source_path(assignment)))
        assert len(secrets) >= 20, assignment  # solutions, hidden tests and mark schemes


# --------------------------------------------------------------------------------------------
# The release: real nbgrader, compared with the committed exercises/
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment released by `nbgrader generate_assignment` into a temporary folder,
    through the kit's own course configuration (a temporary course outside the repo)."""
    from grading.config import open_course
    from grading.release import release

    base = tmp_path_factory.mktemp("release")
    course = open_course(base / "course", create=True, release_dir=base / "exercises")
    for assignment in ASSIGNMENTS:
        release(course, assignment)
    return base / "exercises"


@pytest.mark.grading
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_are_exactly_what_nbgrader_releases(fresh_release, assignment):
    committed = release_files(EXERCISES, assignment)
    generated = release_files(fresh_release, assignment)
    assert sorted(committed) == sorted(generated), (
        "exercises/ is out of date: regenerate it from solutions/ (make exercises)"
    )
    for name, path in generated.items():
        if name.endswith(".ipynb"):
            assert normalised(committed[name]) == normalised(path), (
                f"exercises/{assignment}/{name} differs from a fresh release: regenerate it "
                "(make exercises) instead of editing it"
            )
        else:
            assert committed[name].read_bytes() == path.read_bytes(), name


@pytest.mark.grading
def test_volatile_metadata_is_all_the_comparison_ignores(fresh_release, tmp_path):
    released = json.loads(release_path("fundamentals", fresh_release).read_text())
    edited = copy.deepcopy(released)
    edited["metadata"]["widgets"] = {"state": {}}
    edited["metadata"]["language_info"]["version"] = "3.11.9"
    edited["cells"][0]["metadata"]["collapsed"] = True
    volatile = tmp_path / "volatile.ipynb"
    volatile.write_text(json.dumps(edited))
    assert normalised(volatile) == normalised(release_path("fundamentals", fresh_release))
    edited["cells"][3]["source"] = "x = 1"  # a learner-visible change is not volatile
    changed = tmp_path / "changed.ipynb"
    changed.write_text(json.dumps(edited))
    assert normalised(changed) != normalised(release_path("fundamentals", fresh_release))


def test_no_released_file_holds_a_solution_hidden_test_or_mark_scheme():
    secrets = all_secret_lines()
    files = [p for p in EXERCISES.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert leaks(text, secrets) == [], f"{path.relative_to(ROOT)} leaks instructor content"


def test_the_leak_scan_catches_a_solution_a_hidden_test_and_a_mark_scheme(tmp_path):
    source = read(source_path("intermediate"))
    released = read(release_path("intermediate"))
    secrets = all_secret_lines()
    by_id = {grader(c).get("grade_id"): c for c in source.cells}
    for grade_id, region in (("q2_answer", BEGIN_SOLUTION), ("q4_tests", BEGIN_HIDDEN),
                             ("w1_answer", BEGIN_SOLUTION)):
        leaky = copy.deepcopy(released)
        inside, _ = split_regions(by_id[grade_id].source, region, region.replace("BEGIN", "END"))
        line = next(text for text in inside if text.strip() in secrets)
        target = next(c for c in leaky.cells if grader(c).get("grade_id") == grade_id)
        target.source += "\n" + line
        path = tmp_path / f"{grade_id}.ipynb"
        nbformat.write(leaky, path)
        assert line.strip() in leaks(path.read_text(), secrets), grade_id
    assert leaks("# ### BEGIN HIDDEN TESTS", set()) == ["BEGIN HIDDEN TESTS"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_keeps_points_ids_and_visible_tests(assignment):
    source, released = layout(read(source_path(assignment))), layout(read(release_path(assignment)))
    assert released.total == source.total
    assert set(released.autograded) == set(source.autograded)
    for key, question in released.autograded.items():
        assert question.answer.source == "# YOUR CODE HERE\nraise NotImplementedError()"
        assert f'visible_report("{assignment}", "{key}", globals())' in question.tests.source
    for question in released.written.values():
        assert question.answer.source == "YOUR ANSWER HERE"


# --------------------------------------------------------------------------------------------
# Execution in a real kernel
# --------------------------------------------------------------------------------------------

def execute(notebook, cwd: Path, allow_errors: bool = False):
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return notebook


def errors_by_cell(notebook) -> dict[str, list]:
    found = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            found[grader(cell).get("grade_id", cell.id)] = errors
    return found


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.mark.notebooks
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebook_executes_and_passes_all_its_tests(assignment, tmp_path):
    notebook = execute(read(source_path(assignment)), tmp_path)
    assert errors_by_cell(notebook) == {}
    for question in layout(notebook).autograded.values():
        total = len(load_questions(assignment)[question.key].checks)
        assert f"{total} of {total} visible checks pass" in printed(question.tests), question.key


@pytest.mark.notebooks
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_unanswered_release_stops_only_in_answer_cells(assignment, tmp_path):
    notebook = execute(read(release_path(assignment)), tmp_path, allow_errors=True)
    errors = errors_by_cell(notebook)
    questions = layout(notebook)
    answers = {f"{key}_answer" for key in questions.autograded}
    tests = {f"{key}_tests" for key in questions.autograded}
    assert set(errors) == answers | tests, "only answer cells and their test cells may fail"
    for grade_id, found in errors.items():
        names = [e.ename for e in found]
        if grade_id in answers:
            assert names == ["NotImplementedError"], grade_id
        else:  # the visible tests say what to do, in words, instead of a NameError
            assert names == ["AssertionError"], grade_id
            assert "not defined yet" in found[0].evalue and "Traceback" not in found[0].evalue
    for key in questions.autograded:  # check("qN") answers in HTML, not with an error
        cell = next(c for c in notebook.cells if c.id == f"{key}_check")
        shown = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert shown and "not defined yet" in shown[0]["data"]["text/html"], key


@pytest.mark.notebooks
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_learner_who_writes_the_solution_passes_the_visible_tests(assignment, tmp_path):
    notebook = filled_with_solutions(assignment, read(release_path(assignment)))
    notebook = execute(notebook, tmp_path)
    assert errors_by_cell(notebook) == {}
    for question in layout(notebook).autograded.values():
        assert "visible checks pass" in printed(question.tests)


def filled_with_solutions(assignment: str, released) -> nbformat.NotebookNode:
    """The learners' copy with every answer cell holding the solution's code."""
    source = {grader(c).get("grade_id"): c for c in read(source_path(assignment)).cells}
    notebook = copy.deepcopy(released)
    for cell in notebook.cells:
        if cell.cell_type == "code" and grader(cell).get("solution"):
            inside, _ = split_regions(source[grader(cell)["grade_id"]].source, BEGIN_SOLUTION, END_SOLUTION)
            cell.source = "\n".join(inside)
    return notebook


@pytest.mark.grading
@pytest.mark.timeout(2400)
def test_autograde_gives_the_solutions_full_marks_and_a_blank_copy_none(tmp_path):
    """The real pipeline (nbgrader autograde, hidden tests restored, sandboxed kernel) on the
    real exercises: every hidden test passes for the solution; nothing is earned unanswered."""
    from grading.autograde import autograde
    from grading.config import Limits, open_course
    from grading.gradebook import submission_grades
    from grading.release import release

    course = open_course(tmp_path / "course", create=True, release_dir=tmp_path / "exercises")
    limits = Limits(cell_timeout=600, submission_timeout=1800)
    for assignment in ASSIGNMENTS:
        release(course, assignment)
        released = read(release_path(assignment, tmp_path / "exercises"))
        solver = filled_with_solutions(assignment, released)
        for cell in solver.cells:
            if cell.cell_type == "markdown" and grader(cell).get("solution"):
                cell.source = "The waste came from two people pulling in different directions."
        submissions = {"solver": solver}
        if assignment == "fundamentals":
            submissions["blank"] = released
            wrong = copy.deepcopy(solver)  # passes the visible tests, fails a hidden one
            answer = next(c for c in wrong.cells if c.id == "q1_answer")
            answer.source = answer.source.replace(
                'total_wasted = int(bakery["wasted"].sum())', 'total_wasted = int(bakery["wasted"].sum()) + 1'
            )
            submissions["wrong"] = wrong
        for student, notebook in submissions.items():
            folder = course.submitted_dir / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / f"{assignment}.ipynb")
        autograde(course, assignment, jobs=2, limits=limits)
        expected = layout(read(source_path(assignment)))
        for student in submissions:
            grades = submission_grades(course, assignment, student)
            assert grades is not None, f"{student} was not graded for {assignment}"
            auto = {q.question: q for q in grades.questions if q.kind == "autograded"}
            assert set(auto) == set(expected.autograded), assignment
            for key, question in auto.items():
                right = student == "solver" or (student == "wrong" and key != "q1")
                wanted = question.max_score if right else 0
                assert question.score == wanted, f"{assignment} {key} for {student}"
            manual = {q.question: q for q in grades.questions if q.kind == "manual"}
            assert set(manual) == set(expected.written), assignment
            if student != "blank":  # a written answer waits for the instructor
                assert grades.needs_manual_grade and all(q.needs_manual_grade for q in manual.values())
            else:  # nbgrader scores an untouched answer cell 0 by itself
                assert not grades.needs_manual_grade and grades.score == 0
        if assignment == "fundamentals":  # feedback: the learner's work, no hidden test or scheme
            from grading.feedback import generate_feedback

            secrets = instructor_only_lines(read(source_path(assignment)))
            pages = generate_feedback(course, assignment)
            assert {page.parts[-3] for page in pages} >= set(submissions)
            for page in pages:
                text = visible_text(page.read_text(encoding="utf-8"))
                assert [line for line in secrets if line in text] == [], page
                assert "BEGIN HIDDEN TESTS" not in text and "Mark scheme" not in text
                if page.parts[-3] == "wrong":  # the scan does see code: the learner's own line
                    assert 'total_wasted = int(bakery["wasted"].sum()) + 1' in text
