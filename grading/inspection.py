"""Static checks of a submission against the released notebooks, before anything runs.

Pure functions: they read notebooks and return findings, each with a code, a message the
instructor reads, and whether the submission needs a human look (``attention``). nbgrader
itself decides the score; these findings say *why* a score is what it is:

- not a notebook / missing notebook: the notebook scores zero;
- empty notebook: every test fails;
- deleted answer cell: its tests fail (NameError); deleted test cell: put back by the grader;
- duplicated cell: nbgrader keeps the last copy with a given id, so points are never counted
  twice;
- edited test cell (source, points, type, or its grade/solution/locked flags), or an answer
  cell whose grading flags or points were changed: the grader restores it from the gradebook
  (``grading.restore``), so the student's edit has no effect; flagged, since it may be an
  attempt to pass;
- nbgrader metadata stripped from every cell (another editor, a conversion): nothing can be
  graded, it scores zero; flagged for a human;
- an old notebook format (3): upgraded to format 4 and graded; noted;
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


def _has_cells(raw: dict) -> bool:
    """A notebook's cells: a list (format 4), or lists inside ``worksheets`` (formats 1 to 3,
    which nbformat upgrades to format 4 when it reads them)."""
    if isinstance(raw.get("cells"), list):
        return True
    worksheets = raw.get("worksheets")
    return (
        isinstance(worksheets, list)
        and all(isinstance(ws, dict) and isinstance(ws.get("cells", []), list) for ws in worksheets)
    )


def read_notebook_bytes(data: bytes, name: str) -> tuple[nbformat.NotebookNode | None, Finding | None]:
    """Parse a submitted file, upgraded to notebook format 4; a Finding (fatal) when it is not a
    notebook. An older format (3, as old Jupyter versions and some tools write) is upgraded by
    nbformat, as nbgrader does when it reads the file; ``inspect_notebook`` notes it."""
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
    if not isinstance(raw, dict) or "nbformat" not in raw or not _has_cells(raw):
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


ROLE_FLAGS = ("grade", "solution", "locked", "task")


def _points(meta) -> float | None:
    try:
        return float(meta.get("points"))
    except (TypeError, ValueError):
        return None


def _changed_flags(mine, released) -> list[str]:
    """The nbgrader flags (and points) of a submitted cell that differ from the released cell's."""
    theirs = released.metadata.get("nbgrader", {})
    ours = mine.get("metadata", {}).get("nbgrader", {})
    changed = [flag for flag in ROLE_FLAGS if bool(ours.get(flag, False)) != bool(theirs.get(flag, False))]
    graded = bool(theirs.get("grade") or theirs.get("task"))
    if graded and _points(ours) != _points(theirs):
        changed.append("points")
    elif not graded and bool(ours.get("grade") or ours.get("task")) and "points" in ours:
        changed.append("points")
    return changed


def inspect_notebook(submitted: nbformat.NotebookNode, released: nbformat.NotebookNode, name: str) -> list[Finding]:
    """Compare one submitted notebook with its released version."""
    findings: list[Finding] = []
    if not submitted.cells:
        findings.append(Finding("empty_notebook", f"{name} is empty (no cells): every test fails.", attention=True))
        return findings

    released_cells = {gid: cell for cell in released.cells if (gid := _grade_id(cell))}
    original_format = submitted.metadata.get("orig_nbformat")
    if isinstance(original_format, int) and original_format < 4:
        findings.append(Finding("old_format", f"{name} was saved in notebook format {original_format}; "
                                              "it was upgraded to format 4 and graded."))
    if released_cells and not any(_grade_id(cell) for cell in submitted.cells):
        findings.append(Finding(
            "metadata_stripped",
            f"{name}: the grading information of every cell was removed (saved by another editor or "
            "converted?), so no answer could be told apart and it scores zero. Grade it by hand, or ask "
            "the student to copy the answers into a fresh copy of the released notebook.",
            attention=True,
        ))
        released_cells = {}  # no per-cell notes: every cell would read as deleted
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
        flags = _changed_flags(mine, cell)
        changed_points = "points" in flags
        changed_roles = [flag for flag in flags if flag != "points"]
        if utils.is_locked(cell) or is_test:
            expected = cell.metadata.nbgrader.get("checksum")
            try:
                actual = utils.compute_checksum(mine) if "nbgrader" in mine.metadata else None
            except (KeyError, ValueError, TypeError):
                actual = None
            if (expected and actual != expected) or flags:
                edited = mine.source != cell.source or mine.cell_type != cell.cell_type
                what = " and ".join(
                    part
                    for part, flag in (
                        ("it was edited", edited),
                        ("its points were changed", changed_points),
                        (f"its {'/'.join(changed_roles)} flag{'s were' if len(changed_roles) > 1 else ' was'} "
                         "changed", bool(changed_roles)),
                    )
                    if flag
                ) or "its metadata was changed"
                kind = "test cell" if is_test else "read-only cell"
                findings.append(Finding(
                    "edited_test" if is_test else "edited_cell",
                    f"{name}: the {kind} {gid} does not match the released one ({what}); "
                    "the grader restored the original before grading.",
                    attention=is_test or bool(flags),
                ))
        elif flags:
            kind = "answer cell" if is_answer else "cell"
            findings.append(Finding(
                "edited_role",
                f"{name}: the {kind} {gid} had its grading metadata changed ({', '.join(flags)}); "
                "the grader restored it from the gradebook before grading.",
                attention=True,
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
