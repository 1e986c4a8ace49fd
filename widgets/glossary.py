"""The glossary as HTML: one section the hub shows (id "glossary", the target of the self-study
pages' "Glossary" link), each term with its definition, its related terms and links to the lessons
that teach it. The terms are `widgets.core.glossary` (the bank `content/glossary.yaml`)."""

from __future__ import annotations

import html
from collections.abc import Mapping

from widgets.core import glossary
from widgets.ui import NEW_TAB


def glossary_html(lessons: Mapping[str, tuple[str, str]]) -> str:
    """The glossary section; `lessons` maps a lesson's stem to its (title, link from the hub)."""
    names = {t.key: t.term for t in glossary.terms()}
    entries = []
    for term in glossary.terms():
        taught = ", ".join(
            f"<a href='{html.escape(lessons[stem][1])}' {NEW_TAB}>{html.escape(lessons[stem][0])}</a>"
            for stem in term.lessons if stem in lessons
        )
        related = ", ".join(
            f"<a href='#term-{html.escape(other)}'>{html.escape(names[other])}</a>"
            for other in term.see_also if other in names
        )
        entries.append(
            f"<dt id='term-{html.escape(term.key)}'>{html.escape(term.term)}</dt>"
            f"<dd><p>{html.escape(term.definition)}</p>"
            + (f"<p class='aligned-glossary-lessons'>Taught in: {taught}</p>" if taught else "")
            + (f"<p class='aligned-glossary-related'>See also: {related}</p>" if related else "")
            + "</dd>"
        )
    return (
        "<section class='aligned-glossary' id='glossary' aria-labelledby='heading-glossary'>"
        "<h2 id='heading-glossary'>Glossary</h2>"
        f"<p>{len(entries)} terms of the kit, in our own words, with the lessons that teach them.</p>"
        f"<dl>{''.join(entries)}</dl></section>"
    )
