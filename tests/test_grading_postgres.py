"""The pipeline once against PostgreSQL (nbgrader's db_url), in a schema of its own.

Needs ``ALIGNED_TEST_PG_URL`` (e.g. postgresql://aligned:aligned@127.0.0.1:5432/aligned_test):
skipped when it is unset on a developer's machine, a failure in CI (`CI=true`), where
.ci/run installs and starts PostgreSQL and sets it.
"""

from __future__ import annotations

import csv
import os
import uuid

import nbformat
import pytest

import grading_fixtures as F
from conftest import require_tool

pytestmark = pytest.mark.grading

PG_URL = os.environ.get("ALIGNED_TEST_PG_URL", "")


@pytest.fixture
def pg_url():
    require_tool(bool(PG_URL), "PostgreSQL (ALIGNED_TEST_PG_URL)")
    import sqlalchemy as sa

    from grading.config import normalise_db_url

    base = normalise_db_url(PG_URL)
    schema = f"aligned_grading_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}", engine, schema
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_pipeline_runs_against_postgresql(pg_url, tmp_path):
    import sqlalchemy as sa

    url, engine, schema = pg_url
    source = F.make_source(tmp_path)
    course_dir = tmp_path / "course"
    common = ["--course-dir", str(course_dir), "--db-url", url]
    run = F.run_cli("release", F.ASSIGNMENT, *common, "--source-dir", str(source),
                    "--release-dir", str(tmp_path / "release"), "--due", F.DUE)
    assert run.returncode == 0, run.stderr
    release_nb = nbformat.read(str(tmp_path / "release" / F.ASSIGNMENT / "demo.ipynb"), as_version=4)
    subs = F.hostile_submissions(release_nb)
    incoming = tmp_path / "incoming"
    for student in ("correct", "partial", "killer", "late"):
        F.write_submission(incoming, student, subs[student], F.LATE if student == "late" else F.ON_TIME)
    assert F.run_cli("collect", F.ASSIGNMENT, str(incoming), *common).returncode == 0
    run = F.run_cli("autograde", F.ASSIGNMENT, *common, "--cell-timeout", "20", "--timeout", "300", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    assert "Autograded 4 submissions" in run.stdout
    run = F.run_cli("export", F.ASSIGNMENT, *common)
    assert run.returncode == 0, run.stderr
    with open(course_dir / "exports" / "demo-students.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    for student in ("correct", "partial", "killer", "late"):
        assert float(rows[student]["points"]) == pytest.approx(F.EXPECTED[student][1]), student
    # the grades are in PostgreSQL, not in a SQLite file
    assert not (course_dir / "gradebook.db").exists()
    with engine.connect() as connection:
        count = connection.execute(sa.text(f'SELECT count(*) FROM "{schema}".grade')).scalar()
        students = connection.execute(sa.text(f'SELECT count(*) FROM "{schema}".student')).scalar()
    assert count == 4 * 4 and students == 4
