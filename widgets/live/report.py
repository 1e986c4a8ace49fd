"""A session's follow-up pack: an HTML report with offline charts, and a CSV of anonymous answers.

Charts are inlined as SVG (rendered by vl-convert), so the report opens offline, prints, and
can be mailed. Activities that stayed below the anonymity threshold are reported as such: no
chart, no summary and no raw rows, since a handful of answers could be traced to people.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from widgets import charts
from widgets.core import live
from widgets.live import charts as live_charts
from widgets.live.store import LiveStore, state_dir

if TYPE_CHECKING:
    import altair as alt

PAGE_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.2rem 0.6rem; text-align: right; }
th[scope=row], caption { text-align: left; }
caption { font-weight: 600; }
figure { margin: 1rem 0; }
figcaption { font-size: 0.92rem; color: #444; }
.note { font-style: italic; }
"""


def svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert  # its JavaScript engine costs ~90 MiB: only when a report is exported

    return vl_convert.vegalite_to_svg(chart.to_dict())


def figure(chart: alt.TopLevelMixin, description: str) -> str:
    return (f'<figure role="group">{svg(chart)}'
            f"<figcaption>{html.escape(description)}</figcaption></figure>")


def html_table(caption: str, header: list[str], rows: list[list]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + f'<th scope="row">{html.escape(str(row[0]))}</th>'
        + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
    return f"<table class=\"aligned-table\"><caption>{html.escape(caption)}</caption><tr>{head}</tr>{body}</table>"


def culture_section(result: dict) -> str:
    kite = charts.kite_chart(result["now"], result["preferred"], "The room's culture profile")
    rows = [[t.capitalize(), f"{result['now'][t]:.1f}", f"{result['preferred'][t]:.1f}",
             f"{result['preferred'][t] - result['now'][t]:+.1f}"] for t in result["now"]]
    gaps = result["gaps_to_discuss"]
    gap_text = ("Gaps worth discussing (10 points or more): " + "; ".join(
        f"{g['type'].capitalize()} {g['change']:+.1f}" for g in gaps) + "."
        if gaps else "No type moves by 10 points or more between Now and Preferred.")
    return (
        figure(kite, result["description"])
        + html_table("Mean points per type", ["Type", "Now", "Preferred", "Change"], rows)
        + f"<p>{html.escape(gap_text)}</p>"
        + figure(live_charts.spread_chart(result["spread"]), live_charts.describe_spread(result["spread"]))
    )


def components_section(result: dict) -> str:
    chart = charts.component_gap_chart(result["means"], result["weakest_link"]["component"],
                                       "The room's five components: now and target")
    rows = [[row["label"], f"{result['means'][row['component']]['current']:.1f}",
             f"{result['means'][row['component']]['target']:.1f}", f"{row['min']}–{row['max']}"]
            for row in result["spread"]]
    return (figure(chart, result["description"])
            + html_table("Mean scores (1-5)", ["Component", "Now", "Target", "Range now"], rows))


def pulse_section(result: dict) -> str:
    rows = [[item["statement"], *[item["counts"][v] for v in sorted(item["counts"])],
             f"{item['mean']:.1f}"] for item in result["items"]]
    return (figure(live_charts.pulse_chart(result["items"]), live_charts.describe_pulse(result["items"]))
            + html_table("Answers per statement", ["Statement", "1", "2", "3", "4", "5", "Mean"], rows))


SECTIONS = {"culture": culture_section, "components": components_section, "pulse": pulse_section}


def session_report(store: LiveStore, code: str, trainer_key: str) -> str:
    """The whole report as one self-contained HTML page (trainer only)."""
    session = store.session(code)
    if not store.is_trainer(code, trainer_key):
        raise live.LiveInputError(["Only the trainer who created this session can export it."])
    counts = store.counts(code)
    parts = [
        f"<h1>{html.escape(session.title)}</h1>",
        f"<p>Session {live.format_code(session.code)}, created "
        f"{session.created_at:%d %B %Y %H:%M} UTC. {store.participants(code)} people took part. "
        f"Results are shown only for activities with at least {session.min_group_size} answers.</p>",
    ]
    for activity in session.activities:
        result = store.aggregate(code, trainer_key, activity)
        parts.append(f"<h2>{html.escape(live.ACTIVITIES[activity])} ({counts[activity]} answers)</h2>")
        if result["shown"]:
            parts.append(SECTIONS[activity](result))
        else:
            parts.append(f'<p class="note">{html.escape(result["status"])}</p>')
    generated = datetime.now(UTC).strftime("%d %B %Y %H:%M UTC")
    parts.append(f'<p class="note">Made by the Aligned workshop kit on {generated}. '
                 "Answers are anonymous; no participant keys or times are included.</p>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(session.title)}: session report</title>"
        f"<style>{PAGE_STYLE}</style></head><body>" + "".join(parts) + "</body></html>"
    )


def exportable_csv(store: LiveStore, code: str, trainer_key: str) -> str:
    """Anonymous answers, leaving out activities below the threshold (see the module note)."""
    session = store.session(code)
    counts = store.counts(code)
    shown = [a for a in session.activities if counts[a] >= session.min_group_size]
    return store.responses_csv(code, trainer_key, shown)


def export_session(store: LiveStore, code: str, trainer_key: str, folder: Path | None = None) -> dict[str, Path]:
    """Write report.html and responses.csv; return their paths."""
    html_text = session_report(store, code, trainer_key)
    csv_text = exportable_csv(store, code, trainer_key)
    session = store.session(code)
    folder = Path(folder) if folder else state_dir() / "exports" / live.format_code(session.code)
    folder.mkdir(parents=True, exist_ok=True)
    report_path, csv_path = folder / "report.html", folder / "responses.csv"
    report_path.write_text(html_text, encoding="utf-8")
    csv_path.write_text(csv_text, encoding="utf-8")
    return {"report": report_path, "responses": csv_path}
