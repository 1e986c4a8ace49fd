"""A session's follow-up pack: an HTML report with offline charts, and a CSV of anonymous answers.

Charts are inlined as SVG (rendered by vl-convert), so the report opens offline, prints, and
can be mailed. Activities that stayed below the anonymity threshold are reported as such: no
chart, no summary and no raw rows, since a handful of answers could be traced to people.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from widgets import charts, templating
from widgets.charts import sessions as session_charts
from widgets.core import sessions
from widgets.live.store import LiveStore, state_dir

if TYPE_CHECKING:
    import altair as alt

def svg(chart: alt.TopLevelMixin) -> str:
    return charts.to_svg(chart)  # vl-convert (~90 MiB) loads only when a report is exported


# A section of the report is a list of blocks that session_report.html.j2 lays out: a figure,
# a table or a paragraph. Only the SVG is passed as markup; every text is escaped by the template.

def figure(chart: alt.TopLevelMixin, description: str) -> dict:
    # vl-convert's SVG is markup the kit drew itself from its own chart: safe, passed as is.
    return {"kind": "figure", "svg": Markup(svg(chart)), "description": description}


def table_block(caption: str, header: list[str], rows: list[list]) -> dict:
    return {"kind": "table", "caption": caption, "head": header, "rows": rows}


def paragraph(text: str) -> dict:
    return {"kind": "paragraph", "text": text}


def text_list(heading: str, items: list[str]) -> dict:
    return {"kind": "list", "heading": heading, "items": items}


def html_table(caption: str, header: list[str], rows: list[list]) -> str:
    """The kit's table (templates/table.html.j2) for a widget: first column as row headings."""
    return templating.table(caption, header, rows)


def culture_section(result: dict) -> list[dict]:
    kite = charts.kite_chart(result["now"], result["preferred"], "The room's culture profile")
    rows = [[t.capitalize(), f"{result['now'][t]:.1f}", f"{result['preferred'][t]:.1f}",
             f"{result['preferred'][t] - result['now'][t]:+.1f}"] for t in result["now"]]
    gaps, spread = result["gaps_to_discuss"], result["spread"]
    gap_text = ("Gaps worth discussing (10 points or more): " + "; ".join(
        f"{g['type'].capitalize()} {g['change']:+.1f}" for g in gaps) + "."
        if gaps else "No type moves by 10 points or more between Now and Preferred.")
    return [
        figure(kite, result["description"]),
        table_block("Mean points per type", ["Type", "Now", "Preferred", "Change"], rows),
        paragraph(gap_text),
        figure(session_charts.spread_chart(spread), session_charts.describe_spread(spread))
        if session_charts.has_quartiles(spread) else paragraph(session_charts.describe_spread(spread)),
    ]


def components_section(result: dict) -> list[dict]:
    chart = charts.component_gap_chart(result["means"], result["weakest_link"]["component"],
                                       "The room's five components: now and target")
    # The middle half of the room, from twice the threshold; never a minimum or maximum, which
    # would be one person's answer.
    quartiles = all("q1" in row for row in result["spread"])
    rows = [[row["label"], f"{result['means'][row['component']]['current']:.1f}",
             f"{result['means'][row['component']]['target']:.1f}",
             *([f"{row['q1']:.1f}–{row['q3']:.1f}"] if quartiles else [])]
            for row in result["spread"]]
    header = ["Component", "Now", "Target", *(["Middle half now"] if quartiles else [])]
    return [figure(chart, result["description"]), table_block("Mean scores (1-5)", header, rows)]


def pulse_section(result: dict) -> list[dict]:
    rows = [[item["statement"], *[item["counts"][v] for v in sorted(item["counts"])],
             f"{item['mean']:.1f}"] for item in result["items"]]
    return [figure(session_charts.pulse_chart(result["items"]), session_charts.describe_pulse(result["items"])),
            table_block("Answers per statement", ["Statement", "1", "2", "3", "4", "5", "Mean"], rows)]


def check_side_section(result: dict) -> list[dict]:
    """One side of the knowledge check: its share per objective (the comparison is `gain_section`)."""
    rows = [[f"{n}. {row['text']}", row["share_text"]] for n, row in enumerate(result["objectives"], start=1)]
    return [table_block(f"Share of right answers per objective, {result['side']} the session",
                        ["Objective", "Right answers"], rows)]


def gain_rows(gain: dict) -> list[list]:
    return [[f"{n}. {row['text']}", row["before_text"], row["after_text"], row["change_text"]]
            for n, row in enumerate(gain["rows"], start=1)]


GAIN_HEADER = ["Objective", "Before", "After", "Change"]


def gain_section(gain: dict) -> list[dict]:
    """Before against after per objective: a chart of the sides shown, a table, a description."""
    return [figure(session_charts.gain_chart(gain), gain["description"]),
            table_block("Share of right answers per objective, before and after", GAIN_HEADER, gain_rows(gain))]


def reaction_section(result: dict) -> list[dict]:
    """The ratings and the recommendation as numbers; each free-text list on its own, shuffled,
    without any rating beside it (and only from the threshold of texts: core.evaluation)."""
    ratings = [[row["question"], *[row["counts"][v] for v in sorted(row["counts"])], f"{row['mean']:.1f}"]
               for row in result["ratings"]]
    recommend = result["recommend"]
    groups = recommend["groups"]
    blocks = [
        table_block("Ratings: answers per point of the scale (1 lowest, 5 highest)",
                    ["Question", "1", "2", "3", "4", "5", "Mean"], ratings),
        figure(session_charts.recommend_chart(recommend), session_charts.describe_recommend(recommend)),
        table_block("Would you recommend it? (0-10)", ["Group", "People"],
                    [["Promoters (9-10)", groups["promoters"]], ["Passives (7-8)", groups["passives"]],
                     ["Detractors (0-6)", groups["detractors"]],
                     ["Net promoter score", f"{recommend['score']:+d}"], ["Mean", f"{recommend['mean']:.1f}"]]),
    ]
    for listed in result["texts"]:
        if listed["shown"]:
            blocks.append(text_list(f"{listed['label']} ({listed['count']} comments, in random order)",
                                    listed["texts"]))
        else:
            blocks.append(paragraph(f"{listed['label']}: {listed['count']} comment{'' if listed['count'] == 1 else 's'}"
                                    f"; comments are shown only when at least the threshold of people wrote one."))
    return blocks


SECTIONS = {"culture": culture_section, "components": components_section, "pulse": pulse_section,
            "check_before": check_side_section, "check_after": check_side_section, "reaction": reaction_section}


def session_report(store: LiveStore, code: str, trainer_key: str) -> str:
    """The whole report as one self-contained HTML page (trainer only)."""
    session = store.session(code)
    if not store.is_trainer(code, trainer_key):
        raise sessions.LiveInputError(["Only the trainer who created this session can export it."])
    counts = store.counts(code)
    activities = []
    for activity in session.activities:
        result = store.aggregate(code, trainer_key, activity)
        blocks = SECTIONS[activity](result) if result["shown"] else None
        if blocks and result.get("waiting"):  # what the room saw; the latest few stay out of it
            blocks.insert(0, paragraph(result["update_status"]))
        activities.append({
            "name": sessions.ACTIVITIES[activity], "count": counts[activity], "status": result.get("status"),
            "blocks": blocks,
        })
    gain = store.check_gain(code, trainer_key) if session.lesson else None
    if gain is not None:
        activities.append({
            "name": f"Knowledge check ({session.lesson}): before against after", "count": None,
            "status": gain["description"], "blocks": gain_section(gain) if gain["any_shown"] else None,
        })
    return templating.render(
        "session_report.html.j2",
        title=session.title, code=sessions.format_code(session.code),
        created=f"{session.created_at:%d %B %Y %H:%M}", participants=store.participants(code),
        min_group_size=session.min_group_size, activities=activities,
        generated=datetime.now(UTC).strftime("%d %B %Y %H:%M UTC"),
    )


def exportable_csv(store: LiveStore, code: str, trainer_key: str) -> str:
    """Anonymous answers, leaving out activities below the threshold (see the module note)."""
    session = store.session(code)
    counts = store.counts(code)
    shown = [a for a in session.activities if counts[a] >= session.min_group_size]
    return store.responses_csv(code, trainer_key, shown)


def export_session(store: LiveStore, code: str, trainer_key: str, folder: Path | None = None) -> dict[str, Path]:
    """Write report.html and responses.csv (and comments.csv, the reaction form's free texts
    apart from everything else: `LiveStore.comments_csv`); return their paths."""
    html_text = session_report(store, code, trainer_key)
    csv_text = exportable_csv(store, code, trainer_key)
    session = store.session(code)
    folder = Path(folder) if folder else state_dir() / "exports" / sessions.format_code(session.code)
    folder.mkdir(parents=True, exist_ok=True)
    report_path, csv_path = folder / "report.html", folder / "responses.csv"
    report_path.write_text(html_text, encoding="utf-8")
    csv_path.write_text(csv_text, encoding="utf-8")
    paths = {"report": report_path, "responses": csv_path}
    if "reaction" in session.activities:
        paths["comments"] = folder / "comments.csv"
        paths["comments"].write_text(store.comments_csv(code, trainer_key), encoding="utf-8")
    return paths
