"""Ethical alignment: the trade-off matrix as a heatmap (widgets.core.ethics)."""

from __future__ import annotations

from widgets.charts.palette import INK
from widgets.charts.render import alt
from widgets.core.lazy import lazy_module

# Ethical alignment (widgets.core.ethics): the ethical decision canvas's trade-off matrix,
# options x stakeholder groups, as a heatmap (a few dozen cells at most).

_ethics = lazy_module("widgets.core.ethics")  # loads with the first chart

# ColorBrewer's PuOr with seven classes, harm orange and benefit purple: a diverging scheme
# that stays distinguishable for the common forms of colour blindness. Every cell prints its
# score, so colour is never the only cue; the darkest two cells take white ink (WCAG AA).
TRADE_OFF_COLORS = ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788")
TRADE_OFF_WHITE_INK_FROM = 2.5  # |score| at or above this prints in white


def trade_off_chart(
    analysis: _ethics.Analysis,
    title: str = "Trade-off matrix",
    cell: int = 74,
) -> alt.LayerChart:
    """Options (rows) by stakeholder groups (columns), each cell coloured and labelled by score.

    A row whose option breaks a stated value says so in its label ("breaks 2 values").
    """
    data = _ethics.heatmap_data(analysis)
    options = list(dict.fromkeys(data["option"]))
    groups = list(dict.fromkeys(data["group"]))
    x = alt.X(
        "group:N",
        sort=groups,
        title="Stakeholder group",
        axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=160, labelColor=INK),
    )
    y = alt.Y(
        "option:N",
        sort=options,
        title=None,
        axis=alt.Axis(labelLimit=320, labelFontSize=12, labelColor=INK),
    )
    scale_title = (
        f"Score: {_ethics.score_label(_ethics.SCORE_MIN)} to "
        f"{_ethics.score_label(_ethics.SCORE_MAX)}"
    )
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.Color(
            "score:Q",
            title=scale_title,
            scale=alt.Scale(domain=list(_ethics.SCORES), range=list(TRADE_OFF_COLORS)),
            legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=280,
                              titleLimit=420, values=list(_ethics.SCORES)),
        ),
        tooltip=[
            alt.Tooltip("option:N", title="Option"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("text:N", title="Score"),
            alt.Tooltip("meaning:N", title="Meaning"),
        ],
    )
    numbers = base.mark_text(fontSize=15, fontWeight="bold", aria=False).encode(
        x=x,
        y=y,
        text="text:N",
        color=alt.condition(
            f"abs(datum.score) >= {TRADE_OFF_WHITE_INK_FROM}", alt.value("white"), alt.value("black")
        ),
    )
    return (
        alt.layer(cells, numbers)
        .properties(
            width=cell * len(groups),
            height=44 * len(options),
            title=title,
            description=f"{title}. Heatmap of scores. " + _ethics.describe_matrix(analysis),
        )
    )
