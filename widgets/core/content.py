"""Content as data: statements, question banks, catalogues and feedback texts in YAML banks.

Each bank is `widgets/core/content/<name>.yaml`, checked against the JSON Schema beside it,
`<name>.schema.json`. A trainer rewords a statement in the YAML file; the logic module reads
the bank once and turns it into the types it has always offered (tuples, dicts, dataclasses):

    STATEMENTS = load_content("culture")["statements"]

Banks of one kind share a schema: `<group>/<stem>.yaml` (a lesson's question bank,
`knowledge/five-components.yaml`) is checked against `<group>.schema.json`, and read with
`load_content("knowledge/five-components")`; a structured worksheet,
`worksheets/value-stream.yaml`, is checked against `worksheets.schema.json` the same way.

A bank that does not match its schema stops the import with a `ContentError` that names the
file, the place inside it and what is wrong, in one sentence.

Lesson kernels stay lean: PyYAML is light, but jsonschema is not (about a second to import),
so a bank is first checked by `quick_check`, a small validator for the subset of JSON Schema
the kit's schemas use (`QUICK_KEYWORDS`; a test keeps every schema inside it). Only a bank that
fails the quick check is handed to jsonschema (Draft 2020-12, `best_match`) for the message.
The tests validate every bank with jsonschema itself.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CONTENT_DIR", "QUICK_KEYWORDS", "ContentError", "bank_path", "load_content", "quick_check",
           "schema_path", "validate"]

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# libyaml's parser when PyYAML was built with it (conda-forge and the wheels are): ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The JSON Schema keywords `quick_check` understands; annotations are listed with them.
QUICK_KEYWORDS = frozenset({
    "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    "minLength", "minProperties", "enum", "const", "pattern", "propertyNames", "$ref", "$defs",
    "$schema", "$id", "$comment", "title", "description",
})

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class ContentError(ValueError):
    """A content bank that cannot be used: the message names file, place and problem."""


# A bank's name: "culture", or "<group>/<stem>" for a bank that shares its group's schema.
_NAME = re.compile(r"[a-z0-9_][a-z0-9_-]*(/[a-z0-9_][a-z0-9_-]*)?")


def _parts(name: str) -> list[str]:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ContentError(f"{name!r} is not the name of a content bank (e.g. 'culture' or 'knowledge/smart-goals').")
    return name.split("/")


def bank_path(name: str, folder: Path = CONTENT_DIR) -> Path:
    """The YAML file of bank `name`: `<name>.yaml` in `folder` (a group's bank in its subfolder)."""
    return Path(folder).joinpath(*_parts(name)).with_suffix(".yaml")


def schema_path(name: str, folder: Path = CONTENT_DIR) -> Path:
    """The schema bank `name` is checked against: its own, or its group's for `<group>/<stem>`."""
    return Path(folder) / f"{_parts(name)[0]}.schema.json"


@functools.cache
def load_content(name: str, folder: Path = CONTENT_DIR) -> Any:
    """Bank `name` from `folder`, checked against its schema; read once per process.

    `name` is a bank's stem ("culture") or `<group>/<stem>` ("knowledge/smart-goals"), which is
    checked against the group's shared schema (`knowledge.schema.json`).
    The result is shared by every caller: convert it, never change it in place.
    """
    path = bank_path(name, folder)
    data = _read_yaml(path)
    schema = _read_schema(schema_path(name, folder))
    if not quick_check(data, schema, schema):
        validate(data, schema, path)
    return data


def validate(data: Any, schema: dict, path: Path) -> None:
    """Check `data` against `schema` with jsonschema; raise `ContentError` on the best match."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        raise ContentError(f"{path}, at {_where(error.absolute_path)}: {_problem(error)}.")


def _where(parts) -> str:
    parts = list(parts)
    shown = [f"item {part + 1}" if isinstance(part, int) else str(part) for part in parts]
    return " > ".join(shown) if shown else "the top level"


def _problem(error) -> str:
    """jsonschema's message, without a dump of a large value."""
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {_A_TYPE.get(expected, expected)}, found {_kind(error.instance)}"
    shown = repr(error.instance)
    return error.message.replace(shown, _kind(error.instance)) if len(shown) > 60 else error.message


_A_TYPE = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with -)",
           "string": "a text", "integer": "a whole number", "number": "a number",
           "boolean": "true or false", "null": "nothing"}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return f"a mapping with {len(value)} key{'' if len(value) == 1 else 's'}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return repr(value)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror or error}).") from None
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ContentError(f"{path}, at {where}: {problem}.") from None


def _read_schema(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(f"{path}: the schema cannot be read ({error}).") from None


def _referenced(reference: str, root: dict) -> dict | bool:
    if not reference.startswith("#/"):
        return True  # not ours to follow: jsonschema will, should the quick check fail
    schema = root
    for part in reference[2:].split("/"):
        schema = schema[part]
    return schema


def _same(value: Any, allowed: Any) -> bool:
    """Equal as JSON values: true is not 1."""
    return value == allowed and isinstance(value, bool) == isinstance(allowed, bool)


def quick_check(value: Any, schema: dict | bool, root: dict) -> bool:
    """True when `value` matches `schema` (the QUICK_KEYWORDS subset of JSON Schema)."""
    if schema is True:
        return True
    if schema is False:
        return False
    if "$ref" in schema and not quick_check(value, _referenced(schema["$ref"], root), root):
        return False  # in Draft 2020-12 a $ref applies together with its siblings
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else expected
        if not any(_TYPES[name](value) for name in names):
            return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if "enum" in schema and not any(_same(value, allowed) for allowed in schema["enum"]):
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            return False
        if "items" in schema and not all(quick_check(item, schema["items"], root) for item in value):
            return False
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            return False
        if any(key not in value for key in schema.get("required", ())):
            return False
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key, item in value.items():
            if names is not None and not quick_check(key, names, root):
                return False
            if not quick_check(item, properties.get(key, extra), root):
                return False
    return True
