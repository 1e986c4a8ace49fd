"""Culture-archetype assessment at Brannock Kitchenworks, January 2025.

Brannock Kitchenworks is the fictional 120-person maker and distributor of commercial kitchen
equipment of engagement_survey.csv and hr_headcount.csv. After the October 2024 engagement
survey it ran culture workshops in January 2025: 60 people took part, from the same six teams
plus "Leadership" (the managing director and the management team, who answered as one group
here although HR counts them in their functions' teams). Each divided 100 points between
four statements (clan, adhocracy, market, hierarchy) for each of the six culture dimensions,
twice: once for the culture as it is now and once for the culture they would prefer. The
statements are the kit's own (widgets/core/culture.py), not the copyrighted OCAI wording.

What a facilitator should find:

- Perception gap. The five members of Leadership describe a clan culture (about 40 clan
  points, hierarchy under 20). Everyone else, and the front line most of all (Operations,
  Warehouse, Customer Service), describes a hierarchy: hierarchy is the strongest type for
  the rest of the company, and clan scores are less than half of what Leadership reports.
  Leadership's own Now-to-Preferred gaps are all below the 10-point discussion threshold:
  they think the culture is already about right.
- Sales lives in a market culture (about 45 points) and wants more clan (+15 or more) and
  less market.
- Operations and Warehouse see a strong hierarchy (about 50 points) and want far less of
  it (about -20), with more clan and more adhocracy.
- Product sees an adhocracy and wants a little more of it, with much less hierarchy
  (about -15).
- Customer Service is incongruent: its dominant type changes from dimension to dimension
  (hierarchy in day-to-day character and in how people are managed, market in leadership,
  strategy and success criteria, clan in what holds the team together): mixed signals.
- Finance & HR has only four respondents, below the usual minimum of five for reporting a
  group on its own; a facilitator should merge it (e.g. into "other support functions") or
  leave it out of team-level charts. It is kept separate here so that the anonymity rule
  can be exercised.
"""

import numpy as np
import pandas as pd

from widgets.core.culture import CULTURE_TYPES, DIMENSIONS

# Points in the order of CULTURE_TYPES: clan, adhocracy, market, hierarchy.
# (team, respondents, Now profile, Preferred profile); Now None = per-dimension profile below.
TEAMS = [
    ("Sales", 11, (15, 15, 45, 25), (32, 18, 33, 17)),
    ("Operations", 11, (15, 10, 25, 50), (30, 22, 20, 28)),
    ("Warehouse", 13, (14, 8, 23, 55), (34, 16, 18, 32)),
    ("Customer Service", 10, None, (38, 15, 25, 22)),
    ("Finance & HR", 4, (22, 10, 23, 45), (26, 14, 22, 38)),
    ("Product", 6, (17, 45, 13, 25), (26, 48, 14, 12)),
    ("Leadership", 5, (42, 20, 22, 16), (38, 26, 24, 12)),
]

# Customer Service's Now profile, dimension by dimension: the incongruent team.
CUSTOMER_SERVICE_NOW = {
    "dominant_characteristics": (25, 10, 25, 40),   # hierarchy
    "organizational_leadership": (15, 10, 45, 30),  # market
    "management_of_employees": (15, 5, 30, 50),     # hierarchy
    "organization_glue": (50, 10, 15, 25),          # clan
    "strategic_emphases": (20, 15, 45, 20),         # market
    "criteria_of_success": (25, 10, 40, 25),        # market
}

# Small company-wide tilts by dimension (log scale): everyone rates the glue a little more
# clan, strategy and success criteria a little more market, management a little more
# hierarchy. They make dimensions differ realistically without changing a team's leader.
DIMENSION_TILT = {
    "dominant_characteristics": (0.0, 0.0, 0.0, 0.0),
    "organizational_leadership": (0.0, 0.05, 0.0, 0.0),
    "management_of_employees": (0.0, 0.0, 0.0, 0.10),
    "organization_glue": (0.15, 0.0, 0.0, 0.0),
    "strategic_emphases": (0.0, 0.05, 0.12, 0.0),
    "criteria_of_success": (0.0, 0.0, 0.10, 0.0),
}

PERSON_SPREAD = 0.22      # sd of a respondent's own tilt, log scale
PREFERRED_ANCHOR = 0.6    # how much of that tilt carries over to the Preferred answers
CONCENTRATION = 60.0      # Dirichlet concentration of one dimension's answer
ROUNDERS = 0.4            # share of respondents who answer in multiples of 5

RESOURCE = {
    "name": "culture_assessments",
    "title": "Culture assessment: Now and Preferred, by team",
    "description": (
        "Sixty employees of Brannock Kitchenworks, a fictional kitchen-equipment maker, "
        "each divided 100 "
        "points between clan, adhocracy, market and hierarchy statements for six culture "
        "dimensions, for the culture Now and the culture they would Prefer. Leadership "
        "sees a clan culture while the rest of the company sees a hierarchy; Sales wants "
        "less market and more clan, Operations and Warehouse want far less hierarchy, "
        "Product wants more adhocracy, and Customer Service's Now answers are "
        "incongruent across dimensions. Finance & HR has only 4 respondents."
    ),
    "seed": 20261123,
    "schema": {
        "fields": [
            {"name": "respondent_id", "type": "string", "title": "Respondent",
             "description": "Anonymous respondent code, in order of submission. "
                            "Unit: none (identifier).",
             "constraints": {"required": True}},
            {"name": "team", "type": "string", "title": "Team",
             "description": "The respondent's team. Finance & HR has only 4 respondents: "
                            "below the usual minimum of 5 for showing a group on its own, "
                            "so merge or hide it in team-level reports. Unit: none.",
             "constraints": {"required": True,
                             "enum": [team for team, _, _, _ in TEAMS]}},
            {"name": "phase", "type": "string", "title": "Phase",
             "description": "Which culture the answer describes: 'now' (as it is today) "
                            "or 'preferred' (as the respondent would like it in a few "
                            "years). Unit: none.",
             "constraints": {"required": True, "enum": ["now", "preferred"]}},
            {"name": "dimension", "type": "string", "title": "Dimension",
             "description": "The culture dimension rated, a key of "
                            "widgets.core.culture.DIMENSIONS. Unit: none.",
             "constraints": {"required": True, "enum": list(DIMENSIONS)}},
            {"name": "clan", "type": "integer", "title": "Clan points",
             "description": "Points given to the clan (collaborate) statement; the four "
                            "culture columns of a row add up to exactly 100. Unit: points.",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
            {"name": "adhocracy", "type": "integer", "title": "Adhocracy points",
             "description": "Points given to the adhocracy (create) statement. "
                            "Unit: points.",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
            {"name": "market", "type": "integer", "title": "Market points",
             "description": "Points given to the market (compete) statement. Unit: points.",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
            {"name": "hierarchy", "type": "integer", "title": "Hierarchy points",
             "description": "Points given to the hierarchy (control) statement. "
                            "Unit: points.",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
        ],
        "primaryKey": ["respondent_id", "phase", "dimension"],
    },
}


def _normalised(weights):
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum()


def _points(shares, step):
    """Shares to whole points summing to exactly 100 (multiples of `step`); the largest
    value absorbs the rounding difference."""
    units = 100 // step
    values = np.rint(np.asarray(shares) * units).astype(int)
    values[int(np.argmax(values))] += units - int(values.sum())
    return values * step


def generate(rng: np.random.Generator) -> pd.DataFrame:
    people = [team for team, size, _, _ in TEAMS for _ in range(size)]
    order = rng.permutation(len(people))  # submission order mixes the teams
    profiles = {team: (now, preferred) for team, _, now, preferred in TEAMS}
    rows = []
    for number, person in enumerate(order, start=1):
        team = people[person]
        now, preferred = profiles[team]
        tilt_now = rng.normal(0.0, PERSON_SPREAD, len(CULTURE_TYPES))
        tilt_preferred = PREFERRED_ANCHOR * tilt_now + rng.normal(
            0.0, PERSON_SPREAD * 0.6, len(CULTURE_TYPES)
        )
        step = 5 if rng.random() < ROUNDERS else 1
        for phase, tilt in (("now", tilt_now), ("preferred", tilt_preferred)):
            for dimension in DIMENSIONS:
                if phase == "now":
                    base = CUSTOMER_SERVICE_NOW[dimension] if now is None else now
                else:
                    base = preferred
                logits = (
                    np.log(_normalised(base))
                    + np.asarray(DIMENSION_TILT[dimension])
                    + tilt
                )
                centre = _normalised(np.exp(logits - logits.max()))
                shares = rng.dirichlet(CONCENTRATION * centre)
                points = _points(shares, step)
                rows.append(
                    [f"R{number:03d}", team, phase, dimension, *(int(p) for p in points)]
                )
    columns = [field["name"] for field in RESOURCE["schema"]["fields"]]
    frame = pd.DataFrame(rows, columns=columns)
    for culture_type in CULTURE_TYPES:
        frame[culture_type] = frame[culture_type].astype("int64")
    return frame
