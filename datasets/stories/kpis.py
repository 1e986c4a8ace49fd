"""Brannock Kitchenworks' monthly alignment dashboard, January 2023 to December 2024.

Brannock Kitchenworks is a fictional 120-person B2B firm that makes and distributes commercial
kitchen equipment. Its management team tracks twelve KPIs in five categories (strategic
alignment, operational efficiency, employee engagement and alignment, customer satisfaction
and loyalty, innovation and adaptability), each with a target and a direction. The data is in
long format: one row per KPI and month.

What happened, and what a learner should be able to find:
- In January 2024 the company introduced OKRs: quarterly company objectives, team key results
  and a monthly review. The strategic-alignment KPIs jump after it (within about three months):
  strategic initiatives on track from about 50 % to about 70 %, projects linked to strategic
  goals from about 40 % to about 87 %, staff who can name the top three priorities from about
  35 % to about 67 %. An improvement board started at the same time, so ideas implemented per
  month more than triple (about 2 a month in 2023, 6 to 8 in 2024).
- In March 2024 the warehouse moved to a rotating shift pattern. From April to August 2024
  voluntary turnover is high (the values are computed from hr_headcount.csv), order cycle time
  and cost per order go up, on-time delivery goes down; all recover in the autumn.
- eNPS comes from a short monthly pulse survey; it improves after the OKR launch, dips during
  the warehouse trouble, and in October 2024 the value is the company eNPS of the annual
  engagement survey (engagement_survey.csv).
- Five KPIs reach their target in late 2024 (October to December mean: strategic initiatives
  on track, projects linked to goals, cost per order, repeat-customer rate, ideas implemented);
  seven still miss it (staff who know the priorities, order cycle time, on-time delivery, eNPS,
  voluntary turnover, customer NPS, revenue from new products). In 2023 almost none were met.
- Customer NPS and repeat-customer rate improve later and more slowly (from mid-2024), and
  revenue from new products steps up after the new extraction-hood range in May 2024.
- Order cycle time and on-time delivery are seasonal: restaurants refit before summer and
  before the Christmas season, so March to May and October to November are busier.
"""
import numpy as np
import pandas as pd

MONTHS = pd.date_range("2023-01-01", periods=24, freq="MS")
OKR_START = 12  # index of January 2024 in MONTHS
CATEGORIES = ["Strategic alignment", "Operational efficiency",
              "Employee engagement and alignment", "Customer satisfaction and loyalty",
              "Innovation and adaptability"]
DIRECTIONS = ["higher_is_better", "lower_is_better"]
UNITS = ["%", "days", "EUR", "score", "ideas"]

# kpi_id: (name, category, unit, direction, target, definition)
KPIS = {
    "initiatives_on_track": (
        "Strategic initiatives on track", "Strategic alignment", "%", "higher_is_better", 70.0,
        "Share of the company's strategic initiatives rated on track in the monthly "
        "management review."),
    "projects_linked_to_goals": (
        "Projects linked to strategic goals", "Strategic alignment", "%", "higher_is_better",
        80.0, "Share of active internal projects explicitly linked to a company goal."),
    "staff_know_priorities": (
        "Staff who can name the top 3 priorities", "Strategic alignment", "%",
        "higher_is_better", 75.0,
        "Share of pulse-survey respondents who name the company's three priorities correctly."),
    "order_cycle_time": (
        "Order cycle time", "Operational efficiency", "days", "lower_is_better", 7.5,
        "Mean working days from order confirmation to delivery."),
    "on_time_delivery": (
        "On-time delivery", "Operational efficiency", "%", "higher_is_better", 95.0,
        "Share of orders delivered on or before the promised date."),
    "cost_per_order": (
        "Cost per order", "Operational efficiency", "EUR", "lower_is_better", 43.0,
        "Warehouse, packing and order-handling cost divided by orders shipped."),
    "enps": (
        "Employee Net Promoter Score", "Employee engagement and alignment", "score",
        "higher_is_better", 20.0,
        "% promoters - % detractors in the monthly pulse survey (October 2024: the annual "
        "engagement survey)."),
    "voluntary_turnover": (
        "Voluntary turnover (annualized, last 3 months)", "Employee engagement and alignment",
        "%", "lower_is_better", 12.0,
        "Company voluntary separations in the month and the two months before, divided by the "
        "mean of those months' average headcount ((start + end) / 2), times 4, in percent; "
        "January and February 2023 use the one or two months available (times 12 or 6). "
        "Computed from hr_headcount.csv."),
    "customer_nps": (
        "Customer Net Promoter Score", "Customer satisfaction and loyalty", "score",
        "higher_is_better", 40.0,
        "% promoters - % detractors among customers surveyed after delivery."),
    "repeat_customer_rate": (
        "Repeat-customer rate", "Customer satisfaction and loyalty", "%", "higher_is_better",
        65.0, "Share of the month's ordering customers who also ordered in the previous 12 "
        "months."),
    "new_product_revenue": (
        "Revenue from products launched in the last 2 years", "Innovation and adaptability", "%",
        "higher_is_better", 20.0, "Share of the month's revenue from products launched in the "
        "previous 24 months."),
    "ideas_implemented": (
        "Improvement ideas implemented", "Innovation and adaptability", "ideas",
        "higher_is_better", 4.0, "Staff improvement ideas put into practice in the month."),
}

# Company totals by month from hr_headcount.csv (January 2023 to December 2024). Copied here
# because a data module may not import another; tests/test_stories_people.py checks that
# they match the CSV.
HR_VOLUNTARY = [2, 3, 0, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 3, 0, 3, 3, 3, 3, 1, 1, 3, 1, 0]
HR_HEADCOUNT_START = [120, 118, 115, 116, 118, 119, 118, 117, 117, 118, 118, 117,
                      119, 118, 118, 120, 119, 117, 116, 114, 116, 119, 119, 119]
HR_HEADCOUNT_END = [118, 115, 116, 118, 119, 118, 117, 117, 118, 118, 117, 119,
                    118, 118, 120, 119, 117, 116, 114, 116, 119, 119, 119, 119]
# Company eNPS of the October 2024 survey in engagement_survey.csv (also checked by a test).
SURVEY_ENPS = -1.0
SURVEY_MONTH = 21  # index of October 2024 in MONTHS

RESOURCE = {
    "name": "kpis",
    "title": "Brannock Kitchenworks alignment KPIs, 2023-2024",
    "description": (
        "Twelve monthly KPIs of a fictional 120-person kitchen-equipment firm in five "
        "categories, with targets and directions, in long format. OKRs introduced in January "
        "2024 lift the strategic-alignment KPIs within a quarter; a warehouse shift-pattern "
        "change in March 2024 hurts delivery, costs and turnover from April to August. Some "
        "KPIs reach their target by late 2024, others still miss it."
    ),
    "seed": 20240101,
    "schema": {
        "fields": [
            {"name": "date", "type": "date", "title": "Month",
             "description": "First day of the month the value covers. Unit: month.",
             "constraints": {"required": True}},
            {"name": "kpi_id", "type": "string", "title": "KPI id",
             "description": "Short identifier of the KPI. "
                            + " ".join(f"{k}: {v[5]}" for k, v in KPIS.items())
                            + " Unit: none.",
             "constraints": {"required": True, "enum": list(KPIS)}},
            {"name": "kpi", "type": "string", "title": "KPI",
             "description": "Display name of the KPI. Unit: none.",
             "constraints": {"required": True, "enum": [v[0] for v in KPIS.values()]}},
            {"name": "category", "type": "string", "title": "Category",
             "description": "Which of the five alignment-metric categories the KPI belongs "
                            "to. Unit: none.",
             "constraints": {"required": True, "enum": CATEGORIES}},
            {"name": "unit", "type": "string", "title": "Unit",
             "description": "Unit of value and target: % (percent), days (working days), EUR "
                            "(euro), score (net promoter score, -100 to 100) or ideas (count). "
                            "Unit: none.",
             "constraints": {"required": True, "enum": UNITS}},
            {"name": "value", "type": "number", "title": "Value",
             "description": "The KPI's value for the month, rounded to 1 decimal. Unit: as in "
                            "the unit column.",
             "constraints": {"required": True}},
            {"name": "target", "type": "number", "title": "Target",
             "description": "The target the management team set for the KPI. Unit: as in the "
                            "unit column.",
             "constraints": {"required": True}},
            {"name": "direction", "type": "string", "title": "Direction",
             "description": "Whether a higher or a lower value is better; a value meets its "
                            "target when value >= target (higher_is_better) or value <= target "
                            "(lower_is_better). Unit: none.",
             "constraints": {"required": True, "enum": DIRECTIONS}},
        ],
        "primaryKey": ["date", "kpi_id"],
    },
}


def _ramp(t: np.ndarray, start: int, months: int) -> np.ndarray:
    """0 before `start`, rising linearly to 1 over `months` months."""
    return np.clip((t - start + 1) / months, 0.0, 1.0)


def _turnover_last_3_months() -> np.ndarray:
    """Annualized voluntary turnover (%) over the month and up to two months before it."""
    voluntary = pd.Series(HR_VOLUNTARY, dtype=float)
    average = (pd.Series(HR_HEADCOUNT_START) + pd.Series(HR_HEADCOUNT_END)) / 2
    window = voluntary.rolling(3, min_periods=1)
    rate = 100 * (12 / window.count()) * window.sum() / average.rolling(3, min_periods=1).mean()
    return rate.to_numpy()


def generate(rng: np.random.Generator) -> pd.DataFrame:
    t = np.arange(len(MONTHS))
    month = MONTHS.month.to_numpy()
    okr = _ramp(t, OKR_START, 3)  # OKRs take a quarter to bed in
    # Warehouse rota trouble: April to August 2024, tailing off in September.
    rota = np.zeros(len(t))
    rota[15:20] = [0.6, 1.0, 1.0, 0.9, 0.7]
    rota[20] = 0.3
    busy = np.isin(month, [3, 4, 5]) * 1.0 + np.isin(month, [10, 11]) * 0.6

    def noise(sd):
        return rng.normal(0.0, sd, size=len(t))

    values = {
        "initiatives_on_track": 49 + 21 * okr + noise(4.0),
        "projects_linked_to_goals": 38 + 44 * okr + 0.3 * t + noise(3.0),
        "staff_know_priorities": 34 + 36 * okr - 4 * rota + noise(3.5),
        "order_cycle_time": 9.0 + 0.8 * busy - 1.3 * okr + 1.2 * rota + noise(0.25),
        "on_time_delivery": 89.5 - 1.8 * busy + 3.0 * okr - 5.5 * rota + noise(0.8),
        "cost_per_order": 45.5 + 0.08 * t - 4.5 * okr + 2.8 * rota + noise(0.6),
        "enps": -12 + 19 * okr - 14 * rota + noise(3.0),
        "customer_nps": 30 + 6 * _ramp(t, OKR_START + 3, 6) - 4 * rota + noise(2.0),
        "repeat_customer_rate": 61 + 4.5 * _ramp(t, OKR_START + 2, 6) - 1.5 * rota + noise(0.8),
        "new_product_revenue": 10.5 + 0.15 * t + 3.5 * _ramp(t, 16, 4) + noise(0.7),
        "ideas_implemented": rng.poisson(1.5 + 3.5 * okr).astype(float),
    }
    values["enps"][SURVEY_MONTH] = SURVEY_ENPS
    values["voluntary_turnover"] = _turnover_last_3_months()
    values["on_time_delivery"] = np.minimum(values["on_time_delivery"], 99.5)

    rows = []
    for i, day in enumerate(MONTHS):
        for kpi_id, (name, category, unit, direction, target, _) in KPIS.items():
            rows.append({"date": day.strftime("%Y-%m-%d"), "kpi_id": kpi_id, "kpi": name,
                         "category": category, "unit": unit,
                         "value": round(float(values[kpi_id][i]), 1) + 0.0, "target": target,
                         "direction": direction})
    df = pd.DataFrame(rows)
    columns = [f["name"] for f in RESOURCE["schema"]["fields"]]
    return df[columns]
