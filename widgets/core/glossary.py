"""The kit's glossary: its terms in our own words, each with the lessons that teach it.

The terms live in a bank a trainer edits, `content/glossary.yaml` (schema beside it); this
module turns them into `Term`s, sorted for reading, and checks what a schema cannot: keys are
unique, every `see_also` names a term of the glossary, and every lesson named exists
(`glossary_problems`, given the lessons' stems; `tests/test_glossary.py` runs it on the kit).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from widgets.core.content import load_content


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    definition: str
    lessons: tuple[str, ...]  # lesson file stems, first lesson first
    see_also: tuple[str, ...] = ()


def _terms(data: dict) -> tuple[Term, ...]:
    return tuple(
        Term(entry["key"], entry["term"], " ".join(entry["definition"].split()),
             tuple(entry["lessons"]), tuple(entry.get("see_also", ())))
        for entry in data["terms"]
    )


@functools.cache
def terms() -> tuple[Term, ...]:
    """Every term, in alphabetical order of its name."""
    return tuple(sorted(_terms(load_content("glossary")), key=lambda t: t.term.casefold()))


def glossary_problems(found: Iterable[Term], lesson_stems: Iterable[str]) -> list[str]:
    """What is wrong with the glossary beyond its schema; [] when it is sound."""
    found = list(found)
    stems = set(lesson_stems)
    keys = [t.key for t in found]
    problems = [f"The key '{key}' is used twice." for key in sorted({k for k in keys if keys.count(k) > 1})]
    for term in found:
        problems += [f"'{term.term}' names a lesson that does not exist: {lesson}."
                     for lesson in term.lessons if lesson not in stems]
        problems += [f"'{term.term}' refers to a term that is not in the glossary: {other}."
                     for other in term.see_also if other not in keys]
    return problems


def terms_of(lesson: str) -> tuple[Term, ...]:
    """The terms a lesson teaches."""
    return tuple(t for t in terms() if lesson in t.lessons)


__all__ = ["Term", "glossary_problems", "terms", "terms_of"]
