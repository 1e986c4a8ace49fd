"""`report`: a cohort analytics page for the instructor, one self-contained HTML file.

It shows the score distribution, each question's difficulty (mean share of its points),
the most common failing test of each question (read from the autograded notebooks, so it
may quote hidden tests: the page is for instructors only), and the submissions that need a
human: could not be graded, hit a limit, were refused file access, edited a test, or have
written answers waiting for a grade.

Charts are Altair, rendered to inline SVG by vl-convert: the page loads nothing from the
network (no CDN, no fonts, no scripts).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from markupsafe import Markup

from grading import status as status_store
from grading.config import Course
from grading.errors import GradingError, missing_dependency
from grading.gradebook import SubmissionGrades, assignment_grades, question_of
from grading.tracebacks import failing_line
from widgets import templating
from widgets.charts.export import to_svg

SKIPPED_ENAME = "GradingLimitError"


# ----------------------------------------------------------------------------------------
# Pure analytics
# ----------------------------------------------------------------------------------------

def failing_test(cell) -> str | None:
    """What made a test cell fail, in a form that groups equal failures; None if it passed."""
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            ename = output.get("ename", "Error")
            evalue = str(output.get("evalue", "")).strip()
            if ename == SKIPPED_ENAME:
                return "not run: " + evalue.split(":", 1)[-1].strip().rstrip(".")
            line = failing_line(output.get("traceback", []))
            if ename == "AssertionError" and line:
                return f"{line}" + (f"  [{evalue}]" if evalue else "")
            text = f"{ename}: {evalue}" if evalue else ename
            return f"{text}  (at {line})" if line and not evalue else text
        if kind == "stream" and output.get("name") == "stderr":
            return "wrote to stderr (counts as a failure)"
    return None


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution")


def common_failures(notebooks: dict[str, list]) -> dict[str, tuple[str, int, int]]:
    """{student: [notebook, ...]} -> {question: (most common failure, count, failures)}."""
    per_question: dict[str, Counter] = defaultdict(Counter)
    for nbs in notebooks.values():
        for nb in nbs:
            for cell in nb.cells:
                if not _is_test(cell):
                    continue
                failure = failing_test(cell)
                if failure:
                    per_question[question_of(cell.metadata["nbgrader"]["grade_id"])][failure] += 1
    result = {}
    for question, counter in per_question.items():
        (text, count), = counter.most_common(1)
        result[question] = (text, count, sum(counter.values()))
    return result


@dataclass
class QuestionStats:
    question: str
    kind: str
    max_points: float
    mean_share: float | None  # mean of score / max over graded answers
    graded: int
    awaiting: int  # answers still waiting for a manual grade


def question_stats(rows: list[SubmissionGrades]) -> list[QuestionStats]:
    order: list[str] = []
    shares: dict[str, list[float]] = defaultdict(list)
    awaiting: Counter = Counter()
    kinds: dict[str, str] = {}
    maxima: dict[str, float] = defaultdict(float)
    seen_max: set[tuple[str, str]] = set()
    for row in rows:
        per_q: dict[str, list] = defaultdict(list)
        for q in row.questions:
            if q.question not in kinds:
                order.append(q.question)
                kinds[q.question] = q.kind
            elif kinds[q.question] != q.kind:
                kinds[q.question] = "mixed"
            if (q.question, q.cell) not in seen_max:
                seen_max.add((q.question, q.cell))
                maxima[q.question] += q.max_score
            per_q[q.question].append(q)
        for question, grades in per_q.items():
            if any(g.needs_manual_grade and g.kind != "autograded" for g in grades):
                awaiting[question] += 1
                continue
            total_max = sum(g.max_score for g in grades)
            if total_max:
                shares[question].append(sum(g.score or 0 for g in grades) / total_max)
    return [
        QuestionStats(
            question=q,
            kind=kinds[q],
            max_points=maxima[q],
            mean_share=(sum(shares[q]) / len(shares[q])) if shares[q] else None,
            graded=len(shares[q]),
            awaiting=awaiting[q],
        )
        for q in order
    ]


def attention_rows(records: dict[str, dict]) -> list[tuple[str, str, list[str]]]:
    """(student, status, reasons) for every submission a human should look at."""
    out = []
    for student in sorted(records):
        reasons = status_store.attention_reasons(records[student])
        if reasons:
            out.append((student, records[student].get("status", "not graded"), reasons))
    return out


def awaiting_manual(rows: list[SubmissionGrades], records: dict[str, dict]) -> list[str]:
    """Graded submissions with written answers still to grade by hand."""
    return sorted(
        r.student for r in rows
        if records.get(r.student, {}).get("status") == "graded"
        and any(q.needs_manual_grade and q.kind != "autograded" for q in r.questions)
    )


# ----------------------------------------------------------------------------------------
# Charts (Altair -> inline SVG, offline)
# ----------------------------------------------------------------------------------------

def svg(chart) -> str:
    try:
        import vl_convert  # noqa: F401  (only to name the missing package)
    except ImportError:
        raise missing_dependency("vl-convert-python", "to draw the report's charts offline") from None
    # inline SVG in HTML needs no namespace URLs; dropping them keeps the page URL-free
    return to_svg(chart, inline=True)


def score_chart(percents: list[float]):
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame({"percent": percents})
    return (
        alt.Chart(frame, title="Score distribution")
        .mark_bar(color="#3b6ea5")
        .encode(
            x=alt.X("percent:Q", bin=alt.Bin(extent=[0, 100], step=10), title="Final score (% of points)"),
            y=alt.Y("count():Q", title="Submissions"),
        )
        .properties(width=460, height=220)
    )


def difficulty_chart(stats: list[QuestionStats]):
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([
        {"question": s.question, "share": round(100 * s.mean_share, 1), "graded": s.graded}
        for s in stats if s.mean_share is not None
    ] or [{"question": "-", "share": 0.0, "graded": 0}])
    return (
        alt.Chart(frame, title="Question difficulty: mean share of the points earned")
        .mark_bar(color="#c0792b")
        .encode(
            y=alt.Y("question:N", sort=None, title=None),
            x=alt.X("share:Q", scale=alt.Scale(domain=[0, 100]), title="Mean % of the question's points"),
            tooltip=["question", "share", "graded"],
        )
        .properties(width=460, height=max(60, 24 * len(frame)))
    )


# ----------------------------------------------------------------------------------------
# The page
# ----------------------------------------------------------------------------------------

def render(assignment: str, max_score: float, rows: list[SubmissionGrades], records: dict[str, dict],
           failures: dict[str, tuple[str, int, int]]) -> str:
    graded_rows = [r for r in rows if r.student in records]
    percents = [
        0.0 if records[r.student].get("status") == "failed" else (100 * r.final_score / max_score if max_score else 0.0)
        for r in graded_rows
    ]
    stats = question_stats([r for r in graded_rows if records[r.student].get("status") == "graded"])
    attention = attention_rows(records)
    waiting = awaiting_manual(graded_rows, records)
    failed = sum(1 for r in records.values() if r.get("status") == "failed")
    mean = sum(percents) / len(percents) if percents else 0.0
    median = sorted(percents)[len(percents) // 2] if percents else 0.0
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    order = [s.question for s in stats]
    return templating.render(
        "cohort_report.html.j2",
        assignment=assignment, now=now,
        cards=[(len(records), "submissions"), (f"{mean:.0f}%", "mean score"), (f"{median:.0f}%", "median score"),
               (failed, "could not be graded"), (len(attention), "need attention"),
               (len(waiting), "with written answers to grade")],
        # vl-convert's SVG of the kit's own charts, namespaces dropped: safe markup, passed as is.
        score_svg=Markup(svg(score_chart(percents))) if percents else None,
        difficulty_svg=Markup(svg(difficulty_chart(stats))),
        stats=[{"question": s.question, "kind": s.kind, "points": f"{s.max_points:g}",
                "share": "-" if s.mean_share is None else f"{100 * s.mean_share:.0f}%",
                "graded": s.graded, "awaiting": s.awaiting} for s in stats],
        failures=[{"question": question, "text": failures[question][0], "count": failures[question][1],
                   "share": f"{100 * failures[question][1] / failures[question][2]:.0f}% of {failures[question][2]}"}
                  for question in sorted(failures, key=lambda q: order.index(q) if q in order else 99)],
        attention=attention, waiting=waiting, unsandboxed=status_store.unsandboxed_warning(records),
    )


def load_autograded(course: Course, assignment: str, students: list[str]) -> dict[str, list]:
    found: dict[str, list] = {}
    for student in students:
        folder = course.autograded_dir / student / assignment
        nbs = []
        for path in sorted(folder.glob("*.ipynb")):
            try:
                nbs.append(nbformat.read(str(path), as_version=4))
            except Exception:  # noqa: BLE001, S112 -- a damaged file is left out of the analytics
                continue
        found[student] = nbs
    return found


def report(course: Course, assignment: str, out: str | Path | None = None) -> Path:
    course.require_assignment(assignment)
    records = status_store.load(course, assignment)
    if not records:
        raise GradingError(f"Nothing to report: no graded submission of {assignment!r} yet; "
                           f"run `aligned-grade autograde {assignment}` first.")
    max_score, rows = assignment_grades(course, assignment)
    graded = [s for s, r in records.items() if r.get("status") == "graded"]
    failures = common_failures(load_autograded(course, assignment, graded))
    page = render(assignment, max_score, rows, records, failures)
    path = Path(out).expanduser().resolve() if out else course.reports_dir / f"{assignment}-report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
