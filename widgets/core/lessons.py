"""The curriculum catalogue: lessons found on disk and checked against the lesson format.

A lesson is a notebook under `workshops/<level>/` whose notebook metadata holds
`{"aligned": {"level": ..., "order": ...}}` and whose first cell is a Markdown header:

    # Title
    **Level:** Advanced · **Teaching:** 35 min · **Exercises:** 30 min
    ## Questions
    - ...
    ## Objectives
    - ...
    ## Prerequisites
    - ...

The header is what a reader sees in JupyterLab, so it is the single source for the hub.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Level:
    key: str
    title: str
    summary: str


LEVELS = {
    "fundamentals": Level(
        "fundamentals",
        "Fundamentals",
        "What alignment is, shared purpose and values, communication and trust, SMART "
        "goals, and the five components of dynamic alignment. A half day on the lessons' "
        "core, or a full day.",
    ),
    "intermediate": Level(
        "intermediate",
        "Intermediate",
        "Culture as a measurable asset, cultural traits, measurement, automation, "
        "implementation frameworks, growth phases and the metrics that track alignment.",
    ),
    "advanced": Level(
        "advanced",
        "Advanced",
        "Culture archetypes, shared mental models, evidence and ethics, cross-border "
        "alignment, digital dynamic alignment, and dynamic alignment over time: contingency, "
        "agility and the review rhythm that keeps the fit.",
    ),
}

INSTRUCTOR_TAG = "instructor"
REQUIRED_SECTIONS = ("Questions", "Objectives", "Prerequisites")


@dataclass(frozen=True)
class Lesson:
    path: str  # relative to the workshops folder, with forward slashes
    level: str
    order: int
    title: str
    teaching_minutes: int
    exercise_minutes: int
    questions: tuple[str, ...]
    objectives: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes


class LessonFormatError(ValueError):
    """A notebook that does not follow the lesson format; the message lists every problem."""


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _section_items(header: str, name: str) -> tuple[str, ...]:
    match = re.search(rf"^##\s+{name}\s*$(.*?)(?=^##\s|\Z)", header, re.M | re.S)
    if not match:
        return ()
    return tuple(
        item.strip() for item in re.findall(r"^\s*[-*]\s+(.+)$", match.group(1), re.M)
    )


def _minutes(header: str, label: str) -> int | None:
    match = re.search(rf"\*\*{label}:\*\*\s*(\d+)\s*min", header)
    return int(match.group(1)) if match else None


def lesson_problems(notebook: Mapping) -> list[str]:
    """Everything that keeps a notebook from being a complete lesson."""
    problems = []
    meta = notebook.get("metadata", {}).get("aligned")
    if not isinstance(meta, Mapping):
        problems.append('Notebook metadata has no "aligned" entry with level and order.')
    else:
        if meta.get("level") not in LEVELS:
            problems.append(f"Unknown level {meta.get('level')!r}; use one of {', '.join(LEVELS)}.")
        if not isinstance(meta.get("order"), int):
            problems.append('"aligned.order" must be an integer.')
    cells = notebook.get("cells", [])
    if not cells or cells[0].get("cell_type") != "markdown":
        return problems + ["The first cell must be the Markdown lesson header."]
    header = _source(cells[0])
    if not re.search(r"^#\s+\S", header, re.M):
        problems.append("The header has no '# Title' line.")
    for label in ("Teaching", "Exercises"):
        if _minutes(header, label) is None:
            problems.append(f"The header does not state '**{label}:** N min'.")
    for name in REQUIRED_SECTIONS:
        if not _section_items(header, name):
            problems.append(f"The header has no '## {name}' list.")
    markdown = [_source(c) for c in cells if c.get("cell_type") == "markdown"]
    for heading in ("Reflection", "Key points"):
        if not any(re.search(rf"^##\s+{heading}\b", text, re.M) for text in markdown):
            problems.append(f"No '## {heading}' section.")
    if not any(INSTRUCTOR_TAG in c.get("metadata", {}).get("tags", []) for c in cells):
        problems.append(f"No cell is tagged '{INSTRUCTOR_TAG}' (instructor notes).")
    if not any(c.get("cell_type") == "code" for c in cells):
        problems.append("No code cell: a lesson needs a worked example or an activity.")
    return problems


def parse_lesson(notebook: Mapping, path: str) -> Lesson:
    problems = lesson_problems(notebook)
    if problems:
        raise LessonFormatError(f"{path}:\n- " + "\n- ".join(problems))
    header = _source(notebook["cells"][0])
    meta = notebook["metadata"]["aligned"]
    return Lesson(
        path=path,
        level=meta["level"],
        order=meta["order"],
        title=re.search(r"^#\s+(.+)$", header, re.M).group(1).strip(),
        teaching_minutes=_minutes(header, "Teaching"),
        exercise_minutes=_minutes(header, "Exercises"),
        questions=_section_items(header, "Questions"),
        objectives=_section_items(header, "Objectives"),
    )


def lesson_paths(workshops_dir: Path) -> list[Path]:
    """Every lesson notebook: those inside a level folder."""
    return sorted(
        path
        for level in LEVELS
        for path in (workshops_dir / level).glob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    )


def catalogue(workshops_dir: Path) -> dict[str, list[Lesson]]:
    """Lessons by level, in teaching order. Raises LessonFormatError for a broken lesson."""
    found: dict[str, list[Lesson]] = {level: [] for level in LEVELS}
    for path in lesson_paths(workshops_dir):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        lesson = parse_lesson(notebook, path.relative_to(workshops_dir).as_posix())
        if lesson.level != path.parent.name:
            raise LessonFormatError(
                f"{lesson.path}: metadata says level {lesson.level!r} but the file is in "
                f"{path.parent.name}/."
            )
        found[lesson.level].append(lesson)
    for lessons in found.values():
        lessons.sort(key=lambda lesson: (lesson.order, lesson.path))
    return found


def self_study_minutes(workshops_dir: Path, lesson: Lesson) -> int:
    """About how long `lesson` takes a learner alone (`core.timing.self_study_minutes`: reading at
    200 words a minute, the activities, a minute a knowledge-check question)."""
    from widgets.core import knowledge, timing

    notebook = json.loads((workshops_dir / lesson.path).read_text(encoding="utf-8"))
    stem = Path(lesson.path).stem
    questions = len(knowledge.load_bank(stem).questions) if knowledge.has_bank(stem) else 0
    return timing.self_study_minutes(notebook, questions)
