"""`collect`: bring submissions into ``<course>/submitted/<student>/<assignment>/``.

Two sources, told apart by what the folder holds:

1. **A folder of student folders**, ``<folder>/<student>/<assignment>/`` (a JupyterHub
   exchange copy, a shared drive). Each is copied as it is, including a ``timestamp.txt``
   (nbgrader's format, e.g. ``2025-03-01 17:05:00 UTC``) which late-submission handling uses.

2. **A folder of LMS download zips**, one per student, collected with nbgrader's
   ``zip_collect`` and our file-name collector. Every zip must be named::

       <student>_<assignment>[_<timestamp>].zip
       e.g.  ana.lopez_fundamentals.zip
             ana.lopez_fundamentals_2025-03-01T17-05-00.zip   (submitted at 17:05:00 UTC)

   ``<student>`` is the student id (letters, digits, ``.``, ``-``, ``@``, ``+``; no ``_``),
   ``<assignment>`` the assignment, and the optional ``<timestamp>`` the submission time in
   UTC (``YYYY-MM-DDTHH-MM-SS``; nbgrader writes it to ``timestamp.txt``). Zips of other
   assignments are skipped. Files inside a zip may sit at its top level or in one folder.
   ``--pattern REGEX`` replaces the pattern (named groups ``student_id``, ``assignment``,
   optional ``timestamp``).

One bad file never stops a batch: a zip whose name does not fit, a broken or oversized zip,
two zips of one student, or a student folder with a bad name is left out, with a one-line
reason (``CollectResult.problems``, which the command line prints), and the rest is collected.
Only when nothing at all could be collected is it an error (exit status 2).

Re-collecting replaces a student's previous copy; unchanged copies are left alone, so a
following ``autograde`` skips them.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin

from grading.config import SAFE_ID, Course
from grading.errors import GradingError
from grading.logs import quiet_nbgrader_log

ZIP_PATTERN = (
    r"^(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@+-]*)_(?P<assignment>[A-Za-z0-9][A-Za-z0-9-]*)"
    r"(?:_(?P<timestamp>\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}))?\.zip$"
)
ZIP_EXAMPLE = "<student>_<assignment>[_<YYYY-MM-DDTHH-MM-SS>].zip, e.g. ana.lopez_{assignment}_2025-03-01T17-05-00.zip"
MAX_ZIP_BYTES = 200 * 1024 * 1024  # uncompressed, per zip
IGNORED = {".DS_Store", "Thumbs.db", "__MACOSX", ".ipynb_checkpoints"}


@dataclass
class CollectResult:
    assignment: str
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # e.g. zips of another assignment
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, why it was not collected)

    def line(self) -> str:
        total = len(self.new) + len(self.updated) + len(self.unchanged)
        text = (f"Collected {total} submission{'s' if total != 1 else ''} of {self.assignment}: "
                f"{len(self.new)} new, {len(self.updated)} updated, {len(self.unchanged)} unchanged")
        if self.skipped:
            text += (f"; skipped {len(self.skipped)} "
                     f"({', '.join(self.skipped[:3])}{'...' if len(self.skipped) > 3 else ''})")
        if self.problems:
            names = [name for name, _ in self.problems]
            text += (f"; could not collect {len(names)} "
                     f"({', '.join(names[:5])}{'...' if len(names) > 5 else ''})")
        return text + "."

    def problem_lines(self) -> list[str]:
        """One line per file left out: its name and why."""
        return [f"{name}: {why}" for name, why in self.problems]

    def nothing_collected(self, folder: Path, expected: str) -> GradingError:
        if not self.problems:
            return GradingError(f"No submissions of {self.assignment!r} in {folder}: expected {expected}.")
        name, why = self.problems[0]
        more = len(self.problems) - 1
        return GradingError(f"Nothing collected from {folder}: {name}: {why}"
                            + (f" (and {more} more file{'s' if more != 1 else ''} left out)" if more else "")
                            + ".")


def zip_timestamp(text: str | None) -> str | None:
    """``2025-03-01T17-05-00`` -> ``2025-03-01 17:05:00 UTC`` (nbgrader's timestamp format)."""
    if not text:
        return None
    date, _, time = text.partition("T")
    return f"{date} {time.replace('-', ':')} UTC"


def parse_zip_name(name: str, pattern: str = ZIP_PATTERN) -> dict | None:
    match = re.match(pattern, name)
    if not match:
        return None
    info = match.groupdict()
    if not SAFE_ID.match(info.get("student_id") or ""):
        return None
    return info


def _same_tree(a: Path, b: Path) -> bool:
    if not b.is_dir():
        return False
    comparison = filecmp.dircmp(a, b, ignore=list(IGNORED))

    def same(cmp) -> bool:
        if cmp.left_only or cmp.right_only or cmp.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        if mismatch or errors:
            return False
        return all(same(sub) for sub in cmp.subdirs.values())

    return same(comparison)


def _place(course: Course, assignment: str, student: str, source: Path, result: CollectResult) -> None:
    dest = course.submitted_dir / student / assignment
    if dest.exists():
        if _same_tree(source, dest):
            result.unchanged.append(student)
            return
        shutil.rmtree(dest)
        result.updated.append(student)
    else:
        result.new.append(student)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, dest, symlinks=True, ignore=shutil.ignore_patterns(*IGNORED))


def collect_folders(course: Course, assignment: str, folder: Path) -> CollectResult:
    result = CollectResult(assignment)
    students = sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in IGNORED)
    for path in students:
        if not SAFE_ID.match(path.name):
            result.problems.append((f"{path.name}/", "bad student folder name: use letters, digits, "
                                                     "'.', '-', '@' or '+' (no spaces, no '_' first)"))
    students = [p for p in students if SAFE_ID.match(p.name)]
    found = [p for p in students if (p / assignment).is_dir()]
    if not found:
        raise result.nothing_collected(
            folder, f"<student>/{assignment}/ folders or <student>_{assignment}.zip files")
    for student_dir in found:
        _place(course, assignment, student_dir.name, student_dir / assignment, result)
    result.skipped = [p.name for p in students if p not in found]
    return result


class LmsZipCollector(FileNameCollectorPlugin):
    """nbgrader zip_collect plugin: the student and time come from the zip's name."""

    def collect(self, submitted_file: str):
        app = self.parent
        extracted = Path(app._format_collect_path(app.extracted_directory))
        try:
            rel = Path(submitted_file).relative_to(extracted)
        except ValueError:
            return None
        parts = rel.parts
        if len(parts) < 2 or any(part in IGNORED for part in parts):
            return None
        info = parse_zip_name(parts[0] + ".zip", getattr(app, "aligned_zip_pattern", ZIP_PATTERN))
        if info is None:
            return None
        inner = list(parts[1:])
        top = [p for p in (extracted / parts[0]).iterdir() if p.name not in IGNORED]
        if len(inner) > 1 and len(top) == 1 and top[0].is_dir():
            inner = inner[1:]  # everything was zipped inside one folder
        result = {"student_id": info["student_id"], "file_id": "/".join(inner)}
        if info.get("timestamp"):
            result["timestamp"] = zip_timestamp(info["timestamp"])
        return result


def collect_zips(course: Course, assignment: str, folder: Path, pattern: str = ZIP_PATTERN) -> CollectResult:
    from nbgrader.apps import ZipCollectApp

    result = CollectResult(assignment)
    zips = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".zip")
    mine: list[tuple[Path, dict]] = []
    expected = ZIP_EXAMPLE.format(assignment=assignment)
    for path in zips:
        info = parse_zip_name(path.name, pattern)
        if info is None:
            result.problems.append((path.name, f"bad zip name, expected {expected}"))
            continue
        if info.get("assignment") and info["assignment"] != assignment:
            result.skipped.append(path.name)
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                size = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            result.problems.append((path.name, "not a valid zip file: download it again from the LMS"))
            continue
        if size > MAX_ZIP_BYTES:
            result.problems.append((path.name, f"unpacks to {size // 2**20} MiB, "
                                               f"more than the {MAX_ZIP_BYTES // 2**20} MiB allowed"))
            continue
        mine.append((path, info))
    students = [info["student_id"] for _, info in mine]
    duplicated = {s for s in students if students.count(s) > 1}
    for path, info in mine:
        if info["student_id"] in duplicated:
            result.problems.append((path.name, f"one of several zips for {info['student_id']}: "
                                               "keep only the one to grade and collect again"))
    mine = [(path, info) for path, info in mine if info["student_id"] not in duplicated]
    if not mine:
        raise result.nothing_collected(folder, expected)

    # nbgrader's zip collect works in <course>/downloaded/<assignment>/{archive,extracted}
    # and writes into a staging "submitted" folder; _place then updates the course.
    work = course.root / "downloaded" / assignment
    staging = course.root / "downloaded" / ".collected"
    for path in (work, staging):
        if path.exists():
            shutil.rmtree(path)
    (work / "archive").mkdir(parents=True)
    for path, _ in mine:
        shutil.copyfile(path, work / "archive" / path.name)
    config = course.nbgrader_config()
    config.CourseDirectory.submitted_directory = str(staging)
    config.CourseDirectory.assignment_id = assignment
    config.ZipCollectApp.collector_plugin = LmsZipCollector
    config.ZipCollectApp.force = True
    config.ExtractorPlugin.force = True
    config.FileNameCollectorPlugin.valid_ext = [
        ".ipynb", ".py", ".csv", ".txt", ".md", ".json", ".pdf", ".html", ".docx", ".png", ".jpg", "",
    ]
    log_path = course.logs_dir / assignment / "collect.log"
    with quiet_nbgrader_log(log_path) as log:
        app = ZipCollectApp(config=config, log=log)
        app.aligned_zip_pattern = pattern
        try:
            app.initialize([assignment])
            # the course's nbgrader_config.py, loaded by initialize(), points at submitted/
            app.coursedir.root = str(course.root)
            app.coursedir.submitted_directory = str(staging)
            app.start()
        except SystemExit:
            raise GradingError(f"nbgrader's zip collect failed (see {log_path}).") from None
        finally:
            app.clear_instance()
    for _, info in mine:
        student = info["student_id"]
        source = staging / student / assignment
        if source.is_dir():
            _place(course, assignment, student, source, result)
        else:
            result.skipped.append(f"{student} (empty zip)")
    shutil.rmtree(staging, ignore_errors=True)
    return result


def collect(course: Course, assignment: str, folder: str | Path, pattern: str | None = None) -> CollectResult:
    course.require_assignment(assignment)
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise GradingError(f"The submissions folder {folder} does not exist.")
    entries = [p for p in folder.iterdir() if p.name not in IGNORED and not p.name.startswith(".")]
    if not entries:
        raise GradingError(f"The submissions folder {folder} is empty.")
    has_zips = any(p.is_file() and p.suffix.lower() == ".zip" for p in entries)
    has_dirs = any(p.is_dir() for p in entries)
    if has_zips and has_dirs:
        raise GradingError(f"{folder} holds both zips and folders: collect one kind at a time.")
    if has_zips:
        return collect_zips(course, assignment, folder, pattern or ZIP_PATTERN)
    if has_dirs:
        return collect_folders(course, assignment, folder)
    raise GradingError(
        f"Nothing to collect in {folder}: expected <student>/{assignment}/ folders or "
        f"{ZIP_EXAMPLE.format(assignment=assignment)} files."
    )
