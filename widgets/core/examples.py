"""Worked examples for the lessons: fictional firms with data a facilitator can discuss.

Each example is plain data in the format the matching core module expects, so a lesson can
show it and a test can check it without a kernel. The firms and people are invented.

Culture archetypes (`widgets.core.culture`): Halden Precision, a family-owned machine shop
whose biggest customer is changing the rules. Its leadership team's agreed Now and
Preferred allocations give a profile in which Clan only just leads Hierarchy, the Now
culture is not congruent (Hierarchy leads two of the six dimensions), and three types
move by 10 points or more between Now and Preferred: Hierarchy down, Market and
Adhocracy up. Clan stays on top in Preferred, which is the point a facilitator can build
on: the team wants to change how it works without giving up who it is.
"""

from __future__ import annotations

CULTURE_EXAMPLE_NAME = "Halden Precision"

CULTURE_EXAMPLE_STORY = (
    "Halden Precision is a 35-person, family-owned precision-engineering firm that machines "
    "parts for industrial pump makers. Ruth Halden founded it in 1989, her son Daniel runs it "
    "now, and half of the machinists have been there for more than fifteen years. Its largest "
    "customer, a third of the revenue, has announced that it will cut its list of suppliers "
    "and keep those that quote faster, deliver shorter lead times and help with design, so "
    "the five-person leadership team filled in the culture assessment alone, then talked "
    "their answers through and agreed one Now and one Preferred allocation before an "
    "offsite on how the firm must change."
)

# Now: a close-knit family firm held together by loyalty (Clan), run by careful procedure
# (Hierarchy). Hierarchy, not Clan, leads how people are managed and what the firm stresses
# when it plans, so the Now culture is not congruent.
CULTURE_EXAMPLE_NOW = {
    "dominant_characteristics": {"clan": 45, "adhocracy": 10, "market": 10, "hierarchy": 35},
    "organizational_leadership": {"clan": 40, "adhocracy": 10, "market": 15, "hierarchy": 35},
    "management_of_employees": {"clan": 30, "adhocracy": 5, "market": 15, "hierarchy": 50},
    "organization_glue": {"clan": 50, "adhocracy": 5, "market": 10, "hierarchy": 35},
    "strategic_emphases": {"clan": 35, "adhocracy": 10, "market": 15, "hierarchy": 40},
    "criteria_of_success": {"clan": 45, "adhocracy": 5, "market": 15, "hierarchy": 35},
}

# Preferred: keep the family feel, loosen procedure, and turn outward: more customer focus
# and results (Market) and more willingness to try new work (Adhocracy).
CULTURE_EXAMPLE_PREFERRED = {
    "dominant_characteristics": {"clan": 35, "adhocracy": 20, "market": 20, "hierarchy": 25},
    "organizational_leadership": {"clan": 35, "adhocracy": 20, "market": 25, "hierarchy": 20},
    "management_of_employees": {"clan": 35, "adhocracy": 15, "market": 20, "hierarchy": 30},
    "organization_glue": {"clan": 40, "adhocracy": 15, "market": 20, "hierarchy": 25},
    "strategic_emphases": {"clan": 25, "adhocracy": 25, "market": 30, "hierarchy": 20},
    "criteria_of_success": {"clan": 30, "adhocracy": 15, "market": 35, "hierarchy": 20},
}
