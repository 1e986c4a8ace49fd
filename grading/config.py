"""The course: where its files live, its settings, and the nbgrader configuration built in code.

An instructor's working course directory holds everything grading produces and nothing the
repository tracks::

    <state dir>/course/                   (or --course-dir; see below)
        aligned-course.json               settings: due dates, late policy, limits, source/release
        nbgrader_config.py                lets plain `nbgrader` see the same course
        gradebook.db                      SQLite gradebook (unless --db-url / ALIGNED_GRADEBOOK_URL)
        submitted/<student>/<assignment>/ what `aligned-grade collect` brought in
        autograded/<student>/<assignment>/
        feedback/<student>/<assignment>/  per-student HTML
        status/<assignment>.json          per-submission grading status and reasons
        logs/<assignment>/<student>.log   the grader's log of each submission
        exports/, reports/                CSV files and the cohort report

The state dir is the kit's one (``widgets.core.paths.state_dir``): ``$ALIGNED_STATE_DIR``,
else ``$XDG_DATA_HOME/aligned``, else ``~/.local/share/aligned``.

The nbgrader *source* is the repository's ``solutions/`` and the *release* is its
``exercises/`` (overridable per course, which the tests use for a fixture assignment).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from grading.errors import GradingError, missing_dependency
from grading.execute import LimitedExecute
from grading.feedback import FeedbackSanitizer, LimitFeedbackSize
from grading.isolation import BACKENDS
from grading.late import LatePenalty
from grading.restore import DeduplicateCells, RestoreCells
from widgets.core.paths import STATE_DIR_VARIABLE, state_dir

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = "aligned-course.json"
NBGRADER_CONFIG_FILE = "nbgrader_config.py"
COURSE_ID = "aligned"
# Waiting up to a minute for SQLite's write lock lets parallel graders share one gradebook.
SQLITE_TIMEOUT_S = 60
GRADEBOOK_URL_ENV = "ALIGNED_GRADEBOOK_URL"
STATE_DIR_ENV = STATE_DIR_VARIABLE
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


def default_course_dir() -> Path:
    return state_dir() / "course"


@dataclass
class Limits:
    """What one submission may use while it is graded."""

    cell_timeout: int = 60  # seconds per cell (nbgrader's Execute.timeout)
    submission_timeout: int = 600  # seconds of wall clock for a whole submission
    memory_mb: int = 2048  # address space of the kernel (RLIMIT_AS)
    max_kernel_restarts: int = 3  # cells skipped after a timeout, crash or MemoryError
    processes: int = 64  # processes a kernel may run at once (its sandbox kills them all beyond)
    disk_mb: int = 256  # what a submission may write in its scratch folder
    sandbox: str = "auto"  # grading.isolation: auto, bwrap, docker, podman or none

    def __post_init__(self) -> None:
        if self.sandbox not in BACKENDS:
            raise GradingError(f"Unknown sandbox {self.sandbox!r}: choose one of {', '.join(BACKENDS)}.")
        for name in ("cell_timeout", "submission_timeout", "memory_mb", "processes", "disk_mb"):
            if int(getattr(self, name)) <= 0:
                raise GradingError(f"The {name.replace('_', ' ')} must be a positive number.")


@dataclass
class LatePolicy:
    """nbgrader's late-submission hook, configured: see grading/late.py."""

    grace_minutes: float = 15.0  # submissions this late count as on time
    percent_per_day: float = 10.0  # of the notebook's score, per started day late
    zero_after_days: float | None = 7.0  # later than this: the score is zero


@dataclass
class FeedbackLimits:
    """How large a feedback page may get: see grading/feedback.py (LimitFeedbackSize)."""

    max_page_kb: int = 2048  # hard cap per page; a larger page is replaced by a short note
    max_output_kb: int = 64  # each output (and cell source) is shortened to this, with a note

    def __post_init__(self) -> None:
        for name in ("max_page_kb", "max_output_kb"):
            if int(getattr(self, name)) <= 0:
                raise GradingError(f"The feedback {name.replace('_', ' ')} must be a positive number.")


@dataclass
class Settings:
    source_dir: str = str(REPO_ROOT / "solutions")
    release_dir: str = str(REPO_ROOT / "exercises")
    due: dict[str, str] = field(default_factory=dict)  # assignment -> ISO 8601 date-time
    late: LatePolicy = field(default_factory=LatePolicy)
    limits: Limits = field(default_factory=Limits)
    feedback: FeedbackLimits = field(default_factory=FeedbackLimits)

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        data = dict(data)
        late = LatePolicy(**data.pop("late", {}))
        limits = Limits(**data.pop("limits", {}))
        feedback = FeedbackLimits(**data.pop("feedback", {}))
        known = {k: v for k, v in data.items() if k in {"source_dir", "release_dir", "due"}}
        return cls(late=late, limits=limits, feedback=feedback, **known)

    def to_dict(self) -> dict:
        return asdict(self)


def parse_due(text: str) -> datetime:
    """An ISO 8601 due date; a date-time without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())  # accepts a trailing Z on Python 3.11+
    except ValueError:
        raise GradingError(
            f"Bad due date {text!r}: use ISO 8601, e.g. 2025-03-01T17:00 or 2025-03-01T17:00+01:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def normalise_db_url(url: str) -> str:
    """Give PostgreSQL URLs the psycopg 3 driver and SQLite URLs a lock timeout."""
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("postgresql+psycopg"):
        try:
            import psycopg  # noqa: F401 (only checks that it is installed)
        except ImportError:
            raise missing_dependency(
                "psycopg", "for a PostgreSQL gradebook", "aligned[postgres]"
            ) from None
    elif url.startswith("postgresql"):
        pass  # another driver the instructor chose
    elif url.startswith("sqlite:///"):
        if "timeout=" not in url:
            url += ("&" if "?" in url else "?") + f"timeout={SQLITE_TIMEOUT_S}"
    else:
        raise GradingError(
            f"Unsupported gradebook URL {redact(url)!r}: use sqlite:///path/gradebook.db or "
            "postgresql://user:password@host/database."
        )
    return url


def redact(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def default_db_url(root: Path) -> str:
    return normalise_db_url(f"sqlite:///{root / 'gradebook.db'}")


@dataclass(frozen=True)
class Course:
    root: Path
    settings: Settings
    db_url: str

    # -- places ---------------------------------------------------------------------------
    @property
    def source_dir(self) -> Path:
        return Path(self.settings.source_dir)

    @property
    def release_dir(self) -> Path:
        return Path(self.settings.release_dir)

    @property
    def submitted_dir(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded_dir(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback_dir(self) -> Path:
        return self.root / "feedback"

    @property
    def status_dir(self) -> Path:
        return self.root / "status"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def uses_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    # -- assignments ----------------------------------------------------------------------
    def assignments(self) -> list[str]:
        """Assignments in the source folder: sub-folders that hold at least one notebook."""
        if not self.source_dir.is_dir():
            return []
        found = [
            p.name for p in self.source_dir.iterdir()
            if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb"))
        ]
        order = {"fundamentals": 0, "intermediate": 1, "advanced": 2}
        return sorted(found, key=lambda name: (order.get(name, 99), name))

    def require_assignment(self, assignment: str) -> str:
        names = self.assignments()
        if assignment not in names:
            known = ", ".join(names) if names else f"none (no notebooks in {self.source_dir})"
            raise GradingError(f"Unknown assignment {assignment!r}: the course has {known}.")
        return assignment

    def source_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.source_dir / assignment).glob("*.ipynb"))

    def release_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.release_dir / assignment).glob("*.ipynb"))

    def due(self, assignment: str) -> datetime | None:
        text = self.settings.due.get(assignment)
        return parse_due(text) if text else None

    # -- nbgrader -------------------------------------------------------------------------
    def nbgrader_config(self, **limits_override):
        return nbgrader_config(self, **limits_override)

    def save_settings(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.settings.to_dict(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def tools_on_path() -> None:
    """nbgrader runs `alembic` from PATH when it creates a gradebook: use this Python's."""
    import sys

    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bin_dir not in parts:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *[p for p in parts if p]])


def open_course(
    course_dir: str | os.PathLike | None = None,
    db_url: str | None = None,
    *,
    create: bool = False,
    source_dir: str | os.PathLike | None = None,
    release_dir: str | os.PathLike | None = None,
) -> Course:
    """The course at ``course_dir`` (default: ALIGNED_STATE_DIR/course).

    ``create=True`` (the `release` command) sets the course up; every other command needs
    one that exists and fails with a one-line message otherwise.
    """
    tools_on_path()
    root = Path(course_dir).expanduser().resolve() if course_dir else default_course_dir()
    if _inside(root, REPO_ROOT) and not _inside(root, REPO_ROOT / ".venv"):
        raise GradingError(
            f"The course directory {root} is inside the repository; keep grades and "
            f"submissions outside it (default: {default_course_dir()})."
        )
    settings_path = root / SETTINGS_FILE
    if settings_path.exists():
        try:
            settings = Settings.from_dict(json.loads(settings_path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, TypeError) as error:
            raise GradingError(f"The course settings {settings_path} are not valid: {error}.") from None
    elif create:
        settings = Settings()
    else:
        raise GradingError(
            f"No course is set up at {root}: run `aligned-grade release <assignment>` first "
            "(or pass --course-dir)."
        )
    changed = not settings_path.exists()
    if source_dir is not None:
        settings.source_dir = str(Path(source_dir).expanduser().resolve())
        changed = True
    if release_dir is not None:
        settings.release_dir = str(Path(release_dir).expanduser().resolve())
        changed = True
    url = db_url or os.environ.get(GRADEBOOK_URL_ENV) or ""
    course = Course(root=root, settings=settings, db_url=normalise_db_url(url) if url else default_db_url(root))
    if create:
        if changed:
            course.save_settings()
        write_nbgrader_config_file(course)
    return course


NBGRADER_CONFIG_TEMPLATE = '''\
# Written by `aligned-grade`: plain `nbgrader` run in this folder sees the same course.
# The gradebook is SQLite here unless ALIGNED_GRADEBOOK_URL names another database.
import sys
sys.path.insert(0, {repo!r})
from grading.config import open_course, nbgrader_config
c.merge(nbgrader_config(open_course({root!r})))
'''


def write_nbgrader_config_file(course: Course) -> None:
    course.root.mkdir(parents=True, exist_ok=True)
    text = NBGRADER_CONFIG_TEMPLATE.format(repo=str(REPO_ROOT), root=str(course.root))
    path = course.root / NBGRADER_CONFIG_FILE
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def nbgrader_config(course: Course, **limits_override):
    """nbgrader's configuration for this course, as a traitlets Config.

    - source = the course's solutions folder, release = its exercises folder;
    - autograde: our sanitizers (missing test cells restored wherever they were deleted) and
      an Execute that enforces the time and memory limits and skips a cell that loops,
      crashes the kernel or runs out of memory, then grades the rest;
    - late submissions: AssignLatePenalties with grading.late.LatePenalty;
    - feedback: hidden tests, mark schemes and what student code printed of them removed;
      outputs shortened so that a page stays under ``feedback.max_page_kb``.
    """
    from nbconvert.preprocessors import (
        ClearMetadataPreprocessor,
        CSSHTMLHeaderPreprocessor,
    )
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        ClearOutput,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        OverwriteKernelspec,
        SaveAutoGrades,
    )
    from traitlets.config import Config

    limits = Limits(**{**asdict(course.settings.limits), **{k: v for k, v in limits_override.items() if v}})
    c = Config()
    c.CourseDirectory.root = str(course.root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = str(course.source_dir)
    c.CourseDirectory.release_directory = str(course.release_dir)
    c.CourseDirectory.submitted_directory = str(course.submitted_dir)
    c.CourseDirectory.autograded_directory = str(course.autograded_dir)
    c.CourseDirectory.feedback_directory = str(course.feedback_dir)
    c.CourseDirectory.db_url = course.db_url
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "timestamp.txt"]

    c.Autograde.sanitize_preprocessors = [
        ClearOutput, DeduplicateCells, OverwriteKernelspec, RestoreCells, CheckCellMetadata,
    ]
    c.Autograde.autograde_preprocessors = [
        LimitedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
    ]
    c.RestoreCells.add_missing_cells = True
    c.RestoreCells.release_directory = str(course.release_dir)
    c.LimitedExecute.timeout = int(limits.cell_timeout)
    c.LimitedExecute.startup_timeout = 120
    c.LimitedExecute.memory_mb = int(limits.memory_mb)
    c.LimitedExecute.max_restarts = int(limits.max_kernel_restarts)
    c.LimitOutput.max_lines = 200

    c.AssignLatePenalties.plugin_class = LatePenalty
    c.LatePenalty.grace_minutes = float(course.settings.late.grace_minutes)
    c.LatePenalty.percent_per_day = float(course.settings.late.percent_per_day)
    c.LatePenalty.zero_after_days = (
        -1.0 if course.settings.late.zero_after_days is None else float(course.settings.late.zero_after_days)
    )

    c.GenerateFeedback.preprocessors = [GetGrades, FeedbackSanitizer, LimitFeedbackSize, CSSHTMLHeaderPreprocessor]
    c.LimitFeedbackSize.max_output_chars = int(course.settings.feedback.max_output_kb) * 1024
    c.LimitFeedbackSize.max_page_bytes = int(course.settings.feedback.max_page_kb) * 1024
    # nbgrader's zip collect: see grading/collect.py for the file-name pattern.
    c.ZipCollectApp.collector_plugin = "grading.collect.LmsZipCollector"
    return c


def ensure_gradebook(course: Course) -> None:
    """Create the gradebook's tables; put SQLite in WAL mode so readers never block writers."""
    from nbgrader.api import Gradebook

    try:
        with Gradebook(course.db_url, COURSE_ID):
            pass
    except Exception as error:  # noqa: BLE001  -- one line for any connection problem
        raise GradingError(f"Cannot open the gradebook at {redact(course.db_url)}: {_first_line(error)}") from None
    if course.uses_sqlite:
        import sqlite3

        path = course.db_url.split("sqlite:///", 1)[1].split("?", 1)[0]
        with sqlite3.connect(path, timeout=SQLITE_TIMEOUT_S) as connection:
            connection.execute("PRAGMA journal_mode=WAL")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
