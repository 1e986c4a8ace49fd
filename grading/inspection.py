"""Static checks of a submission against the released notebooks, before anything runs.

Pure functions: they read notebooks and return findings, each with a code, a message the
instructor reads, and whether the submission needs a human look (``attention``). nbgrader
itself decides the score; these findings say *why* a score is what it is:

- not a notebook / missing notebook: the notebook scores zero;
- empty notebook: every test fails;
- deleted answer cell: its tests fail (NameError); deleted test cell: put back by the grader;
- duplicated cell: nbgrader keeps the last copy with a given id, so points are never counted
  twice;
- edited test cell (source, points or type): nbgrader restores it from the gradebook, so the
  student's edit has no effect; flagged, since it may be an attempt to pass;
- code that reaches for the grader's internals (cell history, frames, other files,
  processes): flagged; the kernel's guard refuses the file and process parts anyway.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass

import nbformat
from nbgrader import utils


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    attention: bool = False
    fatal: bool = False  # this notebook cannot be graded at all

    def to_dict(self) -> dict:
        return asdict(self)


SUSPICIOUS = [
    (re.compile(r"(?<![\w.])(In|_ih|_i\d+|_ii+|Out|_oh)\s*\["), "reads the cell history (In/_ih)"),
    (re.compile(r"\blinecache\b"), "reads cached cell source (linecache)"),
    (re.compile(r"\binspect\s*\.\s*(stack|currentframe|getouterframes|getsource)"), "inspects the caller's frames"),
    (re.compile(r"\bsys\s*\.\s*_getframe|\bf_back\b|\btb_frame\b|\bf_locals\b|\bf_globals\b"), "inspects stack frames"),
    (re.compile(r"get_ipython\s*\(\s*\)\s*\.\s*(events|user_ns|history_manager|run_cell|ast_transformers|input_transformers)"),
     "hooks into the IPython shell"),
    (re.compile(r"\bgc\s*\.\s*(get_referrers|get_objects)"), "walks the garbage collector"),
    (re.compile(r"\b(subprocess|os\s*\.\s*(system|popen|exec\w*|spawn\w*|fork))\b"), "starts processes"),
    (re.compile(r"\bctypes\b"), "uses ctypes"),
    (re.compile(r"""['"](/|~|\.\./)[^'"]*['"]"""), "uses a path outside its folder"),
    (re.compile(r"""['"][^'"\n]*(solutions|gradebook|autograded|nbgrader|\.ipynb)[^'"\n]*['"]"""),
     "names the grader's files"),
    (re.compile(r"sys\s*\.\s*modules\s*\[|\bimportlib\s*\.\s*reload\b|setattr\s*\(\s*(widgets|builtins)"),
     "patches modules the tests use"),
    (re.compile(r"\bbuiltins\s*\.|__builtins__"), "patches builtins"),
    (re.compile(r"\bsys\s*\.\s*exit\b|\bos\s*\.\s*(_exit|kill|killpg|abort)\b|(?<![\w.])(exit|quit)\s*\("),
     "stops the kernel (sys.exit, os._exit, kill)"),
]


def read_notebook_bytes(data: bytes, name: str) -> tuple[nbformat.NotebookNode | None, Finding | None]:
    """Parse a submitted file; a Finding (fatal) when it is not a notebook."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, Finding("not_a_notebook", f"{name} is not a notebook (it is not text; a binary file?).",
                             attention=True, fatal=True)
    if not text.strip():
        return None, Finding("not_a_notebook", f"{name} is not a notebook (the file is empty).",
                             attention=True, fatal=True)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, Finding("not_a_notebook", f"{name} is not a notebook (not JSON: line {error.lineno}).",
                             attention=True, fatal=True)
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list) or "nbformat" not in raw:
        return None, Finding("not_a_notebook", f"{name} is not a notebook (JSON without notebook cells).",
                             attention=True, fatal=True)
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001 -- nbformat raises several kinds
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return None, Finding("not_a_notebook", f"{name} is not a valid notebook ({first[:160]}).",
                             attention=True, fatal=True)
    return notebook, None


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _label(grade_id: str) -> str:
    return grade_id


def inspect_notebook(submitted: nbformat.NotebookNode, released: nbformat.NotebookNode, name: str) -> list[Finding]:
    """Compare one submitted notebook with its released version."""
    findings: list[Finding] = []
    if not submitted.cells:
        findings.append(Finding("empty_notebook", f"{name} is empty (no cells): every test fails.", attention=True))
        return findings

    released_cells = {gid: cell for cell in released.cells if (gid := _grade_id(cell))}
    counts = Counter(gid for cell in submitted.cells if (gid := _grade_id(cell)))
    for gid, count in sorted(counts.items()):
        if count > 1 and gid in released_cells:
            findings.append(Finding(
                "duplicate_cell",
                f"{name}: cell {gid} appears {count} times; nbgrader grades the last copy and counts its points once.",
            ))
    # nbgrader keeps the last copy of a duplicated id
    last: dict[str, nbformat.NotebookNode] = {}
    for cell in submitted.cells:
        gid = _grade_id(cell)
        if gid:
            last[gid] = cell

    for gid, cell in released_cells.items():
        is_test = utils.is_grade(cell) and not utils.is_solution(cell)
        is_answer = utils.is_solution(cell)
        if gid not in last:
            if is_answer:
                findings.append(Finding("deleted_answer",
                                        f"{name}: the answer cell {gid} was deleted; its tests fail."))
            elif is_test:
                findings.append(Finding("deleted_test",
                                        f"{name}: the test cell {gid} was deleted; the grader put it back."))
            elif utils.is_task(cell) or utils.is_locked(cell):
                findings.append(Finding("deleted_cell",
                                        f"{name}: the read-only cell {gid} was deleted; the grader put it back."))
            continue
        mine = last[gid]
        if utils.is_locked(cell) or is_test:
            expected = cell.metadata.nbgrader.get("checksum")
            try:
                actual = utils.compute_checksum(mine) if "nbgrader" in mine.metadata else None
            except (KeyError, ValueError, TypeError):
                actual = None
            changed_points = (
                utils.is_grade(cell) and utils.is_grade(mine)
                and float(mine.metadata.nbgrader.get("points", 0) or 0)
                != float(cell.metadata.nbgrader.get("points", 0))
            )
            if expected and actual != expected:
                edited = mine.source != cell.source or mine.cell_type != cell.cell_type
                what = " and ".join(
                    part
                    for part, flag in (("it was edited", edited), ("its points were changed", changed_points))
                    if flag
                ) or "its metadata was changed"
                kind = "test cell" if is_test else "read-only cell"
                findings.append(Finding(
                    "edited_test" if is_test else "edited_cell",
                    f"{name}: the {kind} {gid} does not match the released one ({what}); "
                    "nbgrader restored the original before grading.",
                    attention=is_test,
                ))
    # the released non-graded cells do not matter; student code does
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type != "code":
            continue
        gid = _grade_id(cell)
        if gid in released_cells and (
            utils.is_locked(released_cells[gid]) and not utils.is_solution(released_cells[gid])
        ):
            continue  # a test cell: restored anyway
        where = f"cell {gid}" if gid else f"cell {index + 1}"
        labels = [label for pattern, label in SUSPICIOUS if pattern.search(cell.source)]
        if labels:
            findings.append(Finding("suspicious_code", f"{name}: {where} {'; '.join(labels)}.", attention=True))
    return findings


def summarise(findings: list[Finding]) -> str:
    return "; ".join(f.message for f in findings)
