"""Several groups' culture kites on one map (widgets.core.team_culture)."""

from __future__ import annotations

from collections.abc import Mapping

from widgets.charts.culture import kite_chart, kite_points
from widgets.charts.palette import SERIES_COLORS
from widgets.charts.render import alt, pd
from widgets.core.culture import CULTURE_TYPES

# Team culture: several groups' kites on one Competing Values map (widgets.core.team_culture).
# A group keeps one colour AND one point shape; the phase is told apart by line style and fill
# (Now: solid line, filled points; Preferred: dashed line, hollow points).

TEAM_KITE_COLORS = SERIES_COLORS
TEAM_KITE_SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down")
TEAM_KITE_DASHES = {"Now": [1, 0], "Preferred": [6, 4]}


def team_kite_chart(
    profiles: Mapping[str, Mapping[str, Mapping[str, float]]],
    title: str = "Team culture profiles",
    description: str | None = None,
    size: int = 440,
) -> alt.LayerChart:
    """Overlay the kites of several groups: ``{group: {"Now": profile, "Preferred": profile}}``
    (either phase or both per group; at most six groups).

    The map (rings, axes, quadrant names) is `kite_chart`'s own: its guide layers are reused,
    drawn at the scale that fits the largest value, so the two charts always look alike.
    `description` (the text alternative, e.g. `team_culture.describe_overlay`) follows the
    chart's name in the Vega-Lite description.
    """
    groups = list(profiles)
    if not groups or len(groups) > len(TEAM_KITE_COLORS):
        raise ValueError(f"Draw between 1 and {len(TEAM_KITE_COLORS)} groups.")
    series = [(g, phase, points) for g in groups for phase, points in profiles[g].items()]
    if not series or any(phase not in TEAM_KITE_DASHES for _, phase, _ in series):
        raise ValueError("Each group needs a Now and/or a Preferred profile.")
    # kite_chart's last two layers are its own lines and points; the others are the map.
    largest = max((points for _, _, points in series), key=lambda p: max(p.values()))
    background = list(kite_chart(largest).layer[:-2])
    x, y = background[0].encoding.x, background[0].encoding.y
    data = pd.concat(
        [kite_points({f"{g} ({phase})": points}).assign(group=g, phase=phase)
         for g, phase, points in series],
        ignore_index=True,
    )
    phases = [p for p in TEAM_KITE_DASHES if p in set(data["phase"])]
    color = alt.Color("group:N", title="Group", sort=groups, scale=alt.Scale(
        domain=groups, range=list(TEAM_KITE_COLORS[: len(groups)])),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=260, symbolStrokeWidth=2.5))
    shape = alt.Shape("group:N", title="Group", sort=groups, scale=alt.Scale(
        domain=groups, range=list(TEAM_KITE_SHAPES[: len(groups)])))
    dash = alt.StrokeDash("phase:N", title="Phase", sort=phases, scale=alt.Scale(
        domain=phases, range=[TEAM_KITE_DASHES[p] for p in phases]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=2.5))
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("phase:N", title="Phase"),
        alt.Tooltip("culture_type:N", title="Type"),
        alt.Tooltip("points:Q", title="Points", format=".1f"),
    ]
    lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color, strokeDash=dash, detail="series:N", order="order:O")
    vertices = data[data["order"] < len(CULTURE_TYPES)]
    point_layers = [
        alt.Chart(vertices[vertices["phase"] == phase])
        .mark_point(filled=phase == "Now", size=80 if phase == "Now" else 90, strokeWidth=2,
                    opacity=1)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=tooltip)
        for phase in phases
    ]
    text = f"{title}. Kite chart of the Competing Values Framework, one kite per group and phase."
    return (
        alt.layer(*background, lines, *point_layers)
        .properties(width=size, height=size, title=title,
                    description=text + (f" {description}" if description else ""))
    )
