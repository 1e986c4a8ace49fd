"""`autograde`: every submission of an assignment, in parallel, each within its limits.

Design (see grading/README.md):

- The parent process lists the submissions, skips those whose *fingerprint* (files,
  assignment source, limits, late policy) matches the last grading, and forks one worker per
  submission, at most ``jobs`` at a time (default: the cores this process may use).
- A worker is its own process group. It copies the submission to a private staging folder
  (dropping symlinks and files that are not notebooks), checks it statically
  (``grading.inspection``), then runs nbgrader's own ``Autograde`` converter in-process on
  that copy, writing to the course gradebook. The kernel starts through
  ``grading.sandbox`` (memory, CPU and file limits, file-access guard), and
  ``grading.execute.LimitedExecute`` skips cells that loop, crash the kernel or exhaust
  memory. The graded notebook is moved into ``autograded/`` only when nbgrader succeeded.
- The parent kills a worker (and its kernel) that outlives the submission time limit and
  records the submission as failed; a worker that dies is recorded as failed too. Either
  way the run goes on.
- Gradebook writes: PostgreSQL handles concurrent writers; SQLite is switched to WAL mode
  and every connection waits up to 60 s for the write lock (nbgrader's transactions are
  short), so parallel workers never see "database is locked".
- Only the parent writes ``status/<assignment>.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import site
import sys
import sysconfig
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from grading import execute, isolation
from grading import status as status_store
from grading.config import REPO_ROOT, Course, Limits, ensure_gradebook
from grading.coursedir import course_directory
from grading.errors import GradingError
from grading.gradebook import (
    clear_flags,
    ensure_students,
    is_released,
    record_failure,
    submission_grades,
)
from grading.guard import Policy, read_refusals
from grading.guard import summarize as summarize_tries
from grading.inspection import Finding, inspect_notebook, read_notebook_bytes
from grading.logs import quiet_nbgrader_log
from grading.tampering import tampering_findings, withhold_autograded

PIPELINE_VERSION = "1"
SECRET_ENV = ("ALIGNED_GRADEBOOK_URL", "ALIGNED_TEST_PG_URL", "DATABASE_URL", "PGPASSWORD", "PGPASSFILE")
INCIDENT_TEXT = {
    "timeout": "ran longer than the {timeout} s cell time limit (an infinite loop?) and was skipped",
    "memory": "used more than the {memory} MiB memory limit and was skipped",
    "kernel_died": "stopped the Python kernel (os._exit, a kill signal or a crash) and was skipped",
    "processes": "started more processes than the limit of {processes} and was skipped",
    "disk": "wrote more than the {disk} MiB a submission may write and was skipped",
}
FATAL_TEXT = {
    "timeout": "cells kept running past the {timeout} s time limit",
    "memory": "cells kept exceeding the {memory} MiB memory limit",
    "kernel_died": "the Python kernel kept stopping",
    "processes": "cells kept starting more processes than the limit of {processes}",
    "disk": "cells kept writing more than the {disk} MiB limit",
}
# What a sandboxed kernel reads as a matter of course (besides its Python and the kit): not logged.
KERNEL_READS = ("/usr", "/bin", "/lib", "/lib64", "/etc", "/dev", "/tmp", "/proc/self", "/proc/thread-self",
                "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/sys")
# Files of a submission that go into its sandbox beside the assignment's data files: data
# only. Code (.py, .pth) stays out, so nothing a submission ships can shadow a module.
CODE_SUFFIXES = {".py", ".pth", ".pyc", ".so", ".sh", ".ipy", ".pyx", ".egg", ".whl", ".zip"}
DATA_SUFFIXES = {".csv", ".tsv", ".json", ".txt", ".md", ".xlsx", ".xls", ".parquet", ".png", ".jpg",
                 ".jpeg", ".gif", ".svg"}


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def list_submissions(course: Course, assignment: str) -> list[str]:
    if not course.submitted_dir.is_dir():
        return []
    return sorted(
        p.name for p in course.submitted_dir.iterdir()
        if p.is_dir() and (p / assignment).is_dir() and not p.name.startswith(".")
    )


def _hash_tree(digest, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if any(part in {".ipynb_checkpoints", "__pycache__"} for part in path.parts):
            continue
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest.update(f"L {rel} {os.readlink(path)}\n".encode())
        elif path.is_file():
            digest.update(f"F {rel}\n".encode())
            digest.update(path.read_bytes())


def fingerprint(course: Course, assignment: str, student: str, limits: Limits) -> str:
    digest = hashlib.sha256(f"aligned-grading {PIPELINE_VERSION}\n".encode())
    _hash_tree(digest, course.submitted_dir / student / assignment)
    _hash_tree(digest, course.source_dir / assignment)
    digest.update(json.dumps(asdict(limits), sort_keys=True).encode())
    digest.update(json.dumps(asdict(course.settings.late), sort_keys=True).encode())
    digest.update(str(course.settings.due.get(assignment)).encode())
    digest.update(course.db_url.split("?")[0].encode())
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------
# One submission (runs in a worker process)
# ----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    student: str
    status: str  # "graded" or "failed"
    reason: str = ""
    notes: list[dict] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    late_penalty: float = 0.0
    seconds: float = 0.0
    sandbox: str = ""

    def to_record(self, fingerprint_value: str) -> dict:
        record = asdict(self)
        record.pop("student")
        record["fingerprint"] = fingerprint_value
        record["graded_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        return record


def _stage(source: Path, target: Path, notes: list[Finding]) -> None:
    """Copy a submission without symlinks (a link could point at the solutions)."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if any(part in {".ipynb_checkpoints", "__pycache__"} for part in rel.parts):
            continue
        if path.is_symlink():
            notes.append(Finding("symlink", f"{rel} is a symbolic link; it was not graded.", attention=True))
            continue
        dest = target / rel
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    target.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def _allowed_roots() -> tuple[str, ...]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        value = sysconfig.get_paths().get(key)
        if value:
            roots.add(value)
    roots.update(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
    roots.add(str(REPO_ROOT / "widgets"))
    roots.add(str(REPO_ROOT / "grading"))  # the guard's own frames appear in tracebacks
    try:
        from widgets.data import data_dir

        roots.add(str(data_dir()))
    except Exception:  # noqa: BLE001 -- the kit's data is optional for the grader
        roots.add(str(REPO_ROOT / "datasets"))
    roots.update({"/proc/cpuinfo", "/proc/meminfo", "/proc/self"})
    return tuple(sorted(roots))


def _denied_roots(course: Course, work_root: Path) -> tuple[str, ...]:
    roots = {str(course.root), str(REPO_ROOT), str(course.source_dir), str(course.release_dir),
             str(work_root), "/proc"}
    home = Path.home()
    roots.update(str(home / name) for name in (".pgpass", ".ssh", ".git-credentials", ".netrc"))
    return tuple(sorted(roots))


def _incident_notes(incidents: list[dict], limits: Limits) -> list[Finding]:
    notes = []
    for incident in incidents:
        if incident.get("fatal"):
            continue
        where = f"cell {incident['grade_id']}" if incident.get("grade_id") else f"cell {int(incident['cell']) + 1}"
        text = _limit_text(INCIDENT_TEXT[incident["kind"]], limits)
        notes.append(Finding(incident["kind"], f"{where} {text}.", attention=True))
    return notes


def _limit_text(text: str, limits: Limits) -> str:
    return text.format(timeout=limits.cell_timeout, memory=limits.memory_mb, processes=limits.processes,
                       disk=limits.disk_mb)


def _sandbox_folder(course: Course, assignment: str, submission: Path, stage: Path) -> tuple[Path, Path, list[str]]:
    """The submission's scratch folder: the assignment's data files and the submission's own
    data files, nothing else (no notebook, no code). Also: the submission's files left out."""
    scratch = stage / "sandbox"
    workdir = scratch / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    (scratch / "run").mkdir(exist_ok=True)
    left_out: list[str] = []
    for folder in (course.release_dir / assignment, submission):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_symlink() or not path.is_file() or "__pycache__" in rel.parts:
                continue
            if path.suffix.lower() not in DATA_SUFFIXES or any(part.startswith(".") for part in rel.parts):
                if folder == submission and path.suffix.lower() != ".ipynb" and rel.as_posix() != "timestamp.txt":
                    left_out.append(rel.as_posix())
                continue
            dest = workdir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    return scratch, workdir, left_out


def _readable_by_kernels() -> tuple[Path, ...]:
    """What a sandboxed kernel may read: its Python, the kit's two packages and the data sets."""
    found = [*isolation.python_environment(), REPO_ROOT / "widgets", REPO_ROOT / "grading"]
    data = _data_dir()
    if data is not None:
        found.append(data)
    return tuple(p for p in found if p.exists())


def _data_dir() -> Path | None:
    try:
        from widgets.data import data_dir

        found = data_dir()
    except Exception:  # noqa: BLE001 -- the kit's data is optional for the grader
        found = REPO_ROOT / "datasets"
    return found if found.is_dir() else None


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def grade_submission(course: Course, assignment: str, student: str, limits: Limits, work_root: Path,
                     sandbox: isolation.Sandbox | None = None) -> Outcome:
    """Grade one submission with nbgrader. Call it in a process of its own."""
    import nbformat
    from nbgrader.converters import Autograde

    started = time.monotonic()
    sandbox = sandbox or isolation.choose(limits.sandbox)
    execute.INCIDENTS.clear()
    stage = work_root / student
    staged_submitted = stage / "submitted"
    staged_autograded = stage / "autograded"
    own_dir = staged_autograded / student / assignment
    target = staged_submitted / student / assignment
    notes: list[Finding] = []
    _stage(course.submitted_dir / student / assignment, target, notes)

    def fail(reason: str) -> Outcome:
        record_failure(course, assignment, student)
        _remove(course.autograded_dir / student / assignment)
        _remove(course.feedback_dir / student / assignment)
        return Outcome(student, "failed", reason=reason, notes=[n.to_dict() for n in notes],
                       score=0.0, seconds=round(time.monotonic() - started, 2), sandbox=sandbox.name)

    released = {p.stem: nbformat.read(str(p), as_version=4) for p in course.release_notebooks(assignment)}
    if not released:
        raise GradingError(f"{assignment!r} has no released notebooks in {course.release_dir}: "
                           f"run `aligned-grade release {assignment}`.")
    gradeable = 0
    withhold = False  # the code rewires how later cells run: autograded points are not trusted
    fatal: list[str] = []
    for name, released_nb in released.items():
        path = target / f"{name}.ipynb"
        if not path.exists():
            others = sorted(p.name for p in target.glob("*.ipynb"))
            found = f" (found: {', '.join(others)})" if others else ""
            notes.append(Finding("missing_notebook", f"{name}.ipynb was not submitted{found}; it scores zero.",
                                 attention=True))
            fatal.append(f"{name}.ipynb was not submitted{found}")
            continue
        notebook, problem = read_notebook_bytes(path.read_bytes(), path.name)
        if problem is not None:
            notes.append(problem)
            fatal.append(problem.message)
            path.unlink()
            continue
        notes.extend(inspect_notebook(notebook, released_nb, path.name))
        tampered = tampering_findings(notebook, path.name)
        notes.extend(tampered)
        withhold = withhold or bool(tampered)
        gradeable += 1
    if gradeable == 0:
        return fail("; ".join(fatal) or "nothing to grade")

    pids_dir = stage / "pids"
    pids_dir.mkdir(parents=True, exist_ok=True)
    for name in SECRET_ENV:
        os.environ.pop(name, None)
    limits_env = {
        "ALIGNED_SANDBOX_CPU_S": str(int(limits.submission_timeout) + 5),
        "ALIGNED_SANDBOX_MEMORY_MB": str(int(limits.memory_mb)),
        "ALIGNED_SANDBOX_PROCESSES": str(int(limits.processes)),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONWARNINGS": "ignore",  # a warning on stderr would cost a test cell its points
        "MPLBACKEND": "Agg",
    }
    if sandbox.isolated:
        # The OS sandbox is the boundary; the guard inside only logs what was attempted.
        scratch, workdir, left_out = _sandbox_folder(course, assignment, course.submitted_dir / student / assignment,
                                                     stage)
        code = [name for name in left_out if Path(name).suffix.lower() in CODE_SUFFIXES]
        if code:
            shown = ", ".join(code[:6]) + (f" and {len(code) - 6} more" if len(code) > 6 else "")
            notes.append(Finding("shipped_code", f"the submission ships code beside its notebooks ({shown}); "
                                 "it was not run: only data files go into the sandbox.", attention=True))
        guard_log = None  # the guard reports through the sandbox's pipe: execute.read_tries()
        readable = _readable_by_kernels()
        # Inside the sandbox nothing of the instructor's is there to protect; the guard logs every
        # reach outside what the kernel may read, and its policy names none of the grader's paths.
        # The repository is denied by name too: a checkout under /tmp is more specific than /tmp.
        policy = Policy(own_dir=str(workdir), deny=("/", str(REPO_ROOT)),
                        allow=tuple(map(str, (*readable, *KERNEL_READS))), enforce=False)
        env = {
            "ALIGNED_SANDBOX_POLICY": policy.to_json(),
            "ALIGNED_STATE_DIR": "/tmp/state",
        }
        data = _data_dir()
        if data is not None:
            env["ALIGNED_DATA_DIR"] = str(data)
        execute.PLACEMENT = execute.Placement(
            sandbox,
            isolation.Confinement(
                scratch=scratch, workdir=workdir, readable=readable, memory_mb=int(limits.memory_mb),
                cpu_s=int(limits.submission_timeout) + 5, processes=int(limits.processes), env=env,
            ),
            disk_mb=int(limits.disk_mb),
        )
    else:
        guard_log = stage / "guard.jsonl"
        policy = Policy(own_dir=str(own_dir), deny=_denied_roots(course, work_root), allow=_allowed_roots(),
                        log_path=str(guard_log))
        execute.PLACEMENT = execute.Placement(sandbox)
        os.environ.update({**limits_env, "ALIGNED_SANDBOX_POLICY": policy.to_json(),
                           "ALIGNED_SANDBOX_PIDS": str(pids_dir)})

    config = course.nbgrader_config(**asdict(limits))
    config.CourseDirectory.submitted_directory = str(staged_submitted)
    config.CourseDirectory.autograded_directory = str(staged_autograded)
    config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = assignment
    config.Autograde.create_student = True
    config.BaseConverter.force = True
    coursedir = course_directory(config)
    log_path = course.logs_dir / assignment / f"{student}.log"
    error_text = ""
    with quiet_nbgrader_log(log_path) as log:
        converter = Autograde(coursedir=coursedir, config=config, log=log)
        try:
            converter.start()
            ok = True
        except Exception as error:  # noqa: BLE001 -- nbgrader raises several kinds; the log has details
            ok = False
            lines = str(error).strip().splitlines()
            error_text = lines[0] if lines else type(error).__name__
            log.error("aligned-grade: %s", traceback.format_exc())

    notes.extend(_incident_notes(execute.INCIDENTS, limits))
    execute.drain_reports()
    tries = read_refusals(str(guard_log)) if guard_log is not None else execute.read_tries()
    for detail in summarize_tries(tries):
        code, verb = ("attempted", "tried") if sandbox.isolated else ("refused", "was refused")
        message = f"student code {verb}: {detail}"
        if not any(n.message == message for n in notes):
            notes.append(Finding(code, message, attention=True))

    fatal_incident = next((i for i in execute.INCIDENTS if i.get("fatal")), None)
    if not ok or not own_dir.exists():
        if fatal_incident is not None:
            reason = _limit_text(FATAL_TEXT[fatal_incident["kind"]], limits)
            if fatal_incident.get("cell") is None:
                reason = "the Python kernel could not start or stopped before running any cell"
        else:
            reason = f"nbgrader could not grade it: {error_text or 'see the log'}"
        return fail(f"{reason} (log: {log_path})")

    dest = course.autograded_dir / student / assignment
    _remove(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(own_dir), str(dest))
    _remove(course.feedback_dir / student / assignment)  # stale: `feedback` writes it anew
    attention = any(n.attention for n in notes)
    clear_flags(course, assignment, student, attention)
    if withhold:
        withhold_autograded(course, assignment, student)
    grades = submission_grades(course, assignment, student)
    return Outcome(
        student,
        "graded",
        notes=[n.to_dict() for n in notes],
        score=None if grades is None else round(grades.final_score, 4),
        max_score=None if grades is None else grades.max_score,
        late_penalty=0.0 if grades is None else round(grades.late_penalty, 4),
        seconds=round(time.monotonic() - started, 2),
        sandbox=sandbox.name,
    )


# ----------------------------------------------------------------------------------------
# The parallel run (parent process)
# ----------------------------------------------------------------------------------------

@dataclass
class Running:
    student: str
    pid: int
    started: float
    result_path: Path
    pids_dir: Path
    fingerprint: str


@dataclass
class Summary:
    assignment: str
    graded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sandbox: str = ""

    def sandbox_line(self) -> str:
        if self.sandbox == "none":
            return isolation.NONE_WARNING
        described = {"bwrap": "Bubblewrap: no network, nothing of your files but the Python environment "
                              "and the data sets, read-only",
                     "docker": "a Docker container without network", "podman": "a Podman container without network"}
        return f"Sandbox: {described.get(self.sandbox, self.sandbox)} (one per submission)."

    def line(self) -> str:
        done = len(self.graded) + len(self.failed)
        parts = [f"Autograded {done} submission{'s' if done != 1 else ''} of {self.assignment} in {self.seconds:.0f} s"]
        details = []
        if self.failed:
            details.append(f"{len(self.failed)} could not be graded")
        if self.attention:
            details.append(f"{len(self.attention)} need attention")
        if self.skipped:
            details.append(f"{len(self.skipped)} unchanged and skipped")
        return parts[0] + (f" ({', '.join(details)})" if details else "") + "."


def _warm_up() -> None:
    """Import what every worker needs once, before forking: workers start faster.

    The grading modules a worker uses (execute, guard, logs; feedback and late through
    ``grading.config``) are already imported at the top of this module; this adds the
    nbgrader machinery that ``grade_submission`` imports when it runs.
    """
    import nbformat  # noqa: F401 (imported before forking, see above)
    import nbgrader.converters
    import nbgrader.coursedir  # noqa: F401 (imported before forking, see above)

    _allowed_roots()


def _child_main(course: Course, assignment: str, student: str, limits: Limits, work_root: Path,
                result_path: Path, log_path: Path, sandbox: isolation.Sandbox) -> None:
    os.setsid()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        outcome = grade_submission(course, assignment, student, limits, work_root, sandbox)
    except GradingError as error:
        outcome = Outcome(student, "failed", reason=str(error), score=0.0, sandbox=sandbox.name)
    except BaseException as error:  # noqa: BLE001 -- a worker must always report
        traceback.print_exc()
        outcome = Outcome(student, "failed", reason=f"grader error: {type(error).__name__}: {error}", score=0.0,
                          sandbox=sandbox.name)
    tmp = result_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(outcome)), encoding="utf-8")
    tmp.replace(result_path)


def _kill_kernels(pids_dir: Path) -> None:
    if not pids_dir.is_dir():
        return
    for entry in pids_dir.iterdir():
        try:
            pid = int(entry.name)
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (ValueError, OSError):
            continue
        if b"grading.sandbox" in cmdline:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _stop(run: Running) -> None:
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    _kill_kernels(run.pids_dir)
    try:
        os.waitpid(run.pid, 0)
    except ChildProcessError:
        pass


def autograde(
    course: Course,
    assignment: str,
    *,
    students: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    limits: Limits | None = None,
    progress=None,
) -> Summary:
    """Grade the assignment's submissions; see the module docstring."""
    started = time.monotonic()
    course.require_assignment(assignment)
    limits = limits or course.settings.limits
    ensure_gradebook(course)
    if not is_released(course, assignment) or not course.release_notebooks(assignment):
        raise GradingError(f"{assignment!r} has not been released: run `aligned-grade release {assignment}` first.")
    everyone = list_submissions(course, assignment)
    if not everyone:
        raise GradingError(
            f"No submissions of {assignment!r} in {course.submitted_dir}: "
            f"run `aligned-grade collect {assignment} <folder>` first."
        )
    if students:
        unknown = [s for s in students if s not in everyone]
        if unknown:
            raise GradingError(f"No submission of {assignment!r} by {', '.join(unknown)} in {course.submitted_dir}.")
    selected = students or everyone
    sandbox = isolation.choose(limits.sandbox)
    records = status_store.load(course, assignment)
    prints = {s: fingerprint(course, assignment, s, limits) for s in selected}
    regrade = bool(students) or force
    todo = [s for s in selected if regrade or records.get(s, {}).get("fingerprint") != prints[s]]
    summary = Summary(assignment, skipped=[s for s in selected if s not in todo], sandbox=sandbox.name)
    if not todo:
        summary.seconds = time.monotonic() - started
        summary.attention = [s for s in selected if status_store.needs_attention(records.get(s, {}))]
        return summary
    ensure_students(course, todo)

    jobs = max(1, jobs or available_cores())
    bar = progress(len(todo)) if progress is not None else None
    _warm_up()
    work_root = Path(tempfile.mkdtemp(prefix=f"aligned-grade-{assignment}-"))
    queue = list(todo)
    running: dict[str, Running] = {}
    sys.stdout.flush()
    sys.stderr.flush()

    def finish(student: str, outcome: Outcome) -> None:
        records[student] = outcome.to_record(prints[student])
        status_store.save(course, assignment, records)
        (summary.graded if outcome.status == "graded" else summary.failed).append(student)
        if status_store.needs_attention(records[student]):
            summary.attention.append(student)
        if bar is not None:
            shown = (f"{outcome.score:g}/{outcome.max_score:g}" if outcome.status == "graded" and outcome.max_score
                     else outcome.status)
            bar.advance(f"{student}: {shown}")

    try:
        while queue or running:
            while queue and len(running) < jobs:
                student = queue.pop(0)
                result_path = work_root / f"{student}.result.json"
                stage_pids = work_root / student / "pids"
                log_path = course.logs_dir / assignment / f"{student}.worker.log"
                pid = os.fork()
                if pid == 0:  # the worker
                    try:
                        _child_main(course, assignment, student, limits, work_root, result_path, log_path, sandbox)
                    finally:
                        os._exit(0)
                running[student] = Running(student, pid, time.monotonic(), result_path, stage_pids, prints[student])
            time.sleep(0.1)
            for student, run in list(running.items()):
                done_pid, wait_status = os.waitpid(run.pid, os.WNOHANG)
                if done_pid == 0:
                    if time.monotonic() - run.started > limits.submission_timeout:
                        _stop(run)
                        _kill_kernels(run.pids_dir)
                        record_failure(course, assignment, student)
                        _remove(course.autograded_dir / student / assignment)
                        _remove(course.feedback_dir / student / assignment)
                        del running[student]
                        finish(student, Outcome(
                            student, "failed", score=0.0,
                            reason=f"grading took longer than the {limits.submission_timeout} s limit for a submission",
                            seconds=round(time.monotonic() - run.started, 2),
                        ))
                    continue
                del running[student]
                _kill_kernels(run.pids_dir)
                try:
                    data = json.loads(run.result_path.read_text(encoding="utf-8"))
                    outcome = Outcome(**data)
                except (OSError, json.JSONDecodeError, TypeError):
                    code = os.waitstatus_to_exitcode(wait_status)
                    record_failure(course, assignment, student)
                    outcome = Outcome(student, "failed", score=0.0,
                                      reason=f"the grading process stopped unexpectedly (exit status {code})")
                finish(student, outcome)
    except BaseException:
        for run in running.values():
            _stop(run)
        raise
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    if bar is not None:
        bar.close()
    summary.seconds = time.monotonic() - started
    others = [s for s in selected if s in summary.skipped and status_store.needs_attention(records.get(s, {}))]
    summary.attention.extend(others)
    return summary
