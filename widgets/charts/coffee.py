"""The two coffee shops: linked views of one metric over 24 months (widgets.core.coffee)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, INK, SECOND, style_range
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# --- The two coffee shops: linked views of one metric over 24 months (widgets.core.coffee) ---

_coffee = lazy_module("widgets.core.coffee")  # loads with the first chart

COFFEE_SHOP_STYLE = {"Harbour Beans": FIRST, "Corner Grind": SECOND}


def coffee_linked_chart(
    data: pd.DataFrame,
    metric: str,
    other: str,
    brush_name: str = "months",
    title: str | None = None,
    description: str = "",
    width: int = 600,
) -> alt.VConcatChart:
    """Three linked views of the two shops (data from `coffee.chart_frame`, 48 rows).

    Top: the metric by month, one line per shop (color, line style and point shape differ),
    the road works marked. Dragging across it makes an interval brush on the time axis,
    exposed by a JupyterChart as `selections.<brush_name>`. Bottom left: the metric against
    the second metric, one point per shop-month; months outside the brush fade. Bottom
    right: each shop's mean over the brushed months (all months while nothing is brushed),
    with the value written on the bar.
    """
    info, other_info = _coffee.METRICS[metric], _coffee.METRICS[other]
    if title is None:
        title = f"{info.label}: Harbour Beans and Corner Grind, 2024-2025"
    shops = list(COFFEE_SHOP_STYLE)
    color = alt.Color(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=style_range(COFFEE_SHOP_STYLE, "color", shops)),
        legend=alt.Legend(orient="top"),
    )
    shape = alt.Shape(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=style_range(COFFEE_SHOP_STYLE, "shape", shops)),
    )
    dash = alt.StrokeDash(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=style_range(COFFEE_SHOP_STYLE, "dash", shops)),
    )
    value_format = f",.{info.decimals}f"
    tooltip = [
        alt.Tooltip("month:N", title="Month"),
        alt.Tooltip("shop_name:N", title="Shop"),
        alt.Tooltip("value:Q", title=info.axis_title, format=value_format),
        alt.Tooltip("other:Q", title=other_info.axis_title, format=f",.{other_info.decimals}f"),
    ]
    brush = alt.selection_interval(name=brush_name, encodings=["x"])
    zero = metric in ("revenue", "employee_turnover_rate")
    y = alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=zero))
    x = alt.X("date:T", title="Month (drag across the chart to select months)",
              axis=alt.Axis(format="%b %y", tickCount=12, labelAngle=0, grid=False))
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=color, strokeDash=dash,
                                                 detail="shop_name:N")
    points = base.mark_point(filled=True, size=45).encode(
        x=x, y=y, color=color, shape=shape, tooltip=tooltip
    ).add_params(brush)
    shock = pd.DataFrame(
        {"date": [pd.Timestamp(_coffee.ROADWORKS_MONTH)], "label": ["Road works"]}
    )
    rule = alt.Chart(shock).mark_rule(color=INK, strokeDash=[2, 2], aria=False).encode(x="date:T")
    rule_label = (
        alt.Chart(shock)
        .mark_text(align="left", baseline="top", dx=4, y=4, fontSize=11, color=INK, aria=False)
        .encode(x="date:T", text="label:N")
    )
    timeline = alt.layer(lines, points, rule, rule_label).properties(
        width=width, height=230, title=f"{info.label} by month"
    )
    scatter = (
        base.mark_point(filled=True, size=60)
        .encode(
            x=alt.X("other:Q", title=other_info.axis_title, scale=alt.Scale(zero=False)),
            y=alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=zero)),
            color=color,
            shape=shape,
            opacity=alt.condition(brush, alt.value(0.95), alt.value(0.15)),
            tooltip=tooltip,
        )
        .properties(width=int(width * 0.48), height=220,
                    title=f"{info.label} against {other_info.label.lower()}")
    )
    bar_y = alt.Y("shop_name:N", title=None, sort=shops,
                  axis=alt.Axis(labelFontWeight="bold", labelColor=INK))
    means = base.transform_filter(brush).transform_aggregate(
        mean="mean(value)", months="distinct(date)", groupby=["shop_name"]
    )
    bars = means.mark_bar(height=28).encode(
        x=alt.X("mean:Q", title=info.axis_title, scale=alt.Scale(zero=True)),
        y=bar_y,
        color=color,
        tooltip=[
            alt.Tooltip("shop_name:N", title="Shop"),
            alt.Tooltip("mean:Q", title="Mean", format=value_format),
            alt.Tooltip("months:Q", title="Months"),
        ],
    )
    bar_text = means.mark_text(align="left", dx=4, fontSize=12, color=INK, aria=False).encode(
        x="mean:Q", y=bar_y, text=alt.Text("mean:Q", format=value_format)
    )
    averages = alt.layer(bars, bar_text).properties(
        width=int(width * 0.36), height=110,
        title="Mean over the selected months (all if none selected)",
    )
    text = f"{title}. Three linked charts: a line chart by month, a scatter plot and a bar chart."
    if description:
        text += " " + description
    return (
        alt.vconcat(timeline, alt.hconcat(scatter, averages, spacing=40))
        .properties(title=title, description=text)
        .configure_legend(symbolStrokeWidth=2)
    )
