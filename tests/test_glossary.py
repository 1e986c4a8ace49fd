"""The glossary bank: its schema (tests/test_content.py checks every bank), sound references, lessons
that exist, the terms the kit promises, and the hub's section. No kernel."""

from __future__ import annotations

from pathlib import Path

from widgets.core.glossary import Term, glossary_problems, terms, terms_of
from widgets.core.lessons import lesson_paths

WORKSHOPS = Path(__file__).resolve().parent.parent / "workshops"
STEMS = {path.stem for path in lesson_paths(WORKSHOPS)}


def test_the_glossary_has_forty_to_sixty_terms_in_alphabetical_order():
    found = terms()
    assert 40 <= len(found) <= 60
    assert [t.term.casefold() for t in found] == sorted(t.term.casefold() for t in found)


def test_every_term_names_lessons_that_exist_and_terms_that_exist():
    assert glossary_problems(terms(), STEMS) == []


def test_the_problems_name_a_missing_lesson_a_missing_term_and_a_repeated_key():
    broken = [Term("a", "A", "defined well enough", ("no-such-lesson",), ("b",)),
              Term("a", "A again", "defined well enough", ("smart-goals",))]
    assert glossary_problems(broken, STEMS) == [
        "The key 'a' is used twice.",
        "'A' names a lesson that does not exist: no-such-lesson.",
        "'A' refers to a term that is not in the glossary: b.",
    ]


def test_the_kits_core_terms_are_there():
    names = " ".join(t.term for t in terms())
    for expected in ("Alignment", "Star Model", "Competing Values Framework", "Clan", "Adhocracy",
                     "Market culture", "Hierarchy culture", "eNPS", "OKR", "Greiner", "Hofstede",
                     "Kendall's W", "kappa", "Psychological safety", "SMART goal"):
        assert expected in names, expected


def test_every_lesson_teaches_at_least_one_term():
    assert {stem for stem in STEMS if not terms_of(stem)} == set()


def test_the_glossary_section_links_lessons_and_related_terms():
    from widgets.glossary import glossary_html

    page = glossary_html({"smart-goals": ("SMART <goals>", "fundamentals/smart-goals.ipynb")})
    assert page.startswith("<section class='aligned-glossary' id='glossary'")
    assert "<dt id='term-smart-goal'>SMART goal</dt>" in page
    assert ("Taught in: <a href='fundamentals/smart-goals.ipynb' target='_blank' rel='noopener'>"
            "SMART &lt;goals&gt;</a>") in page
    assert "See also: <a href='#term-okr'>OKR (objectives and key results)</a>" in page
