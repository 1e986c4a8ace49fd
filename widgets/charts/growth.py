"""Frameworks and growth: fixes that fail, and points per growth phase (widgets.core.growth)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, GRID_GREY, INK, OKABE_ITO, SECOND
from widgets.charts.render import alt, pd
from widgets.core import growth as _growth

# Frameworks and growth (widgets.core.growth): the "fixes that fail" simulation, and the
# growth-phase diagnostic's points per phase. Both take data that is already aggregated
# (54 rows and 5 rows).

POLICY_STYLE = {_growth.QUICK_FIX: SECOND, _growth.FUNDAMENTAL_FIX: FIRST}


def fixes_that_fail_chart(
    frame: pd.DataFrame,
    model: _growth.TeamModel = _growth.TeamModel(),  # noqa: B008 (a frozen dataclass)
    title: str = "Overtime as a fix that fails",
    width: int = 330,
    height: int = 220,
) -> alt.HConcatChart:
    """Two panels by week: jobs waiting, and overtime; one line per policy.

    The policies differ by color, line style and point shape, and a dashed rule labelled
    with the target marks the normal backlog.
    """
    domain = [p for p in POLICY_STYLE if p in set(frame["policy"])]

    def scale(key):
        return alt.Scale(domain=domain, range=[POLICY_STYLE[p][key] for p in domain])

    color = alt.Color("policy:N", title=None, scale=scale("color"),
                      legend=alt.Legend(orient="bottom", labelLimit=320))
    dash = alt.StrokeDash("policy:N", title=None, scale=scale("dash"))
    shape = alt.Shape("policy:N", title=None, scale=scale("shape"))
    x = alt.X("week:Q", title="Week", axis=alt.Axis(tickMinStep=1, format="d"))

    def panel(field: str, name: str, axis_title: str, target: float | None) -> alt.LayerChart:
        y = alt.Y(f"{field}:Q", title=axis_title, scale=alt.Scale(zero=True))
        base = alt.Chart(frame)
        layers = [
            base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, strokeDash=dash,
                                                   detail="policy:N"),
            base.mark_point(filled=True, size=40).encode(
                x=x, y=y, color=color, shape=shape,
                tooltip=[
                    alt.Tooltip("policy:N", title="Policy"),
                    alt.Tooltip("week:Q", title="Week"),
                    alt.Tooltip(f"{field}:Q", title=axis_title, format=".1f"),
                ],
            ),
        ]
        if target is not None:
            line = pd.DataFrame({"y": [target], "label": [f"Target: {target:g} jobs"]})
            layers.append(
                alt.Chart(line).mark_rule(color=INK, strokeDash=[4, 3], aria=False).encode(y="y:Q")
            )
            layers.append(
                alt.Chart(line)
                .mark_text(color=INK, align="right", baseline="bottom", dy=-3, x=width - 2,
                           fontSize=11, aria=False)
                .encode(y="y:Q", text="label:N")
            )
        return alt.layer(*layers).properties(width=width, height=height, title=name)

    return (
        alt.hconcat(
            panel("backlog", "Jobs waiting", "jobs in the backlog", model.target_backlog),
            panel("overtime_pct", "Overtime", "% of normal hours", None),
        )
        .properties(
            title=title,
            description=f"{title}. Two line charts by week, one line per policy. "
            + _growth.describe_simulation(frame, model),
        )
    )


def growth_scores_chart(
    diagnosis: _growth.Diagnosis,
    title: str = "Points per phase",
    width: int = 380,
) -> alt.LayerChart:
    """Horizontal bars: the diagnostic's points for each Greiner phase.

    The placed phase is labelled "your phase" beside its bar (and drawn in blue, the others
    in grey), so the placement never relies on color alone.
    """
    rows = pd.DataFrame(
        [
            {
                "phase": f"{p}. {_growth.PHASES[p].name}",
                "points": diagnosis.scores[p],
                "placed": p == diagnosis.phase,
                "label": f"{diagnosis.scores[p]}"
                + (" · your phase" if p == diagnosis.phase else ""),
            }
            for p in _growth.PHASE_NUMBERS
        ]
    )
    order = list(rows["phase"])
    y = alt.Y("phase:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=13, labelColor=INK, labelLimit=200))
    x = alt.X("points:Q", title=f"Points (out of {_growth.MAX_POINTS} possible)",
              scale=alt.Scale(domain=[0, _growth.MAX_POINTS + 5]),
              axis=alt.Axis(tickMinStep=1, format="d"))
    bars = (
        alt.Chart(rows)
        .mark_bar(height=22)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "placed:N",
                scale=alt.Scale(domain=[True, False], range=[OKABE_ITO["blue"], GRID_GREY]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("phase:N", title="Phase"), alt.Tooltip("points:Q", title="Points")],
        )
    )
    labels = (
        alt.Chart(rows)
        .mark_text(align="left", dx=6, fontSize=12, color=INK, aria=False)
        .encode(x=x, y=y, text="label:N")
    )
    return (
        alt.layer(bars, labels)
        .properties(width=width, height=44 * len(order), title=title,
                    description=f"{title}. " + _growth.describe_scores(diagnosis))
    )
