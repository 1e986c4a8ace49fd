"""The learner's files in the state folder (progress, plan, self-assessments): written whole or
not at all, a damaged one set aside and kept, deleted on request.

One place for what every such file needs, so that a fix (a crash mid-write, a full disk)
reaches all of them. Standard library only.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


def write_atomically(path: Path, text: str) -> Path:
    """Write `text` to `path` so that a reader sees the old file or the new one, never half of
    one: a temporary file in the same folder, flushed to disk, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def set_aside(path: Path) -> Path:
    """Rename a file that cannot be read to `<stem>.damaged-<time><suffix>` beside it (kept,
    never deleted, so the learner can look at it) and return the new path."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    backup = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    os.replace(path, backup)
    return backup


def read_json(path: Path, valid: Callable[[object], bool]) -> tuple[object | None, Path | None]:
    """(data, None) for a readable file that `valid` accepts; (None, None) when there is no file;
    (None, backup) when the file is damaged (not UTF-8, not JSON, or not the expected shape): it
    is set aside (`set_aside`) and the caller starts fresh and says so."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError:
        text = ""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if valid(data):
        return data, None
    return None, set_aside(path)


def delete(*paths: Path) -> bool:
    """Delete the files; True when at least one was there."""
    found = False
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        found = True
    return found
