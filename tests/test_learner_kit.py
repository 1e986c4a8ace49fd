"""The learner kit (widgets/delivery/learner_kit.py): what learners may receive holds the lessons,
the exercises, the data and the package, and nothing that gives an answer away."""

from __future__ import annotations

import json
import zipfile

import pytest

from widgets.delivery import learner_kit
from widgets.delivery.lesson import ROOT


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit") / "learner-kit"
    folder, archive = learner_kit.build(out)
    return folder, archive


def test_the_kit_holds_lessons_exercises_data_and_the_package_but_no_solutions(kit):
    folder, _ = kit
    names = {path.name for path in folder.iterdir()}
    assert {"workshops", "exercises", "datasets", "widgets", "README.md", "pyproject.toml"} <= names
    assert not {"solutions", "grading", "tests", "benchmarks", ".git"} & names
    lessons = sorted(p.relative_to(ROOT / "workshops") for p in (ROOT / "workshops").rglob("*.ipynb"))
    assert sorted(p.relative_to(folder / "workshops") for p in (folder / "workshops").rglob("*.ipynb")) == lessons
    assert sorted(p.name for p in (folder / "exercises").rglob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "exercises").rglob("*.ipynb"))
    assert not (folder / "widgets" / "delivery").exists()  # the trainer's build tools stay home


def test_no_instructor_note_solution_hidden_test_or_mark_scheme_is_in_it(kit):
    folder, _ = kit
    secrets = learner_kit.secrets_of(ROOT / "solutions")
    assert len(secrets) > 20  # the scan knows what to look for
    assert learner_kit.scan(folder, secrets) == []
    for path in (folder / "workshops").rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            assert "instructor" not in cell.get("metadata", {}).get("tags", []), path


def test_the_zip_holds_the_same_files(kit):
    folder, archive = kit
    with zipfile.ZipFile(archive) as handle:
        inside = {name.split("/", 1)[1] for name in handle.namelist()}
    assert inside == {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_scan_finds_a_planted_answer_a_marker_and_an_instructor_cell(tmp_path):
    secrets = learner_kit.secrets_of(ROOT / "solutions")
    secret = sorted(secrets)[0]
    (tmp_path / "notes.md").write_text(f"Try this:\n{secret}\n")
    (tmp_path / "copy.py").write_text("### BEGIN HIDDEN TESTS\nassert True\n")
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["instructor"]}, "source": "x"}]}
    (tmp_path / "lesson.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "solutions").mkdir()
    found = {(leak.path, leak.what.split(":")[0]) for leak in learner_kit.scan(tmp_path, secrets)}
    assert ("notes.md", "a line of a solution or hidden test") in found
    assert ("copy.py", "the marker ### BEGIN HIDDEN TESTS") in found
    assert ("lesson.ipynb", "a cell tagged instructor") in found
    assert ("solutions", "a folder learners must not get") in found
