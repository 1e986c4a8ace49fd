"""nbgrader's execution step, hardened for hostile notebooks.

``LimitedExecute`` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``:

- every kernel runs inside the submission's OS sandbox (``grading.isolation``: no network, no
  file of the instructor's, limits) and starts through ``grading.sandbox``;
- **hidden tests never reach the student's feedback**: when the notebook has hidden tests it is
  run twice, each time in a fresh sandbox. The *visible run* has the hidden tests taken out
  (what the student was given); its outputs are what the feedback shows. The *scoring run* has
  them in; only whether each test cell failed leaves it. Nothing a submission prints or stores
  while a hidden test exists in its process can reach the student;
- a cell that runs past the per-cell time limit, kills its kernel (``os._exit``,
  ``os.kill(os.getpid(), 9)``, a crash, too many processes, too much disk) or raises
  MemoryError is *skipped*: the notebook is run again from a fresh kernel without it, so the
  rest of the submission is graded as if that cell had never been written. The skipped cell
  shows why, and a test cell that is skipped scores zero. After ``max_restarts`` such cells
  the submission is given up on.

The sanitizing steps that run before it (``DeduplicateCells``, ``RestoreCells``) are in
``grading.restore``.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, Execute
from traitlets import Integer

from grading.isolation import Confinement, NoSandbox, Sandbox
from grading.sandbox import REPORT_FD_VARIABLE
from widgets.serving import kernel_transport

# What happened while executing, read by the worker after nbgrader returns (one submission
# per process, so module-level state is enough): the incidents, and what the sandboxes
# reported through their pipes (the guard's tries, the supervisor's and the disk watcher's acts).
INCIDENTS: list[dict] = []
REPORTS: list[dict] = []
MAX_REPORTS = 500
_READERS: list[threading.Thread] = []
# The kernel process starts with nothing of the grader's environment (bwrap's own process
# would otherwise show it to the sandbox in /proc).
LAUNCH_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}

SKIPPED_ENAME = "GradingLimitError"
HIDDEN_FAILED = "a hidden test failed"
DISK_POLL_S = 0.2


@dataclass
class Placement:
    """Where this process's grading kernels run: the backend and the submission's confinement."""

    sandbox: Sandbox
    confinement: Confinement | None = None
    sealed: bool = False  # the scoring run: hidden tests are in, no cell source is kept
    disk_mb: int = 256


PLACEMENT = Placement(NoSandbox())


class MemoryLimitReached(Exception):
    def __init__(self, index: int):
        super().__init__(f"MemoryError in cell {index}")
        self.index = index


def _folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


class LimitedKernelManager(AsyncKernelManager):
    """Starts an IPython kernel through ``python -I -m grading.sandbox``, inside ``PLACEMENT``.

    It talks to the kernel over Unix sockets (see `widgets/serving.py` for why not TCP): in the
    submission's scratch folder when it is sandboxed (the only folder both sides see), else in
    a private temporary folder. A watcher kills the kernel when the scratch folder grows past
    the disk limit.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = None
        self._watch_stop = threading.Event()
        self._report_write: int | None = None
        if "transport" not in kwargs:
            self.transport = kernel_transport(self.log)
        confinement = PLACEMENT.confinement
        if confinement is not None:
            run_dir = confinement.scratch / "run"
            run_dir.mkdir(parents=True, exist_ok=True)
            self._socket_dir = tempfile.mkdtemp(prefix="kernel-", dir=run_dir)
            self.connection_file = os.path.join(self._socket_dir, "kernel.json")
            self.transport = "ipc"  # a network namespace of its own: TCP would not reach it
            self.ip = os.path.join(self._socket_dir, "k")
        elif self.transport == "ipc":
            # An absolute path: otherwise jupyter_client names the sockets relative to the
            # working directory, which differs between this process and the kernel.
            self._socket_dir = tempfile.mkdtemp(prefix="aligned-kernel-")
            self.ip = os.path.join(self._socket_dir, "kernel")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        confinement = PLACEMENT.confinement
        if confinement is None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        kw["env"] = dict(LAUNCH_ENV)
        kw["stdout"] = subprocess.DEVNULL  # not the worker's log: a kernel could reopen it
        kw["stderr"] = subprocess.DEVNULL
        if self._report_write is not None:
            kw["pass_fds"] = (self._report_write,)
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            if self._report_write is not None:
                os.close(self._report_write)  # the sandbox holds the only writing end now
                self._report_write = None
        if PLACEMENT.disk_mb > 0:
            threading.Thread(target=self._watch_disk, args=(confinement.scratch,), daemon=True).start()

    def _open_report_pipe(self) -> int:
        read_end, write_end = os.pipe()
        os.set_inheritable(write_end, True)
        self._report_write = write_end
        reader = threading.Thread(target=_collect_reports, args=(read_end,), daemon=True)
        reader.start()
        _READERS.append(reader)
        return write_end

    def _watch_disk(self, scratch: Path) -> None:
        limit = PLACEMENT.disk_mb * 1024 * 1024
        while not self._watch_stop.wait(DISK_POLL_S):
            if _folder_size(scratch) > limit:
                _add_report({"event": "disk", "limit_mb": PLACEMENT.disk_mb})
                process = getattr(self.provisioner, "process", None)
                if process is not None:
                    try:
                        os.kill(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                for root, _dirs, files in os.walk(scratch / "work"):
                    for name in files:  # free the disk now (unlink removes links, never their targets)
                        Path(root, name).unlink(missing_ok=True)
                return

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        self._watch_stop.set()
        if PLACEMENT.confinement is not None:
            PLACEMENT.sandbox.stop(PLACEMENT.confinement)
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._socket_dir:
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources

    def format_kernel_cmd(self, extra_arguments=None):
        command = sandbox_command(super().format_kernel_cmd(extra_arguments))
        confinement = PLACEMENT.confinement
        if confinement is None:
            return command
        extra = {"ALIGNED_SANDBOX_SUPERVISE": "1"} if PLACEMENT.sandbox.isolated else {}
        extra[REPORT_FD_VARIABLE] = str(self._open_report_pipe())
        if PLACEMENT.sealed:
            extra["ALIGNED_SANDBOX_FORGET_SOURCE"] = "1"
        if extra:
            confinement = Confinement(**{**confinement.__dict__, "env": {**confinement.env, **extra}})
        return PLACEMENT.sandbox.wrap(command, confinement)


def sandbox_command(cmd: list[str]) -> list[str]:
    """Wrap a kernel command so that it runs inside our limits (``-I``: see grading/sandbox.py)."""
    if len(cmd) >= 3 and cmd[1] == "-m" and cmd[2] in {"ipykernel_launcher", "ipykernel"}:
        return [cmd[0], "-I", "-m", "grading.sandbox", *cmd[3:]]
    return [sys.executable, "-I", "-m", "grading.sandbox", "--exec", *cmd]


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
        """Run the notebook; with hidden tests, a visible run and a sealed scoring run."""
        self._skip = {}
        os.environ["ALIGNED_SANDBOX_MEMORY_MB"] = str(self.memory_mb)
        if not has_hidden_tests(nb):
            PLACEMENT.sealed = False
            return self._run(nb, resources, km)
        visible = copy.deepcopy(nb)
        visible, _ = ClearHiddenTests().preprocess(visible, {})
        PLACEMENT.sealed = False
        self._run(visible, copy.deepcopy(resources), km)
        PLACEMENT.sealed = True
        try:
            nb, resources = self._run(nb, resources, km)
        finally:
            PLACEMENT.sealed = False
        merge_runs(nb, visible)
        return nb, resources

    def _run(self, nb, resources, km):
        while True:
            self._current = None
            events_before = len(read_events())
            try:
                return super().preprocess(nb, resources, km)
            except (CellTimeoutError, DeadKernelError, MemoryLimitReached) as error:
                index = getattr(error, "index", self._current)
                drain_reports()
                kind, reason = self._describe(error, read_events()[events_before:])
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

    def _describe(self, error, events: list[dict]) -> tuple[str, str]:
        if isinstance(error, CellTimeoutError):
            return "timeout", (
                f"This cell was not graded: it ran longer than the {self.timeout} s limit "
                "(an infinite loop?)."
            )
        if isinstance(error, MemoryLimitReached):
            return "memory", (
                f"This cell was not graded: it used more than the {self.memory_mb} MiB memory limit."
            )
        kinds = {event.get("event") for event in events}
        if "processes" in kinds:
            return "processes", (
                "This cell was not graded: it started more processes than a submission may "
                f"({PLACEMENT.confinement.processes if PLACEMENT.confinement else '?'})."
            )
        if "disk" in kinds:
            return "disk", (
                f"This cell was not graded: it wrote more than the {PLACEMENT.disk_mb} MiB a submission may."
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


def has_hidden_tests(nb) -> bool:
    begin = ClearHiddenTests.begin_test_delimeter.default_value
    return any(cell.cell_type == "code" and utils.is_grade(cell) and begin in cell.source for cell in nb.cells)


def merge_runs(scored, visible) -> None:
    """Give the scored notebook the visible run's outputs, and the scoring run's verdicts.

    A test cell that failed in the scoring run keeps the visible run's error when the visible
    tests failed too, else it shows only that a hidden test failed; every other cell shows
    what the visible run printed. Nothing the scoring run printed is kept.
    """
    for cell, shown in zip(scored.cells, visible.cells, strict=True):
        if cell.cell_type != "code":
            continue
        failed = any(out.get("output_type") == "error" for out in cell.outputs)
        if utils.is_grade(cell) and failed:
            shown_failed = any(out.get("output_type") == "error" for out in shown.outputs)
            if shown_failed:
                cell.outputs = shown.outputs
            elif any(out.get("ename") == SKIPPED_ENAME for out in cell.outputs):
                cell.outputs = [out for out in cell.outputs if out.get("ename") == SKIPPED_ENAME]
            else:
                cell.outputs = [*shown.outputs, hidden_failure_output()]
        else:
            cell.outputs = [
                out for out in shown.outputs if not (utils.is_grade(cell) and out.get("output_type") == "error")
            ]
        cell.execution_count = shown.execution_count


def hidden_failure_output() -> NotebookNode:
    return NotebookNode(output_type="error", ename="AssertionError", evalue=HIDDEN_FAILED,
                        traceback=[f"AssertionError: {HIDDEN_FAILED}"])


def _add_report(event: dict) -> None:
    if len(REPORTS) < MAX_REPORTS:
        REPORTS.append(event)


def _collect_reports(read_end: int) -> None:
    """Read one sandbox's pipe until it closes: JSON lines, at most 64 kB each, MAX_REPORTS in all."""
    with os.fdopen(read_end, "rb") as pipe:
        for line in pipe:
            try:
                event = json.loads(line[:65536])
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if isinstance(event, dict):
                _add_report(event)


def drain_reports(timeout: float = 5.0) -> None:
    """Wait until the pipes of sandboxes that have ended are read to their end."""
    import time

    deadline = time.monotonic() + timeout
    for reader in list(_READERS):
        reader.join(max(0.0, deadline - time.monotonic()))
        if not reader.is_alive():
            _READERS.remove(reader)


def read_events() -> list[dict]:
    """What the sandboxes' supervisors and the disk watcher did for this submission."""
    return [event for event in list(REPORTS) if event.get("event") in {"processes", "disk"}]


def read_tries() -> list[dict]:
    """What the guard inside the sandboxes saw student code try (its lines have a detail)."""
    return [event for event in list(REPORTS) if isinstance(event.get("detail"), str)]
