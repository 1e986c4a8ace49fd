"""Shared mental models: the spread of the team's ranks (widgets.core.mental_models)."""

from __future__ import annotations

from widgets.charts.palette import FIRST, GRID_GREY, INK, SECOND_DIAMOND, style_range
from widgets.charts.render import alt
from widgets.core.lazy import lazy_module

# Shared mental models (widgets.core.mental_models): the ranks each person gave each item,
# the items the team disagrees on most at the top. Data are counts per item and rank
# (at most 10 x 10 rows).

_mental_models = lazy_module("widgets.core.mental_models")  # loads with the first chart

RANK_SERIES_STYLE = {"People's ranks": FIRST, "Team average": SECOND_DIAMOND}


def rank_spread_chart(
    rankings,
    title: str = "How the team ranked each priority",
    width: int = 420,
) -> alt.LayerChart:
    """One row per item: a grey bar from the best to the worst rank anyone gave it, a blue
    circle per rank given (larger when more people gave it), and the team's average rank as
    a vermillion diamond. Items are sorted by disagreement (largest spread first), and a text
    label beside each row states the spread, so nothing relies on color alone.
    """
    summary = _mental_models.item_disagreement(rankings)
    counts = _mental_models.rank_counts(rankings)
    raters = int(counts.groupby("item")["people"].sum().iloc[0])
    n = len(summary)
    order = list(summary["item"])
    bars = summary[["item", "best", "worst", "mean_rank", "sd"]].assign(
        note=[
            "everyone agrees" if spread == 0 else f"ranks {_mental_models.format_rank(b)}–"
            f"{_mental_models.format_rank(w)} · SD {sd:.1f}"
            for b, w, sd, spread in zip(summary["best"], summary["worst"], summary["sd"],
                                        summary["spread"])
        ],
        label_at=n + 0.45,
    )
    dots = counts.assign(series="People's ranks")
    means = summary[["item", "mean_rank"]].assign(series="Team average")
    x_scale = alt.Scale(domain=[0.5, n + 3.2], nice=False)
    x_axis = alt.Axis(values=list(range(1, n + 1)), format="d", grid=False, domain=False,
                      titleAlign="left", titleAnchor="start")
    y = alt.Y("item:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=300, labelFontSize=12, labelColor=INK))
    domain = list(RANK_SERIES_STYLE)
    color = alt.Color(
        "series:N", title=None,
        scale=alt.Scale(domain=domain, range=style_range(RANK_SERIES_STYLE, "color", domain)),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "series:N", title=None,
        scale=alt.Scale(domain=domain, range=style_range(RANK_SERIES_STYLE, "shape", domain)),
    )
    range_layer = (
        alt.Chart(bars)
        .mark_rule(strokeWidth=6, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(x=alt.X("best:Q", scale=x_scale, axis=x_axis,
                        title="Rank given (1 = most important)"),
                x2="worst:Q", y=y)
    )
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("rank:Q", scale=x_scale),
            y=y,
            color=color,
            shape=shape,
            size=alt.Size("people:Q", title="People",
                          scale=alt.Scale(domain=[1, max(2, raters)], range=[70, 420]),
                          legend=alt.Legend(orient="bottom", values=[1, max(2, raters)],
                                            format="d")),
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("rank:Q", title="Rank", format=".1~f"),
                alt.Tooltip("people:Q", title="People"),
            ],
        )
    )
    mean_layer = (
        alt.Chart(means)
        .mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("mean_rank:Q", scale=x_scale),
            y=y,
            color=color,
            shape=shape,
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("mean_rank:Q", title="Average rank", format=".1f"),
            ],
        )
    )
    note_layer = (
        alt.Chart(bars)
        .mark_text(align="left", fontSize=11, color=INK, aria=False)
        .encode(x=alt.X("label_at:Q", scale=x_scale), y=y, text="note:N")
    )
    return (
        alt.layer(range_layer, dot_layer, mean_layer, note_layer)
        .properties(
            width=width,
            height=38 * n,
            title=title,
            description=f"{title}. Dot chart of the rank each person gave each item, with the "
            "team's average rank. " + _mental_models.describe_disagreement(summary, raters),
        )
    )
