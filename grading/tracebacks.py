"""Reading IPython tracebacks: a leaf module (standard library only, imports nothing of ``grading``).

Both ``grading.feedback`` (which shortens a failing test's error for the student) and
``grading.report`` (which groups equal failures for the instructor) need the line a traceback
points at. It lives here, below both, so that ``feedback`` need not import ``report``: that
import closed the cycle config -> feedback -> report -> config.
"""

from __future__ import annotations

import re

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ARROW = re.compile(r"^\s*-*>\s*(\d+)\s+(.*\S)\s*$")


def failing_line(traceback: list[str]) -> str | None:
    """The line an IPython traceback points at in its first (outermost) frame."""
    for entry in traceback:
        for line in ANSI.sub("", entry).splitlines():
            match = ARROW.match(line)
            if match:
                return match.group(2)
    return None
