"""The instructor's side of nbgrader's exchange on the hub, around `aligned-grade`.

    python aligned_exchange.py release  ASSIGNMENT [aligned-grade release options]
    python aligned_exchange.py collect  ASSIGNMENT
    python aligned_exchange.py feedback ASSIGNMENT

- `release`: `aligned-grade release` (the student version and the gradebook), then nbgrader's
  `release_assignment` puts it in the exchange, where learners fetch it (JupyterLab's Assignments
  tab, or `nbgrader fetch_assignment ASSIGNMENT`).
- `collect`: nbgrader's `collect` takes each learner's latest submission from the exchange into a
  fresh staging folder, then `aligned-grade collect` brings them into the course. Then run
  `aligned-grade autograde ASSIGNMENT` as usual (sandboxed).
- `feedback`: `aligned-grade feedback`, then nbgrader's `release_feedback` puts each page in the
  exchange, where only its learner can fetch it (`nbgrader fetch_feedback ASSIGNMENT`).

The exchange (`Exchange.root`) and the course id come from `jupyter-config/nbgrader_config.py`
(on every user's JUPYTER_CONFIG_PATH); the course folder and the gradebook from the instructor's
environment (`ALIGNED_STATE_DIR`, `ALIGNED_GRADEBOOK_URL`), as `aligned-grade` reads them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COURSE_ID = "aligned"


def _run(*command: str, cwd: Path | None = None) -> None:
    completed = subprocess.run(command, cwd=cwd, check=False)
    if completed.returncode:
        raise SystemExit(f"aligned-exchange: `{' '.join(command[:4])} ...` failed (exit status {completed.returncode})")


def _grade(*args: str) -> None:
    _run(sys.executable, "-m", "grading", *args)


def _nbgrader(*args: str, cwd: Path | None = None) -> None:
    _run(sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.course_id={COURSE_ID}", cwd=cwd)


def course_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from grading.config import default_course_dir

    return default_course_dir()


def release(assignment: str, course: Path, extra: list[str]) -> None:
    _grade("release", assignment, "--course-dir", str(course), *extra)
    # the course's nbgrader_config.py (written by aligned-grade) names the release folder
    _nbgrader("release_assignment", assignment, "--force", cwd=course)


def collect(assignment: str, course: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="aligned-collect-") as staging:
        # a staging course of its own: nbgrader's collect never touches the real gradebook
        _nbgrader("collect", assignment, f"--CourseDirectory.root={staging}",
                  f"--CourseDirectory.db_url=sqlite:///{staging}/staging.db", cwd=Path(staging))
        submitted = Path(staging) / "submitted"
        if not submitted.is_dir():
            raise SystemExit(f"aligned-exchange: nothing submitted for {assignment} yet")
        _grade("collect", assignment, str(submitted), "--course-dir", str(course))


def feedback(assignment: str, course: Path) -> None:
    _grade("feedback", assignment, "--course-dir", str(course))
    # nbgrader's release_feedback reads the submission time beside each page: the kit's feedback
    # step leaves timestamp.txt out of the page's folder, so it is copied from the submission.
    for page_dir in sorted((course / "feedback").glob(f"*/{assignment}")):
        stamp = course / "submitted" / page_dir.parent.name / assignment / "timestamp.txt"
        if stamp.is_file() and not (page_dir / "timestamp.txt").exists():
            shutil.copyfile(stamp, page_dir / "timestamp.txt")
    _nbgrader("release_feedback", assignment, cwd=course)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aligned_exchange.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["release", "collect", "feedback"])
    parser.add_argument("assignment")
    parser.add_argument("--course-dir", help="the course folder (default: aligned-grade's)")
    args, extra = parser.parse_known_args(argv)
    course = course_dir(args.course_dir)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    if args.step == "release":
        release(args.assignment, course, extra)
    elif extra:
        parser.error(f"unknown arguments: {' '.join(extra)}")
    elif args.step == "collect":
        collect(args.assignment, course)
    else:
        feedback(args.assignment, course)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
