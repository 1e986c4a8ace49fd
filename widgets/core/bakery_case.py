"""The bakery case: a year of one small bakery, where alignment slipped twice and a huddle fixed it.

Data: `load("bakery_operations")`, one row per day and product in 2025 (see datasets/README.md).
This module holds the ground truth of the case (the two episodes of misalignment and the start
of the daily huddle), the analysis a learner does in the activity (aggregating by week or day,
summing up a range of dates, costing an episode against a baseline) and the feedback on the
learner's marked periods. Everything here is pure Python and pandas, so it can be tested
without a kernel.

Definitions used throughout:

* **Excess waste** of a period = the waste of the affected products during the period minus
  what they would have wasted at their normal rate: the average daily waste of the same
  products over the BASELINE_DAYS days before the period, times the number of days.
* **Missed orders** of an episode = large orders of the affected products due during the
  episode that were not ready on time (`large_orders - large_orders_on_time`).
* **Overlap** of a marked period with an episode = intersection over union of the two
  day ranges (1 = the same days; 0 = no common day), and **coverage** = the share of the
  episode's days that the mark includes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.text import plural

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


YEAR = 2025
FIRST_DAY = date(2025, 1, 1)
LAST_DAY = date(2025, 12, 31)

PRODUCTS = ("sourdough_loaf", "baguette", "croissant", "celebration_cake", "cupcake_box")

# The wording (products, roles, the two episodes, the metrics and the lesson) lives in
# content/bakery_case.yaml, where a trainer can change it (widgets.core.content); the keys,
# dates of the data set and the scoring stay here.
_BANK = load_content("bakery_case")

PRODUCT_LABELS = {key: _BANK["products"][key]["label"] for key in PRODUCTS}
PRODUCT_PLURALS = {key: _BANK["products"][key]["plural"] for key in PRODUCTS}
DECORATED_PRODUCTS = ("celebration_cake", "cupcake_box")
ALL_PRODUCTS = "all"

ROLES = ("baker", "decorator", "salesperson")
ROLE_LABELS = {key: _BANK["roles"][key]["label"] for key in ROLES}
ROLE_JOBS = {key: _BANK["roles"][key]["job"] for key in ROLES}

# The daily ten-minute morning huddle on order volumes, ingredients and customer feedback.
HUDDLE_START = date(2025, 9, 1)

# The normal level a period is compared with: the same products, this many days before it.
BASELINE_DAYS = 56

MAX_MARKS = 3
# A mark "matches" an episode well from this overlap (intersection over union) on, partly
# from PARTIAL_OVERLAP on.
GOOD_OVERLAP = 0.6
PARTIAL_OVERLAP = 0.3
# An estimate is close when it is within this share of the true cost, or within the
# absolute tolerance (for costs near zero, where a share means little).
ESTIMATE_SHARE = 0.3
WASTE_TOLERANCE = 50  # items
ORDERS_TOLERANCE = 6  # orders
# Numbers above these are not plausible for one small bakery in one year.
MAX_WASTE_ESTIMATE = 50_000
MAX_ORDERS_ESTIMATE = 1_000

POINTS_TIMING = 2
POINTS_ROLE = 1
POINTS_WASTE = 1
POINTS_ORDERS = 1
POINTS_PER_EPISODE = POINTS_TIMING + POINTS_ROLE + POINTS_WASTE + POINTS_ORDERS


@dataclass(frozen=True)
class Episode:
    """A period in which one role's actions diverged from the shop's shared goal."""

    key: str
    title: str
    start: date
    end: date  # inclusive
    role: str
    products: tuple[str, ...]
    what_happened: str
    how_fixed: str
    wrong_role_notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def product_names(self) -> str:
        return " and ".join(PRODUCT_PLURALS[p] for p in self.products)


EPISODES = tuple(
    Episode(
        **{
            **entry,
            "start": date.fromisoformat(entry["start"]),
            "end": date.fromisoformat(entry["end"]),
            "products": tuple(entry["products"]),
            "wrong_role_notes": dict(entry["wrong_role_notes"]),
        }
    )
    for entry in _BANK["episodes"]
)
EPISODES_BY_KEY = {episode.key: episode for episode in EPISODES}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    axis_title: str
    unit: str
    explanation: str


METRICS = {key: Metric(key, **entry) for key, entry in _BANK["metrics"].items()}

GRANULARITIES = dict(_BANK["granularities"])


# --- Small helpers ------------------------------------------------------------------------


def _as_date(value) -> date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _format_date(day: date) -> str:
    return day.isoformat()


def _format_number(value: float, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if decimals == 0 or float(value).is_integer():
        return f"{round(value):,}"
    return f"{value:,.{decimals}f}"


def product_scope(product: str = ALL_PRODUCTS) -> tuple[str, ...]:
    """The products a view covers: every product, or just the one named."""
    if product == ALL_PRODUCTS:
        return PRODUCTS
    if product not in PRODUCTS:
        raise ValueError(f"Unknown product {product!r}; use one of {', '.join(PRODUCTS)}.")
    return (product,)


def scope_label(product: str = ALL_PRODUCTS) -> str:
    return "all products" if product == ALL_PRODUCTS else PRODUCT_LABELS[product].lower()


# --- Daily totals and aggregation ---------------------------------------------------------


def daily_totals(bakery: pd.DataFrame, products: Iterable[str] = PRODUCTS) -> pd.DataFrame:
    """One row per day: the products' totals, and decoration minutes and items for the
    decorated ones among them. The index is the date."""
    products = tuple(products)
    rows = bakery[bakery["product"].isin(products)].copy()
    counts = ["baked", "sold", "wasted", "complaints", "large_orders", "large_orders_on_time"]
    for column in counts:
        rows[column] = rows[column].astype("float64")
    decorated = rows["product"].isin(DECORATED_PRODUCTS)
    rows["decoration_total"] = (rows["decoration_minutes"] * rows["baked"]).where(decorated, 0.0)
    rows["decorated_items"] = rows["baked"].where(decorated, 0.0)
    totals = rows.groupby("date", observed=True)[
        [*counts, "decoration_total", "decorated_items"]
    ].sum()
    totals = totals.rename(columns={"large_orders_on_time": "on_time"})
    totals["late"] = totals["large_orders"] - totals["on_time"]
    return totals.sort_index()


def _period_start(dates: pd.DatetimeIndex, granularity: str) -> pd.DatetimeIndex:
    if granularity == "day":
        return dates
    if granularity == "week":  # weeks start on Monday, as the episodes do
        return dates - pd.to_timedelta(dates.day_of_week, unit="D")
    if granularity == "month":
        return dates.to_period("M").to_timestamp()
    raise ValueError(f"Unknown granularity {granularity!r}; use one of {', '.join(GRANULARITIES)}.")


def _metric_values(totals: pd.DataFrame, metric: str) -> pd.Series:
    days = totals["days"]
    if metric == "wasted":
        return totals["wasted"] / days
    if metric == "complaints":
        return totals["complaints"] / days
    if metric == "on_time":
        large = totals["large_orders"]
        return (100 * totals["on_time"] / large).where(large > 0)
    if metric == "decoration_minutes":
        items = totals["decorated_items"]
        return (totals["decoration_total"] / items).where(items > 0)
    raise ValueError(f"Unknown metric {metric!r}; use one of {', '.join(METRICS)}.")


def period_label(start: date, end: date, granularity: str) -> str:
    if granularity == "day":
        return start.strftime("%a %d %b %Y").replace(" 0", " ")
    if granularity == "month":
        return start.strftime("%B %Y")
    return f"Week of {_format_date(start)} to {_format_date(end)}"


def aggregate(
    bakery: pd.DataFrame,
    metric: str = "wasted",
    granularity: str = "week",
    product: str = ALL_PRODUCTS,
) -> pd.DataFrame:
    """The chosen metric per week (Monday to Sunday), day or month, for one product or all.

    Columns: start and end (the first and last day of the period, clipped to the data), days,
    value (the metric), the totals wasted, complaints, large_orders, on_time and late, and
    period (a readable label). Per-day metrics are averages per day, so the short first and
    last weeks of the year compare fairly with full weeks.
    """
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}; use one of {', '.join(METRICS)}.")
    totals = daily_totals(bakery, product_scope(product))
    dates = pd.DatetimeIndex(totals.index)
    totals = totals.assign(period=_period_start(dates, granularity), day=dates, days=1)
    grouped = totals.groupby("period")
    summed = grouped[
        ["wasted", "complaints", "large_orders", "on_time", "late", "decoration_total",
         "decorated_items", "days"]
    ].sum()
    summed["start"] = grouped["day"].min()
    summed["end"] = grouped["day"].max()
    summed["value"] = _metric_values(summed, metric)
    summed = summed.reset_index(drop=True)
    summed["period"] = [
        period_label(s.date(), e.date(), granularity) for s, e in zip(summed["start"], summed["end"])
    ]
    columns = ["start", "end", "days", "value", "wasted", "complaints", "large_orders",
               "on_time", "late", "period"]
    result = summed[columns].copy()
    for column in ("wasted", "complaints", "large_orders", "on_time", "late", "days"):
        result[column] = result[column].astype("int64")
    result["value"] = result["value"].astype("float64").round(2)
    return result


def describe_series(
    series: pd.DataFrame, metric: str, granularity: str, product: str = ALL_PRODUCTS
) -> str:
    """A plain-text account of an aggregated series: the chart's text alternative."""
    info = METRICS[metric]
    unit_word = {"week": "week", "day": "day", "month": "month"}[granularity]
    values = series.dropna(subset=["value"])
    lead = (
        f"{info.label} ({info.unit}) by {unit_word}, {scope_label(product)}, "
        f"{_format_date(series['start'].min().date())} to {_format_date(series['end'].max().date())}."
    )
    if metric == "decoration_minutes" and product != ALL_PRODUCTS and product not in DECORATED_PRODUCTS:
        return lead + f" {PRODUCT_PLURALS[product].capitalize()} are not decorated, so there is nothing to show."
    if values.empty:
        return lead + " No values to show."
    high = values.loc[values["value"].idxmax()]
    low = values.loc[values["value"].idxmin()]
    return (
        f"{lead} {len(values)} {unit_word}s with a value; median {_format_number(values['value'].median())}; "
        f"highest {_format_number(high['value'])} ({high['period']}); "
        f"lowest {_format_number(low['value'])} ({low['period']})."
    )


def periods_in_range(series: pd.DataFrame, low: date, high: date) -> tuple[date, date] | None:
    """The first and last day of the periods whose start lies between low and high: what a
    brush across the chart's points selects. None if the brush holds no point."""
    low, high = sorted((_as_date(low), _as_date(high)))
    starts = series["start"].dt.date
    inside = series[(starts >= low) & (starts <= high)]
    if inside.empty:
        return None
    return inside["start"].min().date(), inside["end"].max().date()


def brush_bounds(values: Sequence) -> tuple[date, date] | None:
    """The two ends of an interval brush on a time axis, as days.

    Vega sends times as milliseconds since 1970 (or, serialized, as ISO strings). Each end is
    rounded to the nearest day, which absorbs the browser's time-zone offset.
    """
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != 2:
        return None
    days = []
    for value in values:
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if not math.isfinite(value):
                    return None
                stamp = pd.Timestamp(value, unit="ms")
            else:
                stamp = pd.Timestamp(str(value))
                if stamp.tzinfo is not None:
                    stamp = stamp.tz_convert("UTC").tz_localize(None)
        except (ValueError, TypeError, OverflowError):
            return None
        days.append((stamp + pd.Timedelta(hours=12)).normalize().date())
    return tuple(sorted(days))


# --- Ranges, baselines and costs ----------------------------------------------------------


@dataclass(frozen=True)
class RangeTotals:
    start: date
    end: date
    products: tuple[str, ...]
    days: int
    baked: int
    wasted: int
    complaints: int
    large_orders: int
    on_time: int
    decoration_minutes: float  # per decorated item; NaN when none

    @property
    def late(self) -> int:
        return self.large_orders - self.on_time

    @property
    def wasted_per_day(self) -> float:
        return self.wasted / self.days if self.days else math.nan

    @property
    def waste_share(self) -> float:
        return self.wasted / self.baked if self.baked else math.nan

    @property
    def complaints_per_day(self) -> float:
        return self.complaints / self.days if self.days else math.nan

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.large_orders if self.large_orders else math.nan


def range_totals(bakery: pd.DataFrame, start, end, products: Iterable[str] = PRODUCTS) -> RangeTotals:
    """Totals of the given products from start to end (both included)."""
    start, end = _as_date(start), _as_date(end)
    products = tuple(products)
    totals = daily_totals(bakery, products)
    days = totals.index.to_series().dt.date
    window = totals[(days >= start) & (days <= end)]
    items = window["decorated_items"].sum()
    return RangeTotals(
        start=start,
        end=end,
        products=products,
        days=len(window),
        baked=int(window["baked"].sum()),
        wasted=int(window["wasted"].sum()),
        complaints=int(window["complaints"].sum()),
        large_orders=int(window["large_orders"].sum()),
        on_time=int(window["on_time"].sum()),
        decoration_minutes=float(window["decoration_total"].sum() / items) if items else math.nan,
    )


def describe_range(totals: RangeTotals, product: str = ALL_PRODUCTS) -> list[str]:
    """The numbers of a range of dates, as sentences for the learner."""
    lines = [
        f"{_format_date(totals.start)} to {_format_date(totals.end)}, {scope_label(product)}: "
        f"{plural(totals.days, 'day')}.",
        f"Waste: {totals.wasted:,} items in total, {_format_number(totals.wasted_per_day)} a day "
        f"({_format_number(100 * totals.waste_share)} % of what was baked).",
        f"Complaints: {totals.complaints:,}, {_format_number(totals.complaints_per_day, 2)} a day.",
    ]
    if totals.large_orders:
        lines.append(
            f"Large orders due: {totals.large_orders:,}; on time: {totals.on_time:,}; "
            f"late: {totals.late:,} ({_format_number(100 * totals.on_time_rate)} % on time)."
        )
    else:
        lines.append("No large orders were due in this range.")
    if not math.isnan(totals.decoration_minutes):
        lines.append(
            f"Decoration: {_format_number(totals.decoration_minutes)} minutes per decorated item."
        )
    return lines


@dataclass(frozen=True)
class Excess:
    """Waste of a period against the same products' normal rate."""

    start: date
    end: date
    products: tuple[str, ...]
    days: int
    wasted: int
    baseline_start: date
    baseline_end: date
    baseline_per_day: float

    @property
    def expected(self) -> float:
        return self.baseline_per_day * self.days

    @property
    def excess(self) -> float:
        return self.wasted - self.expected


def baseline_window(start, days: int = BASELINE_DAYS) -> tuple[date, date]:
    """The days before a period that define its normal level (clipped to the data)."""
    start = _as_date(start)
    return max(FIRST_DAY, start - timedelta(days=days)), start - timedelta(days=1)


def excess_over_baseline(
    bakery: pd.DataFrame,
    start,
    end,
    products: Iterable[str] = PRODUCTS,
    baseline: tuple | None = None,
) -> Excess:
    """Waste from start to end minus the baseline rate times the days.

    The baseline is the same products' average daily waste over `baseline` (a start and end
    date), by default the BASELINE_DAYS days before `start`. A negative excess is waste
    avoided.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError("The end date is before the start date.")
    products = tuple(products)
    base_start, base_end = (
        baseline_window(start) if baseline is None else (_as_date(baseline[0]), _as_date(baseline[1]))
    )
    if base_end < base_start:
        raise ValueError("The baseline has no days: the period starts on the first day of data.")
    period = range_totals(bakery, start, end, products)
    normal = range_totals(bakery, base_start, base_end, products)
    return Excess(
        start=start,
        end=end,
        products=products,
        days=period.days,
        wasted=period.wasted,
        baseline_start=base_start,
        baseline_end=base_end,
        baseline_per_day=normal.wasted_per_day,
    )


def explain_excess(result: Excess) -> str:
    """The arithmetic of an excess-waste computation, in one paragraph."""
    names = " and ".join(PRODUCT_PLURALS[p] for p in result.products)
    if len(result.products) == len(PRODUCTS):
        names = "all products"
    direction = "extra waste" if result.excess >= 0 else "waste avoided"
    return (
        f"{names.capitalize()}, {_format_date(result.start)} to {_format_date(result.end)} "
        f"({plural(result.days, 'day')}): {result.wasted:,} items wasted. "
        f"Normal rate ({_format_date(result.baseline_start)} to "
        f"{_format_date(result.baseline_end)}): {_format_number(result.baseline_per_day)} a day, "
        f"so {_format_number(result.expected, 0)} would be expected. "
        f"Difference: {_format_number(result.excess, 0)} items "
        f"({direction}: {_format_number(abs(result.excess), 0)})."
    )


@dataclass(frozen=True)
class EpisodeCost:
    episode: Episode
    waste: Excess
    large_orders: int
    on_time: int
    baseline_on_time_rate: float

    @property
    def excess_waste(self) -> int:
        return round(self.waste.excess)

    @property
    def missed_orders(self) -> int:
        return self.large_orders - self.on_time

    @property
    def late_at_normal_rate(self) -> float:
        rate = self.baseline_on_time_rate
        return self.large_orders * (1 - rate) if not math.isnan(rate) else math.nan


def episode_cost(bakery: pd.DataFrame, episode: Episode) -> EpisodeCost:
    """What an episode cost: excess waste and missed large orders of its products."""
    waste = excess_over_baseline(bakery, episode.start, episode.end, episode.products)
    during = range_totals(bakery, episode.start, episode.end, episode.products)
    before = range_totals(bakery, waste.baseline_start, waste.baseline_end, episode.products)
    return EpisodeCost(
        episode=episode,
        waste=waste,
        large_orders=during.large_orders,
        on_time=during.on_time,
        baseline_on_time_rate=before.on_time_rate,
    )


def episode_costs(bakery: pd.DataFrame, episodes: Iterable[Episode] = EPISODES) -> dict[str, EpisodeCost]:
    return {episode.key: episode_cost(bakery, episode) for episode in episodes}


# --- Comparing periods (worked example and benefits) ----------------------------------------

PHASES = dict(
    zip(
        _BANK["phases"],
        (
            (FIRST_DAY, date(2025, 3, 2)),
            (EPISODES[0].start, EPISODES[0].end),
            (date(2025, 4, 14), date(2025, 6, 1)),
            (EPISODES[1].start, EPISODES[1].end),
            (HUDDLE_START, LAST_DAY),
        ),
        strict=True,
    )
)


def compare_periods(
    bakery: pd.DataFrame,
    periods: Mapping[str, tuple],
    product: str = ALL_PRODUCTS,
    with_dates: bool = True,
) -> pd.DataFrame:
    """Side-by-side numbers for named periods (start and end dates, both included).

    One row per period: its dates and days (unless `with_dates` is false, e.g. to discuss
    results without giving away when the episodes were), waste per day, waste as a share of
    what was baked, complaints per day, the pooled large-order on-time rate, and decoration
    minutes per decorated item.
    """
    rows = []
    for name, (start, end) in periods.items():
        totals = range_totals(bakery, start, end, product_scope(product))
        rows.append(
            {
                "period": name,
                "from": _format_date(totals.start),
                "to": _format_date(totals.end),
                "days": totals.days,
                "waste per day": round(totals.wasted_per_day, 1),
                "waste % of baked": round(100 * totals.waste_share, 1),
                "complaints per day": round(totals.complaints_per_day, 2),
                "large orders on time %": round(100 * totals.on_time_rate, 1)
                if totals.large_orders
                else math.nan,
                "decoration min per item": round(totals.decoration_minutes, 1),
            }
        )
    table = pd.DataFrame(rows).set_index("period")
    return table if with_dates else table.drop(columns=["from", "to", "days"])


def phase_table(
    bakery: pd.DataFrame, product: str = ALL_PRODUCTS, with_dates: bool = True
) -> pd.DataFrame:
    """The year in five phases: before, the two episodes, between them, and the huddle."""
    return compare_periods(bakery, PHASES, product, with_dates)


# --- The learner's marks: parsing and validation --------------------------------------------

_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text, what: str = "date") -> tuple[date | None, str | None]:
    """A YYYY-MM-DD date inside the data's year, or a friendly problem."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None, (
            f"Enter a {what} as YYYY-MM-DD (for example 2025-03-03), or drag across the chart "
            "to fill it in."
        )
    match = _DATE_PATTERN.match(text.replace("/", "-"))
    if not match:
        return None, f"The {what} '{text}' is not a date in the form YYYY-MM-DD (for example 2025-03-03)."
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None, f"The {what} '{text}' does not exist in the calendar."
    if not FIRST_DAY <= day <= LAST_DAY:
        return None, (
            f"The {what} {day.isoformat()} is outside the data, which covers "
            f"{_format_date(FIRST_DAY)} to {_format_date(LAST_DAY)}."
        )
    return day, None


def parse_count(text, what: str, maximum: int) -> tuple[int | None, str | None]:
    """A whole, non-negative number such as 1200 or 1,200, or a friendly problem."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None, (
            f"Enter your estimate of {what} as a number (0 if you think there were none)."
        )
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None, f"Your estimate of {what}, '{text}', is not a number: type digits only, such as 120."
    if not math.isfinite(value):
        return None, f"Your estimate of {what}, '{text}', is not a number: type digits only, such as 120."
    if value < 0:
        return None, f"Your estimate of {what} cannot be negative; enter 0 if you think there were none."
    if value > maximum:
        return None, (
            f"Your estimate of {what}, {text}, is more than a small bakery could have in one "
            f"year (at most {maximum:,}). Check for an extra digit."
        )
    return round(value), None


@dataclass(frozen=True)
class Mark:
    """A learner's marked period: when, whose actions, and the estimated cost."""

    start: date
    end: date
    role: str
    extra_waste: int
    missed_orders: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        return (
            f"{_format_date(self.start)} to {_format_date(self.end)} ({plural(self.days, 'day')}), "
            f"{ROLE_LABELS[self.role].lower()}; estimated extra waste {self.extra_waste:,} items, "
            f"missed large orders {self.missed_orders:,}"
        )


def validate_mark(
    start_text,
    end_text,
    role,
    waste_text,
    orders_text,
    existing: Sequence[Mark] = (),
) -> tuple[Mark | None, list[str]]:
    """Check one marked period as typed; return the Mark, or None and every problem found."""
    problems = []
    if len(existing) >= MAX_MARKS:
        return None, [
            f"You can mark up to {MAX_MARKS} periods. Remove one before adding another."
        ]
    start, problem = parse_date(start_text, "start date")
    if problem:
        problems.append(problem)
    end, problem = parse_date(end_text, "end date")
    if problem:
        problems.append(problem)
    if start and end and end < start:
        problems.append(
            f"The end date {end.isoformat()} is before the start date {start.isoformat()}: "
            "swap them, or pick a later end."
        )
    if role not in ROLES:
        problems.append(
            "Choose whose actions diverged from the shared goal: baker, decorator or salesperson."
        )
    waste, problem = parse_count(waste_text, "extra waste (items)", MAX_WASTE_ESTIMATE)
    if problem:
        problems.append(problem)
    orders, problem = parse_count(orders_text, "missed large orders", MAX_ORDERS_ESTIMATE)
    if problem:
        problems.append(problem)
    if problems:
        return None, problems
    mark = Mark(start, end, role, waste, orders)
    if any(m.start == mark.start and m.end == mark.end and m.role == mark.role for m in existing):
        return None, ["You have already marked this period with this role."]
    return mark, []


# --- Matching marks with episodes and the feedback ------------------------------------------


def overlap_days(a_start, a_end, b_start, b_end) -> int:
    """Days two inclusive date ranges have in common."""
    start = max(_as_date(a_start), _as_date(b_start))
    end = min(_as_date(a_end), _as_date(b_end))
    return max(0, (end - start).days + 1)


def overlap_score(mark: Mark, episode: Episode) -> float:
    """Intersection over union of the two day ranges, from 0 (disjoint) to 1 (the same)."""
    common = overlap_days(mark.start, mark.end, episode.start, episode.end)
    union = mark.days + episode.days - common
    return common / union if union else 0.0


def coverage(mark: Mark, episode: Episode) -> float:
    """The share of the episode's days inside the mark."""
    return overlap_days(mark.start, mark.end, episode.start, episode.end) / episode.days


def match_marks(marks: Sequence[Mark], episodes: Sequence[Episode] = EPISODES) -> dict[str, int | None]:
    """Pair each episode with at most one mark and each mark with at most one episode,
    best overlap first. Returns episode key -> index of the mark (or None)."""
    pairs = sorted(
        (
            (overlap_score(mark, episode), coverage(mark, episode), -index, episode.key, index)
            for index, mark in enumerate(marks)
            for episode in episodes
            if overlap_days(mark.start, mark.end, episode.start, episode.end) > 0
        ),
        reverse=True,
    )
    matched: dict[str, int | None] = {episode.key: None for episode in episodes}
    used = set()
    for _score, _cover, _neg, key, index in pairs:
        if matched[key] is None and index not in used:
            matched[key] = index
            used.add(index)
    return matched


@dataclass(frozen=True)
class EstimateCheck:
    estimate: int
    actual: int
    verdict: str  # "close", "ballpark", "low" or "high"
    text: str

    @property
    def close(self) -> bool:
        return self.verdict == "close"


def compare_estimate(estimate: int, actual: float, tolerance: float, what: str, unit: str) -> EstimateCheck:
    """How an estimate compares with the cost computed from the data."""
    actual_rounded = round(actual)
    difference = estimate - actual
    allowed = max(ESTIMATE_SHARE * abs(actual), tolerance)
    numbers = f"you estimated {estimate:,} {unit}; the data gives {actual_rounded:,}"
    if abs(difference) <= allowed:
        verdict, text = "close", "close"
    elif actual > 0 and 0.5 * actual <= estimate <= 2 * actual:
        verdict = "ballpark"
        text = f"the right order of magnitude, but on the {'low' if difference < 0 else 'high'} side"
    elif difference < 0:
        verdict, text = "low", "too low"
    else:
        verdict, text = "high", "too high"
    return EstimateCheck(
        estimate, actual_rounded, verdict, f"{what.capitalize()}: {text}. {numbers.capitalize()}."
    )


@dataclass(frozen=True)
class EpisodeFeedback:
    episode: Episode
    cost: EpisodeCost
    mark_index: int | None
    overlap: float
    coverage: float
    timing: str  # "good", "partial", "weak" or "missed"
    timing_text: str
    role_ok: bool
    role_text: str
    waste: EstimateCheck | None
    orders: EstimateCheck | None
    cost_text: str
    explanation: str
    points: int


@dataclass(frozen=True)
class MarkNote:
    mark_index: int
    kind: str  # "false_alarm" or "duplicate"
    text: str


@dataclass(frozen=True)
class Assessment:
    episodes: tuple[EpisodeFeedback, ...]
    notes: tuple[MarkNote, ...]
    score: int
    max_score: int
    summary: str

    @property
    def false_alarms(self) -> tuple[MarkNote, ...]:
        return tuple(note for note in self.notes if note.kind == "false_alarm")


def _offset_text(days: int, late_word: str, early_word: str) -> str:
    if days == 0:
        return "on the day"
    return f"{plural(abs(days), 'day')} {late_word if days > 0 else early_word}"


def _cost_text(cost: EpisodeCost) -> str:
    waste = cost.waste
    parts = [
        f"How the cost is computed: {cost.episode.product_names} wasted {waste.wasted:,} items in "
        f"the {plural(waste.days, 'day')} of the episode. Their normal rate, from "
        f"{_format_date(waste.baseline_start)} to {_format_date(waste.baseline_end)}, was "
        f"{_format_number(waste.baseline_per_day)} a day, so {_format_number(waste.expected, 0)} "
        f"would have been normal: excess waste {cost.excess_waste:,} items.",
    ]
    if cost.missed_orders == 0:
        parts.append(
            f"Large orders due: {cost.large_orders:,}, all ready on time: this episode cost "
            "waste, not orders."
        )
        return " ".join(parts)
    parts.append(
        f"Large orders due: {cost.large_orders:,}, of which {cost.missed_orders:,} were not "
        "ready on time."
    )
    if not math.isnan(cost.late_at_normal_rate):
        parts.append(
            f"At the on-time rate of the weeks before "
            f"({_format_number(100 * cost.baseline_on_time_rate)} %), about "
            f"{_format_number(cost.late_at_normal_rate, 0)} would have been late anyway."
        )
    return " ".join(parts)


def _episode_feedback(
    episode: Episode, cost: EpisodeCost, marks: Sequence[Mark], index: int | None
) -> EpisodeFeedback:
    window = f"{_format_date(episode.start)} to {_format_date(episode.end)}"
    cost_text = _cost_text(cost)
    explanation = f"{episode.what_happened} {episode.how_fixed}"
    if index is None:
        return EpisodeFeedback(
            episode=episode,
            cost=cost,
            mark_index=None,
            overlap=0.0,
            coverage=0.0,
            timing="missed",
            timing_text=(
                f"Not marked. This episode ran from {window} ({plural(episode.days, 'day')}) "
                f"and shows in the {episode.product_names}."
            ),
            role_ok=False,
            role_text=f"The role whose actions diverged: the {episode.role}.",
            waste=None,
            orders=None,
            cost_text=cost_text,
            explanation=explanation,
            points=0,
        )
    mark = marks[index]
    score = overlap_score(mark, episode)
    covered = coverage(mark, episode)
    start_offset = (mark.start - episode.start).days
    end_offset = (mark.end - episode.end).days
    if score >= GOOD_OVERLAP:
        timing, timing_points, opening = "good", POINTS_TIMING, "Well placed"
    elif score >= PARTIAL_OVERLAP:
        timing, timing_points, opening = "partial", POINTS_TIMING // 2, "Partly placed"
    else:
        timing, timing_points, opening = "weak", 0, "Only a small overlap"
    timing_text = (
        f"{opening}: your mark {index + 1} covers "
        f"{overlap_days(mark.start, mark.end, episode.start, episode.end)} of the episode's "
        f"{episode.days} days ({_format_number(100 * covered, 0)} %), overlap score "
        f"{score:.2f}. It starts {_offset_text(start_offset, 'late', 'early')} and ends "
        f"{_offset_text(end_offset, 'late', 'early')} (the episode ran from {window})."
    )
    role_ok = mark.role == episode.role
    if role_ok:
        role_text = f"Right role: the {episode.role}."
    else:
        note = episode.wrong_role_notes.get(mark.role, "")
        role_text = (
            f"You chose the {mark.role}; the actions that diverged were the {episode.role}'s. "
            f"{note}"
        ).strip()
    waste = compare_estimate(
        mark.extra_waste, cost.waste.excess, WASTE_TOLERANCE, "extra waste", "items"
    )
    orders = compare_estimate(
        mark.missed_orders, cost.missed_orders, ORDERS_TOLERANCE, "missed large orders", "orders"
    )
    points = (
        timing_points
        + (POINTS_ROLE if role_ok else 0)
        + (POINTS_WASTE if waste.close else 0)
        + (POINTS_ORDERS if orders.close else 0)
    )
    return EpisodeFeedback(
        episode=episode,
        cost=cost,
        mark_index=index,
        overlap=score,
        coverage=covered,
        timing=timing,
        timing_text=timing_text,
        role_ok=role_ok,
        role_text=role_text,
        waste=waste,
        orders=orders,
        cost_text=cost_text,
        explanation=explanation,
        points=points,
    )


def _false_alarm_text(bakery: pd.DataFrame, mark: Mark, index: int) -> str:
    totals = range_totals(bakery, mark.start, mark.end)
    normal = range_totals(bakery, *PHASES["Before the episodes"])
    numbers = (
        f"In your period the shop wasted {_format_number(totals.wasted_per_day)} items a day and "
        f"had {_format_number(totals.complaints_per_day, 2)} complaints a day, against "
        f"{_format_number(normal.wasted_per_day)} and {_format_number(normal.complaints_per_day, 2)} "
        "before the episodes."
    )
    huddle_days = overlap_days(mark.start, mark.end, HUDDLE_START, LAST_DAY)
    if huddle_days * 2 >= mark.days:
        context = (
            "From 1 September the daily huddle was running: the low numbers here are what "
            "the shop looks like when the three roles pull together, not a divergence."
        )
    else:
        context = (
            "Daily and weekly numbers move with weather, weekends and holidays; a single "
            "high week is usually noise. Look for a shift that lasts several weeks and shows "
            "in one product line."
        )
    return (
        f"Mark {index + 1} ({_format_date(mark.start)} to {_format_date(mark.end)}) does not "
        f"overlap either episode: a false alarm. {numbers} {context}"
    )


def assess(
    bakery: pd.DataFrame,
    marks: Sequence[Mark],
    episodes: Sequence[Episode] = EPISODES,
) -> Assessment:
    """Compare the learner's marks and estimates with the episodes in the data."""
    if not marks:
        raise ValueError("There are no marked periods to check.")
    costs = episode_costs(bakery, episodes)
    matched = match_marks(marks, episodes)
    feedback = tuple(
        _episode_feedback(episode, costs[episode.key], marks, matched[episode.key])
        for episode in episodes
    )
    used = {index for index in matched.values() if index is not None}
    notes = []
    for index, mark in enumerate(marks):
        if index in used:
            continue
        touching = [
            episode
            for episode in episodes
            if overlap_days(mark.start, mark.end, episode.start, episode.end) > 0
        ]
        if touching:
            other = matched[touching[0].key]
            notes.append(
                MarkNote(
                    index,
                    "duplicate",
                    f"Mark {index + 1} overlaps the episode \"{touching[0].title}\", which your "
                    f"mark {other + 1} matches better; it was not scored separately.",
                )
            )
        else:
            notes.append(MarkNote(index, "false_alarm", _false_alarm_text(bakery, mark, index)))
    score = sum(item.points for item in feedback)
    max_score = POINTS_PER_EPISODE * len(episodes)
    found = sum(item.timing in ("good", "partial") for item in feedback)
    summary = (
        f"You scored {score} of {max_score}. You found {found} of the {len(episodes)} episodes"
        + (
            f", with {plural(len([n for n in notes if n.kind == 'false_alarm']), 'false alarm')}."
            if any(n.kind == "false_alarm" for n in notes)
            else "."
        )
    )
    return Assessment(feedback, tuple(notes), score, max_score, summary)


def marks_problems(marks: Sequence[Mark]) -> list[str]:
    """What keeps a set of marks from being checked."""
    if not marks:
        return [
            "Mark at least one period first: enter its dates, choose a role and your two "
            "estimates, then press \"Add this period\"."
        ]
    return []


HUDDLE_LESSON: str = _BANK["huddle_lesson"]
