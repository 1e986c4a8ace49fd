"""Brannock Kitchenworks' monthly headcount by team, January 2023 to December 2024.

Brannock Kitchenworks is a fictional 120-person B2B firm that makes and distributes commercial
kitchen equipment. HR keeps one row per team and month: the headcount on the first day, the
people hired, the people who left of their own accord (voluntary) or were let go
(involuntary), and the headcount at the end of the month. The identities always hold:
headcount_end = headcount_start + hires - voluntary_separations - involuntary_separations, and
each month's headcount_start equals the previous month's headcount_end for the same team.

What a learner should be able to find:
- The Warehouse (at the distribution centre) has the highest voluntary turnover in both years,
  already about 25 % a year in 2023, and a spike from April to August 2024, after a rotating
  three-shift pattern with weekend work replaced fixed shifts in March 2024. Hiring lags behind,
  so Warehouse headcount dips in mid-2024 and is rebuilt in the autumn.
- Sales is stable: few leavers, headcount almost flat.
- Company-wide annual turnover (voluntary + involuntary over average headcount) is about 16 %
  in 2023 and about 23 % in 2024, with most of the increase from the Warehouse.
- The October 2024 engagement survey (engagement_survey.csv) shows the same Warehouse team
  with the lowest eNPS and transparency scores.
"""
import numpy as np
import pandas as pd

TEAMS = ["Sales", "Operations", "Warehouse", "Customer Service", "Finance & HR", "Product"]
MONTHS = pd.date_range("2023-01-01", periods=24, freq="MS")
SHIFT_CHANGE = pd.Timestamp("2024-03-01")  # new warehouse rota starts this month

RESOURCE = {
    "name": "hr_headcount",
    "title": "Brannock Kitchenworks headcount and separations by team, 2023-2024",
    "description": (
        "Monthly headcount flow for each of the six teams of a fictional 120-person "
        "kitchen-equipment firm: headcount at the start and end of the month, hires, voluntary "
        "and involuntary separations. The Warehouse has the highest voluntary turnover and a "
        "spike from April to August 2024 after a new shift pattern; Sales is stable; company "
        "turnover is about 16 % in 2023 and 23 % in 2024."
    ),
    "seed": 20230101,
    "schema": {
        "fields": [
            {"name": "date", "type": "date", "title": "Month",
             "description": "First day of the month the row covers. Unit: month.",
             "constraints": {"required": True}},
            {"name": "team", "type": "string", "title": "Team",
             "description": "The team (the same six teams as in engagement_survey.csv). "
                            "Unit: none.",
             "constraints": {"required": True, "enum": TEAMS}},
            {"name": "headcount_start", "type": "integer", "title": "Headcount at start",
             "description": "Employees on the payroll on the first day of the month; equals "
                            "the previous month's headcount_end. Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "hires", "type": "integer", "title": "Hires",
             "description": "People who joined the team during the month. Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "voluntary_separations", "type": "integer",
             "title": "Voluntary separations",
             "description": "People who left of their own accord (resignation, retirement) "
                            "during the month. Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "involuntary_separations", "type": "integer",
             "title": "Involuntary separations",
             "description": "People the company let go (dismissal, end of a fixed-term "
                            "contract not renewed) during the month. Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "headcount_end", "type": "integer", "title": "Headcount at end",
             "description": "Employees on the payroll at the end of the month: headcount_start "
                            "+ hires - voluntary_separations - involuntary_separations. "
                            "Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
        ],
        "primaryKey": ["date", "team"],
    },
}

START = {"Sales": 20, "Operations": 39, "Warehouse": 30, "Customer Service": 17,
         "Finance & HR": 8, "Product": 6}
PLAN_END = {"Sales": 20, "Operations": 40, "Warehouse": 31, "Customer Service": 18,
            "Finance & HR": 8, "Product": 7}  # budgeted headcount for December 2024
VOLUNTARY_RATE = {"Sales": 0.005, "Operations": 0.009, "Warehouse": 0.02,
                  "Customer Service": 0.012, "Finance & HR": 0.007, "Product": 0.007}
INVOLUNTARY_RATE = {"Sales": 0.002, "Operations": 0.002, "Warehouse": 0.004,
                    "Customer Service": 0.002, "Finance & HR": 0.001, "Product": 0.001}
# Monthly voluntary rate in the Warehouse after the rota change (months since March 2024).
WAREHOUSE_AFTER = [0.03, 0.08, 0.085, 0.075, 0.06, 0.045, 0.03, 0.025, 0.025, 0.02]
FILL_RATE = 0.55  # share of open positions filled each month


def _draw(owed: float, expected: float, limit: int, rng: np.random.Generator) -> tuple[int, float]:
    """Whole leavers this month from a running expected count (error diffusion with jitter):
    month to month the count is random, but over a year it stays close to the expected rate,
    so a small team's turnover reflects its rate rather than one unlucky draw."""
    owed += expected
    count = int(min(max(np.floor(owed + rng.uniform(-0.5, 0.5)), 0), limit))
    return count, owed - count


def generate(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for team in TEAMS:
        headcount = START[team]
        owed_voluntary, owed_involuntary = rng.uniform(0.0, 0.5, size=2)
        for t, month in enumerate(MONTHS):
            plan = int(round(START[team] + (PLAN_END[team] - START[team]) * (t + 1) / 24))
            rate = VOLUNTARY_RATE[team]
            if month.month == 1:
                rate *= 1.3  # people move on after the year-end bonus
            if team == "Warehouse" and month >= SHIFT_CHANGE:
                rate = WAREHOUSE_AFTER[(month.year - 2024) * 12 + month.month - 3]
            voluntary, owed_voluntary = _draw(owed_voluntary, headcount * rate, headcount, rng)
            involuntary, owed_involuntary = _draw(
                owed_involuntary, headcount * INVOLUNTARY_RATE[team], headcount - voluntary, rng)
            fill = FILL_RATE
            if team == "Warehouse" and month >= SHIFT_CHANGE and month.month <= 8:
                fill = 0.2  # few applicants want the new rota
            hires = int(rng.binomial(max(plan - headcount, 0), fill))
            end = headcount + hires - voluntary - involuntary
            rows.append({"date": month.strftime("%Y-%m-%d"), "team": team,
                         "headcount_start": headcount, "hires": hires,
                         "voluntary_separations": voluntary,
                         "involuntary_separations": involuntary, "headcount_end": end})
            headcount = end
    df = pd.DataFrame(rows)
    team_order = df["team"].map({team: i for i, team in enumerate(TEAMS)})
    df = df.assign(_order=team_order).sort_values(["date", "_order"]).reset_index(drop=True)
    columns = [f["name"] for f in RESOURCE["schema"]["fields"]]
    return df[columns]
