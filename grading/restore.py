"""The sanitizing steps of autograding: what nbgrader runs on a submission before executing it.

``DeduplicateCells`` replaces ``DeduplicateIds`` and ``RestoreCells`` replaces ``OverwriteCells``
in ``Autograde.sanitize_preprocessors`` (see ``grading.config.nbgrader_config``):

- a cell pasted twice keeps its grading role in its last copy only (nbgrader's rule), and the
  other copies become plain cells instead of failing metadata validation;
- every cell the gradebook knows gets back the role it was released with: its grade, solution,
  task and locked flags, its points and its cell type. nbgrader itself restores the source and
  the points but not the flags, and a test cell whose ``grade`` or ``solution`` flag a student
  changed made the whole submission fail with "Inconsistent checksums". The restored cell is
  then checked by its checksum as usual; ``grading.inspection`` flags the edit for a look;
- deleted test cells are put back in their place in the notebook (nbgrader's own
  ``add_missing_cells`` fails when the cell before a deleted one is missing too).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import DeduplicateIds, OverwriteCells
from traitlets import Unicode

ROLE_FLAGS = ("grade", "solution", "task", "locked")


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class DeduplicateCells(DeduplicateIds):
    """nbgrader's DeduplicateIds keeps the last cell with a given id and empties the others'
    nbgrader metadata; an empty ``nbgrader`` dict then fails metadata validation ("old
    version of the nbgrader metadata format"). This removes it, making them plain cells."""

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        for cell in nb.cells:
            if "nbgrader" in cell.metadata and not cell.metadata["nbgrader"]:
                del cell.metadata["nbgrader"]
        return nb, resources


class RestoreCells(OverwriteCells):
    """OverwriteCells that restores every cell's role from the gradebook and puts every deleted
    test cell back where it belongs (see the module's docstring)."""

    release_directory = Unicode("", help="Where the released notebooks are (for cell order).").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        self._roles = None
        return super().preprocess(nb, resources)

    def _released_roles(self) -> dict[str, dict]:
        """grade_id -> the nbgrader flags and points it was released with (read once per notebook)."""
        if self._roles is None:
            source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            roles = {cell.name: {"grade": False, "solution": False, "task": False, "locked": bool(cell.locked)}
                     for cell in source_nb.source_cells}
            for cell in source_nb.grade_cells:
                roles.setdefault(cell.name, {}).update(grade=True, points=float(cell.max_score))
            for cell in source_nb.task_cells:
                roles.setdefault(cell.name, {}).update(task=True, points=float(cell.max_score))
            for cell in source_nb.solution_cells:
                roles.setdefault(cell.name, {}).update(solution=True)
            self._roles = roles
        return self._roles

    def restore_role(self, cell) -> list[str]:
        """Put back the released flags and points of a cell; return the names of those changed."""
        grade_id = _grade_id(cell)
        role = self._released_roles().get(grade_id) if grade_id else None
        if role is None:
            return []
        meta = cell.metadata.nbgrader
        changed = []
        for flag in ROLE_FLAGS:
            if flag in role and bool(meta.get(flag, False)) != role[flag]:
                self.report_change(grade_id, flag, role[flag], bool(meta.get(flag, False)))
                changed.append(flag)
            if flag in role:
                meta[flag] = role[flag]
        if "points" in role:
            try:
                same = float(meta.get("points")) == role["points"]
            except (TypeError, ValueError):
                same = False
            if not same:
                self.report_change(grade_id, "points", role["points"], meta.get("points"))
                changed.append("points")
            meta["points"] = role["points"]
        elif "points" in meta:
            del meta["points"]
            changed.append("points")
        return changed

    def preprocess_cell(self, cell, resources, cell_index):
        if _grade_id(cell) is not None:
            try:
                self.restore_role(cell)
            except MissingEntry:
                pass  # not in the gradebook: nbgrader's OverwriteCells drops its grade_id
        return super().preprocess_cell(cell, resources, cell_index)

    def _order_key(self, source_nb):
        """Cells in the order of the released notebook (the database keeps no order)."""
        order: dict[str, int] = {}
        path = Path(self.release_directory) / self.assignment_id / f"{self.notebook_id}.ipynb"
        if self.release_directory and path.exists():
            released = nbformat.read(str(path), as_version=4)
            for idx, cell in enumerate(released.cells):
                grade_id = _grade_id(cell)
                if grade_id:
                    order[grade_id] = idx
        return lambda cell: (order.get(cell.name, len(order)), cell.id or "")

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = sorted(source_nb.source_cells, key=self._order_key(source_nb))
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        present = {
            cell.metadata.nbgrader["grade_id"]: idx
            for idx, cell in enumerate(nb.cells)
            if utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)
            if "grade_id" in cell.metadata.get("nbgrader", {})
        }
        position = -1  # insert after the last source cell found so far
        for source_cell in source_cells:
            name = source_cell.name
            if name in present:
                position = max(position, present[name])
                continue
            if name not in grade_cells:
                continue
            self.log.warning("Missing grade cell %s: adding it back", name)
            new_cell = self.missing_cell_transform(
                source_cell, grade_cells[name].max_score, is_solution=name in solution_ids
            )
            position += 1
            nb.cells.insert(position, new_cell)
            present = {key: (i + 1 if i >= position else i) for key, i in present.items()}
            present[name] = position
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        """nbgrader's version fails on cells whose duplicate id DeduplicateIds removed."""
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = {cell.name: cell for cell in source_nb.source_cells}
        submitted = {_grade_id(cell) for cell in nb.cells} - {None}
        for task_cell in sorted(source_nb.task_cells, key=self._order_key(source_nb)):
            if task_cell.name not in submitted and task_cell.name in source_cells:
                nb.cells.append(
                    self.missing_cell_transform(source_cells[task_cell.name], task_cell.max_score, is_task=True)
                )
        return nb, resources
