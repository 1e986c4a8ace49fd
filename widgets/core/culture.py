"""The culture-archetype assessment, after Cameron & Quinn's Competing Values Framework.

Model: K. S. Cameron and R. E. Quinn, *Diagnosing and Changing Organizational Culture:
Based on the Competing Values Framework* (3rd ed., Jossey-Bass, 2011), which builds on
R. E. Quinn and J. Rohrbaugh (1983), "A spatial model of effectiveness criteria",
*Management Science* 29(3).

The six dimensions and the four culture types are the model's. Every statement (in
content/culture.yaml) was written for this kit: the wording of the OCAI instrument is
copyrighted and is not used.

An allocation maps each dimension to a mapping of culture type to points; the four types of
a dimension share exactly 100 points (an ipsative, "divide the pie" format). This module is
pure Python so that scoring can be tested without a kernel.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from numbers import Integral

from widgets.core import plan
from widgets.core.content import load_content
from widgets.core.text import is_number

CULTURE_TYPES = ("clan", "adhocracy", "market", "hierarchy")

DIMENSIONS = {
    "dominant_characteristics": "Dominant characteristics",
    "organizational_leadership": "Organizational leadership",
    "management_of_employees": "Management of employees",
    "organization_glue": "Organization glue",
    "strategic_emphases": "Strategic emphases",
    "criteria_of_success": "Criteria of success",
}

POINTS_PER_DIMENSION = 100

# Cameron & Quinn suggest that differences of about 10 points deserve attention. It is a
# rule of thumb for starting a conversation, not a significance test.
DISCUSSION_THRESHOLD = 10.0

# A dominant type that leads the runner-up by this much is called "strong"; half of it,
# "moderate". Same spirit as the discussion threshold: a reading aid, not a statistic.
STRONG_MARGIN = 10.0

# Statements are shown as A-D without naming their type, so that people rate what they
# see rather than the label they like. The order follows the CVF's usual A-D convention.
STATEMENT_LETTERS = dict(zip(CULTURE_TYPES, "ABCD"))

# The wording lives in content/culture.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("culture")

# In the model's order, whatever the order in the file (the schema requires every key).
PROMPTS = {dimension: _BANK["prompts"][dimension] for dimension in DIMENSIONS}

STATEMENTS = {
    dimension: {culture_type: _BANK["statements"][dimension][culture_type] for culture_type in CULTURE_TYPES}
    for dimension in DIMENSIONS
}


@dataclass(frozen=True)
class TypeGuide:
    """What a culture type means, where it is strong, and how it goes wrong."""

    label: str
    verb: str
    quadrant: str
    leader_roles: str
    strengths: str
    misalignment_risk: str
    typical_smbs: str
    more_of_it: str
    less_of_it: str


TYPE_GUIDE = {culture_type: TypeGuide(**_BANK["type_guide"][culture_type]) for culture_type in CULTURE_TYPES}


@dataclass(frozen=True)
class Dominance:
    """The strongest type of a profile and how clearly it leads."""

    culture_type: str | None  # None when two or more types tie for the top
    points: float
    margin: float  # lead over the runner-up, in points
    strength: str  # "strong", "moderate", "slight" or "none" (a tie)
    tied: tuple[str, ...] = ()


@dataclass(frozen=True)
class Congruence:
    """Whether one type dominates every dimension of an allocation."""

    congruent: bool
    dominant_type: str | None
    dominant_by_dimension: dict[str, str | None]
    matching_dimensions: int


@dataclass(frozen=True)
class Gap:
    """A change from Now to Preferred for one type."""

    culture_type: str
    now: float
    preferred: float

    @property
    def change(self) -> float:
        return self.preferred - self.now

    @property
    def direction(self) -> str:
        return "increase" if self.change > 0 else "decrease"


def _exact(value) -> Decimal:
    # repr() of a float is its shortest round-tripping form, so 33.3 sums like a person
    # expects while any two distinct floats still give distinct decimals.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def format_points(value) -> str:
    """Points as a person writes them: 25, 12.5, -3."""
    number = float(value)
    if number == int(number):
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _points_word(amount) -> str:
    return "point" if amount == 1 else "points"


def _dimension_problems(title: str, points) -> list[str]:
    if not isinstance(points, Mapping):
        return [f"{title}: expected points for the four statements, got {points!r}."]
    problems = []
    for key in points:
        if key not in CULTURE_TYPES:
            problems.append(f"{title}: unknown culture type {key!r}.")
    usable = []
    for culture_type in CULTURE_TYPES:
        statement = f"statement {STATEMENT_LETTERS[culture_type]} ({culture_type})"
        if culture_type not in points or points[culture_type] is None:
            problems.append(f"{title}: no points given for {statement}.")
            continue
        value = points[culture_type]
        if not is_number(value):
            problems.append(f"{title}: {value!r} for {statement} is not a number.")
            continue
        if value < 0:
            problems.append(
                f"{title}: {format_points(value)} points for {statement}; "
                "points cannot be negative."
            )
        usable.append(value)
    if problems:
        return problems
    with localcontext() as context:
        context.prec = 400  # exact for any float between 0 and 100
        total = sum((_exact(v) for v in usable), Decimal(0))
        missing = POINTS_PER_DIMENSION - total
    if missing > 0:
        problems.append(
            f"{title}: {format_points(missing)} {_points_word(missing)} left to give "
            f"(the four statements add up to {format_points(total)}, "
            f"not {POINTS_PER_DIMENSION})."
        )
    elif missing < 0:
        over = -missing
        problems.append(
            f"{title}: {format_points(over)} {_points_word(over)} over "
            f"(the four statements add up to {format_points(total)}, "
            f"not {POINTS_PER_DIMENSION})."
        )
    return problems


def validate_allocation(allocation) -> list[str]:
    """Return the problems with an allocation as sentences; an empty list means valid.

    Each problem names the dimension, and a wrong total says how many points are left
    to give or over.
    """
    if not isinstance(allocation, Mapping):
        return [f"Expected points for the six dimensions, got {type(allocation).__name__}."]
    problems = [
        f"Unknown dimension {key!r}." for key in allocation if key not in DIMENSIONS
    ]
    for dimension, title in DIMENSIONS.items():
        if dimension not in allocation:
            problems.append(f"{title}: this dimension is missing.")
            continue
        problems.extend(_dimension_problems(title, allocation[dimension]))
    return problems


def dimension_total(points: Mapping[str, object]) -> float | None:
    """The sum of one dimension's points, or None when some value is not a number."""
    values = [points.get(t) for t in CULTURE_TYPES]
    if not all(is_number(v) for v in values):
        return None
    return float(sum(_exact(v) for v in values))


def points_left(points: Mapping[str, object]) -> float | None:
    """Points still to give in one dimension (negative when over), or None if unknown."""
    total = dimension_total(points)
    return None if total is None else POINTS_PER_DIMENSION - total


def _require_valid(allocation) -> None:
    problems = validate_allocation(allocation)
    if problems:
        raise ValueError("Invalid allocation:\n- " + "\n- ".join(problems))


def profile(allocation) -> dict[str, float]:
    """Mean points per culture type across the six dimensions; the four sum to 100.

    Raises ValueError, listing every problem, when the allocation is invalid.
    """
    _require_valid(allocation)
    return {
        t: float(sum(_exact(allocation[d][t]) for d in DIMENSIONS) / len(DIMENSIONS))
        for t in CULTURE_TYPES
    }


def _require_profile(candidate, name: str = "profile") -> None:
    if not isinstance(candidate, Mapping) or set(candidate) != set(CULTURE_TYPES):
        raise ValueError(f"A {name} needs points for exactly {', '.join(CULTURE_TYPES)}.")
    if not all(is_number(candidate[t]) and candidate[t] >= 0 for t in CULTURE_TYPES):
        raise ValueError(f"A {name} needs non-negative numbers for every type.")
    if not math.isclose(sum(candidate.values()), POINTS_PER_DIMENSION, abs_tol=1e-6):
        raise ValueError(f"A {name}'s four types must sum to {POINTS_PER_DIMENSION}.")


def team_profile(profiles: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The mean of individual profiles."""
    profiles = list(profiles)
    if not profiles:
        raise ValueError("A team profile needs at least one individual profile.")
    for each in profiles:
        _require_profile(each)
    return {t: sum(p[t] for p in profiles) / len(profiles) for t in CULTURE_TYPES}


def gaps(now: Mapping[str, float], preferred: Mapping[str, float]) -> dict[str, float]:
    """Preferred minus Now for each type: positive means people want more of it."""
    _require_profile(now, "Now profile")
    _require_profile(preferred, "Preferred profile")
    return {t: preferred[t] - now[t] for t in CULTURE_TYPES}


def _ranked(points: Mapping[str, float]) -> list[tuple[str, float]]:
    return sorted(((t, float(points[t])) for t in CULTURE_TYPES), key=lambda kv: -kv[1])


def dominant(profile_points: Mapping[str, float], strong_margin: float = STRONG_MARGIN) -> Dominance:
    """The dominant type and how clearly it leads the runner-up."""
    _require_profile(profile_points)
    ranked = _ranked(profile_points)
    top_points = ranked[0][1]
    tied = tuple(t for t, p in ranked if math.isclose(p, top_points, abs_tol=1e-9))
    if len(tied) > 1:
        return Dominance(None, top_points, 0.0, "none", tied)
    margin = top_points - ranked[1][1]
    if margin >= strong_margin:
        strength = "strong"
    elif margin >= strong_margin / 2:
        strength = "moderate"
    else:
        strength = "slight"
    return Dominance(ranked[0][0], top_points, margin, strength)


def congruence(allocation) -> Congruence:
    """Whether the same type dominates every dimension (Cameron & Quinn's congruence).

    A dimension where two types tie for the top has no dominant type and breaks
    congruence.
    """
    _require_valid(allocation)
    by_dimension: dict[str, str | None] = {}
    for dimension in DIMENSIONS:
        ranked = _ranked(allocation[dimension])
        top = ranked[0][1]
        leaders = [t for t, p in ranked if p == top]
        by_dimension[dimension] = leaders[0] if len(leaders) == 1 else None
    counts = {t: sum(1 for v in by_dimension.values() if v == t) for t in CULTURE_TYPES}
    most = max(counts.values())
    leaders = [t for t in CULTURE_TYPES if counts[t] == most]
    overall = leaders[0] if len(leaders) == 1 else None
    return Congruence(
        congruent=most == len(DIMENSIONS),
        dominant_type=overall,
        dominant_by_dimension=by_dimension,
        matching_dimensions=most,
    )


def gaps_to_discuss(
    now: Mapping[str, float],
    preferred: Mapping[str, float],
    threshold: float = DISCUSSION_THRESHOLD,
) -> list[Gap]:
    """Types whose Now-to-Preferred change is at least `threshold` points, largest first."""
    if threshold < 0:
        raise ValueError("The discussion threshold cannot be negative.")
    changes = gaps(now, preferred)
    selected = [
        Gap(t, float(now[t]), float(preferred[t]))
        for t in CULTURE_TYPES
        if abs(changes[t]) >= threshold
    ]
    return sorted(selected, key=lambda gap: -abs(gap.change))


def _profile_sentence(points: Mapping[str, float]) -> str:
    return ", ".join(f"{TYPE_GUIDE[t].label} {format_points(round(points[t], 1))}" for t in CULTURE_TYPES)


def describe_profiles(now: Mapping[str, float], preferred: Mapping[str, float] | None = None) -> str:
    """A plain-text account of a profile, for screen readers and exported reports."""
    lines = [f"Now: {_profile_sentence(now)}."]
    lead = dominant(now)
    if lead.culture_type is None:
        lines.append(f"Now, no single type dominates: {' and '.join(lead.tied)} tie.")
    else:
        lines.append(
            f"The dominant type now is {TYPE_GUIDE[lead.culture_type].label} with "
            f"{format_points(round(lead.points, 1))} points, a {lead.strength} lead of "
            f"{format_points(round(lead.margin, 1))} points."
        )
    if preferred is not None:
        lines.append(f"Preferred: {_profile_sentence(preferred)}.")
        for gap in gaps_to_discuss(now, preferred):
            lines.append(
                f"{TYPE_GUIDE[gap.culture_type].label} should {gap.direction} by "
                f"{format_points(round(abs(gap.change), 1))} points."
            )
    return " ".join(lines)


def interpret(
    now: Mapping[str, float],
    preferred: Mapping[str, float] | None = None,
    threshold: float = DISCUSSION_THRESHOLD,
) -> list[str]:
    """Short paragraphs that read a profile: the dominant type, its risks, and the gaps."""
    paragraphs = []
    lead = dominant(now)
    if lead.culture_type is None:
        labels = " and ".join(TYPE_GUIDE[t].label for t in lead.tied)
        paragraphs.append(
            f"No single culture dominates today: {labels} tie. Balanced profiles can "
            "be healthy, but ask whether people get mixed signals about what matters most."
        )
    else:
        guide = TYPE_GUIDE[lead.culture_type]
        paragraphs.append(
            f"Today the {guide.label} culture ({guide.verb}) leads with a {lead.strength} "
            f"margin. Strength: {guide.strengths} Misalignment risk: {guide.misalignment_risk}"
        )
    if preferred is None:
        paragraphs.append(
            "Fill in the Preferred allocation to see where you would like the culture to move."
        )
        return paragraphs
    to_discuss = gaps_to_discuss(now, preferred, threshold)
    if not to_discuss:
        paragraphs.append(
            f"No type moves by {format_points(threshold)} points or more between Now and "
            "Preferred: you see the current culture as broadly right. Check whether "
            "colleagues agree before concluding that no change is needed."
        )
    for gap in to_discuss:
        guide = TYPE_GUIDE[gap.culture_type]
        wish = guide.more_of_it if gap.change > 0 else guide.less_of_it
        paragraphs.append(
            f"{guide.label}: {format_points(round(gap.now, 1))} now, "
            f"{format_points(round(gap.preferred, 1))} preferred "
            f"({'+' if gap.change > 0 else '-'}{format_points(round(abs(gap.change), 1))}). "
            f"You want {wish}. Worth discussing: what would people start, stop and keep "
            "doing if this changed?"
        )
    return paragraphs


# -- the personal action plan (widgets/core/plan.py) ---------------------------------------


def plan_entry(now: Mapping[str, float], preferred: Mapping[str, float] | None = None,
               threshold: float = DISCUSSION_THRESHOLD) -> plan.Entry:
    """The culture profile as an entry of the learner's plan: Now, Preferred, and the largest
    gaps to discuss (at least `threshold` points, largest first)."""
    lead = dominant(now)
    dominant_now = (TYPE_GUIDE[lead.culture_type].label if lead.culture_type
                    else " and ".join(TYPE_GUIDE[t].label for t in lead.tied) + " (a tie)")
    rows = [{"type": t, "label": TYPE_GUIDE[t].label, "now": round(float(now[t]), 1),
             "preferred": None if preferred is None else round(float(preferred[t]), 1),
             "change": None if preferred is None else round(float(preferred[t]) - float(now[t]), 1)}
            for t in CULTURE_TYPES]
    gaps_found = [] if preferred is None else gaps_to_discuss(now, preferred, threshold)
    return plan.entry("culture", "Culture profile", {
        "profile": rows,
        "dominant_now": dominant_now,
        "threshold": threshold,
        "gaps_to_discuss": [{"type": g.culture_type, "label": TYPE_GUIDE[g.culture_type].label,
                             "change": round(g.change, 1), "direction": g.direction} for g in gaps_found],
    })
