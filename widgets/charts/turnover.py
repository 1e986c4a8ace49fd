"""Turnover by month, for the turnover calculator (widgets.core.turnover)."""

from __future__ import annotations

from widgets.charts.palette import INK, OKABE_ITO
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# --- Turnover by month (widgets.core.turnover), for the turnover calculator --------------

_turnover = lazy_module("widgets.core.turnover")  # loads with the first chart

# Voluntary and involuntary differ by color and by outline: involuntary bars have a dashed
# dark border, so the two stay apart without color.
TURNOVER_SERIES_STYLE = {
    "Voluntary": {"color": OKABE_ITO["vermillion"], "stroke": "#ffffff", "dash": [1, 0]},
    "Involuntary": {"color": OKABE_ITO["sky_blue"], "stroke": INK, "dash": [3, 2]},
}


def turnover_points(months: pd.DataFrame) -> pd.DataFrame:
    """Long format for the chart: one row per month and kind of separation (<= 48 rows)."""
    columns = {
        "Voluntary": ("voluntary_pct", "voluntary_separations"),
        "Involuntary": ("involuntary_pct", "involuntary_separations"),
    }
    return pd.DataFrame(
        [
            {
                "month": row["date"],
                "month_name": _turnover.month_label(row["date"]),
                "series": series,
                "order": order,
                "pct": round(float(row[pct]), 2),
                "people": int(row[count]),
                "total_pct": round(float(row["turnover_pct"]), 2),
                "headcount": round(float(row["average_headcount"]), 1),
            }
            for _, row in months.iterrows()
            for order, (series, (pct, count)) in enumerate(columns.items())
        ]
    )


def turnover_chart(
    months: pd.DataFrame,
    scope: str,
    events=(),
    title: str | None = None,
    width: int = 560,
    height: int = 230,
) -> alt.LayerChart:
    """Monthly turnover (%) of a team from `turnover.monthly_table`, as stacked bars.

    Each bar is one month's turnover, split into voluntary (bottom) and involuntary (top,
    dashed outline). `events` (pairs of month and label, e.g. the warehouse rota change)
    are dashed rules with a text label.
    """
    if title is None:
        title = f"Monthly turnover: {scope}"
    data = turnover_points(months)
    domain = list(TURNOVER_SERIES_STYLE)

    def scale(key: str) -> alt.Scale:
        return alt.Scale(domain=domain, range=[TURNOVER_SERIES_STYLE[s][key] for s in domain])

    x = alt.X(
        "yearmonth(month):T",
        title=None,
        axis=alt.Axis(format="%b %y", labelAngle=0, labelOverlap=True, grid=False),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(strokeWidth=1.2)
        .encode(
            x=x,
            y=alt.Y("pct:Q", title="% of average headcount", stack="zero",
                    scale=alt.Scale(domainMin=0, nice=True)),
            color=alt.Color("series:N", title="Separations", scale=scale("color"),
                            legend=alt.Legend(orient="bottom")),
            stroke=alt.Stroke("series:N", scale=scale("stroke"), legend=None),
            strokeDash=alt.StrokeDash("series:N", scale=scale("dash"), legend=None),
            order=alt.Order("order:Q"),
            # a month with nobody leaving draws no outline at zero height
            strokeOpacity=alt.condition("datum.pct > 0", alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip("month_name:N", title="Month"),
                alt.Tooltip("series:N", title="Separations"),
                alt.Tooltip("people:Q", title="People"),
                alt.Tooltip("pct:Q", title="Turnover % (this kind)", format=".1f"),
                alt.Tooltip("total_pct:Q", title="Turnover % (all)", format=".1f"),
                alt.Tooltip("headcount:Q", title="Average headcount"),
            ],
        )
    )
    layers = [bars]
    if len(events):
        marks = pd.DataFrame([{"month": when, "label": what} for when, what in events])
        layers.append(
            alt.Chart(marks)
            .mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.2, aria=False)
            .encode(x=alt.X("yearmonth(month):T", bandPosition=0))
        )
        layers.append(
            alt.Chart(marks)
            .mark_text(color=INK, align="left", baseline="top", dx=4, y=2, fontSize=11, aria=False)
            .encode(x=alt.X("yearmonth(month):T", bandPosition=0), text="label:N")
        )
    description = f"{title}. Stacked bar chart. " + _turnover.describe_months(months, scope)
    return (
        alt.layer(*layers)
        .properties(width=width, height=height, title=title, description=description)
    )
