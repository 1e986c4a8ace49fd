"""A level's agenda (`workshops/<level>/agenda.md`) read as a schedule: the table of blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from widgets.delivery.lesson import WORKSHOPS


@dataclass(frozen=True)
class Block:
    start: str  # "08:40"
    minutes: int | None  # None for the "End" row
    title: str
    lesson: str | None  # "fundamentals/smart-goals.ipynb", or None for welcome, breaks, close
    format: str


@dataclass(frozen=True)
class Agenda:
    level: str
    title: str  # the level's title, and the variant's heading when the file has several
    slug: str  # "fundamentals-half-day", or "fundamentals" for a file with one schedule
    blocks: tuple[Block, ...]


def read(level: str, workshops: Path = WORKSHOPS) -> list[Agenda]:
    """Every schedule in the level's agenda: a table under each `## ... agenda` heading (a
    half-day and a full day), or the one table of the file."""
    text = (workshops / level / "agenda.md").read_text(encoding="utf-8")
    title = re.search(r"^#\s+(.+)$", text, re.M).group(1).strip()
    found = []
    pieces = text.split("| Start |")
    for before, table in zip(pieces, pieces[1:]):
        headings = re.findall(r"^##\s+(.+)$", before, re.M)
        variant = headings[-1].strip() if headings else ""
        name = variant.split(":")[0].removesuffix(" agenda").strip() if variant else ""
        slug = f"{level}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}" if name else level
        found.append(Agenda(level, f"{title}: {variant}" if variant else title, slug, _blocks(level, table)))
    return found


def _blocks(level: str, table: str) -> tuple[Block, ...]:
    blocks = []
    for line in table.split("\n\n", 1)[0].splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5:
            continue
        start, minutes, title_cell, lesson_cell, fmt = cells
        link = re.search(r"\(([^)]+\.ipynb)\)", lesson_cell)
        blocks.append(
            Block(
                start,
                int(minutes) if minutes.isdigit() else None,
                title_cell,
                f"{level}/{link.group(1)}" if link else None,
                fmt,
            )
        )
    return tuple(blocks)
