"""The alignment rhythm check (widgets.core.dynamism)."""

from __future__ import annotations

from widgets.charts.palette import GRID_GREY, INK, OKABE_ITO
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# Dynamic alignment: the alignment rhythm check (widgets.core.dynamism). Seven rows, one
# per part of the organization: how often it is reviewed now against the recommended cadence.

_dynamism = lazy_module("widgets.core.dynamism")  # loads with the first chart

RHYTHM_SERIES_STYLE = {
    "Recommended": {"color": OKABE_ITO["blue"], "shape": "diamond", "size": 300},
    "Now": {"color": OKABE_ITO["vermillion"], "shape": "circle", "size": 120},
}


def rhythm_chart(
    report: _dynamism.RhythmReport,
    title: str = "Your review rhythm",
    width: int = 600,
) -> alt.LayerChart:
    """A dot chart on the frequency ladder: a diamond for the recommended cadence, a circle for now.

    A grey bar joins the two; the status of each part ("Too rarely (2 steps slower)", "In
    rhythm", ...) is written beside its row, bold when flagged, so nothing relies on color.
    """
    rows = pd.DataFrame(_dynamism.chart_rows(report))
    order = list(rows["part"])
    ladder = _dynamism.FREQUENCIES
    last = ladder[-1].step
    labels = "[" + ",".join(f"'{f.short}'" for f in ladder) + "]"
    x_scale = alt.Scale(domain=[-0.4, last + 4.4], nice=False)
    axis = alt.Axis(
        values=[f.step for f in ladder],
        labelExpr=f"{labels}[datum.value]",
        labelAngle=0,
        grid=True,
        domain=False,
        titleAlign="left",
        titleAnchor="start",
    )
    y = alt.Y("part:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", labelColor=INK,
                            labelLimit=200))
    bars = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=5, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(
            x=alt.X("low:Q", scale=x_scale,
                    title="How often it is reviewed (left: more often; right: less often)",
                    axis=axis),
            x2="high:Q",
            y=y,
        )
    )
    dots = pd.DataFrame(
        [
            {"part": r["part"], "series": series, "step": r[f"{key}_step"], "cadence": r[key]}
            for r in _dynamism.chart_rows(report)
            for series, key in (("Recommended", "recommended"), ("Now", "actual"))
        ]
    )
    domain = list(RHYTHM_SERIES_STYLE)

    def scale(key):
        return alt.Scale(domain=domain, range=[RHYTHM_SERIES_STYLE[s][key] for s in domain])

    dot_layers = [
        alt.Chart(dots[dots["series"] == series])
        .mark_point(filled=True, opacity=1, stroke="white", strokeWidth=1,
                    size=RHYTHM_SERIES_STYLE[series]["size"])
        .encode(
            x=alt.X("step:Q", scale=x_scale),
            y=y,
            color=alt.Color("series:N", title=None, scale=scale("color"),
                            legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("series:N", title=None, scale=scale("shape")),
            tooltip=[
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("series:N", title="Cadence"),
                alt.Tooltip("cadence:N", title="How often"),
            ],
        )
        for series in domain  # the smaller "Now" circle is drawn on top of the diamond
    ]
    notes = rows.assign(note_x=last + 0.6)
    note_layers = [
        alt.Chart(notes[notes["flagged"] == flagged])
        .mark_text(align="left", fontSize=12, color=INK,
                   fontWeight="bold" if flagged else "normal", aria=False)
        .encode(x=alt.X("note_x:Q", scale=x_scale), y=y, text="note:N")
        for flagged in (False, True)
    ]
    return (
        alt.layer(bars, *dot_layers, *note_layers)
        .properties(
            width=width,
            height=44 * len(order),
            title=title,
            description=f"{title}. Dot chart of how often each of seven parts of the "
            "organization is reviewed now, against the recommended cadence. "
            + _dynamism.describe_rhythm(report),
        )
    )
