"""Hostile submissions graded in the real OS sandbox (Bubblewrap), in one `autograde` run.

The hostile notebooks are committed files (``tests/hostile/submissions/``, made by
``tests/hostile/make_hostile.py`` from the fixture's released ``demo`` notebook). They are
collected with a few honest submissions and graded once, with two jobs, in the real sandbox;
the tests then check the run, the scores, the notes, and that nothing leaked: no secret, hidden
test or other student's work reached a feedback page, a log or the report; nothing was written
on the machine; no connection reached a listener of the test; no process was left behind.

The grader runs with a home and a state folder of the test's own, holding planted secrets
(an SSH key, a live database, secret environment variables), so that a leak is visible and
the machine's real files are never at stake.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import nbformat
import pytest
from hostile import make_hostile as H

import grading_fixtures as F

pytestmark = pytest.mark.grading

LIMITS = ["--cell-timeout", "20", "--timeout", "150", "--memory-mb", "1024", "--jobs", "2", "--sandbox", "bwrap"]
SECRETS = {
    "PGPASSWORD": "PGPW-SECRET-4e1f9a",
    "DATABASE_URL": "postgresql://grader:DBURL-SECRET-77c3@127.0.0.1:5432/course",
    "ALIGNED_TEST_API_TOKEN": "API-TOKEN-SECRET-b7d2c0",
}
SSH_MARKER = "SSH-KEY-MARKER-5d8e"
LIVE_MARKER = "LIVE-DB-MARKER-c41a"
OTHER_STUDENT_MARKER = "OTHER-STUDENT-MARKER-a1c0"
HOST_FILE_MARKER = "HOST-FILE-READ-MARKER-9b2f"

HONEST = {
    # student: (answers, autograded score)
    "a1-correct": ({**F.GOOD, "q1_answer": f"# {OTHER_STUDENT_MARKER}\n" + F.GOOD["q1_answer"]}, 6.0),
    "a2-partial": ({**F.GOOD, "q2_answer": F.WRONG["q2_answer"]}, 3.0),
    "a3-wrong": (F.WRONG, 0.0),
    "z9-correct": (F.GOOD, 6.0),  # graded after every hostile one
}
HOSTILE = sorted(p.name for p in H.SUBMISSIONS.iterdir() if p.is_dir())
TAMPERING = ["h12-tamper-input", "h13-tamper-ast", "h14-tamper-builtins", "h15-tamper-eq", "h16-tamper-traceback"]
WITHHELD = "autograded points withheld"  # grading.tampering: code that rewires later cells scores no autograded marks
# student: (status, autograded score, texts its notes must contain); a score of 6 is full marks for
# answers that are right: the attack gained nothing, and cost nothing when nothing it did is withheld.
EXPECTED = {
    "h01-gcguard": ("graded", 0.0, ["walks the garbage collector", WITHHELD]),
    "h02-logwipe": ("graded", 6.0, ["student code tried: files outside the submission's folder are off limits "
                                    "(/proc/1/environ)"]),
    "h03-shadow": ("graded", 6.0, ["ships code beside its notebooks", "it was not run"]),
    "h04-startup": ("graded", 6.0, ["uses a path outside its folder"]),
    "h05-gradebook": ("graded", 0.0, ["names the grader's files", "student code tried: files outside the submission"]),
    "h06-snoop": ("graded", 6.0, ["off limits (/proc/1/environ)", "solutions)"]),
    "h07-network": ("graded", 6.0, ["student code tried: a network connection"]),
    "h08-forkbomb": ("graded", 6.0, ["started more processes than the limit of 64",
                                     "student code tried: starting another process (os.fork)"]),
    "h09-writes": ("graded", 6.0, ["uses a path outside its folder", "HOSTILE-WRITE-MARKER.txt)"]),
    "h10-killer": ("graded", 6.0, ["stopped the Python kernel", "student code tried: signalling another process"]),
    "h11-encoded": ("graded", 0.0, ["inspects the caller's frames", WITHHELD]),
    **{student: ("graded", 0.0, [WITHHELD]) for student in TAMPERING},
    "h17-symlink-read": (None, None, []),  # graded or not: what matters is what the grader read (below)
    "h18-symlink-write": ("graded", 6.0, ["wrote more than the 256 MiB"]),
    # the sandbox's root is read-only: the writes fail, and the guard names the try
    "h19-rootfill": ("graded", 6.0, ["student code tried: files outside the submission's folder are off limits "
                                     "(/fill"]),
}
# What each attack prints once it has run (in its feedback, from the visible run): proof that it
# did run in the sandbox, so that the checks of what it could not do are not vacuous.
ATTACK_RAN = {
    "h01-gcguard": r"guards switched off: 1",
    "h02-logwipe": r"rewrote ../run/guard.jsonl",
    "h03-shadow": r"grading comes from " + re.escape(str(F.ROOT / "grading" / "__init__.py")),
    "h04-startup": r"wrote /tmp/ipython/profile_default/startup/00-evil.py",
    "h05-gradebook": r"gradebooks found: \[",
    "h06-snoop": r"PROC 1 /",
    # (in its own network namespace the scan meets only the kernel's own port; the test's listener sees nothing)
    "h07-network": r"open ports on 127.0.0.1: \[\d*\]",
    "h08-forkbomb": r"three sleepers started",
    "h09-writes": r"could not write /tmp/home/.bashrc|wrote /tmp/home/.bashrc",
    "h10-killer": r"This cell was not graded",
    "h11-encoded": r"B64 [A-Za-z0-9+/]{40}",
    "h18-symlink-write": r"linked ../run/sandbox-events.jsonl -&gt; /",
    "h19-rootfill": r"wrote 0 MiB outside the scratch folder",
}
EVERYONE = sorted([*HONEST, *HOSTILE])


def _free_listener() -> socket.socket:
    """A TCP listener on 127.0.0.1, on one of the ports the network attack tries first if one is free."""
    for port in [*H.LISTEN_PORTS, 0]:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", port))
        except OSError:
            listener.close()
            continue
        listener.listen(16)
        return listener
    raise AssertionError("no port to listen on")


class Listeners:
    """Counts connections to a TCP port and an abstract Unix socket while the run lasts."""

    def __init__(self):
        self.tcp = _free_listener()
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind("\0" + H.ABSTRACT_SOCKET)
        self.unix.listen(16)
        self.accepted: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._accept, args=(s,), daemon=True) for s in (self.tcp, self.unix)]
        for thread in self._threads:
            thread.start()

    def _accept(self, listener: socket.socket) -> None:
        listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(repr(listener.getsockname()))
            conn.close()

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self.tcp.close()
        self.unix.close()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _sleepers() -> list[str]:
    """Processes on this machine whose command line holds the attack's unique sleep argument."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if H.SLEEP_ARGUMENT.encode() in cmdline:
            found.append(f"{entry.name}: {b' '.join(cmdline).decode(errors='replace')}")
    return found


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in cmdline:
            found.append(f"{entry.name}: {cmdline[:200]!r}")
    return found


def _outside_paths(base: Path, home: Path) -> list[Path]:
    """Files the attacks try to create or change on the machine, outside the sandbox."""
    import site
    import sysconfig

    repo = F.ROOT
    paths = [
        Path(H.HOST_MARKER_FILE), Path("/tmp/aligned-shadow-marker.txt"), Path("/etc/hostile-marker"),
        repo / f"{H.WRITE_MARKER}.txt", repo / "grading" / "hostile_marker.py", repo / "widgets" / "hostile_marker.py",
        repo / "datasets" / "hostile-marker.csv",
        Path(sysconfig.get_paths()["purelib"]) / "hostile-marker.pth",
        *[Path(p) / "hostile-marker.pth" for p in site.getsitepackages()],
        Path.home() / "aligned-shadow-marker.txt", home / "aligned-shadow-marker.txt",
        Path.home() / ".ipython" / "profile_default" / "startup" / "00-evil.py",
        home / ".ipython" / "profile_default" / "startup" / "00-evil.py",
    ]
    for folder in (base / "course", base / "release", base / "source", base / "state", repo):
        paths.append(folder / "hostile-marker.txt")
    return paths


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("sandboxed")
    home = base / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa").write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SSH_MARKER}\n")
    (home / ".local" / "share" / "aligned").mkdir(parents=True)
    (home / ".local" / "share" / "aligned" / "live.sqlite").write_text(LIVE_MARKER)
    (home / ".bashrc").write_text("# the grader's own .bashrc\n")
    (home / H.PLANTED_NOTES).write_text(json.dumps({"event": "open", "detail": HOST_FILE_MARKER}) + "\n")
    state = base / "state"
    state.mkdir()
    (state / "live.sqlite").write_text(LIVE_MARKER)
    env = {"HOME": str(home), "ALIGNED_STATE_DIR": str(state), **SECRETS}

    source = F.make_source(base)
    course_dir = base / "course"
    common = ["--course-dir", str(course_dir)]
    released = F.run_cli("release", F.ASSIGNMENT, *common, "--source-dir", str(source),
                         "--release-dir", str(base / "release"), env=env)
    assert released.returncode == 0, released.stderr
    release_nb = nbformat.read(str(base / "release" / F.ASSIGNMENT / f"{F.ASSIGNMENT}.ipynb"), as_version=4)

    incoming = base / "incoming"
    shutil.copytree(H.SUBMISSIONS, incoming)
    for student in HOSTILE:
        (incoming / student / F.ASSIGNMENT / "timestamp.txt").write_text(F.ON_TIME)
    for student, (answers, _) in HONEST.items():
        F.write_submission(incoming, student, F.filled(release_nb, answers), F.ON_TIME)
    collected = F.run_cli("collect", F.ASSIGNMENT, str(incoming), *common, env=env)
    assert collected.returncode == 0, collected.stderr

    outside = _outside_paths(base, home)
    Path(H.HOST_MARKER_FILE).unlink(missing_ok=True)  # the attack's own marker, from an earlier run
    before = {str(p): _digest(p) for p in [*outside, Path.home() / ".bashrc", home / ".bashrc", Path("/root/.bashrc")]}
    listeners = Listeners()
    started = time.monotonic()
    try:
        run = F.run_cli("autograde", F.ASSIGNMENT, *common, *LIMITS, env=env, timeout=600)
    finally:
        listeners.close()
    seconds = time.monotonic() - started
    records = F.load_json(course_dir / "status" / f"{F.ASSIGNMENT}.json")["submissions"]
    deadline = time.monotonic() + 5
    while _sleepers() and time.monotonic() < deadline:
        time.sleep(0.2)
    left = {"sleepers": _sleepers(), "sandboxes": _processes_mentioning(str(base))}
    after = {path: _digest(Path(path)) for path in before}

    # A second run, after the startup-file attack: the honest submission is graded as before.
    again = F.run_cli("autograde", F.ASSIGNMENT, *common, *LIMITS, "--student", "z9-correct", env=env)
    feedback = F.run_cli("feedback", F.ASSIGNMENT, *common, env=env)
    report = F.run_cli("report", F.ASSIGNMENT, *common, env=env)
    return {"base": base, "home": home, "course_dir": course_dir, "common": common, "env": env,
            "release_nb": release_nb, "collect": collected, "run": run, "seconds": seconds, "records": records,
            "listeners": listeners, "left": left, "before": before, "after": after, "again": again,
            "feedback": feedback, "report": report}


def notes_of(record: dict) -> str:
    return "\n".join(note["message"] for note in record.get("notes", []))


def feedback_pages(graded) -> dict[str, str]:
    pages = {}
    for page in sorted((graded["course_dir"] / "feedback").glob(f"*/{F.ASSIGNMENT}/*.html")):
        pages[page.parent.parent.name] = page.read_text(encoding="utf-8")
    return pages


def encodings(text: str) -> dict[str, str]:
    """``text`` as an attack might print it: plain, hex, rot13, reversed, and base64 at each of
    the three alignments it can have inside a longer text (the part that does not depend on
    the bytes around it)."""
    data = text.encode()
    forms = {"plain": text, "hex": data.hex(), "HEX": data.hex().upper(), "rot13": codecs.encode(text, "rot13"),
             "reversed": text[::-1]}
    for skip in range(3):
        chunk = data[skip:]
        chunk = chunk[: len(chunk) // 3 * 3]
        forms[f"base64+{skip}"] = base64.b64encode(chunk).decode()
    return forms


SECRET_TEXTS = [*SECRETS.values(), SSH_MARKER, LIVE_MARKER, HOST_FILE_MARKER, H.SHADOW_MARKER]
HIDDEN_TEXTS = [*F.HIDDEN_MARKERS, F.MARK_SCHEME_MARKER, "BEGIN HIDDEN TESTS"]


# ----------------------------------------------------------------------------------------
# The committed files
# ----------------------------------------------------------------------------------------

def test_the_committed_hostile_submissions_are_what_the_script_makes(graded):
    expected = H.expected_files(graded["release_nb"])
    committed = H.committed_files()
    assert sorted(committed) == sorted(expected), "run .venv/bin/python tests/hostile/make_hostile.py"
    changed = [rel for rel in expected if committed[rel] != expected[rel]]
    assert not changed, f"{changed} differ from what make_hostile.py makes: run it and commit the result"


def test_every_hostile_kind_has_an_expectation():
    assert sorted(EXPECTED) == HOSTILE


# ----------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------

def test_the_run_finishes_in_the_sandbox_and_records_everyone(graded):
    run = graded["run"]
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert f"Collected {len(EVERYONE)} submissions of demo" in graded["collect"].stdout
    assert f"Autograded {len(EVERYONE)} submissions of demo" in run.stdout, run.stdout
    assert "Sandbox: Bubblewrap" in run.stdout
    assert sorted(graded["records"]) == EVERYONE
    assert {r["sandbox"] for r in graded["records"].values()} == {"bwrap"}


@pytest.mark.parametrize("student", sorted(HONEST))
def test_honest_submissions_get_exactly_their_scores(graded, student):
    record = graded["records"][student]
    assert record["status"] == "graded", record
    assert record["score"] == HONEST[student][1], record
    assert record["max_score"] == F.MAX_SCORE


def test_the_gradebook_holds_only_what_the_grader_wrote(graded):
    from nbgrader.api import Gradebook

    from grading.config import open_course

    course = open_course(graded["course_dir"])
    with Gradebook(course.db_url) as gb:
        for student, (_, score) in HONEST.items():
            submission = gb.find_submission(F.ASSIGNMENT, student)
            auto = sum(grade.auto_score or 0 for nb in submission.notebooks for grade in nb.grades)
            assert auto == score, student
        for student in EVERYONE:
            submission = gb.find_submission(F.ASSIGNMENT, student)
            manual = [grade.manual_score for nb in submission.notebooks for grade in nb.grades]
            assert manual == [None] * len(manual), (student, manual)


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_hostile_submission_is_recorded_with_what_it_tried(graded, student):
    status, score, texts = EXPECTED[student]
    record = graded["records"][student]
    if status is not None:
        assert record["status"] == status, record
    if score is not None:
        assert record["score"] == score, (f"{student} scored {record['score']} instead of {score}", notes_of(record))
    if student != "h03-shadow":  # see test_code_shipped_beside_the_notebook_is_named_in_the_notes
        assert any(note.get("attention") for note in record["notes"]) or record["status"] != "graded", record
    for text in texts:
        assert text in notes_of(record), (text, notes_of(record))


@pytest.mark.parametrize("student", TAMPERING)
def test_a_blank_notebook_that_tampers_with_later_cells_gets_no_autograded_marks(graded, student):
    record = graded["records"][student]
    assert record["score"] == 0.0, (
        f"{student} answered nothing but scored {record['score']}/{F.MAX_SCORE}", notes_of(record))


def test_a_forged_guard_log_does_not_replace_what_was_tried(graded):
    notes = notes_of(graded["records"]["h02-logwipe"])
    assert H.FORGED_NOTE not in notes, notes


def test_the_grader_reads_no_host_file_through_a_symlink_from_the_sandbox(graded):
    record = graded["records"]["h17-symlink-read"]
    assert HOST_FILE_MARKER not in json.dumps(record), notes_of(record)


def test_the_grader_writes_no_host_file_through_a_symlink_from_the_sandbox(graded):
    target = graded["home"] / H.EVENTS_TARGET
    assert not target.exists(), target.read_text()


def test_killing_the_grader_from_a_cell_only_skips_that_cell(graded):
    record = graded["records"]["h10-killer"]
    skipped = sorted(re.findall(r"cell (\d+) stopped the Python kernel", notes_of(record)))
    # The grader is outside the sandbox's PID namespace and the supervisor, its PID 1, cannot be
    # killed from inside: only the cell that kills every process it can see stops (its own) kernel.
    assert skipped == ["4"], notes_of(record)
    assert "signalling another process (1)" in notes_of(record)
    assert record["status"] == "graded" and record["score"] == 6.0, record
    assert all(graded["records"][s]["status"] == "graded" for s in HONEST)


def test_the_fork_bomb_is_stopped_by_the_process_limit(graded):
    notes = notes_of(graded["records"]["h08-forkbomb"])
    assert "started more processes than the limit of 64 and was skipped" in notes, notes


# ----------------------------------------------------------------------------------------
# Nothing leaks
# ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("student", sorted(ATTACK_RAN))
def test_the_attack_did_run_in_the_sandbox(graded, student):
    page = feedback_pages(graded).get(student, "")
    assert re.search(ATTACK_RAN[student], page), ATTACK_RAN[student]


def test_feedback_is_written_for_everyone(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    assert sorted(feedback_pages(graded)) == EVERYONE


@pytest.mark.parametrize("secret", SECRET_TEXTS)
def test_no_secret_reaches_a_feedback_page(graded, secret):
    leaks = [student for student, page in feedback_pages(graded).items() if secret in page]
    assert not leaks, f"{secret} is in the feedback of {leaks}"


def test_no_other_students_work_reaches_a_feedback_page(graded):
    leaks = [s for s, page in feedback_pages(graded).items() if OTHER_STUDENT_MARKER in page and s != "a1-correct"]
    assert not leaks, leaks


def test_no_solution_file_reaches_a_feedback_page(graded):
    names = sorted({p.name for p in (F.ROOT / "solutions").rglob("*") if p.is_file() and len(p.stem) > 6})
    assert names
    pages = feedback_pages(graded)
    leaks = {(s, name) for s, page in pages.items() for name in names if name in page}
    assert not leaks, sorted(leaks)[:10]


@pytest.mark.parametrize("hidden", HIDDEN_TEXTS)
def test_no_hidden_test_reaches_a_feedback_page_in_any_encoding(graded, hidden):
    pages = feedback_pages(graded)
    leaks = [(s, form) for s, page in pages.items() for form, text in encodings(hidden).items() if text in page]
    assert not leaks, leaks


def test_the_encoded_print_does_reach_the_feedback_for_the_visible_tests(graded):
    """The detector above works: the attack's encoded print of the visible test is on its page."""
    page = feedback_pages(graded)["h11-encoded"]
    found = [form for form, text in encodings("double(2) should be 4").items() if text in page]
    assert {"hex", "rot13", "reversed"} <= set(found) and any(f.startswith("base64") for f in found), found


def test_no_secret_reaches_the_logs_the_status_or_the_report(graded):
    course = graded["course_dir"]
    texts = {path: path.read_text(encoding="utf-8", errors="replace")
             for folder in ("logs", "status", "reports") for path in (course / folder).rglob("*") if path.is_file()}
    assert texts
    leaks = [(str(path.relative_to(course)), secret) for path, text in texts.items()
             for secret in [*SECRETS.values(), SSH_MARKER, LIVE_MARKER] if secret in text]
    assert not leaks, leaks


def test_startup_files_do_not_reach_later_submissions_or_runs(graded):
    pages = feedback_pages(graded)
    for student in HONEST:
        assert H.STARTUP_MARKER not in pages[student], student
    again = graded["again"]
    assert again.returncode == 0, again.stderr
    assert "Autograded 1 submission of demo" in again.stdout
    record = F.load_json(graded["course_dir"] / "status" / f"{F.ASSIGNMENT}.json")["submissions"]["z9-correct"]
    assert record["score"] == 6.0, record
    assert H.STARTUP_MARKER not in again.stdout + again.stderr


# ----------------------------------------------------------------------------------------
# The machine is untouched
# ----------------------------------------------------------------------------------------

def test_nothing_is_written_outside_the_sandbox(graded):
    changed = [path for path, digest in graded["before"].items() if graded["after"][path] != digest]
    assert not changed, changed


def test_nothing_shipped_beside_the_notebook_runs(graded):
    submitted = graded["course_dir"] / "submitted" / "h03-shadow" / F.ASSIGNMENT
    assert (submitted / "grading" / "sandbox.py").exists()  # it was collected...
    assert not list(submitted.rglob("aligned-shadow-marker.txt"))  # ...and never ran
    assert H.SHADOW_MARKER not in (graded["run"].stdout + graded["run"].stderr)


def test_code_shipped_beside_the_notebook_is_named_in_the_notes(graded):
    """The shadow `grading` package never runs (above); the instructor should still hear of it."""
    record = graded["records"]["h03-shadow"]
    assert "grading/__init__.py" in notes_of(record) and "sitecustomize.py" in notes_of(record), notes_of(record)
    assert any(note.get("attention") for note in record["notes"]), record


def test_no_connection_reaches_a_listener_on_this_machine(graded):
    assert graded["listeners"].accepted == []


def test_no_process_is_left_behind(graded):
    assert graded["left"]["sleepers"] == [], graded["left"]
    assert graded["left"]["sandboxes"] == [], graded["left"]


# ----------------------------------------------------------------------------------------
# The instructor sees what was tried
# ----------------------------------------------------------------------------------------

def test_the_report_names_what_the_hostile_submissions_tried(graded):
    assert graded["report"].returncode == 0, graded["report"].stderr
    page = (graded["course_dir"] / "reports" / "demo-report.html").read_text(encoding="utf-8")
    attention = page.split("Submissions that need manual attention")[1]
    for student in HOSTILE:
        if student != "h03-shadow":  # see test_code_shipped_beside_the_notebook_is_named_in_the_notes
            assert f"<td>{student}</td>" in attention, student
    for student in ("a1-correct", "z9-correct"):
        assert f"<td>{student}</td>" not in attention
    for text in ("walks the garbage collector", "student code tried", "started more processes than the limit",
                 "stopped the Python kernel"):
        assert text in page, text
