"""The grading kernel's launcher: ``python -I -m grading.sandbox -f <connection file>``.

``grading.execute.LimitedKernelManager`` starts every grading kernel through this module
(inside the OS sandbox of ``grading.isolation``) instead of ``ipykernel_launcher``. ``-I``
keeps the working folder and ``PYTHON*`` variables off ``sys.path``, so a submission cannot
ship a module that replaces this one. Before any student code runs it:

1. sets resource limits from the environment the grader gives it:
   ``ALIGNED_SANDBOX_MEMORY_MB`` (RLIMIT_AS, so a memory bomb gets MemoryError instead of
   the machine's OOM killer), ``ALIGNED_SANDBOX_CPU_S`` (RLIMIT_CPU, a backstop to the
   grader's wall clock), ``ALIGNED_SANDBOX_FILE_MB`` (the largest file it may write),
   ``ALIGNED_SANDBOX_PROCESSES`` (RLIMIT_NPROC); no core dumps;
2. with ``ALIGNED_SANDBOX_SUPERVISE`` (set by the OS sandboxes, which give the kernel a PID
   namespace of its own and start this as its PID 1): forks, and stays behind as a small
   supervisor that runs no student code, cannot be killed from inside, reaps orphans and kills
   every process of the sandbox when they outnumber the process limit (RLIMIT_NPROC does not
   hold for root); it reports to the grader through the pipe ``ALIGNED_SANDBOX_REPORT_FD``;
3. with ``ALIGNED_SANDBOX_FORGET_SOURCE`` (the run that holds the hidden tests): keeps no cell
   source in ``linecache``, so no later code can read a test back;
4. stops IPython from keeping the text of executed cells in ``In``/``_ih``, and runs the kernel
   as ``ResettingKernel``: before each cell it puts back what a cell may have rewired (IPython's
   input and AST transformers, event hooks, tracers, display and exception hooks, builtins).
   Not a boundary either (code in the process can undo it); ``grading.tampering`` reads every
   submission outside the sandbox and withholds the marks of one that tries;
5. installs the file-access guard (``grading.guard``) from ``ALIGNED_SANDBOX_POLICY``: inside
   an OS sandbox it only logs what was attempted; without one it also refuses;
6. records its process id in ``ALIGNED_SANDBOX_PIDS`` (without an OS sandbox) so the grader
   can kill a kernel that outlives a submission's time limit;

then runs the IPython kernel in this process (``--exec CMD...`` runs another kernel command
with the limits only).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time

SECRET_ENV = {"ALIGNED_GRADEBOOK_URL", "ALIGNED_TEST_PG_URL", "DATABASE_URL", "PGPASSWORD", "PGPASSFILE"}
DEFAULT_FILE_MB = 64
REPORT_FD_VARIABLE = "ALIGNED_SANDBOX_REPORT_FD"  # the grader's pipe: what the sandbox saw, one JSON a line
SUPERVISOR_POLL_S = 0.02


def _limit(which: int, value: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard if hard != resource.RLIM_INFINITY else value))
    except (ValueError, OSError):
        resource.setrlimit(which, (value, hard))


def _number(environ, name: str, default: int = 0) -> int:
    try:
        return int(environ.get(name, "") or default)
    except ValueError:
        return default


def apply_limits(environ=os.environ) -> None:
    memory = _number(environ, "ALIGNED_SANDBOX_MEMORY_MB")
    if memory > 0:
        _limit(resource.RLIMIT_AS, memory * 1024 * 1024)
    cpu = _number(environ, "ALIGNED_SANDBOX_CPU_S")
    if cpu > 0:
        _limit(resource.RLIMIT_CPU, cpu)
    processes = _number(environ, "ALIGNED_SANDBOX_PROCESSES")
    if processes > 0:
        _limit(resource.RLIMIT_NPROC, processes)
    _limit(resource.RLIMIT_FSIZE, _number(environ, "ALIGNED_SANDBOX_FILE_MB", DEFAULT_FILE_MB) * 1024 * 1024)
    _limit(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails instead of killing


def record_pid(environ=os.environ) -> None:
    folder = environ.get("ALIGNED_SANDBOX_PIDS")
    if folder and os.path.isdir(folder):
        with open(os.path.join(folder, str(os.getpid())), "w") as handle:
            handle.write(str(os.getpid()))


def _processes() -> int:
    return sum(1 for name in os.listdir("/proc") if name.isdigit())


def report(event: dict, environ=os.environ) -> None:
    """Tell the grader, through the pipe it gave this sandbox (lines can be added, never erased)."""
    fd = _number(environ, REPORT_FD_VARIABLE, -1)
    if fd >= 0:
        try:
            os.write(fd, (json.dumps(event) + "\n").encode())
        except OSError:
            pass


def supervise(limit: int) -> None:
    """Fork: the child returns and becomes the kernel; this process watches the namespace.

    Runs as the sandbox's PID 1 (bwrap ``--as-pid-1``), which no process inside may kill:
    it reaps every orphan, kills the whole namespace when the processes outnumber ``limit``,
    and ends, taking the namespace with it, when the kernel ends.
    """
    kernel = os.fork()
    if kernel == 0:
        return
    for name in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(name, lambda signum, frame: os.kill(kernel, signum))
    while True:
        while True:
            try:
                done, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                os._exit(0)
            if done == 0:
                break
            if done == kernel:
                os._exit(0)
        count = _processes()
        if count > limit + 1:  # this supervisor does not count
            report({"event": "processes", "count": count, "limit": limit})
            os.kill(-1, signal.SIGKILL)  # every process of this PID namespace but this one
            os._exit(0)
        time.sleep(SUPERVISOR_POLL_S)


def forget_inputs() -> None:
    """Keep IPython's input history empty: ``In`` would hold the test cells' source."""
    from IPython.core.history import HistoryManager

    original = HistoryManager.store_inputs

    def store_inputs(self, line_num, source, source_raw=None):
        return original(self, line_num, "", "")

    HistoryManager.store_inputs = store_inputs


def forget_source() -> None:
    """Keep no cell's source in ``linecache`` (tracebacks then show line numbers only)."""
    import linecache

    from IPython.core.compilerop import CachingCompiler

    original = CachingCompiler.cache

    def cache(self, transformed_code, number=0, raw_code=None):
        name = original(self, transformed_code, number, raw_code)
        linecache.cache.pop(name, None)
        return name

    CachingCompiler.cache = cache


class Pristine:
    """What the shell's machinery was before any student code ran, and how to put it back."""

    SHELL_LISTS = ("input_transformers_post", "ast_transformers")  # the cleanup list is the manager's
    SHELL_METHODS = ("run_cell", "run_cell_async", "run_ast_nodes", "transform_cell", "should_run_async",
                     "showtraceback", "run_code")
    FORWARDED = {"input", "getpass", "raw_input"}  # the kernel swaps these in per request

    def __init__(self, shell):
        import builtins

        self.shell = shell
        self.builtins = dict(builtins.__dict__)
        self.lists = {name: list(getattr(shell, name, [])) for name in self.SHELL_LISTS}
        manager = shell.input_transformer_manager
        self.manager = manager
        self.manager_lists = {name: list(getattr(manager, name, [])) for name in
                              ("cleanup_transforms", "line_transforms", "token_transformers")}
        self.callbacks = {name: list(found) for name, found in shell.events.callbacks.items()}
        self.hooks = (sys.displayhook, sys.excepthook)

    def restore(self) -> None:
        import builtins
        import threading

        shell = self.shell
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)
        threading.setprofile(None)
        sys.displayhook, sys.excepthook = self.hooks
        current = builtins.__dict__
        for name, value in self.builtins.items():
            if name not in self.FORWARDED and current.get(name) is not value:
                current[name] = value
        for name, saved in self.lists.items():
            getattr(shell, name)[:] = saved  # in place: aliases to the list see the reset too
        if shell.input_transformer_manager is not self.manager:
            shell.input_transformer_manager = self.manager
        for name, saved in self.manager_lists.items():
            found = getattr(self.manager, name, None)
            if isinstance(found, list):
                found[:] = saved
            else:
                setattr(self.manager, name, list(saved))
        for name, saved in self.callbacks.items():
            shell.events.callbacks[name][:] = saved
        for name in self.SHELL_METHODS:
            shell.__dict__.pop(name, None)  # an override on the instance hides the class's method


def resetting_kernel_class():
    """IPythonKernel that restores the shell's machinery before every cell."""
    from ipykernel.ipkernel import IPythonKernel

    class ResettingKernel(IPythonKernel):
        pristine: Pristine | None = None

        async def do_execute(self, *args, **kwargs):
            if ResettingKernel.pristine is None:
                ResettingKernel.pristine = Pristine(self.shell)
            ResettingKernel.pristine.restore()
            return await IPythonKernel.do_execute(self, *args, **kwargs)

    return ResettingKernel


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    apply_limits()
    if os.environ.pop("ALIGNED_SANDBOX_SUPERVISE", "") == "1":
        supervise(_number(os.environ, "ALIGNED_SANDBOX_PROCESSES", 64))
    else:
        record_pid()
    if argv and argv[0] == "--exec":
        os.execvp(argv[1], argv[1:])
    forget_inputs()
    if os.environ.pop("ALIGNED_SANDBOX_FORGET_SOURCE", "") == "1":
        forget_source()
    for name in list(os.environ):
        if name in SECRET_ENV or any(word in name.upper() for word in ("PASSWORD", "SECRET", "TOKEN")):
            del os.environ[name]
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.kernel_class = resetting_kernel_class()
    app.initialize(argv)
    policy_text = os.environ.pop("ALIGNED_SANDBOX_POLICY", None)
    if policy_text:  # after start-up, before the first cell
        # Imported here on purpose (the one function-level grading import besides the command
        # line's): this launcher runs inside the student's kernel, before any of its code, so
        # it stays light and loads only the standard library at import; the guard is loaded
        # only when a policy is given, and never on the ``--exec`` path above.
        from dataclasses import replace

        from grading.guard import Policy, install

        policy = Policy.from_json(policy_text)
        report_fd = _number(os.environ, REPORT_FD_VARIABLE, -1)
        install(replace(policy, log_fd=report_fd, log_path="") if report_fd >= 0 else policy)
    app.start()


if __name__ == "__main__":
    main()
