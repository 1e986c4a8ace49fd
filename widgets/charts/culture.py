"""The Competing Values Framework's kite chart (widgets.core.culture)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from widgets.charts.palette import FIRST, GRID_GREY, INK, SECOND, style_range
from widgets.charts.render import alt, pd
from widgets.core.culture import CULTURE_TYPES, TYPE_GUIDE, describe_profiles

# The CVF layout: each type sits on a diagonal of the square. Flexibility is up,
# stability down; internal focus is left, external right.
KITE_DIRECTIONS = {
    "clan": (-1, 1),
    "adhocracy": (1, 1),
    "market": (1, -1),
    "hierarchy": (-1, -1),
}

SERIES_STYLE = {"Now": FIRST, "Preferred": SECOND}


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
        scale=alt.Scale(domain=domain, range=style_range(SERIES_STYLE, "color", domain)),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=2.5),
    )
    dash = alt.StrokeDash(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=style_range(SERIES_STYLE, "dash", domain)),
    )
    shape = alt.Shape(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=style_range(SERIES_STYLE, "shape", domain)),
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
    )
