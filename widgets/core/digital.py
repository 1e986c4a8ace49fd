"""Digital dynamic alignment: a six-dimension self-assessment, peers, balance and leverage.

The six dimensions (strategy, capability, structure, process, technology, culture) are the
kit's synthesis of the source text; they descend from the strategic alignment model of
J. C. Henderson and N. Venkatraman (1993, *IBM Systems Journal* 32(1)) and from
organization-design models such as Leavitt's diamond and Galbraith's Star Model. No
validated instrument measures them: the ratings are a structured conversation, not a test.

The analysis rests on one idea with good evidence behind it: digital investments are
**complements**. E. Brynjolfsson and L. M. Hitt (2000, *Journal of Economic Perspectives*
14(4)) reviewed firm-level studies in which computers paid off far more in firms that also
reorganized work, trained people and changed incentives. If the parts are complements, a
firm is held back by its weakest parts, and the next unit of effort is worth most where a
dimension lags the others. So the assessment looks at:

- **Peers**: the median of firms in the learner's sector in the case data set
  `digital_alignment`, or of all firms when the sector has fewer than MIN_PEERS of them.
- **Balance**: the spread (strongest minus weakest rating) and the weakest link.
- **Leverage**: a transparent score per dimension (LEVERAGE_RULE), with one dependency rule
  (PREREQUISITES: technology pays only once process and capability are in place).

Data formats are plain dicts so that a response can be stored as JSON:

    ratings = {"strategy": 3, "capability": 2, ..., "culture": 2.5}

Ratings run from 1 to 5 (fractions allowed: the case data has one decimal; the widget offers
half points). Everything here is pure Python (pandas and numpy only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from widgets.core.components import format_gap, format_score
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import is_number, join_words

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")

DIMENSIONS = ("strategy", "capability", "structure", "process", "technology", "culture")
SCALE_MIN, SCALE_MAX = 1, 5
SCALE = {
    1: "Not started",
    2: "First steps",
    3: "In progress",
    4: "Largely in place",
    5: "Embedded",
}

OUTCOMES = ("revenue_growth_pct", "customer_satisfaction", "employee_turnover_pct")
OUTCOME_LABELS = {
    "revenue_growth_pct": "Revenue growth (%)",
    "customer_satisfaction": "Customer satisfaction (0-100)",
    "employee_turnover_pct": "Staff turnover (%)",
}
FIRM_COLUMNS = ("smb_id", "smb_name", "sector", *DIMENSIONS, *OUTCOMES)

# Peers: a median of one or two firms is just those firms' answers, so a sector needs at
# least three firms before it is used as the comparison group (the same floor the kit's
# anonymity rule never goes below).
MIN_PEERS = 3
OTHER_SECTOR = "other"

# Balance: spread = strongest minus weakest rating. The case data calls firms within one
# point "balanced"; beyond two points the profile is lopsided.
BALANCED_SPREAD = 1.0
LOPSIDED_SPREAD = 2.0

# "Technology ahead": technology at least this far above the mean of capability and
# culture (the same rule as widgets.core.components.technology_ahead).
TECH_LEAD_THRESHOLD = 1.5

# A second move is suggested only if its leverage is at least this share of the first's:
# an SMB with little slack does better with one well-resourced move than with two thin ones.
SECOND_MOVE_SHARE = 0.5

# A dimension's move waits while one of these is rated lower than it. Technology: computers
# paid off with complementary skills and reorganized processes (Brynjolfsson & Hitt 2000;
# Bresnahan, Brynjolfsson & Hitt 2002), and automating an unchanged process "paves the cow
# path" (Hammer 1990). Structure follows strategy (Chandler 1962). A process is redesigned
# for a purpose, which the strategy supplies (Hammer & Champy 1993). Capability and culture
# have no prerequisite: skills and habits can be built at any stage.
PREREQUISITES = {
    "strategy": (),
    "capability": (),
    "structure": ("strategy",),
    "process": ("strategy",),
    "technology": ("process", "capability"),
    "culture": (),
}

MEDIAN_REASON: str = load_content("digital")["median_reason"]

# The leverage rule in words, and the guide below, live in content/digital.yaml, where a
# trainer can change them (widgets.core.content); the rule describes the code, so change both.
LEVERAGE_RULE: str = load_content("digital")["leverage_rule"]


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    question: str
    low: str  # what a 1 looks like in a 20-150 person firm
    high: str  # what a 5 looks like
    failure: str  # the typical SMB failure
    first_step: str  # a concrete first step for an SMB


GUIDE = {entry["key"]: Dimension(**entry) for entry in load_content("digital")["guide"]}

LABELS = {key: guide.label for key, guide in GUIDE.items()}


class InvalidRatings(InputProblems):
    """Ratings that cannot be analyzed; `problems` lists every reason in friendly words."""


# -- small helpers -----------------------------------------------------------------------

def _plain(value) -> int | float:
    """A JSON-friendly number: 3 stays 3, 2.75 stays 2.75, float noise is rounded away."""
    number = round(float(value), 4)
    return int(number) if number.is_integer() else number


def _labels(keys) -> str:
    return join_words([LABELS[k] for k in keys])


def scale_text(value) -> str:
    """A rating with its anchor: 3 -> "3 (in progress)"; 2.5 -> "2.5"."""
    number = float(value)
    if number.is_integer() and int(number) in SCALE:
        return f"{int(number)} ({SCALE[int(number)].lower()})"
    return format_score(number)


# -- validation --------------------------------------------------------------------------


def validate(ratings) -> list[str]:
    """Every reason why `ratings` cannot be analyzed, in friendly words; [] if it can."""
    if not isinstance(ratings, Mapping):
        return [
            (
                f"The ratings must give each of the six dimensions ({_labels(DIMENSIONS)}) a "
                f"score from {SCALE_MIN} to {SCALE_MAX}."
            )
        ]
    problems = [
        f"{key!r} is not one of the six dimensions ({_labels(DIMENSIONS)})."
        for key in ratings
        if key not in DIMENSIONS
    ]
    for dimension in DIMENSIONS:
        label, value = LABELS[dimension], ratings.get(dimension)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(
                f"{label}: not rated yet. Choose a score from {SCALE_MIN} "
                f"({SCALE[SCALE_MIN].lower()}) to {SCALE_MAX} ({SCALE[SCALE_MAX].lower()})."
            )
        elif not is_number(value):
            problems.append(
                f"{label}: {value!r} is not a number. Choose a score from {SCALE_MIN} to "
                f"{SCALE_MAX}."
            )
        elif not SCALE_MIN <= value <= SCALE_MAX:
            problems.append(
                f"{label}: {format_score(value)} is outside the scale. Choose a score from "
                f"{SCALE_MIN} to {SCALE_MAX}."
            )
    return problems


def normalize(ratings) -> dict[str, int | float]:
    """Valid ratings as plain Python numbers in the lesson's order; InvalidRatings if not."""
    problems = validate(ratings)
    if problems:
        raise InvalidRatings(problems)
    return {d: _plain(ratings[d]) for d in DIMENSIONS}


def _require_frame(frame, columns=FIRM_COLUMNS) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("The peer data must be a table (a pandas DataFrame).")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"The peer data has no column {join_words([repr(c) for c in missing])}; use "
            "load('digital_alignment')."
        )
    if frame.empty:
        raise ValueError("The peer data has no firms in it.")


# -- peers -------------------------------------------------------------------------------


def sector_options(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, value) pairs for a sector menu: each sector with its number of firms, then other."""
    _require_frame(frame, ("sector",))
    counts = frame["sector"].astype("string").value_counts()
    sectors = (
        list(frame["sector"].cat.categories)
        if isinstance(frame["sector"].dtype, pd.CategoricalDtype)
        else sorted(counts.index)
    )
    options = []
    for sector in sectors:
        n = int(counts.get(sector, 0))
        if n:
            options.append((f"{sector.capitalize()} ({n} firm{'s' if n != 1 else ''})", sector))
    return options + [("Other, or not listed", OTHER_SECTOR)]


def peer_group(frame: pd.DataFrame, sector: str | None = None, exclude: str | None = None) -> dict:
    """The firms to compare with, their median, lowest and highest ratings, and why.

    The learner's sector is used when the data holds at least MIN_PEERS firms in it;
    otherwise every firm is used and `note` says so. `exclude` drops one firm (by
    `smb_id`), so a case firm is not compared with itself.
    """
    _require_frame(frame)
    data = frame if exclude is None else frame[frame["smb_id"] != exclude]
    if data.empty:
        raise ValueError("No peer firms are left to compare with.")
    sector = (sector or "").strip() or None
    in_sector = (
        data[data["sector"].astype("string") == sector] if sector not in (None, OTHER_SECTOR)
        else data.iloc[0:0]
    )
    sector_firms = [str(name) for name in in_sector["smb_name"]]
    total = len(data)
    if sector is None:
        scope, peers = "all", data
        note = f"No sector chosen, so you are compared with all {total} firms in the case data."
    elif sector == OTHER_SECTOR:
        scope, peers = "all", data
        note = (
            f"Your sector is not in the case data, so you are compared with all {total} "
            "firms."
        )
    elif len(in_sector) >= MIN_PEERS:
        scope, peers = "sector", in_sector
        note = (
            f"You are compared with the {len(in_sector)} {sector} firms in the case data: "
            f"{join_words(sector_firms)}."
        )
    else:
        scope, peers = "all", data
        if sector_firms:
            which = (
                f"Only {len(sector_firms)} firm{'s' if len(sector_firms) > 1 else ''} in the "
                f"case data {'are' if len(sector_firms) > 1 else 'is'} in {sector} "
                f"({join_words(sector_firms)})"
            )
        else:
            which = f"No firm in the case data is in {sector}"
        note = (
            f"{which}, fewer than {MIN_PEERS}, so you are compared with all {total} firms "
            "instead. A median of one or two firms would just be their own answers."
        )
    scores = peers[list(DIMENSIONS)].astype(float)
    return {
        "scope": scope,
        "sector": sector,
        "count": len(peers),
        "firms": [str(name) for name in peers["smb_name"]],
        "sector_firms": sector_firms,
        "median": {d: _plain(scores[d].median()) for d in DIMENSIONS},
        "low": {d: _plain(scores[d].min()) for d in DIMENSIONS},
        "high": {d: _plain(scores[d].max()) for d in DIMENSIONS},
        "note": note,
    }


def firm_ratings(frame: pd.DataFrame, smb_id: str) -> dict[str, int | float]:
    """One case firm's six ratings, in the format `assess` takes."""
    _require_frame(frame, ("smb_id", *DIMENSIONS))
    row = frame[frame["smb_id"] == smb_id]
    if row.empty:
        raise ValueError(f"There is no firm {smb_id!r} in the data.")
    return {d: _plain(row.iloc[0][d]) for d in DIMENSIONS}


# -- the profile: gaps, balance, weakest link ---------------------------------------------


def gaps(ratings, median: Mapping[str, float]) -> list[dict]:
    """One row per dimension: your rating, the peer median and the gap (you minus peers)."""
    ratings = normalize(ratings)
    rows = []
    for d in DIMENSIONS:
        gap = _plain(ratings[d] - median[d])
        if gap <= -0.5:
            status = "behind peers"
        elif gap < 0:
            status = "slightly behind"
        elif gap < 0.5:
            status = "about level" if gap == 0 else "slightly ahead"
        else:
            status = "ahead of peers"
        rows.append(
            {"dimension": d, "label": LABELS[d], "you": ratings[d],
             "peer_median": _plain(median[d]), "gap": gap, "status": status}
        )
    return rows


def balance(ratings) -> dict:
    """Level (mean), spread, weakest and strongest dimensions, and the technology lead."""
    ratings = normalize(ratings)
    values = [ratings[d] for d in DIMENSIONS]
    low, high = min(values), max(values)
    spread = _plain(high - low)
    weakest = [d for d in DIMENSIONS if ratings[d] == low]
    strongest = [d for d in DIMENSIONS if ratings[d] == high]
    tech_lead = _plain(ratings["technology"] - (ratings["capability"] + ratings["culture"]) / 2)
    if spread <= BALANCED_SPREAD:
        shape = "balanced"
        text = (
            f"Balanced: all six ratings lie within {format_score(spread)} point"
            f"{'' if spread == 1 else 's'} of each other, so the dimensions move together."
        )
    elif spread <= LOPSIDED_SPREAD:
        shape = "uneven"
        text = (
            f"Uneven: {format_score(spread)} points separate your strongest dimension "
            f"({_labels(strongest)}, {format_score(high)}) from your weakest "
            f"({_labels(weakest)}, {format_score(low)})."
        )
    else:
        shape = "lopsided"
        text = (
            f"Lopsided: {format_score(spread)} points separate {_labels(strongest)} "
            f"({format_score(high)}) from {_labels(weakest)} ({format_score(low)}). The "
            "strong dimensions cannot deliver much while the weak ones hold them back."
        )
    if spread == 0:
        link = "No dimension lags: all six share the same rating."
    else:
        link = (
            f"Weakest link: {_labels(weakest)} ({format_score(low)}). If the dimensions are "
            "complements, this is where the others lose their value."
        )
    tech_ahead = tech_lead >= TECH_LEAD_THRESHOLD
    if tech_ahead:
        link += (
            f" Your technology runs {format_score(tech_lead)} points ahead of the average of "
            "your capability and culture: the pattern of the five weakest firms in the case "
            "data. Spend the next effort on skills and habits, not on more tools."
        )
    return {
        "mean": _plain(sum(values) / len(values)),
        "spread": spread,
        "shape": shape,
        "weakest": weakest,
        "strongest": strongest,
        "tech_lead": tech_lead,
        "technology_ahead": tech_ahead,
        "text": text,
        "link_text": link,
    }


# -- leverage and moves -------------------------------------------------------------------


def dependents() -> dict[str, list[str]]:
    """For each dimension, the dimensions that rely on it (the reverse of PREREQUISITES)."""
    return {d: [e for e in DIMENSIONS if d in PREREQUISITES[e]] for d in DIMENSIONS}


def leverage(ratings, median: Mapping[str, float]) -> list[dict]:
    """Every dimension's leverage score, its three parts, and whether it can be a move.

    Parts: `below_own` (strongest rating minus this one), `below_peers` (peer median minus
    this one, at least 0) and `holds_back` (the largest lead of a dimension that relies on
    this one, at least 0). `candidate`: below the peer median or among the lowest ratings.
    `waits_for`: prerequisites rated lower than this dimension (then it cannot be a move).
    """
    ratings = normalize(ratings)
    high, low = max(ratings.values()), min(ratings.values())
    reverse = dependents()
    rows = []
    for d in DIMENSIONS:
        r = ratings[d]
        below_own = _plain(high - r)
        below_peers = _plain(max(0.0, median[d] - r))
        leads = [(ratings[e] - r, e) for e in reverse[d] if ratings[e] > r]
        holds_back = _plain(max((lead for lead, _ in leads), default=0.0))
        held = [e for lead, e in leads if _plain(lead) == holds_back] if leads else []
        waits_for = [p for p in PREREQUISITES[d] if ratings[p] < r]
        candidate = below_peers > 0 or r == low
        rows.append(
            {
                "dimension": d,
                "label": LABELS[d],
                "rating": r,
                "below_own": below_own,
                "below_peers": below_peers,
                "holds_back": holds_back,
                "held_back": held,
                "score": _plain(below_own + below_peers + holds_back),
                "candidate": candidate,
                "waits_for": waits_for,
                "eligible": candidate and not waits_for,
            }
        )
    return rows


def _rank_key(row: dict):
    return (-row["score"], -row["below_peers"], row["rating"], DIMENSIONS.index(row["dimension"]))


def _score_parts(row: dict) -> str:
    parts = [
        f"{format_score(row['below_own'])} below your strongest dimension",
        f"{format_score(row['below_peers'])} below the peer median",
    ]
    if row["holds_back"] > 0:
        parts.append(
            f"{format_score(row['holds_back'])} behind {_labels(row['held_back'])}, which "
            f"relies on it"
        )
    else:
        parts.append("nothing that relies on it runs ahead of it")
    return "; ".join(parts)


def _move_reason(row: dict, rank: int, first: dict | None, level_profile: bool) -> str:
    label = row["label"]
    if level_profile:
        return (
            f"Your six ratings are level and none is below the peer median, so nothing holds "
            f"the rest back. The rule falls back to the first dimension in the lesson's order, "
            f"{label}: keep the dimensions moving together and take the next step here."
        )
    text = f"Leverage {format_score(row['score'])}: {_score_parts(row)}."
    if rank == 0:
        text = f"{label} has the highest leverage. " + text
    else:
        text = (
            f"{label} comes second. " + text + f" That is at least half of "
            f"{first['label']}'s {format_score(first['score'])}, so it is worth a move too."
        )
    if row["holds_back"] > 0:
        text += (
            f" {_labels(row['held_back'])} cannot pay off while {label} lags behind it."
        )
    return text


def moves(ratings, median: Mapping[str, float]) -> dict:
    """The one or two moves with the highest leverage, with the reasoning behind each.

    Returns {"moves": [...], "waiting": [...], "skipped": str | None}: each move has
    dimension, label, score, reason and first_step; `waiting` lists the candidates (below the
    peers or lowest-rated) that wait for a lower-rated prerequisite, each with a reason.
    """
    rows = leverage(ratings, median)
    eligible = sorted((r for r in rows if r["eligible"]), key=_rank_key)
    first = eligible[0]
    level_profile = first["score"] == 0
    chosen = [first]
    skipped = None
    if len(eligible) > 1:
        second = eligible[1]
        if second["score"] > 0 and second["score"] >= SECOND_MOVE_SHARE * first["score"]:
            chosen.append(second)
        elif second["score"] > 0:
            skipped = (
                f"Only one move: the next candidate, {second['label']} (leverage "
                f"{format_score(second['score'])}), has less than half of "
                f"{first['label']}'s leverage ({format_score(first['score'])}). One "
                "well-resourced move beats two thin ones."
            )
    result = [
        {
            "dimension": row["dimension"],
            "label": row["label"],
            "rating": row["rating"],
            "score": row["score"],
            "reason": _move_reason(row, rank, first, level_profile),
            "first_step": GUIDE[row["dimension"]].first_step,
        }
        for rank, row in enumerate(chosen)
    ]
    rating = {row["dimension"]: row["rating"] for row in rows}
    waiting = [
        {
            "dimension": row["dimension"],
            "label": row["label"],
            "score": row["score"],
            "waits_for": row["waits_for"],
            "reason": (
                f"{row['label']} has leverage {format_score(row['score'])}, but "
                + join_words([f"{LABELS[p]} ({format_score(rating[p])})" for p in row["waits_for"]])
                + f" {'is' if len(row['waits_for']) == 1 else 'are'} rated lower than "
                f"{row['label']} ({format_score(row['rating'])}). "
                + _waiting_because(row["dimension"])
            ),
        }
        for row in sorted(rows, key=_rank_key)
        if row["candidate"] and row["waits_for"]
    ]
    return {"moves": result, "waiting": waiting, "skipped": skipped}


def _waiting_because(dimension: str) -> str:
    if dimension == "technology":
        return (
            "Technology pays only once the process is fit to automate and people can use "
            "the tools, so it waits."
        )
    if dimension == "structure":
        return "Structure follows strategy: redraw roles once you know what they are for."
    if dimension == "process":
        return "A process is redesigned for a purpose, and the strategy supplies it."
    return "It waits for what it relies on."


# -- the whole assessment -----------------------------------------------------------------


def assess(ratings, frame: pd.DataFrame, sector: str | None = None,
           exclude: str | None = None) -> dict:
    """The whole analysis as plain, JSON-serializable data.

    Raises InvalidRatings (with `.problems`) for invalid ratings, TypeError for peer data
    that is not a table, and ValueError for peer data without the case data's columns.
    """
    ratings = normalize(ratings)
    peers = peer_group(frame, sector, exclude)
    rows = gaps(ratings, peers["median"])
    profile = balance(ratings)
    found = moves(ratings, peers["median"])
    behind = [r["label"] for r in rows if r["gap"] < 0]
    if behind:
        gap_text = f"Below the peer median: {join_words(behind)}."
    else:
        gap_text = "You are at or above the peer median on all six dimensions."
    move_names = join_words([m["label"] for m in found["moves"]])
    summary = " ".join(
        [
            peers["note"],
            gap_text,
            profile["text"],
            profile["link_text"],
            f"Highest-leverage move{'s' if len(found['moves']) > 1 else ''}: {move_names}.",
            found["moves"][0]["reason"],
            f"A first step: {found['moves'][0]['first_step']}",
        ]
    )
    report = {
        "ratings": ratings,
        "peers": peers,
        "gaps": rows,
        "balance": profile,
        "leverage": leverage(ratings, peers["median"]),
        "moves": found["moves"],
        "waiting": found["waiting"],
        "one_move_reason": found["skipped"],
        "gap_text": gap_text,
        "rule": LEVERAGE_RULE,
        "median_reason": MEDIAN_REASON,
        "summary": summary,
    }
    report["description"] = describe_comparison(report)
    return report


def describe_comparison(report: Mapping) -> str:
    """The learner-versus-peers chart in words: each dimension, then balance and moves."""
    peers = report["peers"]
    group = (
        f"the {peers['count']} {peers['sector']} firms" if peers["scope"] == "sector"
        else f"all {peers['count']} firms"
    )
    parts = [
        f"{r['label']}: you {format_score(r['you'])}, peer median "
        f"{format_score(r['peer_median'])} (range {format_score(peers['low'][r['dimension']])}"
        f" to {format_score(peers['high'][r['dimension']])}), gap {format_gap(r['gap'])}"
        for r in report["gaps"]
    ]
    moves_text = join_words([m["label"] for m in report["moves"]])
    return (
        f"Ratings from {SCALE_MIN} ({SCALE[SCALE_MIN].lower()}) to {SCALE_MAX} "
        f"({SCALE[SCALE_MAX].lower()}), compared with {group} in the case data. "
        + ". ".join(parts)
        + f". Spread {format_score(report['balance']['spread'])} points. "
        f"Suggested move{'s' if len(report['moves']) > 1 else ''}: {moves_text}."
    )


def gap_table(report: Mapping) -> pd.DataFrame:
    """The gaps as a table for a notebook: one row per dimension, in the lesson's order."""
    peers = report["peers"]
    return pd.DataFrame(
        {
            "you": [r["you"] for r in report["gaps"]],
            "peer median": [r["peer_median"] for r in report["gaps"]],
            "peer range": [
                f"{format_score(peers['low'][r['dimension']])}-"
                f"{format_score(peers['high'][r['dimension']])}"
                for r in report["gaps"]
            ],
            "gap": [r["gap"] for r in report["gaps"]],
            "status": [r["status"] for r in report["gaps"]],
        },
        index=pd.Index([r["label"] for r in report["gaps"]], name="dimension"),
    )


def guide_table() -> pd.DataFrame:
    """The six dimensions for a lesson: the question, what 1 and 5 look like, the failure."""
    return pd.DataFrame(
        {
            "question": [GUIDE[d].question for d in DIMENSIONS],
            "1 looks like": [GUIDE[d].low for d in DIMENSIONS],
            "5 looks like": [GUIDE[d].high for d in DIMENSIONS],
            "typical SMB failure": [GUIDE[d].failure for d in DIMENSIONS],
        },
        index=pd.Index([LABELS[d] for d in DIMENSIONS], name="dimension"),
    )


# -- the case data: the weakest-link pattern across twelve firms --------------------------

PATTERNS = ("technology ahead", "in between", "balanced")
PATTERN_RULE: str = load_content("digital")["pattern_rule"].format(
    tech_lead=format_score(TECH_LEAD_THRESHOLD), balanced=format_score(BALANCED_SPREAD)
)


def firm_profiles(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per case firm: level, weakest and strongest ratings, spread, tech lead, pattern."""
    _require_frame(frame)
    scores = frame[list(DIMENSIONS)].astype(float)
    weakest_score, strongest_score = scores.min(axis=1), scores.max(axis=1)
    tech_lead = scores["technology"] - (scores["capability"] + scores["culture"]) / 2
    spread = (strongest_score - weakest_score).round(2)
    pattern = np.where(
        tech_lead.round(4) >= TECH_LEAD_THRESHOLD,
        "technology ahead",
        np.where(spread <= BALANCED_SPREAD, "balanced", "in between"),
    )
    return pd.DataFrame(
        {
            "smb_id": frame["smb_id"].astype("string"),
            "firm": frame["smb_name"].astype("string"),
            "sector": frame["sector"].astype("string"),
            "mean": scores.mean(axis=1).round(2),
            "weakest": [_labels([d for d in DIMENSIONS if row[d] == row.min()])
                        for _, row in scores.iterrows()],
            "weakest_score": weakest_score,
            "strongest_score": strongest_score,
            "technology": scores["technology"],
            "spread": spread,
            "tech_lead": tech_lead.round(2),
            "pattern": pd.Categorical(pattern, categories=list(PATTERNS)),
            **{o: frame[o].astype(float) for o in OUTCOMES},
        }
    ).set_index("smb_id")


def pattern_outcomes(profiles: pd.DataFrame) -> pd.DataFrame:
    """Mean level, spread and outcomes per pattern, with the number of firms (n)."""
    table = profiles.groupby("pattern", observed=True).agg(
        firms=("firm", "size"),
        mean=("mean", "mean"),
        weakest_score=("weakest_score", "mean"),
        technology=("technology", "mean"),
        spread=("spread", "mean"),
        **{o: (o, "mean") for o in OUTCOMES},
    )
    return table.round(1)


MEASURES = dict(load_content("digital")["measures"])

BOOTSTRAP_SEED = 20261124
BOOTSTRAP_DRAWS = 2000


def bootstrap_interval(x, y, draws: int = BOOTSTRAP_DRAWS, level: float = 0.9,
                       seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """A percentile bootstrap interval for Pearson's r: resample firms with replacement.

    With a dozen firms the interval is wide: it shows how much one or two firms can move r.
    Resamples in which a variable does not vary are skipped.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y) or len(x) < 3:
        raise ValueError("A correlation interval needs at least three pairs of values.")
    rng = np.random.Generator(np.random.PCG64(seed))
    picks = rng.integers(0, len(x), size=(draws, len(x)))
    xs, ys = x[picks], y[picks]
    xc, yc = xs - xs.mean(axis=1, keepdims=True), ys - ys.mean(axis=1, keepdims=True)
    denominator = np.sqrt((xc**2).sum(axis=1) * (yc**2).sum(axis=1))
    valid = denominator > 1e-12
    r = (xc * yc).sum(axis=1)[valid] / denominator[valid]
    tail = (1 - level) / 2
    return float(np.quantile(r, tail)), float(np.quantile(r, 1 - tail))


def outcome_correlations(profiles: pd.DataFrame, draws: int = BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """Pearson's r of each profile measure with each outcome, and a 90 % interval for growth."""
    rows = {}
    for measure, label in MEASURES.items():
        row = {OUTCOME_LABELS[o]: round(float(profiles[measure].corr(profiles[o])), 2)
               for o in OUTCOMES}
        low, high = bootstrap_interval(profiles[measure], profiles["revenue_growth_pct"], draws)
        row["growth r: 90 % bootstrap interval"] = f"{low:.2f} to {high:.2f}"
        rows[label] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = f"measure (n = {len(profiles)} firms)"
    return table


def describe_outcomes(profiles: pd.DataFrame, x: str = "weakest_score",
                      y: str = "revenue_growth_pct") -> str:
    """The firms' scatter chart in words: the correlation, then each firm by pattern."""
    r = float(profiles[x].corr(profiles[y]))
    firms = "; ".join(
        f"{row.firm} ({row.pattern}): {format_score(getattr(row, x))}, "
        f"{format_score(round(getattr(row, y), 1))}"
        for row in profiles.sort_values(x).itertuples()
    )
    return (
        f"{MEASURES.get(x, x)} against {OUTCOME_LABELS.get(y, y).lower()} for "
        f"{len(profiles)} fictional firms; Pearson's r = {r:.2f}. By {MEASURES.get(x, x).lower()}: "
        f"{firms}."
    )
