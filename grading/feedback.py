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

``LimitFeedbackSize`` runs after it and keeps every page small enough to open (a student who
printed in a loop once made a 96 MB page): each output and each cell's source is shortened to
``max_output_chars`` with a visible "[output shortened: ...]" note (an image that large is
replaced by the note), and once the page's outputs reach its budget the remaining outputs are
replaced by a note too. ``generate_feedback`` then checks the written page against the hard cap
(``feedback.max_page_kb`` in ``aligned-course.json``, 2048 by default) and replaces a page
that is still larger with a short one that says so.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from grading import status as status_store
from grading.coursedir import course_directory
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
SHORTENED = "[output shortened: {what}]"
TEMPLATE_RESERVE = 512 * 1024  # what nbgrader's page and its inline stylesheet take, and more


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


def _size(text: str) -> int:
    """About what a text takes in the page: HTML-escaped, UTF-8."""
    return len(html.escape(text).encode("utf-8"))


def _amount(chars: int) -> str:
    if chars >= 1024 * 1024:
        return f"{chars / (1024 * 1024):.1f} MB"
    if chars >= 1024:
        return f"{chars // 1024} kB"
    return f"{chars} characters"


def shorten_text(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters (at a line end when one is near), with a note."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    cut = cut + 1 if cut >= limit // 2 else limit
    return text[:cut] + ("" if text[:cut].endswith("\n") else "\n") + SHORTENED.format(
        what=f"{_amount(len(text) - cut)} more not shown")


def _note_output(what: str):
    from nbformat.v4 import new_output

    return new_output("stream", name="stdout", text=SHORTENED.format(what=what) + "\n")


def _output_texts(output) -> list[tuple[str, str]]:
    """(where, text) of every text an output holds: where is "text", "traceback" or a MIME type."""
    kind = output.get("output_type")
    if kind == "stream":
        return [("text", output.get("text", ""))]
    if kind == "error":
        return [("traceback", "\n".join(output.get("traceback", []))), ("evalue", str(output.get("evalue", "")))]
    found = []
    for mime, value in output.get("data", {}).items():
        if isinstance(value, list):
            value = "".join(str(v) for v in value)
        found.append((mime, value if isinstance(value, str) else str(value)))
    return found


def _limit_output(output, limit: int):
    """The output shortened to ``limit`` characters per text; an image larger than that is
    replaced by a note. Returns the (possibly new) output."""
    kind = output.get("output_type")
    if kind == "stream":
        output["text"] = shorten_text(output.get("text", ""), limit)
    elif kind == "error":
        output["evalue"] = shorten_text(str(output.get("evalue", "")), limit)
        lines, total, kept = output.get("traceback", []), 0, []
        for line in lines:
            total += len(line) + 1
            if total > limit:
                kept.append(SHORTENED.format(what=f"{len(lines) - len(kept)} more traceback lines not shown"))
                break
            kept.append(line)
        output["traceback"] = [shorten_text(line, limit) for line in kept]
    elif kind in {"display_data", "execute_result"}:
        data = output.get("data", {})
        for mime in list(data):
            value = data[mime]
            if isinstance(value, list):
                value = "".join(str(v) for v in value)
            if not isinstance(value, str):
                value = str(value)
            if len(value) <= limit:
                continue
            if mime.startswith("text/") and mime != "text/html":
                data[mime] = shorten_text(value, limit)
            else:  # an image, HTML or a widget: cutting it would break it
                del data[mime]
        if not data:
            return _note_output(f"an output of {_amount(limit)} or more not shown")
        if not any(m in data for m in ("text/plain", "text/markdown", "image/png", "image/jpeg", "image/svg+xml",
                                        "text/html", "text/latex")):
            data["text/plain"] = SHORTENED.format(what=f"an output of {_amount(limit)} or more not shown")
    return output


def limit_notebook(nb, max_output_chars: int = 64 * 1024, budget: int = 2 * 1024 * 1024 - TEMPLATE_RESERVE) -> int:
    """Shorten a notebook's outputs (and over-long sources) in place so that its feedback page
    stays small: each text to ``max_output_chars``, and every output once the outputs together
    reach ``budget`` bytes. Returns how many outputs or sources were shortened."""
    max_output_chars = max(1024, int(max_output_chars))
    used = 0
    shortened = 0
    for cell in nb.cells:
        source = cell.get("source", "")
        room = max(1024, min(max_output_chars, budget - used))
        if len(source) > room:
            cell.source = shorten_text(source, room)
            shortened += 1
        used += _size(cell.get("source", ""))
        if cell.get("cell_type") != "code":
            continue
        outputs = []
        for number, output in enumerate(cell.get("outputs", [])):
            before = sum(len(text) for _, text in _output_texts(output))
            if used >= budget:
                hidden = len(cell.outputs) - number
                outputs.append(_note_output(
                    f"{hidden} more output{'s' if hidden != 1 else ''} not shown, the page reached its size limit"))
                shortened += hidden
                break
            room = max(1024, min(max_output_chars, budget - used))
            output = _limit_output(output, room)
            size = sum(_size(text) for _, text in _output_texts(output))
            if sum(len(text) for _, text in _output_texts(output)) < before:
                shortened += 1
            used += size
            outputs.append(output)
        cell.outputs = outputs
    return shortened


class LimitFeedbackSize(NbGraderPreprocessor):
    """The GenerateFeedback step that keeps a page within its size limit (see module doc)."""

    max_output_chars = Integer(64 * 1024, help="Characters of one output (or cell source) shown.").tag(config=True)
    max_page_bytes = Integer(2 * 1024 * 1024, help="The size a feedback page aims to stay under.").tag(config=True)

    def preprocess(self, nb, resources):
        budget = max(self.max_page_bytes // 2, self.max_page_bytes - TEMPLATE_RESERVE)
        limit_notebook(nb, self.max_output_chars, budget)
        return nb, resources


def oversized_page(student: str, assignment: str, notebook: str, size: int, limit: int) -> str:
    """What replaces a feedback page that is still larger than the hard cap."""
    return templating.render("feedback_oversized.html.j2", student=student, assignment=assignment,
                             notebook=notebook, size=_amount(size), limit=_amount(limit))


def failure_page(student: str, assignment: str, reason: str) -> str:
    """Feedback for a submission that could not be graded automatically."""
    return templating.render("feedback_failure.html.j2", student=student, assignment=assignment, reason=reason)


def generate_feedback(course, assignment: str, students: list[str] | None = None) -> list[Path]:
    """Write feedback/<student>/<assignment>/<notebook>.html for graded submissions.

    Submissions that could not be graded get a one-page explanation instead.
    """
    from nbgrader.converters import GenerateFeedback

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
        coursedir = course_directory(config)
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
        limit = max(64, int(course.settings.feedback.max_page_kb)) * 1024
        for page in sorted(out_dir.glob("*.html")):
            text = offline_html(page.read_text(encoding="utf-8"))
            size = len(text.encode("utf-8"))
            if size > limit:
                text = oversized_page(student, assignment, page.stem, size, limit)
            page.write_text(text, encoding="utf-8")
            written.append(page)
    return written


REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>", re.IGNORECASE)
REMOTE_LINK = re.compile(r"<link[^>]*\shref=[\"']https?://[^>]*>", re.IGNORECASE)


def offline_html(text: str) -> str:
    """Drop the scripts and stylesheets nbgrader's feedback template loads from a CDN (MathJax)."""
    return REMOTE_LINK.sub("", REMOTE_SCRIPT.sub("", text))
