"""A lesson notebook read for delivery: its header, its sections and its instructor notes.

Markdown is rendered with mistune (nbconvert's renderer, so the slides read as JupyterLab shows
the lesson). The lesson text is the kit's own, trusted like the notebooks Voila renders.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import mistune
from markupsafe import Markup

from widgets.core.lessons import INSTRUCTOR_TAG, Lesson, parse_lesson

ROOT = Path(__file__).resolve().parent.parent.parent
WORKSHOPS = ROOT / "workshops"
# A code cell that is nothing but an activity, e.g. `SmartGoalBuilder()`.
ACTIVITY_CALL = re.compile(r"^\s*([A-Z][A-Za-z]+)\(\)\s*$")


@cache
def _markdown():
    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])


def html(text: str) -> Markup:
    """Markdown of the kit's lessons and banks as HTML (the lessons are trusted, as in Voila)."""
    return Markup(_markdown()(text))


def inline_html(text: str) -> Markup:
    """One line of Markdown without its paragraph: for list items and table cells."""
    rendered = str(_markdown()(text)).strip()
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown", "instructor" or "code"
    text: str
    activity: str | None = None  # the activity class a code cell shows, if that is all it does


@dataclass(frozen=True)
class LessonNotebook:
    lesson: Lesson
    header: str
    cells: tuple[Cell, ...]  # after the header
    path: Path = field(compare=False)

    @property
    def slug(self) -> str:
        return Path(self.lesson.path).stem

    @property
    def meta_line(self) -> str:
        match = re.search(r"^\*\*Level:\*\*.*$", self.header, re.M)
        return re.sub(r"\*\*", "", match.group(0)) if match else ""

    def section(self, heading: str) -> str:
        """The Markdown of the `## heading` section (up to the next `##`), without its heading."""
        for cell in self.cells:
            if cell.kind != "markdown":
                continue
            match = re.search(rf"^##\s+{re.escape(heading)}[^\n]*\n(.*?)(?=^##\s|\Z)", cell.text, re.M | re.S)
            if match:
                return match.group(1).strip()
        raise KeyError(f"{self.lesson.path} has no '## {heading}' section")

    def section_with_cells(self, heading: str) -> list[Cell]:
        """Every cell from the one that opens `## heading` to the next `##` heading."""
        found: list[Cell] = []
        for cell in self.cells:
            opens = cell.kind == "markdown" and re.match(r"##\s", cell.text.lstrip())
            if found and opens:
                break
            if found or (opens and cell.text.lstrip()[2:].strip().startswith(heading)):
                found.append(cell)
        return found

    def key_points(self) -> list[str]:
        return bullet_items(self.section("Key points"))

    def instructor_notes(self) -> list[str]:
        return [cell.text for cell in self.cells if cell.kind == "instructor"]

    def activities(self) -> list[str]:
        return [cell.activity for cell in self.cells if cell.activity]


def bullet_items(markdown: str) -> list[str]:
    """The top-level `-` items of a Markdown list, each joined onto one line."""
    items: list[str] = []
    for line in markdown.splitlines():
        if re.match(r"^[-*]\s+", line):
            items.append(line[2:].strip())
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1] += " " + line.strip()
    return items


def read(path: Path) -> LessonNotebook:
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    lesson = parse_lesson(notebook, Path(path).resolve().relative_to(WORKSHOPS).as_posix())
    cells = []
    for cell in notebook["cells"][1:]:
        text = source(cell)
        if cell.get("cell_type") == "code":
            match = ACTIVITY_CALL.match(text.strip().splitlines()[-1] if text.strip() else "")
            cells.append(Cell("code", text, match.group(1) if match else None))
        elif INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            cells.append(Cell("instructor", text))
        elif cell.get("cell_type") == "markdown":
            cells.append(Cell("markdown", text))
    return LessonNotebook(lesson, source(notebook["cells"][0]), tuple(cells), Path(path))


def lessons(workshops: Path = WORKSHOPS) -> list[LessonNotebook]:
    """Every lesson, by level (the catalogue's order of levels), then in teaching order."""
    from widgets.core.lessons import catalogue

    found = catalogue(workshops)
    return [read(workshops / lesson.path) for level in found.values() for lesson in level]
