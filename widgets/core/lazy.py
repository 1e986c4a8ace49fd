"""Modules imported on first use, so a lesson kernel loads only what the page needs.

    pd = lazy_module("pandas")   # instead of `import pandas as pd`

The name then works like the module (`pd.DataFrame`, `isinstance(x, pd.Series)`), but pandas
is imported the first time an attribute is read, not when the importing module loads. Use it
for heavy libraries (pandas, numpy, Altair) in modules that a page imports before the learner
acts; annotations are fine as they are, because every module here has
`from __future__ import annotations`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType

__all__ = ["LazyModule", "lazy_module"]


class LazyModule:
    """Stands in for a module until one of its attributes is read."""

    __slots__ = ("_module", "_name", "_on_import")

    def __init__(self, name: str, on_import: Callable[[ModuleType], None] | None = None):
        self._name = name
        self._module: ModuleType | None = None
        self._on_import = on_import

    @property
    def loaded(self) -> bool:
        """True once the module is imported, here or by anyone else in this process."""
        return self._module is not None or self._name in sys.modules

    def load(self) -> ModuleType:
        if self._module is None:
            module = importlib.import_module(self._name)
            self._module = module
            if self._on_import is not None:
                self._on_import(module)
        return self._module

    def __getattr__(self, attribute: str):
        return getattr(self.load(), attribute)

    def __dir__(self):
        return dir(self.load())

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<lazy module {self._name!r} ({state})>"


def lazy_module(name: str, on_import: Callable[[ModuleType], None] | None = None) -> LazyModule:
    return LazyModule(name, on_import)
