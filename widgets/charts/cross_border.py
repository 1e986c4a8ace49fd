"""The cross-border comparator: two countries on Hofstede's dimensions (widgets.core.cross_border)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, GRID_GREY, INK, SECOND
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# Cross-border comparator (widgets.core.cross_border): two countries on Hofstede's six
# dimensions as a paired dot chart. Six rows, two dots each: already aggregated.

_cross_border = lazy_module("widgets.core.cross_border")  # loads with the first chart

CROSS_BORDER_STYLE = (FIRST, SECOND)


def cross_border_points(comparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chart's data: one row per dimension (the gap line and its label), and one row per
    dimension and country (the dots)."""
    gaps = pd.DataFrame(
        [
            {
                "dimension": g.label,
                "low": min(g.first_score, g.second_score),
                "high": max(g.first_score, g.second_score),
                "note": f"gap {_cross_border.format_score(g.absolute)} · {g.band}",
            }
            for g in comparison.gaps
        ],
        columns=["dimension", "low", "high", "note"],
    )
    dots = pd.DataFrame(
        [
            {"dimension": g.label, "country": country, "score": score}
            for g in comparison.gaps
            for country, score in (
                (comparison.first, g.first_score),
                (comparison.second, g.second_score),
            )
        ],
        columns=["dimension", "country", "score"],
    )
    return gaps, dots


def cross_border_chart(comparison, title: str | None = None, width: int = 420) -> alt.LayerChart:
    """Paired dot chart: one row per dimension, a circle for the first country, a square for
    the second, a grey line for the gap and its size in words beside it.

    The countries differ by colour and shape, and the legend names them.
    """
    if title is None:
        title = f"{comparison.first} and {comparison.second} on Hofstede's six dimensions"
    gaps, dots = cross_border_points(comparison)
    order = [_cross_border.DIMENSIONS[k].label for k in _cross_border.DIMENSION_KEYS]
    top = max([100.0, *dots["score"].tolist()])
    x_scale = alt.Scale(domain=[0, top + 28], nice=False)
    axis = alt.Axis(values=list(range(0, int(top) + 1, 20)), format="d", grid=True)
    y = alt.Y(
        "dimension:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=12, labelColor=INK, labelLimit=200),
    )
    gap_layer = (
        alt.Chart(gaps)
        .mark_rule(strokeWidth=4, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(x=alt.X("low:Q", scale=x_scale), x2="high:Q", y=y)
    )
    domain = [comparison.first, comparison.second]
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("score:Q", scale=x_scale, axis=axis,
                    title="Index points (national averages; scale about 0 to 100)"),
            y=y,
            color=alt.Color(
                "country:N",
                title=None,
                scale=alt.Scale(domain=domain, range=[s["color"] for s in CROSS_BORDER_STYLE]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "country:N",
                title=None,
                scale=alt.Scale(domain=domain, range=[s["shape"] for s in CROSS_BORDER_STYLE]),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("score:Q", title="Score"),
            ],
        )
    )
    note_layer = (
        alt.Chart(gaps)
        .mark_text(align="left", dx=12, fontSize=11, color=INK, aria=False)
        .encode(x=alt.X("high:Q", scale=x_scale), y=y, text="note:N")
    )
    return (
        alt.layer(gap_layer, dot_layer, note_layer)
        .properties(
            width=width,
            height=40 * max(1, len(gaps)),
            title=title,
            description=f"{title}. Paired dot chart, one row per dimension: a circle for "
            f"{comparison.first}, a square for {comparison.second}, and the gap between them. "
            + _cross_border.describe_comparison(comparison),
        )
    )
