"""Visible checks and hints for the graded exercises, one module per assignment.

Each module defines QUESTIONS: {"q1": Question, ...}, run by `widgets.core.selfcheck` for a
learner's `check("q1")` and by the visible part of each nbgrader test cell. These modules are
released to learners with the exercises, so they hold no solution and no hidden test: they
check the form of an answer (names, types, ranges, consistency) and small worked cases that
the question itself states. The values that decide the grade are checked by the hidden tests,
which live only in `solutions/`.
"""
