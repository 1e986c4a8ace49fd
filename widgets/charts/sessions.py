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
