"""The one exception the command line turns into a one-line message."""

from __future__ import annotations


class GradingError(Exception):
    """A problem the instructor can fix: no course, unknown assignment, bad zip name...

    The command line prints ``aligned-grade: error: <message>`` and exits with status 2;
    it never shows a traceback for one of these.
    """


def missing_dependency(package: str, purpose: str, install: str | None = None) -> GradingError:
    install = install or package
    return GradingError(
        f"Missing dependency: {package} is needed {purpose}; install it with "
        f"`pip install '{install}'`."
    )
