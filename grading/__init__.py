"""The instructor's side of the graded exercises, built on nbgrader.

The command line (`aligned-grade`) and the course configuration arrive with the grading
issue; this package is importable now so that the packaging and tests can rely on it.
"""
