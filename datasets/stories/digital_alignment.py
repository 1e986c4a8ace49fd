"""Digital alignment self-assessment of twelve SMBs, with last year's business outcomes.

Twelve fictional small and mid-sized firms from seven sectors rated themselves, on a 1-5
maturity scale, on the six dimensions of digital alignment: strategy, capability (skills),
structure, process, technology and culture. Each also reported three outcomes: revenue
growth over the previous twelve months, a customer-satisfaction score and staff turnover.

What a learner should find:

- Five firms "bought tools but did not change how they work": technology around 4 or more while
  capability and culture sit near 2 (technology minus the mean of capability and culture is
  1.5 points or more). They have the weakest outcomes: on average slightly shrinking
  revenue, lower customer satisfaction and higher turnover.
- Balanced firms (all six scores within about one point of each other) do better even when
  their technology score is lower (Fernwood Garden Centre, a dental practice).
- A firm's spread (the maximum minus the minimum of its six scores) is negatively related
  to growth and satisfaction and positively to turnover, while the technology score on its
  own says little: the one balanced firm with high technology (a software company) does
  best of all.

Model: outcome = base + a * (mean score - 3) - b * (spread - 1) + a small sector effect +
normal noise. The maturity profiles are set per firm (below) plus normal noise (sd 0.15).
With n = 12 this is an illustration of a pattern, not evidence for it.
"""

import numpy as np
import pandas as pd

DIMENSIONS = ("strategy", "capability", "structure", "process", "technology", "culture")

# smb_id, name, sector, employees, country, target scores in DIMENSIONS order
FIRMS = [
    ("DA01", "Harbourline Home Goods", "retail", 38, "United Kingdom",
     (3.2, 1.9, 2.6, 3.4, 4.6, 1.8)),
    ("DA02", "Achterberg Precision Parts", "manufacturing", 110, "Netherlands",
     (3.4, 2.2, 2.5, 3.6, 4.4, 2.0)),
    ("DA03", "Casa Alameda Hotels", "hospitality", 85, "Mexico",
     (3.0, 2.0, 2.4, 3.1, 4.3, 1.9)),
    ("DA04", "Northgate Freight Services", "logistics", 140, "United States",
     (3.3, 2.5, 2.8, 3.5, 4.2, 2.4)),
    ("DA05", "Brightwater Advisory Partners", "professional services", 24, "Netherlands",
     (4.1, 3.9, 3.7, 3.8, 3.9, 4.2)),
    ("DA06", "Lindqvist Family Dental", "healthcare practice", 18, "Sweden",
     (3.0, 3.1, 3.2, 3.0, 2.7, 3.4)),
    ("DA07", "Quillmark Software", "software", 45, "United States",
     (4.2, 4.3, 3.9, 4.0, 4.6, 4.1)),
    ("DA08", "Fernwood Garden Centre", "retail", 30, "United Kingdom",
     (2.6, 2.8, 2.7, 2.5, 2.3, 3.0)),
    ("DA09", "Weber & Roth Metalworks", "manufacturing", 95, "Germany",
     (3.4, 3.3, 3.5, 3.6, 3.1, 3.3)),
    ("DA10", "Mesa Verde Catering", "hospitality", 60, "United States",
     (3.0, 2.6, 2.9, 3.2, 3.8, 2.7)),
    ("DA11", "Havelkamp Logistics", "logistics", 70, "Germany",
     (3.5, 3.2, 3.3, 3.6, 3.3, 3.4)),
    ("DA12", "Ridgeway Physiotherapy", "healthcare practice", 22, "United Kingdom",
     (2.8, 2.1, 2.6, 3.0, 4.0, 2.2)),
]

SECTORS = ["retail", "manufacturing", "professional services", "hospitality", "logistics",
           "healthcare practice", "software"]

# Sector effects: (growth points, turnover points). Hospitality and retail lose more staff
# whatever their alignment; software grows faster.
SECTOR_EFFECT = {
    "retail": (0.0, 3.0),
    "manufacturing": (0.0, -2.0),
    "professional services": (0.5, -1.0),
    "hospitality": (-0.5, 6.0),
    "logistics": (0.5, 1.0),
    "healthcare practice": (-0.5, -2.0),
    "software": (3.0, 1.0),
}

SCORE_NOISE = 0.15

SCORE_DESCRIPTIONS = {
    "strategy": "Digital strategy: how clearly digital goals support the business plan, "
                "with priorities and budget.",
    "capability": "Digital capability: the skills people have to use digital tools and "
                  "data well (training, hiring, outside help).",
    "structure": "Structure: whether roles, teams and decision rights support digital work "
                 "(cross-functional teams, clear ownership).",
    "process": "Process: how far core processes have been redesigned and digitised, not "
               "just moved onto software.",
    "technology": "Technology: the tools and systems in place (cloud, CRM/ERP, e-commerce, "
                  "analytics, security).",
    "culture": "Culture: a habit of experimenting, learning and deciding with data, "
               "championed by leaders.",
}


def _score_field(name):
    return {
        "name": name, "type": "number", "title": f"{name.capitalize()} maturity",
        "description": SCORE_DESCRIPTIONS[name] + " Self-assessed by the management team; "
        "1 = not started, 3 = in progress, 5 = embedded. Unit: maturity score (1.0-5.0, "
        "one decimal).",
        "constraints": {"required": True, "minimum": 1.0, "maximum": 5.0},
    }


RESOURCE = {
    "name": "digital_alignment",
    "title": "Digital alignment self-assessment of twelve SMBs",
    "description": (
        "Twelve fictional SMBs from seven sectors rated their digital strategy, capability, "
        "structure, process, technology and culture from 1 to 5 and reported revenue "
        "growth, customer satisfaction and staff turnover. Firms that bought technology "
        "without building skills and culture (technology high, capability and culture "
        "low) have weaker outcomes than balanced firms with less technology; the wider a "
        "firm's spread of scores, the worse its outcomes."
    ),
    "seed": 20261124,
    "schema": {
        "fields": [
            {"name": "smb_id", "type": "string", "title": "SMB",
             "description": "Identifier of the firm. Unit: none (identifier).",
             "constraints": {"required": True, "unique": True}},
            {"name": "smb_name", "type": "string", "title": "Firm name",
             "description": "Fictional firm name. Unit: none.",
             "constraints": {"required": True, "unique": True}},
            {"name": "sector", "type": "string", "title": "Sector",
             "description": "The firm's main line of business. Unit: none.",
             "constraints": {"required": True, "enum": SECTORS}},
            {"name": "employees", "type": "integer", "title": "Employees",
             "description": "Headcount at the time of the assessment. Unit: people.",
             "constraints": {"required": True, "minimum": 1, "maximum": 250}},
            {"name": "country", "type": "string", "title": "Country",
             "description": "Country of the firm's head office. Unit: none.",
             "constraints": {"required": False}},
            {"name": "assessed_on", "type": "date", "title": "Assessed on",
             "description": "Day the management team completed the self-assessment. "
                            "Unit: day.",
             "constraints": {"required": True}},
            *[_score_field(name) for name in DIMENSIONS],
            {"name": "revenue_growth_pct", "type": "number", "title": "Revenue growth",
             "description": "Change in revenue over the twelve months before the "
                            "assessment; negative means revenue fell. Unit: percent.",
             "constraints": {"required": True, "minimum": -50.0, "maximum": 100.0}},
            {"name": "customer_satisfaction", "type": "integer",
             "title": "Customer satisfaction",
             "description": "The firm's own customer-satisfaction index from its latest "
                            "customer survey, rescaled to 0-100. Unit: index points.",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
            {"name": "employee_turnover_pct", "type": "number", "title": "Staff turnover",
             "description": "Leavers in the twelve months before the assessment divided "
                            "by average headcount. Unit: percent.",
             "constraints": {"required": True, "minimum": 0.0, "maximum": 100.0}},
        ],
        "primaryKey": ["smb_id"],
    },
}


def generate(rng: np.random.Generator) -> pd.DataFrame:
    start = np.datetime64("2025-09-15")
    rows = []
    for smb_id, name, sector, employees, country, targets in FIRMS:
        scores = np.clip(np.asarray(targets) + rng.normal(0.0, SCORE_NOISE, 6), 1.0, 5.0)
        scores = np.round(scores, 1)
        mean, spread = scores.mean(), scores.max() - scores.min()
        growth_effect, turnover_effect = SECTOR_EFFECT[sector]
        growth = (2.0 + 4.0 * (mean - 3.0) - 3.5 * (spread - 1.0) + growth_effect
                  + rng.normal(0.0, 1.2))
        satisfaction = 76.0 + 6.0 * (mean - 3.0) - 6.0 * (spread - 1.0) + rng.normal(0.0, 2.0)
        turnover = (16.0 - 3.0 * (mean - 3.0) + 5.0 * (spread - 1.0) + turnover_effect
                    + rng.normal(0.0, 1.5))
        offset = int(rng.integers(0, 75))
        day = start + np.timedelta64(offset, "D")
        while pd.Timestamp(day).day_of_week >= 5:  # assessments happen on working days
            day += np.timedelta64(1, "D")
        rows.append([
            smb_id, name, sector, employees, country, str(day),
            *(float(s) for s in scores),
            round(float(growth), 1),
            int(np.clip(np.rint(satisfaction), 0, 100)),
            round(float(max(turnover, 1.0)), 1),
        ])
    columns = [field["name"] for field in RESOURCE["schema"]["fields"]]
    frame = pd.DataFrame(rows, columns=columns)
    frame["employees"] = frame["employees"].astype("int64")
    frame["customer_satisfaction"] = frame["customer_satisfaction"].astype("int64")
    return frame
