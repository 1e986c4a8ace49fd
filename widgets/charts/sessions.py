"""Charts of a live session's aggregate (widgets.core.sessions): the room's spread, the pulse.

The kite chart and the five-component chart are the lessons' own (widgets.charts); these two
exist only for a room. Both use colour-blind-safe colours, never colour alone, and carry a
text description.
"""

from __future__ import annotations

from widgets.charts.culture import SERIES_STYLE
from widgets.charts.palette import INK
from widgets.charts.render import alt, pd
from widgets.core.culture import CULTURE_TYPES
from widgets.core.sessions import PULSE_ITEMS
from widgets.core.survey import ANSWER_LABELS

# ColorBrewer PuOr (5 classes): diverging and colour-blind safe; the answer is also printed.
LIKERT_COLOURS = ["#e66101", "#fdb863", "#d9d9d9", "#b2abd2", "#5e3c99"]
PULSE_SHORT = {
    "direction": "I can name our top priority",
    "connection": "My work moves it forward",
    "voice": "I would say if I disagreed",
}


def has_quartiles(spread: list[dict]) -> bool:
    """Whether the spread holds the middle half (from twice the threshold: core.sessions._spread)."""
    return bool(spread) and all("q1" in row for row in spread)


def spread_chart(spread: list[dict], title: str = "How much the room agrees: spread per type") -> alt.LayerChart:
    """Per culture type and phase: the middle half of the room (bar) and the median (point).

    No minimum or maximum: an extreme is one person's answer. Only for a spread with quartiles
    (`has_quartiles`); below twice the threshold the room's means are the kite chart's.
    """
    frame = pd.DataFrame(spread)
    frame["type"] = frame["type"].str.capitalize()
    order = [t.capitalize() for t in CULTURE_TYPES]
    y = alt.Y("type:N", sort=order, title=None)
    y_offset = alt.YOffset("phase:N", sort=["Now", "Preferred"])
    colour = alt.Color(
        "phase:N", title="Phase",
        scale=alt.Scale(domain=list(SERIES_STYLE), range=[s["color"] for s in SERIES_STYLE.values()]),
    )
    base = alt.Chart(frame).encode(y=y, yOffset=y_offset, color=colour)
    box = base.mark_bar(height=9, opacity=0.55).encode(
        x=alt.X("q1:Q", title="Points (of 100)", scale=alt.Scale(domain=[0, 100])), x2="q3:Q"
    )
    median = base.mark_point(filled=True, size=70, color=INK).encode(
        x="median:Q",
        shape=alt.Shape("phase:N", title="Phase", sort=["Now", "Preferred"],
                        scale=alt.Scale(range=[s["shape"] for s in SERIES_STYLE.values()])),
        tooltip=["type:N", "phase:N", alt.Tooltip("median:Q", format=".0f"),
                 alt.Tooltip("q1:Q", format=".0f"), alt.Tooltip("q3:Q", format=".0f"),
                 alt.Tooltip("mean:Q", format=".0f")],
    )
    return (box + median).properties(
        title=title, width=420, height=alt.Step(14), description=describe_spread(spread)
    )


def describe_spread(spread: list[dict]) -> str:
    if not has_quartiles(spread):
        parts = [f"{row['type'].capitalize()} {row['phase']}: mean {row['mean']:.0f}" for row in spread]
        return ("The room's means (the middle half of the room is shown from twice the anonymity threshold). "
                + "; ".join(parts) + ".")
    parts = [
        f"{row['type'].capitalize()} {row['phase']}: median {row['median']:.0f}, middle half "
        f"{row['q1']:.0f} to {row['q3']:.0f}"
        for row in spread
    ]
    return "Spread of the room's profiles. " + "; ".join(parts) + "."


def pulse_frame(items: list[dict]) -> pd.DataFrame:
    """One row per statement and answer, with the segment's start, end and middle in people."""
    rows = []
    for item in items:
        start = 0
        for answer in sorted(item["counts"], key=int):
            count = item["counts"][answer]
            rows.append({
                "statement": PULSE_SHORT.get(item["item"], item["item"]),
                "answer": int(answer),
                "label": f"{int(answer)} {ANSWER_LABELS[int(answer)]}",
                "count": count, "start": start, "end": start + count, "middle": start + count / 2,
            })
            start += count
    return pd.DataFrame(rows)


def describe_pulse(items: list[dict]) -> str:
    parts = []
    for item in items:
        counts = ", ".join(f"{count} × {answer}" for answer, count in item["counts"].items() if count)
        parts.append(f"“{PULSE_ITEMS.get(item['item'], item['item'])}”: {counts} (mean {item['mean']:.1f})")
    return "Pulse check answers on a 1 (strongly disagree) to 5 (strongly agree) scale. " + "; ".join(parts) + "."


def pulse_chart(items: list[dict], title: str = "Pulse check: how the room answered") -> alt.LayerChart:
    frame = pulse_frame(items)
    labels = [f"{a} {ANSWER_LABELS[a]}" for a in sorted(ANSWER_LABELS)]
    y = alt.Y("statement:N", title=None, sort=[PULSE_SHORT[k] for k in PULSE_ITEMS])
    shown = frame[frame["count"] > 0]
    bars = alt.Chart(shown).mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", title="People", axis=alt.Axis(tickMinStep=1)), x2="end:Q", y=y,
        color=alt.Color("label:N", title="Answer", sort=labels,
                        scale=alt.Scale(domain=labels, range=LIKERT_COLOURS)),
        tooltip=["statement:N", "label:N", "count:Q"],
    )
    # The answer number is printed on each segment, so the chart does not rely on colour.
    numbers = alt.Chart(shown).mark_text(baseline="middle").encode(
        x="middle:Q", y=y, text="answer:Q",
        color=alt.condition("datum.answer == 1 || datum.answer == 5", alt.value("white"), alt.value(INK)),
    )
    return (bars + numbers).properties(
        title=title, width=420, height=alt.Step(34), description=describe_pulse(items)
    )


# -- the session's evaluation (widgets.core.evaluation) ------------------------------------------

def gain_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per objective and side shown: its share correct in percent (hidden sides left out)."""
    frame = []
    for number, row in enumerate(rows, start=1):
        for side, label in (("before", "Before"), ("after", "After")):
            if row[side] is not None:
                frame.append({"objective": f"Objective {number}", "side": label,
                              "percent": round(100 * row[side]), "text": row["text"]})
    return pd.DataFrame(frame, columns=["objective", "side", "percent", "text"])


def gain_chart(gain: dict, title: str = "Knowledge check: share right per objective, before and after"):
    """Before and after side by side per objective: blue circles before, vermillion squares after,
    the percent printed at each bar's end. A side below the threshold is not drawn (the text
    description and table say "not shown")."""
    from widgets.charts.palette import FIRST, SECOND

    frame = gain_frame(gain["rows"])
    order = [f"Objective {n}" for n in range(1, len(gain["rows"]) + 1)]
    y = alt.Y("objective:N", sort=order, title=None)
    offset = alt.YOffset("side:N", sort=["Before", "After"])
    colour = alt.Color("side:N", title="When", sort=["Before", "After"],
                       scale=alt.Scale(domain=["Before", "After"], range=[FIRST["color"], SECOND["color"]]))
    base = alt.Chart(frame).encode(y=y, yOffset=offset)
    bars = base.mark_bar(height=10).encode(
        x=alt.X("percent:Q", title="Share of right answers (%)", scale=alt.Scale(domain=[0, 100])),
        color=colour, tooltip=["objective:N", "side:N", "percent:Q", "text:N"])
    ends = base.mark_point(filled=True, size=60, color=INK).encode(
        x="percent:Q", shape=alt.Shape("side:N", title="When", sort=["Before", "After"],
                                       scale=alt.Scale(range=[FIRST["shape"], SECOND["shape"]])))
    labels = base.mark_text(align="left", dx=8, baseline="middle", color=INK).encode(
        x="percent:Q", text=alt.Text("percent:Q", format=".0f"))
    return (bars + ends + labels).properties(
        title=title, width=380, height=alt.Step(13), description=gain["description"])


NPS_COLOURS = {"detractors": "#D55E00", "passives": "#999999", "promoters": "#0072B2"}
NPS_RANGES = {"detractors": "0-6", "passives": "7-8", "promoters": "9-10"}


def recommend_chart(recommend: dict, title: str = "Would you recommend it? (0-10)"):
    """The recommendation's distribution, 0 to 10, coloured by net-promoter group, each bar's
    count printed above it (the groups are also named in the legend and the description)."""
    rows = []
    for score, count in sorted(recommend["counts"].items(), key=lambda item: int(item[0])):
        score = int(score)
        group = "detractors" if score <= 6 else "passives" if score <= 8 else "promoters"
        rows.append({"score": score, "count": count, "group": f"{group.capitalize()} ({NPS_RANGES[group]})"})
    frame = pd.DataFrame(rows)
    domain = ["Detractors (0-6)", "Passives (7-8)", "Promoters (9-10)"]
    x = alt.X("score:O", title="Answer (0 not at all likely, 10 extremely likely)", sort=list(range(11)))
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, y=alt.Y("count:Q", title="People", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("group:N", title="Group", sort=domain,
                        scale=alt.Scale(domain=domain, range=list(NPS_COLOURS.values()))),
        tooltip=["score:O", "count:Q", "group:N"])
    numbers = alt.Chart(frame[frame["count"] > 0]).mark_text(dy=-6, color=INK).encode(
        x=x, y="count:Q", text="count:Q")
    return (bars + numbers).properties(title=title, width=360, height=160,
                                       description=describe_recommend(recommend))


def describe_recommend(recommend: dict) -> str:
    counts = ", ".join(f"{count} × {score}" for score, count in recommend["counts"].items() if count)
    groups = recommend["groups"]
    return (f"Would you recommend it, 0 to 10: {counts}. Mean {recommend['mean']:.1f}; "
            f"{groups['promoters']} promoters (9-10), {groups['passives']} passives (7-8), "
            f"{groups['detractors']} detractors (0-6): net promoter score {recommend['score']:+d} "
            "(percent promoters minus percent detractors).")
