"""The grading status of each submission: ``<course>/status/<assignment>.json``.

One record per student: ``status`` (graded / failed), ``reason`` (one line, for a failure),
``notes`` (findings and incidents, each with a code, a message and whether it needs a
human look), ``score``, ``max_score``, ``late_penalty``, ``fingerprint`` (what was graded:
the submission's files, the assignment's source and the limits; an unchanged fingerprint
makes a re-run skip the submission), ``graded_at`` and ``seconds``. Only the parent
process of `aligned-grade autograde` writes it, atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def path_for(course, assignment: str) -> Path:
    return course.status_dir / f"{assignment}.json"


def load(course, assignment: str) -> dict[str, dict]:
    path = path_for(course, assignment)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError:
        return {}
    return data.get("submissions", {}) if isinstance(data, dict) else {}


def save(course, assignment: str, records: dict[str, dict]) -> None:
    path = path_for(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = {"assignment": assignment, "submissions": dict(sorted(records.items()))}
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def needs_attention(record: dict) -> bool:
    return record.get("status") != "graded" or any(n.get("attention") for n in record.get("notes", []))


def attention_reasons(record: dict) -> list[str]:
    reasons = []
    if record.get("status") != "graded":
        reasons.append(record.get("reason") or "not graded")
    reasons.extend(n["message"] for n in record.get("notes", []) if n.get("attention"))
    return reasons


def unsandboxed(records: dict[str, dict]) -> list[str]:
    """The students whose submission was graded without a sandbox (``--sandbox none``)."""
    return sorted(student for student, record in records.items() if record.get("sandbox") == "none")


def unsandboxed_warning(records: dict[str, dict]) -> str | None:
    found = unsandboxed(records)
    if not found:
        return None
    return (f"WARNING: {len(found)} submission{'s were' if len(found) != 1 else ' was'} graded without a sandbox "
            "(--sandbox none): its code ran as the instructor, with the instructor's files and network.")
