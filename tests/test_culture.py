"""The culture-archetype assessment's scoring and validation."""

import copy
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from widgets.core import culture
from widgets.core.culture import CULTURE_TYPES, DIMENSIONS


def uniform(points=(25, 25, 25, 25)):
    return {d: dict(zip(CULTURE_TYPES, points)) for d in DIMENSIONS}


@st.composite
def dimension_points(draw, decimals=st.sampled_from([0, 1, 2])):  # noqa: B008 (hypothesis strategies are immutable)
    """Four non-negative values summing to exactly 100, as a person might type them."""
    places = draw(decimals)
    unit = 10**places
    cuts = sorted(draw(st.lists(st.integers(0, 100 * unit), min_size=3, max_size=3)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100 * unit])]
    values = [p // unit if places == 0 else round(p / unit, places) for p in parts]
    return dict(zip(CULTURE_TYPES, values))


@st.composite
def allocations(draw):
    return {d: draw(dimension_points()) for d in DIMENSIONS}


def test_model_constants():
    assert CULTURE_TYPES == ("clan", "adhocracy", "market", "hierarchy")
    assert list(DIMENSIONS) == [
        "dominant_characteristics",
        "organizational_leadership",
        "management_of_employees",
        "organization_glue",
        "strategic_emphases",
        "criteria_of_success",
    ]
    assert set(culture.STATEMENTS) == set(DIMENSIONS)
    statements = [s for d in culture.STATEMENTS.values() for s in d.values()]
    assert len(statements) == 24 and len(set(statements)) == 24
    for by_type in culture.STATEMENTS.values():
        assert set(by_type) == set(CULTURE_TYPES)


# Signature phrases, long and short, of copyrighted instruments: the OCAI (culture types),
# Gallup's Q12 and the Denison survey. None may appear in a bank's wording or a lesson.
BANNED_PHRASES = (
    # OCAI
    "extended family", "share a lot of themselves", "dynamic entrepreneurial place",
    "stick their necks out", "very results oriented", "very controlled and structured place",
    "formal procedures generally govern", "exemplify mentoring", "no-nonsense",
    "teamwork, consensus, and participation", "teamwork, consensus and participation",
    "loyalty and mutual trust", "commitment to this organization", "dependable delivery",
    "smooth scheduling", "low-cost production", "formal rules and policies", "smooth-running",
    "aggressiveness and winning", "hard-driving competitiveness", "permanence and stability",
    "individual risk-taking", "security of employment", "high trust, openness",
    "acquiring new resources", "competitive actions and achievement", "product leader and innovator",
    # Q12
    "know what is expected of me", "materials and equipment", "do what i do best",
    "recognition or praise", "care about me as a person", "cares about me as a person",
    "encourages my development", "my opinions seem to count", "mission or purpose of my company",
    "committed to doing quality work", "best friend at work", "talked to me about my progress",
    "opportunities at work to learn and grow",
    # Denison
    "gives meaning and direction", "characteristic management style",
    "clear and consistent set of values", "customer comments and recommendations",
    "long-term purpose and direction",
)
ROOT = Path(__file__).resolve().parent.parent


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'"))


def test_statements_are_our_own_wording():
    text = normalized(" ".join(s for d in culture.STATEMENTS.values() for s in d.values()))
    assert [phrase for phrase in BANNED_PHRASES if phrase in text] == []


@pytest.mark.parametrize(
    "path",
    sorted([*ROOT.glob("widgets/core/content/*.yaml"), *ROOT.glob("workshops/*/*.ipynb")]),
    ids=lambda p: p.name,
)
def test_no_bank_or_lesson_uses_an_instruments_phrases(path):
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        source = " ".join("".join(c["source"]) for c in json.loads(source)["cells"])
    text = normalized(source)
    assert [phrase for phrase in BANNED_PHRASES if phrase in text] == []


def test_valid_allocation_has_no_problems():
    assert culture.validate_allocation(uniform()) == []


def test_short_dimension_names_dimension_and_points_left():
    allocation = uniform()
    allocation["organization_glue"]["market"] = 15  # sums to 90
    problems = culture.validate_allocation(allocation)
    assert problems == [
        "Organization glue: 10 points left to give "
        "(the four statements add up to 90, not 100)."
    ]


def test_over_dimension_says_points_over():
    allocation = uniform()
    allocation["criteria_of_success"]["clan"] = 30.5
    (problem,) = culture.validate_allocation(allocation)
    assert problem.startswith("Criteria of success: 5.5 points over")


def test_one_point_is_singular():
    allocation = uniform()
    allocation["strategic_emphases"]["clan"] = 24
    (problem,) = culture.validate_allocation(allocation)
    assert "1 point left" in problem


@pytest.mark.parametrize(
    "value, fragment",
    [
        (-5, "-5 points for statement A (clan); points cannot be negative"),
        ("25", "'25' for statement A (clan) is not a number"),
        (float("nan"), "nan for statement A (clan) is not a number"),
        (True, "True for statement A (clan) is not a number"),
        (None, "no points given for statement A (clan)"),
    ],
)
def test_bad_values_are_named(value, fragment):
    allocation = uniform()
    allocation["dominant_characteristics"]["clan"] = value
    problems = culture.validate_allocation(allocation)
    assert any(
        p.startswith("Dominant characteristics:") and fragment in p for p in problems
    ), problems


def test_missing_and_unknown_keys():
    allocation = uniform()
    del allocation["management_of_employees"]
    del allocation["organization_glue"]["hierarchy"]
    allocation["vibes"] = {}
    allocation["strategic_emphases"]["chaos"] = 0
    problems = culture.validate_allocation(allocation)
    assert "Unknown dimension 'vibes'." in problems
    assert "Management of employees: this dimension is missing." in problems
    assert "Organization glue: no points given for statement D (hierarchy)." in problems
    assert "Strategic emphases: unknown culture type 'chaos'." in problems


def test_not_a_mapping():
    assert culture.validate_allocation([1, 2, 3]) == [
        "Expected points for the six dimensions, got list."
    ]


def test_profile_is_mean_across_dimensions():
    allocation = uniform()
    allocation["dominant_characteristics"] = dict(zip(CULTURE_TYPES, (70, 10, 10, 10)))
    result = culture.profile(allocation)
    assert result["clan"] == pytest.approx(25 + 45 / 6)
    assert result["adhocracy"] == pytest.approx(25 - 15 / 6)


def test_profile_of_invalid_allocation_lists_problems():
    allocation = uniform()
    allocation["organization_glue"]["clan"] = 20
    allocation["strategic_emphases"]["market"] = 40
    with pytest.raises(ValueError) as error:
        culture.profile(allocation)
    message = str(error.value)
    assert "Organization glue: 5 points left" in message
    assert "Strategic emphases: 15 points over" in message


def test_decimal_points_sum_exactly():
    allocation = uniform()
    allocation["organization_glue"] = dict(zip(CULTURE_TYPES, (33.3, 33.3, 33.4, 0)))
    assert culture.validate_allocation(allocation) == []


@given(allocations())
def test_every_valid_allocation_gives_profile_summing_to_100(allocation):
    assert culture.validate_allocation(allocation) == []
    result = culture.profile(allocation)
    assert math.isclose(sum(result.values()), 100, abs_tol=1e-9)
    assert all(0 <= v <= 100 for v in result.values())


@given(
    allocations(),
    st.sampled_from(list(DIMENSIONS)),
    st.sampled_from(CULTURE_TYPES),
    st.one_of(
        st.integers(-100, 100).filter(bool),
        st.floats(-100, 100, allow_nan=False).filter(lambda x: x != 0),
    ),
)
def test_any_change_to_one_dimension_total_is_caught(allocation, dimension, culture_type, delta):
    changed = copy.deepcopy(allocation)
    new_value = changed[dimension][culture_type] + delta
    assume(new_value != changed[dimension][culture_type])  # a tiny float can vanish
    changed[dimension][culture_type] = new_value
    problems = culture.validate_allocation(changed)
    title = DIMENSIONS[dimension]
    assert problems and all(p.startswith(f"{title}:") for p in problems)
    with pytest.raises(ValueError):
        culture.profile(changed)


def test_team_profile_is_mean_of_individuals():
    a = {"clan": 40, "adhocracy": 20, "market": 10, "hierarchy": 30}
    b = {"clan": 20, "adhocracy": 30, "market": 30, "hierarchy": 20}
    assert culture.team_profile([a, b]) == {
        "clan": 30,
        "adhocracy": 25,
        "market": 20,
        "hierarchy": 25,
    }
    with pytest.raises(ValueError, match="at least one"):
        culture.team_profile([])
    with pytest.raises(ValueError, match="sum to 100"):
        culture.team_profile([{**a, "clan": 10}])


def test_gaps_and_gaps_to_discuss():
    now = {"clan": 40, "adhocracy": 15, "market": 15, "hierarchy": 30}
    preferred = {"clan": 35, "adhocracy": 30, "market": 17, "hierarchy": 18}
    assert culture.gaps(now, preferred) == {
        "clan": -5,
        "adhocracy": 15,
        "market": 2,
        "hierarchy": -12,
    }
    discussed = culture.gaps_to_discuss(now, preferred)
    assert [(g.culture_type, g.change, g.direction) for g in discussed] == [
        ("adhocracy", 15, "increase"),
        ("hierarchy", -12, "decrease"),
    ]
    assert [g.culture_type for g in culture.gaps_to_discuss(now, preferred, threshold=5)] == [
        "adhocracy",
        "hierarchy",
        "clan",
    ]
    assert culture.gaps_to_discuss(now, preferred, threshold=20) == []
    assert culture.DISCUSSION_THRESHOLD == 10


def test_dominant_type_strength_and_ties():
    strong = culture.dominant({"clan": 45, "adhocracy": 20, "market": 15, "hierarchy": 20})
    assert (strong.culture_type, strong.points, strong.margin, strong.strength) == (
        "clan",
        45,
        25,
        "strong",
    )
    moderate = culture.dominant({"clan": 20, "adhocracy": 20, "market": 34, "hierarchy": 26})
    assert (moderate.culture_type, moderate.strength) == ("market", "moderate")
    slight = culture.dominant({"clan": 28, "adhocracy": 24, "market": 24, "hierarchy": 24})
    assert slight.strength == "slight"
    tie = culture.dominant({"clan": 35, "adhocracy": 35, "market": 15, "hierarchy": 15})
    assert tie.culture_type is None and set(tie.tied) == {"clan", "adhocracy"}


def test_congruence():
    allocation = uniform((40, 20, 20, 20))
    result = culture.congruence(allocation)
    assert result.congruent and result.dominant_type == "clan"
    assert result.matching_dimensions == 6
    allocation["organization_glue"] = dict(zip(CULTURE_TYPES, (10, 20, 50, 20)))
    allocation["strategic_emphases"] = dict(zip(CULTURE_TYPES, (30, 30, 20, 20)))
    result = culture.congruence(allocation)
    assert not result.congruent
    assert result.dominant_type == "clan" and result.matching_dimensions == 4
    assert result.dominant_by_dimension["organization_glue"] == "market"
    assert result.dominant_by_dimension["strategic_emphases"] is None


def test_interpretation_names_dominant_type_risks_and_gaps():
    now = {"clan": 40, "adhocracy": 15, "market": 15, "hierarchy": 30}
    preferred = {"clan": 35, "adhocracy": 30, "market": 17, "hierarchy": 18}
    paragraphs = culture.interpret(now, preferred)
    assert paragraphs[0].startswith("Today the Clan culture (Collaborate)")
    assert culture.TYPE_GUIDE["clan"].misalignment_risk in paragraphs[0]
    assert paragraphs[1].startswith("Adhocracy: 15 now, 30 preferred (+15).")
    assert paragraphs[2].startswith("Hierarchy: 30 now, 18 preferred (-12).")
    assert len(paragraphs) == 3
    only_now = culture.interpret(now)
    assert "Fill in the Preferred allocation" in only_now[-1]
    steady = culture.interpret(now, now)
    assert "No type moves by 10 points or more" in steady[-1]


def test_description_reads_the_chart_in_words():
    now = {"clan": 40, "adhocracy": 15, "market": 15, "hierarchy": 30}
    preferred = {"clan": 35, "adhocracy": 30, "market": 17, "hierarchy": 18}
    text = culture.describe_profiles(now, preferred)
    assert "Now: Clan 40, Adhocracy 15, Market 15, Hierarchy 30." in text
    assert "Preferred: Clan 35, Adhocracy 30, Market 17, Hierarchy 18." in text
    assert "Adhocracy should increase by 15 points." in text
    assert "Hierarchy should decrease by 12 points." in text
