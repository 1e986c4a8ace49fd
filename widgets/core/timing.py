"""Lesson timing: a lesson's blocks, their minutes, and how long their text takes to say.

A lesson notebook is cut into **blocks**. A block starts at a cell whose metadata holds

    {"aligned": {"block": "core" | "extension" | "reading", "minutes": N}}

and runs up to the next such cell; the first cell (the lesson header) always starts one.

- ``core``: taught in every version of the lesson (the half day keeps only these);
- ``extension``: depth a trainer adds when there is time (the full day keeps these too);
- ``reading``: never presented (sources, further reading); ``minutes`` is 0.

``minutes`` is the time the lesson gives the block: the talk plus any activity or debrief in
it. The **spoken words** of a block are the words of its Markdown cells that learners see
(cells tagged ``instructor`` and code cells are not spoken; neither are the collapsed text
descriptions of charts in ``<details>``); at ``WORDS_PER_MINUTE`` (130) they give the block's
``spoken_minutes``, which its ``minutes`` must cover. Pure functions of the notebook's JSON:
no kernel, no nbformat needed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WORDS_PER_MINUTE = 130
KINDS = ("core", "extension", "reading")
INSTRUCTOR_TAG = "instructor"


@dataclass(frozen=True)
class Block:
    cell: int  # index of the cell that starts the block
    title: str  # the block's first heading (or first line), without the leading #
    kind: str  # "core", "extension" or "reading"
    minutes: int  # minutes the lesson gives it: talk plus activity
    words: int  # spoken words: learner-visible Markdown
    notes: tuple[str, ...]  # the text of its instructor cells, in order

    @property
    def spoken_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_instructor(cell: Mapping) -> bool:
    return INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", [])


def spoken_words(markdown: str) -> int:
    """Words a presenter would say for this Markdown: no HTML, URLs, chart descriptions."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"https?://\S+", " ", text)
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


def _title(source: str) -> str:
    heading = re.search(r"^#{1,6}\s+(.+)$", source, re.M)
    line = heading.group(1) if heading else (source.strip().splitlines() or [""])[0]
    return line.strip().strip("*").strip()


def _marker(cell: Mapping):
    meta = cell.get("metadata", {}).get("aligned")
    return meta if isinstance(meta, Mapping) and "block" in meta else None


def timing_problems(notebook: Mapping) -> list[str]:
    """Everything wrong with a lesson's block metadata; [] when the blocks are usable."""
    cells = notebook.get("cells", [])
    if not cells:
        return ["The notebook has no cells."]
    problems = []
    if _marker(cells[0]) is None:
        problems.append('The first cell does not start a block ("aligned": {"block": ..., "minutes": ...}).')
    for index, cell in enumerate(cells):
        meta = _marker(cell)
        if meta is None:
            continue
        where = f"Cell {index} ({_title(_source(cell))[:40]})"
        if _is_instructor(cell):
            problems.append(f"{where}: an instructor cell cannot start a block.")
        if meta.get("block") not in KINDS:
            problems.append(f"{where}: block {meta.get('block')!r} is not one of {', '.join(KINDS)}.")
        minutes = meta.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            problems.append(f"{where}: minutes must be a whole number of 0 or more.")
        elif meta.get("block") == "reading" and minutes:
            problems.append(f"{where}: a reading block is not presented; give it 0 minutes.")
        elif meta.get("block") in ("core", "extension") and minutes == 0:
            problems.append(f"{where}: a presented block needs at least 1 minute.")
    if problems:
        return problems
    for block in blocks(notebook):
        if block.kind != "reading" and block.minutes < block.spoken_minutes:
            problems.append(
                f"Block '{block.title}': {block.words} spoken words need "
                f"{block.spoken_minutes:.1f} minutes at {WORDS_PER_MINUTE} words a minute, "
                f"but it has {block.minutes}."
            )
    return problems


def blocks(notebook: Mapping) -> list[Block]:
    """The lesson's blocks in order. Cells before the first marker join the first block."""
    found: list[dict] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        meta = _marker(cell)
        source = _source(cell)
        if meta is not None or not found:
            meta = meta or {}
            found.append(
                {
                    "cell": index,
                    "title": _title(source),
                    "kind": meta.get("block", "core"),
                    "minutes": meta.get("minutes", 0),
                    "words": 0,
                    "notes": [],
                }
            )
        current = found[-1]
        if cell.get("cell_type") != "markdown":
            continue
        if _is_instructor(cell):
            current["notes"].append(source)
        else:
            current["words"] += spoken_words(source)
    return [Block(**{**b, "notes": tuple(b["notes"])}) for b in found]


def minutes_by_kind(notebook_or_blocks: Mapping | Sequence[Block]) -> dict[str, int]:
    """Total minutes per kind, e.g. {"core": 40, "extension": 25, "reading": 0}."""
    found = blocks(notebook_or_blocks) if isinstance(notebook_or_blocks, Mapping) else notebook_or_blocks
    totals = dict.fromkeys(KINDS, 0)
    for block in found:
        totals[block.kind] += block.minutes
    return totals


def spoken_minutes(notebook: Mapping, kinds: Sequence[str] = ("core",)) -> float:
    """How long the learner text of the chosen kinds of block takes to say."""
    return sum(b.spoken_minutes for b in blocks(notebook) if b.kind in kinds)


# -- self-study time ----------------------------------------------------------------------------

READING_WORDS_PER_MINUTE = 200  # reading alone, silently: faster than a trainer speaks
ACTIVITY_TITLE = re.compile(r"\(about (\d+) minutes?\b", re.I)


def self_study_minutes(notebook: Mapping, check_questions: int = 0) -> int:
    """About how long the lesson takes alone: reading plus doing, rounded up to 5 minutes.

    - **Reading**: every word a learner sees in Markdown (every block, reading blocks too, but
      not instructor cells or chart descriptions) at `READING_WORDS_PER_MINUTE`.
    - **Doing**: each block with a code cell (an activity, a worksheet, a worked example) gives
      the time its title states, "(about N minutes)"; without one, the block's own minutes less
      the time its text takes to say (what the trainer gives the activity and its debrief).
    - **The knowledge check**: a minute a question (`check_questions`, from its bank).
    """
    cells = notebook.get("cells", [])
    words = sum(spoken_words(_source(c)) for c in cells
                if c.get("cell_type") == "markdown" and not _is_instructor(c))
    starts = [b.cell for b in blocks(notebook)] + [len(cells)]
    doing = 0.0
    for block, start, end in zip(blocks(notebook), starts, starts[1:]):
        if not any(c.get("cell_type") == "code" for c in cells[start:end]):
            continue
        stated = ACTIVITY_TITLE.search(block.title)
        if stated:
            doing += int(stated.group(1))
        else:
            doing += max(0.0, block.minutes - block.spoken_minutes)
    total = words / READING_WORDS_PER_MINUTE + doing + check_questions
    return max(5, -(-int(total + 0.999) // 5) * 5)
