"""Lesson timing: blocks, their minutes and their spoken words, read from the notebook JSON."""

from widgets.core import timing


def md(text, kind=None, minutes=None, instructor=False):
    cell = {"cell_type": "markdown", "metadata": {}, "source": text}
    if kind:
        cell["metadata"]["aligned"] = {"block": kind, "minutes": minutes}
    if instructor:
        cell["metadata"]["tags"] = ["instructor"]
    return cell


def code(text="x = 1"):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}


def lesson(*cells):
    return {"cells": list(cells), "metadata": {}}


def words(n):
    return " ".join(["word"] * n)


def test_spoken_words_skip_markup_links_and_chart_descriptions():
    text = (
        "## A heading\n\n| a | b |\n|---|---|\n| one | two |\n\n[the source](https://x.org/a) - **bold**\n"
        "<details><summary>Text description</summary>many hidden words here</details>"
    )
    # A, heading, a, b, one, two, the, source, bold: not "##", "|", "---", "-", the URL or <details>
    assert timing.spoken_words(text) == 9


def test_blocks_split_at_markers_and_count_learner_words_only():
    book = lesson(
        md("# Title\n" + words(129), "core", 1),
        md("Instructor only " + words(500), instructor=True),
        code(),
        md("## Depth\n" + words(259), "extension", 2),
        md("more " + words(130)),
        md("## Sources\n" + words(400), "reading", 0),
    )
    found = timing.blocks(book)
    assert [(b.cell, b.title, b.kind, b.minutes) for b in found] == [
        (0, "Title", "core", 1), (3, "Depth", "extension", 2), (5, "Sources", "reading", 0)
    ]
    assert [b.words for b in found] == [130, 391, 401]
    assert found[0].notes and "Instructor only" in found[0].notes[0]
    assert timing.minutes_by_kind(book) == {"core": 1, "extension": 2, "reading": 0}
    assert timing.spoken_minutes(book) == 1.0
    assert timing.timing_problems(book) == [
        "Block 'Depth': 391 spoken words need 3.0 minutes at 130 words a minute, but it has 2."
    ]


def test_every_marker_problem_is_reported():
    book = lesson(
        md("# Title"),
        md("## A", "middle", 3),
        md("## B", "core", 0),
        md("## C", "reading", 4),
        md("## D", "core", "five"),
        md("note", "core", 1, instructor=True),
    )
    problems = timing.timing_problems(book)
    assert problems[0].startswith("The first cell does not start a block")
    assert "Cell 1 (A): block 'middle' is not one of core, extension, reading." in problems
    assert "Cell 2 (B): a presented block needs at least 1 minute." in problems
    assert "Cell 3 (C): a reading block is not presented; give it 0 minutes." in problems
    assert "Cell 4 (D): minutes must be a whole number of 0 or more." in problems
    assert "Cell 5 (note): an instructor cell cannot start a block." in problems
