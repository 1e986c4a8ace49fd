"""The five components: a current-versus-target dumbbell chart (widgets.core.components)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, GRID_GREY, INK, SECOND_DIAMOND, style_range
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# --- Five components: current-versus-target dumbbell chart (widgets.core.components) ---

_components = lazy_module("widgets.core.components")  # loads with the first chart

GAP_SERIES_STYLE = {"Now": FIRST, "Target": SECOND_DIAMOND}


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
                    domain=domain, range=style_range(GAP_SERIES_STYLE, "color", domain)
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=style_range(GAP_SERIES_STYLE, "shape", domain)
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
    )
