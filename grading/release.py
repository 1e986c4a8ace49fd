"""`release`: generate the student version of an assignment with nbgrader, and record it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from grading.config import Course, ensure_gradebook
from grading.coursedir import course_directory
from grading.errors import GradingError
from grading.gradebook import set_due_date
from grading.logs import quiet_nbgrader_log


def release(course: Course, assignment: str, due: datetime | None = None) -> list[Path]:
    """Run ``nbgrader generate_assignment`` (source -> release) and register it in the gradebook.

    ``due`` (UTC) is stored in the course settings and the gradebook; nbgrader's late
    submission handling compares each submission's timestamp with it.
    """
    from nbgrader.converters import GenerateAssignment

    course.require_assignment(assignment)
    ensure_gradebook(course)
    config = course.nbgrader_config()
    config.CourseDirectory.assignment_id = assignment
    config.GenerateAssignment.force = True
    config.GenerateAssignment.create_assignment = True
    coursedir = course_directory(config)
    log_path = course.logs_dir / assignment / "release.log"
    with quiet_nbgrader_log(log_path) as log:
        converter = GenerateAssignment(coursedir=coursedir, config=config, log=log)
        try:
            converter.start()
        except Exception as error:  # noqa: BLE001 -- nbgrader raises several kinds; the log has details
            text = str(error).strip().splitlines()
            raise GradingError(
                f"Generating {assignment!r} failed: {text[0] if text else type(error).__name__} (see {log_path})."
            ) from None
    if due is not None:
        course.settings.due[assignment] = due.isoformat()
        course.save_settings()
    set_due_date(course, assignment, course.due(assignment))
    return course.release_notebooks(assignment)
