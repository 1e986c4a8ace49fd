"""Alignment metrics: the five categories, a KPI catalogue, attainment and status, and the
scorecard a manager builds, with its checks and a versioned JSON file format.

The five categories come from the kit's source texts (strategic alignment, operational
efficiency, employee engagement and alignment, customer satisfaction and loyalty, innovation
and adaptability); they are the categories of the `kpis` data set (Brannock Kitchenworks).

Attainment is direction-aware:

- on a ratio scale (zero means "none": a share, a count, money, time), attainment is
  actual / target when higher is better and target / actual when lower is better;
- on an interval scale (a score that can be zero or negative, such as a net promoter score),
  a ratio means nothing, so attainment is the share of the gap from baseline to target that
  has been closed: (actual - baseline) / (target - baseline).

Status: **on track** when the target is met (actual >= target, or <= when lower is better),
**at risk** when attainment is at least AT_RISK_FROM percent, **off track** below that.

A scorecard is plain data (`Scorecard` of `KPI`s) and is saved as JSON:

    {"format": "aligned-scorecard", "version": 1, "title": "...",
     "kpis": [{"name": ..., "category": ..., "definition": ..., "unit": ...,
               "baseline": 12.5 or null, "target": ... or null,
               "direction": "higher_is_better" | "lower_is_better",
               "owner": ..., "cadence": "monthly" | ... | ""}]}

`scorecard_from_json` refuses anything else with a `ScorecardFileError` whose message a
learner can act on; it never raises another exception, whatever the input.

Pure Python and pandas: no widgets. File I/O is kept to two thin functions
(`save_scorecard`, `load_scorecard`) that only read and write inside one folder.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from numbers import Real
from pathlib import Path

import pandas as pd

from widgets.core import plan
from widgets.core.content import load_content
from widgets.core.problems import InputProblems
from widgets.core.smart import Goal, assignable, format_number, parse_number
from widgets.core.text import join_words

# ---------------------------------------------------------------------------------------
# Categories, directions, cadences, status


@dataclass(frozen=True)
class Category:
    label: str  # as in the kpis data set
    short: str
    question: str
    watch_out: str


# The wording of the categories and the catalogue lives in content/metrics.yaml, where a trainer
# can change it (widgets.core.content).
_BANK = load_content("metrics")

CATEGORIES: dict[str, Category] = {entry["label"]: Category(**entry) for entry in _BANK["categories"]}
CATEGORY_LABELS = tuple(CATEGORIES)

DIRECTIONS = {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better"}
CADENCES = {
    "daily": "Daily",
    "weekly": "Weekly",
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "yearly": "Yearly",
}
NO_CADENCE = ""  # not chosen yet: allowed in a draft, refused by the check

AT_RISK_FROM = 90.0  # percent attainment: below this a missed target is off track
SUGGESTED_TOTAL = (5, 15)  # a workable number of KPIs for a small or medium business
SUGGESTED_PER_CATEGORY = 3
SUGGESTED_PER_OWNER = 4


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    symbol: str  # shown next to the label, so colour is never the only cue
    color: str  # Okabe-Ito
    shape: str  # Vega-Lite point shape in charts
    meaning: str


STATUSES: dict[str, Status] = {
    s.key: s
    for s in (
        Status("on_track", "On track", "●", "#009E73", "circle",
               "the target is met"),
        Status("at_risk", "At risk", "▲", "#E69F00", "triangle-up",
               f"the target is missed, but attainment is at least {AT_RISK_FROM:.0f}%"),
        Status("off_track", "Off track", "■", "#D55E00", "square",
               f"attainment is below {AT_RISK_FROM:.0f}%"),
        Status("no_data", "No data yet", "○", "#000000", "circle",
               "there is no measured value yet: only the baseline and the target"),
    )
}

MAX_KPIS = 60
MAX_LENGTH = {"title": 120, "name": 100, "definition": 600, "unit": 40, "owner": 100}
MAX_FILE_BYTES = 256 * 1024
FORMAT = "aligned-scorecard"
VERSION = 1
DEFAULT_FILE = "my-scorecard.json"

# ---------------------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True)
class CatalogueKPI:
    key: str
    name: str
    category: str
    definition: str
    formula: str
    unit: str
    direction: str
    cadence: str
    source: str  # where a small or medium business usually gets the number
    indicator: str  # "leading" or "lagging"
    in_dataset: bool = False  # the kpis data set (Brannock Kitchenworks) has it


CATALOGUE: tuple[CatalogueKPI, ...] = tuple(CatalogueKPI(**entry) for entry in _BANK["catalogue"])
CATALOGUE_BY_KEY = {k.key: k for k in CATALOGUE}


def catalogue_for(category: str) -> list[CatalogueKPI]:
    return [k for k in CATALOGUE if k.category == category]


def catalogue_frame(category: str | None = None, dataset_only: bool = False) -> pd.DataFrame:
    """The catalogue as a table of sentences for a lesson, optionally one category."""
    rows = [
        {
            "Category": k.category,
            "KPI": k.name,
            "Definition": k.definition,
            "Formula": k.formula,
            "Unit": k.unit,
            "Direction": DIRECTIONS[k.direction],
            "Cadence": CADENCES[k.cadence],
            "Data source in an SMB": k.source,
            "Indicator": k.indicator,
            "In the Brannock data": "yes" if k.in_dataset else "",
        }
        for k in CATALOGUE
        if (category is None or k.category == category) and (k.in_dataset or not dataset_only)
    ]
    frame = pd.DataFrame(rows)
    if dataset_only:
        frame = frame.drop(columns="In the Brannock data")
    return frame


# ---------------------------------------------------------------------------------------
# Text helpers


def clean_text(value) -> str:
    """Text as typed, with runs of whitespace (and ends) collapsed; None is empty."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def normalized_name(name) -> str:
    """The key used to spot duplicates: case and spaces do not count."""
    return clean_text(name).casefold()


def quote(text: str, limit: int = 60) -> str:
    text = clean_text(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def format_value(value: float | None, unit: str = "") -> str:
    """12.5 with "%" -> "12.5%"; 43 with "EUR" -> "43 EUR"; None -> "–"."""
    if value is None:
        return "–"
    shown = format_number(round(value, 1))
    unit = clean_text(unit)
    if not unit or unit.lower() == "score":  # a net promoter score reads best bare
        return shown
    return shown + unit if unit.startswith("%") else f"{shown} {unit}"


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}%"


# ---------------------------------------------------------------------------------------
# Attainment and status

_INTERVAL_UNIT = re.compile(r"\b(score|scores|nps|enps|points?|index)\b", re.IGNORECASE)


def is_interval_scale(unit: str, *values: float | None) -> bool:
    """True when a ratio of two values means nothing: a score, or a value at or below 0."""
    if _INTERVAL_UNIT.search(clean_text(unit)):
        return True
    return any(v is not None and v < 0 for v in values)


def target_met(value: float, target: float, direction: str) -> bool:
    return value >= target if direction == "higher_is_better" else value <= target


@dataclass(frozen=True)
class Attainment:
    percent: float | None  # None when it cannot be computed
    method: str  # "ratio", "progress" or "none"
    met: bool

    @property
    def method_text(self) -> str:
        return {
            "ratio": "actual vs target",
            "progress": "gap closed since baseline",
            "none": "cannot be computed",
        }[self.method]


def attainment(
    value: float,
    target: float,
    direction: str,
    baseline: float | None = None,
    unit: str = "",
) -> Attainment:
    """Direction-aware attainment in percent (100 = target reached exactly).

    Ratio scale: value / target (higher is better) or target / value (lower is better).
    Interval scale (a score, or any value below 0), or a ratio that would divide by 0:
    the share of the baseline-to-target gap closed, when a baseline is given.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}; use one of {', '.join(DIRECTIONS)}.")
    met = target_met(value, target, direction)
    higher = direction == "higher_is_better"
    ratio_ok = not is_interval_scale(unit, value, target, baseline) and target > 0
    if ratio_ok and higher:
        return Attainment(100.0 * value / target, "ratio", met)
    if ratio_ok and value > 0:
        return Attainment(100.0 * target / value, "ratio", met)
    if baseline is not None and baseline != target:
        return Attainment(100.0 * (value - baseline) / (target - baseline), "progress", met)
    return Attainment(None, "none", met)


def status_of(result: Attainment) -> str:
    """"on_track" when the target is met; "at_risk" from AT_RISK_FROM %; else "off_track"."""
    if result.met:
        return "on_track"
    if result.percent is not None and result.percent >= AT_RISK_FROM:
        return "at_risk"
    return "off_track"


def status_text(status: str) -> str:
    """"● On track": a symbol and words, never colour alone."""
    info = STATUSES[status]
    return f"{info.symbol} {info.label}"


# ---------------------------------------------------------------------------------------
# The kpis data set (Brannock Kitchenworks)

OKR_START = pd.Timestamp("2024-01-01")


def quarter_label(period: pd.Period) -> str:
    months = {1: "January-March", 2: "April-June", 3: "July-September", 4: "October-December"}
    return f"{months[period.quarter]} {period.year}"


def latest_quarter(kpis: pd.DataFrame) -> pd.Period:
    """The last quarter with all three months in the data."""
    periods = kpis["date"].dt.to_period("Q")
    counts = kpis.assign(q=periods).groupby("q", observed=True)["date"].nunique()
    complete = counts[counts == 3]
    if complete.empty:
        raise ValueError("The KPI data has no complete quarter (three months).")
    return complete.index.max()


def dataset_summary(kpis: pd.DataFrame, quarter: str | pd.Period | None = None) -> pd.DataFrame:
    """One row per KPI of the data set: its facts, the baseline and the quarter's value.

    The baseline is the mean of the first year in the data (2023, the year before OKRs);
    the value is the mean of the quarter's three months (the latest complete quarter by
    default), which smooths month-to-month noise.
    """
    quarter = latest_quarter(kpis) if quarter is None else pd.Period(quarter, freq="Q")
    frame = kpis.assign(q=kpis["date"].dt.to_period("Q"))
    first_year = frame["date"].dt.year.min()
    ids = list(dict.fromkeys(frame["kpi_id"].astype(str)))
    facts = frame.groupby("kpi_id", observed=True).first()
    baseline = frame[frame["date"].dt.year == first_year].groupby("kpi_id", observed=True)[
        "value"
    ].mean()
    in_quarter = frame[frame["q"] == quarter]
    if in_quarter.empty:
        raise ValueError(f"The KPI data has no values for {quarter}.")
    latest = in_quarter.groupby("kpi_id", observed=True)["value"].mean()
    rows = []
    for kpi_id in ids:
        rows.append(
            {
                "kpi_id": kpi_id,
                "kpi": str(facts.loc[kpi_id, "kpi"]),
                "category": str(facts.loc[kpi_id, "category"]),
                "unit": str(facts.loc[kpi_id, "unit"]),
                "direction": str(facts.loc[kpi_id, "direction"]),
                "target": float(facts.loc[kpi_id, "target"]),
                "baseline": round(float(baseline[kpi_id]), 1),
                "latest": round(float(latest[kpi_id]), 1),
                "quarter": str(quarter),
                "baseline_label": f"{first_year} average",
                "latest_label": f"{quarter_label(quarter)} average",
            }
        )
    return pd.DataFrame(rows).set_index("kpi_id")


def quarter_attainment(kpis: pd.DataFrame, quarter: str | pd.Period | None = None) -> pd.DataFrame:
    """The worked example: each KPI's attainment and status in one quarter."""
    summary = dataset_summary(kpis, quarter)
    rows = []
    for _kpi_id, row in summary.iterrows():
        result = attainment(row["latest"], row["target"], row["direction"], row["baseline"],
                            row["unit"])
        status = status_of(result)
        rows.append(
            {
                "Category": row["category"],
                "KPI": row["kpi"],
                "Baseline (2023)": format_value(row["baseline"], row["unit"]),
                f"Actual ({row['quarter']} average)": format_value(row["latest"], row["unit"]),
                "Target": format_value(row["target"], row["unit"]),
                "Direction": DIRECTIONS[row["direction"]],
                "Attainment": format_percent(result.percent),
                "Method": result.method_text,
                "Status": status_text(status),
                "status": status,
                "attainment": result.percent,
            }
        )
    return pd.DataFrame(rows, index=summary.index)


def quarterly_values(kpis: pd.DataFrame, category: str) -> pd.DataFrame:
    """Quarterly means of one category's KPIs, long format, for a trend chart."""
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category {category!r}; use one of {join_words(CATEGORY_LABELS)}.")
    part = kpis[kpis["category"].astype(str) == category]
    part = part.assign(quarter=part["date"].dt.to_period("Q"))
    grouped = (
        part.groupby(["quarter", "kpi"], observed=True)
        .agg(value=("value", "mean"), target=("target", "first"), unit=("unit", "first"))
        .reset_index()
    )
    grouped["value"] = grouped["value"].round(1)
    grouped["start"] = grouped["quarter"].dt.start_time
    grouped["quarter"] = grouped["quarter"].astype(str)
    grouped["kpi"] = grouped["kpi"].astype(str)
    grouped["unit"] = grouped["unit"].astype(str)
    grouped["period"] = [
        "With OKRs" if start >= OKR_START else "Before OKRs" for start in grouped["start"]
    ]
    return grouped[["quarter", "start", "kpi", "value", "target", "unit", "period"]]


def okr_jump(kpis: pd.DataFrame, category: str = "Strategic alignment") -> pd.DataFrame:
    """Before and after OKRs: the 2023 mean, the April-December 2024 mean (after a
    quarter's ramp-up), the change, and the first quarter that met the target."""
    quarterly = quarterly_values(kpis, category)
    rows = []
    for kpi_name, part in quarterly.groupby("kpi", sort=False):
        monthly = kpis[kpis["kpi"].astype(str) == kpi_name]
        before = monthly[monthly["date"] < OKR_START]["value"].mean()
        after = monthly[monthly["date"] >= OKR_START + pd.DateOffset(months=3)]["value"].mean()
        direction = str(monthly["direction"].iloc[0])
        target = float(monthly["target"].iloc[0])
        unit = str(monthly["unit"].iloc[0])
        met = [q for q, v in zip(part["quarter"], part["value"]) if target_met(v, target, direction)]
        rows.append(
            {
                "KPI": kpi_name,
                "2023 average": format_value(before, unit),
                "April-December 2024 average": format_value(after, unit),
                "Change": f"{after - before:+.1f}" + (" points" if unit == "%" else f" {unit}"),
                "Target": format_value(target, unit),
                "First quarter on target": met[0] if met else "not yet",
            }
        )
    return pd.DataFrame(rows)


def describe_trend(quarterly: pd.DataFrame) -> str:
    """The trend chart's text alternative: each KPI's first and last quarter, and the OKRs."""
    parts = []
    for kpi_name, part in quarterly.groupby("kpi", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        parts.append(
            f"{kpi_name}: {format_value(first['value'], first['unit'])} in {first['quarter']}, "
            f"{format_value(last['value'], last['unit'])} in {last['quarter']} (target "
            f"{format_value(last['target'], last['unit'])})"
        )
    return (
        "Quarterly averages; OKRs were introduced in January 2024 (2024Q1). "
        + "; ".join(parts)
        + "."
    )


# ---------------------------------------------------------------------------------------
# The scorecard


@dataclass(frozen=True)
class KPI:
    name: str
    category: str
    definition: str = ""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    direction: str = "higher_is_better"
    owner: str = ""
    cadence: str = NO_CADENCE


@dataclass(frozen=True)
class Scorecard:
    kpis: tuple[KPI, ...] = ()
    title: str = ""

    def with_kpis(self, kpis: Iterable[KPI]) -> Scorecard:
        return replace(self, kpis=tuple(kpis))


class KPIFormError(InputProblems):
    """The KPI form cannot become a KPI; `problems` lists what to fix."""


def _number_field(label: str, value, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_number(value)
    except ValueError as error:
        problems.append(f"{label}: {error}")
        return None


def _length_problems(values: Mapping[str, str]) -> list[str]:
    return [
        f"{key.capitalize()}: keep it under {MAX_LENGTH[key]} characters (it has {len(text)})."
        for key, text in values.items()
        if len(text) > MAX_LENGTH[key]
    ]


def kpi_from_form(form: Mapping[str, object]) -> KPI:
    """A KPI from the builder's form fields (text as typed). Raises KPIFormError.

    Only what stops a KPI from existing is refused here (no name, a number that is not a
    number, an unknown category); everything else is for `validate_scorecard`.
    """
    problems: list[str] = []
    name = clean_text(form.get("name"))
    if not name:
        problems.append("Name: give the KPI a short name, e.g. “On-time delivery”.")
    category = clean_text(form.get("category"))
    if category not in CATEGORIES:
        problems.append(f"Category: choose one of {join_words(CATEGORY_LABELS)}.")
    direction = clean_text(form.get("direction")) or "higher_is_better"
    if direction not in DIRECTIONS:
        problems.append("Direction: choose Higher is better or Lower is better.")
    cadence = clean_text(form.get("cadence")).lower()
    if cadence and cadence not in CADENCES:
        problems.append(f"Review cadence: choose one of {join_words(list(CADENCES.values()))}.")
    texts = {
        "name": name,
        "definition": str(form.get("definition") or "").strip(),
        "unit": clean_text(form.get("unit")),
        "owner": clean_text(form.get("owner")),
    }
    problems += _length_problems(texts)
    baseline = _number_field("Baseline", form.get("baseline"), problems)
    target = _number_field("Target", form.get("target"), problems)
    if problems:
        raise KPIFormError(problems)
    return KPI(
        name=name,
        category=category,
        definition=texts["definition"],
        unit=texts["unit"],
        baseline=baseline,
        target=target,
        direction=direction,
        owner=texts["owner"],
        cadence=cadence,
    )


def form_from_kpi(kpi: KPI) -> dict[str, str]:
    """The form fields that show a KPI, numbers as text."""
    def number(value):
        return "" if value is None else format_number(value).replace(",", "")

    return {
        "name": kpi.name,
        "category": kpi.category,
        "definition": kpi.definition,
        "unit": kpi.unit,
        "baseline": number(kpi.baseline),
        "target": number(kpi.target),
        "direction": kpi.direction,
        "owner": kpi.owner,
        "cadence": kpi.cadence,
    }


def kpi_from_catalogue(key: str, kpis: pd.DataFrame | None = None) -> KPI:
    """A catalogue KPI as a scorecard KPI with no owner yet. KPIs of the data set get the
    data's target and, as baseline, the first year's average (when `kpis` is given)."""
    entry = CATALOGUE_BY_KEY[key]
    baseline = target = None
    if entry.in_dataset and kpis is not None:
        summary = dataset_summary(kpis)
        if key in summary.index:
            baseline = float(summary.loc[key, "baseline"])
            target = float(summary.loc[key, "target"])
    return KPI(
        name=entry.name,
        category=entry.category,
        definition=entry.definition,
        unit=entry.unit,
        baseline=baseline,
        target=target,
        direction=entry.direction,
        cadence=entry.cadence,
    )


# Who answers for each of Brannock's KPIs (fictional people), for the example scorecard.
EXAMPLE_OWNERS = {
    "initiatives_on_track": "Aoife Brannock (managing director)",
    "projects_linked_to_goals": "Aoife Brannock (managing director)",
    "staff_know_priorities": "Tomasz Nowak (HR lead)",
    "order_cycle_time": "Priya Raman (operations manager)",
    "on_time_delivery": "Priya Raman (operations manager)",
    "cost_per_order": "Dele Okafor (warehouse lead)",
    "enps": "Tomasz Nowak (HR lead)",
    "voluntary_turnover": "Tomasz Nowak (HR lead)",
    "customer_nps": "Sofia Marques (customer service lead)",
    "repeat_customer_rate": "Sofia Marques (customer service lead)",
    "new_product_revenue": "Ben Adeyemi (product lead)",
    "ideas_implemented": "Ben Adeyemi (product lead)",
}


def example_scorecard(kpis: pd.DataFrame) -> Scorecard:
    """Brannock Kitchenworks' twelve KPIs as a scorecard: 2023 baselines, its targets."""
    return Scorecard(
        title="Brannock Kitchenworks alignment scorecard",
        kpis=tuple(
            replace(kpi_from_catalogue(key, kpis), owner=owner)
            for key, owner in EXAMPLE_OWNERS.items()
        ),
    )


def _direction_problem(kpi: KPI) -> str | None:
    if kpi.baseline is None or kpi.target is None:
        return None
    base, goal = format_number(kpi.baseline), format_number(kpi.target)
    if kpi.target == kpi.baseline:
        return (
            f"{quote(kpi.name)}: the target ({goal}) equals the baseline, so it asks for no "
            "change. Set the level you want to reach by the next review."
        )
    if kpi.direction == "higher_is_better" and kpi.target < kpi.baseline:
        return (
            f"{quote(kpi.name)}: higher is better, but the target ({goal}) is below the "
            f"baseline ({base}). Raise the target, or switch to Lower is better."
        )
    if kpi.direction == "lower_is_better" and kpi.target > kpi.baseline:
        return (
            f"{quote(kpi.name)}: lower is better, but the target ({goal}) is above the "
            f"baseline ({base}). Lower the target, or switch to Higher is better."
        )
    return None


def _owner_problem(kpi: KPI) -> str | None:
    owner = clean_text(kpi.owner)
    if not owner:
        return (
            f"{quote(kpi.name)}: no owner. Name the one person who reports it and acts when "
            "it slips, e.g. “Priya (operations manager)”."
        )
    verdict = assignable(Goal(owner=owner))  # the SMART checker's rule for owners
    if not verdict.met:
        return f"{quote(kpi.name)}: {verdict.reason} Name one person or role."
    return None


def kpi_problems(kpi: KPI, dataset_directions: Mapping[str, str] | None = None) -> list[str]:
    """Everything that keeps one KPI from being measurable and owned."""
    name = quote(kpi.name) if clean_text(kpi.name) else "A KPI without a name"
    problems = []
    if not clean_text(kpi.name):
        problems.append("A KPI has no name: give it a short name.")
    if kpi.category not in CATEGORIES:
        problems.append(f"{name}: choose a category ({join_words(CATEGORY_LABELS)}).")
    if kpi.direction not in DIRECTIONS:
        problems.append(f"{name}: choose Higher is better or Lower is better.")
    for label, value in (("baseline", kpi.baseline), ("target", kpi.target)):
        if value is None:
            hint = (
                "type the value now (if nobody has measured it yet, measure it for a month "
                "first)" if label == "baseline" else "type the number you want to reach"
            )
            problems.append(f"{name}: no {label}: {hint}.")
        elif isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            problems.append(f"{name}: the {label} must be an ordinary number.")
    if not problems and kpi.direction in DIRECTIONS:
        direction_problem = _direction_problem(kpi)
        if direction_problem:
            problems.append(direction_problem)
    if dataset_directions and kpi.direction in DIRECTIONS:
        expected = dataset_directions.get(normalized_name(kpi.name))
        if expected and expected != kpi.direction:
            problems.append(
                f"{name}: in the Brannock data {DIRECTIONS[expected].lower()} for this KPI; "
                f"switch the direction to {DIRECTIONS[expected]}."
            )
    owner_problem = _owner_problem(kpi)
    if owner_problem:
        problems.append(owner_problem)
    if kpi.cadence not in CADENCES:
        problems.append(
            f"{name}: choose how often it is reviewed ({join_words(list(CADENCES.values()))})."
        )
    return problems


def duplicate_names(scorecard: Scorecard) -> list[str]:
    """Names that appear more than once (case and spaces ignored), as first typed."""
    counts = Counter(normalized_name(k.name) for k in scorecard.kpis if clean_text(k.name))
    seen, repeated = set(), []
    for kpi in scorecard.kpis:
        key = normalized_name(kpi.name)
        if counts.get(key, 0) > 1 and key not in seen:
            seen.add(key)
            repeated.append(clean_text(kpi.name))
    return repeated


def validate_scorecard(
    scorecard: Scorecard, dataset_directions: Mapping[str, str] | None = None
) -> list[str]:
    """The problems that keep the scorecard from being a balanced, measurable one.

    dataset_directions: normalized KPI name -> direction in the data set, to catch a KPI
    of the data set entered with the wrong direction (see `dataset_directions`).
    """
    if not scorecard.kpis:
        return ["Your scorecard is empty: add at least one KPI for each of the five categories."]
    problems = []
    counts = Counter(k.category for k in scorecard.kpis)
    for category in CATEGORIES:
        if not counts[category]:
            problems.append(
                f"No KPI for {category} yet: pick one from the catalogue or define your own."
            )
    for name in duplicate_names(scorecard):
        times = sum(normalized_name(k.name) == normalized_name(name) for k in scorecard.kpis)
        problems.append(
            f"{quote(name)} is in the scorecard {times} times (names are compared without "
            "case and extra spaces): keep one and remove the others."
        )
    for kpi in scorecard.kpis:
        problems += kpi_problems(kpi, dataset_directions)
    if len(scorecard.kpis) > MAX_KPIS:
        problems.append(f"Keep the scorecard under {MAX_KPIS} KPIs.")
    return problems


def scorecard_notes(scorecard: Scorecard) -> list[str]:
    """Advice that does not block the dashboard: size and balance."""
    notes = []
    total = len(scorecard.kpis)
    low, high = SUGGESTED_TOTAL
    if 0 < total < low:
        notes.append(
            f"{total} KPIs in all: enough to start. Most small businesses settle on {low} to "
            f"{high}."
        )
    elif total > high:
        notes.append(
            f"{total} KPIs in all: more than a monthly review can discuss. Most small "
            f"businesses manage {low} to {high} well; demote the rest to health checks."
        )
    counts = Counter(k.category for k in scorecard.kpis)
    for category, count in counts.items():
        if category in CATEGORIES and count > SUGGESTED_PER_CATEGORY:
            notes.append(
                f"{category} has {count} KPIs: pick the {SUGGESTED_PER_CATEGORY} that best "
                "show whether you are aligned."
            )
    owners = Counter(clean_text(k.owner) for k in scorecard.kpis if clean_text(k.owner))
    for owner, count in owners.items():
        if count > SUGGESTED_PER_OWNER:
            notes.append(
                f"{owner} owns {count} KPIs: one person can follow about "
                f"{SUGGESTED_PER_OWNER} closely."
            )
    return notes


# ---------------------------------------------------------------------------------------
# The dashboard


def dataset_directions(kpis: pd.DataFrame) -> dict[str, str]:
    """Normalized KPI name (and id) -> direction in the data set."""
    facts = kpis.groupby("kpi_id", observed=True)[["kpi", "direction"]].first()
    found = {}
    for kpi_id, row in facts.iterrows():
        for name in (row["kpi"], kpi_id, str(kpi_id).replace("_", " ")):
            found[normalized_name(name)] = str(row["direction"])
    return found


@dataclass(frozen=True)
class DashboardRow:
    kpi: KPI
    status: str
    latest: float | None = None
    latest_label: str = ""
    attainment: Attainment | None = None
    dataset_id: str | None = None

    @property
    def has_data(self) -> bool:
        return self.latest is not None


def dashboard_rows(scorecard: Scorecard, kpis: pd.DataFrame) -> list[DashboardRow]:
    """One row per scorecard KPI: KPIs found in the data set get the latest quarter's value,
    attainment and status; the learner's own KPIs are marked "no data yet"."""
    summary = dataset_summary(kpis)
    lookup = {}
    for kpi_id, row in summary.iterrows():
        for name in (row["kpi"], kpi_id, str(kpi_id).replace("_", " ")):
            lookup[normalized_name(name)] = kpi_id
    rows = []
    for kpi in scorecard.kpis:
        kpi_id = lookup.get(normalized_name(kpi.name))
        if kpi_id is None or kpi.target is None:
            rows.append(DashboardRow(kpi, "no_data"))
            continue
        data = summary.loc[kpi_id]
        result = attainment(data["latest"], kpi.target, kpi.direction, kpi.baseline,
                            data["unit"])
        rows.append(
            DashboardRow(
                kpi,
                status_of(result),
                latest=float(data["latest"]),
                latest_label=data["latest_label"],
                attainment=result,
                dataset_id=kpi_id,
            )
        )
    return rows


def dashboard_frame(rows: Sequence[DashboardRow]) -> pd.DataFrame:
    """The KPIs with data, aggregated for a chart: one row each."""
    return pd.DataFrame(
        [
            {
                "kpi": r.kpi.name,
                "category": r.kpi.category,
                "attainment": round(r.attainment.percent, 1),
                "status": STATUSES[r.status].label,
                "label": f"{format_percent(r.attainment.percent)} {status_text(r.status)}",
                "latest": format_value(r.latest, r.kpi.unit),
                "target": format_value(r.kpi.target, r.kpi.unit),
                "method": r.attainment.method_text,
            }
            for r in rows
            if r.has_data and r.attainment is not None and r.attainment.percent is not None
        ],
        columns=["kpi", "category", "attainment", "status", "label", "latest", "target",
                 "method"],
    )


def status_counts(rows: Sequence[DashboardRow]) -> dict[str, int]:
    counts = Counter(r.status for r in rows)
    return {key: counts.get(key, 0) for key in STATUSES}


def describe_dashboard(rows: Sequence[DashboardRow]) -> str:
    """A text alternative for the dashboard: every KPI's numbers and status, in words."""
    if not rows:
        return "The scorecard has no KPIs."
    counts = status_counts(rows)
    summary = ", ".join(
        f"{counts[key]} {STATUSES[key].label.lower()}" for key in STATUSES if counts[key]
    )
    parts = [f"{len(rows)} KPIs: {summary}."]
    with_data = [r for r in rows if r.has_data]
    if with_data:
        parts.append(f"Measured against the Brannock data, {with_data[0].latest_label}:")
        parts.append(
            "; ".join(
                f"{r.kpi.name} {format_value(r.latest, r.kpi.unit)} against a target of "
                f"{format_value(r.kpi.target, r.kpi.unit)} ("
                + (f"{format_percent(r.attainment.percent)}, " if r.attainment.percent is not None else "")
                + f"{STATUSES[r.status].label.lower()})"
                for r in with_data
            )
            + "."
        )
    without = [r for r in rows if not r.has_data]
    if without:
        parts.append(
            "No data yet: "
            + "; ".join(
                f"{r.kpi.name} (baseline {format_value(r.kpi.baseline, r.kpi.unit)}, target "
                f"{format_value(r.kpi.target, r.kpi.unit)})"
                for r in without
            )
            + "."
        )
    return " ".join(parts)


# ---------------------------------------------------------------------------------------
# The file format


class ScorecardFileError(InputProblems):
    """A scorecard file that cannot be read or written; the message says why and what to do."""


KPI_FIELDS = ("name", "category", "definition", "unit", "baseline", "target", "direction",
              "owner", "cadence")
_TEXT_FIELDS = ("name", "definition", "unit", "owner")


def _kpi_to_dict(kpi: KPI) -> dict:
    return {name: getattr(kpi, name) for name in KPI_FIELDS}


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _where(index: int, entry) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    if isinstance(name, str) and clean_text(name):
        return f"KPI {index} ({quote(name, 40)})"
    return f"KPI {index}"


def _read_number(value, where: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScorecardFileError(
            f"{where}: \"{key}\" must be a number or null, not {_type_name(value)}."
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ScorecardFileError(f"{where}: \"{key}\" is too large to be a sensible number.")
    return number


def _read_text(value, where: str, key: str, limit: int | None) -> str:
    if not isinstance(value, str):
        raise ScorecardFileError(f"{where}: \"{key}\" must be text, not {_type_name(value)}.")
    if limit is not None and len(value) > limit:
        raise ScorecardFileError(
            f"{where}: \"{key}\" is longer than {limit} characters ({len(value)})."
        )
    return value


def _kpi_from_dict(entry, index: int) -> KPI:
    where = _where(index, entry)
    if not isinstance(entry, dict):
        raise ScorecardFileError(f"{where} must be an object with fields, not {_type_name(entry)}.")
    missing = [key for key in KPI_FIELDS if key not in entry]
    if missing:
        names = join_words([f'"{key}"' for key in missing])
        raise ScorecardFileError(
            f"{where} is missing {'the field' if len(missing) == 1 else 'the fields'} {names}."
        )
    values = {
        key: _read_text(entry[key], where, key, MAX_LENGTH[key]) for key in _TEXT_FIELDS
    }
    if not clean_text(values["name"]):
        raise ScorecardFileError(f"{where}: \"name\" is empty.")
    category = _read_text(entry["category"], where, "category", None)
    if category not in CATEGORIES:
        raise ScorecardFileError(
            f"{where}: \"category\" must be one of {join_words(CATEGORY_LABELS)}, not "
            f"{quote(category, 40)}."
        )
    direction = _read_text(entry["direction"], where, "direction", None)
    if direction not in DIRECTIONS:
        raise ScorecardFileError(
            f"{where}: \"direction\" must be \"higher_is_better\" or \"lower_is_better\", not "
            f"{quote(direction, 40)}."
        )
    cadence = _read_text(entry["cadence"], where, "cadence", None)
    if cadence not in CADENCES and cadence != NO_CADENCE:
        raise ScorecardFileError(
            f"{where}: \"cadence\" must be one of {join_words([f'“{c}”' for c in CADENCES])} "
            f"or empty, not {quote(cadence, 40)}."
        )
    return KPI(
        name=values["name"],
        category=category,
        definition=values["definition"],
        unit=values["unit"],
        baseline=_read_number(entry["baseline"], where, "baseline"),
        target=_read_number(entry["target"], where, "target"),
        direction=direction,
        owner=values["owner"],
        cadence=cadence,
    )


def _scorecard_from_data(data) -> Scorecard:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScorecardFileError(
            "This JSON file is not a scorecard: it has no \"format\": \"aligned-scorecard\" "
            "entry. Choose a file saved by the metric builder."
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScorecardFileError("The scorecard file has no version number (\"version\": 1).")
    if version != VERSION:
        raise ScorecardFileError(
            f"This scorecard file is version {version}; this builder reads version {VERSION}. "
            "Open it with the kit version that saved it."
        )
    title = _read_text(data.get("title", ""), "The scorecard", "title", MAX_LENGTH["title"])
    if "kpis" not in data:
        raise ScorecardFileError("The scorecard file has no \"kpis\" list.")
    entries = data["kpis"]
    if not isinstance(entries, list):
        raise ScorecardFileError(f"\"kpis\" must be a list of KPIs, not {_type_name(entries)}.")
    if len(entries) > MAX_KPIS:
        raise ScorecardFileError(
            f"The file holds {len(entries)} KPIs; a scorecard has at most {MAX_KPIS}."
        )
    return Scorecard(
        kpis=tuple(_kpi_from_dict(entry, i) for i, entry in enumerate(entries, start=1)),
        title=title,
    )


def _reject_constant(name: str):
    raise ScorecardFileError(f"The file contains {name}, which is not a number a scorecard can hold.")


def scorecard_from_json(text: str | bytes) -> Scorecard:
    """Read a scorecard saved by `scorecard_to_json`. Raises ScorecardFileError, and only
    that, for anything that is not one: not JSON, another kind of JSON, wrong types,
    missing fields, values out of range."""
    try:
        if isinstance(text, (bytes, bytearray, memoryview)):
            if len(text) > MAX_FILE_BYTES:
                raise ScorecardFileError(
                    f"The file is {len(text) // 1024} KB; a scorecard file is at most "
                    f"{MAX_FILE_BYTES // 1024} KB. Is it the right file?"
                )
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ScorecardFileError(
                    "The file is not a text file (it is not UTF-8): choose the .json file "
                    "the builder saved."
                ) from None
        if not isinstance(text, str):
            raise ScorecardFileError("A scorecard is read from text or bytes.")
        if len(text) > MAX_FILE_BYTES:
            raise ScorecardFileError(
                f"The file is too large for a scorecard (at most {MAX_FILE_BYTES // 1024} KB)."
            )
        if not text.strip():
            raise ScorecardFileError("The file is empty.")
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise ScorecardFileError(
                f"The file is not valid JSON (line {error.lineno}, column {error.colno}): "
                "it may have been edited by hand or cut short."
            ) from None
        return _scorecard_from_data(data)
    except ScorecardFileError:
        raise
    except RecursionError:
        raise ScorecardFileError("The file is nested too deeply to be a scorecard.") from None
    except Exception as error:  # noqa: BLE001  (never anything but a clear message)
        raise ScorecardFileError(
            f"The file could not be read as a scorecard ({type(error).__name__})."
        ) from None


def scorecard_to_json(scorecard: Scorecard) -> str:
    """The scorecard as versioned JSON text. Raises ScorecardFileError for a scorecard that
    `scorecard_from_json` would refuse, so every saved file can be loaded again."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "title": scorecard.title,
        "kpis": [_kpi_to_dict(kpi) for kpi in scorecard.kpis],
    }
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ScorecardFileError(f"This scorecard cannot be saved: {error}.") from None
    _scorecard_from_data(json.loads(text))  # the same checks as loading
    return text + "\n"


def resolve_path(path_text: str, folder: str | os.PathLike) -> Path:
    """The file a learner typed, inside `folder`. Raises ScorecardFileError.

    Only .json files in the folder or its subfolders, never hidden ones: in a workshop the
    server's files are not the participant's to browse. A name without a suffix gets .json.
    """
    text = clean_text(path_text)
    if not text:
        raise ScorecardFileError(f"Type a file name, e.g. {DEFAULT_FILE}.")
    if "\x00" in text:
        raise ScorecardFileError("The file name contains a character that is not allowed.")
    base = Path(folder).expanduser().resolve()
    candidate = Path(text).expanduser()
    if not candidate.suffix:
        candidate = candidate.with_name(candidate.name + ".json")
    if candidate.suffix.lower() != ".json":
        raise ScorecardFileError(
            f"Use a file name that ends in .json, e.g. {DEFAULT_FILE} (not {quote(text, 40)})."
        )
    if any(part.startswith(".") for part in candidate.parts if part not in (".", "..", "/")):
        raise ScorecardFileError("Hidden files and folders (names starting with a dot) are not used.")
    resolved = (candidate if candidate.is_absolute() else base / candidate).resolve()
    if resolved != base and base not in resolved.parents:
        raise ScorecardFileError(
            f"For safety the builder only reads and writes files in this folder ({base}) and "
            "its subfolders. Type a name such as my-scorecard.json, or use the download and "
            "upload buttons."
        )
    return resolved


def save_scorecard(scorecard: Scorecard, path_text: str, folder: str | os.PathLike) -> Path:
    """Write the scorecard as JSON; replaces only an earlier scorecard file. Returns the path."""
    path = resolve_path(path_text, folder)
    text = scorecard_to_json(scorecard)
    if not path.parent.is_dir():
        raise ScorecardFileError(f"The folder {path.parent.name!r} does not exist.")
    if path.exists():
        if not path.is_file():
            raise ScorecardFileError(f"{path.name} is a folder: choose a file name.")
        try:
            scorecard_from_json(path.read_bytes())
        except (ScorecardFileError, OSError):
            raise ScorecardFileError(
                f"{path.name} already exists and is not a scorecard, so it is left alone: "
                "choose another file name."
            ) from None
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".scorecard-", suffix=".tmp",
            delete=False,
        ) as handle:
            temporary = handle.name
            handle.write(text)
        os.replace(temporary, path)
    except (OSError, UnicodeError) as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise ScorecardFileError(
            f"The scorecard could not be saved to {path.name} ({type(error).__name__}): "
            "try another name or the download button."
        ) from None
    return path


def load_scorecard(path_text: str, folder: str | os.PathLike) -> tuple[Scorecard, Path]:
    """Read a scorecard file from the folder. Raises ScorecardFileError."""
    path = resolve_path(path_text, folder)
    if not path.exists():
        raise ScorecardFileError(f"There is no file called {path.name} in this folder.")
    if not path.is_file():
        raise ScorecardFileError(f"{path.name} is a folder, not a scorecard file.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScorecardFileError(
                f"{path.name} is {size // 1024} KB; a scorecard file is at most "
                f"{MAX_FILE_BYTES // 1024} KB."
            )
        data = path.read_bytes()
    except OSError as error:
        raise ScorecardFileError(f"{path.name} could not be read ({type(error).__name__}).") from None
    try:
        return scorecard_from_json(data), path
    except ScorecardFileError as error:
        raise ScorecardFileError(f"{path.name}: {error}") from None


# -- the personal action plan (widgets/core/plan.py) ---------------------------------------


def plan_entry(scorecard: Scorecard) -> plan.Entry:
    """A checked scorecard as an entry of the learner's plan: each KPI with its baseline,
    target, owner and review cadence."""
    return plan.entry("metrics", f"Metric scorecard: {scorecard.title}" if scorecard.title else "Metric scorecard", {
        "title": scorecard.title,
        "kpis": [{"name": k.name,
                  "category": CATEGORIES[k.category].short if k.category in CATEGORIES else k.category,
                  "baseline": format_value(k.baseline, k.unit), "target": format_value(k.target, k.unit),
                  "direction": DIRECTIONS.get(k.direction, k.direction), "owner": k.owner,
                  "cadence": CADENCES.get(k.cadence, "not chosen")} for k in scorecard.kpis],
    })
