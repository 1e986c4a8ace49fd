"""nbgrader's execution and sanitizing steps, hardened for hostile notebooks.

``LimitedExecute`` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``:

- the kernel starts through ``grading.sandbox``, which sets the memory (RLIMIT_AS), CPU and
  file-size limits and installs the file-access guard before any student code runs;
- a cell that runs past the per-cell time limit, kills its kernel (``os._exit``,
  ``os.kill(os.getpid(), 9)``, a crash) or raises MemoryError is *skipped*: the notebook is
  run again from a fresh kernel without it, so the rest of the submission is graded as if
  that cell had never been written. The skipped cell shows why, and a test cell that is
  skipped scores zero. After ``max_restarts`` such cells the submission is given up on.

``RestoreCells`` replaces ``OverwriteCells``: it restores edited test cells from the gradebook
like nbgrader does, and puts back deleted test cells in their place in the notebook (nbgrader's
own ``add_missing_cells`` fails when the cell before a deleted one is missing too).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds, Execute, OverwriteCells
from traitlets import Integer, Unicode

from widgets.serving import kernel_transport

# What happened while executing, read by the worker after nbgrader returns (one submission
# per process, so a module-level list is enough).
INCIDENTS: list[dict] = []

SKIPPED_ENAME = "GradingLimitError"


class MemoryLimitReached(Exception):
    def __init__(self, index: int):
        super().__init__(f"MemoryError in cell {index}")
        self.index = index


class LimitedKernelManager(AsyncKernelManager):
    """Starts an IPython kernel through ``python -m grading.sandbox``.

    It talks to the kernel over Unix sockets in a private folder (see `widgets/serving.py` for
    why not TCP): several workers grade at once, and kernels picking TCP ports at the same
    moment can collide.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = None
        if "transport" not in kwargs:
            self.transport = kernel_transport(self.log)
        if self.transport == "ipc":
            # An absolute path: otherwise jupyter_client names the sockets relative to the
            # working directory, which differs between this process and the kernel.
            self._socket_dir = tempfile.mkdtemp(prefix="aligned-kernel-")
            self.ip = os.path.join(self._socket_dir, "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._socket_dir:
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        return sandbox_command(cmd)


def sandbox_command(cmd: list[str]) -> list[str]:
    """Wrap a kernel command so that it runs inside our limits."""
    if len(cmd) >= 3 and cmd[1] == "-m" and cmd[2] in {"ipykernel_launcher", "ipykernel"}:
        return [cmd[0], "-m", "grading.sandbox", *cmd[3:]]
    return [sys.executable, "-m", "grading.sandbox", "--exec", *cmd]


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def skipped_output(reason: str) -> NotebookNode:
    return NotebookNode(
        output_type="error",
        ename=SKIPPED_ENAME,
        evalue=reason,
        traceback=[f"{SKIPPED_ENAME}: {reason}"],
    )


class LimitedExecute(Execute):
    """nbgrader's Execute with limits, and recovery from cells that break the kernel."""

    memory_mb = Integer(2048, help="Address-space limit of the kernel, in MiB.").tag(config=True)
    max_restarts = Integer(3, help="Cells that may be skipped before giving up.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", LimitedKernelManager)
        super().__init__(*args, **kwargs)
        self.interrupt_on_timeout = False  # a timeout raises; we restart without the cell
        self.shutdown_kernel = "immediate"
        self._skip: dict[int, str] = {}
        self._current: int | None = None

    def preprocess(self, nb, resources=None, km=None):
        self._skip = {}
        os.environ["ALIGNED_SANDBOX_MEMORY_MB"] = str(self.memory_mb)
        while True:
            self._current = None
            try:
                return super().preprocess(nb, resources, km)
            except (CellTimeoutError, DeadKernelError, MemoryLimitReached) as error:
                index = getattr(error, "index", self._current)
                kind, reason = self._describe(error)
                if index is None or index in self._skip:
                    INCIDENTS.append({"kind": kind, "cell": index, "grade_id": None, "fatal": True})
                    raise
                cell = nb.cells[index]
                INCIDENTS.append({"kind": kind, "cell": index, "grade_id": _grade_id(cell), "fatal": False})
                if len(self._skip) >= self.max_restarts:
                    INCIDENTS[-1]["fatal"] = True
                    raise
                self._skip[index] = reason
                self.log.warning("Cell %s: %s; running the notebook again without it", index, reason)
                for other in nb.cells:
                    if other.cell_type == "code":
                        other.outputs = []
                        other.execution_count = None

    def _describe(self, error) -> tuple[str, str]:
        if isinstance(error, CellTimeoutError):
            return "timeout", (
                f"This cell was not graded: it ran longer than the {self.timeout} s limit "
                "(an infinite loop?)."
            )
        if isinstance(error, MemoryLimitReached):
            return "memory", (
                f"This cell was not graded: it used more than the {self.memory_mb} MiB memory limit."
            )
        return "kernel_died", (
            "This cell was not graded: the Python kernel stopped while running it "
            "(os._exit, a kill signal, a crash, or running out of memory)."
        )

    def preprocess_cell(self, cell, resources, index):
        if index in self._skip:
            if cell.cell_type == "code":
                cell.outputs = [skipped_output(self._skip[index])]
                cell.execution_count = None
            return cell, resources
        self._current = index
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type == "code" and any(
            out.get("output_type") == "error" and out.get("ename") == "MemoryError" for out in cell.outputs
        ):
            raise MemoryLimitReached(index)
        return cell, resources


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
    """OverwriteCells that puts every deleted test cell back where it belongs."""

    release_directory = Unicode("", help="Where the released notebooks are (for cell order).").tag(
        config=True
    )

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
