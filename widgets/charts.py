"""Altair chart builders shared by every view, rendered offline.

Every chart carries a plain-text description (Vega-Lite's `description`, which becomes the
SVG's ARIA label) and uses the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Series differ by line style and point shape as well as
colour, so no chart relies on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from widgets.core.culture import CULTURE_TYPES, TYPE_GUIDE, describe_profiles

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

GRID_GREY = "#b0b0b0"
INK = "#333333"

# SVG keeps every mark in the DOM, so a browser test can count them and a screen reader
# can reach the ARIA labels; the action menu would offer downloads that fetch nothing
# useful offline.
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

_offline_enabled = False


def enable_offline() -> None:
    """Render Altair charts with no network access, in JupyterLab and in Voila.

    Both calls are needed, in this order: the renderer option alone still loads the
    Vega bundle from a CDN for JupyterChart, and `set_embed_options` would reset the
    `offline` flag, so embed options are passed here instead.
    """
    global _offline_enabled
    if _offline_enabled:
        return
    alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    alt.JupyterChart.enable_offline()
    _offline_enabled = True


def as_widget(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """A chart as an ipywidget that renders offline and can be updated in place."""
    enable_offline()
    return alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)


# The CVF layout: each type sits on a diagonal of the square. Flexibility is up,
# stability down; internal focus is left, external right.
KITE_DIRECTIONS = {
    "clan": (-1, 1),
    "adhocracy": (1, 1),
    "market": (1, -1),
    "hierarchy": (-1, -1),
}

SERIES_STYLE = {
    "Now": {"color": OKABE_ITO["blue"], "dash": [1, 0], "shape": "circle"},
    "Preferred": {"color": OKABE_ITO["vermillion"], "dash": [6, 4], "shape": "square"},
}


def kite_scale(*profiles: Mapping[str, float]) -> int:
    """The outer ring, in points: at least 50, else the next multiple of 10 above the data."""
    largest = max((p[t] for p in profiles for t in CULTURE_TYPES), default=0)
    return int(max(50, math.ceil(largest / 10) * 10))


def kite_points(series: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """One row per vertex of each profile's kite, closed by repeating the first vertex."""
    rows = []
    for name, points in series.items():
        for order, culture_type in enumerate((*CULTURE_TYPES, CULTURE_TYPES[0])):
            dx, dy = KITE_DIRECTIONS[culture_type]
            value = float(points[culture_type])
            rows.append(
                {
                    "series": name,
                    "order": order,
                    "culture_type": TYPE_GUIDE[culture_type].label,
                    "points": round(value, 1),
                    "x": dx * value,
                    "y": dy * value,
                }
            )
    return pd.DataFrame(rows)


def _grid(scale: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    corners = [(-1, 1), (1, 1), (1, -1), (-1, -1), (-1, 1)]
    rings = pd.DataFrame(
        [
            {"ring": r, "order": i, "x": cx * r, "y": cy * r}
            for r in range(10, scale + 1, 10)
            for i, (cx, cy) in enumerate(corners)
        ]
    )
    spokes = pd.DataFrame(
        [
            {"spoke": t, "order": end, "x": dx * scale * end, "y": dy * scale * end}
            for t, (dx, dy) in KITE_DIRECTIONS.items()
            for end in (0, 1)
        ]
    )
    ring_labels = pd.DataFrame(
        [{"x": r, "y": 0, "label": str(r)} for r in range(10, scale + 1, 10)]
    )
    return rings, spokes, ring_labels


def kite_chart(
    now: Mapping[str, float],
    preferred: Mapping[str, float] | None = None,
    title: str = "Culture profile",
    size: int = 420,
) -> alt.LayerChart:
    """The Competing Values Framework's four-quadrant kite chart: Now solid, Preferred dashed."""
    series = {"Now": now} if preferred is None else {"Now": now, "Preferred": preferred}
    scale = kite_scale(*series.values())
    extent = scale * 1.45
    x = alt.X("x:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    rings, spokes, ring_labels = _grid(scale)

    def guide_lines(data: pd.DataFrame, group: str, color: str, width: float) -> alt.Chart:
        return (
            alt.Chart(data)
            .mark_line(color=color, strokeWidth=width, aria=False)
            .encode(x=x, y=y, detail=f"{group}:N", order="order:O")
        )

    axes = pd.DataFrame(
        [
            {"axis": "h", "order": 0, "x": -scale, "y": 0},
            {"axis": "h", "order": 1, "x": scale, "y": 0},
            {"axis": "v", "order": 0, "x": 0, "y": -scale},
            {"axis": "v", "order": 1, "x": 0, "y": scale},
        ]
    )
    ring_layer = guide_lines(rings, "ring", GRID_GREY, 0.8)
    spoke_layer = guide_lines(spokes, "spoke", GRID_GREY, 0.8)
    axis_layer = guide_lines(axes, "axis", INK, 1.2)
    ring_label_layer = (
        alt.Chart(ring_labels)
        .mark_text(color=INK, fontSize=9, dy=9, aria=False)
        .encode(x=x, y=y, text="label:N")
    )
    pad = scale * 1.12
    axis_titles = pd.DataFrame(
        [
            {"x": 0, "y": pad, "label": "Flexibility and discretion", "angle": 0},
            {"x": 0, "y": -pad, "label": "Stability and control", "angle": 0},
            {"x": -pad, "y": 0, "label": "Internal focus and integration", "angle": 270},
            {"x": pad, "y": 0, "label": "External focus and differentiation", "angle": 90},
        ]
    )
    axis_title_layer = (
        alt.Chart(axis_titles)
        .mark_text(color=INK, fontSize=11, fontStyle="italic", aria=False)
        .encode(x=x, y=y, text="label:N", angle=alt.Angle("angle:Q", scale=None))
    )
    corner = scale * 1.02
    quadrant_labels = pd.DataFrame(
        [
            {
                "x": dx * corner,
                "y": dy * corner,
                "label": f"{TYPE_GUIDE[t].label} ({TYPE_GUIDE[t].verb})",
                "align": "right" if dx < 0 else "left",
            }
            for t, (dx, dy) in KITE_DIRECTIONS.items()
        ]
    )
    quadrant_layers = [
        alt.Chart(quadrant_labels[quadrant_labels["align"] == side])
        .mark_text(color=INK, fontSize=12, fontWeight="bold", align=side, aria=False)
        .encode(x=x, y=y, text="label:N")
        for side in ("left", "right")
    ]

    domain = list(series)
    color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["color"] for s in domain]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=2.5),
    )
    dash = alt.StrokeDash(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["dash"] for s in domain]),
    )
    shape = alt.Shape(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["shape"] for s in domain]),
    )
    profile_data = kite_points(series)
    tooltip = [
        alt.Tooltip("series:N", title="Profile"),
        alt.Tooltip("culture_type:N", title="Type"),
        alt.Tooltip("points:Q", title="Points", format=".1f"),
    ]
    lines = (
        alt.Chart(profile_data)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y, color=color, strokeDash=dash, detail="series:N", order="order:O")
    )
    points = (
        alt.Chart(profile_data[profile_data["order"] < len(CULTURE_TYPES)])
        .mark_point(filled=True, size=70)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=tooltip)
    )
    return (
        alt.layer(
            ring_layer,
            spoke_layer,
            axis_layer,
            ring_label_layer,
            axis_title_layer,
            *quadrant_layers,
            lines,
            points,
        )
        .properties(
            width=size,
            height=size,
            title=title,
            description=f"{title}. Kite chart of the Competing Values Framework. "
            + describe_profiles(now, preferred),
        )
        .configure_view(stroke=None)
    )


# --- Five components: current-versus-target dumbbell chart (widgets.core.components) ---

from widgets.core import components as _components  # noqa: E402  (appended block)

GAP_SERIES_STYLE = {
    "Now": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "Target": {"color": OKABE_ITO["vermillion"], "shape": "diamond"},
}


def component_gap_points(ratings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dumbbell's data: one row per component (the bar) and two per component (the dots)."""
    rows = _components.gaps(ratings)
    bars = pd.DataFrame(
        [
            {
                "component": r["label"],
                "low": min(r["current"], r["target"]),
                "high": max(r["current"], r["target"]),
                "now": r["current"],
                "target": r["target"],
                "gap": r["gap"],
            }
            for r in rows
        ]
    )
    dots = pd.DataFrame(
        [
            {"component": r["label"], "series": series, "score": r[key]}
            for r in rows
            for series, key in (("Now", "current"), ("Target", "target"))
        ]
    )
    return bars, dots


def component_gap_chart(
    ratings,
    weakest: str | None = None,
    title: str = "Your five components: now and target",
    width: int = 440,
) -> alt.LayerChart:
    """A dumbbell chart: a dot for now, a diamond for the target, a bar for the gap.

    The weakest link (a component key; computed from the ratings if not given) is named in
    a text label beside its row, so it is not marked by colour alone.
    """
    if weakest is None:
        weakest = _components.weakest_link(ratings)["component"]
    bars, dots = component_gap_points(ratings)
    order = [_components.LABELS[c] for c in _components.COMPONENTS]
    x = alt.X(
        "low:Q",
        title=f"Score: {_components.SCALE_MIN} = {_components.SCALE[_components.SCALE_MIN].lower()}, "
        f"{_components.SCALE_MAX} = {_components.SCALE[_components.SCALE_MAX].lower()}",
        scale=alt.Scale(domain=[_components.SCALE_MIN - 0.3, _components.SCALE_MAX + 2.2]),
        axis=alt.Axis(
            values=list(range(_components.SCALE_MIN, _components.SCALE_MAX + 1)),
            format="d",
            domain=False,
            titleAlign="left",
            titleAnchor="start",
        ),
    )
    y = alt.Y(
        "component:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=13, labelFontWeight="bold", labelColor=INK),
    )
    bar_layer = (
        alt.Chart(bars)
        .mark_rule(strokeWidth=5, color=GRID_GREY, strokeCap="round")
        .encode(x=x, x2="high:Q", y=y)
    )
    domain = list(GAP_SERIES_STYLE)
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, size=170, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("score:Q"),
            y=y,
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=[GAP_SERIES_STYLE[s]["color"] for s in domain]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=[GAP_SERIES_STYLE[s]["shape"] for s in domain]
                ),
            ),
            tooltip=[
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("series:N", title="Rating"),
                alt.Tooltip("score:Q", title="Score", format=".1~f"),
            ],
        )
    )
    notes = bars.assign(
        note=[
            (
                f"gap {_components.format_gap(g)}"
                if g > 0
                else "on target"
                if g == 0
                else "target below now"
            )
            + (" · weakest link" if label == _components.LABELS[weakest] else "")
            for label, g in zip(bars["component"], bars["gap"])
        ],
        weakest=[label == _components.LABELS[weakest] for label in bars["component"]],
    )
    note_layers = [
        alt.Chart(notes[notes["weakest"] == is_weakest])
        .mark_text(
            align="left",
            dx=14,
            fontSize=12,
            color=INK,
            fontWeight="bold" if is_weakest else "normal",
            aria=False,
        )
        .encode(x=alt.X("high:Q"), y=y, text="note:N")
        for is_weakest in (False, True)
    ]
    return (
        alt.layer(bar_layer, dot_layer, *note_layers)
        .properties(
            width=width,
            height=52 * len(order),
            title=title,
            description=f"{title}. Dumbbell chart of the current and target scores of the "
            "five components of alignment. " + _components.describe_gaps(ratings, weakest),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# The bakery's daily huddle: monthly waste share and complaints, before and with it.
# Used by workshops/fundamentals/purpose-values-trust.ipynb; data from
# widgets.core.purpose_trust.monthly_trend (12 rows, already aggregated).

HUDDLE_SERIES_STYLE = {
    "Before the huddle": {"color": OKABE_ITO["blue"], "shape": "circle", "dash": [1, 0]},
    "With the huddle": {"color": OKABE_ITO["vermillion"], "shape": "square", "dash": [6, 4]},
}


def huddle_trend_chart(
    monthly: pd.DataFrame,
    title: str = "The bakery before and with the daily huddle",
    width: int = 340,
    height: int = 220,
) -> alt.HConcatChart:
    """Two small line charts by month (waste share, complaints a day), the huddle's start marked.

    Before and with the huddle differ by color, point shape and line style, and a dashed
    rule labelled "Huddle starts" marks the first huddle day.
    """
    from widgets.core.purpose_trust import HUDDLE_START, describe_huddle_trend

    data = monthly[["month", "month_name", "period", "waste_share_pct", "complaints_per_day"]]
    domain = [period for period in HUDDLE_SERIES_STYLE if period in set(data["period"])]
    color = alt.Color(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["color"] for p in domain]),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["shape"] for p in domain]),
    )
    dash = alt.StrokeDash(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["dash"] for p in domain]),
    )
    x = alt.X(
        "month:T",
        title=None,
        axis=alt.Axis(format="%b", tickCount="month", labelAngle=0, labelOverlap=False),
    )
    start = pd.DataFrame({"month": [pd.Timestamp(HUDDLE_START)], "label": ["Huddle starts"]})

    def panel(field: str, name: str, axis_title: str, number_format: str) -> alt.LayerChart:
        y = alt.Y(f"{field}:Q", title=axis_title, scale=alt.Scale(zero=True))
        tooltip = [
            alt.Tooltip("month_name:N", title="Month"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip(f"{field}:Q", title=axis_title, format=number_format),
        ]
        base = alt.Chart(data)
        lines = base.mark_line(strokeWidth=2.5).encode(
            x=x, y=y, color=color, strokeDash=dash, detail="period:N"
        )
        points = base.mark_point(filled=True, size=60).encode(
            x=x, y=y, color=color, shape=shape, tooltip=tooltip
        )
        rule = (
            alt.Chart(start)
            .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
            .encode(x="month:T")
        )
        label = (
            alt.Chart(start)
            .mark_text(color=INK, align="left", baseline="top", dx=4, y=2, fontSize=11,
                       aria=False)
            .encode(x="month:T", text="label:N")
        )
        return alt.layer(lines, points, rule, label).properties(
            width=width, height=height, title=name
        )

    return (
        alt.hconcat(
            panel("waste_share_pct", "Waste", "% of items baked", ".1f"),
            panel("complaints_per_day", "Complaints", "complaints a day", ".2f"),
        )
        .properties(title=title, description=f"{title}. " + describe_huddle_trend(monthly))
        .configure_view(stroke=None)
    )


# --- The bakery case: a year of daily operations as a timeline (widgets.core.bakery_case) ---

from widgets.core import bakery_case as _bakery  # noqa: E402  (appended block)

BAKERY_ROLE_COLORS = {
    "baker": OKABE_ITO["orange"],
    "decorator": OKABE_ITO["reddish_purple"],
    "salesperson": OKABE_ITO["sky_blue"],
}


def _bakery_bands(marks, episodes) -> tuple[pd.DataFrame, pd.DataFrame]:
    day = pd.Timedelta(days=1)
    mark_rows = pd.DataFrame(
        [
            {
                "start": pd.Timestamp(m.start),
                "end_next": pd.Timestamp(m.end) + day,
                "label": f"Mark {i}: {m.role}",
                "role": m.role,
                "dates": f"{m.start.isoformat()} to {m.end.isoformat()}",
            }
            for i, m in enumerate(marks, start=1)
        ],
        columns=["start", "end_next", "label", "role", "dates"],
    )
    episode_rows = pd.DataFrame(
        [
            {
                "start": pd.Timestamp(e.start),
                "end_next": pd.Timestamp(e.end) + day,
                "label": f"{e.title} ({e.role})",
                "dates": f"{e.start.isoformat()} to {e.end.isoformat()}",
            }
            for e in episodes
        ],
        columns=["start", "end_next", "label", "dates"],
    )
    return mark_rows, episode_rows


def bakery_timeline_chart(
    series: pd.DataFrame,
    metric: str,
    granularity: str = "week",
    product: str = _bakery.ALL_PRODUCTS,
    marks=(),
    episodes=(),
    show_huddle: bool = True,
    brush_name: str | None = "brush",
    title: str | None = None,
    width: int = 640,
    height: int = 260,
) -> alt.LayerChart:
    """One metric of the bakery through 2025 (from `bakery_case.aggregate`), as a line.

    Optional layers: the learner's marked periods (shaded bands in the role's color, each
    labeled "Mark N: role" so color is never the only cue), the true episodes (dashed
    outlines, labeled below), and a dashed rule where the daily huddle starts. With
    `brush_name`, dragging across the chart makes an interval selection on the time axis
    that a JupyterChart exposes as `selections.<brush_name>`.
    """
    info = _bakery.METRICS[metric]
    unit = {"week": "week starting", "day": "day", "month": "month"}[granularity]
    if title is None:
        title = f"{info.label} by {granularity}, {_bakery.scope_label(product)}"
    data = series.assign(start=pd.to_datetime(series["start"]))
    x = alt.X(
        "start:T",
        title=f"2025 ({unit})",
        scale=alt.Scale(
            domain=[
                pd.Timestamp(_bakery.FIRST_DAY).isoformat(),
                (pd.Timestamp(_bakery.LAST_DAY) + pd.Timedelta(days=1)).isoformat(),
            ]
        ),
        axis=alt.Axis(format="%b", tickCount=12, grid=False),
    )
    y = alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title=info.axis_title, format=",.1f"),
        alt.Tooltip("wasted:Q", title="Items wasted (total)", format=","),
        alt.Tooltip("complaints:Q", title="Complaints (total)", format=","),
        alt.Tooltip("large_orders:Q", title="Large orders due", format=","),
        alt.Tooltip("late:Q", title="Large orders late", format=","),
    ]
    layers = []
    mark_rows, episode_rows = _bakery_bands(marks, episodes)
    top = alt.value(0)
    if not mark_rows.empty:
        roles = list(BAKERY_ROLE_COLORS)
        role_color = alt.Color(
            "role:N",
            title="Marked by you",
            scale=alt.Scale(domain=roles, range=[BAKERY_ROLE_COLORS[r] for r in roles]),
            legend=alt.Legend(orient="bottom"),
        )
        layers.append(
            alt.Chart(mark_rows)
            .mark_rect(opacity=0.28)
            .encode(
                x="start:T",
                x2="end_next:T",
                color=role_color,
                tooltip=[alt.Tooltip("label:N", title="Your mark"), alt.Tooltip("dates:N", title="Dates")],
            )
        )
        layers.append(
            alt.Chart(mark_rows)
            .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color=INK, aria=False)
            .encode(x="start:T", y=top, text="label:N")
        )
    if not episode_rows.empty:
        layers.append(
            alt.Chart(episode_rows)
            .mark_rect(fillOpacity=0, stroke=OKABE_ITO["black"], strokeWidth=1.5, strokeDash=[5, 3])
            .encode(
                x="start:T",
                x2="end_next:T",
                tooltip=[alt.Tooltip("label:N", title="Episode"), alt.Tooltip("dates:N", title="Dates")],
            )
        )
        layers.append(
            alt.Chart(episode_rows)
            .mark_text(align="left", baseline="bottom", dx=3, dy=-3, fontSize=11, fontStyle="italic",
                       color=INK, aria=False)
            .encode(x="start:T", y=alt.value(height), text="label:N")
        )
    if show_huddle:
        huddle = pd.DataFrame(
            [{"start": pd.Timestamp(_bakery.HUDDLE_START), "label": "Daily huddle starts"}]
        )
        layers.append(
            alt.Chart(huddle)
            .mark_rule(color=INK, strokeDash=[2, 2], strokeWidth=1.2, aria=False)
            .encode(x="start:T")
        )
        layers.append(
            alt.Chart(huddle)
            .mark_text(align="left", baseline="top", dx=4, dy=18, fontSize=11, color=INK, aria=False)
            .encode(x="start:T", y=top, text="label:N")
        )
    line = (
        alt.Chart(data)
        .mark_line(color=OKABE_ITO["blue"], strokeWidth=2, point=alt.OverlayMarkDef(
            filled=True, size=28 if granularity == "day" else 40, color=OKABE_ITO["blue"]))
        .encode(x=x, y=y, tooltip=tooltip)
    )
    if brush_name:
        line = line.add_params(alt.selection_interval(name=brush_name, encodings=["x"]))
    layers.append(line)  # on top of the bands, so points stay visible and hoverable
    description = f"{title}. Line chart. " + _bakery.describe_series(series, metric, granularity, product)
    if len(mark_rows):
        description += " Your marks: " + "; ".join(
            f"{row.label}, {row.dates}" for row in mark_rows.itertuples()
        ) + "."
    if len(episode_rows):
        description += " Episodes in the data: " + "; ".join(
            f"{row.label}, {row.dates}" for row in episode_rows.itertuples()
        ) + "."
    return (
        alt.layer(*layers)
        .properties(width=width, height=height, title=title, description=description)
        .configure_view(stroke=None)
    )
