"""A self-learner's progress, on this machine only: lessons opened and finished, knowledge-check
scores per objective, and the next lesson to take in teaching order.

**Where.** One JSON file, ``<state dir>/progress.json`` (`widgets.core.paths.state_dir()`): no
account, no network, nothing sent anywhere. It is written atomically (a temporary file in the
same folder, flushed, then renamed over the old one), so a crash mid-write leaves the old file.

**Format** (version 1)::

    {"version": 1,
     "lessons": {
       "five-components": {                      # the lesson's file stem
         "opened": "2025-09-01T09:12:03+00:00",  # first time the learner opened it
         "finished": "2025-09-01T10:02:44+00:00",# first time its knowledge check was checked
         "checked": "2025-09-02T08:00:10+00:00", # the latest check
         "attempts": 2,
         "objectives": {"O1": {"right": 2, "total": 2}, "O2": {"right": 1, "total": 2}}
       }}}

``objectives`` holds the latest check's result per objective (the bank's objective keys).

**Signals** (recorded by the views, documented in ARCHITECTURE.md):

- *opened*: the lesson's knowledge check (every lesson ends with one) is created in a kernel that
  serves a reader (JupyterLab, or a Voila kernel started for the page). A Voila kernel warmed in
  advance (``VOILA_PREHEAT``) runs the lesson before anyone opens it, so there the lesson counts
  as opened only when the reader first answers a question of the check.
- *finished*: the reader pressed "Check my answers" and every question was answered.

**A damaged file** (not JSON, or not this shape) is not fatal: it is renamed to
``progress.damaged-<time>.json`` (kept, never deleted), the learner starts fresh, and
`Progress.notice` says so in one sentence.

Standard library only; no kernel needed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from widgets.core import statefile
from widgets.core.paths import state_dir

FILE_NAME = "progress.json"
VERSION = 1
DAMAGED_NOTICE = ("Your saved progress could not be read, so it starts fresh. The old file is kept "
                  "as {backup} in case you want to look at it.")


def progress_path(folder: Path | None = None) -> Path:
    return (folder if folder is not None else state_dir()) / FILE_NAME


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Progress:
    """What the file holds, plus a one-sentence `notice` when a damaged file was set aside."""

    lessons: dict[str, dict] = field(default_factory=dict)
    notice: str = ""

    def opened(self, lesson: str) -> bool:
        return "opened" in self.lessons.get(lesson, {})

    def finished(self, lesson: str) -> bool:
        return "finished" in self.lessons.get(lesson, {})

    def scores(self, lesson: str) -> dict[str, dict[str, int]]:
        return dict(self.lessons.get(lesson, {}).get("objectives", {}))

    def to_json(self) -> dict:
        return {"version": VERSION, "lessons": self.lessons}


def _valid(data) -> bool:
    if not isinstance(data, Mapping) or data.get("version") != VERSION:
        return False
    lessons = data.get("lessons")
    if not isinstance(lessons, Mapping):
        return False
    for key, entry in lessons.items():
        if not isinstance(key, str) or not isinstance(entry, Mapping):
            return False
        for stamp in ("opened", "finished", "checked"):
            if stamp in entry and not isinstance(entry[stamp], str):
                return False
        if not isinstance(entry.get("attempts", 0), int):
            return False
        objectives = entry.get("objectives", {})
        if not isinstance(objectives, Mapping) or not all(
            isinstance(s, Mapping) and isinstance(s.get("right"), int) and isinstance(s.get("total"), int)
            for s in objectives.values()
        ):
            return False
    return True


def load(folder: Path | None = None) -> Progress:
    """The saved progress; empty when there is none; a damaged file is set aside (see module)."""
    data, backup = statefile.read_json(progress_path(folder), _valid)
    if data is not None:
        return Progress({key: dict(value) for key, value in data["lessons"].items()})
    if backup is None:
        return Progress()
    return Progress(notice=DAMAGED_NOTICE.format(backup=backup.name))


def save(progress: Progress, folder: Path | None = None) -> Path:
    """Write the progress atomically (`statefile.write_atomically`)."""
    return statefile.write_atomically(progress_path(folder), json.dumps(progress.to_json(), indent=2, sort_keys=True))


def record_opened(lesson: str, folder: Path | None = None, when: str | None = None) -> Progress:
    """Mark `lesson` opened (the first time only) and save."""
    progress = load(folder)
    entry = progress.lessons.setdefault(lesson, {})
    if "opened" not in entry:
        entry["opened"] = when or _now()
        save(progress, folder)
    return progress


def record_check(lesson: str, by_objective: Mapping[str, tuple[int, int]], folder: Path | None = None,
                 when: str | None = None) -> Progress:
    """Record a checked knowledge check: `by_objective` maps objective key to (right, total).
    The lesson counts as opened and finished; the scores are the latest check's."""
    stamp = when or _now()
    progress = load(folder)
    entry = progress.lessons.setdefault(lesson, {})
    entry.setdefault("opened", stamp)
    entry.setdefault("finished", stamp)
    entry["checked"] = stamp
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["objectives"] = {key: {"right": int(right), "total": int(total)}
                           for key, (right, total) in by_objective.items()}
    save(progress, folder)
    return progress


# Files built on the progress, kept beside it: the end-of-level self-assessments and the name on
# the certificates (`widgets.core.completion`). Forgetting the progress forgets them too.
COMPANION_FILES = ("completion.json",)


def forget(folder: Path | None = None) -> bool:
    """Delete the saved progress and its COMPANION_FILES (damaged-file backups stay). True when
    there was something."""
    path = progress_path(folder)
    return statefile.delete(path, *(path.with_name(name) for name in COMPANION_FILES))


def next_lesson(order: Sequence[str], progress: Progress) -> str | None:
    """The first lesson in teaching order that is not finished; None when all are."""
    return next((lesson for lesson in order if not progress.finished(lesson)), None)


@dataclass(frozen=True)
class Summary:
    opened: int
    finished: int
    total: int
    next: str | None

    @property
    def text(self) -> str:
        if self.finished == self.total and self.total:
            return f"You have finished all {self.total} lessons."
        if not self.opened:
            return f"You have not opened any of the {self.total} lessons yet."
        return f"You have finished {self.finished} of {self.total} lessons and opened {self.opened}."


def summary(order: Sequence[str], progress: Progress) -> Summary:
    return Summary(
        opened=sum(progress.opened(lesson) for lesson in order),
        finished=sum(progress.finished(lesson) for lesson in order),
        total=len(order),
        next=next_lesson(order, progress),
    )


__all__ = ["COMPANION_FILES", "DAMAGED_NOTICE", "FILE_NAME", "Progress", "Summary", "forget", "load", "next_lesson",
           "progress_path", "record_check", "record_opened", "save", "summary"]
