"""The workshop hub: the landing page's list of levels and lessons."""

from __future__ import annotations

import html
from pathlib import Path

from IPython.display import HTML

from widgets.core.lessons import LEVELS, Lesson, catalogue

WORKSHOPS_DIR = Path(__file__).resolve().parent.parent / "workshops"


def _lesson_item(lesson: Lesson) -> str:
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in lesson.questions)
    return (
        "<li class='aligned-lesson'>"
        f"<a href='{html.escape(lesson.path)}'>{html.escape(lesson.title)}</a> "
        f"<span class='aligned-minutes'>({lesson.teaching_minutes} min teaching, "
        f"{lesson.exercise_minutes} min exercises)</span>"
        f"<details><summary>Questions this lesson answers</summary><ul>{questions}</ul></details>"
        "</li>"
    )


def hub_html(workshops_dir: Path = WORKSHOPS_DIR) -> str:
    """The hub as HTML: every level, with its lessons linked relative to the hub notebook."""
    lessons = catalogue(workshops_dir)
    sections = []
    for key, level in LEVELS.items():
        found = lessons[key]
        if found:
            total = sum(lesson.minutes for lesson in found)
            body = (
                f"<p class='aligned-level-total'>{len(found)} "
                f"lesson{'s' if len(found) != 1 else ''}, about {total} minutes.</p>"
                f"<ol>{''.join(_lesson_item(lesson) for lesson in found)}</ol>"
            )
        else:
            body = "<p><em>The lessons of this level are being written.</em></p>"
        sections.append(
            f"<section class='aligned-level' id='level-{key}' aria-labelledby='heading-{key}'>"
            f"<h2 id='heading-{key}'>{html.escape(level.title)}</h2>"
            f"<p>{html.escape(level.summary)}</p>{body}</section>"
        )
    sections.append(
        "<section class='aligned-level' id='live-sessions' aria-labelledby='heading-live'>"
        "<h2 id='heading-live'>Live sessions</h2>"
        "<p>Ask the room to answer the culture assessment, the five-component self-assessment or "
        "a pulse check from their own devices, and show the combined result.</p><ul>"
        "<li><a href='live/facilitator.ipynb'>Facilitator dashboard</a>: create a session and "
        "watch the answers arrive.</li>"
        "<li><a href='../../aligned/join'>Participant page</a>: join a session with its code "
        "(a light page without a kernel of its own, for phones).</li>"
        "</ul></section>"
    )
    return "<nav class='aligned-hub' aria-label='Curriculum'>" + "".join(sections) + "</nav>"


def hub() -> HTML:
    return HTML(hub_html())
