"""Digital dynamic alignment: ratings against peers, and the case firms (widgets.core.digital)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, GRID_GREY, INK, OKABE_ITO, SECOND_DIAMOND, style_range
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# Digital dynamic alignment (widgets.core.digital): a learner's six ratings against the
# peers' median and range, and the twelve case firms' profiles against an outcome. Both
# take data that is already aggregated (6 and 12 rows).

_digital = lazy_module("widgets.core.digital")  # loads with the first chart

DIGITAL_SERIES_STYLE = {"You": FIRST, "Peer median": SECOND_DIAMOND}

PATTERN_STYLE = {
    "technology ahead": {"color": OKABE_ITO["vermillion"], "shape": "square"},
    "in between": {"color": OKABE_ITO["bluish_green"], "shape": "triangle-up"},
    "balanced": {"color": OKABE_ITO["blue"], "shape": "circle"},
}


def digital_profile_points(report) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chart's data: one row per dimension (peer range and a note), two per dimension
    (your rating and the peer median)."""
    peers = report["peers"]
    move_rank = {m["dimension"]: n for n, m in enumerate(report["moves"], start=1)}
    rows = pd.DataFrame(
        [
            {
                "dimension": g["label"],
                "low": peers["low"][g["dimension"]],
                "high": peers["high"][g["dimension"]],
                "note": f"gap {_digital.format_gap(g['gap'])}"
                + (f" · move {move_rank[g['dimension']]}" if g["dimension"] in move_rank else ""),
                "move": g["dimension"] in move_rank,
            }
            for g in report["gaps"]
        ]
    )
    marks = pd.DataFrame(
        [
            {"dimension": g["label"], "series": series, "rating": value}
            for g in report["gaps"]
            for series, value in (("You", g["you"]), ("Peer median", g["peer_median"]))
        ]
    )
    return rows, marks


def digital_profile_chart(
    report,
    title: str = "Your digital alignment against the peers",
    width: int = 420,
) -> alt.LayerChart:
    """One row per dimension: a grey bar for the peers' range, a diamond for their median,
    a circle for you, and the gap (with "move 1"/"move 2") written beside the row.

    You and the peers differ by color and shape; the moves are named in text, in bold.
    """
    rows, marks = digital_profile_points(report)
    order = [_digital.LABELS[d] for d in _digital.DIMENSIONS]
    note_at = _digital.SCALE_MAX + 0.2
    x_scale = alt.Scale(domain=[_digital.SCALE_MIN - 0.2, _digital.SCALE_MAX + 1.9], nice=False)
    y = alt.Y("dimension:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=13, labelFontWeight="bold", labelColor=INK))
    range_layer = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=7, color=GRID_GREY, strokeCap="round", opacity=0.7)
        .encode(
            x=alt.X("low:Q", scale=x_scale),
            x2="high:Q",
            y=y,
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("low:Q", title="Lowest peer"),
                alt.Tooltip("high:Q", title="Highest peer"),
            ],
        )
    )
    domain = list(DIGITAL_SERIES_STYLE)
    mark_layer = (
        alt.Chart(marks)
        .mark_point(filled=True, size=170, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "rating:Q",
                scale=x_scale,
                title=f"Rating: {_digital.SCALE_MIN} = {_digital.SCALE[_digital.SCALE_MIN].lower()}, "
                f"{_digital.SCALE_MAX} = {_digital.SCALE[_digital.SCALE_MAX].lower()} "
                "(grey bar: the peers' range)",
                axis=alt.Axis(values=list(range(_digital.SCALE_MIN, _digital.SCALE_MAX + 1)),
                              format="d", titleAnchor="start", titleAlign="left"),
            ),
            y=y,
            color=alt.Color(
                "series:N", title=None,
                scale=alt.Scale(domain=domain, range=style_range(DIGITAL_SERIES_STYLE, "color", domain)),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N", title=None,
                scale=alt.Scale(domain=domain, range=style_range(DIGITAL_SERIES_STYLE, "shape", domain)),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("series:N", title="Who"),
                alt.Tooltip("rating:Q", title="Rating", format=".2~f"),
            ],
        )
    )
    notes = rows.assign(at=note_at)
    note_layers = [
        alt.Chart(notes[notes["move"] == is_move])
        .mark_text(align="left", fontSize=12, color=INK, aria=False,
                   fontWeight="bold" if is_move else "normal")
        .encode(x=alt.X("at:Q", scale=x_scale), y=y, text="note:N")
        for is_move in (False, True)
    ]
    return (
        alt.layer(range_layer, mark_layer, *note_layers)
        .properties(
            width=width,
            height=44 * len(order),
            title=title,
            description=f"{title}. Dot chart, one row per dimension: a circle for you, a "
            "diamond for the peer median, a grey bar for the peers' range. "
            + _digital.describe_comparison(report),
        )
    )


def digital_outcomes_chart(
    profiles: pd.DataFrame,
    x: str = "weakest_score",
    y: str = "revenue_growth_pct",
    title: str = "Twelve firms: the weakest dimension and revenue growth",
    width: int = 420,
    height: int = 300,
) -> alt.LayerChart:
    """A scatter of the case firms (from `digital.firm_profiles`), one point per firm.

    Patterns differ by color and shape and each point carries its firm's id; a dashed rule
    marks zero when the outcome can be negative.
    """
    data = profiles.reset_index()[["smb_id", "firm", "sector", "pattern", x, y]].copy()
    data["pattern"] = data["pattern"].astype(str)
    domain = [p for p in PATTERN_STYLE if p in set(data["pattern"])]
    x_title = _digital.MEASURES.get(x, x)
    y_title = _digital.OUTCOME_LABELS.get(y, y)
    x_enc = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(zero=False, padding=12))
    y_enc = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False, padding=12))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=x_enc,
            y=y_enc,
            color=alt.Color(
                "pattern:N", title="Profile",
                scale=alt.Scale(domain=domain, range=style_range(PATTERN_STYLE, "color", domain)),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "pattern:N", title="Profile",
                scale=alt.Scale(domain=domain, range=style_range(PATTERN_STYLE, "shape", domain)),
            ),
            tooltip=[
                alt.Tooltip("firm:N", title="Firm"),
                alt.Tooltip("sector:N", title="Sector"),
                alt.Tooltip("pattern:N", title="Profile"),
                alt.Tooltip(f"{x}:Q", title=x_title),
                alt.Tooltip(f"{y}:Q", title=y_title),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, dy=-6, fontSize=10, color=INK, aria=False)
        .encode(x=x_enc, y=y_enc, text="smb_id:N")
    )
    layers = [points, labels]
    if float(data[y].min()) < 0 < float(data[y].max()):
        layers.insert(0, alt.Chart(pd.DataFrame({"zero": [0.0]}))
                      .mark_rule(color=INK, strokeDash=[4, 3], aria=False).encode(y="zero:Q"))
    return (
        alt.layer(*layers)
        .properties(
            width=width,
            height=height,
            title=title,
            description=f"{title}. Scatter chart, one point per firm, shaped by profile "
            f"({_digital.PATTERN_RULE}) "
            + _digital.describe_outcomes(profiles, x, y),
        )
    )
