"""`aligned-grade` as an instructor meets it: one-line errors, and collecting LMS zips."""

from __future__ import annotations

import sys
import zipfile

import nbformat
import pytest

import grading_fixtures as F

pytestmark = pytest.mark.grading


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    source = F.make_source(base)
    course_dir = base / "course"
    run = F.run_cli("release", F.ASSIGNMENT, "--course-dir", str(course_dir), "--source-dir", str(source),
                    "--release-dir", str(base / "release"))
    assert run.returncode == 0, run.stderr
    assert "Released demo: demo.ipynb" in run.stdout
    release_nb = nbformat.read(str(base / "release" / F.ASSIGNMENT / "demo.ipynb"), as_version=4)
    return {"base": base, "dir": course_dir, "release_nb": release_nb}


def one_line_error(run, expected: str) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert lines[0].startswith("aligned-grade: error: "), lines[0]
    assert expected in lines[0], lines[0]
    return lines[0]


def test_no_course_set_up(tmp_path):
    for command in (["autograde", "demo"], ["collect", "demo", str(tmp_path)], ["feedback", "demo"],
                    ["export", "demo"], ["report", "demo"], ["status", "demo"]):
        run = F.run_cli(*command, "--course-dir", str(tmp_path / "nowhere"))
        one_line_error(run, "No course is set up at")


def test_unknown_assignment(course):
    run = F.run_cli("autograde", "fundamentalz", "--course-dir", str(course["dir"]))
    one_line_error(run, "Unknown assignment 'fundamentalz': the course has demo.")


def test_empty_submissions_folder(course, tmp_path):
    run = F.run_cli("collect", F.ASSIGNMENT, str(tmp_path), "--course-dir", str(course["dir"]))
    one_line_error(run, f"The submissions folder {tmp_path} is empty.")


def test_autograde_before_collect(tmp_path):
    source = F.make_source(tmp_path)
    course_dir = tmp_path / "course"
    assert F.run_cli("release", F.ASSIGNMENT, "--course-dir", str(course_dir), "--source-dir", str(source),
                     "--release-dir", str(tmp_path / "release")).returncode == 0
    run = F.run_cli("autograde", F.ASSIGNMENT, "--course-dir", str(course_dir))
    one_line_error(run, "No submissions of 'demo'")


def _zip(path, members: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def test_a_batch_of_only_bad_zips_is_an_error_naming_the_file(course, tmp_path):
    _zip(tmp_path / "alice-demo.zip", {"demo.ipynb": "{}"})
    run = F.run_cli("collect", F.ASSIGNMENT, str(tmp_path), "--course-dir", str(course["dir"]))
    line = one_line_error(run, "Nothing collected from")
    assert "alice-demo.zip: bad zip name, expected <student>_<assignment>" in line
    assert "_2025-03-01T17-05-00.zip" in line


def test_one_badly_named_or_broken_zip_does_not_stop_the_batch(course, tmp_path):
    notebook = nbformat.writes(F.filled(course["release_nb"], F.GOOD))
    _zip(tmp_path / "dora_demo.zip", {"demo.ipynb": notebook})
    _zip(tmp_path / "erin-demo.zip", {"demo.ipynb": notebook})  # '-' where the '_' should be
    (tmp_path / "fred_demo.zip").write_bytes(b"not a zip at all")
    run = F.run_cli("collect", F.ASSIGNMENT, str(tmp_path), "--course-dir", str(course["dir"]))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    problems = run.stderr.strip().splitlines()
    assert len(problems) == 2, run.stderr
    assert problems[0].startswith("aligned-grade: not collected: erin-demo.zip: bad zip name, expected")
    assert problems[1] == (
        "aligned-grade: not collected: fred_demo.zip: not a valid zip file: download it again from the LMS")
    assert "Collected 1 submission of demo: 1 new" in run.stdout
    assert "could not collect 2 (erin-demo.zip, fred_demo.zip)" in run.stdout
    assert (course["dir"] / "submitted" / "dora" / "demo" / "demo.ipynb").exists()


def test_missing_dependency(tmp_path):
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from grading.__main__ import main\n"
        f"sys.exit(main(['release', 'demo', '--course-dir', {str(tmp_path / 'c')!r}, "
        "'--db-url', 'postgresql://u:p@127.0.0.1/x']))"
    )
    import subprocess

    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=F.ROOT, check=False
    )
    one_line_error(run, "Missing dependency: psycopg is needed for a PostgreSQL gradebook")


def test_zip_collect_with_the_documented_name_pattern(course, tmp_path):
    notebook = nbformat.writes(F.filled(course["release_nb"], F.GOOD))
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _zip(downloads / "alice_demo_2025-01-12T13-00-00.zip", {"demo.ipynb": notebook})
    _zip(downloads / "bob.smith_demo.zip", {"submission/demo.ipynb": notebook, "submission/notes.txt": "hi"})
    _zip(downloads / "carol_otherassignment.zip", {"other.ipynb": notebook})
    run = F.run_cli("collect", F.ASSIGNMENT, str(downloads), "--course-dir", str(course["dir"]))
    assert run.returncode == 0, run.stderr
    assert "Collected 2 submissions of demo: 2 new" in run.stdout
    assert "skipped 1 (carol_otherassignment.zip)" in run.stdout
    submitted = course["dir"] / "submitted"
    assert (submitted / "alice" / "demo" / "demo.ipynb").exists()
    assert (submitted / "alice" / "demo" / "timestamp.txt").read_text().startswith("2025-01-12 13:00:00")
    assert (submitted / "bob.smith" / "demo" / "demo.ipynb").exists()
    assert (submitted / "bob.smith" / "demo" / "notes.txt").exists()
    assert not (submitted / "bob.smith" / "demo" / "timestamp.txt").exists()
    again = F.run_cli("collect", F.ASSIGNMENT, str(downloads), "--course-dir", str(course["dir"]))
    assert "0 new, 0 updated, 2 unchanged" in again.stdout


def test_folders_and_zips_are_not_mixed(course, tmp_path):
    (tmp_path / "alice" / "demo").mkdir(parents=True)
    _zip(tmp_path / "bob_demo.zip", {"demo.ipynb": "{}"})
    run = F.run_cli("collect", F.ASSIGNMENT, str(tmp_path), "--course-dir", str(course["dir"]))
    one_line_error(run, "holds both zips and folders")


def test_help_lists_the_commands():
    run = F.run_cli("--help")
    assert run.returncode == 0
    for command in ("release", "collect", "autograde", "feedback", "export", "report", "status"):
        assert command in run.stdout
