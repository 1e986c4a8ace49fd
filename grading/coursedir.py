"""nbgrader's CourseDirectory with its paths escaped when they become regular expressions.

nbgrader finds the student and assignment of each notebook by matching its path against a
regular expression built by ``CourseDirectory.format_path(..., escape=True)``. It escapes the
course root, but not the folder of the step (``submitted_directory`` and the like, which may
be absolute) nor ids passed in literally. A student id with a ``+`` (allowed: see
``grading.config.SAFE_ID``) in any of them makes the expression match nothing, and nbgrader
fails with "Could not match ... with regexp ...": the autograder's private copy of a
submission lives under a folder named after the student, and a course folder may hold any
character.

``EscapedCourseDirectory`` escapes the step's folder always, and an id when it is a literal one
(it matches ``LITERAL_ID``, what ``SAFE_ID`` allows); the groups nbgrader passes
(``(?P<student_id>.*)``), ``.`` and ``.*`` stay patterns. Without ``escape`` it is nbgrader's.
"""

from __future__ import annotations

import os
import re

from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import full_split

# A literal id, as grading.config.SAFE_ID allows them (not imported: grading.config imports
# grading.feedback, which uses this module).
LITERAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]*$")


def _escaped_id(value: str) -> str:
    return re.escape(value) if LITERAL_ID.match(value) else value


class EscapedCourseDirectory(CourseDirectory):
    """A CourseDirectory whose regular-expression paths match ids and folders holding ``+``."""

    def format_path(self, nbgrader_step: str, student_id: str, assignment_id: str, escape: bool = False) -> str:
        if not escape:
            return super().format_path(nbgrader_step, student_id, assignment_id)
        kwargs = {
            "nbgrader_step": re.escape(nbgrader_step),
            "student_id": _escaped_id(student_id),
            "assignment_id": _escaped_id(assignment_id),
        }
        structure = [part.format(**kwargs) for part in full_split(self.directory_structure)]
        # nbgrader's rule: a relative step lives under the course root (re.escape keeps "/")
        base = [] if structure and structure[0].startswith(os.sep) else [re.escape(self.root)]
        return re.escape(os.path.sep).join(base + structure)


def course_directory(config) -> EscapedCourseDirectory:
    """The CourseDirectory every grading step gives nbgrader's converters."""
    return EscapedCourseDirectory(config=config)
