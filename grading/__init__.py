"""The instructor's side of the graded exercises, built on nbgrader.

`aligned-grade` (``python -m grading``; see ``grading/README.md``) releases, collects,
autogrades in parallel within time and memory limits, gives feedback without hidden tests,
exports CSV for an LMS and reports on the cohort. The nbgrader configuration is built in
code in ``grading.config``; the course directory lives outside the repository.
"""

from grading.errors import GradingError

__all__ = ["GradingError"]
