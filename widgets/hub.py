"""The workshop hub: the landing page's list of levels and lessons, the learner's progress on this
machine (`widgets.progress`), their personal action plan (`widgets.plan`), and the glossary
(`widgets.glossary`)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from widgets.completion import certificates
from widgets.core.lessons import LEVELS, Lesson, catalogue, self_study_minutes
from widgets.glossary import glossary_html
from widgets.plan import MyPlan
from widgets.progress import ProgressPanel
from widgets.ui import NEW_TAB

WORKSHOPS_DIR = Path(__file__).resolve().parent.parent / "workshops"
PLAN_ANCHOR = "my-plan"  # the heading of the learner's plan ("Open “My plan”", says every "Add to my plan")


def _lesson_item(lesson: Lesson, alone: int | None) -> str:
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in lesson.questions)
    on_your_own = f"; about {alone} min on your own" if alone else ""
    return (
        "<li class='aligned-lesson'>"
        f"<a href='{html.escape(lesson.path)}' {NEW_TAB}>{html.escape(lesson.title)}</a> "
        f"<span class='aligned-minutes'>({lesson.teaching_minutes} min teaching, "
        f"{lesson.exercise_minutes} min exercises{on_your_own})</span>"
        f"<details><summary>Questions this lesson answers</summary><ul>{questions}</ul></details>"
        "</li>"
    )


def hub_html(workshops_dir: Path = WORKSHOPS_DIR) -> str:
    """The hub as HTML: every level, with its lessons linked relative to the hub notebook, the
    trainer's minutes and the self-study minutes beside them."""
    lessons = catalogue(workshops_dir)
    sections = []
    for key, level in LEVELS.items():
        found = lessons[key]
        if found:
            total = sum(lesson.minutes for lesson in found)
            alone = [self_study_minutes(workshops_dir, lesson) for lesson in found]
            body = (
                f"<p class='aligned-level-total'>{len(found)} "
                f"lesson{'s' if len(found) != 1 else ''}, about {total} minutes. "
                f"On your own: about {sum(alone)} minutes.</p>"
                f"<ol>{''.join(_lesson_item(lesson, m) for lesson, m in zip(found, alone))}</ol>"
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
        f"<li><a href='live/facilitator.ipynb' {NEW_TAB}>Facilitator dashboard</a>: create a session and "
        "watch the answers arrive.</li>"
        f"<li><a href='../../aligned/join' {NEW_TAB}>Participant page</a>: join a session with its code "
        "(a light page without a kernel of its own, for phones).</li>"
        "</ul></section>"
    )
    return "<nav class='aligned-hub' aria-label='Curriculum'>" + "".join(sections) + "</nav>"


def lessons_in_order(workshops_dir: Path = WORKSHOPS_DIR) -> list[tuple[str, str, str]]:
    """(stem, title, link from the hub) of every lesson, in teaching order (level by level)."""
    found = catalogue(workshops_dir)
    return [(Path(lesson.path).stem, lesson.title, lesson.path)
            for level in LEVELS for lesson in found[level]]


def hub(workshops_dir: Path = WORKSHOPS_DIR) -> w.VBox:
    """The hub page's one output: the curriculum, "Your progress", "My plan", and the glossary.
    Progress and plan are read when somebody opens the page, not when a warm kernel runs it."""
    order = lessons_in_order(workshops_dir)
    heading = w.HTML("<h2 id='aligned-progress'>Your progress</h2>")
    panel = ProgressPanel(order)
    page = w.VBox([
        w.HTML(hub_html(workshops_dir)),
        heading,
        panel,
        certificates(workshops_dir, follow=panel),  # each level's self-assessment and certificate
        w.HTML(f"<h2 id='{PLAN_ANCHOR}'>My plan</h2>"),
        MyPlan(),
        w.HTML(glossary_html({stem: (title, link) for stem, title, link in order})),
    ])
    page.add_class("aligned-hub-page")
    return page
