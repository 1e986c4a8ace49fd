"""Tables of sentences for lessons, displayed in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: a table's frame brings pandas with it
    import pandas as pd


def text_table(frame: pd.DataFrame, caption: str | None = None):
    """A table of sentences for a lesson: left-aligned, top-aligned, never cut short.

    pandas' default notebook display truncates long cells with "..." and right-aligns
    them; a pandas Styler shows every word. Returns a `pandas.io.formats.style.Styler`.
    """
    if frame.index.name is not None:  # a named index reads better as the first column
        frame = frame.reset_index()
        styler = frame.style.hide(axis="index")
    else:
        styler = frame.style
    styler = styler.set_properties(**{"text-align": "left", "vertical-align": "top"})
    styler = styler.set_table_styles(
        [
            {"selector": "th", "props": [("text-align", "left"), ("vertical-align", "top")]},
            {"selector": "caption", "props": [("text-align", "left"), ("font-weight", "600")]},
        ]
    )
    return styler.set_caption(caption) if caption else styler
