"""The kit's colours, in one place: the Okabe-Ito palette and the two greys.

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinguishable for the
common forms of colour blindness. Charts still never rely on colour alone: series also differ
by point shape or line style, and the theme (`widgets.charts.theme`) makes these colours the
default for any categorical encoding without a scale of its own.
"""

from __future__ import annotations

OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

# The order in which the kit gives colours to series: the first two are the pair every
# two-series chart uses (blue for the first series, vermillion for the second).
SERIES_COLORS = tuple(
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "black")
)
# The theme's categorical range: the series colours, then the two lightest.
CATEGORY_COLORS = (*SERIES_COLORS, OKABE_ITO["sky_blue"], OKABE_ITO["yellow"])

# The styles of a two-series chart (now and target, two shops, two countries, ...): the
# first in blue with circles and solid lines, the second in vermillion with squares (or
# diamonds) and dashed lines, so the two differ by colour, shape and line style.
FIRST = {"color": OKABE_ITO["blue"], "shape": "circle", "dash": [1, 0]}
SECOND = {"color": OKABE_ITO["vermillion"], "shape": "square", "dash": [6, 4]}
SECOND_DIAMOND = {**SECOND, "shape": "diamond"}

GRID_GREY = "#b0b0b0"
INK = "#333333"


def style_range(style, key: str, domain=None) -> list:
    """`[style[s][key] for s in domain]`: one channel's range from a chart's series styles."""
    return [style[s][key] for s in (style if domain is None else domain)]
