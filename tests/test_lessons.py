"""The lesson format checker and the hub built from it."""


import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from widgets.core.lessons import LessonFormatError, catalogue, lesson_problems, parse_lesson
from widgets.hub import WORKSHOPS_DIR, hub_html

HEADER = """# Reading a kite chart

**Level:** Advanced · **Teaching:** 20 min · **Exercises:** 15 min

## Questions
- What does a kite chart show?
- How do I read gaps?
## Objectives
- Interpret a profile.
## Prerequisites
- None.
"""


def lesson(level="advanced", order=3, header=HEADER, instructor=True):
    notebook = new_notebook()
    notebook.metadata["aligned"] = {"level": level, "order": order}
    note = new_markdown_cell("> **Instructor note:** ask pairs first.")
    if instructor:
        note.metadata["tags"] = ["instructor"]
    notebook.cells = [
        new_markdown_cell(header),
        new_code_cell("1 + 1"),
        new_markdown_cell("## Reflection\n- What surprised you?"),
        note,
        new_markdown_cell("## Key points\n- Kites compare."),
    ]
    return notebook


def test_complete_lesson_parses():
    parsed = parse_lesson(lesson(), "advanced/kite.ipynb")
    assert parsed.title == "Reading a kite chart"
    assert (parsed.teaching_minutes, parsed.exercise_minutes, parsed.minutes) == (20, 15, 35)
    assert parsed.questions == ("What does a kite chart show?", "How do I read gaps?")
    assert parsed.objectives == ("Interpret a profile.",)


def test_every_missing_part_is_reported():
    broken = lesson(level="expert", instructor=False, header="# Title only\n")
    broken.cells = [c for c in broken.cells if "Key points" not in c.source]
    problems = lesson_problems(broken)
    assert "Unknown level 'expert'; use one of fundamentals, intermediate, advanced." in problems
    assert "The header does not state '**Teaching:** N min'." in problems
    assert "The header has no '## Questions' list." in problems
    assert "No '## Key points' section." in problems
    assert "No cell is tagged 'instructor' (instructor notes)." in problems
    with pytest.raises(LessonFormatError, match="kite.ipynb"):
        parse_lesson(broken, "advanced/kite.ipynb")


def write(path, notebook):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def test_catalogue_orders_lessons_and_hub_links_them(tmp_path):
    write(tmp_path / "advanced" / "b.ipynb", lesson(order=2, header=HEADER.replace("Reading a kite chart", "Second")))
    write(tmp_path / "advanced" / "a.ipynb", lesson(order=1, header=HEADER.replace("Reading a kite chart", "First")))
    found = catalogue(tmp_path)
    assert [x.title for x in found["advanced"]] == ["First", "Second"]
    assert found["fundamentals"] == [] and found["intermediate"] == []
    page = hub_html(tmp_path)
    assert page.index("href='advanced/a.ipynb'") < page.index("href='advanced/b.ipynb'")
    assert "2 lessons, about 70 minutes." in page
    assert page.count("The lessons of this level are being written.") == 2


def test_lesson_in_the_wrong_folder_is_refused(tmp_path):
    write(tmp_path / "fundamentals" / "x.ipynb", lesson(level="advanced"))
    with pytest.raises(LessonFormatError, match="metadata says level 'advanced'"):
        catalogue(tmp_path)


def test_hub_escapes_titles(tmp_path):
    write(tmp_path / "advanced" / "x.ipynb",
          lesson(header=HEADER.replace("Reading a kite chart", "<script>x</script>")))
    assert "<script>x</script>" not in hub_html(tmp_path)


def test_hub_links_the_live_session_pages(tmp_path):
    page = hub_html(tmp_path)
    assert "href='live/facilitator.ipynb'" in page
    assert "href='live/participant.ipynb'" in page
    assert (WORKSHOPS_DIR / "live" / "facilitator.ipynb").exists()
    assert (WORKSHOPS_DIR / "live" / "participant.ipynb").exists()
