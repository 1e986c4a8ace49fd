"""Load the kit's case-study data: validated, typed, and from any working directory.

    from widgets.data import load, available
    bakery = load("bakery_operations")

The files live in the repository's `datasets/` folder, found relative to this package, so a
Voila page, JupyterLab, an nbgrader `submitted/<student>/<assignment>/` folder and a test's
temporary folder all read the same data. Set ALIGNED_DATA_DIR to read another copy.
"""

from __future__ import annotations

import difflib
import json
import os
from functools import lru_cache
from pathlib import Path

from widgets.core.datachecks import DOMAIN_CHECKS
from widgets.core.lazy import lazy_module
from widgets.core.tableschema import DataFileError, read_table

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")

__all__ = ["DataFileError", "UnknownDatasetError", "available", "data_dir", "describe", "load"]

PACKAGE_FILE = "datapackage.json"


class UnknownDatasetError(DataFileError, KeyError):
    """A name that is not in the data package; the message lists the ones that are."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


def data_dir() -> Path:
    configured = os.environ.get("ALIGNED_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(__file__).resolve().parent.parent / "datasets"


def _package() -> dict:
    path = data_dir() / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(
            f"The data package was not found at {path}. Run `python datasets/generate.py` "
            "or set ALIGNED_DATA_DIR to the folder that holds datapackage.json."
        ) from None
    except json.JSONDecodeError as error:
        raise DataFileError(f"{PACKAGE_FILE} is not valid JSON (line {error.lineno}).") from None


def available() -> list[str]:
    """The names of the data sets, in teaching order."""
    return [resource["name"] for resource in _package()["resources"]]


def describe(name: str) -> dict:
    """The data package's descriptor for one data set: title, description, source, schema."""
    for resource in _package()["resources"]:
        if resource["name"] == name:
            return resource
    names = available()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise UnknownDatasetError(
        f"There is no data set called {name!r}.{hint} Available: {', '.join(names)}."
    )


@lru_cache(maxsize=32)
def _load_cached(name: str, path: str, modified_ns: int, size: int) -> pd.DataFrame:
    resource = describe(name)
    frame = read_table(Path(path), resource["schema"])
    problems = DOMAIN_CHECKS.get(name, lambda _frame: [])(frame)
    if problems:
        raise DataFileError(f"{Path(path).name}: {problems[0]}")
    return frame


def load(name: str) -> pd.DataFrame:
    """One data set as a typed DataFrame, checked against its schema.

    Raises UnknownDatasetError for a name that does not exist and DataFileError, naming the
    file, the column and the first bad row, for a file that does not match its schema.
    """
    resource = describe(name)
    path = data_dir() / resource["path"]
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataFileError(
            f"{resource['path']} is missing from {data_dir()}. Restore it with "
            "`git checkout datasets/` or rebuild it with `python datasets/generate.py`."
        ) from None
    # The cache key includes the file's size and time, so an edited file is read again.
    return _load_cached(name, str(path), stat.st_mtime_ns, stat.st_size).copy()
