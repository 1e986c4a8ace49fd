"""Daily operations of a small neighbourhood bakery through 2025, one row per day and product.

Three people run the shop: a baker, a decorator and a salesperson. Each works hard, but in the
first eight months of the year they pull in different directions, and two episodes show it:

1. The recipe episode (RECIPE_LAUNCH to RECIPE_EPISODE_END, six weeks from Monday 3 March).
   The baker replaces the house sourdough loaf with a new, untested rye-sourdough recipe and
   bakes far more of it, without telling the salesperson. Nobody at the counter knows what to
   say about it, regulars miss their usual loaf, and sales of the product fall while the
   amount baked rises: waste of ``sourdough_loaf`` jumps and complaints about it rise. The
   salesperson hears about the recipe from the complaints; from RECIPE_EPISODE_END the baker
   bakes normal quantities again and the counter explains the new loaf, so sales recover.

2. The decoration episode (DECORATION_DRIFT_START to HUDDLE_START, June to August). In the
   busy season of weddings, parties and office events the decorator spends more and more
   time on elaborate designs: decoration minutes per celebration cake and per cupcake box
   climb over about six weeks and stay high. Large orders of those products are delivered
   late more and more often (the on-time rate falls) and complaints rise.

3. The fix (from HUDDLE_START, Monday 1 September). The team holds a ten-minute morning
   huddle about order volumes, ingredients and customer feedback. The baker plans from the
   day's orders and what the counter heard, the decorator keeps large orders to simple
   designs, and waste, lateness and complaints all fall below their levels before either
   episode, even through the busy December season.

A learner should find all three with a group-by on period (or month) and product: waste and
the waste share of ``sourdough_loaf``, ``decoration_minutes`` and
``large_order_on_time_rate`` of the decorated products, and ``complaints`` before and after
``huddle`` became true.
"""

import numpy as np
import pandas as pd

START = "2025-01-01"
END = "2025-12-31"

# The recipe episode: the new rye-sourdough recipe, baked in bulk, untold to the counter.
RECIPE_PRODUCT = "sourdough_loaf"
RECIPE_LAUNCH = "2025-03-03"
RECIPE_EPISODE_END = "2025-04-13"  # last day of the episode (inclusive), six weeks

# The decoration episode: decoration time drifts up in the large-order season.
DECORATED_PRODUCTS = ("celebration_cake", "cupcake_box")
DECORATION_DRIFT_START = "2025-06-02"
DECORATION_DRIFT_FULL = "2025-07-13"  # the drift reaches its plateau here
DECORATION_DRIFT_END = "2025-08-31"  # last day of the episode (inclusive)

# The fix: the daily morning huddle, held on most days from here on.
HUDDLE_START = "2025-09-01"

PRODUCTS = ("sourdough_loaf", "baguette", "croissant", "celebration_cake", "cupcake_box")

RESOURCE = {
    "name": "bakery_operations",
    "title": "Bakery operations: one year of baking, orders, waste and complaints",
    "description": (
        "Daily production, orders, sales, waste, large-order punctuality and complaints of a "
        "small bakery in 2025, by product. A new recipe launched without telling the counter "
        "(March-April) makes sourdough waste jump; elaborate decorations in the summer "
        "large-order season make cake and cupcake orders late; a daily team huddle from "
        "1 September brings waste, lateness and complaints down."
    ),
    "seed": 20250301,
    "schema": {
        "fields": [
            {"name": "date", "type": "date", "title": "Date",
             "description": "Calendar day; the bakery opens every day of the year. Unit: day.",
             "constraints": {"required": True}},
            {"name": "product", "type": "string", "title": "Product",
             "description": "Product line. sourdough_loaf is the loaf whose recipe changed "
                            "on 2025-03-03; celebration_cake and cupcake_box are the "
                            "decorated products. Unit: none (category).",
             "constraints": {"required": True, "enum": list(PRODUCTS)}},
            {"name": "huddle", "type": "boolean", "title": "Morning huddle held",
             "description": "Whether the team held its ten-minute morning huddle that day "
                            "(the same for every product of a day); never before "
                            "2025-09-01. Unit: none (true/false).",
             "constraints": {"required": True}},
            {"name": "baked", "type": "integer", "title": "Units baked",
             "description": "Items produced for sale that day, pre-orders included. "
                            "Unit: items (loaves, pieces, cakes or boxes).",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "ordered", "type": "integer", "title": "Units pre-ordered",
             "description": "Items ordered in advance for collection or delivery that day, "
                            "large orders included; always baked and always sold. "
                            "Unit: items.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "sold", "type": "integer", "title": "Units sold",
             "description": "Items sold that day: the pre-ordered items plus walk-in sales. "
                            "ordered <= sold <= baked. Unit: items.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "wasted", "type": "integer", "title": "Units wasted",
             "description": "Items left unsold at closing and discarded; wasted = baked - "
                            "sold. Unit: items.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "large_orders", "type": "integer", "title": "Large orders due",
             "description": "Catering or event orders due that day (a single customer's "
                            "order of 10 or more items, or of 2 or more celebration "
                            "cakes). Their items are part of ordered. Unit: orders.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "large_orders_on_time", "type": "integer", "title": "Large orders on time",
             "description": "Large orders ready at the agreed time; at most large_orders. "
                            "Unit: orders.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "large_order_on_time_rate", "type": "number",
             "title": "Large-order on-time rate",
             "description": "large_orders_on_time / large_orders, rounded to 3 decimals; "
                            "empty (missing) on days with no large order for the product. "
                            "Unit: share (0-1).",
             "constraints": {"required": False, "minimum": 0, "maximum": 1}},
            {"name": "decoration_minutes", "type": "number", "title": "Decoration minutes per item",
             "description": "Mean decorator time per item baked, rounded to 1 decimal; 0 for "
                            "products that are not decorated (breads and croissants). "
                            "Unit: minutes per item.",
             "constraints": {"required": True, "minimum": 0}},
            {"name": "complaints", "type": "integer", "title": "Customer complaints",
             "description": "Complaints about the product received that day, at the counter, "
                            "by phone or online (late or wrong orders, quality, missing "
                            "items). Unit: complaints.",
             "constraints": {"required": True, "minimum": 0}},
        ],
        "primaryKey": ["date", "product"],
    },
}

# Per product: mean walk-in demand on a Monday-Thursday in a neutral season (items), mean
# small pre-orders per day (items), expected large orders per day, the range of a large
# order's size (items), the weekend multiplier (Saturday; Friday and Sunday take part of
# it), and the baseline complaint rate per day.
_PROFILE = {
    "sourdough_loaf":   dict(walk_in=44.0, small_pre=4.0, large=0.05, size=(10, 24),
                             weekend=1.45, complaints=0.22),
    "baguette":         dict(walk_in=68.0, small_pre=5.0, large=0.25, size=(10, 30),
                             weekend=1.35, complaints=0.18),
    "croissant":        dict(walk_in=85.0, small_pre=6.0, large=0.35, size=(15, 48),
                             weekend=1.65, complaints=0.20),
    "celebration_cake": dict(walk_in=2.5, small_pre=4.0, large=0.30, size=(2, 5),
                             weekend=1.90, complaints=0.10),
    "cupcake_box":      dict(walk_in=7.0, small_pre=3.0, large=0.30, size=(10, 24),
                             weekend=1.70, complaints=0.10),
}
_BASE_DECORATION = {"celebration_cake": 28.0, "cupcake_box": 7.5}  # minutes per item
_DRIFT_DECORATION = {"celebration_cake": 34.0, "cupcake_box": 9.0}  # added at full drift


def _weekday_factor(weekday: int, weekend: float) -> float:
    """Monday=0 ... Sunday=6: Friday and Sunday get part of Saturday's lift."""
    return {4: 1.0 + 0.4 * (weekend - 1.0), 5: weekend, 6: 1.0 + 0.7 * (weekend - 1.0)}.get(
        weekday, 1.0
    )


def _season(day_of_year: np.ndarray, product: str) -> np.ndarray:
    """Multiplicative seasonality: a summer holiday dip for bread, a December peak for all,
    and a stronger festive peak for cakes (large orders have their own season, below)."""
    summer_dip = np.exp(-0.5 * ((day_of_year - 220) / 18.0) ** 2)  # mid-August
    december = np.exp(-0.5 * ((day_of_year - 355) / 9.0) ** 2)  # the week before Christmas
    if product in DECORATED_PRODUCTS:
        return 1.0 + 0.45 * december
    return 1.0 - 0.12 * summer_dip + 0.25 * december


def _large_order_season(day_of_year: np.ndarray) -> np.ndarray:
    """Event season: weddings and parties peak in June-July, office parties in December."""
    summer = np.exp(-0.5 * ((day_of_year - 185) / 35.0) ** 2)
    december = np.exp(-0.5 * ((day_of_year - 350) / 10.0) ** 2)
    return 0.8 + 1.0 * summer + 1.2 * december


def generate(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.date_range(START, END, freq="D")
    n = len(days)
    doy = days.day_of_year.to_numpy().astype(float)
    weekday = days.day_of_week.to_numpy()

    recipe = (days >= RECIPE_LAUNCH) & (days <= RECIPE_EPISODE_END)
    after_recipe = days > RECIPE_EPISODE_END
    ramp_days = (pd.Timestamp(DECORATION_DRIFT_FULL) - pd.Timestamp(DECORATION_DRIFT_START)).days
    drift = np.clip((days - pd.Timestamp(DECORATION_DRIFT_START)).days.to_numpy() / ramp_days,
                    0.0, 1.0)
    drift[days > DECORATION_DRIFT_END] = 0.0
    # The huddle is held on about 96% of days from its start (skipped when the owner is away).
    huddle = (days >= HUDDLE_START) & (rng.random(n) > 0.04)

    # The baker's forecast error: day-level (weather, events), shared by every product.
    day_mood = rng.normal(0.0, 0.06, n)

    frames = []
    for product in PRODUCTS:
        p = _PROFILE[product]
        wd = np.array([_weekday_factor(w, p["weekend"]) for w in weekday])
        expected_walk_in = p["walk_in"] * wd * _season(doy, product)

        # Demand, with the recipe episode: the counter cannot sell a loaf it was not told
        # about, and some regulars stay away; afterwards the new loaf sells a little better.
        demand_factor = np.ones(n)
        if product == RECIPE_PRODUCT:
            demand_factor[recipe] = 0.72
            demand_factor[after_recipe] = 1.04
        walk_in = rng.poisson(expected_walk_in * demand_factor * np.exp(day_mood))

        # Pre-orders: small ones, and large catering or event orders.
        small_pre = rng.poisson(p["small_pre"] * wd * _season(doy, product))
        n_large = rng.poisson(p["large"] * _large_order_season(doy) * (1.0 + 0.3 * (wd > 1.0)))
        lo, hi = p["size"]
        large_items = np.array([rng.integers(lo, hi + 1, k).sum() if k else 0 for k in n_large])
        ordered = small_pre + large_items

        # The baker's plan: every pre-order plus a buffer over the expected walk-in demand.
        # Without a huddle the buffer is wide and the plan noisy; with one, the day's orders
        # and the counter's feedback narrow both. In the recipe episode the baker pushes the
        # new loaf hard.
        buffer = np.where(huddle, 1.04, 1.14)
        noise_sd = np.where(huddle, 0.05, 0.09)
        if product == RECIPE_PRODUCT:
            buffer = np.where(recipe, 1.45, buffer)
        plan = expected_walk_in * buffer * np.exp(rng.normal(0.0, noise_sd))
        if product == RECIPE_PRODUCT:
            plan = np.where(after_recipe, plan * 1.04, plan)
        baked = ordered + np.rint(plan).astype(int)
        sold = ordered + np.minimum(walk_in, baked - ordered)
        wasted = baked - sold

        # Decoration time and large-order punctuality.
        if product in DECORATED_PRODUCTS:
            base = _BASE_DECORATION[product] * np.where(huddle, 0.92, 1.0)
            deco = base + _DRIFT_DECORATION[product] * drift
            deco = np.round(np.maximum(deco * np.exp(rng.normal(0.0, 0.07, n)), 0.5), 1)
            p_on_time = 0.92 - 0.42 * drift
        else:
            deco = np.zeros(n)
            p_on_time = np.full(n, 0.93)
        p_on_time = np.where(huddle, 0.98, p_on_time)
        on_time = rng.binomial(n_large, p_on_time)
        late = n_large - on_time
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(n_large > 0, np.round(on_time / np.maximum(n_large, 1), 3), np.nan)

        # Complaints: a baseline, every late large order (some twice: by phone and online),
        # and the recipe episode's regulars.
        base_rate = p["complaints"] * wd * np.where(huddle, 0.45, 1.0)
        if product == RECIPE_PRODUCT:
            base_rate = base_rate + np.where(recipe, 1.2, 0.0)
        complaints = rng.poisson(base_rate) + late + rng.binomial(late, 0.3)

        frames.append(pd.DataFrame({
            "date": days.strftime("%Y-%m-%d"),
            "product": product,
            "huddle": huddle,
            "baked": baked.astype(np.int64),
            "ordered": ordered.astype(np.int64),
            "sold": sold.astype(np.int64),
            "wasted": wasted.astype(np.int64),
            "large_orders": n_large.astype(np.int64),
            "large_orders_on_time": on_time.astype(np.int64),
            "large_order_on_time_rate": rate.astype(float),
            "decoration_minutes": np.asarray(deco, dtype=float),
            "complaints": complaints.astype(np.int64),
        }))

    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["date", "product"], key=lambda s: s.map(
        {p: i for i, p in enumerate(PRODUCTS)}) if s.name == "product" else s,
        kind="mergesort").reset_index(drop=True)
    return df[[f["name"] for f in RESOURCE["schema"]["fields"]]]
