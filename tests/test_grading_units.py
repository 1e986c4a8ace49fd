"""The grading pipeline's pure parts: no kernel, no nbgrader run."""

from __future__ import annotations

import copy
import json
import os
import tempfile

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import grading_fixtures as F
from grading import config as cfg
from grading.collect import ZIP_PATTERN, parse_zip_name, zip_timestamp
from grading.errors import GradingError
from grading.execute import sandbox_command
from grading.feedback import (
    HIDDEN_FAILED,
    PLACEHOLDER,
    offline_html,
    sanitize_notebook,
    scrub_text,
    secrets_from,
    strip_regions,
)
from grading.gradebook import question_of
from grading.guard import Guard, Policy, path_refusal
from grading.inspection import inspect_notebook, read_notebook_bytes
from grading.late import late_penalty
from grading.progress import text_bar
from grading.report import common_failures, failing_line, failing_test

# -- late submissions ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("seconds_late", "expected"),
    [
        (0, 0.0),
        (10 * 60, 0.0),  # inside the 15-minute grace period
        (16 * 60, 0.6),  # one started day: 10 % of 6
        (86400 + 1, 1.2),  # two started days
        (3 * 86400 - 1, 1.8),
        (8 * 86400, 6.0),  # past zero_after_days: everything
    ],
)
def test_late_penalty_per_started_day(seconds_late, expected):
    assert late_penalty(6.0, seconds_late) == pytest.approx(expected)


def test_late_penalty_never_exceeds_the_score_and_can_be_disabled():
    assert late_penalty(5.0, 6 * 86400, percent_per_day=50) == 5.0
    assert late_penalty(5.0, 30 * 86400, zero_after_days=None) == 5.0  # 10 %/day caps at the score
    assert late_penalty(5.0, 2 * 86400, percent_per_day=0) == 0.0
    assert late_penalty(0.0, 9 * 86400) == 0.0


# -- course configuration -------------------------------------------------------------------

def test_db_urls_are_normalised():
    assert cfg.normalise_db_url("sqlite:////x/gradebook.db") == "sqlite:////x/gradebook.db?timeout=60"
    assert cfg.normalise_db_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert cfg.normalise_db_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    with pytest.raises(GradingError, match="Unsupported gradebook URL"):
        cfg.normalise_db_url("mysql://u:secret@h/db")
    assert "secret" not in cfg.redact("postgresql://u:secret@h/db")


def test_due_dates_are_utc():
    assert cfg.parse_due("2025-03-01T17:00").isoformat() == "2025-03-01T17:00:00+00:00"
    assert cfg.parse_due("2025-03-01T18:00+01:00").isoformat() == "2025-03-01T17:00:00+00:00"
    with pytest.raises(GradingError, match="Bad due date"):
        cfg.parse_due("next friday")


def test_course_must_exist_and_live_outside_the_repo(tmp_path):
    with pytest.raises(GradingError, match="No course is set up"):
        cfg.open_course(tmp_path / "nothing")
    with pytest.raises(GradingError, match="inside the repository"):
        cfg.open_course(cfg.REPO_ROOT / "course", create=True)


def test_default_course_dir_follows_state_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path / "state"))
    assert cfg.default_course_dir() == (tmp_path / "state" / "course").resolve()


def test_nbgrader_config_points_at_the_course(tmp_path):
    source = F.make_source(tmp_path)
    course = cfg.open_course(tmp_path / "course", create=True, source_dir=source, release_dir=tmp_path / "release")
    c = course.nbgrader_config()
    assert c.CourseDirectory.source_directory == str(source)
    assert c.CourseDirectory.release_directory == str(tmp_path / "release")
    assert c.CourseDirectory.db_url.startswith("sqlite:///") and str(course.root) in c.CourseDirectory.db_url
    names = [k.__name__ for k in c.GenerateFeedback.preprocessors]
    assert names == ["GetGrades", "FeedbackSanitizer", "LimitFeedbackSize", "CSSHTMLHeaderPreprocessor"]
    assert c.AssignLatePenalties.plugin_class.__name__ == "LatePenalty"
    assert "LimitedExecute" in [k.__name__ for k in c.Autograde.autograde_preprocessors]
    assert "Execute" not in [k.__name__ for k in c.Autograde.autograde_preprocessors]
    assert (course.root / "nbgrader_config.py").exists()
    assert course.assignments() == ["demo"]
    with pytest.raises(GradingError, match="Unknown assignment 'nope': the course has demo"):
        course.require_assignment("nope")


def test_limits_must_be_positive():
    with pytest.raises(GradingError):
        cfg.Limits(cell_timeout=0)


# -- feedback sanitizing -------------------------------------------------------------------

def test_strip_regions_removes_markers_and_content():
    kept, removed = strip_regions(
        "a\n### BEGIN HIDDEN TESTS\nsecret\n### END HIDDEN TESTS\nb", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
    )
    assert kept == "a\nb"
    assert "secret" in removed
    kept, removed = strip_regions("a\n### BEGIN HIDDEN TESTS\nsecret", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    assert kept == "a" and "secret" in removed  # unterminated: nothing after BEGIN survives


def test_scrub_text_catches_quotes_reprs_and_fragments():
    secrets = secrets_from(['assert double(21) == 42, "HIDDEN-Q1-SECRET double(21)"'])
    assert scrub_text("ok\nassert double(21) == 42, \"HIDDEN-Q1-SECRET double(21)\"", secrets) == f"ok\n{PLACEHOLDER}"
    assert scrub_text("['x = 1\\nassert double(21) == 42, \"HIDDEN-Q1-SECRET double(21)\"']", secrets) == PLACEHOLDER
    assert scrub_text("HIDDEN-Q1-SECRET double(21)", secrets) == PLACEHOLDER
    assert scrub_text("all good", secrets) == "all good"


def _graded_notebook():
    nb = F.source_notebook()
    test_cell = nb.cells[3]
    test_cell.outputs = [
        new_output("stream", name="stdout", text=F.TESTS_Q1),
        new_output("error", ename="AssertionError", evalue="HIDDEN-Q1-SECRET double(21)",
                   traceback=["\x1b[0;31mAssertionError\x1b[0m Traceback",
                              "----> 3 assert double(21) == 42, \"HIDDEN-Q1-SECRET double(21)\""]),
    ]
    nb.cells.append(new_markdown_cell(
        "=== BEGIN MARK SCHEME ===\nMARKSCHEME-LOCKED give 2 points for...\n=== END MARK SCHEME ===",
        metadata={"nbgrader": {"grade": False, "grade_id": "ms", "locked": True, "schema_version": 3,
                               "solution": False, "task": False}},
    ))
    nb.cells.append(new_markdown_cell("MARKSCHEME-TAGGED", metadata={"tags": ["mark-scheme"]}))
    return nb


def test_sanitize_notebook_removes_hidden_tests_mark_schemes_and_their_echoes():
    nb = _graded_notebook()
    sanitize_notebook(nb)
    text = json.dumps(nb)
    for secret in [*F.HIDDEN_MARKERS, "MARKSCHEME-LOCKED", "MARKSCHEME-TAGGED", "BEGIN HIDDEN TESTS", "MARK SCHEME"]:
        assert secret not in text
    test_cell = nb.cells[3]
    assert 'assert double(2) == 4' in test_cell.source  # the visible test stays
    error = test_cell.outputs[-1]
    assert error.traceback == [f"AssertionError: {HIDDEN_FAILED}"]


def test_visible_test_failures_keep_their_message():
    nb = F.source_notebook()
    nb.cells[3].outputs = [new_output("error", ename="AssertionError", evalue="double(2) should be 4",
                                      traceback=["----> 1 assert double(2) == 4, \"double(2) should be 4\""])]
    sanitize_notebook(nb)
    assert nb.cells[3].outputs[0].traceback == ["AssertionError: double(2) should be 4"]


def test_offline_html_drops_cdn_scripts():
    page = '<head><script src="https://cdn.example/mathjax.js"></script><link rel="stylesheet" href="http://x/y.css"></head>'
    assert "http" not in offline_html(page)


# -- the kernel's guard --------------------------------------------------------------------

def test_guard_policy(tmp_path):
    own = tmp_path / "work" / "alice" / "demo"
    own.mkdir(parents=True)
    (own / "data.csv").write_text("x\n1\n")
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    policy = Policy(own_dir=str(own), deny=(str(course), str(tmp_path / "work")), allow=(str(tmp_path / "venv"),))
    assert path_refusal(policy, own / "data.csv") is None
    assert path_refusal(policy, "data.csv", cwd=str(own)) is None
    assert "notebook" in path_refusal(policy, own / "demo.ipynb")
    assert "outside" in path_refusal(policy, course / "source" / "x.py")
    assert "outside" in path_refusal(policy, "../../bob/demo/data.csv", cwd=str(own))
    assert "gradebook" in path_refusal(policy, tmp_path / "elsewhere" / "gradebook.db")
    assert path_refusal(policy, tmp_path / "venv" / "lib" / "x.py") is None
    assert path_refusal(policy, "/usr/lib/python3/os.py") is None
    assert path_refusal(policy, 3) is None  # a file descriptor
    link = own / "link"
    link.symlink_to(course / "source")
    assert "outside" in path_refusal(policy, link)  # symlinks are resolved


def test_guard_refuses_processes_and_signals_and_logs(tmp_path):
    log = tmp_path / "guard.jsonl"
    guard = Guard(Policy(own_dir=str(tmp_path / "own"), deny=(str(tmp_path / "secret"),), log_path=str(log)))
    guard._log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with pytest.raises(PermissionError):
        guard("subprocess.Popen", ("ls", ["ls"], None, None))
    with pytest.raises(PermissionError):
        guard("os.kill", (1, 9))
    guard("os.kill", (os.getpid(), 9))  # its own process: allowed (and handled by the grader)
    with pytest.raises(PermissionError):
        guard("open", (str(tmp_path / "secret" / "x"), "r", 0))
    with pytest.raises(PermissionError):
        guard("ctypes.dlsym", (None, "system"))
    guard("ctypes.dlsym", (None, "strlen"))
    os.close(guard._log_fd)
    assert len(log.read_text().splitlines()) == 4


def test_kernels_start_through_the_sandbox():
    # -I: neither the working folder nor PYTHON* variables reach sys.path, so a submission's own
    # grading/sandbox.py cannot replace the launcher
    assert sandbox_command(["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "c.json"]) == [
        "/venv/bin/python", "-I", "-m", "grading.sandbox", "-f", "c.json"]
    wrapped = sandbox_command(["julia", "kernel.jl", "c.json"])
    assert wrapped[1:5] == ["-I", "-m", "grading.sandbox", "--exec"]
    assert wrapped[-3:] == ["julia", "kernel.jl", "c.json"]


# -- static inspection ---------------------------------------------------------------------

def _released():
    nb = F.source_notebook()
    from nbgrader.preprocessors import (
        ClearHiddenTests,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )

    resources = {}
    for pp in (LockCells(), ClearSolutions(), ComputeChecksums(), ClearHiddenTests(), ComputeChecksums()):
        nb, resources = pp.preprocess(nb, resources)
    return nb


def test_files_that_are_not_notebooks():
    for data, why in [(b"%PDF-1.4 \xff\xfe", "not text"), (b"", "empty"), (b"{not json", "not JSON"),
                      (b'{"a": 1}', "without notebook cells")]:
        notebook, finding = read_notebook_bytes(data, "demo.ipynb")
        assert notebook is None and finding.fatal and why in finding.message
    notebook, finding = read_notebook_bytes(nbformat.writes(new_notebook()).encode(), "demo.ipynb")
    assert finding is None and notebook.cells == []


def test_inspection_names_each_hostile_edit():
    released = _released()
    subs = F.hostile_submissions(released)
    codes = {name: {f.code for f in inspect_notebook(subs[name], released, "demo.ipynb")}
             for name in ("correct", "deleted", "duplicated", "edited", "snoop", "empty", "exits", "killer")}
    assert codes["correct"] == set()
    assert codes["deleted"] == {"deleted_answer", "deleted_test"}
    assert codes["duplicated"] == {"duplicate_cell"}
    assert codes["edited"] == {"edited_test"}
    assert codes["snoop"] == {"suspicious_code"}
    assert codes["empty"] == {"empty_notebook"}
    assert codes["exits"] == {"suspicious_code"}
    assert codes["killer"] == {"suspicious_code"}


def test_changed_points_are_reported():
    released = _released()
    nb = copy.deepcopy(released)
    nb.cells[3].metadata["nbgrader"]["points"] = 100
    (finding,) = inspect_notebook(nb, released, "demo.ipynb")
    assert finding.code == "edited_test" and "points were changed" in finding.message and finding.attention


# -- collect -------------------------------------------------------------------------------

def test_zip_names():
    assert parse_zip_name("ana.lopez_fundamentals.zip") == {
        "student_id": "ana.lopez", "assignment": "fundamentals", "timestamp": None}
    info = parse_zip_name("ana_fundamentals_2025-03-01T17-05-00.zip")
    assert info["timestamp"] == "2025-03-01T17-05-00"
    assert zip_timestamp(info["timestamp"]) == "2025-03-01 17:05:00 UTC"
    for bad in ["fundamentals.zip", "ana lopez_fundamentals.zip", "_x.zip",
                "ana_fundamentals_yesterday.zip", "ana_fundamentals.rar"]:
        assert parse_zip_name(bad, ZIP_PATTERN) is None, bad


# -- report analytics ----------------------------------------------------------------------

def test_failing_test_reads_the_failing_line_and_message():
    traceback = ["\x1b[0;31m---------\x1b[0m", "Cell \x1b[0;32mIn[4], line 2\x1b[0m",
                 "\x1b[1;32m----> 2\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m mean_of([2]) "
                 "\x1b[38;5;241m==\x1b[39;00m 2"]
    assert failing_line(traceback) == "assert mean_of([2]) == 2"
    cell = new_code_cell("", outputs=[new_output("error", ename="AssertionError", evalue="", traceback=traceback)])
    assert failing_test(cell) == "assert mean_of([2]) == 2"
    cell.outputs = [new_output("error", ename="NameError", evalue="name 'f' is not defined", traceback=[])]
    assert failing_test(cell) == "NameError: name 'f' is not defined"
    cell.outputs = [new_output("stream", name="stdout", text="fine")]
    assert failing_test(cell) is None


def test_common_failures_counts_per_question():
    def nb_with(evalue):
        nb = F.source_notebook()
        nb.cells[3].outputs = [new_output("error", ename="NameError", evalue=evalue, traceback=[])] if evalue else []
        return nb

    result = common_failures({"a": [nb_with("x")], "b": [nb_with("x")], "c": [nb_with("y")], "d": [nb_with(None)]})
    assert result == {"q1": ("NameError: x", 2, 3)}


def test_question_names_and_progress_bar():
    assert question_of("q3_tests") == "q3" and question_of("q3_answer") == "q3" and question_of("intro") == "intro"
    assert text_bar(5, 10, width=10) == "[#####-----] 5/10"


def test_grading_kernels_talk_over_private_unix_sockets_and_leave_nothing_behind():
    import glob
    import os

    import nbformat
    from nbclient import NotebookClient

    from grading.execute import LimitedKernelManager

    manager = LimitedKernelManager(kernel_name="python3")
    assert manager.transport == "ipc"
    assert os.path.isabs(manager.ip) and os.path.isdir(os.path.dirname(manager.ip))
    os.rmdir(os.path.dirname(manager.ip))

    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "aligned-kernel-*")))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    NotebookClient(notebook, kernel_manager_class=LimitedKernelManager, kernel_name="python3", timeout=120).execute()
    assert notebook.cells[0].outputs[0]["text"] == "42\n"
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "aligned-kernel-*"))) == before


# -- sanitizing a submission against the gradebook (grading/restore.py), no kernel ------------

@pytest.fixture
def released_course(tmp_path):
    from grading.release import release

    source = F.make_source(tmp_path)
    course = cfg.open_course(tmp_path / "course", create=True, source_dir=source, release_dir=tmp_path / "release")
    release(course, F.ASSIGNMENT)
    released = nbformat.read(str(tmp_path / "release" / F.ASSIGNMENT / f"{F.ASSIGNMENT}.ipynb"), as_version=4)
    return course, released


def _sanitize(course, nb):
    config = course.nbgrader_config()
    resources = {"nbgrader": {"notebook": F.ASSIGNMENT, "assignment": F.ASSIGNMENT, "db_url": course.db_url}}
    for step in config.Autograde.sanitize_preprocessors:
        nb, resources = step(config=config).preprocess(nb, resources)
    return nb


def test_a_test_cell_whose_grade_solution_or_points_were_changed_is_restored_and_flagged(released_course):
    from nbgrader import utils

    course, released = released_course
    nb = F.filled(released, F.GOOD)
    F._cell(nb, "q1_tests").metadata["nbgrader"]["grade"] = False  # "not graded": no points to lose
    F._cell(nb, "q2_tests").metadata["nbgrader"]["solution"] = True
    F._cell(nb, "q3_tests").metadata["nbgrader"].update(points=100, grade=True)
    F._cell(nb, "q1_answer").metadata["nbgrader"].update(grade=True, points=50)  # an answer made a "test"
    findings = inspect_notebook(nb, released, "demo.ipynb")
    sanitized = _sanitize(course, copy.deepcopy(nb))
    for grade_id in ("q1_tests", "q2_tests", "q3_tests", "q1_answer"):
        mine, original = F._cell(sanitized, grade_id), F._cell(released, grade_id)
        for flag in ("grade", "solution", "locked", "points"):
            assert mine.metadata["nbgrader"].get(flag) == original.metadata["nbgrader"].get(flag), (grade_id, flag)
        if utils.is_locked(original):  # the gradebook's source, hidden tests included
            assert utils.compute_checksum(mine) == mine.metadata["nbgrader"]["checksum"]
    flagged = {f.message.split("cell ")[1].split(" ")[0] for f in findings if f.attention}
    assert flagged == {"q1_tests", "q2_tests", "q3_tests", "q1_answer"}
    assert all("restored" in f.message for f in findings)


def test_a_notebook_in_format_3_is_upgraded_and_inspected():
    released = _released()
    text = nbformat.writes(nbformat.convert(F.filled(released, F.GOOD), 3), version=3)
    assert '"worksheets"' in text
    notebook, finding = read_notebook_bytes(text.encode(), "demo.ipynb")
    assert finding is None
    assert notebook.nbformat == 4
    assert F._cell(notebook, "q1_answer").source == F.GOOD["q1_answer"]
    findings = inspect_notebook(notebook, released, "demo.ipynb")
    assert [f.code for f in findings] == ["old_format"] and not findings[0].attention


def test_a_notebook_whose_grading_metadata_was_stripped_is_flagged_in_plain_words():
    released = _released()
    stripped = F.filled(released, F.GOOD)
    for cell in stripped.cells:
        cell.metadata.pop("nbgrader", None)
    (finding,) = inspect_notebook(stripped, released, "demo.ipynb")
    assert finding.code == "metadata_stripped" and finding.attention and not finding.fatal
    assert "grading information of every cell was removed" in finding.message
    assert "scores zero" in finding.message


# -- feedback page size ----------------------------------------------------------------------

def test_huge_outputs_are_shortened_with_a_visible_note_and_the_page_keeps_its_budget():
    from grading.feedback import limit_notebook

    nb = F.source_notebook()
    answer = F._cell(nb, "q1_answer")
    answer.outputs = [new_output("stream", name="stdout", text="x" * 5_000_000)]
    answer.outputs += [new_output("stream", name="stdout", text=f"line {i}\n" * 2000) for i in range(400)]
    answer.outputs.append(new_output("display_data", data={"image/png": "A" * 3_000_000, "text/plain": "<Figure>"}))
    F._cell(nb, "q2_answer").source = "# " + "y" * 1_000_000
    shortened = limit_notebook(nb, max_output_chars=64 * 1024, budget=1_500_000)
    assert shortened > 0
    texts = [o.get("text", "") for o in answer.outputs if o.get("output_type") == "stream"]
    assert len(texts[0]) < 70 * 1024 and texts[0].startswith("x" * 1000)
    assert "[output shortened: 4.7 MB more not shown]" in texts[0]
    assert any("the page reached its size limit" in text for text in texts)
    assert "image/png" not in answer.outputs[-1].get("data", {})  # an image that large is not cut in two
    assert "output shortened" in F._cell(nb, "q2_answer").source
    total = sum(len(cell.source) + sum(len(o.get("text", "")) for o in cell.get("outputs", [])) for cell in nb.cells)
    assert total < 1_500_000 + 16 * 1024  # the notes, and what the budget lets through


def test_small_outputs_are_left_alone():
    from grading.feedback import limit_notebook

    nb = F.source_notebook()
    F._cell(nb, "q1_answer").outputs = [new_output("stream", name="stdout", text="42\n")]
    before = copy.deepcopy(nb)
    assert limit_notebook(nb) == 0
    assert nb == before


def test_feedback_limits_are_course_settings_with_a_2_mb_default(tmp_path):
    settings = cfg.Settings.from_dict({"feedback": {"max_page_kb": 512}})
    assert settings.feedback.max_page_kb == 512 and settings.feedback.max_output_kb == 64
    assert cfg.Settings().feedback.max_page_kb == 2048
    with pytest.raises(GradingError, match="feedback max page kb"):
        cfg.Settings.from_dict({"feedback": {"max_page_kb": 0}})


# -- student ids with '+' in nbgrader's path expressions (grading/coursedir.py) ----------------

def test_paths_holding_a_plus_match_the_regular_expressions_nbgrader_builds(tmp_path):
    import re

    from traitlets.config import Config

    from grading.coursedir import EscapedCourseDirectory

    config = Config()
    config.CourseDirectory.root = str(tmp_path / "course+2025")
    coursedir = EscapedCourseDirectory(config=config)
    for step in (str(tmp_path / "stage" / "ana+lopez" / "submitted"), "autograded"):  # absolute, relative
        regexp = coursedir.format_path(step, "(?P<student_id>.*)", "(?P<assignment_id>.*)", escape=True)
        path = coursedir.format_path(step, "ana+lopez", "demo")
        found = re.match(regexp, path)
        assert found is not None, (regexp, path)
        assert found.groupdict() == {"student_id": "ana+lopez", "assignment_id": "demo"}
    literal = coursedir.format_path("feedback", "ana+lopez", "demo", escape=True)
    assert re.fullmatch(literal, coursedir.format_path("feedback", "ana+lopez", "demo"))
    assert not re.fullmatch(literal, coursedir.format_path("feedback", "anaaalopez", "demo"))


def test_a_flood_of_one_kind_of_try_never_hides_the_other_kinds():
    from grading.guard import summarize

    proc = [{"detail": f"files outside the submission's folder are off limits (/proc/{n})"} for n in range(300)]
    others = [{"detail": "files outside the submission's folder are off limits (/work/main/solutions)"},
              {"detail": "a network connection (('127.0.0.1', 5432))"},
              {"detail": "a network connection (('127.0.0.1', 5432))"}]
    lines = summarize(proc + others)
    assert lines[:3] == [f"files outside the submission's folder are off limits (/proc/{n})" for n in range(3)]
    assert "files outside the submission's folder are off limits (/work/main/solutions)" in lines
    assert lines.count("a network connection (('127.0.0.1', 5432))") == 1
    assert "and 297 more like these (/proc)" in lines
    assert len(summarize(proc, per_area=1000, limit=40)) == 41  # 40 shown, one line counting the rest


def test_the_most_specific_root_decides_what_the_guard_logs(tmp_path):
    from grading.guard import Policy, path_refusal

    checkout = tmp_path / "checkout"
    policy = Policy(own_dir=str(tmp_path / "own"), deny=("/", str(checkout)),
                    allow=(str(tmp_path), str(checkout / "widgets")))
    assert path_refusal(policy, str(tmp_path / "scratch-of-a-library")) is None  # /tmp is the kernel's
    assert path_refusal(policy, str(checkout / "solutions" / "README.md"))  # but not a checkout under it
    assert path_refusal(policy, str(checkout / "widgets" / "core.py")) is None
    assert "off limits" in path_refusal(policy, "/root/.ssh/id_rsa")
