"""The grading kernel's launcher: ``python -m grading.sandbox -f <connection file>``.

``grading.execute.LimitedKernelManager`` starts every grading kernel through this module
instead of ``ipykernel_launcher``. Before any student code runs it:

1. sets resource limits from the environment the grader gives it:
   ``ALIGNED_SANDBOX_MEMORY_MB`` (RLIMIT_AS, so a memory bomb gets MemoryError instead of
   the machine's OOM killer), ``ALIGNED_SANDBOX_CPU_S`` (RLIMIT_CPU, a backstop to the
   grader's wall clock) and a 200 MiB cap on files it writes; no core dumps;
2. installs the file-access guard (``grading.guard``) from ``ALIGNED_SANDBOX_POLICY``;
3. stops IPython from keeping the text of executed cells in ``In``/``_ih`` (a student
   function called by a test cell could otherwise print the hidden tests);
4. records its process id in ``ALIGNED_SANDBOX_PIDS`` so the grader can kill a kernel that
   outlives a submission's time limit;

then runs the IPython kernel in this process (``--exec CMD...`` runs another kernel command
with the limits only).
"""

from __future__ import annotations

import os
import resource
import signal
import sys

FILE_SIZE_LIMIT = 200 * 1024 * 1024
SECRET_ENV = {"ALIGNED_GRADEBOOK_URL", "ALIGNED_TEST_PG_URL", "DATABASE_URL", "PGPASSWORD", "PGPASSFILE"}


def _limit(which: int, value: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard if hard != resource.RLIM_INFINITY else value))
    except (ValueError, OSError):
        resource.setrlimit(which, (value, hard))


def apply_limits(environ=os.environ) -> None:
    memory = int(environ.get("ALIGNED_SANDBOX_MEMORY_MB", "0") or 0)
    if memory > 0:
        _limit(resource.RLIMIT_AS, memory * 1024 * 1024)
    cpu = int(environ.get("ALIGNED_SANDBOX_CPU_S", "0") or 0)
    if cpu > 0:
        _limit(resource.RLIMIT_CPU, cpu)
    _limit(resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT)
    _limit(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails instead of killing


def record_pid(environ=os.environ) -> None:
    folder = environ.get("ALIGNED_SANDBOX_PIDS")
    if folder and os.path.isdir(folder):
        with open(os.path.join(folder, str(os.getpid())), "w") as handle:
            handle.write(str(os.getpid()))


def forget_inputs() -> None:
    """Keep IPython's input history empty: ``In`` would hold the test cells' source."""
    from IPython.core.history import HistoryManager

    original = HistoryManager.store_inputs

    def store_inputs(self, line_num, source, source_raw=None):
        return original(self, line_num, "", "")

    HistoryManager.store_inputs = store_inputs


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    apply_limits()
    record_pid()
    if argv and argv[0] == "--exec":
        os.execvp(argv[1], argv[1:])
    forget_inputs()
    for name in list(os.environ):
        if name in SECRET_ENV or any(word in name.upper() for word in ("PASSWORD", "SECRET", "TOKEN")):
            del os.environ[name]
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    policy_text = os.environ.pop("ALIGNED_SANDBOX_POLICY", None)
    if policy_text:  # after start-up, before the first cell
        # Imported here on purpose (the one function-level grading import besides the command
        # line's): this launcher runs inside the student's kernel, before any of its code, so
        # it stays light and loads only the standard library at import; the guard is loaded
        # only when a policy is given, and never on the ``--exec`` path above.
        from grading.guard import Policy, install

        install(Policy.from_json(policy_text))
    app.start()


if __name__ == "__main__":
    main()
