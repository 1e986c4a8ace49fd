"""Two competing coffee shops on the same harbour-front street, month by month in 2024-2025.

Harbour Beans (shop A) and Corner Grind (shop B) opened within a year of each other, sit
150 metres apart on Quay Street, have about the same floor space (around 40 seats), the same
opening hours and a team of about fourteen people (most of them part-time), and started
2024 with similar takings.
Their cultures differ. At Harbour Beans the baristas, the kitchen and the shift leads share
one board of priorities, swap tasks when the queue is long and act on what customers say:
the team's engagement rises, few people leave, service gets faster and reviews creep up.
At Corner Grind each station minds its own work and mistakes are met with blame: engagement
slides, more and more staff quit (with a summer spike when students and seasonal staff
leave), newcomers serve more slowly, ratings fall and fewer customers come back, so its
revenue lags behind its neighbour's.

Both face the same external shock: road works close Quay Street to traffic and half of its
pavement in March 2025 (ROADWORKS_MONTH). Both lose about a quarter of their customers that
month. Harbour Beans shares the quieter shifts out and is back to normal by May. Corner
Grind cuts shifts without a word and staff walk out during and just after the road works
(its worst turnover of the two years); the short-handed team is slow for months, and its
regulars, who had less reason to return, stay away for most of the summer.

A learner should find: A ahead of B on every customer and people metric and growing apart;
the months with high turnover are the months with lower ratings; engagement goes with the
share of repeat customers; and the slower recovery of B after the road works.
"""

import numpy as np
import pandas as pd

START = "2024-01-01"
MONTHS = 24
ROADWORKS_MONTH = "2025-03-01"

SHOPS = {"A": "Harbour Beans", "B": "Corner Grind"}

RESOURCE = {
    "name": "coffee_shops",
    "title": "Two coffee shops: culture, customers and revenue over 24 months",
    "description": (
        "Monthly figures for two coffee shops of the same size on the same street, 2024-2025: "
        "Harbour Beans (A) with a collaborative, customer-centric culture and Corner Grind "
        "(B) with silos and blame. A's engagement, ratings and repeat customers rise while "
        "B's turnover climbs and its ratings and revenue slide; road works in March 2025 hit "
        "both, and A recovers faster."
    ),
    "seed": 20240101,
    "schema": {
        "fields": [
            {"name": "date", "type": "date", "title": "Month",
             "description": "First day of the calendar month the row covers. Unit: month.",
             "constraints": {"required": True}},
            {"name": "shop", "type": "string", "title": "Shop",
             "description": "Shop code: A = Harbour Beans (collaborative, customer-centric), "
                            "B = Corner Grind (siloed, blame-oriented). Unit: none (category).",
             "constraints": {"required": True, "enum": ["A", "B"]}},
            {"name": "shop_name", "type": "string", "title": "Shop name",
             "description": "The shop's trading name (fictional). Unit: none.",
             "constraints": {"required": True, "enum": list(SHOPS.values())}},
            {"name": "revenue", "type": "integer", "title": "Revenue",
             "description": "Takings in the month, VAT excluded, rounded to whole euros. "
                            "Unit: EUR.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "transactions", "type": "integer", "title": "Transactions",
             "description": "Number of till receipts in the month. Unit: transactions.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "review_rating", "type": "number", "title": "Mean review rating",
             "description": "Mean star rating of the online reviews posted in the month, "
                            "rounded to 2 decimals. Unit: stars (1-5).",
             "constraints": {"required": True, "minimum": 1, "maximum": 5}},
            {"name": "review_count", "type": "integer", "title": "Reviews posted",
             "description": "Number of online reviews posted in the month. Unit: reviews.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "service_time_seconds", "type": "number", "title": "Mean service time",
             "description": "Mean time from order at the till to drink handed over, measured "
                            "by the till's order-ready button, rounded to 1 decimal. "
                            "Unit: seconds.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "repeat_customer_share", "type": "number", "title": "Repeat-customer share",
             "description": "Share of loyalty-app transactions in the month by customers who "
                            "had also bought there in the previous 90 days, rounded to 3 "
                            "decimals. Unit: share (0-1).",
             "constraints": {"required": True, "minimum": 0, "maximum": 1}},
            {"name": "headcount", "type": "integer", "title": "Headcount",
             "description": "Employees on the payroll on the first day of the month (full- "
                            "and part-time, each counted once). Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "leavers", "type": "integer", "title": "Leavers",
             "description": "Employees whose employment ended during the month, for any "
                            "reason. Unit: people.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "employee_turnover_rate", "type": "number", "title": "Monthly turnover rate",
             "description": "Monthly (not annualized) turnover: leavers / headcount, rounded "
                            "to 3 decimals. Multiply by 12 for a rough annual rate. "
                            "Unit: share of headcount per month (0-1).",
             "constraints": {"required": True, "minimum": 0, "maximum": 1}},
            {"name": "engagement_score", "type": "number", "title": "Engagement score",
             "description": "Mean answer of the staff to the kit's five-statement monthly "
                            "pulse survey (agreement 1-5), rescaled so that 1 = 0 and 5 = "
                            "100, rounded to 1 decimal. Unit: index points (0-100).",
             "constraints": {"required": True, "minimum": 0, "maximum": 100}},
        ],
        "primaryKey": ["date", "shop"],
    },
}

# The five pulse statements behind engagement_score, written for this kit.
PULSE_STATEMENTS = (
    "I know this month's priorities for the shop.",
    "I can raise a problem without being blamed for it.",
    "Colleagues from other stations help out when mine is swamped.",
    "My shift lead acts on what I report.",
    "I expect to still be working here in six months.",
)

TARGET_HEADCOUNT = 14


def _season(month: np.ndarray) -> np.ndarray:
    """Footfall on a harbour front: quiet January-February, a summer high, a festive lift."""
    table = {1: 0.86, 2: 0.88, 3: 0.95, 4: 1.00, 5: 1.05, 6: 1.12, 7: 1.18, 8: 1.16,
             9: 1.03, 10: 0.97, 11: 0.93, 12: 1.05}
    return np.array([table[m] for m in month])


# Per shop:
#   engagement  index at the start and at the end of the two years (a straight-line trend)
#   base_quit   monthly quit probability of a fully engaged team at the start, and its rise
#               over the two years (blame makes people leave beyond what the survey shows)
#   service     mean service time at the start (seconds) and its drift over the two years
#   ticket      average ticket in January 2024 (EUR; prices then rise 3% a year)
#   footfall    transactions in a neutral month, before the repeat-customer effect
#   refill      share of open positions filled each month
#   recovery    share of normal footfall in the road-works month and the months after it
#   dip         engagement lost in the road-works month
#   exodus      extra quit probability in the two months after the road works
_PARAMS = {
    "A": dict(engagement=(72.0, 79.0), base_quit=(0.012, 0.0), service=(166.0, -12.0), ticket=5.20,
              footfall=7800.0, refill=0.9, recovery=(0.74, 0.95, 1.0), dip=1.5,
              exodus=0.0),
    "B": dict(engagement=(63.0, 52.0), base_quit=(0.005, 0.06), service=(176.0, 10.0), ticket=5.15,
              footfall=8200.0, refill=0.6, recovery=(0.74, 0.76, 0.80, 0.85, 0.90, 0.95, 1.0),
              dip=4.0, exodus=0.10),
}


def _shop(rng: np.random.Generator, code: str, months: pd.DatetimeIndex) -> pd.DataFrame:
    prm = _PARAMS[code]
    n = len(months)
    t = np.arange(n) / (n - 1)  # 0 .. 1 over the two years
    month = months.month.to_numpy()
    season = _season(month)
    summer_exit = np.isin(month, [8, 9]).astype(float)  # students and seasonal staff leave
    shock_idx = int(np.flatnonzero(months == pd.Timestamp(ROADWORKS_MONTH))[0])
    shock = np.ones(n)  # share of normal footfall
    for k, share in enumerate(prm["recovery"]):
        if shock_idx + k < n:
            shock[shock_idx + k] = share
    exodus = np.zeros(n)
    exodus[shock_idx + 1: shock_idx + 3] = prm["exodus"]

    first, last = prm["engagement"]
    engagement_trend = first + (last - first) * t
    engagement_trend[shock_idx] -= prm["dip"]
    service_trend = prm["service"][0] + prm["service"][1] * t

    headcount = np.zeros(n, dtype=np.int64)
    leavers = np.zeros(n, dtype=np.int64)
    engagement = np.zeros(n)
    service = np.zeros(n)
    rating = np.zeros(n)
    repeat = np.zeros(n)
    unfilled = 0
    new_staff = [0, 0]  # people who joined in the previous two months
    for i in range(n):
        target = TARGET_HEADCOUNT + (1 if month[i] in (6, 7, 8) else 0)
        headcount[i] = target - unfilled
        new_share = (new_staff[0] + new_staff[1]) / headcount[i]
        engagement[i] = np.clip(
            engagement_trend[i] - 5.0 * new_share + rng.normal(0.0, 1.5), 0, 100)
        # Monthly quit probability: the shop's base and trend, more when engagement is low,
        # plus the summer exits of students and seasonal staff.
        p_quit = (prm["base_quit"][0] + prm["base_quit"][1] * t[i]
                  + 0.002 * max(0.0, 76.0 - engagement[i])
                  + 0.03 * summer_exit[i] + exodus[i])
        leavers[i] = rng.binomial(headcount[i], min(p_quit, 0.6))
        short = max(0, target - headcount[i]) / target
        service[i] = (service_trend[i] + 130.0 * new_share + 120.0 * short
                      + 28.0 * (season[i] - 1.0) + rng.normal(0.0, 5.0))
        # This month's departures hit the team at once: rushed shifts, gaps at the bar.
        quit_share = leavers[i] / headcount[i]
        rating[i] = (4.42 - 0.004 * (service[i] - 165.0) + 0.03 * (engagement[i] - 66.0)
                     - 1.5 * quit_share - 0.3 * new_share + rng.normal(0.0, 0.05))
        repeat[i] = (0.50 + 0.0085 * (engagement[i] - 65.0) + 0.12 * (rating[i] - 4.3)
                     - 0.06 * (1.0 - shock[i]) + rng.normal(0.0, 0.012))
        # Hiring: A backfills almost everyone by the next month, B leaves gaps open longer.
        hires = rng.binomial(leavers[i] + unfilled, prm["refill"])
        unfilled = leavers[i] + unfilled - hires
        new_staff = [hires, new_staff[0]]

    rating = np.clip(rating, 1.0, 5.0)
    repeat = np.clip(repeat, 0.0, 1.0)
    footfall = prm["footfall"] * season * shock * (0.7 + 0.55 * repeat)
    transactions = rng.poisson(footfall)
    inflation = 1.0 + 0.03 * np.arange(n) / 12.0
    avg_ticket = prm["ticket"] * inflation * (1.0 + 0.015 * (month == 12)) * np.exp(
        rng.normal(0.0, 0.015, n))
    revenue = transactions * avg_ticket
    review_count = rng.poisson(transactions * 0.0045 * (1.0 + 0.6 * (rating < 3.8)))

    return pd.DataFrame({
        "date": months.strftime("%Y-%m-%d"),
        "shop": code,
        "shop_name": SHOPS[code],
        "revenue": np.rint(revenue).astype(np.int64),
        "transactions": transactions.astype(np.int64),
        "review_rating": np.round(rating, 2),
        "review_count": review_count.astype(np.int64),
        "service_time_seconds": np.round(service, 1),
        "repeat_customer_share": np.round(repeat, 3),
        "headcount": headcount,
        "leavers": leavers,
        "employee_turnover_rate": np.round(leavers / headcount, 3),
        "engagement_score": np.round(engagement, 1),
    })


def generate(rng: np.random.Generator) -> pd.DataFrame:
    months = pd.date_range(START, periods=MONTHS, freq="MS")
    df = pd.concat([_shop(rng, code, months) for code in SHOPS], ignore_index=True)
    df = df.sort_values(["date", "shop"], kind="mergesort").reset_index(drop=True)
    return df[[f["name"] for f in RESOURCE["schema"]["fields"]]]
