"""One reveal.js deck per lesson, derived from the notebook: no slide metadata to keep by hand.

How cells become slides:

- the header cell is the title slide (title, level and minutes, questions, objectives);
- every `##` or `###` heading starts a slide; a section longer than `WORDS_PER_SLIDE` spoken
  words continues on the next slide ("continued"), split between paragraphs, lists or tables;
- an `instructor` cell becomes the speaker notes of the slide it follows (reveal's presenter
  view, key S);
- code cells are not shown (as in Voila): a slide whose section runs code says so, and a
  section that holds an activity gets a slide that opens the live activity in the workshop
  (Voila, `make workshop`), where it runs with its kernel.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from widgets.delivery import reveal
from widgets.delivery.lesson import LessonNotebook, html, inline_html, lessons
from widgets.templating import render

WORDS_PER_SLIDE = 120
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_LIVE_URL = "http://127.0.0.1:8866"
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")


@dataclass
class Slide:
    title: str
    kicker: str = ""  # the `##` section a `###` slide belongs to
    blocks: list[Markup] = field(default_factory=list)
    notes: list[Markup] = field(default_factory=list)
    words: int = 0
    continued: bool = False
    runs_code: bool = False
    activity: str | None = None
    kind: str = "content"  # "title", "content" or "activity"
    items: dict[str, list[Markup]] = field(default_factory=dict)  # the title slide's lists


def blocks(markdown: str) -> list[str]:
    """Top-level Markdown blocks: split at blank lines, never inside a fenced block, and an
    indented block stays with the one before it (a list item's second paragraph)."""
    found: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append(current)
                current = []
            continue
        if not current and found and line.startswith(("  ", "\t")) and not fenced:
            current = found.pop() + [""]
        current.append(line)
    if current:
        found.append(current)
    return ["\n".join(block) for block in found]


def spoken_words(block: str) -> int:
    text = re.sub(r"[|*_`#>\[\]()-]+", " ", block)
    return len(text.split())


def lesson_slides(notebook: LessonNotebook, words_per_slide: int = WORDS_PER_SLIDE) -> list[Slide]:
    lesson = notebook.lesson
    title = Slide(lesson.title, kind="title")
    title.items = {
        "Questions": [inline_html(item) for item in lesson.questions],
        "Objectives": [inline_html(item) for item in lesson.objectives],
    }
    slides = [title]
    section = ""

    def start(heading: str, kicker: str = "", continued: bool = False) -> Slide:
        slide = Slide(heading, kicker=kicker, continued=continued)
        slides.append(slide)
        return slide

    current = title
    for cell in notebook.cells:
        if cell.kind == "instructor":
            current.notes.append(html(cell.text))
        elif cell.kind == "code":
            if cell.activity:
                current = Slide(current.title, kicker=current.kicker, kind="activity", activity=cell.activity)
                slides.append(current)
            elif not current.runs_code and current.kind == "content":
                current.runs_code = True
        else:
            for block in blocks(cell.text):
                first, _, rest = block.partition("\n")
                heading = HEADING.match(first)
                if heading:
                    if len(heading.group(1)) == 2:
                        section = heading.group(2)
                        current = start(section)
                    else:
                        current = start(heading.group(2), kicker=section)
                    if not rest.strip():
                        continue
                    block = rest
                words = spoken_words(block)
                if current.kind != "content" or (current.blocks and current.words + words > words_per_slide):
                    current = start(current.title, kicker=current.kicker, continued=True)
                current.blocks.append(html(block))
                current.words += words
    return slides


def notes_text(slides: list[Slide]) -> list[str]:
    return [str(note) for slide in slides for note in slide.notes]


def build_deck(notebook: LessonNotebook, out: Path, live_url: str = DEFAULT_LIVE_URL) -> Path:
    """Write `out/<level>/<lesson>.html`; the reveal.js files are expected in `out/reveal/`."""
    slides = lesson_slides(notebook)
    path = out / notebook.lesson.level / f"{notebook.slug}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        render(
            "slides.html.j2",
            title=notebook.lesson.title,
            meta=notebook.meta_line,
            slides=slides,
            assets="../reveal",
            live_page=f"{live_url.rstrip('/')}/voila/render/{notebook.lesson.path}",
        ),
        encoding="utf-8",
    )
    return path


def build(out: Path, cache: Path, live_url: str = DEFAULT_LIVE_URL, only: list[str] | None = None) -> list[Path]:
    """Every lesson's deck (or those whose file stem is in `only`), reveal.js and an index."""
    out.mkdir(parents=True, exist_ok=True)
    reveal.install(out / "reveal", cache)
    shutil.copyfile(TEMPLATES / "slides.css", out / "reveal" / "aligned-slides.css")
    chosen = [nb for nb in lessons() if only is None or nb.slug in only]
    decks = [build_deck(notebook, out, live_url) for notebook in chosen]
    levels: dict[str, list[tuple[str, str, int]]] = {}
    for notebook, deck in zip(chosen, decks):
        levels.setdefault(notebook.lesson.level, []).append(
            (notebook.lesson.title, deck.relative_to(out).as_posix(), len(lesson_slides(notebook)))
        )
    index = out / "index.html"
    index.write_text(render("slides_index.html.j2", levels=levels, reveal_version=reveal.VERSION), encoding="utf-8")
    return [index, *decks]


__all__ = ["Slide", "blocks", "build", "build_deck", "lesson_slides", "notes_text"]
