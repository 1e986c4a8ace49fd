"""The engagement survey: trait scores, eNPS and answer distributions (widgets.core.survey)."""

from __future__ import annotations

from widgets.charts.palette import GRID_GREY, INK, OKABE_ITO, style_range
from widgets.charts.render import alt, pd
from widgets.core.lazy import lazy_module

# --- Engagement survey: trait scores, eNPS and answer distributions (widgets.core.survey) ---
# Hidden groups (fewer respondents than the anonymity threshold) keep their row, with the
# text "fewer than N respondents: hidden" in place of any mark: never a number.

_survey = lazy_module("widgets.core.survey")  # loads with the first chart

TRAIT_STYLE = {
    "adaptability": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "transparency": {"color": OKABE_ITO["vermillion"], "shape": "square"},
    "accountability": {"color": OKABE_ITO["bluish_green"], "shape": "diamond"},
    "continuous_improvement": {"color": OKABE_ITO["reddish_purple"], "shape": "triangle-up"},
}
# Disagree in warm colors, agree in blues, neutral in grey; each segment is also labeled.
ANSWER_COLORS = {
    1: OKABE_ITO["vermillion"], 2: OKABE_ITO["orange"], 3: "#c8c8c8",
    4: OKABE_ITO["sky_blue"], 5: OKABE_ITO["blue"],
}
ANSWER_TEXT_COLORS = {1: "white", 2: "black", 3: "black", 4: "black", 5: "white"}


def _survey_rows(report: pd.DataFrame) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    order = list(report["group"])
    visible = report[~report["suppressed"]]
    hidden = report.loc[report["suppressed"], ["group", "shown_as"]]
    return order, visible, hidden


def _group_axis(order: list[str]) -> alt.Y:
    return alt.Y("group:N", sort=order, title=None, scale=alt.Scale(domain=order),
                 axis=alt.Axis(labelLimit=260, labelFontSize=12))


def _survey_layers(layers, hidden: pd.DataFrame, y: alt.Y, field: str, at: float,
                   domain: list[float]):
    """The chart's layers plus, for each hidden group, its "fewer than N..." text at `at`."""
    if len(hidden):
        layers.append(alt.Chart(hidden.assign(**{field: at})).mark_text(
            align="left", fontSize=12, fontStyle="italic", color=INK).encode(
            x=alt.X(f"{field}:Q", scale=alt.Scale(domain=domain)), y=y, text="shown_as:N"))
    return alt.layer(*layers)


def trait_scores_chart(report: pd.DataFrame, grouping_label: str = "Group",
                       title: str | None = None, width: int = 460) -> alt.LayerChart:
    """Mean trait scores (1-5) per group from `survey.group_report`: one row per group, a dot
    per trait (color and shape differ, and each dot is labeled with its score)."""
    return _trait_panel(report, grouping_label, title, width, alt.Step(14))


def _trait_panel(report, grouping_label, title, width, height) -> alt.LayerChart:
    title = title or f"Trait scores by {grouping_label.lower()}"
    order, visible, hidden = _survey_rows(report)
    traits = list(_survey.TRAITS)
    labels = [_survey.TRAIT_LABELS[t] for t in traits]
    dots = visible.melt(id_vars=["group", "n"], value_vars=traits, var_name="trait_key",
                        value_name="score")
    dots["trait"] = dots["trait_key"].map(_survey.TRAIT_LABELS)
    dots["score"] = dots["score"].astype(float).round(2)
    dots["n"] = dots["n"].astype(int)
    dots["label"] = dots["score"].map(lambda v: f"{v:.1f}")
    y = _group_axis(order)
    x = alt.X("score:Q", title="Mean score: 1 = strongly disagree, 5 = strongly agree",
              scale=alt.Scale(domain=[1, 5]), axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"))
    y_offset = alt.YOffset("trait:N", sort=labels, scale=alt.Scale(domain=labels))
    color = alt.Color("trait:N", title="Trait", sort=labels, scale=alt.Scale(
        domain=labels, range=style_range(TRAIT_STYLE, "color", traits)),
        legend=alt.Legend(orient="bottom", columns=2))
    shape = alt.Shape("trait:N", title="Trait", sort=labels, scale=alt.Scale(
        domain=labels, range=style_range(TRAIT_STYLE, "shape", traits)))
    midpoint = alt.Chart(pd.DataFrame({"score": [3]})).mark_rule(
        color=GRID_GREY, strokeDash=[4, 3], aria=False).encode(x=x)
    points = alt.Chart(dots).mark_point(filled=True, size=80, opacity=1).encode(
        x=x, y=y, yOffset=y_offset, color=color, shape=shape,
        tooltip=[alt.Tooltip("group:N", title=grouping_label), alt.Tooltip("trait:N", title="Trait"),
                 alt.Tooltip("score:Q", title="Mean score", format=".2f"),
                 alt.Tooltip("n:Q", title="Respondents")])
    values = alt.Chart(dots).mark_text(align="left", dx=8, fontSize=10, color=INK,
                                       aria=False).encode(
        x=x, y=y, yOffset=y_offset, text="label:N")
    return (
        _survey_layers([midpoint, points, values], hidden, y, "score", 1.05, [1, 5])
        .properties(width=width, height=height, title=title,
                    description=f"{title}. Dot chart. "
                    + _survey.describe_trait_scores(report, grouping_label))
    )


def enps_chart(report: pd.DataFrame, grouping_label: str = "Group", title: str | None = None,
               width: int = 460) -> alt.LayerChart:
    """eNPS per group (-100 to +100) from `survey.group_report`, as bars from zero; every bar
    is labeled with its value, and negative bars also differ in color."""
    return _enps_panel(report, grouping_label, title, width, alt.Step(30))


def _enps_panel(report, grouping_label, title, width, height) -> alt.LayerChart:
    title = title or f"eNPS by {grouping_label.lower()}"
    order, visible, hidden = _survey_rows(report)
    bars = visible[["group", "n", "enps", "promoters_pct", "detractors_pct"]].copy()
    bars["n"] = bars["n"].astype(int)
    for column in ("enps", "promoters_pct", "detractors_pct"):
        bars[column] = bars[column].astype(float).round(1)
    bars["label"] = bars["enps"].map(_survey.format_enps)
    bars["sign"] = ["negative" if v < 0 else "zero or positive" for v in bars["enps"]]
    y = _group_axis(order)
    x = alt.X("enps:Q", title="eNPS: % promoters (9-10) minus % detractors (0-6)",
              scale=alt.Scale(domain=[-100, 100]), axis=alt.Axis(values=list(range(-100, 101, 25))))
    color = alt.Color("sign:N", legend=None, scale=alt.Scale(
        domain=["zero or positive", "negative"], range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"]]))
    zero = alt.Chart(pd.DataFrame({"enps": [0]})).mark_rule(color=INK, aria=False).encode(x="enps:Q")
    bar_layer = alt.Chart(bars).mark_bar(height=16).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("group:N", title=grouping_label), alt.Tooltip("label:N", title="eNPS"),
                 alt.Tooltip("promoters_pct:Q", title="% promoters", format=".0f"),
                 alt.Tooltip("detractors_pct:Q", title="% detractors", format=".0f"),
                 alt.Tooltip("n:Q", title="Respondents")])
    layers = [bar_layer, zero]
    for negative in (False, True):
        part = bars[(bars["enps"] < 0) == negative]
        if len(part):
            layers.append(alt.Chart(part).mark_text(
                align="right" if negative else "left", dx=-6 if negative else 6, fontSize=12,
                fontWeight="bold", color=INK, aria=False).encode(x=x, y=y, text="label:N"))
    return (
        _survey_layers(layers, hidden, y, "enps", -96, [-100, 100])
        .properties(width=width, height=height, title=title,
                    description=f"{title}. Bar chart. "
                    + _survey.describe_enps(report, grouping_label))
    )


def survey_groups_chart(report: pd.DataFrame, grouping_label: str = "Group",
                        title: str | None = None) -> alt.HConcatChart:
    """Trait scores (left) and eNPS (right) side by side, one row per group in both panels:
    one chart widget instead of two, so a page has fewer to load."""
    title = title or f"Trait scores and eNPS by {grouping_label.lower()}"
    height = 56 * max(len(report), 1)
    return (
        alt.hconcat(
            _trait_panel(report, grouping_label, None, 300, height),
            _enps_panel(report, grouping_label, None, 250, height),
            spacing=24,
        )
        .resolve_scale(color="independent", shape="independent")  # trait vs eNPS sign colors
        .properties(title=title,
                    description=f"{title}. Left, a dot chart: "
                    + _survey.describe_trait_scores(report, grouping_label)
                    + " Right, a bar chart: " + _survey.describe_enps(report, grouping_label))
    )


def answer_distribution_chart(rows: pd.DataFrame, group: str, title: str | None = None,
                              width: int = 460) -> alt.LayerChart:
    """The share of each answer (1-5) to each statement for one group, from
    `survey.item_distribution`: a stacked bar per statement, disagree on the left, agree on
    the right, each segment of 10 % or more labeled with its percentage."""
    title = title or f"Answers to each statement: {group}"
    items = list(dict.fromkeys(rows["item"]))
    data = rows[~rows["suppressed"]].copy()
    data["statement"] = [f"{_survey.TRAIT_LABELS[_survey.ITEM_TRAIT[i]]} {i[-1]}"
                         for i in data["item"]]
    order = [f"{_survey.TRAIT_LABELS[_survey.ITEM_TRAIT[i]]} {i[-1]}" for i in items]
    data["text"] = data["item"].map(_survey.ITEMS)
    data["answer_label"] = data["answer"].map(lambda a: f"{a} {_survey.ANSWER_LABELS[a]}")
    data["percent"] = (100 * data["share"].astype(float)).round(1)
    data["count"] = data["count"].astype(int)
    data["label"] = [f"{p:.0f}%" if p >= 10 else "" for p in data["percent"]]
    answers = list(_survey.ANSWER_LABELS)
    answer_labels = [f"{a} {_survey.ANSWER_LABELS[a]}" for a in answers]
    y = alt.Y("statement:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("percent:Q", stack="zero", title="% of the group's answers",
              scale=alt.Scale(domain=[0, 100]))
    order_enc = alt.Order("answer:Q", sort="ascending")
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=x, y=y, order=order_enc,
        color=alt.Color("answer_label:N", title="Answer", sort=answer_labels, scale=alt.Scale(
            domain=answer_labels, range=[ANSWER_COLORS[a] for a in answers]),
            legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("text:N", title="Statement"),
                 alt.Tooltip("answer_label:N", title="Answer"),
                 alt.Tooltip("count:Q", title="People"),
                 alt.Tooltip("percent:Q", title="% of answers", format=".0f")])
    # Label positions: the middle of each segment, computed here (data is already aggregated).
    data = data.sort_values(["statement", "answer"])
    data["mid"] = data.groupby("statement")["percent"].cumsum() - data["percent"] / 2
    labels = [
        alt.Chart(data[data["answer"] == a]).mark_text(
            color=ANSWER_TEXT_COLORS[a], fontSize=10, aria=False).encode(
            x=alt.X("mid:Q", scale=alt.Scale(domain=[0, 100])), y=y, text="label:N")
        for a in answers
    ]
    return (
        alt.layer(bars, *labels)
        .properties(width=width, height=alt.Step(22), title=title,
                    description=f"{title}. Stacked bar chart. "
                    + _survey.describe_distribution(rows, group))
    )
