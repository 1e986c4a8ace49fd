"""Self-study: the rule that splits instructor notes into answers and facilitation, the template
step that applies it, the `make study` door, and the self-study minutes. No kernel, no browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from widgets.core.lessons import LEVELS, catalogue, lesson_paths, self_study_minutes
from widgets.core.study import ANSWER, FACILITATION, answers_of, split_note
from widgets.core.timing import READING_WORDS_PER_MINUTE
from widgets.core.timing import self_study_minutes as minutes_of_notebook

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "aligned-study"

NOTE = """### Instructor notes: expected answers for the worked example

- **Gaps:** processes +3, the largest.
- **Weakest link:** processes.

**Questions to ask the room:**
- "Why the lowest score?" (Expected: a large gap is partly ambition.)
- "Which would you fix first?" Either order works if they move together.

**Common misconceptions:**
- *"Alignment means everything at 5."* It means the parts fit.

**Cutting to time.** Skip the second question if the room is slow.
"""


def instructor_notes():
    for path in lesson_paths(WORKSHOPS):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            if "instructor" in cell["metadata"].get("tags", []):
                yield f"{path.stem}[{index}]", "".join(cell["source"])


NOTES = dict(instructor_notes())


# -- the split rule ------------------------------------------------------------------------------

def test_an_answer_heading_makes_its_section_answers_and_facilitation_leads_hide():
    split = split_note(NOTE)
    answers = split.answers
    assert "processes +3" in answers and "**Weakest link:**" in answers
    assert "(Expected: a large gap is partly ambition.)" in answers  # a question with its answer
    assert "Either order works" not in answers  # a question to the room, without an answer
    assert "Questions to ask the room" not in answers
    assert "**Common misconceptions:**" in answers and "It means the parts fit." in answers
    assert "Cutting to time" not in answers and "Cutting to time" in split.facilitation
    assert "Instructor notes" not in answers  # headings name the note; never shown


def test_a_facilitation_heading_hides_its_section_unless_a_part_names_an_answer():
    note = ("### Instructor notes: running the activity\n\n"
            "- **Pairs (8 minutes).** Pair people from the same sector.\n"
            "- **Typical snags:** scarcity rated the wrong way round.\n"
            "- **Expected patterns:** most managers rate technology highest.\n\n"
            "Participants in the Voila view do not see cells tagged `instructor`.\n")
    split = split_note(note)
    assert split.answers == "- **Expected patterns:** most managers rate technology highest."
    assert [p.kind for p in split.parts] == [FACILITATION] * 3 + [ANSWER, FACILITATION]


def test_a_timing_plan_is_all_facilitation():
    note = ("### Instructor notes: timing plan (50 minutes, core 40)\n\n| Block | Minutes |\n|---|---|\n"
            "| Intro | 3 |\n\n**Cutting to time.** The half day teaches the core blocks only.\n")
    assert answers_of(note) == ""


def test_a_note_without_any_lead_is_hidden_not_revealed():
    assert answers_of("Say this slowly, and wait for an answer from the room.") == ""
    assert answers_of("") == ""


def test_list_items_keep_their_continuation_lines_and_nested_lists():
    note = ("**Expected answers:**\n1. Bakery: all five missing.\n   Ask why.\n"
            "2. Café: only R fails.\n   - nested point\n\n**Tone.** Keep it light.\n")
    answers = answers_of(note)
    assert "Ask why." in answers and "- nested point" in answers and "Keep it light" not in answers


@pytest.mark.parametrize("where", sorted(NOTES))
def test_every_lesson_note_splits_into_its_own_text(where):
    note = NOTES[where]
    split = split_note(note)
    # Nothing is invented or lost: every part is a piece of the note, in order.
    position = 0
    for part in split.parts:
        found = note.find(part.text.split("\n")[0], position)
        assert found >= position, part.text[:60]
        position = found
    answers = split.answers
    for facilitation_only in ("Cutting to time", "| Block | Minutes |", "Participants in the Voila view"):
        assert facilitation_only not in answers


def test_the_lessons_notes_hold_answers_for_the_fold_and_facilitation_to_hide():
    assert len(NOTES) >= 100
    with_answers = [where for where, note in NOTES.items() if answers_of(note)]
    assert len(with_answers) >= len(NOTES) // 2
    # Every "expected answers for the worked example" note keeps its numbers for the fold.
    for where, note in NOTES.items():
        if re.search(r"^###.*expected answers", note, re.M | re.I):
            assert answers_of(note), where
        if re.search(r"^###.*timing plan", note, re.M | re.I):
            assert answers_of(note) == "", where


# -- the template step ----------------------------------------------------------------------------

def test_the_study_template_extends_the_trainers_and_names_its_preprocessor():
    conf = json.loads((TEMPLATE / "conf.json").read_text(encoding="utf-8"))
    assert conf["base_template"] == "aligned"
    (step,) = conf["preprocessors"].values()
    assert step == {"type": "widgets.serving.StudyPreprocessor", "enabled": True}
    page = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert "{%- extends 'aligned/index.html.j2' -%}" in page
    assert '<details class="aligned-study-answers">' in page and " open" not in page.split("<details")[1][:40]
    assert "study_links.js" in page and (TEMPLATE / "study_links.js").exists()


def test_the_preprocessor_keeps_only_answers_and_never_touches_other_cells():
    from widgets.serving import StudyPreprocessor

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A lesson"),
        nbformat.v4.new_markdown_cell(NOTE, metadata={"tags": ["instructor"]}),
        nbformat.v4.new_markdown_cell("### Instructor notes: timing plan\n\nCutting.",
                                      metadata={"tags": ["instructor"]}),
        nbformat.v4.new_code_cell("print('kept')"),
    ])
    done, _resources = StudyPreprocessor(enabled=True)(notebook, {})
    assert done.cells[0].source == "# A lesson" and done.cells[3].source == "print('kept')"
    assert done.cells[1].source == answers_of(NOTE) and "Cutting to time" not in done.cells[1].source
    assert done.cells[2].source == ""


def test_make_study_serves_the_same_server_with_the_study_template():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nstudy: install\n", 1)[1].split("\n\n", 1)[0]
    assert "python -m widgets.serving serve workshops/" in target
    assert "--VoilaConfiguration.template=aligned-study" in target


# -- self-study minutes ---------------------------------------------------------------------------

def block(kind: str, minutes: int, source: str, code: bool = False) -> list[dict]:
    cells = [nbformat.v4.new_markdown_cell(source, metadata={"aligned": {"block": kind, "minutes": minutes}})]
    if code:
        cells.append(nbformat.v4.new_code_cell("Activity()"))
    return cells


def test_self_study_minutes_add_reading_the_stated_activity_time_and_the_check():
    words = " ".join(["word"] * (READING_WORDS_PER_MINUTE * 6))  # six minutes of reading
    notebook = {"cells": [
        *block("core", 3, "# Title"),
        *block("core", 50, "## Reading\n\n" + words),
        *block("core", 20, "## Activity: build a goal (about 12 minutes)", code=True),
        *block("extension", 9, "## Worked example", code=True),  # 9 minus about 0 spoken
        nbformat.v4.new_markdown_cell("Expected: 42.", metadata={"tags": ["instructor"]}),
        *block("reading", 0, "## Check your understanding", code=True),
    ]}
    # 6 (reading, a few heading words more) + 12 + 9 - spoken + 8 questions, up to the next 5
    assert minutes_of_notebook(notebook, check_questions=8) == 40
    assert minutes_of_notebook({"cells": block("core", 1, "# Tiny")}) == 5


def test_every_lesson_has_self_study_minutes_near_its_trainers_time():
    found = catalogue(WORKSHOPS)
    for level in LEVELS:
        for lesson in found[level]:
            alone = self_study_minutes(WORKSHOPS, lesson)
            assert alone % 5 == 0 and 20 <= alone <= 2 * lesson.minutes, (lesson.path, alone)
