"""Standalone HTML from Jinja2 templates (`widgets/templates/`), autoescaped.

Every page the kit writes on its own (the live session report, the grading cohort report, the
feedback page of a submission that could not be graded) and the tables shown inside widgets come
from these templates. Autoescaping is on: a value is escaped unless it is `markupsafe.Markup`,
which a caller uses only for HTML it made safe itself (an inline SVG chart), and says so.

Values are escaped the way `html.escape` escapes them (`'` as `&#x27;`), so a page reads byte for
byte as it did when it was built by hand. The kit's one stylesheet, `templates/aligned.css`, is
included by the page templates here, once per page by the Voila template
(`share/jupyter/voila/templates/aligned/aligned.css`, a link to the same file) and, where
no template carries it (JupyterLab), added once per kernel by `widgets.ui.style_widget`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


@dataclass(frozen=True)
class Cell:
    """A table cell with a class, a row heading (`<th scope='row'>`) out of the first column
    (`header`), or a cell spanning `colspan` columns (a row that says why it has no numbers)."""

    text: Any
    css_class: str | None = None
    header: bool = False
    colspan: int | None = None


@dataclass(frozen=True)
class Row:
    """A table row with a class on its `<tr>` (a status, a hidden group); `cells` as in a plain row."""

    cells: list
    css_class: str | None = None


def _escaped(value: Any) -> Markup:
    # Runs on every {{ value }} before autoescaping: html.escape's spelling, Markup untouched.
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value)))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("widgets", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        finalize=_escaped,
        keep_trailing_newline=True,
    )
    env.tests["cell"] = lambda value: isinstance(value, Cell)
    env.tests["row"] = lambda value: isinstance(value, Row)
    return env


def render(name: str, **context: Any) -> str:
    """The template `name` (in `widgets/templates/`) filled with `context`, as a string."""
    return environment().get_template(name).render(**context)


def table(caption: str | None, head: list[str], rows: list[list], *, css_class: str | None = "aligned-table",
          row_headers: bool = True) -> str:
    """One table of the kit (`table.html.j2`): `<th scope='col'>` heads (a head may be a `Cell`,
    for its class), the first column as row headings when `row_headers`; a row is a list of
    cells or a `Row`; a cell is a value (escaped), `Cell` or `Markup` (markup the caller built
    from escaped parts, e.g. `Markup("{} <strong>(wide)</strong>").format(value)`)."""
    macro = environment().get_template("table.html.j2").module.table
    return str(macro(caption, head, rows, css_class, row_headers))
