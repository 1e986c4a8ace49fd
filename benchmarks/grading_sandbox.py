"""The grading sandbox's cost per submission: `--sandbox bwrap` against `--sandbox none`.

    .venv/bin/python benchmarks/grading_sandbox.py [--submissions 100] [--rounds 4] [--jobs 2] [--write]

Grades the same submissions (the tests' fixture assignment ``demo``, with a small data file
beside the notebook, and a deterministic mix of answers: mostly correct, partly right and
wrong ones, a few that do not compile, exit or kill their kernel) with ``aligned-grade
autograde --force --jobs N`` once under Bubblewrap and once without a sandbox, in one run.
The submissions are split into ``--rounds`` batches; each batch is graded in a fresh course
folder under both modes, in ABBA order (bwrap, none; none, bwrap; ...), so that a change in
the machine's load during the run falls on both modes alike.

Both modes run the same pipeline (static checks, a visible run and a sealed scoring run for
a notebook with hidden tests, limits, the status record): the difference is the sandbox
only, i.e. starting ``bwrap`` (namespaces, mounts) for every kernel, the supervisor process
inside it, and copying the assignment's data files into each submission's scratch folder.

First it times the sandbox's own start: ``python -I -c pass`` bare and wrapped by bwrap as a
grading kernel is (same mounts, namespaces, environment), and the copy of the data file. It
reports the wall time per mode (in total, and each submission's own grading time from
the status file), the overhead of bwrap against none, and the load average before and after.
Then, untimed, it grades a few submissions per mode with one worker while sampling ``/proc``
every 50 ms: the peak resident memory and the CPU time of a kernel, and of the processes a
sandbox adds (the two ``bwrap`` processes and the supervisor).

``--write`` records the result in the grading section of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402 (after the sys.path lines above)

import grading_fixtures as F  # noqa: E402 (needs tests/ on sys.path)

MODES = ("bwrap", "none")
TICKS = os.sysconf("SC_CLK_TCK")
MARKER = "<!-- grading-sandbox-results -->"
DATA_ROWS = 2000  # the data file beside the notebook (about 40 KB), copied into every scratch folder
HONEST = [
    F.GOOD,
    {**F.GOOD, "q2_answer": F.WRONG["q2_answer"]},
    {**F.GOOD, "q1_answer": F.WRONG["q1_answer"], "q3_answer": F.WRONG["q3_answer"]},
    F.GOOD,
    F.WRONG,
]
# One in ten: a syntax error, a notebook that exits, one that kills its kernel (restarted).
ODD = {
    3: {**F.GOOD, "q1_answer": "def double(x)\n    return 2 * x\n"},
    6: {**F.GOOD, "q1_answer": "import sys\nsys.exit('bye')\n"},
    9: {**F.GOOD, "q2_answer": "import os\nos.kill(os.getpid(), 9)\n"},
}


def answers(index: int) -> dict:
    return ODD.get(index % 10, HONEST[index % len(HONEST)])


def env() -> dict:
    e = dict(os.environ)
    e["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{e.get('PATH', '')}"
    return e


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "grading", *args]


def check(cmd: list[str]) -> None:
    done = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[2:5])} failed:\n{done.stderr[-2000:]}")


def make_source(base: Path) -> Path:
    source = F.make_source(base)
    rows = "\n".join(f"{i},{(i * 37) % 500 / 4:.2f}" for i in range(DATA_ROWS))
    (source / F.ASSIGNMENT / "sales.csv").write_text(f"day,amount\n{rows}\n", encoding="utf-8")
    return source


def make_course(folder: Path, source: Path, students: list[tuple[str, dict]]) -> Path:
    """A fresh course: the assignment released, these submissions collected."""
    course = folder / "course"
    check(cli("release", F.ASSIGNMENT, "--course-dir", str(course), "--source-dir", str(source),
              "--release-dir", str(folder / "release")))
    released = nbformat.read(str(folder / "release" / F.ASSIGNMENT / f"{F.ASSIGNMENT}.ipynb"), as_version=4)
    for student, chosen in students:
        F.write_submission(course / "submitted", student, F.filled(released, chosen), F.ON_TIME)
    return course


# ----------------------------------------------------------------------------------------
# Running one batch
# ----------------------------------------------------------------------------------------

@dataclass
class Batch:
    mode: str
    round: int
    students: int
    seconds: float
    load: tuple[float, float]
    per_submission: list[float]  # each submission's own grading time, from the status file
    scores: dict[str, float | None]


RUNNING: list[subprocess.Popen] = []


def stop_running() -> None:
    """Stop an autograde we started: SIGINT lets it stop its workers and their kernels."""
    for process in RUNNING:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    RUNNING.clear()


def autograde(course: Path, mode: str, jobs: int, on_start=None) -> float:
    """Wall seconds of one ``aligned-grade autograde``.

    Not CPU time from ``getrusage``: a sandboxed kernel is killed with its namespace and never
    reaped by a process of ours, so its CPU time would be missing from the bwrap side.
    """
    cmd = cli("autograde", F.ASSIGNMENT, "--course-dir", str(course), "--sandbox", mode,
              "--jobs", str(jobs), "--force")
    started = time.monotonic()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    RUNNING.append(process)
    if on_start is not None:
        on_start(process.pid)
    out, err = process.communicate()
    seconds = time.monotonic() - started
    RUNNING.remove(process)
    if process.returncode != 0:
        raise SystemExit(f"autograde --sandbox {mode} failed ({process.returncode}):\n{out[-1500:]}\n{err[-2000:]}")
    return seconds


def records(course: Path) -> dict[str, dict]:
    path = course / "status" / f"{F.ASSIGNMENT}.json"
    return json.loads(path.read_text(encoding="utf-8")).get("submissions", {})


def run_batch(base: Path, source: Path, mode: str, number: int, students: list[tuple[str, dict]],
              jobs: int) -> Batch:
    folder = base / f"round{number}-{mode}"
    course = make_course(folder, source, students)
    load = os.getloadavg()[0]
    seconds = autograde(course, mode, jobs)
    found = records(course)
    missing = [s for s, _ in students if s not in found]
    if missing:
        raise SystemExit(f"--sandbox {mode}: no status for {', '.join(missing[:5])}")
    wrong_sandbox = sorted({r.get("sandbox") for r in found.values()} - {mode})
    if wrong_sandbox:
        raise SystemExit(f"--sandbox {mode}: submissions graded with {wrong_sandbox}")
    return Batch(
        mode, number, len(students), seconds, (load, os.getloadavg()[0]),
        [float(r.get("seconds") or 0.0) for r in found.values()],
        {s: r.get("score") if r.get("status") == "graded" else None for s, r in found.items()},
    )


# ----------------------------------------------------------------------------------------
# Memory: peak RSS of the kernels and of what a sandbox adds, sampled from /proc
# ----------------------------------------------------------------------------------------

def _status(pid: int) -> dict[str, str]:
    out = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            out[key] = value.strip()
    return out


def _kib(text: str) -> int:
    return int(text.split()[0]) if text else 0


@dataclass
class Seen:
    pid: int
    ppid: int
    comm: str
    sandboxed: bool  # its command line runs grading.sandbox (bwrap's too: it wraps that command)
    hwm_kib: int = 0  # VmHWM: the process's own peak RSS
    pss_kib: int = 0  # largest proportional set size seen (shared pages counted once)
    cpu_s: float = 0.0  # user + system time, last seen (the last interval before it ends is missed)


@dataclass
class Sampler:
    """Every process below ``root`` whose command line names grading.sandbox, polled."""

    interval: float = 0.05
    root: int = 0
    seen: dict[int, Seen] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self, root: int) -> None:
        self.root = root
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sample()
            except Exception as error:  # noqa: BLE001 -- a process that ends mid-read: keep sampling
                self.errors.append(repr(error))

    def sample(self) -> None:
        parents: dict[int, int] = {}
        fields: dict[int, list[str]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as handle:
                    stat = handle.read()
                found = stat[stat.rindex(")") + 2:].split()  # from field 3, "state"
                parents[int(name)] = int(found[1])
            except (OSError, ValueError, IndexError):  # ended meanwhile
                continue
            fields[int(name)] = found
        for pid in parents:
            ancestor, hops = parents.get(pid), 0
            while ancestor and ancestor != self.root and hops < 32:
                ancestor, hops = parents.get(ancestor), hops + 1
            if ancestor != self.root:
                continue
            try:  # read again every time: a process just forked has not yet run its own command
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    sandboxed = b"grading.sandbox" in handle.read()
                with open(f"/proc/{pid}/comm", encoding="utf-8") as handle:
                    comm = handle.read().strip()
                entry = self.seen.setdefault(pid, Seen(pid, parents[pid], comm, sandboxed))
                if fields[pid][0] == "Z":
                    continue  # ended, not yet reaped: no command line, no memory left
                entry.comm, entry.sandboxed = comm, sandboxed
                if not entry.sandboxed:
                    continue
                entry.cpu_s = (int(fields[pid][11]) + int(fields[pid][12])) / TICKS
                entry.hwm_kib = max(entry.hwm_kib, _kib(_status(pid).get("VmHWM", "")))
                with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                    for line in handle:
                        if line.startswith("Pss:"):
                            entry.pss_kib = max(entry.pss_kib, _kib(line.split(":", 1)[1]))
                            break
            except (OSError, ValueError):
                continue

    def roles(self) -> dict[str, list[Seen]]:
        """kernel, supervisor (a grading.sandbox Python with a kernel child) and bwrap."""
        python = {p: s for p, s in self.seen.items() if s.sandboxed and s.comm != "bwrap"}
        supervisors = {s.ppid for s in python.values() if s.ppid in python}
        out: dict[str, list[Seen]] = {"kernel": [], "supervisor": [], "bwrap": []}
        for entry in self.seen.values():
            if not entry.sandboxed or entry.hwm_kib == 0:
                continue
            if entry.comm == "bwrap":
                out["bwrap"].append(entry)
            elif entry.pid in supervisors:
                out["supervisor"].append(entry)
            else:
                out["kernel"].append(entry)
        return out


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def footprint(base: Path, source: Path, count: int) -> dict[str, dict[str, float]]:
    """Per mode, grading ``count`` submissions with one worker: the median peak RSS, PSS and
    CPU time of a kernel, of its supervisor and of its two bwrap processes (summed)."""
    students = [(f"m{i:03d}", HONEST[i % len(HONEST)]) for i in range(count)]
    result = {}
    for mode in MODES:
        course = make_course(base / f"memory-{mode}", source, students)
        sampler = Sampler()
        try:
            autograde(course, mode, 1, on_start=sampler.start)
        finally:
            sampler.stop()
        roles = sampler.roles()
        kernels = roles["kernel"]
        if sampler.errors:
            print(f"--sandbox {mode}: {len(sampler.errors)} samples failed, e.g. {sampler.errors[0]}")
        # bwrap: the process started and bwrap's init in the namespace, both ancestors of a kernel
        bwraps: dict[int, list[Seen]] = {k.pid: [] for k in kernels}
        by_pid = {s.pid: s for s in roles["bwrap"]}
        for kernel in kernels:
            ancestor = sampler.seen.get(kernel.ppid)
            while ancestor is not None:
                if ancestor.pid in by_pid:
                    bwraps[kernel.pid].append(ancestor)
                ancestor = sampler.seen.get(ancestor.ppid)
        row = {"kernels": len(kernels)}
        for role, groups in (("kernel", [[k] for k in kernels]),
                             ("supervisor", [[s] for s in roles["supervisor"]]),
                             ("bwrap", [g for g in bwraps.values() if g])):
            row[f"{role}_rss"] = _median([sum(s.hwm_kib for s in g) / 1024 for g in groups])
            row[f"{role}_pss"] = _median([sum(s.pss_kib for s in g) / 1024 for g in groups])
            row[f"{role}_cpu"] = _median([sum(s.cpu_s for s in g) for g in groups])
        result[mode] = row
    return result


def start_cost(base: Path, repeat: int) -> dict[str, float]:
    """Median wall ms of ``python -I -c pass`` bare and wrapped as a grading kernel is (same
    mounts, namespaces and environment), and of copying the data file into a scratch folder."""
    from grading.autograde import _readable_by_kernels
    from grading.isolation import Bubblewrap, Confinement

    scratch = base / "start" / "sandbox"
    workdir = scratch / "work"
    workdir.mkdir(parents=True)
    command = [sys.executable, "-I", "-c", "pass"]
    wrapped = Bubblewrap().wrap(command, Confinement(scratch=scratch, workdir=workdir,
                                                     readable=_readable_by_kernels()))
    data = base / "source" / F.ASSIGNMENT / "sales.csv"
    times: dict[str, list[float]] = {"plain": [], "bwrap": [], "copy": []}
    for i in range(repeat):
        for name, cmd in (("plain", command), ("bwrap", wrapped))[:: 1 if i % 2 == 0 else -1]:
            started = time.perf_counter()
            subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, env={} if name == "plain" else None)
            times[name].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        shutil.copyfile(data, workdir / f"copy{i}.csv")
        times["copy"].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


# ----------------------------------------------------------------------------------------

def _interrupted(signum, frame):
    raise KeyboardInterrupt


def order(rounds: int) -> list[tuple[int, str]]:
    """ABBA: bwrap, none | none, bwrap | bwrap, none | ..."""
    out = []
    for number in range(rounds):
        first, second = MODES if number % 2 == 0 else MODES[::-1]
        out += [(number, first), (number, second)]
    return out


def overhead(sandboxed: float, plain: float) -> float:
    return (sandboxed / plain - 1) * 100 if plain else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100, help="graded under each mode (default 100)")
    parser.add_argument("--rounds", type=int, default=4, help="batches per mode, in ABBA order (default 4)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of each autograde (default 2)")
    parser.add_argument("--memory-sample", type=int, default=4,
                        help="submissions per mode graded afterwards, untimed, to sample memory (0: skip)")
    parser.add_argument("--start-repeat", type=int, default=20,
                        help="times to start a bare and a bwrap-wrapped Python first, for bwrap's own start (0: skip)")
    parser.add_argument("--write", action="store_true", help="record the result in benchmarks/README.md")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.submissions < args.rounds:
        parser.error("need at least one submission per round")

    from grading.isolation import choose

    choose("bwrap")  # says why not, before anything is built
    signal.signal(signal.SIGTERM, _interrupted)  # so that `finally` stops what was started
    everyone = [(f"s{i:03d}", answers(i)) for i in range(args.submissions)]
    size = -(-args.submissions // args.rounds)
    batches: list[Batch] = []
    with tempfile.TemporaryDirectory(prefix="aligned-sandbox-bench-") as tmp:
        base = Path(tmp)
        source = make_source(base)
        start = start_cost(base, args.start_repeat) if args.start_repeat > 0 else None
        if start:
            print(f"start of `python -I -c pass`, median of {args.start_repeat}: {start['plain']:.1f} ms bare, "
                  f"{start['bwrap']:.1f} ms in bwrap (+{start['bwrap'] - start['plain']:.1f} ms per kernel); "
                  f"copying the data file into a scratch folder {start['copy']:.2f} ms", flush=True)
        try:
            load_before = os.getloadavg()
            for number, mode in order(args.rounds):
                students = everyone[number * size:(number + 1) * size]
                batch = run_batch(base, source, mode, number, students, args.jobs)
                batches.append(batch)
                print(f"round {number + 1} {mode:>5}: {batch.students} submissions in {batch.seconds:6.1f} s, "
                      f"load {batch.load[0]:.1f} -> {batch.load[1]:.1f}", flush=True)
            load_after = os.getloadavg()
            mem = footprint(base, source, args.memory_sample) if args.memory_sample > 0 else None
        finally:
            stop_running()

    totals = {m: sum(b.seconds for b in batches if b.mode == m) for m in MODES}
    own = {m: statistics.median([s for b in batches if b.mode == m for s in b.per_submission]) for m in MODES}
    scores = {m: {s: v for b in batches if b.mode == m for s, v in b.scores.items()} for m in MODES}
    failed = {m: sum(v is None for v in scores[m].values()) for m in MODES}
    differ = sorted(s for s in scores["none"] if scores["none"][s] != scores["bwrap"].get(s))
    n = args.submissions
    wall_over = overhead(totals["bwrap"], totals["none"])
    own_over = overhead(own["bwrap"], own["none"])
    for m in MODES:
        print(f"--sandbox {m:>5}: {totals[m]:.1f} s for {n} submissions, {totals[m] / n:.2f} s each; "
              f"one submission's own grading time (two kernel runs), median {own[m]:.2f} s; "
              f"{failed[m]} not graded")
    print(f"bwrap overhead: {wall_over:+.1f} % in total wall time (target <= 10 %), {own_over:+.1f} % in the "
          f"median time of a submission; load average (1 min) {load_before[0]:.1f} -> {load_after[0]:.1f} "
          f"(5 min {load_before[1]:.1f} -> {load_after[1]:.1f})")
    if differ:
        print(f"WARNING: scores differ between the modes for {', '.join(differ[:10])}")
    memory_cell = "-"
    if mem:
        b, p = mem["bwrap"], mem["none"]
        print(f"kernel (median, {args.memory_sample} submissions per mode, one worker): peak RSS "
              f"{p['kernel_rss']:.0f} MiB unsandboxed, {b['kernel_rss']:.0f} MiB in bwrap; CPU "
              f"{p['kernel_cpu']:.2f} s / {b['kernel_cpu']:.2f} s ({p['kernels']} / {b['kernels']} kernels)")
        print(f"added per sandboxed kernel: supervisor {b['supervisor_rss']:.1f} MiB RSS "
              f"({b['supervisor_pss']:.1f} MiB PSS), {b['supervisor_cpu']:.2f} s CPU; two bwrap processes "
              f"{b['bwrap_rss']:.1f} MiB RSS ({b['bwrap_pss']:.1f} MiB PSS), {b['bwrap_cpu']:.2f} s CPU")
        memory_cell = (f"{p['kernel_rss']:.0f} / {b['kernel_rss']:.0f} MiB; sandbox adds {b['supervisor_pss']:.1f} "
                       f"+ {b['bwrap_pss']:.1f} MiB PSS, {b['supervisor_cpu'] + b['bwrap_cpu']:.2f} s CPU")
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | {n} ({args.rounds} × {size}, ABBA) "
        f"| {os.cpu_count()} cores, {args.jobs} workers "
        f"| {totals['none']:.0f} s ({totals['none'] / n:.2f} s each) "
        f"| {totals['bwrap']:.0f} s ({totals['bwrap'] / n:.2f} s each) "
        f"| **{wall_over:+.1f} %** | {own['none']:.2f} -> {own['bwrap']:.2f} s ({own_over:+.1f} %) "
        f"| {memory_cell} | {load_before[0]:.1f} -> {load_after[0]:.1f} |"
    )
    if args.write:
        if differ:
            print("Not recorded: the two modes gave different scores.")
            return 1
        readme = ROOT / "benchmarks" / "README.md"
        text = readme.read_text(encoding="utf-8")
        if MARKER not in text:
            raise SystemExit(f"{readme} has no {MARKER} line: add the table header first")
        readme.write_text(re.sub(r"\n{3,}", "\n\n", text.replace(MARKER, line + "\n" + MARKER, 1)),
                          encoding="utf-8")
        print(f"Recorded in {readme}")
    else:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
