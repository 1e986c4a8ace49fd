"""Read a CSV file against its Frictionless Table Schema, with errors a learner can act on.

Only the parts of Table Schema that the kit's data package uses are supported: the types
string, integer, number, date and boolean; the constraints required, minimum, maximum,
enum and unique; and a primary key. Every problem names the file, the column and the first
bad row, counted as in a spreadsheet (row 1 is the header, so the first data row is row 2).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from widgets.core.lazy import lazy_module

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


INTEGER_PATTERN = r"[+-]?\d+"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}


class DataFileError(ValueError):
    """A data file that does not match its schema. The message says where and why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def _render_traceback_(self):
        # IPython shows this instead of a traceback: the learner needs the where and why,
        # not the loader's internals.
        return [f"{type(self).__name__}: {self.message}"]


def _spreadsheet_row(index: int) -> int:
    return index + 2


def _fail(file_name: str, column: str, index: int, raw: str, reason: str) -> DataFileError:
    return DataFileError(
        f"{file_name}, column '{column}', row {_spreadsheet_row(index)}: {reason} "
        f"(found {raw!r}). The file may have been edited by hand: restore it with "
        "`git checkout datasets/` or rebuild it with `python datasets/generate.py`."
    )


def _first(mask: pd.Series) -> int | None:
    hits = mask[mask].index
    return int(hits[0]) if len(hits) else None


def _parse_column(raw: pd.Series, field: Mapping, file_name: str) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    present = raw != ""
    if kind == "integer":
        bad = _first(present & ~raw.str.fullmatch(INTEGER_PATTERN))
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], "expected a whole number")
        return pd.to_numeric(raw.where(present), errors="coerce").astype("Int64")
    if kind == "number":
        values = pd.to_numeric(raw.where(present), errors="coerce").astype("float64")
        finite = values.map(math.isfinite, na_action="ignore").fillna(False).astype(bool)
        bad = _first(present & ~finite)
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], "expected a number")
        return values
    if kind == "date":
        shaped = raw.str.fullmatch(DATE_PATTERN)
        values = pd.to_datetime(
            raw.where(present & shaped), format="%Y-%m-%d", errors="coerce"
        ).astype("datetime64[ns]")
        bad = _first(present & values.isna())
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], "expected a date written YYYY-MM-DD")
        return values
    if kind == "boolean":
        known = raw.isin(TRUE_VALUES | FALSE_VALUES)
        bad = _first(present & ~known)
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], "expected true or false")
        return raw.map(lambda v: pd.NA if v == "" else v in TRUE_VALUES).astype("boolean")
    if kind == "string":
        return raw.where(present).astype("string")
    raise ValueError(f"Unsupported Table Schema type {kind!r} for column {name!r}")


def _bound(field: Mapping, key: str):
    value = field.get("constraints", {}).get(key)
    if value is not None and field.get("type") == "date":
        return pd.Timestamp(date.fromisoformat(value))
    return value


def _check_constraints(raw: pd.Series, values: pd.Series, field: Mapping, file_name: str) -> None:
    name = field["name"]
    constraints = field.get("constraints", {})
    missing = raw == ""
    if constraints.get("required"):
        bad = _first(missing)
        if bad is not None:
            raise _fail(file_name, name, bad, "", "a value is required here")
    present = ~missing
    series = pd.Series(values, index=raw.index)
    minimum, maximum = _bound(field, "minimum"), _bound(field, "maximum")
    if minimum is not None:
        bad = _first(present & (series < minimum).fillna(False).astype(bool))
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], f"below the minimum {constraints['minimum']}")
    if maximum is not None:
        bad = _first(present & (series > maximum).fillna(False).astype(bool))
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], f"above the maximum {constraints['maximum']}")
    enum = constraints.get("enum")
    if enum:
        bad = _first(present & ~raw.isin([str(v) for v in enum]))
        if bad is not None:
            allowed = ", ".join(map(str, enum))
            raise _fail(file_name, name, bad, raw[bad], f"not one of the allowed values ({allowed})")
    if constraints.get("unique"):
        bad = _first(present & raw.duplicated())
        if bad is not None:
            raise _fail(file_name, name, bad, raw[bad], "this value appears earlier but must be unique")


def _read_raw(path: Path) -> pd.DataFrame:
    file_name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{file_name} is not UTF-8 text (byte {error.start}).") from None
    if not text.strip():
        raise DataFileError(f"{file_name} is empty.")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], [r for r in rows[1:] if r]
    for number, row in enumerate(body):
        if len(row) != len(header):
            raise DataFileError(
                f"{file_name}, row {_spreadsheet_row(number)}: expected {len(header)} values "
                f"separated by commas, found {len(row)}."
            )
    return pd.DataFrame(body, columns=header, dtype="object").astype(str)


def read_table(path: Path, schema: Mapping) -> pd.DataFrame:
    """The file's rows, checked against the schema and converted to pandas types."""
    file_name = path.name
    raw = _read_raw(path)
    expected = [field["name"] for field in schema["fields"]]
    duplicated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if duplicated:
        raise DataFileError(f"{file_name} has the column '{duplicated[0]}' more than once.")
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise DataFileError(f"{file_name} is missing the column '{missing[0]}'.")
    extra = [c for c in raw.columns if c not in expected]
    if extra:
        raise DataFileError(f"{file_name} has an unexpected column '{extra[0]}'.")
    typed = {}
    for field in schema["fields"]:
        column = raw[field["name"]]
        values = _parse_column(column, field, file_name)
        _check_constraints(column, values, field, file_name)
        enum = field.get("constraints", {}).get("enum")
        if enum and field.get("type", "string") == "string":
            # Ordered as the schema lists them, so charts and tables follow that order.
            values = pd.Categorical(values, categories=list(enum))
        typed[field["name"]] = values
    key = schema.get("primaryKey") or []
    if isinstance(key, str):
        key = [key]
    if key:
        repeats = raw.duplicated(subset=key)
        bad = _first(repeats)
        if bad is not None:
            first = _first((raw[key] == raw.loc[bad, key]).all(axis=1))
            values = ", ".join(raw.loc[bad, key])
            raise DataFileError(
                f"{file_name}, rows {_spreadsheet_row(first)} and {_spreadsheet_row(bad)}: "
                f"both have the key ({values}) in column(s) {', '.join(key)}, which must "
                "identify one row."
            )
    return pd.DataFrame(typed)
