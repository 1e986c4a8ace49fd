"""Pure logic for the turnover calculator of the "Turnover and the voice of employees" lesson.

Turnover is the share of a team that left in a period, over the team's average headcount:

    monthly turnover (%) = separations in the month / average headcount x 100
    average headcount    = (headcount at the start + headcount at the end) / 2

For a longer period the average headcount is the mean of the monthly averages, and there are
two ways to turn monthly figures into an annual rate, which this module computes side by side:

* **from the total**: separations in the year / mean monthly average headcount x 100;
* **the sum of the twelve monthly rates**.

They agree when headcount is steady and drift apart when it swings (a seasonal business, a
team that shrinks while people leave). For fewer than twelve months both are scaled by
12 / months, a run rate that is only as good as the months it is built on.

Everything here is plain Python and pandas, so the widget, the lesson and the tests share it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from widgets.core.content import load_content
from widgets.core.problems import InputProblems

# ---------------------------------------------------------------------------------------
# The result of a calculation
# ---------------------------------------------------------------------------------------

MONTHS_IN_YEAR = 12
MAX_MONTHS = 24

# The wording (labels, messages, the illustrative ranges and the seasonal example) lives in
# content/turnover.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("turnover")

class TurnoverInputError(InputProblems):
    """Numbers that cannot give a turnover rate; `problems` holds one sentence per problem."""


@dataclass(frozen=True)
class Turnover:
    """Separations over a period of whole months, and the rates that follow from them.

    `average_headcount` is the period's average headcount: (start + end) / 2 for a single
    span, or the mean of the monthly averages when the months are known one by one, in which
    case `monthly_rates` holds each month's total turnover in percent.
    """

    months: int
    average_headcount: float
    voluntary: int
    involuntary: int
    monthly_rates: tuple[float, ...] = field(default=())

    @property
    def separations(self) -> int:
        return self.voluntary + self.involuntary

    @property
    def rate(self) -> float:
        """Turnover over the whole period, in percent."""
        return rate(self.separations, self.average_headcount)

    @property
    def voluntary_rate(self) -> float:
        return rate(self.voluntary, self.average_headcount)

    @property
    def involuntary_rate(self) -> float:
        return rate(self.involuntary, self.average_headcount)

    @property
    def monthly_rate(self) -> float:
        """The average month's turnover, in percent."""
        return self.rate / self.months

    @property
    def annualized(self) -> float:
        """Annual rate from the total: period turnover x 12 / months."""
        return self.rate * MONTHS_IN_YEAR / self.months

    @property
    def annualized_voluntary(self) -> float:
        return self.voluntary_rate * MONTHS_IN_YEAR / self.months

    @property
    def annualized_involuntary(self) -> float:
        return self.involuntary_rate * MONTHS_IN_YEAR / self.months

    @property
    def annualized_sum_of_months(self) -> float | None:
        """Annual rate as the sum of the monthly rates (x 12 / months); None if unknown."""
        if not self.monthly_rates:
            return None
        return sum(self.monthly_rates) * MONTHS_IN_YEAR / len(self.monthly_rates)

    @property
    def voluntary_share(self) -> float | None:
        """The share of leavers who left of their own accord (0-1); None if nobody left."""
        return self.voluntary / self.separations if self.separations else None

    @property
    def one_leaver_points(self) -> float:
        """How many points of monthly turnover a single leaver adds in a month."""
        return rate(1, self.average_headcount)


def rate(separations: float, average_headcount: float) -> float:
    """Separations over average headcount, in percent."""
    if average_headcount <= 0:
        raise TurnoverInputError([ZERO_HEADCOUNT])
    return 100 * separations / average_headcount


def average_headcount(headcount_start: float, headcount_end: float) -> float:
    return (headcount_start + headcount_end) / 2


# ---------------------------------------------------------------------------------------
# Checking numbers a person typed, or passed in
# ---------------------------------------------------------------------------------------

ZERO_HEADCOUNT: str = _BANK["zero_headcount"]

FIELD_LABELS = dict(_BANK["field_labels"])

def parse_count(value, label: str) -> int:
    """A whole number of people, from a number or from text a person typed.

    Raises TurnoverInputError with one friendly sentence for empty, non-numeric, fractional
    or negative input.
    """
    if isinstance(value, bool):
        raise TurnoverInputError([f"The {label} must be a number of people, not yes or no."])
    if value is None or (isinstance(value, str) and not value.strip()):
        raise TurnoverInputError([f"Please enter the {label} (a whole number, 0 or more)."])
    if isinstance(value, str):
        text = value.strip().replace("_", "").replace(" ", "")
        if "," in text:
            # 1,200 is a thousands separator; 2,5 could be a decimal comma: refuse it
            if not re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
                raise TurnoverInputError(
                    [f"The {label} should be a whole number of people, like 12 "
                     f"(you entered '{value.strip()}')."]
                )
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise TurnoverInputError(
                [f"The {label} should be a number of people, like 12; '{value.strip()}' is not."]
            ) from None
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise TurnoverInputError(
                [f"The {label} should be a number of people, like 12."]
            ) from None
    if not math.isfinite(number):
        raise TurnoverInputError([f"The {label} should be an ordinary number of people, like 12."])
    if number < 0:
        raise TurnoverInputError([f"The {label} cannot be negative: count people, 0 or more."])
    if number != int(number):
        raise TurnoverInputError(
            [f"The {label} should be a whole number of people (you entered {number:g})."]
        )
    return int(number)


def count_problems(
    headcount_start: int, headcount_end: int, voluntary: int, involuntary: int, months: int = 1
) -> list[str]:
    """What is wrong with a set of whole, non-negative counts for a period of `months`."""
    problems = []
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
        problems.append(f"The period must be between 1 and {MAX_MONTHS} whole months.")
        months = 1
    separations = voluntary + involuntary
    if headcount_start + headcount_end == 0:
        problems.append(ZERO_HEADCOUNT)
        return problems
    shrink = headcount_start - headcount_end
    if shrink > separations:
        problems.append(
            f"The team shrank by {shrink} but only {separations} "
            f"{'person' if separations == 1 else 'people'} left, so the numbers do not add up "
            "(end = start + hires - separations). Check the headcounts and the separations."
        )
    most_at_once = max(headcount_start, headcount_end)
    if separations > most_at_once * months:
        span = "in one month" if months == 1 else f"in {months} months"
        problems.append(
            f"{separations} separations {span} is more than the team's headcount "
            f"(at most {most_at_once}){'' if months == 1 else f' x {months} months'}. "
            "Check that the separations and the headcounts describe the same team and period."
        )
    return problems


def period_turnover(
    headcount_start, headcount_end, voluntary, involuntary=0, months: int = 1
) -> Turnover:
    """Turnover of one team over `months` whole months, from four counts.

    The counts may be numbers or typed text; every problem found is reported at once in a
    TurnoverInputError. The average headcount is (start + end) / 2, the usual shortcut when
    the months in between are not known.
    """
    values, problems = {}, []
    raw = {
        "headcount_start": headcount_start,
        "headcount_end": headcount_end,
        "voluntary": voluntary,
        "involuntary": involuntary,
    }
    for key, value in raw.items():
        try:
            values[key] = parse_count(value, FIELD_LABELS[key])
        except TurnoverInputError as error:
            problems.extend(error.problems)
    if problems:
        raise TurnoverInputError(problems)
    problems = count_problems(**values, months=months)
    if problems:
        raise TurnoverInputError(problems)
    return Turnover(
        months=months,
        average_headcount=average_headcount(values["headcount_start"], values["headcount_end"]),
        voluntary=values["voluntary"],
        involuntary=values["involuntary"],
    )


def monthly_turnover(headcount_start, headcount_end, voluntary, involuntary=0) -> Turnover:
    """One month's turnover: separations / average headcount x 100 (see `Turnover.rate`)."""
    return period_turnover(headcount_start, headcount_end, voluntary, involuntary, months=1)


MONTH_KEYS = ("headcount_start", "headcount_end", "voluntary_separations", "involuntary_separations")


def annual_turnover(months: pd.DataFrame | Iterable[Mapping]) -> Turnover:
    """Turnover over a run of months given one by one (e.g. rows of hr_headcount).

    Each month needs `headcount_start`, `headcount_end`, `voluntary_separations` and
    `involuntary_separations`. The result's `annualized` is the annual rate from the total
    (all separations / mean monthly average headcount x 12 / months) and
    `annualized_sum_of_months` the sum of the monthly rates (x 12 / months); with exactly
    twelve months no scaling happens.
    """
    records = months.to_dict("records") if isinstance(months, pd.DataFrame) else list(months)
    if not records:
        raise TurnoverInputError(["There are no months to compute turnover for."])
    if len(records) > MAX_MONTHS:
        raise TurnoverInputError([f"At most {MAX_MONTHS} months at a time, please."])
    averages, rates, voluntary, involuntary, problems = [], [], 0, 0, []
    for number, record in enumerate(records, start=1):
        missing = [key for key in MONTH_KEYS if key not in record]
        if missing:
            raise TurnoverInputError(
                [f"Month {number} has no {', '.join(missing)}."]
            )
        try:
            month = period_turnover(
                record["headcount_start"],
                record["headcount_end"],
                record["voluntary_separations"],
                record["involuntary_separations"],
            )
        except TurnoverInputError as error:
            problems.extend(f"Month {number}: {p}" for p in error.problems)
            continue
        averages.append(month.average_headcount)
        rates.append(month.rate)
        voluntary += month.voluntary
        involuntary += month.involuntary
    if problems:
        raise TurnoverInputError(problems)
    return Turnover(
        months=len(records),
        average_headcount=sum(averages) / len(averages),
        voluntary=voluntary,
        involuntary=involuntary,
        monthly_rates=tuple(rates),
    )


# ---------------------------------------------------------------------------------------
# Brannock Kitchenworks' headcount data (datasets/hr_headcount.csv)
# ---------------------------------------------------------------------------------------

COMPANY = "Company"
COMPANY_LABEL: str = _BANK["company_label"]
TEAMS = ("Sales", "Operations", "Warehouse", "Customer Service", "Finance & HR", "Product")

# The warehouse's rotating three-shift pattern with weekend work starts in this month (the
# data story's SHIFT_CHANGE; a test checks the two agree).
SHIFT_CHANGE = pd.Timestamp("2024-03-01")
SHIFT_CHANGE_LABEL: str = _BANK["shift_change_label"]
EVENTS = {
    "Warehouse": ((SHIFT_CHANGE, SHIFT_CHANGE_LABEL),),
    COMPANY: ((SHIFT_CHANGE, SHIFT_CHANGE_LABEL),),
}

HEADCOUNT_COLUMNS = ("date", "team", "headcount_start", "hires", *MONTH_KEYS[2:], "headcount_end")


def scope_label(team: str) -> str:
    return COMPANY_LABEL if team == COMPANY else team


def month_label(month) -> str:
    return pd.Timestamp(month).strftime("%b %Y")


def period_label(first, last) -> str:
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if first == last:
        return month_label(first)
    if first.month == 1 and last.month == 12 and first.year == last.year:
        return str(first.year)
    return f"{month_label(first)} to {month_label(last)}"


def available_months(headcount: pd.DataFrame) -> list[pd.Timestamp]:
    return sorted(pd.to_datetime(headcount["date"]).unique())


def monthly_table(headcount: pd.DataFrame, team: str = COMPANY) -> pd.DataFrame:
    """One row per month for a team (or the company, all teams added up), with its rates.

    Columns: date, headcount_start, hires, voluntary_separations, involuntary_separations,
    headcount_end, separations, average_headcount, turnover_pct, voluntary_pct,
    involuntary_pct.
    """
    missing = [c for c in HEADCOUNT_COLUMNS if c not in headcount.columns]
    if missing:
        raise ValueError(
            "This needs the hr_headcount data set; the table has no column "
            + ", ".join(repr(c) for c in missing) + "."
        )
    if team == COMPANY:
        rows = headcount
    else:
        known = sorted(str(t) for t in headcount["team"].unique())
        if team not in known:
            raise TurnoverInputError(
                [f"There is no team called '{team}'. Choose one of: {', '.join(known)}."]
            )
        rows = headcount[headcount["team"] == team]
    counts = [c for c in HEADCOUNT_COLUMNS if c not in ("date", "team")]
    table = (
        rows.assign(date=pd.to_datetime(rows["date"]))
        .groupby("date", as_index=False)[counts]
        .sum()
        .astype({c: "int64" for c in counts})
    )
    table["separations"] = table["voluntary_separations"] + table["involuntary_separations"]
    table["average_headcount"] = (table["headcount_start"] + table["headcount_end"]) / 2
    for column, source in (
        ("turnover_pct", "separations"),
        ("voluntary_pct", "voluntary_separations"),
        ("involuntary_pct", "involuntary_separations"),
    ):
        table[column] = 100 * table[source] / table["average_headcount"]
    return table


def select_months(table: pd.DataFrame, first, last) -> pd.DataFrame:
    """The months from `first` to `last` (inclusive) of a monthly table."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    if last < first:
        raise TurnoverInputError(
            [f"The last month ({month_label(last)}) is before the first ({month_label(first)}): "
             "swap them, or choose a later last month."]
        )
    chosen = table[(table["date"] >= first) & (table["date"] <= last)]
    if chosen.empty:
        raise TurnoverInputError(
            [f"The data has no months between {month_label(first)} and {month_label(last)}."]
        )
    if len(chosen) > MAX_MONTHS:
        raise TurnoverInputError([f"Choose at most {MAX_MONTHS} months."])
    return chosen.reset_index(drop=True)


def data_turnover(headcount: pd.DataFrame, team: str, first, last) -> tuple[Turnover, pd.DataFrame]:
    """Turnover of a team (or COMPANY) from `first` to `last`, and its months one by one."""
    months = select_months(monthly_table(headcount, team), first, last)
    return annual_turnover(months), months


def events_in(team: str, months: pd.DataFrame) -> list[tuple[pd.Timestamp, str]]:
    """The story's events (the rota change) that fall inside the months shown."""
    if months.empty:
        return []
    first, last = months["date"].min(), months["date"].max()
    return [(when, what) for when, what in EVENTS.get(team, ()) if first <= when <= last]


# ---------------------------------------------------------------------------------------
# Illustrative benchmark ranges (heuristics, not standards)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    key: str
    label: str
    low: float  # annual total turnover, percent
    high: float
    note: str


BENCHMARK_CAVEAT: str = _BANK["benchmark_caveat"]

BENCHMARKS = {entry["key"]: Benchmark(**entry) for entry in _BANK["benchmarks"]}
DEFAULT_BENCHMARK = "manufacturing"


@dataclass(frozen=True)
class BenchmarkComparison:
    benchmark: Benchmark
    annual_rate: float
    position: str  # "below", "within" or "above"
    text: str


def compare_with_benchmark(annual_rate: float, key: str = DEFAULT_BENCHMARK) -> BenchmarkComparison:
    """Where an annual total turnover rate falls against an illustrative range."""
    if key not in BENCHMARKS:
        raise TurnoverInputError(
            [f"Unknown comparison range '{key}'. Choose one of: {', '.join(BENCHMARKS)}."]
        )
    benchmark = BENCHMARKS[key]
    value = format_pct(annual_rate)
    band = f"{format_pct(benchmark.low)} to {format_pct(benchmark.high)}"
    if annual_rate < benchmark.low:
        position = "below"
        text = (
            f"An annual rate of {value} is below the illustrative range of {band} for "
            f"{_sector(benchmark)}. Low turnover is not automatically good: check that people "
            "who should move on can, and that the team still brings in new ideas."
        )
    elif annual_rate > benchmark.high:
        position = "above"
        text = (
            f"An annual rate of {value} is above the illustrative range of {band} for "
            f"{_sector(benchmark)}. That is a prompt to ask who is leaving and why (voluntary or "
            "not, regrettable or not, in their first year or not), not yet a verdict."
        )
    else:
        position = "within"
        text = (
            f"An annual rate of {value} is within the illustrative range of {band} for "
            f"{_sector(benchmark)}. Being in range says little on its own: look at the trend, "
            "at who leaves, and at the teams that make up the total."
        )
    return BenchmarkComparison(benchmark, annual_rate, position, text)


def _sector(benchmark: Benchmark) -> str:
    return benchmark.label.replace(" (illustrative)", "").lower()


# ---------------------------------------------------------------------------------------
# Words and numbers for people
# ---------------------------------------------------------------------------------------

SMALL_TEAM = 20  # below this average headcount, a single leaver moves the rate a lot


def format_pct(value: float) -> str:
    """A percentage with one decimal, without a trailing .0 (12 %, 12.5 %)."""
    rounded = round(float(value), 1)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{rounded:.1f}".removesuffix(".0")
    return f"{text} %"


def format_headcount(value: float) -> str:
    return f"{round(float(value), 1):g}"


def small_team_note(turnover: Turnover) -> str | None:
    """A warning that rates jump in a small team, or None for a team of SMALL_TEAM or more."""
    if turnover.average_headcount >= SMALL_TEAM:
        return None
    one = turnover.one_leaver_points
    return (
        f"With about {format_headcount(turnover.average_headcount)} people, one leaver in a "
        f"month is {format_pct(one)} monthly turnover, or {format_pct(one * MONTHS_IN_YEAR)} "
        "as an annual run rate. Small teams' rates jump around: look at counts and at 12 "
        "months or more before reading anything into them."
    )


def split_text(turnover: Turnover) -> str:
    if not turnover.separations:
        return "Nobody left in this period."
    share = turnover.voluntary_share
    return (
        f"{turnover.voluntary} voluntary and {turnover.involuntary} involuntary "
        f"({format_pct(100 * share)} of leavers left of their own accord)."
    )


def annualization_note(turnover: Turnover) -> str:
    """How the two annual figures were reached, and why they differ if they do."""
    if turnover.months == 1:
        return (
            "One month x 12 is a run rate: it assumes every month is like this one, which a "
            "single month rarely is."
        )
    summed = turnover.annualized_sum_of_months
    scaled = "" if turnover.months == MONTHS_IN_YEAR else f" (both scaled by 12 / {turnover.months})"
    if summed is None:
        return (
            f"The annual rate scales the {turnover.months} months' turnover by "
            f"12 / {turnover.months}, a run rate that assumes the rest of the year looks the same."
        )
    gap = summed - turnover.annualized
    if abs(gap) < 0.5:
        why = "They agree closely because headcount was fairly steady."
    elif gap > 0:
        why = (
            "The sum of monthly rates is higher because more people left in months when the "
            "team was smaller, and each month's rate is taken over that month's headcount."
        )
    else:
        why = (
            "The sum of monthly rates is lower because more people left in months when the "
            "team was larger."
        )
    return (
        f"From the total: {format_pct(turnover.annualized)}; sum of the monthly rates: "
        f"{format_pct(summed)}{scaled}. {why}"
    )


def result_rows(turnover: Turnover) -> list[tuple[str, str]]:
    """The numbers a learner sees, as (label, value) pairs in reading order."""
    rows = [
        ("Months covered", str(turnover.months)),
        ("Average headcount", format_headcount(turnover.average_headcount)),
        ("Separations", f"{turnover.separations} ({turnover.voluntary} voluntary, "
                        f"{turnover.involuntary} involuntary)"),
        ("Monthly turnover" if turnover.months == 1 else "Average monthly turnover",
         format_pct(turnover.monthly_rate)),
    ]
    if turnover.months > 1:
        rows.append((f"Turnover over the {turnover.months} months", format_pct(turnover.rate)))
    rows += [
        ("Annualized (from the total)", format_pct(turnover.annualized)),
        ("Annualized voluntary", format_pct(turnover.annualized_voluntary)),
        ("Annualized involuntary", format_pct(turnover.annualized_involuntary)),
    ]
    if turnover.annualized_sum_of_months is not None and turnover.months > 1:
        rows.append(("Annualized (sum of monthly rates)",
                     format_pct(turnover.annualized_sum_of_months)))
    return rows


def describe_months(months: pd.DataFrame, scope: str) -> str:
    """A text alternative for a chart of monthly turnover."""
    if months.empty:
        return "No months to show."
    peak = months.loc[months["turnover_pct"].idxmax()]
    quiet = int((months["separations"] == 0).sum())
    first, last = months["date"].min(), months["date"].max()
    return (
        f"Monthly turnover of {scope}, {period_label(first, last)}, {len(months)} months. "
        f"Highest: {format_pct(peak['turnover_pct'])} in {month_label(peak['date'])} "
        f"({int(peak['separations'])} of about {format_headcount(peak['average_headcount'])} "
        f"people). {quiet} month{'s' if quiet != 1 else ''} with nobody leaving. "
        f"Voluntary separations: {int(months['voluntary_separations'].sum())}, "
        f"involuntary: {int(months['involuntary_separations'].sum())}."
    )


# ---------------------------------------------------------------------------------------
# Small teams, first-year turnover, and a seasonal example for the lesson
# ---------------------------------------------------------------------------------------


def chance_of_at_least(count: int, expected: float) -> float:
    """The chance of `count` or more leavers when `expected` leave on average (Poisson).

    A rough guide to "could this be bad luck?" for a small team: it assumes people leave
    independently at a steady rate.
    """
    if count < 0 or expected < 0:
        raise ValueError("count and expected must be 0 or more")
    if count == 0:
        return 1.0
    term, below = math.exp(-expected), 0.0
    for k in range(count):
        if k:
            term *= expected / k
        below += term
    return max(0.0, 1.0 - below)


def first_year_turnover(hires: int, left_within_a_year: int) -> float:
    """Of the people hired in a period, the percent who left within twelve months of joining."""
    hires = parse_count(hires, "number of hires")
    left = parse_count(left_within_a_year, "number who left within a year")
    if hires == 0:
        raise TurnoverInputError(["First-year turnover needs at least one hire to follow."])
    if left > hires:
        raise TurnoverInputError(
            [f"{left} early leavers is more than the {hires} people hired."]
        )
    return 100 * left / hires


# A fictional garden centre: ten people in winter, almost thirty in the season, and seasonal
# contracts that end in September to November, when the team is already shrinking.
SEASONAL_EXAMPLE_NAME: str = _BANK["seasonal_example"]["name"]
SEASONAL_EXAMPLE = tuple(
    {
        **month,
        "headcount_end": month["headcount_start"] + month["hires"]
        - month["voluntary_separations"] - month["involuntary_separations"],
    }
    for month in _BANK["seasonal_example"]["months"]
)


def seasonal_example() -> pd.DataFrame:
    """The garden centre's year, one row per month, with each month's turnover."""
    table = pd.DataFrame(SEASONAL_EXAMPLE)
    table["average_headcount"] = (table["headcount_start"] + table["headcount_end"]) / 2
    table["turnover_pct"] = (
        100
        * (table["voluntary_separations"] + table["involuntary_separations"])
        / table["average_headcount"]
    ).round(1)
    return table


# ---------------------------------------------------------------------------------------
# Tables for the lesson
# ---------------------------------------------------------------------------------------


def benchmark_table() -> pd.DataFrame:
    """The illustrative ranges, one row each, for display in the lesson."""
    return pd.DataFrame(
        [
            {
                "Illustrative range": b.label,
                "Annual turnover": f"{format_pct(b.low)} to {format_pct(b.high)}",
                "Typical of": b.note,
            }
            for b in BENCHMARKS.values()
        ]
    ).set_index("Illustrative range")


def summary_table(headcount: pd.DataFrame, selections: Iterable[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per (team, first month, last month): counts and annual rates, rounded.

    The rates are annualized from the total (scaled by 12 / months for a shorter period);
    the sum of the monthly rates is shown next to it.
    """
    rows = []
    for team, first, last in selections:
        result, _ = data_turnover(headcount, team, first, last)
        rows.append(
            {
                "team": scope_label(team),
                "period": period_label(first, last),
                "months": result.months,
                "average headcount": round(result.average_headcount, 1),
                "voluntary": result.voluntary,
                "involuntary": result.involuntary,
                "annual turnover %": round(result.annualized, 1),
                "annual voluntary %": round(result.annualized_voluntary, 1),
                "sum of monthly rates %": round(result.annualized_sum_of_months, 1),
            }
        )
    return pd.DataFrame(rows)
