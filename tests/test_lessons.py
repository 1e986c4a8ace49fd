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
    assert "href='../../aligned/join'" in page  # from /voila/render/index.ipynb: the server's own page
    assert (WORKSHOPS_DIR / "live" / "facilitator.ipynb").exists()
    assert not (WORKSHOPS_DIR / "live" / "participant.ipynb").exists()


# The content fixes of "The trainer's delivery pack": each held by the lesson's own text.

def markdown_of(path: str) -> list[str]:
    notebook = nbformat.read(WORKSHOPS_DIR / path, as_version=4)
    return [c.source for c in notebook.cells if c.cell_type == "markdown"]


def cell_with(path: str, needle: str) -> str:
    (found,) = [text for text in markdown_of(path) if needle in text]
    return found


def test_greiner_was_at_harvard_business_school_in_1972():
    text = cell_with("intermediate/frameworks-and-growth.ipynb", "In 1972 Greiner")
    sentence = text[text.index("In 1972 Greiner"):].split(". ")[0]
    assert "Harvard Business School" in sentence
    assert "a professor at the University of Southern California" not in sentence


def test_the_hotel_figures_cite_simons_hbr_and_the_integrity_dividend():
    text = cell_with("advanced/ethical-alignment.ipynb", "**behavioral integrity**")
    before = text[: text.index("76 hotels")]
    assert "*Harvard Business Review*" in before and "*The Integrity Dividend*" in before
    sources = cell_with("advanced/ethical-alignment.ipynb", "## Sources and further reading")
    assert "The high cost of lost trust. *Harvard Business Review*, 80(9)" in sources
    assert "*The Integrity Dividend: Leading by the Power of Your Word*" in sources


def test_smart_pair_one_counts_cake_and_cupcake_orders_and_gives_the_points_change():
    import pandas as pd

    data = pd.read_csv(WORKSHOPS_DIR.parent / "datasets" / "bakery_operations.csv", parse_dates=["date"])
    summer = data[(data.date >= "2025-06-01") & (data.date <= "2025-08-31")
                  & data["product"].isin(["celebration_cake", "cupcake_box"])]
    baseline = round(100 * summer.large_orders_on_time.sum() / summer.large_orders.sum(), 1)
    points, relative = 95 - baseline, round(100 * (95 - baseline) / baseline)
    text = cell_with("fundamentals/smart-goals.ipynb", "**1. Bakery: large orders on time**")
    assert f"from {baseline}% to 95%" in text
    assert "celebration-cake and cupcake-box orders only" in text
    assert "pooled over all large orders" not in text
    assert f"{points} percentage points" in text and f"relative rise of {relative}%" in text


def test_five_components_spells_smart_as_doran_did():
    text = "\n".join(markdown_of("fundamentals/five-components.ipynb")).lower()
    assert "specific, measurable, assignable, realistic, time-related" in text
    assert "achievable, relevant, time-bound" not in text


def test_culture_archetypes_says_its_preferred_horizon_is_not_the_ocais():
    text = cell_with("advanced/culture-archetypes.ipynb", "That horizon is this kit's choice")
    assert "two to three years" in text and "five years" in text and "OCAI" in text


def test_every_level_summary_names_each_of_its_lessons_topics():
    from widgets.core.lessons import LEVELS

    advanced = LEVELS["advanced"].summary
    for topic in ("culture archetypes", "mental models", "ethics", "cross-border",
                  "digital dynamic alignment", "review rhythm"):
        assert topic in advanced.lower(), topic
