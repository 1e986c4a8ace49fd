"""The learner kit: what learners may receive, and nothing they may not.

A Binder link or a clone of the repository would hand every learner ``solutions/`` (hidden
tests, mark schemes) and the lessons' instructor notes (expected answers). The learner kit is
built from the repository instead, by ``make learner-kit`` (``python -m widgets.delivery
learner-kit``), into ``build/learner-kit/`` and ``build/aligned-learner-kit.zip``:

- ``workshops/``: the lessons, without the cells tagged ``instructor`` (the trainer's notes);
- ``exercises/``: the released assignments (nbgrader's student version: no solution, no hidden
  test, no mark scheme), as ``make exercises`` generates them;
- ``datasets/``: the data the lessons and exercises read;
- ``widgets/``: the package the notebooks import (its self-checks hold only visible checks);
- ``pyproject.toml``, ``voila.json``, the Voila template, and a README for learners.

Never: ``solutions/``, ``grading/``, ``tests/``, ``deploy/``, ``benchmarks/``, the git history.
``scan`` checks a built kit for anything that gives answers away (the markers nbgrader uses
for solutions, hidden tests and mark schemes; instructor cells; the text of every solution
region and hidden test of the sources) and the build refuses to finish if it finds any.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from widgets.delivery.lesson import ROOT

COPIED = ("exercises", "datasets", "widgets", "share", "pyproject.toml", "voila.json", "LICENSE")
LEFT_OUT_PARTS = {"__pycache__", ".ipynb_checkpoints", "delivery"}  # the trainer's build tools stay home
# Markers nbgrader and the kit use for what learners must not see.
FORBIDDEN_MARKERS = (
    "### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS",
    "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===",
)
NOTEBOOK_TAGS = ("instructor", "mark-scheme")  # cells with these tags are the trainer's
MIN_SECRET_LINE = 12  # shorter lines of a solution (``return x``) are too common to mean anything
LEARNER_README = """\
# Aligned: the learner kit

The lessons, exercises and data of Aligned, a workshop kit on organizational alignment in
small and medium businesses. Your trainer keeps the facilitation notes, the solutions and the
grading tools; nothing in this folder gives the answers away.

Set up once, then open the lessons:

    python -m venv .venv && . .venv/bin/activate
    pip install -e .
    jupyter lab workshops/

Work through the lessons in order (fundamentals, intermediate, advanced). The graded
exercises are in `exercises/`: run the check cells for instant feedback, then hand in the
notebook the way your trainer asks.
"""


@dataclass(frozen=True)
class Leak:
    path: str
    what: str


def strip_instructor_cells(notebook: dict) -> dict:
    """The notebook without the trainer's cells, and without outputs."""
    cells = []
    for cell in notebook.get("cells", []):
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.get("cell_type") == "code":
            cell = {**cell, "outputs": [], "execution_count": None}
        cells.append(cell)
    return {**notebook, "cells": cells}


def _copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if any(part in LEFT_OUT_PARTS for part in rel.parts) or path.is_symlink() and not path.exists():
            continue
        dest = target / rel
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def secrets_of(solutions: Path) -> set[str]:
    """The lines learners must never see: inside solution regions, hidden tests and mark schemes,
    and nowhere else in the sources (a table rule or a heading repeated outside is public)."""
    regions = re.compile(
        r"(BEGIN SOLUTION|BEGIN HIDDEN TESTS|BEGIN MARK SCHEME)(.*?)(END SOLUTION|END HIDDEN TESTS|END MARK SCHEME)",
        re.S,
    )
    inside: set[str] = set()
    outside: set[str] = set()
    for path in sorted(solutions.rglob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            source = "".join(cell.get("source", ""))
            for match in regions.finditer(source):
                inside.update(_meaningful(match.group(2)))
            outside.update(_meaningful(regions.sub("", source)))
    return inside - outside


def _meaningful(text: str) -> set[str]:
    lines = set()
    for line in text.splitlines():
        line = line.strip().strip("#=").strip()
        if line.startswith(("def ", "class ", "import ", "from ")):
            continue  # a name the exercise asks for, or a library: not an answer
        if len(line) >= MIN_SECRET_LINE and sum(ch.isalnum() for ch in line) >= MIN_SECRET_LINE // 2:
            lines.add(line)
    return lines


def scan(kit: Path, secrets: set[str]) -> list[Leak]:
    """Everything in a built kit that gives answers away."""
    leaks: list[Leak] = []
    for path in sorted(kit.rglob("*")):
        rel = path.relative_to(kit).as_posix()
        if path.is_dir():
            if path.name in {"solutions", "grading", ".git", "tests"}:
                leaks.append(Leak(rel, "a folder learners must not get"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for marker in FORBIDDEN_MARKERS:
            if marker in text:
                leaks.append(Leak(rel, f"the marker {marker}"))
        if path.suffix == ".ipynb":
            for cell in json.loads(text).get("cells", []):
                tags = set(cell.get("metadata", {}).get("tags", [])) & set(NOTEBOOK_TAGS)
                if tags:
                    leaks.append(Leak(rel, f"a cell tagged {sorted(tags)[0]}"))
        if path.suffix in {".ipynb", ".py", ".md", ".txt", ".yaml", ".json", ".csv"}:
            for secret in secrets:
                if secret in text:
                    leaks.append(Leak(rel, f"a line of a solution or hidden test: {secret[:60]!r}"))
                    break
    return leaks


class LeakFound(RuntimeError):
    pass


def build(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the kit to ``out`` and a zip beside it; refuse if the scan finds anything."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for lesson in sorted((root / "workshops").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in lesson.parts:
            continue
        notebook = json.loads(lesson.read_text(encoding="utf-8"))
        dest = out / "workshops" / lesson.relative_to(root / "workshops")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(strip_instructor_cells(notebook), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    for agenda in sorted((root / "workshops").rglob("*.md")):
        dest = out / "workshops" / agenda.relative_to(root / "workshops")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(agenda, dest)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            _copy_tree(source, out / name)
        elif source.is_file():
            shutil.copyfile(source, out / name)
    (out / "README.md").write_text(LEARNER_README, encoding="utf-8")
    leaks = scan(out, secrets_of(root / "solutions"))
    if leaks:
        shutil.rmtree(out)
        shown = "; ".join(f"{leak.path}: {leak.what}" for leak in leaks[:5])
        raise LeakFound(f"The learner kit would give answers away ({len(leaks)} places), so it was not built: {shown}")
    archive = out.with_name("aligned-learner-kit.zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(out.rglob("*")):
            if path.is_file():
                handle.write(path, Path("aligned-learner-kit") / path.relative_to(out))
    return [out, archive]
