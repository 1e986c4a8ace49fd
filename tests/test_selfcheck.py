"""The learners' self-check: visible tests with hints, friendly failures, no hidden tests.

The solutions' answer cells are run in-process (no kernel) to build a learner's namespace;
everything else is plain function calls.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from widgets.core import selfcheck as core
from widgets.selfcheck import CheckView, check, check_button

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ("fundamentals", "intermediate", "advanced")
MIN_SECRET_LENGTH = 16
BAD_VALUES = (None, "text", [], {}, float("nan"), -1e9, pd.DataFrame({"a": [1]}), object())


def source_notebook(assignment: str):
    return nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)


def _regions(text: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in text.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def hidden_test_lines(assignment: str) -> set[str]:
    lines = set()
    for cell in source_notebook(assignment).cells:
        lines.update(line.strip() for line in _regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
    return {line for line in lines if len(line) >= MIN_SECRET_LENGTH}


def solution_lines(assignment: str) -> set[str]:
    """Distinctive solution lines; a function's signature is not one: the prompt states it."""
    lines = set()
    for cell in source_notebook(assignment).cells:
        lines.update(line.strip() for line in _regions(cell.source, "BEGIN SOLUTION", "END SOLUTION"))
    return {line for line in lines
            if len(line) >= MIN_SECRET_LENGTH and not re.fullmatch(r"def \w+\(.*\):", line)}


_NAMESPACES: dict[str, dict] = {}


def solved(assignment: str) -> dict:
    """A learner's namespace after running the setup and the solution of every question."""
    if assignment not in _NAMESPACES:
        namespace: dict = {"__name__": "__main__"}
        for cell in source_notebook(assignment).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and not meta.get("grade") and meta.get("grade_id"):
                exec(compile(cell.source, meta["grade_id"], "exec"), namespace)  # noqa: S102 -- as the notebook would
        _NAMESPACES[assignment] = namespace
    return dict(_NAMESPACES[assignment])


def all_outputs(assignment: str, namespace: dict) -> str:
    view = check(assignment=assignment, namespace=namespace)
    return view.text() + view._repr_html_()


# --------------------------------------------------------------------------------------------
# Pass and fail, per visible test
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_passes_every_visible_check(assignment):
    namespace = solved(assignment)
    for key in core.load_questions(assignment):
        report = core.visible_report(assignment, key, namespace)
        assert report.passed, report.text()
        assert report.headline.endswith(f"{len(report.outcomes)} of {len(report.outcomes)} visible checks pass.")
    assert check(assignment=assignment, namespace=namespace).passed


def test_each_visible_check_reports_pass_or_fail_with_its_hint():
    namespace = solved("fundamentals")
    namespace["waste_share_year"] = 12.9  # a percent where a share is asked for
    report = core.visible_report("fundamentals", "q1", namespace)
    statuses = [o.status for o in report.outcomes]
    assert statuses == [core.PASSED, core.PASSED, core.FAILED, core.NOT_RUN]
    failed = report.outcomes[2]
    assert "`waste_share_year` is 12.9, which is not between 0 and 1" in failed.message
    assert "do not multiply by 100" in failed.hint
    text = report.text()
    assert "2 of 4 visible checks pass" in text
    assert "✓ `total_wasted` is a whole number" in text
    assert "✗ `waste_share_year` is between 0 and 1" in text
    assert "Hint: A share is a fraction of 1" in text
    assert "Not run yet: fix the check above it first." in text


def test_a_consistency_check_catches_an_unpooled_share():
    namespace = solved("fundamentals")
    bakery = namespace["bakery"]
    daily = bakery.groupby("date")[["wasted", "baked"]].sum()
    shares = daily["wasted"] / daily["baked"]
    dates = shares.index.to_series()
    namespace["waste_share_before"] = float(shares[dates < "2025-09-01"].mean())
    namespace["waste_share_with"] = float(shares[dates >= "2025-09-01"].mean())
    report = core.visible_report("fundamentals", "q2", namespace)
    assert [o.status for o in report.outcomes] == [core.PASSED] * 4 + [core.FAILED]
    assert "`waste_share_before` is an average of daily" in report.text()
    assert "Pool the period instead" in report.text()


def test_the_mean_of_daily_rates_gets_a_specific_hint():
    namespace = solved("fundamentals")
    namespace["pooled_on_time_rate"] = lambda rows: float(rows["large_order_on_time_rate"].mean())
    report = core.visible_report("fundamentals", "q4", namespace)
    assert [o.status for o in report.outcomes][:2] == [core.PASSED, core.FAILED]
    assert "the mean of the daily rates" in report.outcomes[1].message


def test_the_smart_check_passes_on_the_lessons_feedback():
    from widgets.core import smart

    namespace = solved("fundamentals")
    namespace["decorator_goal"] = smart.Goal(action="Be faster")
    report = core.visible_report("fundamentals", "q5", namespace)
    assert report.outcomes[0].passed and not report.outcomes[1].passed
    assert report.outcomes[1].message.startswith("S (")


def test_small_groups_must_not_be_reported():
    namespace = solved("intermediate")
    namespace["enps_by_team"] = {**namespace["enps_by_team"], "Product": 0.0}
    report = core.visible_report("intermediate", "q2", namespace)
    assert not report.passed
    assert "'Product' has fewer than 5 respondents" in report.text()


# --------------------------------------------------------------------------------------------
# Friendly messages: missing variables, learners' exceptions, odd values
# --------------------------------------------------------------------------------------------

def test_a_missing_variable_gives_a_friendly_message():
    namespace = solved("intermediate")
    del namespace["warehouse_2024"]
    report = core.visible_report("intermediate", "q4", namespace)
    assert not report.passed and report.outcomes == ()
    assert report.missing == ("warehouse_2024",)
    assert "`warehouse_2024` is not defined yet" in report.problem
    assert "replace `raise NotImplementedError()`" in report.problem
    assert "not checked yet" in report.headline


def test_several_missing_variables_are_named_together():
    report = core.visible_report("fundamentals", "q1", {})
    assert "`total_wasted` and `waste_share_year` are not defined yet" in report.problem


def test_an_exception_inside_the_learners_function_is_reported_in_words():
    namespace = solved("fundamentals")

    def pooled_on_time_rate(rows):
        return rows["large_orders_on_time"].sum() / len(None)  # a learner's bug

    namespace["pooled_on_time_rate"] = pooled_on_time_rate
    report = core.visible_report("fundamentals", "q4", namespace)
    failed = next(o for o in report.outcomes if o.status == core.FAILED)
    assert failed.message.startswith("Your function `pooled_on_time_rate` raised TypeError")
    assert "Traceback" not in report.text() and 'File "' not in report.text()


def test_a_learners_function_that_raises_on_purpose_is_still_checked():
    namespace = solved("intermediate")

    def kpi_attainment(value, target, direction):
        raise KeyError(direction)

    namespace["kpi_attainment"] = kpi_attainment
    report = core.visible_report("intermediate", "q5", namespace)
    assert "Your function `kpi_attainment` raised KeyError" in report.outcomes[0].message


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_value_of_any_variable_makes_the_runner_raise(assignment):
    base = solved(assignment)
    for key, question in core.load_questions(assignment).items():
        for name in question.variables:
            for bad in BAD_VALUES:
                namespace = {**base, name: bad}
                report = core.visible_report(assignment, key, namespace)  # never raises
                assert isinstance(report, core.Report)
                for outcome in report.outcomes:
                    assert "Traceback" not in outcome.message


def test_an_unexpected_error_in_a_check_becomes_a_sentence():
    def broken(namespace):
        return 1 / 0

    question = core.Question("q9", "Broken", (), (core.Check("divides", broken, "a hint"),))
    report = core.run_question(question, {}, "demo")
    assert report.outcomes[0].status == core.FAILED
    assert "could not use your answer (ZeroDivisionError" in report.outcomes[0].message


def test_describe_is_short_and_safe():
    class Nasty:
        def __repr__(self):
            raise RuntimeError("boom")

    assert core.describe(None) == "None"
    assert core.describe(3) == "a int (3)"
    assert core.describe(Nasty()) == "a Nasty"
    assert core.describe("x" * 500).endswith("…)") and len(core.describe("x" * 500)) < 80
    assert core.describe(pd.DataFrame({"a": [1, 2]})) == "a DataFrame of shape (2, 1)"
    assert core.is_number(2.5) and not core.is_number(True) and not core.is_number(math.inf)
    assert core.is_whole_number(3.0) and not core.is_whole_number(3.5)


# --------------------------------------------------------------------------------------------
# check() and the button: JupyterLab and Voila, no nbgrader
# --------------------------------------------------------------------------------------------

def test_check_reads_the_callers_variables_and_assignment():
    namespace = solved("advanced")
    exec("result = check('q4')", namespace)  # noqa: S102  -- as a notebook cell would
    result = namespace["result"]
    assert isinstance(result, CheckView) and result.passed and bool(result)
    assert "q4 (The perception gap): 1 of 1 visible checks pass." in repr(result)


def test_a_question_can_be_named_loosely():
    namespace = {**solved("advanced"), "ASSIGNMENT": "advanced"}
    for name in ("q4", "Q4", " q4 ", 4):
        assert check(name, namespace=namespace).reports[0].question == "q4"


def test_check_without_an_assignment_says_how_to_name_one():
    view = check("q1", namespace={})
    assert not view.passed
    assert "Which assignment?" in view.text() and "check('q1', assignment='fundamentals')" in view.text()


@pytest.mark.parametrize("question, assignment, expected", [
    ("q99", "fundamentals", "There is no question 'q99' with checks in fundamentals: try one of q1, q2"),
    ("q1", "expert", "There are no checks for an assignment called 'expert'"),
    (None, "expert", "There are no checks for an assignment called 'expert'"),
])
def test_unknown_questions_and_assignments_are_one_line(question, assignment, expected):
    view = check(question, assignment=assignment, namespace={})
    assert expected in view.text() and "\n" not in view.text()
    assert "aligned-message-error" in view._repr_html_()


def test_check_of_everything_lists_every_question():
    view = check(assignment="intermediate", namespace=solved("intermediate"))
    assert [r.question for r in view.reports] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert view.passed


def test_the_html_uses_symbols_and_words_and_escapes_text():
    namespace = solved("fundamentals")
    namespace["tech_ahead_firms"] = ["<script>alert(1)</script>"]
    html_text = check("q6", assignment="fundamentals", namespace=namespace)._repr_html_()
    assert "<script>alert" not in html_text and "&lt;script&gt;" in html_text
    assert "✗" in html_text and "failed:" in html_text and "Hint:" in html_text
    assert 'role="alert"' in html_text
    passing = check("q1", assignment="fundamentals", namespace=solved("fundamentals"))._repr_html_()
    assert "✓" in passing and "passed:" in passing and 'role="status"' in passing


def test_the_check_button_shows_the_result_and_sees_later_answers():
    namespace = {"ASSIGNMENT": "fundamentals"}
    box = check_button("q1", namespace=namespace)
    button, result = box.children
    assert button.description == "Check q1" and result.value == ""
    button.click()
    assert "not defined yet" in result.value
    namespace.update(solved("fundamentals"))  # the learner answers, then clicks again
    button.click()
    assert "4 of 4 visible checks pass" in result.value


def test_the_check_button_never_shows_a_traceback(monkeypatch):
    import widgets.selfcheck as view

    def explode(*_args):
        raise RuntimeError("internal")

    monkeypatch.setattr(view, "_reports", explode)
    box = check_button("q1", assignment="fundamentals", namespace={})
    box.children[0].click()
    assert "Something went wrong while checking your answer" in box.children[1].value
    assert "internal" not in box.children[1].value


# --------------------------------------------------------------------------------------------
# Nothing hidden leaks: not in the check modules, not in any output
# --------------------------------------------------------------------------------------------

CHECK_SOURCES = [
    ROOT / "widgets" / "selfcheck.py",
    ROOT / "widgets" / "core" / "selfcheck.py",
    *sorted((ROOT / "widgets" / "checks").glob("*.py")),
]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_and_solutions_are_not_in_the_check_modules(assignment):
    hidden, solutions = hidden_test_lines(assignment), solution_lines(assignment)
    assert hidden and solutions
    for path in CHECK_SOURCES:
        text = path.read_text()
        assert [line for line in hidden if line in text] == [], path.name
        assert [line for line in solutions if line in text] == [], path.name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_never_appear_in_check_output(assignment):
    hidden = hidden_test_lines(assignment)
    outputs = [all_outputs(assignment, solved(assignment)), all_outputs(assignment, {})]
    base = solved(assignment)
    for question in core.load_questions(assignment).values():
        for name in question.variables:
            outputs.append(all_outputs(assignment, {**base, name: None}))
    for text in outputs:
        assert [line for line in hidden if line in text] == []
        assert "HIDDEN" not in text and "BEGIN SOLUTION" not in text


def test_check_modules_are_pure_like_the_core():
    import ast

    ui = {"ipywidgets", "IPython", "voila", "altair", "anywidget"}
    for path in (ROOT / "widgets" / "checks").glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert not imported & ui, path.name


@pytest.mark.notebooks
@pytest.mark.timeout(1200)
def test_check_and_the_button_work_in_a_real_kernel(tmp_path):
    """A kernel's cells run with the user namespace as globals, as in JupyterLab and Voila."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(cells=[
        new_code_cell("from widgets.selfcheck import check, check_button\nASSIGNMENT = 'advanced'"),
        new_code_cell("box = check_button('q4')\nbox.children[0].click()\nprint(box.children[1].value)"),
        new_code_cell("leadership_clan_gap = 25.8"),
        new_code_cell("box.children[0].click()\nprint(box.children[1].value)"),
        new_code_cell("check('q4')"),
        new_code_cell("box"),
    ])
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    before, after = notebook.cells[1].outputs[0]["text"], notebook.cells[3].outputs[0]["text"]
    assert "<code>leadership_clan_gap</code> is not defined yet" in before
    assert "1 of 1 visible checks pass" in after
    html_text = notebook.cells[4].outputs[0]["data"]["text/html"]
    assert "1 of 1 visible checks pass" in html_text and "✓" in html_text
    assert "application/vnd.jupyter.widget-view+json" in notebook.cells[5].outputs[0]["data"]
