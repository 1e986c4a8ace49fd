"""Rules a data set must follow that a Table Schema cannot express.

Each check takes the typed DataFrame and returns problems as sentences naming the column
and the row (spreadsheet numbering: the header is row 1). An empty list means the file
passes.
"""

from __future__ import annotations

from collections.abc import Callable

from widgets.core.culture import CULTURE_TYPES, POINTS_PER_DIMENSION
from widgets.core.lazy import lazy_module

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


def _row(index: int) -> int:
    return int(index) + 2


def culture_rows_sum_to_100(frame: pd.DataFrame) -> list[str]:
    totals = frame[list(CULTURE_TYPES)].sum(axis=1)
    wrong = totals[totals != POINTS_PER_DIMENSION]
    if wrong.empty:
        return []
    index = wrong.index[0]
    return [
        f"row {_row(index)}: the columns {', '.join(CULTURE_TYPES)} add up to "
        f"{int(wrong.iloc[0])}, but each row shares exactly {POINTS_PER_DIMENSION} points."
    ]


def headcount_balances(frame: pd.DataFrame) -> list[str]:
    expected = (
        frame["headcount_start"]
        + frame["hires"]
        - frame["voluntary_separations"]
        - frame["involuntary_separations"]
    )
    wrong = frame.index[expected != frame["headcount_end"]]
    if len(wrong) == 0:
        return []
    index = wrong[0]
    return [
        f"column 'headcount_end', row {_row(index)}: {frame.loc[index, 'headcount_end']} "
        f"should be start + hires - separations = {expected[index]}."
    ]


DOMAIN_CHECKS: dict[str, Callable[[pd.DataFrame], list[str]]] = {
    "culture_assessments": culture_rows_sum_to_100,
    "hr_headcount": headcount_balances,
}
