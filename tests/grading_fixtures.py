"""A small nbgrader assignment and a set of hostile submissions, for the grading tests.

Like nbgrader's own tests, everything is built with nbformat in a temporary folder: the
fixture does not depend on the real exercises in solutions/.

Assignment ``demo`` (one notebook, ``demo.ipynb``), 8 points:
- q1 (2 points, autograded): ``double(x)``;
- q2 (3 points, autograded): ``mean_of(values)``;
- q3 (1 point, autograded, pandas): ``total(frame)``;
- q4 (2 points, written): a Markdown answer graded by hand against a mark scheme that is
  only in the source (inside the answer cell's solution region).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "demo"
HIDDEN_MARKERS = ["HIDDEN-Q1-SECRET", "HIDDEN-Q2-SECRET", "HIDDEN-Q3-SECRET"]
MARK_SCHEME_MARKER = "MARKSCHEME-Q4-SECRET"
AUTO_POINTS = {"q1": 2.0, "q2": 3.0, "q3": 1.0}
MAX_SCORE = 8.0


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=0, task=False) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if grade or task:
        meta["points"] = points
    return {"nbgrader": meta}


def answer(grade_id: str, source: str):
    return new_code_cell(source, metadata=_meta(grade_id, solution=True))


def tests(grade_id: str, source: str, points: float):
    return new_code_cell(source, metadata=_meta(grade_id, grade=True, locked=True, points=points))


SOLUTION_Q1 = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
SOLUTION_Q2 = (
    "def mean_of(values):\n    ### BEGIN SOLUTION\n    return sum(values) / len(values)\n"
    "    ### END SOLUTION\n"
)
SOLUTION_Q3 = (
    "import pandas as pd\n\n"
    "def total(frame):\n    ### BEGIN SOLUTION\n    return float(frame['amount'].sum())\n    ### END SOLUTION\n"
)
TESTS_Q1 = (
    'assert double(2) == 4, "double(2) should be 4"\n'
    "### BEGIN HIDDEN TESTS\n"
    'assert double(21) == 42, "HIDDEN-Q1-SECRET double(21)"\n'
    "### END HIDDEN TESTS\n"
)
TESTS_Q2 = (
    'assert mean_of([1, 2, 3]) == 2, "mean_of([1, 2, 3]) should be 2"\n'
    "### BEGIN HIDDEN TESTS\n"
    'assert abs(mean_of([2.5, 3.5]) - 3.0) < 1e-9, "HIDDEN-Q2-SECRET mean of halves"\n'
    "### END HIDDEN TESTS\n"
)
TESTS_Q3 = (
    "import pandas as pd\n"
    'assert total(pd.DataFrame({"amount": [1, 2]})) == 3, "total should add the amounts"\n'
    "### BEGIN HIDDEN TESTS\n"
    'assert total(pd.DataFrame({"amount": [0.5, 0.25]})) == 0.75, "HIDDEN-Q3-SECRET quarters"\n'
    "### END HIDDEN TESTS\n"
)
Q4_ANSWER = (
    "**Q4.** Why does the bakery's waste cost matter to the owner? (2 points)\n\n"
    "### BEGIN SOLUTION\n"
    f"{MARK_SCHEME_MARKER}: 1 point for naming margin, 1 point for naming a process fix.\n"
    "### END SOLUTION\n"
)


def source_notebook():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        new_markdown_cell("# Demo assignment\nAnswer every question."),
        new_markdown_cell("**Q1.** Write `double(x)`."),
        answer("q1_answer", SOLUTION_Q1),
        tests("q1_tests", TESTS_Q1, AUTO_POINTS["q1"]),
        new_markdown_cell("**Q2.** Write `mean_of(values)`."),
        answer("q2_answer", SOLUTION_Q2),
        tests("q2_tests", TESTS_Q2, AUTO_POINTS["q2"]),
        new_markdown_cell("**Q3.** Write `total(frame)`: the sum of the `amount` column."),
        answer("q3_answer", SOLUTION_Q3),
        tests("q3_tests", TESTS_Q3, AUTO_POINTS["q3"]),
        new_markdown_cell(Q4_ANSWER, metadata=_meta("q4_answer", grade=True, solution=True, points=2)),
    ]
    return nb


def make_source(folder: Path) -> Path:
    """Write source/demo/demo.ipynb under ``folder``; return the source folder."""
    source = folder / "source"
    (source / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), str(source / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    return source


# ----------------------------------------------------------------------------------------
# Submissions, made from the released notebook as a student would edit it
# ----------------------------------------------------------------------------------------

GOOD = {
    "q1_answer": "def double(x):\n    return x + x\n",
    "q2_answer": "def mean_of(values):\n    return sum(values) / len(values)\n",
    "q3_answer": "import pandas as pd\n\ndef total(frame):\n    return float(frame['amount'].sum())\n",
    "q4_answer": "The waste eats the margin; a fixed batch size per weekday would cut it.",
}
WRONG = {
    "q1_answer": "def double(x):\n    return x + 2\n",
    "q2_answer": "def mean_of(values):\n    return max(values)\n",
    "q3_answer": "def total(frame):\n    return 0.0\n",
}


def _cell(nb, grade_id):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def filled(released, answers: dict) -> nbformat.NotebookNode:
    nb = copy.deepcopy(released)
    for grade_id, text in answers.items():
        _cell(nb, grade_id).source = text
    return nb


def hostile_submissions(released) -> dict[str, object]:
    """student id -> notebook (or bytes for a file that is not a notebook)."""
    subs: dict[str, object] = {}
    subs["correct"] = filled(released, GOOD)
    subs["wrong"] = filled(released, WRONG)
    subs["partial"] = filled(released, {**GOOD, "q2_answer": WRONG["q2_answer"]})
    subs["syntax"] = filled(released, {**GOOD, "q1_answer": "def double(x)\n    return 2 * x\n"})
    subs["loop"] = filled(released, {**GOOD, "q2_answer": "while True:\n    pass\n"})
    subs["membomb"] = filled(released, {
        **GOOD,
        "q3_answer": "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))\n",
    })
    subs["exits"] = filled(released, {**GOOD, "q1_answer": "import sys\nsys.exit('bye')\n"})
    subs["killer"] = filled(released, {**GOOD, "q2_answer": "import os\nos.kill(os.getpid(), 9)\n"})

    deleted = filled(released, GOOD)
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") not in {"q2_answer", "q3_tests"}]
    subs["deleted"] = deleted

    duplicated = filled(released, GOOD)
    q1 = _cell(duplicated, "q1_answer")
    q1_tests = _cell(duplicated, "q1_tests")
    at = duplicated.cells.index(q1_tests)
    for offset, original in enumerate((q1, q1_tests), start=1):
        twin = copy.deepcopy(original)
        twin.id = f"{original.id[:4]}dup{offset}"  # a pasted cell gets a new cell id
        duplicated.cells.insert(at + offset, twin)
    subs["duplicated"] = duplicated

    edited = filled(released, {**GOOD, "q1_answer": WRONG["q1_answer"]})
    edited_tests = _cell(edited, "q1_tests")
    edited_tests.source = "pass  # tests removed\n"
    edited_tests.metadata["nbgrader"]["points"] = 100
    subs["edited"] = edited

    subs["snoop"] = filled(released, {
        **GOOD,
        # tries the solutions, the gradebook and the notebook being graded, then answers
        "q1_answer": (
            "import glob, os\n"
            "stolen = []\n"
            "for pattern in ['../../../*', '../../../../*', '/work/main/solutions/*/*.ipynb', '*.ipynb']:\n"
            "    for path in glob.glob(pattern):\n"
            "        try:\n"
            "            stolen.append(open(path).read()[:50])\n"
            "        except Exception as error:\n"
            "            print('refused:', type(error).__name__)\n"
            f"for path in [{str(ROOT / 'solutions')!r}, os.path.expanduser('~')]:\n"
            "    try:\n"
            "        print(os.listdir(path))\n"
            "    except Exception as error:\n"
            "        print('refused:', type(error).__name__)\n"
            "def double(x):\n    return 2 * x\n"
        ),
        # prints the test cell's source (hidden tests included) while the test runs
        "q2_answer": (
            "import inspect, linecache\n"
            "def mean_of(values):\n"
            "    frame = inspect.currentframe().f_back\n"
            "    print(''.join(linecache.getlines(frame.f_code.co_filename)))\n"
            "    print(get_ipython().user_ns.get('In', [])[-1:])\n"
            "    return sum(values) / len(values)\n"
        ),
    })
    empty = copy.deepcopy(released)
    empty.cells = []
    subs["empty"] = empty
    subs["notanotebook"] = b"%PDF-1.4 this is a PDF, not a notebook\n"
    subs["late"] = filled(released, GOOD)
    return subs


EXPECTED = {
    # student: (status, auto score or None, note codes that must be recorded)
    "correct": ("graded", 6.0, set()),
    "wrong": ("graded", 0.0, set()),
    "partial": ("graded", 3.0, set()),
    "syntax": ("graded", 4.0, set()),
    "loop": ("graded", 3.0, {"timeout"}),
    "membomb": ("graded", 5.0, {"memory"}),
    "exits": ("graded", 4.0, {"suspicious_code"}),
    "killer": ("graded", 3.0, {"kernel_died"}),
    "deleted": ("graded", 3.0, {"deleted_answer", "deleted_test"}),
    "duplicated": ("graded", 6.0, {"duplicate_cell"}),
    "edited": ("graded", 4.0, {"edited_test"}),
    # right answers, but it reads frames and the shell's history: autograded points withheld
    "snoop": ("graded", 0.0, {"attempted", "suspicious_code", "tampering"}),
    "empty": ("graded", 0.0, {"empty_notebook"}),
    "notanotebook": ("failed", 0.0, {"not_a_notebook"}),
    "late": ("graded", 4.2, set()),  # 6 points, two days and one hour late: 30 % off
}
DUE = "2025-01-10T12:00"
ON_TIME = "2025-01-09 10:00:00 UTC"
LATE = "2025-01-12 13:00:00 UTC"


def write_submission(folder: Path, student: str, content, timestamp: str | None = None) -> Path:
    target = folder / student / ASSIGNMENT
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{ASSIGNMENT}.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        nbformat.write(content, str(path))
    if timestamp:
        (target / "timestamp.txt").write_text(timestamp)
    return path


def run_cli(*args: str, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """`python -m grading ...` in a subprocess, as an instructor would run it."""
    full_env = dict(os.environ)
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "grading", *args],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout, check=False,
    )


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def release_course(base: Path, *extra: str) -> tuple[Path, list[str], nbformat.NotebookNode]:
    """Release ``demo`` into a new course under ``base``, as an instructor would (``extra``: more
    `release` arguments, e.g. ``--due``): the course folder, the arguments that name it, and the
    released notebook that submissions are made from."""
    source = make_source(base)
    course_dir = base / "course"
    common = ["--course-dir", str(course_dir)]
    run = run_cli("release", ASSIGNMENT, *common, "--source-dir", str(source),
                  "--release-dir", str(base / "release"), *extra)
    assert run.returncode == 0, run.stderr
    released = nbformat.read(str(base / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    return course_dir, common, released
