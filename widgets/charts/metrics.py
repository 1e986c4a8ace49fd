"""Alignment metrics: KPI attainment and status, and quarterly trends (widgets.core.metrics)."""

from __future__ import annotations

from widgets.charts.palette import GRID_GREY, INK, SERIES_COLORS
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# --- Alignment metrics: KPI attainment and status, and a category's quarterly trend -----
# Used by workshops/intermediate/alignment-metrics.ipynb and widgets/metrics.py;
# data from widgets.core.metrics (dashboard_frame: one row per KPI; quarterly_values:
# one row per KPI and quarter).

_metrics = lazy_module("widgets.core.metrics")  # loads with the first chart


def attainment_chart(
    frame: pd.DataFrame,
    title: str = "KPI attainment",
    description: str = "",
    width: int = 420,
) -> alt.LayerChart:
    """One row per KPI: a bar to its attainment %, a status point and a text label.

    Status shows by color (Okabe-Ito), point shape and the label's words, so color is never
    the only cue. Dashed rules mark 100 % (target met) and the at-risk line.
    """
    data = frame[["kpi", "category", "attainment", "status", "label", "latest", "target",
                  "method"]]
    order = list(data["kpi"])
    statuses = [s for s in _metrics.STATUSES.values() if s.key != "no_data"]
    domain = [s.label for s in statuses]
    low = min(0.0, float(data["attainment"].min()) if len(data) else 0.0)
    high = max(150.0, float(data["attainment"].max()) + 40 if len(data) else 150.0)
    x = alt.X(
        "attainment:Q",
        title="Attainment (% of target; 100 = target met)",
        scale=alt.Scale(domain=[low, high], nice=False),
        axis=alt.Axis(values=[v for v in range(0, int(high) + 1, 50) if v >= low], grid=False),
    )
    y = alt.Y("kpi:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("kpi:N", title="KPI"),
        alt.Tooltip("latest:N", title="Actual"),
        alt.Tooltip("target:N", title="Target"),
        alt.Tooltip("attainment:Q", title="Attainment %", format=".0f"),
        alt.Tooltip("method:N", title="Method"),
        alt.Tooltip("status:N", title="Status"),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(color=GRID_GREY, height=6).encode(x=alt.X("zero:Q"), x2="attainment:Q", y=y)
    bars = bars.transform_calculate(zero="0")
    points = base.mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=domain, range=[s.color for s in statuses]),
            legend=alt.Legend(orient="bottom"),
        ),
        shape=alt.Shape(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=domain, range=[s.shape for s in statuses]),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=10, fontSize=11, color=INK, aria=False).encode(
        x=x, y=y, text="label:N"
    )
    marks = pd.DataFrame(
        [
            {"attainment": 100.0, "note": "target met", "align": "left"},
            {"attainment": _metrics.AT_RISK_FROM, "note": "at risk", "align": "right"},
        ]
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
        .encode(x=alt.X("attainment:Q"))
    )
    rule_labels = [
        alt.Chart(marks[marks["align"] == side])
        .mark_text(color=INK, fontSize=10, baseline="bottom", dy=-2, dx=3 if side == "left" else -3,
                   align=side, aria=False)
        .encode(x=alt.X("attainment:Q"), y=alt.value(0), text="note:N")
        for side in ("left", "right")
    ]
    text = description or f"{title}. Dot chart of each KPI's attainment in percent of target."
    return (
        alt.layer(bars, rules, *rule_labels, points, labels)
        .properties(
            width=width,
            height=max(60, 26 * len(order)),
            title=title,
            description=f"{title}. Dot chart of each KPI's attainment in percent of its "
            f"target, with its status. {text}",
        )
    )


KPI_SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")
KPI_SERIES_DASHES = ([1, 0], [6, 4], [2, 2], [8, 3, 2, 3], [1, 3])
KPI_SERIES_COLORS = SERIES_COLORS[:5]


def kpi_trend_chart(
    quarterly: pd.DataFrame,
    title: str = "KPIs by quarter",
    width: int = 520,
    height: int = 260,
) -> alt.LayerChart:
    """Quarterly values of a few KPIs (from `metrics.quarterly_values`), OKR start marked.

    KPIs differ by color, point shape and line style; a dashed rule labeled "OKRs start"
    marks January 2024.
    """
    data = quarterly[["quarter", "start", "kpi", "value", "target", "unit", "period"]]
    names = list(dict.fromkeys(data["kpi"]))
    count = len(names)

    def scale(values):
        return alt.Scale(domain=names, range=[values[i % len(values)] for i in range(count)])

    quarters = list(dict.fromkeys(data["quarter"]))
    x = alt.X("quarter:O", title="Quarter", sort=quarters, axis=alt.Axis(labelAngle=0))
    units = set(data["unit"])
    unit = f" ({units.pop()})" if len(units) == 1 else ""
    y = alt.Y("value:Q", title=f"Quarterly average{unit}", scale=alt.Scale(zero=True))
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=y,
        color=alt.Color("kpi:N", title=None, scale=scale(KPI_SERIES_COLORS),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        strokeDash=alt.StrokeDash("kpi:N", title=None, scale=scale(KPI_SERIES_DASHES)),
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=x,
        y=y,
        color=alt.Color("kpi:N", title=None, scale=scale(KPI_SERIES_COLORS)),
        shape=alt.Shape("kpi:N", title=None, scale=scale(KPI_SERIES_SHAPES)),
        tooltip=[
            alt.Tooltip("kpi:N", title="KPI"),
            alt.Tooltip("quarter:N", title="Quarter"),
            alt.Tooltip("value:Q", title="Average", format=".1f"),
            alt.Tooltip("target:Q", title="Target", format=".1f"),
        ],
    )
    okr_quarter = str(pd.Period(_metrics.OKR_START, freq="Q"))
    start = pd.DataFrame({"quarter": [okr_quarter], "label": [f"OKRs start ({okr_quarter})"]})
    rule = (
        alt.Chart(start)
        .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
        .encode(x=alt.X("quarter:O", sort=quarters))
    )
    rule_label = (
        alt.Chart(start)
        .mark_text(color=INK, align="left", baseline="bottom", dx=4, y=height - 4, fontSize=11,
                   aria=False)
        .encode(x=alt.X("quarter:O", sort=quarters), text="label:N")
    )
    return (
        alt.layer(lines, points, rule, rule_label)
        .properties(
            width=width,
            height=height,
            title=title,
            description=f"{title}. Line chart. " + _metrics.describe_trend(quarterly),
        )
    )
