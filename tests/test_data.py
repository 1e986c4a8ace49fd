"""The data package: reproducible, documented, valid, and loaded without surprises."""

import csv
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from widgets import data
from widgets.data import DataFileError, UnknownDatasetError

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
PACKAGE = json.loads((DATASETS / "datapackage.json").read_text())
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
EXPECTED = [
    "bakery_operations",
    "coffee_shops",
    "engagement_survey",
    "hr_headcount",
    "kpis",
    "culture_assessments",
    "digital_alignment",
    "country_culture",
]


def load_generator():
    spec = importlib.util.spec_from_file_location("aligned_generate", DATASETS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the data folder that a test may break."""
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy, ignore=shutil.ignore_patterns("*.py", "stories", "__pycache__"))
    monkeypatch.setenv("ALIGNED_DATA_DIR", str(copy))
    return copy


def rewrite(path: Path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text())))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())


def set_cell(path: Path, data_row: int, column: str, value: str) -> None:
    def edit(rows):
        rows[data_row + 1][rows[0].index(column)] = value

    rewrite(path, edit)


def test_available_lists_every_data_set_in_order():
    assert data.available() == EXPECTED


def test_regenerating_reproduces_every_committed_file_byte_for_byte(tmp_path):
    generator = load_generator()
    written = generator.write_all(tmp_path)
    assert {p.name for p in written} == {f"{n}.csv" for n in EXPECTED} | {"datapackage.json"}
    for path in written:
        assert path.read_bytes() == (DATASETS / path.name).read_bytes(), path.name


def test_generation_ignores_global_random_state():
    generator = load_generator()
    np.random.seed(1)
    first = generator.build_all()
    np.random.seed(2)
    np.random.random(100)
    assert generator.build_all() == first


def test_stories_use_only_their_own_generator():
    for path in (DATASETS / "stories").glob("*.py"):
        source = path.read_text()
        for forbidden in ("np.random.seed", "np.random.rand", "np.random.normal", "import random", "default_rng()"):
            assert forbidden not in source, f"{path.name} uses {forbidden}"


def test_check_mode_reports_an_edited_file(data_copy):
    generator = load_generator()
    assert generator.differences(data_copy) == []
    set_cell(data_copy / "kpis.csv", 0, "value", "0")
    assert generator.differences(data_copy) == ["kpis.csv"]


def test_frictionless_validates_the_package():
    from frictionless import validate

    report = validate(str(DATASETS / "datapackage.json"))
    assert len(report.tasks) == len(EXPECTED)
    errors = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, errors[:5]


def test_frictionless_catches_a_broken_copy(data_copy):
    from frictionless import validate

    set_cell(data_copy / "engagement_survey.csv", 3, "enps", "11")
    report = validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    broken = [task.name for task in report.tasks if not task.valid]
    assert broken == ["engagement_survey"]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_resource_is_documented_sourced_and_licensed(name):
    resource = RESOURCES[name]
    assert resource["path"] == f"{name}.csv" and resource["title"] and resource["description"]
    assert resource["sources"] and resource["licenses"]
    fields = resource["schema"]["fields"]
    assert fields and all(field.get("description") for field in fields)
    assert resource["schema"].get("primaryKey")
    readme = (DATASETS / "README.md").read_text()
    assert f"## {name}.csv" in readme
    section = readme.split(f"## {name}.csv", 1)[1].split("\n## ", 1)[0]
    for field in fields:
        row = re.compile(rf"^\|\s*`?{re.escape(field['name'])}`?\s*\|", re.M)
        assert row.search(section), f"{name}: column {field['name']} is not in the data dictionary"
    assert "seed" in section.lower() or resource.get("sources")
    licence = resource["licenses"][0]["name"]
    assert (licence == "CC-BY-4.0") == (name != "country_culture")


DTYPES = {"integer": "Int64", "number": "float64", "date": "datetime64[ns]", "boolean": "boolean"}


@pytest.mark.parametrize("name", EXPECTED)
def test_load_returns_typed_validated_frames_small_enough_to_chart(name):
    frame = data.load(name)
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert 0 < len(frame) <= 5000
    for field in fields:
        dtype = str(frame[field["name"]].dtype)
        if field["type"] == "string":
            expected = "category" if field.get("constraints", {}).get("enum") else "string"
        else:
            expected = DTYPES[field["type"]]
        assert dtype == expected, f"{name}.{field['name']}: {dtype}"


def test_load_returns_a_fresh_copy_each_time():
    first = data.load("kpis")
    first.loc[:, "value"] = -1
    assert (data.load("kpis")["value"] != -1).any()


def test_load_works_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load("coffee_shops")) > 0
    # nbgrader runs a submission in submitted/<student>/<assignment>/
    folder = tmp_path / "submitted" / "alice" / "fundamentals"
    folder.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-c", "from widgets.data import load; print(len(load('hr_headcount')))"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) == len(data.load("hr_headcount"))


def test_unknown_name_lists_the_names_and_suggests_one():
    with pytest.raises(UnknownDatasetError) as error:
        data.load("bakery_operation")
    message = str(error.value)
    assert "Did you mean 'bakery_operations'?" in message
    for name in EXPECTED:
        assert name in message
    assert isinstance(error.value, KeyError)


def first_field(name, predicate):
    return next(f for f in RESOURCES[name]["schema"]["fields"] if predicate(f))


def has_minimum(field):
    return field["type"] == "integer" and "minimum" in field.get("constraints", {})


def test_value_below_minimum_names_file_column_and_row(data_copy):
    field = first_field("bakery_operations", has_minimum)
    set_cell(data_copy / "bakery_operations.csv", 16, field["name"], "-3")
    with pytest.raises(DataFileError) as error:
        data.load("bakery_operations")
    message = str(error.value)
    assert message.startswith(f"bakery_operations.csv, column '{field['name']}', row 18:")
    assert f"below the minimum {field['constraints']['minimum']}" in message
    assert "'-3'" in message
    assert error.value.__cause__ is None and error.value.__suppress_context__ is False
    # IPython shows the message without a traceback
    assert error.value._render_traceback_() == [f"DataFileError: {message}"]


def test_text_in_a_number_column(data_copy):
    field = first_field("coffee_shops", lambda f: f["type"] == "number")
    set_cell(data_copy / "coffee_shops.csv", 4, field["name"], "four point two")
    with pytest.raises(DataFileError, match=rf"coffee_shops.csv, column '{field['name']}', row 6: expected a number"):
        data.load("coffee_shops")


def test_bad_date(data_copy):
    set_cell(data_copy / "hr_headcount.csv", 0, "date", "31/01/2024")
    with pytest.raises(
        DataFileError, match=r"hr_headcount.csv, column 'date', row 2: expected a date written YYYY-MM-DD"
    ):
        data.load("hr_headcount")


def test_value_outside_an_enum(data_copy):
    field = first_field("kpis", lambda f: f.get("constraints", {}).get("enum"))
    set_cell(data_copy / "kpis.csv", 2, field["name"], "Vibes")
    with pytest.raises(
        DataFileError, match=rf"kpis.csv, column '{field['name']}', row 4: not one of the allowed values"
    ):
        data.load("kpis")


def test_likert_answer_out_of_range(data_copy):
    field = first_field("engagement_survey", lambda f: f.get("constraints", {}).get("maximum") == 5)
    set_cell(data_copy / "engagement_survey.csv", 9, field["name"], "7")
    with pytest.raises(DataFileError, match=rf"column '{field['name']}', row 11: above the maximum 5"):
        data.load("engagement_survey")


def test_missing_required_value(data_copy):
    set_cell(data_copy / "country_culture.csv", 1, "individualism", "")
    with pytest.raises(DataFileError, match=r"column 'individualism', row 3: a value is required"):
        data.load("country_culture")


def test_missing_and_unexpected_columns(data_copy):
    path = data_copy / "digital_alignment.csv"
    original = path.read_text()

    def drop_culture(rows):
        index = rows[0].index("culture")
        for row in rows:
            del row[index]

    rewrite(path, drop_culture)
    with pytest.raises(DataFileError, match=r"digital_alignment.csv is missing the column 'culture'"):
        data.load("digital_alignment")
    path.write_text(original)
    rewrite(path, lambda rows: [row.append("x") for row in rows])
    with pytest.raises(DataFileError, match=r"has an unexpected column 'x'"):
        data.load("digital_alignment")


def test_malformed_row(data_copy):
    path = data_copy / "kpis.csv"
    lines = path.read_text().splitlines()
    lines[5] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError, match=r"kpis.csv, row 6: expected \d+ values separated by commas, found \d+"):
        data.load("kpis")


def test_duplicate_primary_key(data_copy):
    path = data_copy / "hr_headcount.csv"
    rows = len(data.load("hr_headcount"))
    rewrite(path, lambda lines: lines.append(list(lines[1])))
    with pytest.raises(
        DataFileError,
        match=rf"hr_headcount.csv, rows 2 and {rows + 2}: both have the key "
        rf"\(\d{{4}}-\d\d-\d\d, [^)]+\) in column\(s\) date, team",
    ):
        data.load("hr_headcount")


def test_duplicate_in_a_unique_column(data_copy):
    rewrite(data_copy / "country_culture.csv", lambda rows: rows.append(list(rows[1])))
    with pytest.raises(
        DataFileError, match=r"column 'country_code', row 14: this value appears earlier but must be unique"
    ):
        data.load("country_culture")


def test_empty_and_missing_files(data_copy):
    (data_copy / "coffee_shops.csv").write_text("")
    with pytest.raises(DataFileError, match="coffee_shops.csv is empty"):
        data.load("coffee_shops")
    (data_copy / "coffee_shops.csv").unlink()
    with pytest.raises(DataFileError, match="coffee_shops.csv is missing from"):
        data.load("coffee_shops")


def test_culture_row_that_does_not_share_100_points(data_copy):
    set_cell(data_copy / "culture_assessments.csv", 7, "clan", "0")
    with pytest.raises(
        DataFileError, match=r"culture_assessments.csv: row 9: the columns clan, adhocracy, market, hierarchy add up to"
    ):
        data.load("culture_assessments")


def test_headcount_that_does_not_balance(data_copy):
    frame = pd.read_csv(data_copy / "hr_headcount.csv")
    set_cell(data_copy / "hr_headcount.csv", 3, "headcount_end", str(frame.loc[3, "headcount_end"] + 2))
    with pytest.raises(
        DataFileError, match=r"column 'headcount_end', row 5: .* should be start \+ hires - separations"
    ):
        data.load("hr_headcount")


def test_edited_file_is_read_again(data_copy):
    assert len(data.load("country_culture")) == 12
    rewrite(data_copy / "country_culture.csv", lambda rows: rows.pop())
    assert len(data.load("country_culture")) == 11
