"""Structured worksheets: practise what a lesson's objectives promise, field by field.

A worksheet is data: `content/worksheets/<name>.yaml`, checked against the shared
`content/worksheets.schema.json` (`load_content("worksheets/<name>")`). It names the lesson it
belongs to and the objective it practises (one bullet of the lesson's "## Objectives", word for
word), an introduction, its fields and its checks:

- a **field** has an id, a label, help text, a kind (`text`, `long_text`, `number`, `choice` or
  `rows`: a small table such as the steps of a 30-60-90-day plan), whether it is required, and
  limits (`min_length`/`max_length` for text, `min`/`max` for numbers, `min_rows`/`max_rows`);
  a `rows` field has `columns`, each a field of kind text, number or choice;
- a **check** is a rule that gives formative feedback without pretending to grade prose: it
  looks for what a good answer usually contains (a decision named, an owner and a day on every
  step, all four questions answered) or does the arithmetic (a value stream's lead time and
  process-cycle efficiency, compared with the learner's own numbers). Each check has a `met`
  and a `todo` text; some may use placeholders filled from the answers (`PLACEHOLDERS`).

Pure functions, no ipywidgets and no kernel:

- `load_worksheet(name)`: the bank as a `Worksheet` (`worksheet_names()` lists them);
- `parse(sheet, raw, complete=True)`: the learner's raw input (strings from the fields, rows as
  mappings) to `Answers`, raising `WorksheetInputError` (an `InputProblems`) with every
  problem; `complete=False` accepts a draft (required fields may be empty);
- `feedback(sheet, answers)`: one `Feedback` per check, in the bank's order (works on drafts);
- `to_markdown(sheet, answers, notes)`: the worksheet as Markdown, for the learner to keep.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from widgets.core.content import CONTENT_DIR, ContentError, bank_path, load_content
from widgets.core.problems import InputProblems
from widgets.core.text import join_words

GROUP = "worksheets"  # the banks' folder in content/ and the name of their shared schema
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELD_KINDS = ("text", "long_text", "number", "choice", "rows")
COLUMN_KINDS = ("text", "number", "choice")
DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 2000, "choice": 200}

# What each kind of check needs from the bank, and the placeholders its texts may use.
CHECK_PARAMETERS: dict[str, tuple[str, ...]] = {
    "filled": ("fields",),
    "mentions": ("field", "any"),
    "avoids": ("field", "none"),
    "min_words": ("field", "words"),
    "rows_complete": ("field", "columns"),
    "rows_cover": ("field", "column", "values"),
    "rows_any": ("field", "column", "values"),
    "rows_none": ("field", "column", "values"),
    "rows_count": ("field",),
    "number_between": ("field",),
    "choice_is": ("field", "values"),
    "pairs": ("field", "answer", "pairs"),
    "total": ("field", "amount", "answer", "tolerance"),
    "share": ("field", "amount", "group", "value", "answer", "tolerance"),
    "largest": ("field", "amount", "group", "answer"),
}
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "filled": frozenset({"missing"}),
    "mentions": frozenset(),
    "avoids": frozenset({"found"}),
    "min_words": frozenset({"count"}),
    "rows_complete": frozenset({"missing"}),
    "rows_cover": frozenset({"missing"}),
    "rows_any": frozenset(),
    "rows_none": frozenset({"found"}),
    "rows_count": frozenset({"count"}),
    "number_between": frozenset({"answer"}),
    "choice_is": frozenset({"answer"}),
    "pairs": frozenset({"answer", "expected"}),
    "total": frozenset({"answer", "computed"}),
    "share": frozenset({"answer", "computed"}),
    "largest": frozenset({"answer", "computed"}),
}


class WorksheetInputError(InputProblems):
    """A worksheet that cannot be checked yet: every field that needs fixing, one sentence each."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # one of FIELD_KINDS (a column: one of COLUMN_KINDS)
    help: str = ""
    required: bool = False
    min_length: int = 0
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    options: tuple[str, ...] = ()
    columns: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int = 10
    start_rows: int = 3
    row_label: str = "Row"

    def column(self, key: str) -> Field:
        return next(column for column in self.columns if column.key == key)


@dataclass(frozen=True)
class Check:
    key: str
    kind: str  # one of CHECK_PARAMETERS
    met: str
    todo: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Worksheet:
    name: str
    title: str
    lesson: str
    level: str
    objective: str
    intro: str
    fields: tuple[Field, ...]
    checks: tuple[Check, ...]

    def field(self, key: str) -> Field:
        return next(field for field in self.fields if field.key == key)


@dataclass(frozen=True)
class Feedback:
    check: str  # the check's id
    met: bool
    text: str


# Answers: field id -> "" or text (text, long_text, choice), None or a float (number), or a tuple
# of rows (only the rows with something in them), each a dict of column id -> value as above.
Answers = dict[str, Any]


# -- the banks -------------------------------------------------------------------------------------


def bank_name(name: str) -> str:
    """The content name of worksheet `name`, e.g. "worksheets/after-action-review"."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise WorksheetInputError(f"{str(name)[:60]!r} is not a worksheet's name: use e.g. \"after-action-review\".")
    return f"{GROUP}/{name}"


def worksheet_names(folder=CONTENT_DIR) -> tuple[str, ...]:
    """Every worksheet's name, sorted."""
    return tuple(sorted(path.stem for path in (folder / GROUP).glob("*.yaml")))


def _field(data: Mapping) -> Field:
    return Field(
        key=data["id"], label=data["label"], kind=data["kind"], help=data.get("help", ""),
        required=data.get("required", False), min_length=data.get("min_length", 0),
        max_length=data.get("max_length", DEFAULT_MAX_LENGTH.get(data["kind"])),
        minimum=data.get("min"), maximum=data.get("max"), unit=data.get("unit", ""),
        options=tuple(data.get("options", ())), columns=tuple(_field(c) for c in data.get("columns", ())),
        min_rows=data.get("min_rows", 0), max_rows=data.get("max_rows", 10),
        start_rows=data.get("start_rows", max(3, data.get("min_rows", 0))),
        row_label=data.get("row_label", "Row"),
    )


def worksheet_problems(data: Mapping) -> list[str]:
    """What the schema cannot check: unique ids, checks that name fields, columns and options
    that exist, sensible limits, placeholders the check can fill. [] for a usable bank."""
    problems: list[str] = []
    fields = {f["id"]: f for f in data["fields"]}

    def repeated(kind: str, ids: list[str]) -> None:
        again = sorted({i for i in ids if ids.count(i) > 1})
        if again:
            problems.append(f"the {kind} id{'s' if len(again) > 1 else ''} {join_words(again)} "
                            f"appear{'' if len(again) > 1 else 's'} more than once")

    repeated("field", [f["id"] for f in data["fields"]])
    repeated("check", [c["id"] for c in data["checks"]])
    for field in data["fields"]:
        where = f"field {field['id']}"
        columns = field.get("columns", [])
        if field["kind"] == "rows":
            if not columns:
                problems.append(f"{where} is a table of rows but has no columns")
            repeated(f"column (in {where})", [c["id"] for c in columns])
            low, high = field.get("min_rows", 0), field.get("max_rows", 10)
            start = field.get("start_rows", max(3, low))
            if not (low <= start <= high) or high < 1:
                problems.append(f"{where} needs min_rows <= start_rows <= max_rows, and max_rows of 1 or more")
        elif columns:
            problems.append(f"{where} has columns, but only a rows field can")
        for part in [field, *columns]:
            name = where if part is field else f"{where} > column {part['id']}"
            if part is not field and part["kind"] not in COLUMN_KINDS:
                kinds = join_words(COLUMN_KINDS, "or")
                problems.append(f"{name} is of kind {part['kind']}, but a column can only be {kinds}")
            options = part.get("options", [])
            if (part["kind"] == "choice") != bool(options):
                problems.append(f"{name}: a choice needs options, and only a choice has them")
            if len(set(options)) != len(options):
                problems.append(f"{name} lists an option twice")
            if part.get("min_length", 0) > part.get("max_length", math.inf):
                problems.append(f"{name}: min_length is above max_length")
            if part.get("min", -math.inf) > part.get("max", math.inf):
                problems.append(f"{name}: min is above max")
    for check in data["checks"]:
        problems.extend(_check_problems(check, fields))
    return problems


def _check_problems(check: Mapping, fields: Mapping[str, Mapping]) -> list[str]:
    where = f"check {check['id']} ({check['kind']})"
    kind = check["kind"]
    missing = [p for p in CHECK_PARAMETERS[kind] if p not in check]
    if missing:
        return [f"{where} needs {join_words(missing)}"]
    problems = []
    for text in ("met", "todo"):
        used = set(re.findall(r"{(\w*)}", check[text]))
        unknown = sorted(used - PLACEHOLDERS[kind])
        if unknown:
            problems.append(f"{where}: its {text} text uses {{{'}, {'.join(unknown)}}}, which it cannot fill")
    names = list(check.get("fields", [])) + [check[p] for p in ("field", "answer") if p in check]
    for name in names:
        if name not in fields:
            problems.append(f"{where} names the field {name}, which the worksheet does not have")
    if problems:
        return problems
    field = fields[check["field"]] if "field" in check else None
    expected_kind = {
        "rows_complete": "rows", "rows_cover": "rows", "rows_any": "rows", "rows_none": "rows",
        "rows_count": "rows", "total": "rows", "share": "rows", "largest": "rows",
        "number_between": "number", "choice_is": "choice", "pairs": "choice",
    }.get(kind)
    if field is not None and expected_kind and field["kind"] != expected_kind:
        problems.append(f"{where} needs a {expected_kind} field, but {field['id']} is {field['kind']}")
        return problems
    columns = {c["id"]: c for c in field.get("columns", [])} if field else {}
    if field is not None and field["kind"] == "rows":
        wanted = list(check.get("columns", [])) + [check[p] for p in ("column", "amount", "group") if p in check]
        for name in wanted:
            if name not in columns:
                problems.append(f"{where} names the column {name}, which {field['id']} does not have")
        if kind in ("mentions", "avoids", "min_words") and "column" not in check:
            problems.append(f"{where} on a rows field needs the column to read")
        for name in (check.get("amount"),):
            if name in columns and columns[name]["kind"] != "number":
                problems.append(f"{where}: the amount column {name} must be a number")
    options_of = {"rows_cover": check.get("column"), "rows_any": check.get("column"),
                  "rows_none": check.get("column"), "share": check.get("group")}
    column = columns.get(options_of.get(kind)) if kind in options_of else None
    allowed = column.get("options") if column else (field.get("options") if kind == "choice_is" else None)
    listed = [check["value"]] if kind == "share" else check.get("values", [])
    if allowed:
        for value in listed:
            if value not in allowed:
                problems.append(f"{where}: {value!r} is not one of the options")
    if kind in ("total", "share") and fields[check["answer"]]["kind"] != "number":
        problems.append(f"{where}: the answer field {check['answer']} must be a number")
    if kind == "largest" and fields[check["answer"]]["kind"] != "choice":
        problems.append(f"{where}: the answer field {check['answer']} must be a choice")
    if kind == "pairs":
        answer_options = fields[check["answer"]].get("options", [])
        for pair in check["pairs"]:
            if pair["when"] not in field.get("options", []) or pair["expect"] not in answer_options:
                problems.append(f"{where}: the pair {pair['when']!r} -> {pair['expect']!r} uses a value "
                                "that is not an option")
    return problems


def load_worksheet(name: str, folder=CONTENT_DIR) -> Worksheet:
    """Worksheet `name`; ContentError when it is missing or broken (one sentence)."""
    content = bank_name(name)
    data = load_content(content, folder)
    problems = worksheet_problems(data)
    if problems:
        raise ContentError(f"{bank_path(content, folder)}: {'; '.join(problems)}.")
    return Worksheet(
        name=name, title=data["title"], lesson=data["lesson"], level=data["level"],
        objective=data["objective"], intro=data["intro"],
        fields=tuple(_field(f) for f in data["fields"]),
        checks=tuple(Check(c["id"], c["kind"], c["met"], c["todo"],
                           {k: v for k, v in c.items() if k not in ("id", "kind", "met", "todo")})
                     for c in data["checks"]),
    )


# -- reading the learner's input -------------------------------------------------------------------


def parse_number(text: Any) -> float | None:
    """A number as a learner types it: "12", "12.5", "12,5", "40 %"; None when empty.
    ValueError when it is not a number."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int | float):
        value = float(text)
    else:
        cleaned = str(text).strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
        if not cleaned:
            return None
        if "," in cleaned and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
            raise ValueError(text)
        value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _number_text(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.3g}"


def _read(field: Field, raw: Any, where: str, complete: bool, problems: list[str]) -> Any:
    """One field's (or cell's) value, adding a sentence to `problems` for each fault."""
    if field.kind == "number":
        try:
            value = parse_number(raw)
        except ValueError:
            problems.append(f"{where}: {str(raw).strip()[:30]!r} is not a number (write e.g. 12 or 12.5).")
            return None
        if value is None:
            if complete and field.required:
                problems.append(f"{where}: please give a number.")
            return None
        if field.minimum is not None and value < field.minimum or field.maximum is not None and value > field.maximum:
            low = _number_text(field.minimum) if field.minimum is not None else None
            high = _number_text(field.maximum) if field.maximum is not None else None
            span = (f"between {low} and {high}" if low is not None and high is not None
                    else f"at least {low}" if low is not None else f"at most {high}")
            problems.append(f"{where}: {_number_text(value)} is outside the range this asks for ({span}).")
        return value
    text = "" if raw is None else str(raw).strip()
    if field.kind == "choice":
        if text and text not in field.options:
            problems.append(f"{where}: {text[:40]!r} is not one of the choices.")
            return ""
        if not text and complete and field.required:
            problems.append(f"{where}: please choose one.")
        return text
    if not text:
        if complete and field.required:
            problems.append(f"{where}: please fill this in.")
        return ""
    if field.max_length is not None and len(text) > field.max_length:
        problems.append(f"{where}: {len(text)} characters; please keep it to {field.max_length}.")
    elif complete and len(text) < field.min_length:
        problems.append(f"{where}: a few more words, please (at least {field.min_length} characters).")
    return text


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse(sheet: Worksheet, raw: Mapping[str, Any], complete: bool = True) -> Answers:
    """The learner's input as `Answers`, or WorksheetInputError with every problem.

    `raw` maps field ids to what was typed (a string, a number, or for a rows field a sequence
    of mappings of column id to what was typed); a missing id counts as empty. Rows with nothing
    in them are left out. `complete=False` reads a draft: required fields may still be empty.
    """
    problems: list[str] = []
    answers: Answers = {}
    for field in sheet.fields:
        value = raw.get(field.key)
        if field.kind != "rows":
            answers[field.key] = _read(field, value, field.label, complete, problems)
            continue
        rows = []
        given = value if isinstance(value, Sequence) and not isinstance(value, str) else ()
        for number, row in enumerate(given, start=1):
            row = row if isinstance(row, Mapping) else {}
            if all(_empty(row.get(column.key)) for column in field.columns):
                continue
            rows.append({
                column.key: _read(column, row.get(column.key), f"{field.label}, {field.row_label.lower()} {number}, "
                                  f"{column.label}", complete, problems)
                for column in field.columns
            })
        if len(rows) > field.max_rows:
            problems.append(f"{field.label}: {len(rows)} rows; please keep it to {field.max_rows}.")
        elif complete and (field.required or rows) and len(rows) < field.min_rows:
            problems.append(f"{field.label}: please fill in at least {field.min_rows} "
                            f"row{'' if field.min_rows == 1 else 's'} ({len(rows)} so far).")
        answers[field.key] = tuple(rows)
    if problems:
        raise WorksheetInputError(problems)
    return answers


# -- the checks ------------------------------------------------------------------------------------


def _patterns(words: Sequence[str]) -> list[re.Pattern]:
    """A word or phrase matches where a word starts: "priorit" finds "priorities"."""
    return [re.compile(r"(?<!\w)" + re.escape(word.lower()).replace(r"\ ", r"\s+")) for word in words]


def _texts(check: Check, answers: Answers) -> list[str]:
    """The text(s) a text check reads: the field, or one column of every row."""
    value = answers.get(check.params["field"])
    if isinstance(value, tuple):
        return [str(row.get(check.params["column"]) or "") for row in value]
    return [] if _empty(value) else [str(value)]


def _fmt(text: str, **values: Any) -> str:
    return text.format_map({key: values.get(key, "") for key in re.findall(r"{(\w*)}", text)})


def _round(value: float, places: int = 1) -> str:
    return f"{round(value, places):g}"


def _group_totals(rows: Sequence[Mapping], amount: str, group: str) -> dict[str, float]:
    totals: dict[str, float] = {}
    for row in rows:
        if row.get(amount) is not None and row.get(group):
            totals[row[group]] = totals.get(row[group], 0.0) + row[amount]
    return totals


def stream_figures(rows: Sequence[Mapping], amount: str, group: str, value: str) -> tuple[float, float, float]:
    """A value stream's lead time (every step's time), value-added time (the steps whose `group`
    is `value`) and process-cycle efficiency (value-added / lead time, in percent; 0 when the
    lead time is 0). Rows without a time count as 0."""
    lead = math.fsum(row[amount] for row in rows if row.get(amount) is not None)
    added = math.fsum(row[amount] for row in rows if row.get(amount) is not None and row.get(group) == value)
    return lead, added, (100 * added / lead if lead > 0 else 0.0)


def evaluate(sheet: Worksheet, check: Check, answers: Answers) -> Feedback:
    """One check of `sheet` against the answers (a draft is fine: an empty field does not meet it)."""
    p = check.params
    kind = check.kind
    values: dict[str, Any] = {}
    met = False
    if kind == "filled":
        missing = [sheet.field(key).label for key in p["fields"] if _empty(answers.get(key)) or answers.get(key) == ()]
        met, values["missing"] = not missing, join_words([f"“{label}”" for label in missing])
    elif kind == "mentions":
        texts, patterns = _texts(check, answers), _patterns(p["any"])
        hits = [any(pattern.search(text.lower()) for pattern in patterns) for text in texts if text.strip()]
        met = bool(hits) and (all(hits) if p.get("every") else any(hits))
    elif kind == "avoids":
        found = sorted({word for word, pattern in zip(p["none"], _patterns(p["none"]), strict=True)
                        for text in _texts(check, answers) if pattern.search(text.lower())})
        texts = [text for text in _texts(check, answers) if text.strip()]
        met, values["found"] = bool(texts) and not found, join_words([f"“{word}”" for word in found])
    elif kind == "min_words":
        count = sum(len(re.findall(r"[^\W_][\w'’-]*", text)) for text in _texts(check, answers))
        met, values["count"] = count >= p["words"], count
    elif kind == "rows_complete":
        rows = answers.get(p["field"]) or ()
        gaps = [number for number, row in enumerate(rows, start=1) if any(_empty(row.get(c)) for c in p["columns"])]
        met, values["missing"] = bool(rows) and not gaps, join_words([str(n) for n in gaps])
    elif kind in ("rows_cover", "rows_any", "rows_none"):
        seen = {row.get(p["column"]) for row in answers.get(p["field"]) or ()}
        rows = answers.get(p["field"]) or ()
        if kind == "rows_cover":
            missing = [value for value in p["values"] if value not in seen]
            met, values["missing"] = not missing, join_words(missing)
        elif kind == "rows_any":
            met = any(value in seen for value in p["values"])
        else:
            found = [value for value in p["values"] if value in seen]
            met, values["found"] = bool(rows) and not found, join_words(found)
    elif kind == "rows_count":
        count = len(answers.get(p["field"]) or ())
        met, values["count"] = p.get("min", 1) <= count <= p.get("max", math.inf), count
    elif kind == "number_between":
        answer = answers.get(p["field"])
        met = answer is not None and p.get("min", -math.inf) <= answer <= p.get("max", math.inf)
        values["answer"] = "" if answer is None else _number_text(answer)
    elif kind == "choice_is":
        answer = answers.get(p["field"]) or ""
        met, values["answer"] = answer in p["values"], answer
    elif kind == "pairs":
        given, answer = answers.get(p["field"]) or "", answers.get(p["answer"]) or ""
        expected = next((pair["expect"] for pair in p["pairs"] if pair["when"] == given), "")
        met = bool(given) and answer == expected
        values.update(answer=answer, expected=expected)
    elif kind in ("total", "share", "largest"):
        rows = answers.get(p["field"]) or ()
        answer = answers.get(p["answer"])
        if kind == "largest":
            totals = {k: v for k, v in _group_totals(rows, p["amount"], p["group"]).items()
                      if k not in p.get("exclude", ())}
            top = max(totals.values(), default=0.0)
            largest = sorted(k for k, v in totals.items() if v == top and top > 0)
            met = bool(answer) and answer in largest
            values.update(answer=answer or "", computed=join_words(largest, "or") if largest else "")
        else:
            lead, _added, share = stream_figures(rows, p["amount"], p.get("group", ""), p.get("value", ""))
            computed = lead if kind == "total" else share
            met = bool(rows) and answer is not None and lead > 0 and abs(answer - computed) <= p["tolerance"] + 1e-9
            values.update(answer="" if answer is None else _number_text(answer), computed=_round(computed))
    return Feedback(check.key, met, _fmt(check.met if met else check.todo, **values))


def feedback(sheet: Worksheet, answers: Answers) -> list[Feedback]:
    """One Feedback per check, in the bank's order."""
    return [evaluate(sheet, check, answers) for check in sheet.checks]


def summary(notes: Sequence[Feedback]) -> str:
    """One sentence about the feedback, saying what it is not: a grade."""
    met = sum(note.met for note in notes)
    if met == len(notes):
        return (f"All {len(notes)} checks found what a strong worksheet usually has. They read patterns, "
                "not meaning: ask a colleague whether it would work.")
    return (f"{met} of {len(notes)} checks found what a strong worksheet usually has. These are prompts to "
            "improve it, not a grade: read the ones marked “Worth a look”.")


# -- keeping it --------------------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text safe inside a Markdown paragraph or table cell: no table breaks, no stray markup."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)
    return text


def _cell(value: Any) -> str:
    if value is None or value == "":
        return " "
    if isinstance(value, float):
        return _number_text(value)
    return _md(value).replace("\n", "<br>")


def to_markdown(sheet: Worksheet, answers: Answers, notes: Sequence[Feedback] | None = None) -> str:
    """The worksheet as Markdown: title, lesson and objective, every field with its answer, and
    the checks' feedback (computed from the answers unless `notes` are given)."""
    notes = feedback(sheet, answers) if notes is None else notes
    lines = [f"# {_md(sheet.title)}", "",
             f"*Lesson:* {_md(sheet.lesson)}  ", f"*Objective:* {_md(sheet.objective)}", ""]
    for field in sheet.fields:
        value = answers.get(field.key)
        lines.append(f"## {_md(field.label)}")
        lines.append("")
        if field.kind == "rows":
            rows = value or ()
            lines.append("| " + " | ".join(_md(c.label) for c in field.columns) + " |")
            lines.append("|" + "---|" * len(field.columns))
            for row in rows:
                lines.append("| " + " | ".join(_cell(row.get(c.key)) for c in field.columns) + " |")
            if not rows:
                lines.append("| " + " | ".join(" " for _ in field.columns) + " |")
        elif value is None or value == "":
            lines.append("*(not filled in yet)*")
        elif field.kind == "number":
            lines.append(f"{_number_text(value)}{' ' + _md(field.unit) if field.unit else ''}")
        else:
            lines.append(_md(value))
        lines.append("")
    lines += ["## Feedback from the checks", "", _md(summary(notes)), ""]
    lines += [f"- {'Found' if note.met else 'Worth a look'}: {_md(note.text)}" for note in notes]
    return "\n".join(lines) + "\n"


def file_name(sheet: Worksheet) -> str:
    """The name a downloaded worksheet is saved under."""
    return f"{sheet.name}.md"
