"""Every workshop notebook executes, is committed without outputs, and follows the lesson format."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from widgets.core.lessons import catalogue, lesson_paths, lesson_problems

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
NOTEBOOKS = sorted(p for p in WORKSHOPS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
COMMITTED = sorted(
    p
    for folder in ("workshops", "exercises", "solutions")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_there_are_notebooks():
    assert (WORKSHOPS / "index.ipynb") in NOTEBOOKS
    assert (WORKSHOPS / "advanced" / "culture-archetypes.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", lesson_paths(WORKSHOPS), ids=lambda p: str(p.relative_to(WORKSHOPS)))
def test_lesson_follows_the_lesson_format(path):
    assert lesson_problems(json.loads(path.read_text())) == []


def test_catalogue_lists_the_culture_lesson():
    lessons = catalogue(WORKSHOPS)
    assert set(lessons) == {"fundamentals", "intermediate", "advanced"}
    paths = [lesson.path for lesson in lessons["advanced"]]
    assert "advanced/culture-archetypes.ipynb" in paths


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(WORKSHOPS)))
def test_notebook_executes_without_error(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
        or (output.output_type == "stream" and output.get("name") == "stderr" and "Traceback" in output.text)
    ]
    assert errors == []
