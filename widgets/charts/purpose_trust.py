"""The bakery's daily huddle, before and with it (widgets.core.purpose_trust)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, INK, SECOND, style_range
from widgets.charts.render import alt, pd

# The bakery's daily huddle: monthly waste share and complaints, before and with it.
# Used by workshops/fundamentals/purpose-values-trust.ipynb; data from
# widgets.core.purpose_trust.monthly_trend (12 rows, already aggregated).

HUDDLE_SERIES_STYLE = {"Before the huddle": FIRST, "With the huddle": SECOND}


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
        scale=alt.Scale(domain=domain, range=style_range(HUDDLE_SERIES_STYLE, "color", domain)),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=style_range(HUDDLE_SERIES_STYLE, "shape", domain)),
    )
    dash = alt.StrokeDash(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=style_range(HUDDLE_SERIES_STYLE, "dash", domain)),
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
    )
