"""How similar are a team's mental models? Kendall's W and friends, for a ranking exercise.

Each person ranks the same list of priorities. Kendall's coefficient of concordance W says
how far the rankings agree: 0 when they are no more alike than random orders, 1 when
everyone gave the same order. This module computes W with the usual correction for tied
ranks, a significance note (the chi-square approximation, and a permutation test for small
lists), the items the team disagrees on most, an interpretation band, and parsers that turn
what a learner types into rows of ranks.

References:
- M. G. Kendall and B. Babington Smith (1939), "The problem of m rankings", *Annals of
  Mathematical Statistics* 10(3), 275-287.
- S. Siegel and N. J. Castellan (1988), *Nonparametric Statistics for the Behavioral
  Sciences* (2nd ed.), McGraw-Hill: the tie correction and the advice to use the
  chi-square approximation only for more than 7 items.
- P. Legendre (2005), "Species associations: the Kendall coefficient of concordance
  revisited", *Journal of Agricultural, Biological and Environmental Statistics* 10(2),
  226-245: the permutation test, and that the chi-square test is conservative for few raters.
- R. C. Schmidt (1997), "Managing Delphi surveys using nonparametric statistical
  techniques", *Decision Sciences* 28(3), 763-774: the anchors behind this kit's bands.
- L. R. James, R. G. Demaree and G. Wolf (1984), "Estimating within-group interrater
  reliability with and without response bias", *Journal of Applied Psychology* 69(1), 85-98:
  r_wg.

Pure Python with numpy and pandas: no ipywidgets, so every number can be tested without a
kernel. scipy is optional: the chi-square tail is computed here when it is not installed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import join_words as _join
from widgets.core.text import plural

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")

MIN_RATERS = 2
MIN_ITEMS = 2

# The activity's limits: a list of 3 to 10 priorities (letters A to J) and up to 8 people.
# Ranking more than about 10 things is hard to do carefully; the arithmetic has no limit.
MIN_LIST_ITEMS = 3
MAX_LIST_ITEMS = 10
MAX_RATERS = 8
MAX_ITEM_LENGTH = 80
MAX_NAME_LENGTH = 40
LETTERS = "ABCDEFGHIJ"

# Siegel & Castellan: the chi-square approximation is adequate for more than 7 items.
CHI2_MIN_ITEMS = 8
PERMUTATIONS = 10_000
PERMUTATION_SEED = 20250101

# The wording (the worked example and what each band of W means) lives in
# content/mental_models.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("mental_models")

EXAMPLE_NAME: str = _BANK["example"]["name"]
EXAMPLE_STORY: str = _BANK["example"]["story"]
EXAMPLE_PRIORITIES = tuple(_BANK["example"]["priorities"])

# Each person's order of importance, most important first, as they would type it.
# "=" joins a tie: Customer service could not separate A and B.
EXAMPLE_TEAM = tuple((entry["person"], entry["ranking"]) for entry in _BANK["example"]["team"])


class RankingInputError(InputProblems):
    """Rankings that cannot be compared; `problems` holds one friendly sentence per problem."""


# -- turning any input into a clean matrix of ranks --------------------------------------

def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _as_rows(rankings) -> tuple[list[list], list[str], list[str]]:
    """Rows of raw values with rater and item names, whatever the input's type."""
    if isinstance(rankings, pd.DataFrame):
        raters = [str(r) for r in rankings.index]
        items = [str(c) for c in rankings.columns]
        return rankings.to_numpy(dtype=object).tolist(), raters, items
    if isinstance(rankings, np.ndarray):
        if rankings.ndim != 2:
            raise RankingInputError(
                "Give the rankings as a table: one row per person, one column per item "
                f"(this array has {rankings.ndim} dimension{'s' if rankings.ndim != 1 else ''})."
            )
        rows = rankings.tolist()
    elif isinstance(rankings, (str, bytes)) or not isinstance(rankings, Sequence):
        raise RankingInputError(
            "Give the rankings as a list of rows, one row per person (for example "
            "[[1, 2, 3], [2, 1, 3]]), a numpy array or a pandas DataFrame."
        )
    else:
        rows = list(rankings)
    for number, row in enumerate(rows, start=1):
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
            raise RankingInputError(
                f"Row {number} is not a list of ranks. Give one row per person, each a list "
                "with one rank per item."
            )
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else 0
    raters = [f"Person {k}" for k in range(1, len(rows) + 1)]
    items = [f"Item {k}" for k in range(1, width + 1)]
    return rows, raters, items


def ranking_matrix(rankings) -> tuple[np.ndarray, list[str], list[str]]:
    """Validate rankings and return (values as floats, rater names, item names).

    `rankings` has one row per rater: a list of lists, a 2-D numpy array, or a DataFrame
    with raters as the index and items as columns. Raises RankingInputError, with a
    friendly sentence per problem, for fewer than 2 raters or items, rows of different
    lengths, missing values and anything that is not a finite number.
    """
    rows, raters, items = _as_rows(rankings)
    if len(rows) < MIN_RATERS:
        raise RankingInputError(
            f"Kendall's W compares people's rankings with each other, so it needs at least "
            f"{MIN_RATERS} people; there {'is' if len(rows) == 1 else 'are'} "
            f"{len(rows)}."
        )
    lengths = [len(row) for row in rows]
    if len(set(lengths)) > 1:
        details = ", ".join(f"{raters[i]}: {n}" for i, n in enumerate(lengths))
        raise RankingInputError(
            "Every person must rank the same items, but the rows have different lengths "
            f"({details})."
        )
    if lengths[0] < MIN_ITEMS:
        raise RankingInputError(
            f"There is nothing to order with {plural(lengths[0], 'item')}: ranking needs "
            f"at least {MIN_ITEMS} items."
        )
    problems = []
    values = np.empty((len(rows), lengths[0]), dtype=float)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            where = f"{raters[i]}, {items[j]}"
            if _is_missing(value):
                problems.append(f"{where}: the rank is missing.")
            elif isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
                problems.append(f"{where}: {str(value)[:30]!r} is not a number.")
            elif not math.isfinite(float(value)):
                problems.append(f"{where}: {value} is not a finite number.")
            else:
                values[i, j] = float(value)
    if problems:
        raise RankingInputError(problems)
    return values, raters, items


def midranks(values: Sequence[float]) -> np.ndarray:
    """Ranks 1..n of one person's values, smallest first; tied values share their mean rank."""
    row = np.asarray(values, dtype=float)
    order = np.argsort(row, kind="mergesort")
    ranks = np.empty(len(row), dtype=float)
    start = 0
    while start < len(row):
        end = start
        while end + 1 < len(row) and row[order[end + 1]] == row[order[start]]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def rank_table(rankings) -> pd.DataFrame:
    """The rankings as a DataFrame of mid-ranks (raters x items): the form W is computed on.

    Values are ranked within each person, smallest first, so a person may give ranks 1..n,
    "dense" ranks with ties (1, 2, 2, 3) or any scores where smaller means more important:
    only their order counts. Ties share the mean of the places they take.
    """
    values, raters, items = ranking_matrix(rankings)
    ranks = np.vstack([midranks(row) for row in values])
    return pd.DataFrame(ranks, index=pd.Index(raters, name="person"), columns=items)


def _doubled_ranks(ranks: np.ndarray) -> np.ndarray:
    """Mid-ranks times two: whole numbers, so sums of squares are exact."""
    return np.rint(ranks * 2).astype(np.int64)


def _tie_sum(doubled_row: np.ndarray) -> int:
    """T_j = sum over tie groups of (t^3 - t) for one person's ranks."""
    _, counts = np.unique(doubled_row, return_counts=True)
    return int(sum(int(t) ** 3 - int(t) for t in counts if t > 1))


def _s_times_four(doubled: np.ndarray) -> int:
    """4 S, where S is the sum of squared deviations of the items' rank sums from their mean."""
    m, n = doubled.shape
    totals = doubled.sum(axis=0)  # twice each item's rank sum
    return int(sum((int(t) - m * (n + 1)) ** 2 for t in totals))


def _w_fraction(doubled: np.ndarray) -> Fraction:
    m, n = doubled.shape
    ties = sum(_tie_sum(row) for row in doubled)
    denominator = m * m * (n**3 - n) - m * ties
    if denominator == 0:
        raise RankingInputError(
            "Every person gave every item the same rank, so there is no order to agree or "
            "disagree about. Ask people to put the items in order."
        )
    # W = 12 S / (m^2 (n^3 - n) - m sum T_j), with S = (4 S) / 4.
    return Fraction(3 * _s_times_four(doubled), denominator)


def kendalls_w(rankings) -> float:
    """Kendall's coefficient of concordance W, in [0, 1], corrected for ties.

    `rankings` has one row per rater (a list of lists, a 2-D numpy array, or a DataFrame
    with one column per item). Each row is ranked within itself (smaller = more important;
    ties share their mean rank), and

        W = 12 S / (m^2 (n^3 - n) - m * sum_j T_j),   T_j = sum over tie groups of (t^3 - t),

    where m is the number of raters, n the number of items and S the sum of squared
    deviations of the items' rank sums from their mean. Raises RankingInputError (a
    ValueError) with a friendly message for fewer than 2 raters or items, ragged rows,
    missing or non-numeric values, or when everyone tied every item.
    """
    return float(_w_fraction(_doubled_ranks(rank_table(rankings).to_numpy())))


# -- significance -----------------------------------------------------------------------


def _upper_gamma_regularized(a: float, x: float) -> float:
    """Q(a, x) = Gamma(a, x) / Gamma(a): a series below a + 1, a continued fraction above."""
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        k = a
        for _ in range(10_000):
            k += 1
            term *= x / k
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300  # the modified Lentz method
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return min(1.0, math.exp(log_prefix) * h)


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with `df` degrees of freedom.

    Uses scipy when it is installed, and otherwise the regularized upper incomplete gamma
    function Q(df / 2, x / 2) computed here (accurate to about 1e-12).
    """
    if df < 1:
        raise ValueError("A chi-square distribution needs at least 1 degree of freedom.")
    if x <= 0:
        return 1.0
    try:
        from scipy.stats import chi2  # optional
    except ImportError:
        return _upper_gamma_regularized(df / 2, x / 2)
    return float(chi2.sf(x, df))


def permutation_p_value(rankings, permutations: int = PERMUTATIONS,
                        seed: int = PERMUTATION_SEED) -> float:
    """How often random rankings agree at least as well as these: a permutation test of W.

    Each person's ranks (with their ties) are shuffled independently `permutations` times;
    the p-value is (number of shuffles with S at least the observed S + 1) / (permutations
    + 1). Exact in expectation for any number of items and raters, unlike the chi-square
    approximation.
    """
    doubled = _doubled_ranks(rank_table(rankings).to_numpy())
    _w_fraction(doubled)  # refuses the all-tied case with a friendly message
    m, n = doubled.shape
    target = m * (n + 1)
    observed = _s_times_four(doubled)
    rng = np.random.Generator(np.random.PCG64(seed))
    at_least = 0
    block = max(1, 200_000 // (m * n))
    done = 0
    while done < permutations:
        size = min(block, permutations - done)
        order = np.argsort(rng.random((size, m, n)), axis=2)
        shuffled = np.take_along_axis(np.broadcast_to(doubled, (size, m, n)), order, axis=2)
        s4 = ((shuffled.sum(axis=1) - target) ** 2).sum(axis=1)
        at_least += int((s4 >= observed).sum())
        done += size
    return (at_least + 1) / (permutations + 1)


def mean_spearman(w: float, raters: int) -> float:
    """The average Spearman correlation over all pairs of raters: (m W - 1) / (m - 1).

    Exact when nobody uses ties; with ties it is a close approximation.
    """
    if raters < MIN_RATERS:
        raise RankingInputError(f"An average over pairs needs at least {MIN_RATERS} people.")
    return (raters * w - 1) / (raters - 1)


# -- reading W --------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: float
    high: float
    meaning: str


# This kit's rule of thumb, built around the anchors in Schmidt (1997): 0.1 very weak,
# 0.3 weak, 0.5 moderate, 0.7 strong, 0.9 unusually strong agreement. A reading aid for a
# conversation, not a standard. The limits are arithmetic (band_for relies on them covering
# 0 to 1 without a gap), so they stay here; the labels and meanings are in the bank.
_BAND_LIMITS = {
    "very_weak": (0.0, 0.2),
    "weak": (0.2, 0.4),
    "moderate": (0.4, 0.6),
    "strong": (0.6, 0.8),
    "very_strong": (0.8, 1.0),
}
BANDS = tuple(
    Band(key, _BANK["bands"][key]["label"], low, high, _BANK["bands"][key]["meaning"])
    for key, (low, high) in _BAND_LIMITS.items()
)


def band_for(w: float) -> Band:
    """The interpretation band of a W value (the upper band includes 1)."""
    if not isinstance(w, Real) or isinstance(w, bool) or not 0 <= float(w) <= 1:
        raise RankingInputError(f"W lies between 0 and 1; {w!r} does not.")
    for band in BANDS:
        if float(w) < band.high:
            return band
    return BANDS[-1]


@dataclass(frozen=True)
class Concordance:
    """W with everything needed to read it."""

    w: float
    raters: int
    items: int
    chi2: float
    df: int
    p_value: float                 # chi-square approximation
    permutation_p: float | None    # computed when the approximation is rough
    mean_spearman: float
    band: Band

    @property
    def chi2_adequate(self) -> bool:
        """True when the list is long enough for the chi-square approximation."""
        return self.items >= CHI2_MIN_ITEMS


def format_p(p: float) -> str:
    """A p-value as people read it: "0.003", or "< 0.001" for very small values."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def format_rank(value: float) -> str:
    """A rank as a person writes it: 3, or 2.5 for a shared place."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def format_ranks(ranks: Sequence[float]) -> str:
    """Several ranks as a list: "1, 2.5, 2.5, 4"."""
    return ", ".join(format_rank(r) for r in ranks)


def concordance(rankings, permutations: int = PERMUTATIONS,
                seed: int = PERMUTATION_SEED) -> Concordance:
    """Kendall's W, its chi-square test (chi2 = m (n - 1) W, n - 1 df) and its reading.

    With fewer than 8 items the chi-square approximation is rough, so a permutation test
    is added (`permutation_p`); otherwise that field is None.
    """
    table = rank_table(rankings)
    m, n = table.shape
    w = float(_w_fraction(_doubled_ranks(table.to_numpy())))
    chi2 = m * (n - 1) * w
    df = n - 1
    permutation_p = (
        None if n >= CHI2_MIN_ITEMS else permutation_p_value(table, permutations, seed)
    )
    return Concordance(
        w=w,
        raters=m,
        items=n,
        chi2=chi2,
        df=df,
        p_value=chi2_sf(chi2, df),
        permutation_p=permutation_p,
        mean_spearman=mean_spearman(w, m),
        band=band_for(w),
    )


def significance_note(result: Concordance) -> str:
    """What the test says, what it does not, and when to distrust the approximation."""
    test = (
        f"Chi-square test: chi² = {result.raters} × {result.items - 1} × W = "
        f"{result.chi2:.2f} with {result.df} degrees of freedom, p = "
        f"{format_p(result.p_value)}."
    )
    if result.permutation_p is not None:
        check = (
            f" With only {result.items} items that approximation is rough (it is meant for "
            "8 or more), so the rankings were also shuffled at random "
            f"{PERMUTATIONS:,} times: p = {format_p(result.permutation_p)} by that "
            "permutation test. Trust that figure more."
        )
        p = result.permutation_p
    else:
        check = ""
        p = result.p_value
    if result.raters < 3:
        check += " With only two people, the test has little power: compare the two rankings directly."
    verdict = (
        " So the agreement is more than chance would give."
        if p < 0.05
        else " So the agreement could be chance: random rankings would often agree this well."
    )
    caveat = (
        " A small p only says that the team agrees more than people ranking at random "
        "would. That is a low bar: it says nothing about whether the agreement is enough to "
        "act on, or whether the shared order is the right one. With a large team even weak "
        "agreement passes the test, and with a small one even moderate agreement may not."
    )
    return test + check + verdict + caveat


# -- which items split the team ---------------------------------------------------------


def item_disagreement(rankings) -> pd.DataFrame:
    """One row per item, the items the team disagrees on most first.

    Columns: item, ranks (everyone's ranks, sorted), mean_rank, sd (population standard
    deviation of the ranks), best and worst (the highest and lowest place anyone gave),
    spread (worst - best), top_by and bottom_by (who gave the best and the worst place).
    Sorted by sd, then spread (both descending), then mean rank.
    """
    table = rank_table(rankings)
    rows = []
    for position, item in enumerate(table.columns):
        ranks = table[item]
        best, worst = float(ranks.min()), float(ranks.max())
        rows.append(
            {
                "item": item,
                "position": position,
                "ranks": tuple(sorted(float(r) for r in ranks)),
                "mean_rank": float(ranks.mean()),
                "sd": float(ranks.std(ddof=0)),
                "best": best,
                "worst": worst,
                "spread": worst - best,
                "top_by": tuple(str(p) for p in ranks.index[ranks == best]),
                "bottom_by": tuple(str(p) for p in ranks.index[ranks == worst]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["sd_key"] = frame["sd"].round(9)
    frame = frame.sort_values(
        ["sd_key", "spread", "mean_rank", "position"], ascending=[False, False, True, True]
    )
    return frame.drop(columns=["sd_key", "position"]).reset_index(drop=True)


def consensus_order(rankings) -> list[tuple[float, list[str]]]:
    """The team's order by average rank: (average rank, items sharing it), best first."""
    table = rank_table(rankings)
    means = table.mean(axis=0).round(9)
    order = []
    for value in sorted(set(means)):
        order.append((float(value), [str(item) for item in table.columns[(means == value).to_numpy()]]))
    return order


def rank_counts(rankings) -> pd.DataFrame:
    """How many people gave each item each rank: columns item, rank, people (for a chart)."""
    table = rank_table(rankings)
    rows = [
        {"item": item, "rank": float(rank), "people": int(count)}
        for item in table.columns
        for rank, count in table[item].value_counts().sort_index().items()
    ]
    return pd.DataFrame(rows, columns=["item", "rank", "people"])


def people_text(names: Sequence[str], raters: int) -> str:
    """Who gave a rank, in words: "everyone" when all raters did."""
    if len(names) == raters:
        return "everyone"
    return _join(list(names))


def _range_text(row) -> str:
    if row["spread"] == 0:
        return f"everyone ranked it {format_rank(row['best'])}"
    return (
        f"ranks from {format_rank(row['best'])} to {format_rank(row['worst'])}, "
        f"standard deviation {row['sd']:.1f}"
    )


def describe_disagreement(disagreement: pd.DataFrame, raters: int, top: int = 2) -> str:
    """A plain-language text alternative for the rank-spread chart."""
    if disagreement.empty:
        return "No items to describe."
    most = disagreement.head(top)
    least = disagreement.iloc[-1]
    parts = [
        f"{len(disagreement)} items ranked by {plural(raters, 'person', 'people')}; "
        "rank 1 is the most important. Items are listed from most to least disagreement."
    ]
    parts.append(
        "The team disagrees most about "
        + "; then ".join(f"{row['item']} ({_range_text(row)})" for _, row in most.iterrows())
        + "."
    )
    parts.append(f"It agrees most about {least['item']} ({_range_text(least)}).")
    for _, row in disagreement.iterrows():
        parts.append(
            f"{row['item']}: average rank {row['mean_rank']:.1f}, ranks given "
            f"{format_ranks(row['ranks'])}."
        )
    return " ".join(parts)


def interpret(result: Concordance, disagreement: pd.DataFrame) -> list[str]:
    """Feedback paragraphs: the band, what W means in pairs, and where to start talking."""
    paragraphs = [
        f"W = {result.w:.2f}: {result.band.label}. {result.band.meaning}",
        f"Another way to read it: two people picked at random from this team rank the items "
        f"with an average Spearman correlation of about {result.mean_spearman:.2f} "
        "(1 = the same order, 0 = unrelated, -1 = opposite orders).",
    ]
    split = disagreement[disagreement["spread"] >= max(2.0, 0.5 * (result.items - 1))]
    if len(split):
        first = split.iloc[0]
        paragraphs.append(
            f"Start with {first['item']}: {people_text(first['top_by'], result.raters)} gave it "
            f"rank {format_rank(first['best'])}, {people_text(first['bottom_by'], result.raters)} "
            f"rank {format_rank(first['worst'])}. Ask both ends to explain what they know or "
            "assume that makes it so important, or so unimportant. The goal is to surface the "
            "different pictures of the business, not to average them away."
        )
    else:
        paragraphs.append(
            "No item splits the team by more than half the list: the differences are small "
            "shifts of a place or two."
        )
    paragraphs.append(
        "Agreement is not accuracy: a team can agree on the wrong priority. Check the shared "
        "order against the facts (customers, numbers, capacity) before acting on it."
    )
    return paragraphs


# -- r_wg: agreement on one rating --------------------------------------------------------


def rwg(ratings: Sequence[float], options: int) -> float:
    """James, Demaree & Wolf's r_wg for one item rated on a scale of 1 to `options`.

    r_wg = 1 - observed variance / the variance expected if people answered uniformly at
    random, (options^2 - 1) / 12. Uses the sample variance (n - 1), so it needs at least two
    ratings. Values below 0 (more disagreement than random answering) are reported as 0, as
    is usual.
    """
    if not isinstance(options, int) or isinstance(options, bool) or options < 2:
        raise RankingInputError("A rating scale needs a whole number of at least 2 options.")
    if isinstance(ratings, (str, bytes)) or not isinstance(ratings, (Sequence, np.ndarray)):
        raise RankingInputError("Give the ratings as a list of numbers, one per person.")
    values = list(ratings)
    if len(values) < 2:
        raise RankingInputError("Agreement needs at least two people's ratings.")
    if any(_is_missing(v) or isinstance(v, (bool, np.bool_)) or not isinstance(v, Real)
           for v in values):
        raise RankingInputError("Every rating must be a number; one is missing or is not.")
    row = np.asarray(values, dtype=float)
    if row.min() < 1 or row.max() > options:
        raise RankingInputError(
            f"Ratings on a {options}-point scale lie between 1 and {options}."
        )
    expected = (options**2 - 1) / 12
    observed = float(np.var(row, ddof=1))
    return max(0.0, 1 - observed / expected)


# -- what learners type -------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|[A-Ja-j][.)])\s+")


def parse_items(text: str) -> tuple[list[str], list[str]]:
    """A typed list of priorities, one per line: (items, problems).

    Leading bullets or numbers ("- ", "1. ", "A) ") are dropped; blank lines are ignored.
    """
    problems = []
    items = []
    for line in (text or "").splitlines():
        item = _BULLET.sub("", line).strip()
        if item:
            items.append(item)
    if len(items) < MIN_LIST_ITEMS:
        problems.append(
            f"List at least {MIN_LIST_ITEMS} priorities, one per line "
            f"({'none' if not items else len(items)} so far)."
        )
    if len(items) > MAX_LIST_ITEMS:
        problems.append(
            f"List at most {MAX_LIST_ITEMS} priorities ({len(items)} now): ranking more than "
            f"{MAX_LIST_ITEMS} things carefully is hard. Merge or drop some."
        )
    seen: dict[str, str] = {}
    for item in items:
        key = item.casefold()
        if key in seen:
            problems.append(f"“{item}” is listed twice: give each priority once.")
        seen.setdefault(key, item)
        if len(item) > MAX_ITEM_LENGTH:
            problems.append(
                f"Keep each priority under {MAX_ITEM_LENGTH} characters: “{item[:30]}…” "
                f"has {len(item)}."
            )
    return items, list(dict.fromkeys(problems))


def item_labels(items: Sequence[str]) -> list[str]:
    """Items with their letters: "A. Fix the warehouse rota"."""
    return [f"{LETTERS[i]}. {item}" for i, item in enumerate(items)]


_SEPARATORS = re.compile(r"[\s,;>/|]+")
_LETTER_SEPARATORS = re.compile(r"[\s,;>/|.()\-–—→]+")


def _letters_hint(n: int) -> str:
    return f"{LETTERS[0]} to {LETTERS[n - 1]}"


def _parse_letters(text: str, n: int) -> list[float]:
    letters = LETTERS[:n]
    groups: list[list[str]] = []
    joining = False
    strangers = []
    for char in _LETTER_SEPARATORS.sub(" ", text.upper()):
        if char == " ":
            continue
        if char == "=":
            if not groups or joining:
                raise RankingInputError(
                    "“=” joins two items that share a place, as in “A=B”: put it between two "
                    "letters."
                )
            joining = True
            continue
        if char.isdigit():
            raise RankingInputError(
                "Use either letters (the items in order of importance) or numbers (one rank "
                "for each item), not both."
            )
        if not char.isalpha() or char not in letters:
            strangers.append(char)
            continue
        if joining:
            groups[-1].append(char)
            joining = False
        else:
            groups.append([char])
    if joining:
        raise RankingInputError(
            "The ranking ends with “=”: put a letter after it, as in “A=B”."
        )
    if strangers:
        unique = list(dict.fromkeys(strangers))
        listed = _join([f"“{s}”" for s in unique])
        hint = ""
        wordy = [
            token for token in _LETTER_SEPARATORS.split(text.upper())
            if len(token) >= 4 and len(set(token) - set(letters) - {"="}) >= 2
        ]
        if wordy:
            hint = " It looks like words were typed: use the item letters only."
        raise RankingInputError(
            f"{listed} {'is not an item letter' if len(unique) == 1 else 'are not item letters'}"
            f" (the items are {_letters_hint(n)}).{hint}"
        )
    placed = [letter for group in groups for letter in group]
    twice = [letter for letter in dict.fromkeys(placed) if placed.count(letter) > 1]
    if twice:
        raise RankingInputError(
            f"{_join(twice)} {'appears' if len(twice) == 1 else 'appear'} more than once: "
            "give each item one place (use = for a tie)."
        )
    missing = [letter for letter in letters if letter not in placed]
    if missing:
        raise RankingInputError(
            f"{_join(missing)} {'is' if len(missing) == 1 else 'are'} missing: every item "
            f"needs a place ({_letters_hint(n)}; use = for a tie)."
        )
    ranks = [0.0] * n
    place = 1
    for group in groups:
        shared = place + (len(group) - 1) / 2
        for letter in group:
            ranks[letters.index(letter)] = shared
        place += len(group)
    return ranks


def _parse_numbers(text: str, n: int) -> list[float]:
    if "=" in text:
        raise RankingInputError(
            "“=” is for letters. With numbers, give tied items the same number, as in "
            "“1 2 2 4”."
        )
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    bad = [t for t in tokens if not re.fullmatch(r"\d+", t)]
    if bad:
        raise RankingInputError(
            f"{_join([f'“{t}”' for t in bad[:3]])} "
            f"{'is not a whole number' if len(bad) == 1 else 'are not whole numbers'}: "
            f"give each item a rank from 1 to {n}."
        )
    if len(tokens) != n:
        raise RankingInputError(
            f"There {'is' if len(tokens) == 1 else 'are'} {plural(len(tokens), 'rank')} for "
            f"{n} items: give one rank per item, in the order {_letters_hint(n)}, separated "
            "by spaces or commas."
        )
    ranks = [int(t) for t in tokens]
    outside = sorted({r for r in ranks if not 1 <= r <= n})
    if outside:
        raise RankingInputError(
            f"Rank{'s' if len(outside) > 1 else ''} {_join([str(r) for r in outside])} "
            f"{'is' if len(outside) == 1 else 'are'} outside 1 to {n}."
        )
    return [float(r) for r in midranks(ranks)]


def parse_ranking(text: str, items: Sequence[str]) -> list[float] | None:
    """One person's typed ranking as mid-ranks in item order; None for a blank line.

    Two forms are understood:
    - letters in order of importance, most important first: "C A B E D", with "=" for a
      shared place ("C A=B E D"); separators (spaces, commas, ">") are optional;
    - numbers, one rank per item in the order A, B, C, ...: "2 3 1 5 4" (1 = most
      important; tied items get the same number).
    Raises RankingInputError with one friendly sentence for anything else.
    """
    n = len(items)
    if n < MIN_ITEMS:
        raise RankingInputError(f"There must be at least {MIN_ITEMS} items to rank.")
    if n > len(LETTERS):
        raise RankingInputError(f"This activity ranks at most {len(LETTERS)} items.")
    text = (text or "").strip()
    if not text:
        return None
    if any(c.isalpha() for c in text):
        ranks = _parse_letters(text, n)
    elif any(c.isdigit() for c in text):
        ranks = _parse_numbers(text, n)
    else:
        raise RankingInputError(
            f"There are no item letters or ranks here: type the letters {_letters_hint(n)} "
            "in order of importance."
        )
    if len(set(ranks)) == 1:
        raise RankingInputError(
            "Every item has the same place, so there is no order to compare: put the items "
            "in order of importance."
        )
    return ranks


def parse_team(entries: Sequence[tuple[str, str]], items: Sequence[str]
               ) -> tuple[pd.DataFrame | None, list[str]]:
    """Rows typed by a team, (name, ranking) each: (ranks table, problems).

    Blank rows are skipped; a nameless row is called "Person k". The table has one row per
    person (index: names) and one column per item, labeled "A. item". It is None when there
    are problems, and the problems are one friendly sentence each.
    """
    problems = []
    names: list[str] = []
    rows: list[list[float]] = []
    for number, (name, text) in enumerate(entries, start=1):
        name = " ".join((name or "").split())
        text = (text or "").strip()
        if not name and not text:
            continue
        label = f"Person {number}" + (f" ({name})" if name else "")
        if len(name) > MAX_NAME_LENGTH:
            problems.append(f"Person {number}: keep the name under {MAX_NAME_LENGTH} characters.")
            continue
        if not text:
            problems.append(f"{label}: the ranking is empty. Add one, or clear the name.")
            continue
        try:
            ranks = parse_ranking(text, items)
        except RankingInputError as error:
            problems.extend(f"{label}: {problem}" for problem in error.problems)
            continue
        names.append(name or f"Person {number}")
        rows.append(ranks)
    repeated = [n for n in dict.fromkeys(names) if names.count(n) > 1]
    for name in repeated:
        problems.append(f"Two rankings are both called “{name}”: give each person a different name.")
    if not problems and len(rows) < MIN_RATERS:
        if not rows:
            problems.append(
                "Nothing to compare yet: type at least two people's rankings, or load the "
                "example team."
            )
        else:
            problems.append(
                "Only one ranking so far. W compares people with each other: add at least one "
                "more person's ranking."
            )
    if problems:
        return None, problems
    frame = pd.DataFrame(rows, index=pd.Index(names, name="person"), columns=item_labels(items))
    return frame, []


def example_rankings() -> pd.DataFrame:
    """The Brannock Kitchenworks management team's rankings, as a ranks table."""
    frame, problems = parse_team(EXAMPLE_TEAM, EXAMPLE_PRIORITIES)
    if problems:  # pragma: no cover - the example is checked by the tests
        raise RankingInputError(problems)
    return frame


def example_priorities() -> pd.DataFrame:
    """The example's priorities with their letters, for a table in the lesson."""
    return pd.DataFrame(
        {"Letter": list(LETTERS[: len(EXAMPLE_PRIORITIES)]), "Priority": list(EXAMPLE_PRIORITIES)}
    )


def describe_check(result: Concordance, disagreement: pd.DataFrame) -> str:
    """One sentence per finding, for screen readers and for the record."""
    first = disagreement.iloc[0]
    return (
        f"Kendall's W = {result.w:.2f} ({result.band.label}) for "
        f"{plural(result.raters, 'person', 'people')} ranking {result.items} items. "
        f"Most disagreement: {first['item']} ({_range_text(first)})."
    )
