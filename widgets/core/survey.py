"""Engagement-survey analysis with anonymity built in: eNPS, trait scores, answer distributions.

Pure Python (pandas and numpy only), so that every number a learner sees can be tested without
a kernel. The survey is the kit's own: twelve 1-5 agreement statements, three for each of four
cultural traits, plus the 0-10 eNPS question (`datasets/stories/engagement_survey.py`).

Anonymity (ARCHITECTURE.md rule 7)
----------------------------
An aggregate is shown only for groups of at least `MIN_GROUP_SIZE` (5) respondents; the
threshold may be lowered to `ABSOLUTE_MIN_GROUP_SIZE` (3) but never below. Hiding the small
groups is not enough: when a total is shown, or known from elsewhere (the company-wide result,
a department's result), the hidden group is the total minus the visible groups. That is the
*subtraction attack*. `suppress_small_groups` therefore also hides enough *sibling* groups
(complementary suppression) that subtraction only ever recovers a blend of several groups
with at least `min_size` people in it. See that function for the exact rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Integral, Real

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")


MIN_GROUP_SIZE = 5
ABSOLUTE_MIN_GROUP_SIZE = 3

# The wording (statements, traits, answer labels, the grouping columns' labels and why a group
# is hidden) lives in content/survey.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("survey")

# The statements and traits of the kit's survey, the same as
# datasets/stories/engagement_survey.py (a data module is not a runtime dependency of the
# package); tests/test_survey.py checks that the two stay the same.
ITEMS = dict(_BANK["items"])
TRAITS = {trait: list(items) for trait, items in _BANK["traits"].items()}
TRAIT_LABELS = {trait: trait.replace("_", " ").capitalize() for trait in TRAITS}
ITEM_TRAIT = {item: trait for trait, items in TRAITS.items() for item in items}

LIKERT_MIN, LIKERT_MAX = 1, 5
ANSWER_LABELS = dict(enumerate(_BANK["answer_labels"], start=LIKERT_MIN))
ENPS_MIN, ENPS_MAX = 0, 10
PROMOTER_MIN = 9   # 9-10 promoters
DETRACTOR_MAX = 6  # 0-6 detractors; 7-8 passives

# The columns a learner can group by, with their labels (the view's selector uses them).
GROUPINGS = dict(_BANK["groupings"])

# Why a group is hidden: the text of the `suppressed_because` column.
REASON_SMALL: str = _BANK["hidden_because"]["small"]
REASON_SIBLING: str = _BANK["hidden_because"]["sibling"]
REASON_PARENT: str = _BANK["hidden_because"]["parent"]

__all__ = [
    "ABSOLUTE_MIN_GROUP_SIZE", "ANSWER_LABELS", "COMPANY", "GROUPINGS", "ITEMS", "MIN_GROUP_SIZE",
    "TRAITS", "TRAIT_LABELS", "check_min_size", "cronbach_alpha", "describe_distribution",
    "describe_enps", "describe_trait_scores", "distribution_for", "enps", "enps_breakdown",
    "enps_by_group", "format_enps", "group_report", "hidden_text", "item_distribution",
    "items_table", "parse_min_size", "response_rate", "reverse_key", "suppress_small_groups",
    "trait_reliability", "trait_scores",
]


# --------------------------------------------------------------------------------------------
# The anonymity threshold and suppression
# --------------------------------------------------------------------------------------------

def check_min_size(min_size) -> int:
    """Return `min_size` as an int, or raise ValueError if it is not a whole number >= 3."""
    whole = (not isinstance(min_size, bool) and isinstance(min_size, Real)
             and math.isfinite(min_size) and min_size == int(min_size))
    if not whole:
        raise ValueError(
            f"The minimum group size must be a whole number of respondents (got {min_size!r})."
        )
    size = int(min_size)
    if size < ABSOLUTE_MIN_GROUP_SIZE:
        raise ValueError(
            f"The minimum group size cannot be below {ABSOLUTE_MIN_GROUP_SIZE} (got {size}): "
            f"with groups of 1 or 2, people can be identified from their answers. "
            f"The usual setting is {MIN_GROUP_SIZE}."
        )
    return size


def _as_columns(columns) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


def _complement(counts: pd.Series, hidden: set, min_size: int) -> set:
    """Labels of `counts` (one sibling set) to hide in addition to `hidden`.

    Adds the smallest visible siblings (ties: table order) until the hidden groups that have
    respondents are at least two and together hold at least `min_size` people. Returns every
    label if that is impossible (the whole set is then hidden).
    """
    def safe(chosen: set) -> bool:
        people = [counts[label] for label in chosen if counts[label] > 0]
        return not people or (len(people) >= 2 and sum(people) >= min_size)

    chosen = set(hidden)
    if safe(chosen):
        return set()
    order = sorted((label for label in counts.index if label not in chosen),
                   key=lambda label: (counts[label], list(counts.index).index(label)))
    for label in order:
        chosen.add(label)
        if safe(chosen):
            return chosen - set(hidden)
    return set(counts.index) - set(hidden)


def _hidden_positions(keys: pd.DataFrame, counts: pd.Series, min_size: int) -> dict[int, str]:
    """Map table position -> reason, for a table of unique group keys (outer level first)."""
    n_levels = keys.shape[1]
    positions = pd.RangeIndex(len(counts))
    reasons: dict[int, str] = {}
    small = REASON_SMALL.format(min_size=min_size)
    if n_levels <= 1:
        parents = {(): positions}
    else:
        # First decide which parents (all levels but the last) are hidden, with the same rule.
        parent_cols = list(keys.columns[:-1])
        parent_key = keys[parent_cols].apply(tuple, axis=1)
        parent_counts = counts.groupby(parent_key.to_numpy(), sort=False).sum()
        parent_table = pd.DataFrame(list(parent_counts.index), columns=parent_cols)
        hidden_parents = _hidden_positions(parent_table, parent_counts.reset_index(drop=True),
                                           min_size)
        hidden_keys = {parent_counts.index[pos] for pos in hidden_parents}
        parents = {}
        for pos, key in zip(positions, parent_key):
            if key in hidden_keys:
                reasons[pos] = small if counts.iloc[pos] < min_size else REASON_PARENT
            else:
                parents.setdefault(key, []).append(pos)
    for members in parents.values():
        members = list(members)
        sibling_counts = pd.Series([counts.iloc[pos] for pos in members], index=members)
        primary = {pos for pos in members if counts.iloc[pos] < min_size}
        for pos in primary:
            reasons[pos] = small
        for pos in _complement(sibling_counts, primary, min_size):
            reasons[pos] = REASON_SIBLING
    return reasons


def suppress_small_groups(table: pd.DataFrame, group_columns, count_column: str,
                          min_size: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """Hide every group with fewer than `min_size` respondents, and the siblings that would
    give it away.

    `table` has one row per group: the group columns (outer level first, for example
    ``["location", "team"]``; one column, or none for a single company-wide row), a count
    column (respondents per group) and any values (means, percentages...).

    **What "hidden" means.** Rows are kept, in their order, and *masked*: the count and every
    other non-group column become missing (NA), a boolean ``suppressed`` column says which rows
    are hidden and ``suppressed_because`` says why (empty for visible rows):
    ``"fewer than N respondents"`` (primary suppression), ``"hidden to protect a smaller
    sibling group"`` (complementary suppression) or ``"its parent group is hidden"``.
    ``result.attrs["suppression"]`` records the rule's settings.

    **The rule**, designed against the subtraction attack. Assume the worst: the total of the
    whole table and of every parent group (same values of all group columns but the last) are
    known, so total minus visible groups gives the hidden groups' *combined* count and values.

    1. Primary: every group with fewer than `min_size` respondents is hidden.
    2. Complementary: within each set of siblings (the groups sharing a parent; with a single
       level, the whole table), the hidden groups that have respondents must be either none,
       or **at least two groups that together hold at least `min_size` respondents**. Then
       subtraction yields only a blend of two or more groups with at least `min_size` people:
       no single group and no small crowd. To get there, the smallest visible siblings are
       hidden one by one (ties: table order), which loses the least information.
    3. Hierarchy: parent groups are themselves checked with rules 1-2 first (a parent is a
       sum of its rows). Every row of a hidden parent is hidden. A visible parent has at
       least `min_size` respondents, so rule 2 can always be met inside it.

    Groups with a count of 0 are hidden (rule 1) but hold nobody, so they never force a
    sibling to be hidden. If the whole table holds fewer than `min_size` people, every row is
    hidden and ``attrs["suppression"]["total_too_small"]`` is True: the total itself must not be
    shown then (it is a small group too). Raises ValueError for a missing column, duplicate groups, counts that
    are not whole numbers >= 0, or `min_size` below 3.
    """
    min_size = check_min_size(min_size)
    group_columns = _as_columns(group_columns)
    if not isinstance(table, pd.DataFrame):
        raise ValueError("The table to suppress must be a pandas DataFrame.")
    missing = [c for c in [*group_columns, count_column] if c not in table.columns]
    if missing:
        raise ValueError(
            f"The table has no column {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(repr, map(str, table.columns)))}."
        )
    if count_column in group_columns:
        raise ValueError("The count column cannot also be a group column.")
    raw = pd.to_numeric(table[count_column], errors="coerce")
    if raw.isna().any() or (raw < 0).any() or (raw != np.floor(raw)).any():
        raise ValueError(
            f"The column {count_column!r} must hold respondent counts: whole numbers, 0 or more."
        )
    if group_columns and table.duplicated(subset=group_columns).any():
        raise ValueError(
            f"Each group must appear once: the table repeats a combination of "
            f"{', '.join(group_columns)}."
        )
    if not group_columns and len(table) > 1:
        raise ValueError("Without group columns the table must have a single (company-wide) row.")

    counts = raw.astype(int).reset_index(drop=True)
    keys = table[group_columns].reset_index(drop=True)
    reasons = _hidden_positions(keys, counts, min_size) if len(table) else {}

    result = table.copy()
    hidden = np.zeros(len(result), dtype=bool)
    because = [""] * len(result)
    for pos, reason in reasons.items():
        hidden[pos] = True
        because[pos] = reason
    value_columns = [c for c in result.columns if c not in group_columns]
    for column in value_columns:
        if column == count_column:
            result[column] = pd.array(
                [pd.NA if h else int(v) for h, v in zip(hidden, counts)], dtype="Int64")
        elif pd.api.types.is_bool_dtype(result[column]) or not pd.api.types.is_numeric_dtype(
                result[column]):
            result[column] = result[column].astype(object).where(~hidden, None)
        elif pd.api.types.is_integer_dtype(result[column]):
            result[column] = result[column].astype("Int64").mask(hidden)
        else:
            result[column] = result[column].astype(float).mask(hidden)
    result["suppressed"] = hidden
    result["suppressed_because"] = because
    result.attrs["suppression"] = {
        "min_size": min_size, "group_columns": group_columns, "count_column": count_column,
        "method": "masked: rows kept, count and values set to NA",
        "total_too_small": bool(len(table)) and int(counts.sum()) < min_size,
    }
    return result


# --------------------------------------------------------------------------------------------
# eNPS
# --------------------------------------------------------------------------------------------

def _enps_answers(scores) -> list[int]:
    if isinstance(scores, (str, bytes)) or scores is None:
        raise ValueError("eNPS needs a list of 0-10 answers, not a single value.")
    if isinstance(scores, (Integral, Real)):
        raise ValueError("eNPS needs a list of 0-10 answers, not a single number.")
    values = list(scores.tolist() if hasattr(scores, "tolist") else scores)
    if not values:
        raise ValueError("eNPS needs at least one answer: the list of answers is empty.")
    answers = []
    for value in values:
        if value is None or value is pd.NA or isinstance(value, bool) or not isinstance(
                value, (Integral, Real)):
            raise ValueError(
                f"eNPS answers must be whole numbers from {ENPS_MIN} to {ENPS_MAX} "
                f"(found {value!r}).")
        if not math.isfinite(value) or value != int(value):
            raise ValueError(
                f"eNPS answers must be whole numbers from {ENPS_MIN} to {ENPS_MAX} "
                f"(found {value!r}).")
        if not ENPS_MIN <= value <= ENPS_MAX:
            raise ValueError(
                f"eNPS answers run from {ENPS_MIN} to {ENPS_MAX} (found {value!r}).")
        answers.append(int(value))
    return answers


def enps_breakdown(scores) -> dict:
    """Counts and shares of promoters (9-10), passives (7-8) and detractors (0-6), and eNPS."""
    answers = _enps_answers(scores)
    n = len(answers)
    promoters = sum(a >= PROMOTER_MIN for a in answers)
    detractors = sum(a <= DETRACTOR_MAX for a in answers)
    passives = n - promoters - detractors
    return {
        "n": n, "promoters": promoters, "passives": passives, "detractors": detractors,
        "promoters_pct": 100 * promoters / n, "passives_pct": 100 * passives / n,
        "detractors_pct": 100 * detractors / n,
        "enps": 100 * (promoters - detractors) / n,
    }


def enps(scores) -> float:
    """Employee Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100 to 100.

    Raises ValueError for an empty input, a value outside 0-10 or a value that is not a whole
    number (a missing answer included: drop non-answers first).
    """
    return float(enps_breakdown(scores)["enps"])


# --------------------------------------------------------------------------------------------
# Survey responses: checks, trait scores, distributions, eNPS by group
# --------------------------------------------------------------------------------------------

def _check_responses(responses, by, need_items: bool = True, need_enps: bool = False):
    if not isinstance(responses, pd.DataFrame):
        raise ValueError("The survey responses must be a pandas DataFrame, one row per person.")
    by = _as_columns(by)
    missing_groups = [c for c in by if c not in responses.columns]
    if missing_groups:
        options = [c for c in GROUPINGS if c in responses.columns]
        raise ValueError(
            f"Cannot group by {', '.join(map(repr, missing_groups))}: no such column. "
            f"Try one of {', '.join(map(repr, options or list(responses.columns)))}.")
    needed = (list(ITEMS) if need_items else []) + (["enps"] if need_enps else [])
    missing = [c for c in needed if c not in responses.columns]
    if missing:
        raise ValueError(f"The responses have no column {', '.join(map(repr, missing))}.")
    if need_items:
        values = responses[list(ITEMS)].apply(pd.to_numeric, errors="coerce")
        bad = (values.notna() & ~values.isin(range(LIKERT_MIN, LIKERT_MAX + 1))) | (
            values.isna() & responses[list(ITEMS)].notna())
        if bad.any().any():
            column = bad.any()[bad.any()].index[0]
            raise ValueError(
                f"Answers to {column!r} must be whole numbers from {LIKERT_MIN} to "
                f"{LIKERT_MAX}.")
    if responses.empty:
        raise ValueError("There are no responses to analyze.")
    return by


def _group_sizes(responses: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if not by:
        return pd.DataFrame({"n": [len(responses)]})
    return (responses.groupby(by, observed=True, sort=True, dropna=False).size()
            .rename("n").reset_index())


def _finish(table: pd.DataFrame, by: list[str], min_size) -> pd.DataFrame:
    return suppress_small_groups(table, by, "n", min_size)


def trait_scores(responses: pd.DataFrame, by=None, min_size: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """Mean score (1-5) of each trait per group, with the respondent count `n`.

    A person's trait score is the mean of their answers to the trait's three statements; a
    group's is the mean over its people. `by` is None (one company-wide row), a column name
    (``"team"``) or a list of columns (``["location", "team"]``). Groups below `min_size` are
    masked, with complementary suppression (see `suppress_small_groups`).
    """
    by = _check_responses(responses, by)
    frame = responses.copy()
    for trait, items in TRAITS.items():
        frame[trait] = frame[items].apply(pd.to_numeric).astype(float).mean(axis=1)
    if by:
        means = frame.groupby(by, observed=True, sort=True, dropna=False)[list(TRAITS)].mean()
        table = _group_sizes(frame, by).merge(means.reset_index(), on=by, how="left")
    else:
        table = _group_sizes(frame, by)
        for trait in TRAITS:
            table[trait] = frame[trait].mean()
    return _finish(table, by, min_size)


def enps_by_group(responses: pd.DataFrame, by=None, min_size: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """eNPS per group, with n and the percentages of promoters, passives and detractors.

    Rows with no eNPS answer are left out. Small groups are masked as in
    `suppress_small_groups`.
    """
    by = _check_responses(responses, by, need_items=False, need_enps=True)
    frame = responses[responses["enps"].notna()]
    if frame.empty:
        raise ValueError("Nobody answered the eNPS question.")
    _enps_answers(frame["enps"])  # validates every answer
    columns = ["n", "promoters_pct", "passives_pct", "detractors_pct", "enps"]
    if by:
        rows = []
        for key, part in frame.groupby(by, observed=True, sort=True, dropna=False):
            key = key if isinstance(key, tuple) else (key,)
            stats = enps_breakdown(part["enps"])
            rows.append({**dict(zip(by, key)), **{c: stats[c] for c in columns}})
        table = pd.DataFrame(rows, columns=[*by, *columns])
    else:
        stats = enps_breakdown(frame["enps"])
        table = pd.DataFrame([{c: stats[c] for c in columns}])
    return _finish(table, by, min_size)


def item_distribution(responses: pd.DataFrame, by=None, min_size: int = MIN_GROUP_SIZE,
                      items: Sequence[str] | None = None) -> pd.DataFrame:
    """How many people gave each answer (1-5) to each statement, per group.

    Long format: the group columns, ``item``, ``trait``, ``answer`` (1-5), ``count``, ``share``
    (of the group's answers to that item, 0-1), ``n`` (the group's respondents),
    ``suppressed`` and ``suppressed_because``. Groups are suppressed as in
    `suppress_small_groups` (decided on their respondent counts); their counts and shares are
    masked (NA). Every answer 1-5 appears, with a count of 0 when nobody chose it.
    """
    by = _check_responses(responses, by)
    items = list(ITEMS) if items is None else list(items)
    unknown = [i for i in items if i not in ITEMS]
    if unknown:
        raise ValueError(f"Unknown statement {', '.join(map(repr, unknown))}.")
    sizes = _finish(_group_sizes(responses, by), by, min_size)
    raw_sizes = _group_sizes(responses, by)
    rows = []
    groups = (responses.groupby(by, observed=True, sort=True, dropna=False) if by
              else [((), responses)])
    status = {}
    for position in range(len(sizes)):
        key = tuple(raw_sizes.loc[position, by]) if by else ()
        status[key] = (bool(sizes.loc[position, "suppressed"]),
                       sizes.loc[position, "suppressed_because"],
                       int(raw_sizes.loc[position, "n"]))
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        hidden, because, n = status[key]
        for item in items:
            answers = pd.to_numeric(part[item]).dropna().astype(int)
            answered = len(answers)
            for answer in range(LIKERT_MIN, LIKERT_MAX + 1):
                count = int((answers == answer).sum())
                rows.append({
                    **dict(zip(by, key)), "item": item, "trait": ITEM_TRAIT[item],
                    "answer": answer, "count": pd.NA if hidden else count,
                    "share": np.nan if hidden or not answered else count / answered,
                    "n": pd.NA if hidden else n, "suppressed": hidden,
                    "suppressed_because": because,
                })
    table = pd.DataFrame(rows, columns=[*by, "item", "trait", "answer", "count", "share", "n",
                                        "suppressed", "suppressed_because"])
    table["count"] = table["count"].astype("Int64")
    table["n"] = table["n"].astype("Int64")
    table["share"] = table["share"].astype(float)
    table.attrs["suppression"] = sizes.attrs["suppression"]
    return table


# --------------------------------------------------------------------------------------------
# Survey design helpers for the lesson: reverse keying, reliability, response rate
# --------------------------------------------------------------------------------------------

def reverse_key(answers, scale_min: int = LIKERT_MIN, scale_max: int = LIKERT_MAX):
    """Flip answers to a negatively worded statement so that high is favourable again.

    On a 1-5 scale, 1 becomes 5, 2 becomes 4, 3 stays 3. Works on a number, a list or a
    pandas Series.
    """
    if isinstance(answers, pd.Series):
        values = pd.to_numeric(answers, errors="coerce")
        if (values.dropna() < scale_min).any() or (values.dropna() > scale_max).any():
            raise ValueError(f"Answers must lie between {scale_min} and {scale_max}.")
        return scale_min + scale_max - values
    if isinstance(answers, Iterable) and not isinstance(answers, (str, bytes)):
        return [reverse_key(a, scale_min, scale_max) for a in answers]
    if isinstance(answers, bool) or not isinstance(answers, (Integral, Real)) or not (
            scale_min <= answers <= scale_max):
        raise ValueError(f"Answers must be numbers between {scale_min} and {scale_max} "
                         f"(found {answers!r}).")
    return scale_min + scale_max - answers


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha for a set of statements meant to measure one thing (rows = people).

    alpha = k/(k-1) * (1 - sum of item variances / variance of the total score). About 0.7 or
    more is usually read as "these statements hang together"; it says nothing about whether
    they measure the right thing. People with a missing answer are left out.
    """
    if not isinstance(items, pd.DataFrame) or items.shape[1] < 2:
        raise ValueError("Cronbach's alpha needs at least two statements (columns).")
    data = items.apply(pd.to_numeric, errors="coerce").astype(float).dropna()
    if len(data) < 2:
        raise ValueError("Cronbach's alpha needs complete answers from at least two people.")
    k = data.shape[1]
    total_variance = data.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("Everyone gave the same total, so alpha is undefined.")
    return float(k / (k - 1) * (1 - data.var(ddof=1).sum() / total_variance))


def trait_reliability(responses: pd.DataFrame) -> pd.DataFrame:
    """Cronbach's alpha of each trait's three statements, company-wide (no groups, no
    suppression needed), with a plain-words reading."""
    _check_responses(responses, None)
    rows = []
    for trait, items in TRAITS.items():
        alpha = cronbach_alpha(responses[items])
        if alpha >= 0.8:
            reading = "hang together well"
        elif alpha >= 0.7:
            reading = "hang together acceptably"
        elif alpha >= 0.6:
            reading = "hang together loosely: read the trait score with care"
        else:
            reading = "do not hang together: report the statements one by one"
        rows.append({"trait": trait, "items": len(items), "alpha": alpha, "reading": reading})
    return pd.DataFrame(rows)


def response_rate(respondents: int, invited: int) -> float:
    """Share (0-1) of invited people who answered."""
    for name, value in (("respondents", respondents), ("invited", invited)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
            raise ValueError(f"The number of {name} must be a whole number, 0 or more.")
    if invited == 0:
        raise ValueError("Nobody was invited, so there is no response rate.")
    if respondents > invited:
        raise ValueError(
            f"More respondents ({respondents}) than people invited ({invited}): check the counts.")
    return respondents / invited


# --------------------------------------------------------------------------------------------
# For the analyser widget: the threshold as typed, one report table, and text alternatives
# --------------------------------------------------------------------------------------------

COMPANY: str = _BANK["company"]


def parse_min_size(text) -> tuple[int | None, str | None]:
    """The threshold as typed in a text box: (value, None), or (None, a friendly problem)."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, (f"Enter the minimum group size: a whole number of "
                      f"{ABSOLUTE_MIN_GROUP_SIZE} or more (the usual setting is {MIN_GROUP_SIZE}).")
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        return None, (f"{raw!r} is not a number. Enter the minimum group size as a whole "
                      f"number of {ABSOLUTE_MIN_GROUP_SIZE} or more.")
    if not math.isfinite(number) or number != int(number):
        return None, (f"{raw} is not a whole number: a group size counts people. Enter "
                      f"{ABSOLUTE_MIN_GROUP_SIZE} or more.")
    try:
        return check_min_size(int(number)), None
    except ValueError as error:
        return None, str(error)


def hidden_text(reason: str, min_size: int) -> str:
    """What a reader sees instead of a hidden group's numbers."""
    if reason == REASON_SIBLING:
        return "hidden to protect a smaller group"
    if reason == REASON_PARENT:
        return "hidden with its parent group"
    return f"fewer than {min_size} respondents: hidden"


def group_label(row, by: Sequence[str]) -> str:
    return " / ".join(str(row[c]) for c in by) if by else COMPANY


def group_report(responses: pd.DataFrame, by=None, min_size: int = MIN_GROUP_SIZE) -> pd.DataFrame:
    """Trait scores and eNPS side by side, one row per group, suppressed as one table.

    Columns: ``group`` (a readable label), the `by` columns, ``n``, the four traits, ``enps``,
    ``promoters_pct``, ``detractors_pct``, ``suppressed``, ``suppressed_because`` and
    ``shown_as`` (the text to show instead of a hidden group's numbers, empty if visible).
    Suppression is decided once, on the respondent counts, so that the two halves agree.
    """
    min_size = check_min_size(min_size)
    by = _check_responses(responses, by, need_enps=True)
    frame = responses.copy()
    for trait, items in TRAITS.items():
        frame[trait] = frame[items].apply(pd.to_numeric).astype(float).mean(axis=1)
    _enps_answers(frame["enps"].dropna())
    enps_value = pd.to_numeric(frame["enps"]).astype(float)
    frame["_promoter"] = (enps_value >= PROMOTER_MIN).where(enps_value.notna())
    frame["_detractor"] = (enps_value <= DETRACTOR_MAX).where(enps_value.notna())
    values = {**{t: (t, "mean") for t in TRAITS},
              "promoters_pct": ("_promoter", "mean"), "detractors_pct": ("_detractor", "mean")}
    if by:
        table = frame.groupby(by, observed=True, sort=True, dropna=False).agg(
            n=(by[0], "size"), **values).reset_index()
    else:
        table = pd.DataFrame([{"n": len(frame), **{k: frame[c].mean() for k, (c, _) in
                                                   values.items()}}])
    for column in ("promoters_pct", "detractors_pct"):
        table[column] = 100 * table[column].astype(float)
    table["enps"] = table["promoters_pct"] - table["detractors_pct"]
    table = suppress_small_groups(table, by, "n", min_size)
    table.insert(0, "group", [group_label(row, by) for _, row in table.iterrows()])
    table["shown_as"] = [hidden_text(r, min_size) if h else ""
                         for h, r in zip(table["suppressed"], table["suppressed_because"])]
    return table


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def _signed(value: float) -> str:
    rounded = round(value)
    return f"{'+' if rounded > 0 else ''}{rounded:d}".replace("-", "−")


def format_enps(value) -> str:
    """eNPS as people write it: +40, 0, −60 (a real minus sign)."""
    return _signed(float(value))


def describe_trait_scores(report: pd.DataFrame, grouping_label: str = "group") -> str:
    """A text alternative for the trait-score chart: every visible group's four scores, the
    hidden groups named without numbers, and the lowest and highest visible scores."""
    parts = []
    visible = report[~report["suppressed"]]
    for _, row in report.iterrows():
        if row["suppressed"]:
            parts.append(f"{row['group']}: {row['shown_as']}.")
        else:
            scores = ", ".join(f"{TRAIT_LABELS[t].lower()} {_fmt(row[t])}" for t in TRAITS)
            parts.append(f"{row['group']} ({int(row['n'])} respondents): {scores}.")
    text = (f"Mean trait scores by {grouping_label.lower()}, on a scale from 1 (strongly "
            f"disagree) to 5 (strongly agree). " + " ".join(parts))
    if len(visible):
        long = visible.melt(id_vars="group", value_vars=list(TRAITS))
        low = long.loc[long["value"].idxmin()]
        high = long.loc[long["value"].idxmax()]
        text += (f" Lowest shown: {low['group']}, {TRAIT_LABELS[low['variable']].lower()} "
                 f"{_fmt(low['value'])}. Highest shown: {high['group']}, "
                 f"{TRAIT_LABELS[high['variable']].lower()} {_fmt(high['value'])}.")
    else:
        text += " Every group is hidden at this threshold."
    return text


def describe_enps(report: pd.DataFrame, grouping_label: str = "group") -> str:
    """A text alternative for the eNPS chart."""
    parts = []
    for _, row in report.iterrows():
        if row["suppressed"]:
            parts.append(f"{row['group']}: {row['shown_as']}.")
        else:
            parts.append(
                f"{row['group']}: {format_enps(row['enps'])} ({_fmt(row['promoters_pct'], 0)} % "
                f"promoters, {_fmt(row['detractors_pct'], 0)} % detractors, "
                f"{int(row['n'])} respondents).")
    return (f"eNPS by {grouping_label.lower()}, from −100 to +100: the percentage of promoters "
            f"(9-10) minus the percentage of detractors (0-6). " + " ".join(parts))


def distribution_for(distribution: pd.DataFrame, group: str, by: Sequence[str]) -> pd.DataFrame:
    """The rows of `item_distribution` for one group label (or COMPANY when by is empty)."""
    if not by:
        return distribution
    labels = distribution.apply(lambda row: group_label(row, by), axis=1)
    return distribution[labels == group]


def describe_distribution(rows: pd.DataFrame, group: str) -> str:
    """A text alternative for the answer-distribution chart of one group."""
    if rows.empty:
        return f"No answers for {group}."
    if rows["suppressed"].any():
        reason = rows["suppressed_because"].iloc[0]
        return f"Answers of {group}: not shown ({reason})."
    parts = []
    for item, part in rows.groupby("item", sort=False):
        shares = part.set_index("answer")["share"]
        agree = 100 * shares.loc[[4, 5]].sum()
        disagree = 100 * shares.loc[[1, 2]].sum()
        parts.append(f"{item} \u201c{ITEMS[item]}\u201d {agree:.0f} % agree, "
                     f"{disagree:.0f} % disagree.")
    n = int(rows["n"].iloc[0])
    return f"Answers of {group} ({n} respondents) to each statement. " + " ".join(parts)


def items_table() -> pd.DataFrame:
    """The survey's statements with their trait, for a lesson table."""
    return pd.DataFrame(
        [{"trait": TRAIT_LABELS[ITEM_TRAIT[item]], "item": item, "statement": statement}
         for item, statement in ITEMS.items()]
    )
