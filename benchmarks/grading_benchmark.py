"""Autograding speed: our pipeline against plain sequential `nbgrader autograde`.

    .venv/bin/python benchmarks/grading_benchmark.py [--submissions 100] [--jobs N] [--write]

Builds two courses in a temporary folder from the same assignment (the tests' fixture
assignment ``demo``: three autograded questions, one of them with pandas, and a written
one) and the same synthetic submissions (a deterministic mix of correct, partly right and
wrong answers), then times:

- ``aligned-grade autograde demo``: parallel workers (one per available core by default),
  each submission in its own sandboxed kernel with time and memory limits;
- ``nbgrader autograde demo`` with nbgrader's default configuration: one submission after
  the other.

``--write`` records the result in benchmarks/README.md. Note the machine's load: a busy
machine slows both runs, and not always by the same factor.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402 (after the sys.path lines above)

import grading_fixtures as F  # noqa: E402 (needs tests/ on sys.path)

PLAIN_CONFIG = """\
c = get_config()  # noqa
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = {source!r}
c.CourseDirectory.release_directory = {release!r}
c.CourseDirectory.course_id = "aligned"
"""


def submissions(release_nb, count: int) -> list[tuple[str, nbformat.NotebookNode]]:
    variants = [
        F.GOOD,
        {**F.GOOD, "q2_answer": F.WRONG["q2_answer"]},
        {**F.GOOD, "q1_answer": F.WRONG["q1_answer"], "q3_answer": F.WRONG["q3_answer"]},
        F.WRONG,
    ]
    return [(f"s{i:03d}", F.filled(release_nb, variants[i % len(variants)])) for i in range(count)]


def env() -> dict:
    e = dict(os.environ)
    e["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{e.get('PATH', '')}"
    return e


def run(cmd: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--write", action="store_true", help="record the result in benchmarks/README.md")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="aligned-bench-") as tmp:
        base = Path(tmp)
        source = F.make_source(base)
        ours = base / "ours"
        plain = base / "plain"
        release = base / "release"
        cli = [sys.executable, "-m", "grading"]
        run([*cli, "release", "demo", "--course-dir", str(ours), "--source-dir", str(source),
             "--release-dir", str(release)], ROOT)
        release_nb = nbformat.read(str(release / "demo" / "demo.ipynb"), as_version=4)
        plain.mkdir()
        (plain / "nbgrader_config.py").write_text(PLAIN_CONFIG.format(
            root=str(plain), source=str(source), release=str(base / "plain-release")))
        run([sys.executable, "-m", "nbgrader", "generate_assignment", "demo", "--force"], plain)
        subs = submissions(release_nb, args.submissions)
        for student, nb in subs:
            F.write_submission(ours / "submitted", student, nb, F.ON_TIME)
            F.write_submission(plain / "submitted", student, nb, F.ON_TIME)

        load_before = os.getloadavg()
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        ours_s = run([*cli, "autograde", "demo", "--course-dir", str(ours), *jobs], ROOT)
        plain_s = run([sys.executable, "-m", "nbgrader", "autograde", "demo"], plain)
        load_after = os.getloadavg()

    from grading.autograde import available_cores

    cores = args.jobs or available_cores()
    ratio = plain_s / ours_s
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d} | {args.submissions} | {os.cpu_count()} cores, {cores} workers "
        f"| {plain_s:.0f} s | {ours_s:.0f} s | **{ratio:.2f}x** | {load_before[0]:.1f} -> {load_after[0]:.1f} |"
    )
    print(f"plain nbgrader autograde: {plain_s:.1f} s; aligned-grade autograde: {ours_s:.1f} s; "
          f"speed-up {ratio:.2f}x (load average {load_before[0]:.1f} before, {load_after[0]:.1f} after)")
    if args.write:
        readme = ROOT / "benchmarks" / "README.md"
        text = readme.read_text(encoding="utf-8")
        marker = "<!-- grading-results -->"
        if marker in text:
            text = text.replace(marker, line + "\n" + marker, 1)
        else:
            text += f"\n{line}\n{marker}\n"
        readme.write_text(re.sub(r"\n{3,}", "\n\n", text), encoding="utf-8")
        print(f"Recorded in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
