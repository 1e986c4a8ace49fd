"""Pure logic for the lesson "Culture as an asset or a liability" (intermediate, first lesson).

Three parts, plain data and functions that a test can reach without a kernel:

1. **Teaching tables**: Schein's three levels of culture and the four cultural traits that
   drive alignment (adaptability, transparency, accountability, continuous improvement), each
   with its opposite and the ways to observe it.
2. **The two coffee shops** (`load("coffee_shops")`): the metrics, year-by-year and
   period comparisons, the road-works recovery, and correlations with an honest interval.
3. **The activity's attributions and their challenge**: a learner attributes an observed
   difference between the shops to cultural traits, with a confidence; `challenge` answers
   with the questions a skeptical colleague would ask about confounders, reverse causality,
   the small sample and the evidence that would make a causal claim stronger.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from widgets.core.bakery_case import brush_bounds
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.text import join_words as and_join

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")

__all__ = [
    "ATTRIBUTION_CHOICES",
    "CONFIDENCE",
    "METRICS",
    "OTHER",
    "ROADWORKS_MONTH",
    "SHOPS",
    "TRAITS",
    "Attribution",
    "Challenge",
    "brush_bounds",
    "challenge",
    "correlation",
    "validate_attribution",
]

# ---------------------------------------------------------------------------------------
# The shops and their metrics
# ---------------------------------------------------------------------------------------

SHOPS = {"A": "Harbour Beans", "B": "Corner Grind"}
SHOP_CULTURES = {
    "A": "collaborative and customer-centric",
    "B": "siloed and blame-oriented",
}
ROADWORKS_MONTH = date(2025, 3, 1)  # the data set's ROADWORKS_MONTH, checked by a test
FIRST_MONTH = date(2024, 1, 1)
LAST_MONTH = date(2025, 12, 1)
YEARS = (2024, 2025)

COFFEE_COLUMNS = (
    "date",
    "shop",
    "shop_name",
    "revenue",
    "review_rating",
    "service_time_seconds",
    "repeat_customer_share",
    "headcount",
    "leavers",
    "employee_turnover_rate",
    "engagement_score",
)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    axis_title: str
    unit: str  # after the number, e.g. " stars", " %"
    scale: float  # multiply the column by this to display it (shares become percent)
    decimals: int
    higher_is_better: bool
    group: str  # turnover, engagement, service, customer or money
    explanation: str

    def format(self, value: float, signed: bool = False, difference: bool = False) -> str:
        """A value in display units (already scaled), e.g. '4.65 stars', '11.6 %'.

        A `difference` between two percentages is in percentage points.
        """
        if value is None or not math.isfinite(value):
            return "n/a"
        number = f"{value:+,.{self.decimals}f}" if signed else f"{value:,.{self.decimals}f}"
        if self.key == "revenue":
            return f"EUR {number}"
        if difference and self.unit == " %":
            return f"{number} percentage points"
        return f"{number}{self.unit}"


# How each metric is shown and read: unit (format() relies on " %"), scale, decimals, whether
# higher is better, and its group. Arithmetic, so here; the wording (label, axis title,
# explanation) lives in content/coffee.yaml (widgets.core.content).
_METRIC_FORMATS = {
    "review_rating": (" stars", 1.0, 2, True, "customer"),
    "service_time_seconds": (" s", 1.0, 0, False, "service"),
    "revenue": ("", 1.0, 0, True, "money"),
    "employee_turnover_rate": (" %", 100.0, 1, False, "turnover"),
    "engagement_score": (" points", 1.0, 1, True, "engagement"),
    "repeat_customer_share": (" %", 100.0, 0, True, "customer"),
}


def _metric(key: str) -> Metric:
    wording = load_content("coffee")["metrics"][key]
    unit, scale, decimals, higher_is_better, group = _METRIC_FORMATS[key]
    return Metric(key, wording["label"], wording["axis_title"], unit, scale, decimals, higher_is_better,
                  group, wording["explanation"])


METRICS = {key: _metric(key) for key in _METRIC_FORMATS}

# The metric each one is most often paired with when people argue about cause.
LINKED_METRIC = {
    "review_rating": "employee_turnover_rate",
    "employee_turnover_rate": "review_rating",
    "service_time_seconds": "employee_turnover_rate",
    "engagement_score": "repeat_customer_share",
    "repeat_customer_share": "engagement_score",
    "revenue": "repeat_customer_share",
}


def check_coffee(frame: pd.DataFrame) -> None:
    """Refuse a table that is not the coffee_shops data set, with one clear sentence."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError("This needs the coffee_shops table (a pandas DataFrame).")
    missing = [c for c in COFFEE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            "This needs the coffee_shops data set; the table has no column "
            + ", ".join(repr(c) for c in missing)
            + "."
        )
    if frame.empty:
        raise ValueError("The coffee_shops table is empty.")
    unknown = set(frame["shop"].astype(str)) - set(SHOPS)
    if unknown:
        raise ValueError(f"Unknown shop code(s): {', '.join(sorted(unknown))}; expected A and B.")


def _check_metric(metric: str) -> Metric:
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}; choose one of {', '.join(METRICS)}.")
    return METRICS[metric]


def metric_values(frame: pd.DataFrame, metric: str) -> pd.Series:
    """A metric's column in display units (shares become percent), as floats."""
    info = _check_metric(metric)
    return frame[metric].astype(float) * info.scale


def _months(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["date"]).dt.to_period("M").dt.to_timestamp()


def chart_frame(frame: pd.DataFrame, metric: str, other: str) -> pd.DataFrame:
    """The 48 rows the linked chart draws: month, shop, the metric and a second metric."""
    check_coffee(frame)
    _check_metric(other)
    months = _months(frame)
    return pd.DataFrame(
        {
            "date": months,
            "month": months.dt.strftime("%b %Y"),
            "shop": frame["shop"].astype(str).to_numpy(),
            "shop_name": frame["shop"].astype(str).map(SHOPS).to_numpy(),
            "value": metric_values(frame, metric).round(METRICS[metric].decimals + 1).to_numpy(),
            "other": metric_values(frame, other).round(METRICS[other].decimals + 1).to_numpy(),
        }
    ).sort_values(["date", "shop"], kind="mergesort", ignore_index=True)


def monthly_table(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """One row per month, one column per shop: the chart as a table (its text alternative)."""
    data = chart_frame(frame, metric, metric)
    table = data.pivot(index="date", columns="shop_name", values="value")
    table = table.reindex(columns=[name for name in SHOPS.values() if name in table.columns])
    table.index = [stamp.strftime("%b %Y") for stamp in table.index]
    table.index.name = "month"
    table.columns.name = None
    return table


def _shop_frame(frame: pd.DataFrame, shop: str) -> pd.DataFrame:
    return frame[frame["shop"].astype(str) == shop]


# ---------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------


def year_comparison(frame: pd.DataFrame, metrics: Iterable[str] = tuple(METRICS)) -> pd.DataFrame:
    """Each metric's monthly mean by shop and year, and the gap between the shops.

    Columns: 'Harbour Beans 2024', 'Harbour Beans 2025', 'Corner Grind 2024', 'Corner Grind
    2025', 'Gap 2024', 'Gap 2025' (A minus B, in display units), and 'Gap widened' (whether
    the gap in A's favor grew, taking the metric's direction into account).
    """
    check_coffee(frame)
    years = pd.to_datetime(frame["date"]).dt.year
    rows = {}
    for metric in metrics:
        info = _check_metric(metric)
        values = metric_values(frame, metric)
        row = {}
        for code, name in SHOPS.items():
            for year in YEARS:
                mask = (frame["shop"].astype(str) == code) & (years == year)
                row[f"{name} {year}"] = round(float(values[mask].mean()), info.decimals + 2)
        for year in YEARS:
            gap = row[f"{SHOPS['A']} {year}"] - row[f"{SHOPS['B']} {year}"]
            row[f"Gap {year}"] = round(gap, info.decimals + 2)
        sign = 1 if info.higher_is_better else -1
        row["Gap widened"] = bool(sign * row["Gap 2025"] > sign * row["Gap 2024"])
        rows[info.label] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "metric"
    return table


def year_table(frame: pd.DataFrame, metrics: Iterable[str] = tuple(METRICS)) -> pd.DataFrame:
    """`year_comparison` for reading: every number with its unit, the gap's trend in words."""
    table = year_comparison(frame, metrics)
    keys = {METRICS[m].label: m for m in metrics}
    rows = {}
    for label, row in table.iterrows():
        info = METRICS[keys[label]]
        formatted = {
            column: info.format(
                row[column], signed=column.startswith("Gap"), difference=column.startswith("Gap")
            )
            for column in table.columns
            if column != "Gap widened"
        }
        formatted["Gap"] = "widened" if row["Gap widened"] else "narrowed or reversed"
        rows[f"{label} ({'higher' if info.higher_is_better else 'lower'} is better)"] = formatted
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "metric (monthly mean)"
    return result


def difference_summary(frame: pd.DataFrame, metric: str) -> str:
    """The observed difference on one metric, in one or two sentences with the numbers."""
    info = _check_metric(metric)
    row = year_comparison(frame, [metric]).iloc[0]
    a, b = SHOPS["A"], SHOPS["B"]
    better = "higher" if info.higher_is_better else "lower"
    parts = [
        (
            f"{info.label}, monthly mean: {a} {info.format(row[f'{a} 2024'])} in 2024 and "
            f"{info.format(row[f'{a} 2025'])} in 2025; {b} {info.format(row[f'{b} 2024'])} and "
            f"{info.format(row[f'{b} 2025'])}."
        )
    ]
    gap24, gap25 = row["Gap 2024"], row["Gap 2025"]
    if gap24 == 0 and gap25 == 0:
        parts.append("The shops do not differ on it.")
    else:
        trend = "widened" if row["Gap widened"] else "narrowed or reversed"
        parts.append(
            f"The gap (Harbour Beans minus Corner Grind; {better} is better) went from "
            f"{info.format(gap24, signed=True, difference=True)} to "
            f"{info.format(gap25, signed=True, difference=True)}: it {trend}."
        )
    return " ".join(parts)


@dataclass(frozen=True)
class PeriodComparison:
    metric: str
    start: date
    end: date
    months: int
    mean_a: float
    mean_b: float

    @property
    def gap(self) -> float:
        return self.mean_a - self.mean_b

    @property
    def leader(self) -> str | None:
        """The shop that does better on this metric over the period, or None if tied."""
        info = METRICS[self.metric]
        if math.isclose(self.mean_a, self.mean_b, abs_tol=10 ** -(info.decimals + 1)):
            return None
        a_better = (self.mean_a > self.mean_b) == info.higher_is_better
        return SHOPS["A"] if a_better else SHOPS["B"]

    def describe(self) -> str:
        info = METRICS[self.metric]
        span = (
            _month_name(self.start)
            if self.start == self.end
            else f"{_month_name(self.start)} to {_month_name(self.end)}"
        )
        lead = (
            "The shops are level."
            if self.leader is None
            else f"{self.leader} does better by {info.format(abs(self.gap), difference=True)}."
        )
        return (
            f"{info.label}, {span} ({self.months} month{'s' if self.months != 1 else ''}): "
            f"{SHOPS['A']} {info.format(self.mean_a)}, {SHOPS['B']} {info.format(self.mean_b)} "
            f"on average. {lead}"
        )


def _month_name(day: date) -> str:
    return pd.Timestamp(day).strftime("%b %Y")


def _as_month(value) -> date:
    stamp = pd.Timestamp(value)
    return date(stamp.year, stamp.month, 1)


def period_comparison(frame: pd.DataFrame, metric: str, start, end) -> PeriodComparison | None:
    """Each shop's mean of a metric over the months from `start` to `end` (inclusive).

    Any day of a month counts as that month. Returns None when no month of the data falls
    in the range.
    """
    check_coffee(frame)
    info = _check_metric(metric)
    first, last = sorted((_as_month(start), _as_month(end)))
    months = _months(frame)
    mask = (months >= pd.Timestamp(first)) & (months <= pd.Timestamp(last))
    if not mask.any():
        return None
    values = metric_values(frame, metric)[mask]
    shops = frame["shop"].astype(str)[mask]
    means = {code: values[shops == code].mean() for code in SHOPS}
    if any(pd.isna(v) for v in means.values()):
        return None
    present = months[mask]
    return PeriodComparison(
        metric=metric,
        start=present.min().date(),
        end=present.max().date(),
        months=int(present.nunique()),
        mean_a=round(float(means["A"]), info.decimals + 2),
        mean_b=round(float(means["B"]), info.decimals + 2),
    )


def month_options(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, ISO date) for every month in the data, for the 'From' and 'To' menus."""
    check_coffee(frame)
    months = sorted(_months(frame).unique())
    return [(pd.Timestamp(m).strftime("%b %Y"), pd.Timestamp(m).date().isoformat()) for m in months]


def brush_months(selection_value: Mapping | None, field: str = "date") -> tuple[date, date] | None:
    """The months an interval brush on the chart's time axis covers, or None.

    Vega sends `{field: [start, end]}` in milliseconds (or ISO strings). A brush that covers
    any part of a month's point counts that month: the ends are rounded to the first day of
    the nearest month at or inside the brush.
    """
    if not isinstance(selection_value, Mapping):
        return None
    bounds = brush_bounds(selection_value.get(field, ()))
    if bounds is None:
        return None
    low, high = bounds
    first = pd.Timestamp(low)
    first = first if first.day == 1 else first + pd.offsets.MonthBegin(1)
    last = pd.Timestamp(high).to_period("M").to_timestamp()
    if first > last:
        return None
    return first.date(), last.date()


def roadworks_recovery(frame: pd.DataFrame, months_after: int = 6) -> pd.DataFrame:
    """Revenue from February 2025 on as a percent of the same month a year earlier, by shop.

    The road works closed the street in March 2025 for both shops alike: the same shock in the
    same month, a small natural experiment. Comparing with the same month of 2024 removes the
    harbor front's seasonality.
    """
    check_coffee(frame)
    months = _months(frame)
    revenue = frame["revenue"].astype(float)
    shock = pd.Timestamp(ROADWORKS_MONTH)
    rows = {}
    for offset in range(-1, months_after + 1):
        month = shock + pd.DateOffset(months=offset)
        year_before = month - pd.DateOffset(years=1)
        row = {}
        for code, name in SHOPS.items():
            shop = frame["shop"].astype(str) == code
            now = revenue[shop & (months == month)]
            then = revenue[shop & (months == year_before)]
            if len(now) and len(then) and float(then.iloc[0]) > 0:
                row[name] = round(100 * float(now.iloc[0]) / float(then.iloc[0]), 1)
            else:
                row[name] = float("nan")
        rows[month.strftime("%b %Y")] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "month (% of the same month in 2024)"
    return table


def months_to_recover(recovery: pd.DataFrame, shop_name: str, level: float = 100.0) -> int | None:
    """Months after the road works until revenue is back to `level` % of a year earlier."""
    values = list(recovery[shop_name])[1:]  # from the road-works month on
    for offset, value in enumerate(values):
        if offset > 0 and value >= level:
            return offset
    return None


# ---------------------------------------------------------------------------------------
# Correlation, with an honest interval
# ---------------------------------------------------------------------------------------

Z95 = 1.959964


@dataclass(frozen=True)
class Correlation:
    x: str
    y: str
    scope: str  # "both shops", or a shop's name
    n: int
    r: float | None
    low: float | None  # 95 % interval (Fisher z), counting every month as independent
    high: float | None
    effective_n: float | None  # months "worth" once month-to-month persistence is counted
    low_effective: float | None
    high_effective: float | None
    note: str = ""
    lag: int = 0  # y is taken this many months after x

    def describe(self) -> str:
        y = METRICS[self.y].label.lower()
        if self.lag:
            y += f" {self.lag} month{'s' if self.lag != 1 else ''} later"
        if self.r is None:
            return f"{METRICS[self.x].label} and {y}, {self.scope}: no correlation ({self.note})."
        pairs = "pairs of months" if self.lag else "months"
        text = f"{METRICS[self.x].label} and {y}, {self.scope}: r = {self.r:+.2f} over {self.n} {pairs}"
        if self.low is not None:
            text += f" (95 % interval {self.low:+.2f} to {self.high:+.2f}"
            if self.effective_n is not None and self.effective_n < self.n - 0.5:
                text += (
                    f"; the months are not independent, so it is worth about "
                    f"{self.effective_n:.0f} independent months and the interval widens to "
                    f"{self.low_effective:+.2f} to {self.high_effective:+.2f}"
                )
            text += ")"
        return text + "."


def _lag1(values: np.ndarray) -> float:
    if len(values) < 3 or np.std(values[:-1]) == 0 or np.std(values[1:]) == 0:
        return 0.0
    return float(np.corrcoef(values[:-1], values[1:])[0, 1])


def _fisher_interval(r: float, n: float) -> tuple[float | None, float | None]:
    if n <= 3:
        return None, None
    z = math.atanh(max(min(r, 0.999999), -0.999999))
    half = Z95 / math.sqrt(n - 3)
    return round(math.tanh(z - half), 2), round(math.tanh(z + half), 2)


def correlation(
    frame: pd.DataFrame, x: str, y: str, shop: str | None = None, lag: int = 0
) -> Correlation:
    """Pearson's r between two metrics over the months, for one shop or both pooled.

    With `lag`, each month's x is paired with y `lag` months later (one shop only): if x
    drives y, x should go with *later* y at least as well as later x goes with y.

    Also a 95 % interval by Fisher's z, and a second, wider one that allows for the months
    not being independent (a bad month tends to follow a bad month): the effective number
    of months is n (1 - a b) / (1 + a b), with a and b each series' lag-1 autocorrelation
    (Bartlett's approximation; only for a single shop's series).
    """
    check_coffee(frame)
    _check_metric(x)
    _check_metric(y)
    if shop is not None and shop not in SHOPS:
        raise ValueError(f"Unknown shop {shop!r}; use 'A', 'B' or None for both.")
    if isinstance(lag, bool) or not isinstance(lag, int) or lag < 0:
        raise ValueError(f"The lag must be a whole number of months, 0 or more (got {lag!r}).")
    if lag and shop is None:
        raise ValueError(
            "A lagged correlation needs one shop: months of two shops do not follow each other."
        )
    data = frame if shop is None else _shop_frame(frame, shop)
    data = data.sort_values("date")
    scope = "both shops" if shop is None else SHOPS[shop]
    xs = metric_values(data, x).to_numpy()
    ys = metric_values(data, y).to_numpy()
    if lag:
        xs, ys = xs[:-lag], ys[lag:]
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    n = len(xs)
    empty = {
        "x": x,
        "y": y,
        "scope": scope,
        "n": n,
        "r": None,
        "low": None,
        "high": None,
        "effective_n": None,
        "low_effective": None,
        "high_effective": None,
        "lag": lag,
    }
    if n < 3:
        return Correlation(**empty, note="fewer than 3 months")
    if np.std(xs) == 0 or np.std(ys) == 0:
        return Correlation(**empty, note="one of the two does not vary")
    r = float(np.corrcoef(xs, ys)[0, 1])
    low, high = _fisher_interval(r, n)
    effective = low_eff = high_eff = None
    if shop is not None:
        product = _lag1(xs) * _lag1(ys)
        effective = max(3.0, min(float(n), n * (1 - product) / (1 + product)))
        low_eff, high_eff = _fisher_interval(r, effective)
        effective = round(effective, 1)
    return Correlation(
        x=x,
        y=y,
        scope=scope,
        n=n,
        r=round(r, 2),
        low=low,
        high=high,
        effective_n=effective,
        low_effective=low_eff,
        high_effective=high_eff,
        lag=lag,
    )


def lead_lag(
    frame: pd.DataFrame, x: str, y: str, shop: str, lags: Sequence[int] = (0, 1, 2)
) -> pd.DataFrame:
    """Which comes first? r of x with later y, and of y with later x, for one shop.

    If x drives y with a delay, 'x, then y' should be clearly stronger than 'y, then x'.
    The order of events is a hint about direction, not proof: a third factor that moves x
    first and y later gives the same pattern.
    """
    rows = {}
    for lag in lags:
        forward = correlation(frame, x, y, shop, lag)
        backward = correlation(frame, y, x, shop, lag)
        rows[lag] = {
            f"{METRICS[x].label}, then {METRICS[y].label.lower()}": forward.r,
            f"{METRICS[y].label}, then {METRICS[x].label.lower()}": backward.r,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = f"months later ({SHOPS[shop]})"
    return table


DEFAULT_PAIRS = (
    ("employee_turnover_rate", "review_rating"),
    ("engagement_score", "repeat_customer_share"),
    ("employee_turnover_rate", "service_time_seconds"),
    ("repeat_customer_share", "revenue"),
)


def correlation_table(
    frame: pd.DataFrame, pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS
) -> pd.DataFrame:
    """Pearson's r for each pair: both shops pooled, then within each shop."""
    rows = {}
    for x, y in pairs:
        results = [correlation(frame, x, y)] + [correlation(frame, x, y, code) for code in SHOPS]
        rows[f"{METRICS[x].label} vs {METRICS[y].label.lower()}"] = {
            result.scope: result.r for result in results
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "pair (Pearson's r, by month)"
    return table


def describe_chart(frame: pd.DataFrame, metric: str, other: str) -> str:
    """The linked chart in words: the metric's levels and trend per shop, and how it relates
    to the second metric. This is the chart's text alternative."""
    info = _check_metric(metric)
    _check_metric(other)
    parts = [difference_summary(frame, metric)]
    values = metric_values(frame, metric)
    months = _months(frame)
    for code, name in SHOPS.items():
        shop = frame["shop"].astype(str) == code
        series = values[shop]
        if series.empty:
            continue
        top = series.idxmax() if info.higher_is_better else series.idxmin()
        low = series.idxmin() if info.higher_is_better else series.idxmax()
        parts.append(
            f"{name}: best month {months[top].strftime('%b %Y')} ({info.format(values[top])}), "
            f"worst {months[low].strftime('%b %Y')} ({info.format(values[low])})."
        )
    parts.append(f"The road works closed the street in {_month_name(ROADWORKS_MONTH)}.")
    if other != metric:
        for code in SHOPS:
            parts.append(correlation(frame, metric, other, code).describe())
    return " ".join(parts)


# ---------------------------------------------------------------------------------------
# Teaching tables: Schein's levels and the four traits
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheinLevel:
    key: str
    label: str
    what: str
    how_to_see: str
    smb_examples: str
    harbour_beans: str
    corner_grind: str


# Schein's levels and the traits live in content/coffee.yaml, with the feedback texts below
# (MECHANISMS to EVIDENCE), where a trainer can change them (widgets.core.content).
SCHEIN_LEVELS = tuple(ScheinLevel(**entry) for entry in load_content("coffee")["schein_levels"])


def schein_table() -> pd.DataFrame:
    """Schein's three levels, with SMB and coffee-shop examples, for `text_table`."""
    table = pd.DataFrame(
        [
            {
                "Level": level.label,
                "What it is": level.what,
                "How to find it": level.how_to_see,
                "In a small firm": level.smb_examples,
                "Harbour Beans": level.harbour_beans,
                "Corner Grind": level.corner_grind,
            }
            for level in SCHEIN_LEVELS
        ]
    )
    return table.set_index("Level")


@dataclass(frozen=True)
class Trait:
    key: str
    label: str
    opposite: str
    definition: str
    why_it_aligns: str
    behaviors: str
    warning_signs: str
    questions: str
    artifacts: str
    metric_hint: str
    in_the_shops: str
    survey_theme: str


TRAITS = {entry["key"]: Trait(**entry) for entry in load_content("coffee")["traits"]}

OTHER = "other"
OTHER_LABEL: str = load_content("coffee")["other_label"]
ATTRIBUTION_CHOICES = (*TRAITS, OTHER)
CHOICE_LABELS = {**{key: trait.label for key, trait in TRAITS.items()}, OTHER: OTHER_LABEL}


def traits_table() -> pd.DataFrame:
    """The four traits: what each is, its opposite, why it aligns, and how the engagement
    survey of the next lesson (`engagement_survey`) asks about it; for `text_table`."""
    return pd.DataFrame(
        [
            {
                "Trait": t.label,
                "What it is": t.definition,
                "Why it aligns": t.why_it_aligns,
                "Its opposite": t.opposite,
                "In the coffee shops": t.in_the_shops,
                "The engagement survey asks about": t.survey_theme,
            }
            for t in TRAITS.values()
        ]
    ).set_index("Trait")


def observation_table() -> pd.DataFrame:
    """How to observe each trait and its opposite: behaviors, questions, artifacts, a metric."""
    return pd.DataFrame(
        [
            {
                "Trait": t.label,
                "You see it when": t.behaviors,
                "Its opposite shows as": t.warning_signs,
                "Questions to ask": t.questions,
                "Artifacts to look at": t.artifacts,
                "A metric that hints at it": t.metric_hint,
            }
            for t in TRAITS.values()
        ]
    ).set_index("Trait")


# ---------------------------------------------------------------------------------------
# Attributions and the challenge
# ---------------------------------------------------------------------------------------

CONFIDENCE = {
    number: f"{number}: {meaning}" for number, meaning in enumerate(load_content("coffee")["confidence"], start=1)
}
HIGH_CONFIDENCE = 4


@dataclass(frozen=True)
class Attribution:
    metric: str
    traits: tuple[str, ...]  # keys of TRAITS, and/or OTHER, in ATTRIBUTION_CHOICES order
    confidence: int

    @property
    def cultural_traits(self) -> tuple[str, ...]:
        return tuple(t for t in self.traits if t in TRAITS)

    @property
    def all_traits(self) -> bool:
        return set(TRAITS) <= set(self.traits)

    def describe(self) -> str:
        names = [
            CHOICE_LABELS[t] if t != OTHER else "something other than culture" for t in self.traits
        ]
        return (
            f"{METRICS[self.metric].label}: "
            + ", ".join(names)
            + f" (confidence {CONFIDENCE[self.confidence].split(': ')[1]})"
        )


def validate_attribution(metric, traits, confidence) -> tuple[Attribution | None, list[str]]:
    """Check one attribution; return it (traits in a fixed order) or the problems, in words."""
    problems = []
    if metric not in METRICS:
        problems.append("Choose which difference (metric) you are explaining.")
    if traits is None or isinstance(traits, str):
        traits = () if not traits else (traits,)
    chosen = []
    unknown = []
    for trait in traits:
        (chosen if trait in ATTRIBUTION_CHOICES else unknown).append(trait)
    if unknown:
        problems.append(
            "Unknown choice(s): "
            + ", ".join(repr(str(t)) for t in unknown)
            + "; pick from the four traits or 'something other than culture'."
        )
    elif not chosen:
        problems.append(
            "Tick at least one trait that you think explains this difference, or 'Something "
            "other than culture' if you think it is not about culture."
        )
    if isinstance(confidence, bool) or not isinstance(confidence, (int, np.integer)):
        try:
            confidence = int(str(confidence).strip()) if confidence not in (None, "") else None
        except ValueError:
            confidence = None
    if confidence is None:
        problems.append("Choose how confident you are, from 1 (a hunch) to 5 (certain).")
    elif not 1 <= int(confidence) <= 5:
        problems.append(
            f"Confidence must be between 1 (a hunch) and 5 (certain); you gave {confidence}."
        )
    if problems:
        return None, problems
    ordered = tuple(t for t in ATTRIBUTION_CHOICES if t in set(chosen))
    return Attribution(metric=metric, traits=ordered, confidence=int(confidence)), []


# What you would expect to see if a trait explained a difference: the mechanism to look for.
MECHANISMS = {trait: dict(texts) for trait, texts in load_content("coffee")["mechanisms"].items()}

OTHER_NOTES = dict(load_content("coffee")["other_notes"])

CONFOUNDERS = {kind: tuple(texts) for kind, texts in load_content("coffee")["confounders"].items()}

# Confounders that belong to one metric: how it is measured.
MEASUREMENT = dict(load_content("coffee")["measurement"])

REVERSE = dict(load_content("coffee")["reverse"])

EVIDENCE = dict(load_content("coffee")["evidence"])


@dataclass(frozen=True)
class Question:
    kind: str  # observed, mechanism, other, confounder, reverse, sample, evidence, focus
    title: str
    text: str


KIND_TITLES = dict(load_content("coffee")["kind_titles"])


@dataclass(frozen=True)
class AttributionChallenge:
    attribution: Attribution
    questions: tuple[Question, ...]

    def of_kind(self, kind: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.kind == kind)


@dataclass(frozen=True)
class Challenge:
    items: tuple[AttributionChallenge, ...]
    general: tuple[Question, ...]
    summary: str

    @property
    def kinds(self) -> set[str]:
        return {q.kind for item in self.items for q in item.questions} | {
            q.kind for q in self.general
        }


def challenge_problems(attributions) -> list[str]:
    """Why a set of attributions cannot be challenged yet ([] when it can)."""
    if not attributions:
        return [
            (
                "Make at least one attribution first: choose a metric, tick the trait(s) you think "
                "explain the difference, choose your confidence and press 'Save this attribution'."
            )
        ]
    problems = []
    for item in attributions:
        if not isinstance(item, Attribution):
            problems.append(f"Not an attribution: {item!r}.")
            continue
        _, item_problems = validate_attribution(item.metric, item.traits, item.confidence)
        name = METRICS[item.metric].label if item.metric in METRICS else str(item.metric)
        problems += [f"{name}: {problem}" for problem in item_problems]
    return problems


def _sample_question(frame: pd.DataFrame, attribution: Attribution) -> Question:
    metric = attribution.metric
    linked = LINKED_METRIC[metric]
    within = [correlation(frame, metric, linked, code) for code in SHOPS]
    pooled = correlation(frame, metric, linked)
    text = (
        "Two shops and 24 months are one comparison of two organizations: any difference "
        "between them (owner, coffee, corner) is tangled with their cultures, and you cannot "
        "separate the two with n = 2. Within each shop the months help a little: "
        + " ".join(c.describe() for c in within)
    )
    comparable = pooled.r is not None and all(c.r is not None for c in within)
    if comparable and abs(pooled.r) > max(abs(c.r) for c in within) + 0.05:
        text += (
            f" Pooled over both shops r = {pooled.r:+.2f}, stronger than within either "
            "shop: pooling mostly measures that the two shops differ, not how one moves "
            "the other."
        )
    if attribution.confidence >= HIGH_CONFIDENCE:
        text += (
            f" You chose '{CONFIDENCE[attribution.confidence].split(': ')[1]}'. With one pair "
            "of shops, what would have to be true for you to be wrong?"
        )
    elif attribution.confidence <= 2:
        text += " Your modest confidence fits evidence this thin."
    return Question("sample", KIND_TITLES["sample"], text)


def _attribution_questions(frame: pd.DataFrame, attribution: Attribution) -> tuple[Question, ...]:
    metric = attribution.metric
    group = METRICS[metric].group
    questions = [Question("observed", KIND_TITLES["observed"], difference_summary(frame, metric))]
    for trait in attribution.cultural_traits:
        questions.append(
            Question(
                "mechanism",
                f"{KIND_TITLES['mechanism']}: {TRAITS[trait].label.lower()}",
                MECHANISMS[trait][group],
            )
        )
    if OTHER in attribution.traits:
        questions.append(Question("other", KIND_TITLES["other"], OTHER_NOTES[group]))
    if attribution.all_traits:
        questions.append(
            Question(
                "focus",
                KIND_TITLES["focus"],
                "You ticked all four traits. An explanation that fits everything predicts "
                "nothing: if you had to bet on one, which would it be, and what observation "
                "would tell it apart from the other three?",
            )
        )
    confounders = list(CONFOUNDERS[group])
    if metric in MEASUREMENT:
        confounders.append(MEASUREMENT[metric])
    if group != "money":
        confounders.append(_roadworks_confounder(frame, metric))
    for text in confounders:
        questions.append(Question("confounder", KIND_TITLES["confounder"], text))
    questions.append(Question("reverse", KIND_TITLES["reverse"], _reverse_text(frame, metric)))
    questions.append(_sample_question(frame, attribution))
    questions.append(Question("evidence", KIND_TITLES["evidence"], EVIDENCE[group]))
    return tuple(questions)


def _reverse_text(frame: pd.DataFrame, metric: str) -> str:
    """The reverse-causality question, with the order of events at Corner Grind."""
    linked = LINKED_METRIC[metric]
    forward = correlation(frame, linked, metric, "B", 1)
    backward = correlation(frame, metric, linked, "B", 1)
    text = REVERSE[metric]
    if forward.r is None or backward.r is None:
        return text
    return (
        f"{text} One clue is the order of events. At Corner Grind, "
        f"{METRICS[linked].label.lower()} in one month goes with {METRICS[metric].label.lower()} "
        f"the next month at r = {forward.r:+.2f}; the other way round, r = {backward.r:+.2f}. "
        + (
            "Both are strong because both series drift the same way for two years: with a "
            "shared trend, the order of events tells you little."
            if min(abs(forward.r), abs(backward.r)) > 0.6
            else "Whichever moves first is the better candidate for the cause, but a third "
            "factor that moves both, one after the other, would leave the same trace."
        )
    )


def _roadworks_confounder(frame: pd.DataFrame, metric: str) -> str:
    """How the metric moved around the road works, in each shop: a shock, not a trait."""
    info = METRICS[metric]
    shock = pd.Timestamp(ROADWORKS_MONTH)
    before = period_comparison(
        frame, metric, shock - pd.DateOffset(months=3), shock - pd.DateOffset(months=1)
    )
    during = period_comparison(frame, metric, shock, shock + pd.DateOffset(months=2))
    if before is None or during is None:
        return (
            f"The road works in {_month_name(ROADWORKS_MONTH)} hit both shops: a shock that "
            "hits one shop harder moves every metric at once."
        )
    return (
        f"The road works ({_month_name(ROADWORKS_MONTH)}): over the three months from then, "
        f"{info.label.lower()} averaged {info.format(during.mean_a)} at Harbour Beans and "
        f"{info.format(during.mean_b)} at Corner Grind, against {info.format(before.mean_a)} "
        f"and {info.format(before.mean_b)} in the three months before. A shock that hits one "
        "shop harder (fewer regulars, staff walking out) moves several metrics at once; "
        "is the difference you are explaining there before the shock too?"
    )


def challenge(frame: pd.DataFrame, attributions: Sequence[Attribution]) -> Challenge:
    """The skeptical colleague's questions for each attribution, and for the set as a whole.

    Raises ValueError with the problems (in words) when there is nothing valid to challenge;
    call `challenge_problems` first to show them without an exception.
    """
    check_coffee(frame)
    problems = challenge_problems(attributions)
    if problems:
        raise ValueError(" ".join(problems))
    items = tuple(AttributionChallenge(a, _attribution_questions(frame, a)) for a in attributions)
    general = []
    if len(attributions) >= 2 and all(a.all_traits for a in attributions):
        general.append(
            Question(
                "focus",
                KIND_TITLES["focus"],
                "You ticked every trait for every difference. Then the traits explain nothing "
                "in particular: a claim is useful only if it could turn out wrong. Go back "
                "and keep, for each difference, the one trait you would bet on.",
            )
        )
    if all(OTHER not in a.traits for a in attributions):
        general.append(
            Question(
                "other",
                KIND_TITLES["other"],
                "You put every difference down to culture. Which one might have nothing to "
                "do with it? The road works in March 2025 hit both shops: try attributing "
                "the revenue difference and see what is left once the shock is taken out.",
            )
        )
    if len(attributions) >= 2 and all(a.confidence >= HIGH_CONFIDENCE for a in attributions):
        general.append(
            Question(
                "sample",
                KIND_TITLES["sample"],
                "You are very sure of every attribution. Two shops cannot carry that much "
                "certainty: rank your attributions and lower the confidence of the weakest.",
            )
        )
    if len(attributions) == 1:
        linked = LINKED_METRIC[attributions[0].metric]
        others = [m for m in METRICS if m not in (attributions[0].metric, linked)]
        general.append(
            Question(
                "observed",
                KIND_TITLES["observed"],
                "You attributed one difference. Try a second one, for example "
                f"{METRICS[linked].label.lower()}, and ask whether the two are one story or "
                "two. (Others to try: "
                + and_join([METRICS[m].label.lower() for m in others])
                + ".)",
            )
        )
    count = len(attributions)
    traits_used = sorted(
        {t for a in attributions for t in a.cultural_traits}, key=list(TRAITS).index
    )
    summary = (
        f"You attributed {count} difference{'s' if count != 1 else ''}"
        + (
            " to " + and_join([TRAITS[t].label.lower() for t in traits_used])
            if traits_used
            else " to causes other than culture"
        )
        + ". Below are the questions a skeptical colleague would ask before believing that "
        "culture caused them."
    )
    return Challenge(items=items, general=tuple(general), summary=summary)
