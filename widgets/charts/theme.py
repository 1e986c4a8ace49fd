"""The kit's one Altair theme, "aligned": Okabe-Ito colours, no frame around a plot, one font.

Registered and enabled when Altair is first imported by `widgets.charts` (see
`render._altair_imported`), so a lesson that shows no chart never imports Altair. A theme's
config merges into every chart's `to_dict()`; a chart's own `configure_*` still wins.
"""

from __future__ import annotations

from types import ModuleType

from widgets.charts.palette import CATEGORY_COLORS

NAME = "aligned"

# Vega's own default, named once so that every chart says the same and a change is one line.
FONT = "sans-serif"


def config() -> dict:
    """The theme's Vega-Lite config (a fresh dict on every call: Altair may update it)."""
    return {
        "config": {
            # Altair's default theme sets the size of a chart that gives none; kept as it was.
            "view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
            "range": {"category": list(CATEGORY_COLORS)},
            "font": FONT,
        }
    }


def enable(altair: ModuleType) -> None:
    """Register the theme with this Altair and make it the active one."""
    altair.theme.register(NAME, enable=True)(config)
