"""The learner's personal action plan: results they chose to keep, on this computer only.

An activity view turns its result into an `Entry` (each activity's core module has a pure
`plan_entry(...)`: the SMART goal, the component map, the culture profile, the ethical canvas,
the rhythm check, the metric scorecard, and the end of a level's self-assessment with its first
step, `core/completion.py`); the learner adds it with one click. The plan is a JSON
file in the kit's state folder (`widgets.core.paths.state_dir() / "plan.json"`):

    {"format": "aligned-plan", "version": 1,
     "entries": [{"id": "3f9c…", "kind": "smart", "title": "SMART goal: waste",
                  "added": "2026-01-15", "result": {…plain data of that kind…}}]}

Adding an entry of the same kind and title replaces the earlier one unless the learner keeps
both. The file is written atomically (a temporary file beside it, then `os.replace`). A file that
cannot be read is renamed `plan.damaged-<timestamp>.json`, kept as it was, and the plan starts
fresh with a friendly notice.

`document(plan, printed_on)` is what every printout shows (each entry: summary, points, a table,
the first step, and the 30/60/90-day review dates counted from the day the plan is printed);
`markdown(...)` writes it as Markdown; the view (`widgets/plan.py`) renders the same document
as HTML (`templates/plan.html.j2`) and prints it to PDF. The kinds' names and the review prompts
live in `content/plan.yaml`. Standard library only (plus the bank): the hub may import it.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from widgets.core import statefile
from widgets.core.content import load_content
from widgets.core.paths import state_dir
from widgets.core.text import join_words, plural

PLAN_FILE = "plan.json"
FORMAT = "aligned-plan"
VERSION = 1
REVIEW_DAYS = (30, 60, 90)
KINDS = ("smart", "components", "culture", "ethics", "dynamism", "metrics", "completion")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Entry:
    """One result in the plan. `result` is plain, JSON-ready data; its shape depends on `kind`.
    `added` and `id` are set when the entry is added (`with_entry`)."""

    kind: str
    title: str
    result: Mapping[str, Any]
    added: date | None = None
    id: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title,
                "added": self.added.isoformat() if self.added else None, "result": dict(self.result)}


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...] = ()

    def find(self, kind: str, title: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind and e.title == title]


@dataclass(frozen=True)
class Loaded:
    """A plan read from its file, and what to tell the learner about the file (or "")."""

    plan: Plan
    notice: str = ""
    backup: Path | None = None


@dataclass(frozen=True)
class Added:
    plan: Plan
    entry: Entry
    replaced: tuple[Entry, ...] = ()


class PlanFileError(ValueError):
    """The plan file exists but is not a plan this version can read."""


# -- the kinds and their wording (content/plan.yaml) ------------------------------------------


@functools.cache
def _bank() -> dict:
    return load_content("plan")


def kind_label(kind: str) -> str:
    return _bank()["kinds"].get(kind, _bank()["other"])["label"]


def long_date(day: date) -> str:
    """date(2026, 3, 31) -> "31 March 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def review_dates(printed_on: date) -> list[tuple[int, date]]:
    return [(days, printed_on + timedelta(days=days)) for days in REVIEW_DAYS]


def reviews(entry: Entry, printed_on: date) -> list[str]:
    """"Review on <date + 30 days>: <prompt>" for 30, 60 and 90 days after `printed_on`."""
    prompts = {r["days"]: r["prompt"] for r in _bank()["kinds"].get(entry.kind, _bank()["other"])["reviews"]}
    return [f"Review on {long_date(day)} ({days} days): " + prompts[days].replace("{title}", entry.title)
            for days, day in review_dates(printed_on)]


# -- the plan as data -------------------------------------------------------------------------


def with_entry(plan: Plan, entry: Entry, *, keep_both: bool = False, today: date | None = None) -> Added:
    """The plan with `entry` added (dated `today`, with a new id). An entry of the same kind and
    title is replaced, unless `keep_both`."""
    entry = replace(entry, added=today or date.today(), id=secrets.token_hex(6))
    same = tuple(plan.find(entry.kind, entry.title))
    if keep_both or not same:
        return Added(Plan((*plan.entries, entry)), entry)
    kept = []
    for old in plan.entries:
        if old is same[0]:
            kept.append(entry)  # in the place of the first one it replaces
        elif old not in same:
            kept.append(old)
    return Added(Plan(tuple(kept)), entry, same)


def without(plan: Plan, entry_id: str) -> Plan:
    return Plan(tuple(e for e in plan.entries if e.id != entry_id))


def to_json(plan: Plan) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "entries": [e.to_json() for e in plan.entries]},
                      ensure_ascii=False, indent=2) + "\n"


def _entry_from(data: Any, number: int) -> Entry:
    where = f"entry {number}"
    if not isinstance(data, dict):
        raise PlanFileError(f"{where} is not an object")
    for key in ("kind", "title", "id"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise PlanFileError(f"{where} has no {key}")
    if not isinstance(data.get("result"), dict):
        raise PlanFileError(f"{where} has no result")
    try:
        added = date.fromisoformat(data["added"]) if data.get("added") else None
    except (TypeError, ValueError):
        raise PlanFileError(f"{where} has a date that is not a date") from None
    return Entry(data["kind"], data["title"], data["result"], added, data["id"])


def from_json(text: str | bytes) -> Plan:
    """A plan from its file's text; PlanFileError says what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise PlanFileError(f"it is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanFileError("it is not an Aligned plan")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise PlanFileError("it was written by a newer version of the kit")
    if not isinstance(data.get("entries"), list):
        raise PlanFileError("it has no list of entries")
    return Plan(tuple(_entry_from(item, n) for n, item in enumerate(data["entries"], start=1)))


# -- the plan on disk -------------------------------------------------------------------------


def plan_path(folder: str | os.PathLike | None = None) -> Path:
    """Where the plan lives: `<state dir>/plan.json` (or `<folder>/plan.json`)."""
    return Path(folder if folder is not None else state_dir()) / PLAN_FILE


def load(path: Path | None = None) -> Loaded:
    """The plan in `path` (the state folder's by default); none yet is an empty plan. A file
    that cannot be read is kept as `plan.damaged-<time>.json` and the plan starts fresh."""
    path = path or plan_path()
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Plan())
    try:
        return Loaded(from_json(text))
    except PlanFileError as error:
        backup = statefile.set_aside(path)
        return Loaded(Plan(), f"Your saved plan could not be read ({error}), so a fresh plan was started. "
                              f"The damaged file is kept as {backup.name} in {backup.parent}.", backup)


def save(plan: Plan, path: Path | None = None) -> Path:
    """Write the plan atomically: a reader sees the old file or the new one, never half of one."""
    return statefile.write_atomically(path or plan_path(), to_json(plan))


def add(entry: Entry, *, keep_both: bool = False, path: Path | None = None, today: date | None = None) -> Added:
    """Add `entry` to the plan file (see `with_entry`) and save it."""
    added = with_entry(load(path).plan, entry, keep_both=keep_both, today=today)
    save(added.plan, path)
    return added


def remove(entry_id: str, path: Path | None = None) -> Plan:
    plan = without(load(path).plan, entry_id)
    save(plan, path)
    return plan


def forget(path: Path | None = None) -> bool:
    """Delete the plan file; True when there was one."""
    return statefile.delete(path or plan_path())


# -- what a printout shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class EntryView:
    """One entry as every printout shows it."""

    number: int
    title: str
    kind_label: str
    added: str
    summary: str
    points: tuple[str, ...] = ()
    table: Table | None = None
    first_step: str = ""
    reviews: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    printed_on: str
    where: str
    entries: tuple[EntryView, ...] = field(default_factory=tuple)
    empty: str = ("Your plan is empty. In an activity, get a result and press “Add to my plan”: "
                  "it appears here.")


def _number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _signed(value: Any) -> str:
    text = _number(value)
    return f"+{text}" if isinstance(value, int | float) and value > 0 else text


def _smart(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    met, total = r.get("met", 0), len(r.get("criteria", ())) or 5
    points = [f"{'✓' if c.get('met') else '✗'} {c.get('letter', '')} · {c.get('name', '')}"
              + ("" if c.get("met") else f": {c.get('reason', '')}") for c in r.get("criteria", ())]
    status = "All 5 criteria met." if met == total else f"Draft: {met} of {total} criteria met."
    return f"{r.get('sentence', '')} ({status})", points, None, ""


def _components(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    weakest = r.get("weakest", {})
    summary = (f"Weakest link: {weakest.get('label', '')} (now {_number(weakest.get('current'))}, target "
               f"{_number(weakest.get('target'))} of 5). {weakest.get('reason', '')}").strip()
    table = Table("Scores from 1 to 5", ("Component", "Now", "Target", "Gap"),
                  tuple((g.get("label", ""), _number(g.get("current")), _number(g.get("target")),
                         _signed(g.get("gap"))) for g in r.get("gaps", ())))
    step = r.get("first_step") or {}
    first = f"{step.get('theme', '')}: {step.get('step', '')}" if step else ""
    return summary, [], table, first


def _culture(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    rows = r.get("profile", ())
    has_preferred = any(row.get("preferred") is not None for row in rows)
    head = ("Type", "Now", "Preferred", "Change") if has_preferred else ("Type", "Now")
    table = Table("Culture profile in points (out of 100)", head, tuple(
        (row.get("label", ""), _number(row.get("now")))
        + ((_number(row.get("preferred")), _signed(row.get("change"))) if has_preferred else ())
        for row in rows))
    gaps = r.get("gaps_to_discuss", ())
    if not has_preferred:
        points = ["Preferred was not filled in: answer it to see the gaps to discuss."]
    elif gaps:
        points = [f"Gap to discuss: {g.get('label', '')}, a {g.get('direction', 'change')} of "
                  f"{_number(abs(g.get('change', 0)))} points" for g in gaps]
    else:
        points = [f"No gap of {_number(r.get('threshold'))} points or more: Now and Preferred are close."]
    return f"Dominant type now: {r.get('dominant_now', '')}.", points, table, ""


def _ethics(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    decision = r.get("decision") or "not written yet: decide, and say why, before the first review."
    points = [f"My decision: {decision}"]
    survivors = r.get("pass_every_check", ())
    points.append("Options that pass every value check: " + (join_words(survivors) if survivors else "none") + ".")
    points += [f"{label}: {join_words(names)}." for label, names in (
        ("Largest sum", r.get("largest_total", ())), ("Largest weighted sum", r.get("largest_weighted", ())),
        ("Best for the worst-off group", r.get("best_worst_off", ()))) if names]
    points += list(r.get("flags", ()))
    head = ("Option", "Sum", "Weighted sum", "Worst-off group", "Value checks")
    table = Table("Trade-offs: scores from -3 to +3", head,
                  tuple((o.get("name", ""), _signed(o.get("total")), _signed(o.get("weighted_total")),
                         join_words(o.get("worst_off", ())), o.get("checks", "")) for o in r.get("options", ())))
    return r.get("question", ""), points, table, ""


def _dynamism(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    points = [f"Environment: {r.get('band', '')} (dynamism {_number(r.get('score'))} of 5)."]
    table = Table("Suggested review cadence", ("Part", "Suggested", "Now", "Status"),
                  tuple((p.get("label", ""), p.get("recommended", ""), p.get("actual", ""), p.get("status", ""))
                        for p in r.get("parts", ())))
    return r.get("verdict", ""), points, table, r.get("priority", "")


def _metrics(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    kpis = r.get("kpis", ())
    table = Table(r.get("title") or "My scorecard", ("KPI", "Category", "Baseline", "Target", "Owner", "Review"),
                  tuple((k.get("name", ""), k.get("category", ""), k.get("baseline", ""), k.get("target", ""),
                         k.get("owner", ""), k.get("cadence", "")) for k in kpis))
    categories = {k.get("category", "") for k in kpis}
    summary = f"{plural(len(kpis), 'KPI')} in {plural(len(categories), 'category', 'categories')}."
    return summary, [], table, ""


def _completion(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    table = Table("How ready I am to use each lesson at work", ("Lesson", "Ready"),
                  tuple((row.get("lesson", ""), row.get("rating", "")) for row in r.get("ratings", ())))
    summary = f"My self-assessment at the end of {r.get('level', 'the level')}."
    return summary, [], table, r.get("first_step", "")


def _other(r: Mapping) -> tuple[str, list[str], Table | None, str]:
    return "", [f"{key}: {value}" for key, value in r.items() if isinstance(value, str | int | float)], None, ""


VIEWS = {"smart": _smart, "components": _components, "culture": _culture, "ethics": _ethics,
         "dynamism": _dynamism, "metrics": _metrics, "completion": _completion}


def entry_view(entry: Entry, number: int, printed_on: date) -> EntryView:
    summary, points, table, first_step = VIEWS.get(entry.kind, _other)(entry.result)
    return EntryView(number, entry.title, kind_label(entry.kind),
                     long_date(entry.added) if entry.added else "", summary, tuple(points), table, first_step,
                     tuple(reviews(entry, printed_on)))


def document(plan: Plan, printed_on: date | None = None, where: str | os.PathLike | None = None) -> Document:
    """The plan as every printout shows it, with review dates counted from `printed_on`."""
    printed_on = printed_on or date.today()
    where = str(where if where is not None else plan_path())
    return Document("My action plan", long_date(printed_on), where,
                    tuple(entry_view(e, n, printed_on) for n, e in enumerate(plan.entries, start=1)))


def _md(text: Any) -> str:
    """Text safe inside Markdown: no markup, no table breaks, one line."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def _md_table(table: Table) -> list[str]:
    return [f"*{_md(table.caption)}*", "", "| " + " | ".join(_md(h) for h in table.head) + " |",
            "|" + "---|" * len(table.head), *("| " + " | ".join(_md(c) for c in row) + " |" for row in table.rows), ""]


def markdown(doc: Document) -> str:
    lines = [f"# {_md(doc.title)}", "",
             f"Printed on {doc.printed_on}. Kept on this computer only: {_md(doc.where)}", ""]
    if not doc.entries:
        lines += [_md(doc.empty), ""]
    for e in doc.entries:
        lines += [f"## {e.number}. {_md(e.title)}", "", f"*{_md(e.kind_label)}, added on {e.added}*", ""]
        if e.summary:
            lines += [_md(e.summary), ""]
        if e.points:
            lines += [*(f"- {_md(p)}" for p in e.points), ""]
        if e.table is not None and e.table.rows:
            lines += _md_table(e.table)
        if e.first_step:
            lines += [f"**First step:** {_md(e.first_step)}", ""]
        lines += ["**Reviews:**", "", *(f"- [ ] {_md(r)}" for r in e.reviews), ""]
    return "\n".join(lines)


# -- helpers for the activities' plan_entry functions -----------------------------------------


def entry(kind: str, title: str, result: Mapping[str, Any]) -> Entry:
    """An entry of `kind` (one of KINDS), its result checked to be plain JSON data."""
    json.dumps(result)  # raises TypeError for anything that is not plain data
    return Entry(kind, " ".join(str(title).split())[:120] or kind_label(kind), dict(result))


__all__ = ["KINDS", "PLAN_FILE", "REVIEW_DAYS", "Added", "Document", "Entry", "EntryView", "Loaded", "Plan",
           "PlanFileError", "Table", "add", "document", "entry", "entry_view", "forget", "from_json", "kind_label",
           "load", "long_date", "markdown", "plan_path", "remove", "review_dates", "reviews", "save", "to_json",
           "with_entry", "without"]
