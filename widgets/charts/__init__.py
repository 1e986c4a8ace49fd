"""Altair chart builders shared by every view, rendered offline: one module per family.

Every chart carries a plain-text description (Vega-Lite's `description`, which becomes the
SVG's ARIA label) and uses the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Series differ by line style and point shape as well as
colour, so no chart relies on colour alone.

    palette.py   the Okabe-Ito colours, the greys, the order of series colours
    theme.py     the one Altair theme ("aligned"): palette, no view stroke, font
    render.py    Altair and pandas loaded with the first chart; offline JupyterChart widgets
    export.py    to_svg (every static report) and static_chart (worked examples)
    <logic>.py   the charts of one family, named like the core module they draw
                 (culture.py draws widgets.core.culture, sessions.py widgets.core.sessions, ...)

Every public name is re-exported here, so `from widgets import charts; charts.kite_chart(...)`
works; a new family module adds its names below.
"""

from __future__ import annotations

from widgets.charts.bakery_case import BAKERY_ROLE_COLORS, bakery_timeline_chart
from widgets.charts.coffee import COFFEE_SHOP_STYLE, coffee_linked_chart
from widgets.charts.components import GAP_SERIES_STYLE, component_gap_chart, component_gap_points
from widgets.charts.cross_border import CROSS_BORDER_STYLE, cross_border_chart, cross_border_points
from widgets.charts.culture import (
    KITE_DIRECTIONS,
    SERIES_STYLE,
    kite_chart,
    kite_points,
    kite_scale,
)
from widgets.charts.digital import (
    DIGITAL_SERIES_STYLE,
    PATTERN_STYLE,
    digital_outcomes_chart,
    digital_profile_chart,
    digital_profile_points,
)
from widgets.charts.dynamism import RHYTHM_SERIES_STYLE, rhythm_chart
from widgets.charts.ethics import TRADE_OFF_COLORS, TRADE_OFF_WHITE_INK_FROM, trade_off_chart
from widgets.charts.export import static_chart, to_svg
from widgets.charts.growth import POLICY_STYLE, fixes_that_fail_chart, growth_scores_chart
from widgets.charts.mental_models import RANK_SERIES_STYLE, rank_spread_chart
from widgets.charts.metrics import (
    KPI_SERIES_COLORS,
    KPI_SERIES_DASHES,
    KPI_SERIES_SHAPES,
    attainment_chart,
    kpi_trend_chart,
)
from widgets.charts.palette import (
    CATEGORY_COLORS,
    GRID_GREY,
    INK,
    OKABE_ITO,
    SERIES_COLORS,
    style_range,
)
from widgets.charts.purpose_trust import HUDDLE_SERIES_STYLE, huddle_trend_chart
from widgets.charts.render import (
    EMBED_OPTIONS,
    alt,
    as_widget,
    enable_offline,
    pd,
)
from widgets.charts.survey import (
    ANSWER_COLORS,
    ANSWER_TEXT_COLORS,
    TRAIT_STYLE,
    answer_distribution_chart,
    enps_chart,
    survey_groups_chart,
    trait_scores_chart,
)
from widgets.charts.team_culture import (
    TEAM_KITE_COLORS,
    TEAM_KITE_DASHES,
    TEAM_KITE_SHAPES,
    team_kite_chart,
)
from widgets.charts.turnover import TURNOVER_SERIES_STYLE, turnover_chart, turnover_points

__all__ = [
    "ANSWER_COLORS",
    "ANSWER_TEXT_COLORS",
    "BAKERY_ROLE_COLORS",
    "CATEGORY_COLORS",
    "COFFEE_SHOP_STYLE",
    "CROSS_BORDER_STYLE",
    "DIGITAL_SERIES_STYLE",
    "EMBED_OPTIONS",
    "GAP_SERIES_STYLE",
    "GRID_GREY",
    "HUDDLE_SERIES_STYLE",
    "INK",
    "KITE_DIRECTIONS",
    "KPI_SERIES_COLORS",
    "KPI_SERIES_DASHES",
    "KPI_SERIES_SHAPES",
    "OKABE_ITO",
    "PATTERN_STYLE",
    "POLICY_STYLE",
    "RANK_SERIES_STYLE",
    "RHYTHM_SERIES_STYLE",
    "SERIES_COLORS",
    "SERIES_STYLE",
    "TEAM_KITE_COLORS",
    "TEAM_KITE_DASHES",
    "TEAM_KITE_SHAPES",
    "TRADE_OFF_COLORS",
    "TRADE_OFF_WHITE_INK_FROM",
    "TRAIT_STYLE",
    "TURNOVER_SERIES_STYLE",
    "alt",
    "answer_distribution_chart",
    "as_widget",
    "attainment_chart",
    "bakery_timeline_chart",
    "coffee_linked_chart",
    "component_gap_chart",
    "component_gap_points",
    "cross_border_chart",
    "cross_border_points",
    "digital_outcomes_chart",
    "digital_profile_chart",
    "digital_profile_points",
    "enable_offline",
    "enps_chart",
    "fixes_that_fail_chart",
    "growth_scores_chart",
    "huddle_trend_chart",
    "kite_chart",
    "kite_points",
    "kite_scale",
    "kpi_trend_chart",
    "pd",
    "rank_spread_chart",
    "rhythm_chart",
    "static_chart",
    "style_range",
    "survey_groups_chart",
    "team_kite_chart",
    "to_svg",
    "trade_off_chart",
    "trait_scores_chart",
    "turnover_chart",
    "turnover_points",
]
