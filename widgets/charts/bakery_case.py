"""The bakery case: a year of daily operations as a timeline (widgets.core.bakery_case)."""

from __future__ import annotations

from widgets.charts.palette import INK, OKABE_ITO
from widgets.charts.render import alt, pd
from widgets.core import bakery_case as _bakery

# --- The bakery case: a year of daily operations as a timeline (widgets.core.bakery_case) ---

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
    )
