"""Per-student HTML feedback that shows no hidden test and no mark scheme.

nbgrader's ``generate_feedback`` renders the *autograded* notebook, in which every test cell
has been restored from the gradebook: with its hidden tests, and (for read-only cells) with
any mark scheme. ``FeedbackSanitizer`` runs after ``GetGrades`` and, in every cell:

- removes ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` regions;
- removes ``=== BEGIN MARK SCHEME ===`` ... ``=== END MARK SCHEME ===`` regions, and
  ``### BEGIN SOLUTION`` regions left in read-only or Markdown cells (where the source keeps
  the mark scheme of a written question); drops cells tagged ``mark-scheme``,
  ``mark_scheme`` or ``instructor``;
- in test cells, shortens an error to its last line (``AssertionError: message``): an
  IPython traceback quotes the failing line, which may be a hidden one;
- in every output, replaces any line that quotes a removed line with a placeholder, so a
  student function that printed the test cell's source while it ran shows nothing of it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from grading import status as status_store
from grading.errors import GradingError
from grading.logs import quiet_nbgrader_log
from grading.tracebacks import ANSI, failing_line
from widgets import templating

REGIONS = [
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME"),
]
SOLUTION_REGION = ("BEGIN SOLUTION", "END SOLUTION")
PRIVATE_TAGS = {"mark-scheme", "mark_scheme", "markscheme", "instructor", "instructor-only"}
PLACEHOLDER = "[removed: this output quoted a hidden test]"
HIDDEN_FAILED = "a hidden test failed"
MIN_SECRET_LENGTH = 8


def strip_regions(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """Remove every ``begin``..``end`` region (marker lines included); return what was removed
    (marker lines included, so that an output quoting them is scrubbed too).

    An unterminated region runs to the end of the cell, so nothing after a BEGIN marker leaks.
    """
    kept: list[str] = []
    removed: list[str] = []
    inside = False
    for line in source.split("\n"):
        if not inside and begin in line:
            inside = True
            removed.append(line)
            continue
        if inside:
            if end in line:
                inside = False
            removed.append(line)
            continue
        kept.append(line)
    return "\n".join(kept), removed


def _normalise(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


def secrets_from(lines: list[str]) -> set[str]:
    """The removed lines worth looking for in outputs (ignoring short or generic ones)."""
    found = set()
    for line in lines:
        norm = _normalise(line)
        if len(norm) >= MIN_SECRET_LENGTH and norm not in {"### BEGIN SOLUTION", "### END SOLUTION"}:
            found.add(norm)
    return found


def quotes_secret(line: str, secrets: set[str]) -> bool:
    """Whether a line of output quotes a secret line, or a sizeable part of one."""
    norm = _normalise(line)
    # also catch reprs such as "assert x == 1\\nassert y == 2" printed on one line
    squashed = _normalise(line.replace("\\n", "\n"))
    for secret in secrets:
        if secret in norm or secret in squashed:
            return True
        if len(norm) >= MIN_SECRET_LENGTH and norm in secret:
            return True
    return False


def scrub_text(text: str, secrets: set[str]) -> str:
    """Replace each line of ``text`` that quotes a secret line by a placeholder."""
    if not secrets or not text:
        return text
    return "\n".join(PLACEHOLDER if quotes_secret(line, secrets) else line for line in text.split("\n"))


def _scrub_output(output, secrets: set[str], short_errors: bool) -> None:
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = scrub_text(output.get("text", ""), secrets)
    elif kind in {"display_data", "execute_result"}:
        data = output.get("data", {})
        for mime in list(data):
            if isinstance(data[mime], str):
                data[mime] = scrub_text(data[mime], secrets)
            elif isinstance(data[mime], list):
                data[mime] = [scrub_text(x, secrets) if isinstance(x, str) else x for x in data[mime]]
    elif kind == "error":
        evalue = str(output.get("evalue", ""))
        output["evalue"] = scrub_text(evalue, secrets)
        if short_errors:
            line = failing_line(output.get("traceback", []))
            if output["evalue"] != evalue or (line and quotes_secret(line, secrets)):
                output["evalue"] = HIDDEN_FAILED
            evalue = output["evalue"]
            output["traceback"] = [f"{output.get('ename', 'Error')}: {evalue}" if evalue else str(output.get("ename"))]
        else:
            output["traceback"] = [scrub_text(line, secrets) for line in output.get("traceback", [])]


def sanitize_notebook(nb) -> set[str]:
    """Make a notebook fit for a student's eyes, in place; return the secret lines removed."""
    removed: list[str] = []
    kept_cells = []
    for cell in nb.cells:
        tags = {str(t).lower() for t in cell.get("metadata", {}).get("tags", [])}
        if tags & PRIVATE_TAGS:
            removed.extend(cell.source.split("\n"))
            continue
        for begin, end in REGIONS:
            cell.source, lines = strip_regions(cell.source, begin, end)
            removed.extend(lines)
        if (utils.is_locked(cell) and not utils.is_solution(cell)) or cell.cell_type == "markdown":
            # a written answer holding the source's solution region is the mark scheme
            cell.source, lines = strip_regions(cell.source, *SOLUTION_REGION)
            removed.extend(lines)
        kept_cells.append(cell)
    nb.cells = kept_cells
    secrets = secrets_from(removed)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        is_test = utils.is_grade(cell) and not utils.is_solution(cell)
        for output in cell.get("outputs", []):
            _scrub_output(output, secrets, short_errors=is_test)
    return secrets


class FeedbackSanitizer(NbGraderPreprocessor):
    """The GenerateFeedback step that removes hidden tests and mark schemes (see module doc)."""

    def preprocess(self, nb, resources):
        sanitize_notebook(nb)
        nb.metadata.pop("celltoolbar", None)
        return nb, resources


def failure_page(student: str, assignment: str, reason: str) -> str:
    """Feedback for a submission that could not be graded automatically."""
    return templating.render("feedback_failure.html.j2", student=student, assignment=assignment, reason=reason)


def generate_feedback(course, assignment: str, students: list[str] | None = None) -> list[Path]:
    """Write feedback/<student>/<assignment>/<notebook>.html for graded submissions.

    Submissions that could not be graded get a one-page explanation instead.
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    course.require_assignment(assignment)
    records = status_store.load(course, assignment)
    graded_dirs = sorted(p.parent.name for p in course.autograded_dir.glob(f"*/{assignment}") if p.is_dir())
    wanted = students or sorted(set(graded_dirs) | set(records))
    if students:
        unknown = [s for s in students if s not in graded_dirs and s not in records]
        if unknown:
            raise GradingError(f"No graded submission of {assignment!r} by {', '.join(unknown)}: "
                               f"run `aligned-grade autograde {assignment}` first.")
    if not wanted:
        raise GradingError(f"Nothing to give feedback on: no graded submission of {assignment!r} yet; "
                           f"run `aligned-grade autograde {assignment}` first.")
    written: list[Path] = []
    for student in wanted:
        out_dir = course.feedback_dir / student / assignment
        record = records.get(student, {})
        if student not in graded_dirs:
            if record.get("status") == "failed":
                if out_dir.exists():
                    shutil.rmtree(out_dir)
                out_dir.mkdir(parents=True, exist_ok=True)
                page = out_dir / f"{assignment}.html"
                page.write_text(failure_page(student, assignment, record.get("reason", "unknown")), encoding="utf-8")
                written.append(page)
            continue
        config = course.nbgrader_config()
        config.CourseDirectory.student_id = student
        config.CourseDirectory.assignment_id = assignment
        config.GenerateFeedback.force = True
        coursedir = CourseDirectory(config=config)
        with quiet_nbgrader_log(course.logs_dir / assignment / f"{student}.feedback.log") as log:
            converter = GenerateFeedback(coursedir=coursedir, config=config, log=log)
            try:
                converter.start()
            except Exception as error:  # noqa: BLE001 -- one line, the log has the rest
                raise GradingError(
                    f"Feedback for {student} failed: "
                    f"{str(error).splitlines()[0] if str(error) else type(error).__name__} "
                    f"(see {course.logs_dir / assignment})"
                ) from None
        for page in sorted(out_dir.glob("*.html")):
            page.write_text(offline_html(page.read_text(encoding="utf-8")), encoding="utf-8")
            written.append(page)
    return written


REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>", re.IGNORECASE)
REMOTE_LINK = re.compile(r"<link[^>]*\shref=[\"']https?://[^>]*>", re.IGNORECASE)


def offline_html(text: str) -> str:
    """Drop the scripts and stylesheets nbgrader's feedback template loads from a CDN (MathJax)."""
    return REMOTE_LINK.sub("", REMOTE_SCRIPT.sub("", text))
