"""Logging: nbgrader's chatter goes to a file per submission, not to the instructor's screen."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def quiet_nbgrader_log(path: Path, name: str = "aligned.grading"):
    """A logger that writes to ``path`` only; yields it for nbgrader's converters."""
    path.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger(f"{name}.{path}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s] %(message)s"))
    logger.handlers = [handler]
    # traitlets objects without a parent log through the "traitlets" logger
    traitlets_logger = logging.getLogger("traitlets")
    saved = (traitlets_logger.handlers[:], traitlets_logger.propagate, traitlets_logger.level)
    traitlets_logger.handlers = [handler]
    traitlets_logger.propagate = False
    traitlets_logger.setLevel(logging.INFO)
    try:
        yield logger
    finally:
        handler.close()
        logger.handlers = []
        traitlets_logger.handlers, traitlets_logger.propagate, traitlets_logger.level = saved
