"""Pure logic for the "Purpose, values and trust" lesson.

Two parts, plain data and functions that a test can reach without a kernel:

1. **The bakery's daily huddle** (the worked example): waste share and complaints before and
   after the huddle started, by period and by month, read from `load("bakery_operations")`.
2. **Templates for the pair activity**: the bakery's values rewritten as decision rules, a
   ten-minute huddle agenda, and two small models of why a founder's reach thins out as a
   firm grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from widgets.core.bakery_case import EPISODES_BY_KEY
from widgets.core.bakery_case import HUDDLE_START as HUDDLE_DAY
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")

# ---------------------------------------------------------------------------------------
# 1. The bakery's daily huddle (datasets/bakery_operations.csv)
# ---------------------------------------------------------------------------------------

# The episode dates are the bakery case's (which a test checks against the data), written
# as ISO strings because they are compared with the data's date column.
RECIPE_LAUNCH = EPISODES_BY_KEY["recipe"].start.isoformat()
RECIPE_EPISODE_END = EPISODES_BY_KEY["recipe"].end.isoformat()
DECORATION_DRIFT_START = EPISODES_BY_KEY["decoration"].start.isoformat()
DECORATION_DRIFT_END = EPISODES_BY_KEY["decoration"].end.isoformat()
HUDDLE_START = HUDDLE_DAY.isoformat()

# The wording (period names, the value rules, the huddle's agenda) lives in
# content/purpose_trust.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("purpose_trust")

BEFORE: str = _BANK["periods"]["before"]
CALM: str = _BANK["periods"]["calm"]
WITH: str = _BANK["periods"]["with"]

BAKERY_COLUMNS = ("date", "huddle", "baked", "wasted", "complaints", "large_orders",
                  "large_orders_on_time")


def _check_bakery(bakery: pd.DataFrame) -> None:
    missing = [c for c in BAKERY_COLUMNS if c not in bakery.columns]
    if missing:
        raise ValueError(
            "This needs the bakery_operations data set; the table has no column "
            + ", ".join(repr(c) for c in missing) + "."
        )
    if bakery.empty:
        raise ValueError("The bakery table is empty.")


def _summary(frame: pd.DataFrame) -> dict:
    days = frame["date"].nunique()
    baked = int(frame["baked"].sum())
    wasted = int(frame["wasted"].sum())
    complaints = int(frame["complaints"].sum())
    large = int(frame["large_orders"].sum())
    on_time = int(frame["large_orders_on_time"].sum())
    return {
        "first_day": frame["date"].min().date(),
        "last_day": frame["date"].max().date(),
        "days": days,
        "huddle_days": int(frame.groupby("date")["huddle"].first().fillna(False).sum()),
        "baked": baked,
        "wasted": wasted,
        "waste_share_pct": round(100 * wasted / baked, 1) if baked else float("nan"),
        "wasted_per_day": round(wasted / days, 1),
        "complaints_per_day": round(complaints / days, 2),
        "large_orders_on_time_pct": round(100 * on_time / large, 1) if large else float("nan"),
    }


def huddle_periods(bakery: pd.DataFrame) -> pd.DataFrame:
    """Waste and complaints before and after the huddle started, for the whole shop.

    Three periods: every day before the start; only the calm weeks before it (without the
    recipe and decoration episodes, a fairer baseline); and every day from the start (the
    few days the huddle was skipped are included, as in a before/after study).
    Shares are pooled (total wasted / total baked), not averages of daily shares.
    """
    _check_bakery(bakery)
    date = bakery["date"]
    before = bakery[date < HUDDLE_START]
    episodes = ((date >= RECIPE_LAUNCH) & (date <= RECIPE_EPISODE_END)) | (
        (date >= DECORATION_DRIFT_START) & (date <= DECORATION_DRIFT_END)
    )
    calm = bakery[(date < HUDDLE_START) & ~episodes]
    after = bakery[date >= HUDDLE_START]
    if before.empty or after.empty:
        raise ValueError(f"The table needs days both before and from {HUDDLE_START}.")
    rows = {BEFORE: _summary(before), CALM: _summary(calm), WITH: _summary(after)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "period"
    return table


def monthly_trend(bakery: pd.DataFrame) -> pd.DataFrame:
    """One row per month: pooled waste share (%) and complaints per day, and the period."""
    _check_bakery(bakery)
    month = bakery["date"].dt.to_period("M").dt.to_timestamp()
    grouped = bakery.assign(month=month).groupby("month")
    table = pd.DataFrame(
        {
            "baked": grouped["baked"].sum().astype(int),
            "wasted": grouped["wasted"].sum().astype(int),
            "complaints": grouped["complaints"].sum().astype(int),
            "days": grouped["date"].nunique(),
        }
    )
    table["waste_share_pct"] = (100 * table["wasted"] / table["baked"]).round(1)
    table["complaints_per_day"] = (table["complaints"] / table["days"]).round(2)
    table["period"] = np.where(table.index >= pd.Timestamp(HUDDLE_START), WITH, BEFORE)
    table = table.reset_index()
    table["month_name"] = table["month"].dt.strftime("%b")
    return table


def _span(values: pd.Series, unit: str, digits: int) -> str:
    low, high = values.min(), values.max()
    return f"{low:.{digits}f} to {high:.{digits}f}{unit}"


def describe_huddle_trend(monthly: pd.DataFrame) -> str:
    """The chart's text alternative, written from the numbers."""
    parts = []
    for period in (BEFORE, WITH):
        rows = monthly[monthly["period"] == period]
        if rows.empty:
            continue
        first, last = rows["month_name"].iloc[0], rows["month_name"].iloc[-1]
        parts.append(
            f"{period} ({first} to {last}): waste {_span(rows['waste_share_pct'], ' %', 1)} "
            f"of what was baked, complaints {_span(rows['complaints_per_day'], ' a day', 2)}."
        )
    return (
        "Two line charts by month, with a dashed line where the daily huddle starts "
        f"({HUDDLE_START}). " + " ".join(parts)
    )


# ---------------------------------------------------------------------------------------
# 2. Templates for "Purpose, values and trust"
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueRule:
    poster: str  # the word on the wall
    rule: str  # "X over Y": the trade-off
    we_do: str  # the behavior anyone can apply without asking
    it_costs: str  # the answer to "would it ever cost us something?"
    example: str  # a recent decision it settled


BAKERY_VALUE_RULES = tuple(ValueRule(**entry) for entry in _BANK["value_rules"])

# The table's column titles and the card's line labels, by ValueRule field, in order.
_HEADINGS = dict(_BANK["value_rule_headings"])


def value_rules_table(rules: Sequence[ValueRule] = BAKERY_VALUE_RULES) -> pd.DataFrame:
    return pd.DataFrame(
        {heading: [getattr(r, field) for r in rules] for field, heading in _HEADINGS.items()}
    ).set_index(_HEADINGS["poster"])


def value_rule_card(rule: ValueRule) -> str:
    """One value as a five-line card: the worked template for the pair activity."""
    lines = tuple((heading, getattr(rule, field)) for field, heading in _HEADINGS.items())
    width = max(len(label) for label, _ in lines) + 2
    return "\n".join(f"{label + ':':<{width}}{text}" for label, text in lines)


@dataclass(frozen=True)
class AgendaItem:
    minutes: int
    topic: str
    prompt: str


HUDDLE_AGENDA = tuple(AgendaItem(**entry) for entry in _BANK["huddle_agenda"])


def huddle_agenda_table(agenda: Sequence[AgendaItem] = HUDDLE_AGENDA) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Minutes": [item.minutes for item in agenda],
            "Topic": [item.topic for item in agenda],
            "What happens": [item.prompt for item in agenda],
        }
    )
    table.index = range(1, len(table) + 1)
    return table


def communication_paths(people: int) -> int:
    """Distinct pairs of people who may need to talk: n (n - 1) / 2."""
    if not isinstance(people, (int, np.integer)) or people < 1:
        raise ValueError("The number of people must be a whole number of at least 1.")
    return int(people) * (int(people) - 1) // 2


def newcomer_share(start: int, end: int, years: float, annual_turnover: float) -> float:
    """Share of today's staff who joined in the last `years` years (0-1).

    A simple model: the `start` people who were there at the beginning leave at a steady
    `annual_turnover` rate; everybody else joined since. In reality newcomers leave more
    often than old hands, so this somewhat overstates the share of newcomers.
    """
    if start < 1 or end < 1:
        raise ValueError("Head counts must be at least 1.")
    if years < 0:
        raise ValueError("The number of years cannot be negative.")
    if not 0 <= annual_turnover < 1:
        raise ValueError("Annual turnover is a share between 0 and 1 (0.15 means 15 %).")
    stayers = min(start * (1 - annual_turnover) ** years, end)
    return 1 - stayers / end


def founder_reach_table(headcounts: Sequence[int] = (5, 10, 20, 35, 50)) -> pd.DataFrame:
    """How quickly one person's share of the firm's conversations shrinks as it grows."""
    rows = []
    for people in headcounts:
        paths = communication_paths(people)
        rows.append(
            {
                "people": people,
                "pairs who may need to talk": paths,
                "pairs that include the founder": people - 1,
                "founder's share of pairs (%)": round(100 * (people - 1) / paths, 1)
                if paths
                else 100.0,
            }
        )
    return pd.DataFrame(rows).set_index("people")
