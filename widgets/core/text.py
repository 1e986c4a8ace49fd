"""Small text helpers shared by the activities' logic: lists in words, numbers, plurals."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from numbers import Real


def join_words(words: Iterable[str], last: str = "and", *, oxford: bool = False) -> str:
    """["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b and c".

    `last` is the word before the last item ("or" for choices); `oxford=True` puts a comma
    before it when there are three or more items: "a, b, and c".
    """
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} {last} {words[1]}"
    return ", ".join(words[:-1]) + ("," if oxford else "") + f" {last} " + words[-1]


def is_number(value) -> bool:
    """A real, finite number (int, float, Decimal, numpy number), not a bool."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        return False
    try:
        return math.isfinite(value)
    except (TypeError, ValueError, OverflowError):
        return False


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """1 -> "1 comment"; 3 -> "3 comments"; with `plural_form` for irregular words."""
    return f"{count:,} {word if count == 1 else (plural_form or word + 's')}"
