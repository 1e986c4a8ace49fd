"""The instructor's command line: ``aligned-grade`` (also ``python -m grading``).

    aligned-grade release   ASSIGNMENT [--due 2025-03-01T17:00]
    aligned-grade collect   ASSIGNMENT FOLDER [--pattern REGEX]
    aligned-grade autograde ASSIGNMENT [--student ID ...] [--force] [--jobs N]
                            [--cell-timeout S] [--timeout S] [--memory-mb MB]
    aligned-grade feedback  ASSIGNMENT [--student ID ...]
    aligned-grade export    ASSIGNMENT [--out FOLDER]
    aligned-grade report    ASSIGNMENT [--out FILE]
    aligned-grade status    ASSIGNMENT

Every command takes ``--course-dir DIR`` (default ``$ALIGNED_STATE_DIR/course``, i.e.
``~/.local/share/aligned/course``) and ``--db-url URL`` (default: SQLite in the course
folder; also ``ALIGNED_GRADEBOOK_URL``). See grading/README.md.
"""

from __future__ import annotations

import argparse
import sys

from grading.errors import GradingError, missing_dependency

PROG = "aligned-grade"

# Each command imports its grading module inside its function, on purpose (there is no import
# cycle to avoid: tests/test_grading_imports.py checks that): ``aligned-grade --help`` and
# argument errors stay instant, and ``main`` can check that nbgrader is installed, and say so
# in one line, before any module that imports nbgrader is loaded.


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course-dir", default=argparse.SUPPRESS,
                        help="the course folder (default: $ALIGNED_STATE_DIR/course or ~/.local/share/aligned/course)")
    common.add_argument("--db-url", default=argparse.SUPPRESS,
                        help="gradebook database URL, e.g. postgresql://user:pw@host/db "
                             "(default: SQLite in the course folder)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog=PROG, parents=[common],
        description="Release, collect, autograde, give feedback on, export and report on the graded exercises.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("release", parents=[common],
                       help="generate the student version (exercises/) and set the course up")
    p.add_argument("assignment")
    p.add_argument("--due", help="due date, ISO 8601 (UTC unless an offset is given), e.g. 2025-03-01T17:00")
    p.add_argument("--source-dir", help=argparse.SUPPRESS)
    p.add_argument("--release-dir", help=argparse.SUPPRESS)

    p = sub.add_parser("collect", parents=[common],
                       help="bring in submissions from <student>/<assignment>/ folders or LMS zips")
    p.add_argument("assignment")
    p.add_argument("folder")
    p.add_argument("--pattern", help="regular expression for zip names (groups student_id, assignment, timestamp)")

    p = sub.add_parser("autograde", parents=[common],
                       help="grade all submissions in parallel, each within time and memory limits")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="grade only this student (again); repeatable")
    p.add_argument("--force", action="store_true", help="regrade submissions that have not changed")
    p.add_argument("--jobs", type=int, help="submissions graded at once (default: the available cores)")
    p.add_argument("--cell-timeout", type=int, help="seconds a cell may run (default 60)")
    p.add_argument("--timeout", type=int, help="seconds a whole submission may take (default 600)")
    p.add_argument("--memory-mb", type=int, help="memory limit of a submission's kernel, MiB (default 2048)")
    p.add_argument("--sandbox", choices=["auto", "bwrap", "docker", "podman", "none"],
                   help="where each submission's kernel runs (default auto: the strongest this machine has; "
                        "none only when you trust every submission)")

    p = sub.add_parser("feedback", parents=[common],
                       help="per-student HTML feedback without hidden tests or mark schemes")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="only this student; repeatable")

    p = sub.add_parser("export", parents=[common], help="grades as CSV, per student and per question")
    p.add_argument("assignment")
    p.add_argument("--out", help="folder for the CSV files (default: <course>/exports)")

    p = sub.add_parser("report", parents=[common], help="cohort analytics as one offline HTML page")
    p.add_argument("assignment")
    p.add_argument("--out", help="the HTML file to write (default: <course>/reports/<assignment>-report.html)")

    p = sub.add_parser("status", parents=[common], help="each submission's grading status and reasons")
    p.add_argument("assignment")
    return parser


def _course(args, create: bool = False):
    from grading.config import open_course

    return open_course(
        getattr(args, "course_dir", None),
        getattr(args, "db_url", None),
        create=create,
        source_dir=getattr(args, "source_dir", None),
        release_dir=getattr(args, "release_dir", None),
    )


def _existing_course(args):
    return _course(args)


def cmd_release(args, out) -> None:
    from grading.config import parse_due
    from grading.release import release

    due = parse_due(args.due) if args.due else None
    course = _course(args, create=True)
    course.require_assignment(args.assignment)
    notebooks = release(course, args.assignment, due)
    due_text = course.settings.due.get(args.assignment)
    print(f"Released {args.assignment}: {', '.join(p.name for p in notebooks)} "
          f"in {course.release_dir / args.assignment}"
          + (f"; due {due_text}" if due_text else "") + f". Course: {course.root}", file=out)


def cmd_collect(args, out) -> None:
    from grading.collect import collect

    course = _existing_course(args)
    result = collect(course, args.assignment, args.folder, args.pattern)
    for line in result.problem_lines():
        print(f"{PROG}: not collected: {line}", file=sys.stderr)
    print(result.line(), file=out)


def cmd_autograde(args, out) -> None:
    from dataclasses import replace

    from grading.autograde import autograde
    from grading.progress import Progress

    course = _existing_course(args)
    limits = course.settings.limits
    overrides = {
        "cell_timeout": args.cell_timeout,
        "submission_timeout": args.timeout,
        "memory_mb": args.memory_mb,
        "sandbox": args.sandbox,
    }
    limits = replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    if args.jobs is not None and args.jobs < 1:
        raise GradingError("--jobs must be at least 1.")

    summary = autograde(
        course, args.assignment, students=args.student, force=args.force, jobs=args.jobs,
        limits=limits, progress=lambda total: Progress(total, f"autograde {args.assignment}"),
    )
    print(summary.sandbox_line(), file=out)
    print(summary.line(), file=out)
    if summary.attention:
        print(f"Needs attention: {', '.join(summary.attention)} (see `{PROG} status {args.assignment}`).", file=out)


def cmd_feedback(args, out) -> None:
    from grading.feedback import generate_feedback

    course = _existing_course(args)
    pages = generate_feedback(course, args.assignment, args.student)
    students = sorted({p.parent.parent.name for p in pages})
    print(f"Wrote feedback for {len(students)} student{'s' if len(students) != 1 else ''} in "
          f"{course.feedback_dir}/<student>/{args.assignment}/.", file=out)


def cmd_export(args, out) -> None:
    from grading.export import export

    course = _existing_course(args)
    students, questions = export(course, args.assignment, args.out)
    print(f"Wrote {students} and {questions}.", file=out)


def cmd_report(args, out) -> None:
    from grading.report import report

    course = _existing_course(args)
    path = report(course, args.assignment, args.out)
    print(f"Wrote the cohort report: {path}", file=out)


def cmd_status(args, out) -> None:
    from grading import status as status_store
    from grading.autograde import list_submissions

    course = _existing_course(args)
    course.require_assignment(args.assignment)
    records = status_store.load(course, args.assignment)
    students = sorted(set(records) | set(list_submissions(course, args.assignment)))
    if not students:
        print(f"No submissions of {args.assignment} yet.", file=out)
        return
    warning = status_store.unsandboxed_warning(records)
    if warning:
        print(warning, file=out)
    for student in students:
        record = records.get(student)
        if record is None:
            print(f"{student}: not graded yet", file=out)
            continue
        if record["status"] == "graded":
            score = f"{record.get('score', 0):g}/{record.get('max_score') or 0:g}"
            late = f", late penalty {record['late_penalty']:g}" if record.get("late_penalty") else ""
            print(f"{student}: graded {score}{late}", file=out)
        else:
            print(f"{student}: FAILED: {record.get('reason', '')}", file=out)
        for note in record.get("notes", []):
            print(f"    {'!' if note.get('attention') else '-'} {note['message']}", file=out)


COMMANDS = {
    "release": cmd_release,
    "collect": cmd_collect,
    "autograde": cmd_autograde,
    "feedback": cmd_feedback,
    "export": cmd_export,
    "report": cmd_report,
    "status": cmd_status,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        try:
            import nbgrader  # noqa: F401 (only checks that it is installed)
        except ImportError:
            raise missing_dependency("nbgrader", "to grade", "nbgrader>=0.9,<0.10") from None
        COMMANDS[args.command](args, sys.stdout)
    except GradingError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as error:
        print(f"{PROG}: error: Missing dependency: {error.name} is not installed (pip install -e .).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; finished submissions are recorded, run the command again to go on.",
              file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
