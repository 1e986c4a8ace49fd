"""The cross-border comparator: two countries on Hofstede's six dimensions, and what the gaps
may mean for how a mixed team meets, gives feedback, decides and plans.

Data: `country_culture` (datasets/README.md), the published scores of G. Hofstede,
G. J. Hofstede and M. Minkov, *Cultures and Organizations: Software of the Mind* (3rd ed.,
McGraw-Hill, 2010), from the "Dimension data matrix" on geerthofstede.com (version
2015-08-16). Free for research and education; commercial use needs permission from
Geert Hofstede BV / Hofstede Insights.

The scores describe national averages of samples, not people. Every implication below is
therefore written as a hedged tendency ("colleagues from X may tend to..."), never as a
trait of a nationality, and `wording_problems` checks that rule so a test can enforce it.

Pure Python (pandas only), so that every number and sentence can be tested without a kernel.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from numbers import Real

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


# The source and licence, the dimensions, the gap bands' wording, the practice areas, the
# rules and the wording rule's word lists live in content/cross_border.yaml, where a trainer
# can change them (widgets.core.content).
SOURCE: str = load_content("cross_border")["source"]
LICENCE: str = load_content("cross_border")["licence"]
ATTRIBUTION = f"{SOURCE} {LICENCE}"


@dataclass(frozen=True)
class Dimension:
    """One of Hofstede's six dimensions, with its two poles in plain words."""

    key: str
    label: str
    code: str  # the source file's column
    low_pole: str
    high_pole: str
    meaning: str


# The dimensions and the rules below live in content/cross_border.yaml, where a trainer can
# change them (widgets.core.content).
DIMENSIONS = {entry["key"]: Dimension(**entry) for entry in load_content("cross_border")["dimensions"]}
DIMENSION_KEYS = tuple(DIMENSIONS)
REQUIRED_COLUMNS = ("country", *DIMENSION_KEYS)

# Size bands for the absolute gap in index points. The scores are rounded averages of
# dated samples, so gaps under 10 points are within what another sample or decade could
# produce; 25 points is about one standard deviation of the twelve countries' scores, a
# gap that tends to show up in daily work. Conventions for a conversation, not tests.
NOTABLE_FROM = 10
LARGE_FROM = 25


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    rule: str
    meaning: str


BANDS = {
    key: Band(
        key,
        entry["label"],
        entry["rule"].format(notable_from=NOTABLE_FROM, notable_to=LARGE_FROM - 1, large_from=LARGE_FROM),
        entry["meaning"],
    )
    for key, entry in load_content("cross_border")["bands"].items()
}
BAND_ORDER = tuple(BANDS)


class CrossBorderError(InputProblems):
    """A comparison that cannot be made; `problems` holds friendly sentences."""


def band(gap: float) -> str:
    """The size band of a gap in index points: "small", "notable" or "large"."""
    if isinstance(gap, bool) or not isinstance(gap, Real) or not math.isfinite(gap):
        raise ValueError(f"A gap must be a finite number, not {gap!r}.")
    size = abs(gap)
    if size < NOTABLE_FROM:
        return "small"
    if size < LARGE_FROM:
        return "notable"
    return "large"


def as_number(value: float) -> int | float:
    """A whole number as an int (for tables that should read 35, not 35.0)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def format_score(value: float) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:.1f}"


def _points(value: float) -> str:
    return f"{format_score(value)} point" + ("" if abs(float(value)) == 1 else "s")


# --- the data ----------------------------------------------------------------------------


def check_frame(frame) -> list[str]:
    """Problems with the table itself: not a table, or columns missing."""
    if not isinstance(frame, pd.DataFrame):
        return ["The country scores must be a table (a pandas DataFrame)."]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        return [
            "The country table has no column " + ", ".join(repr(c) for c in missing)
            + f"; it needs {', '.join(REQUIRED_COLUMNS)}."
        ]
    return []


def country_names(frame: pd.DataFrame) -> list[str]:
    """The countries in the table, alphabetically (blank names left out)."""
    names = {str(n).strip() for n in frame["country"] if not pd.isna(n) and str(n).strip()}
    return sorted(names, key=str.casefold)


def _aliases(frame: pd.DataFrame) -> dict[str, str]:
    """Lower-case name, code or source name -> the country's name in the kit."""
    aliases: dict[str, str] = {}
    for column in ("country_code", "source_name", "country"):  # names win over codes
        if column not in frame.columns:
            continue
        for alias, name in zip(frame[column], frame["country"]):
            if pd.isna(alias) or pd.isna(name) or not str(name).strip():
                continue
            aliases[str(alias).strip().casefold()] = str(name).strip()
    return aliases


def resolve(frame: pd.DataFrame, text) -> tuple[str | None, str | None]:
    """(the country's name, None) or (None, a friendly problem) for a name or code typed."""
    if text is None or not str(text).strip():
        return None, None
    wanted = str(text).strip()
    found = _aliases(frame).get(wanted.casefold())
    if found is not None:
        return found, None
    names = country_names(frame)
    close = difflib.get_close_matches(wanted.casefold(), [n.casefold() for n in names], n=1)
    by_fold = {n.casefold(): n for n in names}
    hint = f" Did you mean {by_fold[close[0]]}?" if close else ""
    return None, (
        f"There are no scores for \u201c{wanted}\u201d in this data.{hint} Choose one of the "
        f"{len(names)} countries: {', '.join(names)}."
    )


# Country names read in running text with "the": "colleagues from the Netherlands".
NAMES_WITH_THE = frozenset({
    "Netherlands", "Philippines", "Czech Republic", "Dominican Republic", "Bahamas",
    "Gambia", "Slovak Republic",
})


def in_text(country: str) -> str:
    """A country's name as it reads after a preposition: "the United States", "Germany"."""
    if country in NAMES_WITH_THE or country.startswith("United "):
        return f"the {country}"
    return country


def _score(value) -> float | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def scores(frame: pd.DataFrame, country: str) -> dict[str, float | None]:
    """A country's six scores; None where the table has no usable value."""
    rows = frame[frame["country"].astype("string").str.strip().eq(country).fillna(False)]
    if rows.empty:
        raise CrossBorderError([f"There are no scores for \u201c{country}\u201d in this data."])
    row = rows.iloc[0]
    return {key: _score(row[key]) for key in DIMENSION_KEYS}


# --- comparing two countries -------------------------------------------------------------


@dataclass(frozen=True)
class DimensionGap:
    """One dimension for two countries. `signed` is first minus second."""

    dimension: str
    first: str
    second: str
    first_score: float
    second_score: float

    @property
    def label(self) -> str:
        return DIMENSIONS[self.dimension].label

    @property
    def signed(self) -> float:
        return self.first_score - self.second_score

    @property
    def absolute(self) -> float:
        return abs(self.signed)

    @property
    def band(self) -> str:
        return band(self.signed)

    @property
    def higher(self) -> str | None:
        if self.signed == 0:
            return None
        return self.first if self.signed > 0 else self.second

    @property
    def lower(self) -> str | None:
        if self.signed == 0:
            return None
        return self.second if self.signed > 0 else self.first

    def describe(self) -> str:
        scores_text = (
            f"{self.label}: {self.first} {format_score(self.first_score)}, "
            f"{self.second} {format_score(self.second_score)}"
        )
        if self.higher is None:
            return f"{scores_text}, no gap."
        return (
            f"{scores_text}, a {self.band} gap of {_points(self.absolute)} "
            f"({self.higher} higher)."
        )


@dataclass(frozen=True)
class Comparison:
    first: str
    second: str
    gaps: tuple[DimensionGap, ...]  # in DIMENSIONS order; only dimensions both countries have
    missing: tuple[str, ...] = ()  # dimensions left out for lack of a score
    notes: tuple[str, ...] = ()  # friendly sentences about what was left out

    def gap(self, dimension: str) -> DimensionGap | None:
        return next((g for g in self.gaps if g.dimension == dimension), None)

    def in_band(self, key: str) -> list[DimensionGap]:
        return [g for g in self.gaps if g.band == key]

    def largest(self) -> DimensionGap | None:
        """The largest absolute gap; on a tie, the first in the dimensions' order."""
        if not self.gaps:
            return None
        return max(self.gaps, key=lambda g: (g.absolute, -DIMENSION_KEYS.index(g.dimension)))


def validate_pair(frame, first, second) -> list[str]:
    """Everything that keeps two choices from being compared, as friendly sentences."""
    problems = check_frame(frame)
    if problems:
        return problems
    resolved = []
    for position, text in (("first", first), ("second", second)):
        name, problem = resolve(frame, text)
        if problem:
            problems.append(problem)
        elif name is None:
            problems.append(f"Choose a {position} country to compare.")
        resolved.append(name)
    if problems:
        return problems
    one, other = resolved
    if one == other:
        same = (
            f"You chose {one} twice. Pick two different countries: the comparator shows "
            "how two countries' averages differ."
        )
        return [same]
    first_scores, second_scores = scores(frame, one), scores(frame, other)
    if not any(
        first_scores[k] is not None and second_scores[k] is not None for k in DIMENSION_KEYS
    ):
        nothing = (
            f"There is no dimension with a score for both {one} and {other}, so there is "
            "nothing to compare. Choose another pair."
        )
        return [nothing]
    return []


def compare(frame: pd.DataFrame, first, second) -> Comparison:
    """The six gaps between two countries (by name or code). Raises CrossBorderError."""
    problems = validate_pair(frame, first, second)
    if problems:
        raise CrossBorderError(problems)
    one, _ = resolve(frame, first)
    other, _ = resolve(frame, second)
    first_scores, second_scores = scores(frame, one), scores(frame, other)
    gaps, missing, notes = [], [], []
    for key in DIMENSION_KEYS:
        lacking = [c for c, s in ((one, first_scores), (other, second_scores)) if s[key] is None]
        if lacking:
            missing.append(key)
            label = DIMENSIONS[key].label.lower()
            notes.append(
                f"There is no {label} score for {' or '.join(lacking)} in this data, so "
                f"{label} is left out of the comparison."
            )
            continue
        gaps.append(DimensionGap(key, one, other, first_scores[key], second_scores[key]))
    return Comparison(one, other, tuple(gaps), tuple(missing), tuple(notes))


def gap_table(comparison: Comparison) -> pd.DataFrame:
    """One row per compared dimension: both scores, the signed and absolute gap, its size."""
    first, second = comparison.first, comparison.second
    return pd.DataFrame(
        [
            {
                "Dimension": g.label,
                first: as_number(g.first_score),
                second: as_number(g.second_score),
                f"Gap ({first} minus {second})": as_number(g.signed),
                "Absolute gap": as_number(g.absolute),
                "Size": g.band,
                "Higher": g.higher or "equal",
            }
            for g in comparison.gaps
        ]
    )


def describe_comparison(comparison: Comparison) -> str:
    """The comparison in sentences: the text alternative of its chart."""
    intro = (
        f"{comparison.first} and {comparison.second} on Hofstede's dimensions "
        "(index points, national averages)."
    )
    parts = [intro]
    parts += [g.describe() for g in comparison.gaps]
    parts += list(comparison.notes)
    largest = comparison.largest()
    if largest is not None and largest.higher is not None:
        parts.append(
            f"The largest gap is {largest.label.lower()} ({_points(largest.absolute)}, "
            f"{largest.higher} higher)."
        )
    counts = {key: len(comparison.in_band(key)) for key in BAND_ORDER}
    parts.append(
        f"{counts['small']} small, {counts['notable']} notable and {counts['large']} large "
        f"gap{'s' if counts['large'] != 1 else ''}."
    )
    return " ".join(parts)


def common_ground(comparison: Comparison) -> list[DimensionGap]:
    """The small gaps: where the two averages are close."""
    return comparison.in_band("small")


# --- what the gaps may mean for alignment practice -----------------------------------------

AREAS = dict(load_content("cross_border")["areas"])


@dataclass(frozen=True)
class Rule:
    """A practice implication of a gap: a tendency ({high}/{low} are countries) and a try."""

    dimension: str
    area: str
    tendency: str
    practice: str


RULES = tuple(Rule(**entry) for entry in load_content("cross_border")["rules"])


@dataclass(frozen=True)
class Implication:
    """What one dimension's gap may mean in one area of alignment practice."""

    area: str
    dimension: str
    band: str
    gap: float  # absolute, in index points
    higher: str
    lower: str
    tendency: str
    practice: str

    @property
    def label(self) -> str:
        return DIMENSIONS[self.dimension].label

    @property
    def text(self) -> str:
        return f"{self.tendency} {self.practice}"


def implications(comparison: Comparison) -> list[Implication]:
    """Implications of every notable or large gap, by area, largest gap first.

    They depend only on which country scores higher, so swapping the two countries gives
    the same implications.
    """
    found = []
    for rule in RULES:
        gap = comparison.gap(rule.dimension)
        if gap is None or gap.band == "small":
            continue
        found.append(
            Implication(
                area=rule.area,
                dimension=rule.dimension,
                band=gap.band,
                gap=gap.absolute,
                higher=gap.higher,
                lower=gap.lower,
                tendency=rule.tendency.format(high=in_text(gap.higher), low=in_text(gap.lower)),
                practice=rule.practice,
            )
        )
    area_order = list(AREAS)
    return sorted(
        found,
        key=lambda i: (area_order.index(i.area), -i.gap, DIMENSION_KEYS.index(i.dimension)),
    )


def implications_by_area(comparison: Comparison) -> dict[str, list[Implication]]:
    """Every area, in teaching order, with its implications (possibly none)."""
    grouped: dict[str, list[Implication]] = {area: [] for area in AREAS}
    for item in implications(comparison):
        grouped[item.area].append(item)
    return grouped


def implications_frame(comparison: Comparison) -> pd.DataFrame:
    """The implications as a table of sentences, for a lesson: one row per implication."""
    return pd.DataFrame(
        [
            {
                "Area": AREAS[i.area],
                "Gap": f"{i.label}: {format_score(i.gap)} points, {i.band}",
                "What may happen": i.tendency,
                "What to try": i.practice,
            }
            for i in implications(comparison)
        ],
        columns=["Area", "Gap", "What may happen", "What to try"],
    )


ONE_AT_A_TIME: str = load_content("cross_border")["one_at_a_time"]


# --- the wording rule ----------------------------------------------------------------------

HEDGES = tuple(load_content("cross_border")["hedges"])
ABSOLUTES = tuple(load_content("cross_border")["absolutes"])
# Group nouns and adjectives for nationalities: implications speak of "colleagues from X",
# never of "the Germans" or "Japanese people".
NATIONALITY_WORDS = tuple(load_content("cross_border")["nationality_words"])


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE) is not None


def wording_problems(text: str, countries: Iterable[str] = ()) -> list[str]:
    """Why a sentence about people from a country reads as a stereotype; [] if it does not.

    It must hedge (may, tend, often...), use no absolute (always, never, everyone...),
    generalize over no whole nationality ("all people from X", "X people", "the Germans"),
    and say nothing "is" or "are" true of a country's people.
    """
    problems = []
    if not any(_has(text, h) for h in HEDGES):
        problems.append("It states a tendency without a hedge such as 'may' or 'tend to'.")
    for word in ABSOLUTES:
        if _has(text, word):
            problems.append(f"It uses the absolute '{word}'.")
    for word in NATIONALITY_WORDS:
        if re.search(rf"(?<![\w-]){word}(?![\w-])", text):
            problems.append(f"It speaks of a nationality as a group ('{word}').")
    for country in countries:
        name = re.escape(country)
        if re.search(rf"\b(all|every|each|most|any)\s+(\w+\s+)?(people|colleagues|staff|"
                     rf"employees|workers|managers|person|one)?\s*(from|in)\s+(the\s+)?{name}\b",
                     text, re.IGNORECASE):
            problems.append(f"It generalizes over everyone from {country}.")
        if re.search(rf"\b(all|every)\s+(the\s+)?{name}\b", text, re.IGNORECASE):
            problems.append(f"It generalizes over everyone from {country}.")
        if re.search(rf"\b{name}\s+(people|staff|workers|employees|managers)\b", text, re.IGNORECASE):
            problems.append(f"It treats '{country} people' as one group.")
        if re.search(rf"\bfrom\s+(the\s+)?{name}\s+(are|is|do|does|will|cannot|can't|won't)\b",
                     text, re.IGNORECASE):
            problems.append(f"It states as fact what people from {country} are or do.")
    return problems


# --- more than two countries: a multicultural team -----------------------------------------


def team_spread(frame: pd.DataFrame, countries: Iterable[str]) -> pd.DataFrame:
    """For a team drawn from several countries: per dimension, the lowest and highest
    average, the range between them and its size band. Raises CrossBorderError."""
    problems = check_frame(frame)
    if problems:
        raise CrossBorderError(problems)
    names = []
    for text in countries:
        name, problem = resolve(frame, text)
        if problem:
            problems.append(problem)
        elif name is not None and name not in names:
            names.append(name)
    if problems:
        raise CrossBorderError(problems)
    if len(names) < 2:
        raise CrossBorderError(["Choose at least two different countries for a team."])
    table = {name: scores(frame, name) for name in names}
    rows = []
    for key in DIMENSION_KEYS:
        known = [(table[n][key], n) for n in names if table[n][key] is not None]
        if len(known) < 2:
            continue
        low_score, low = min(known, key=lambda pair: pair[0])
        high_score, high = max(known, key=lambda pair: pair[0])
        rows.append(
            {
                "Dimension": DIMENSIONS[key].label,
                "Lowest": f"{low} ({format_score(low_score)})",
                "Highest": f"{high} ({format_score(high_score)})",
                "Range": as_number(high_score - low_score),
                "Size": band(high_score - low_score),
            }
        )
    return pd.DataFrame(rows, columns=["Dimension", "Lowest", "Highest", "Range", "Size"])


def band_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """How the bands split every pair of countries' gaps, per dimension (a sanity check
    that the bands tell pairs apart). Rows: dimensions; columns: the three bands."""
    problems = check_frame(frame)
    if problems:
        raise CrossBorderError(problems)
    names = country_names(frame)
    table = {name: scores(frame, name) for name in names}
    counts = {DIMENSIONS[k].label: dict.fromkeys(BAND_ORDER, 0) for k in DIMENSION_KEYS}
    for one, other in combinations(names, 2):
        for key in DIMENSION_KEYS:
            a, b = table[one][key], table[other][key]
            if a is not None and b is not None:
                counts[DIMENSIONS[key].label][band(a - b)] += 1
    summary = pd.DataFrame.from_dict(counts, orient="index")[list(BAND_ORDER)]
    summary.index.name = "Dimension"
    return summary


def spread(frame: pd.DataFrame) -> dict[str, float]:
    """The standard deviation of each dimension's scores across the table's countries."""
    problems = check_frame(frame)
    if problems:
        raise CrossBorderError(problems)
    result = {}
    for key in DIMENSION_KEYS:
        values = [s for s in (_score(v) for v in frame[key]) if s is not None]
        result[DIMENSIONS[key].label] = (
            round(float(pd.Series(values).std(ddof=1)), 1) if len(values) > 1 else math.nan
        )
    return result


def scores_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The scores with readable column labels, one row per country, for a lesson."""
    problems = check_frame(frame)
    if problems:
        raise CrossBorderError(problems)
    table = frame[list(REQUIRED_COLUMNS)].rename(
        columns={"country": "Country", **{k: d.label for k, d in DIMENSIONS.items()}}
    )
    return table.set_index("Country")


def describe_bands() -> list[str]:
    """The three bands as sentences, for a legend."""
    return [f"{b.label.capitalize()}: {b.rule}, {b.meaning}." for b in BANDS.values()]
