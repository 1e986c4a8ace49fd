"""Where the kit keeps what is not part of the repository: one answer for the whole kit.

The live-session store (``<state dir>/live.sqlite``, session exports) and the grading course
(``<state dir>/course``) both live in the folder ``state_dir()`` returns, chosen in this order:

1. ``$ALIGNED_STATE_DIR`` when it is set and not empty (``~`` is expanded);
2. ``$XDG_DATA_HOME/aligned`` when ``XDG_DATA_HOME`` is set to an absolute path (the XDG Base
   Directory specification says a relative one is invalid and must be ignored);
3. ``~/.local/share/aligned`` otherwise (the specification's default for ``XDG_DATA_HOME``).

The path is made absolute (``Path.resolve``), so a process that later changes its working
folder still finds the same place. Nothing here creates the folder.

Standard library only: the live store, the participant pages and the grader all import this.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_DIR_VARIABLE = "ALIGNED_STATE_DIR"
XDG_DATA_HOME_VARIABLE = "XDG_DATA_HOME"
APP_FOLDER = "aligned"


def state_dir() -> Path:
    """The kit's state folder (see the module docstring for the order of precedence)."""
    configured = os.environ.get(STATE_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser().resolve()
    data_home = os.environ.get(XDG_DATA_HOME_VARIABLE)
    if data_home and Path(data_home).is_absolute():
        return (Path(data_home) / APP_FOLDER).resolve()
    return (Path.home() / ".local" / "share" / APP_FOLDER).resolve()


__all__ = ["APP_FOLDER", "STATE_DIR_VARIABLE", "XDG_DATA_HOME_VARIABLE", "state_dir"]
