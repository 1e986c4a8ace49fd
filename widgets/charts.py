"""Altair chart builders shared by every view, rendered offline.

Every chart carries a plain-text description (Vega-Lite's `description`, which becomes the
SVG's ARIA label) and uses the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Series differ by line style and point shape as well as
colour, so no chart relies on colour alone.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import tempfile
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from widgets.core.culture import CULTURE_TYPES, TYPE_GUIDE, describe_profiles
from widgets.core.lazy import lazy_module


def _altair_imported(module) -> None:
    """Runs once, when the first chart is built: applies `enable_offline()` if it was asked for."""
    if _offline_requested:
        _configure_offline(module)


# Altair (about 45 MiB with jsonschema) and pandas load when the first chart is built, not
# when a lesson imports this module: several pages show a chart only after the learner acts.
alt = lazy_module("altair", on_import=_altair_imported)
pd = lazy_module("pandas")

# jsonschema, which Altair imports, builds about 35 Lark parsers at import time for the "iri"
# formats when the optional rfc3987-syntax package is installed (Jupyter's own dependencies
# bring it): 0.8 s and 25 MiB per kernel, for formats that no Vega-Lite schema uses. A None
# entry makes jsonschema skip that optional checker, as if the package were not installed.
# Only before jsonschema is imported, so a process that already uses it keeps what it has.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

# Okabe & Ito (2008), "Color Universal Design".
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

GRID_GREY = "#b0b0b0"
INK = "#333333"

# SVG keeps every mark in the DOM, so a browser test can count them and a screen reader
# can reach the ARIA labels; the action menu would offer downloads that fetch nothing
# useful offline.
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

_offline_requested = False
_offline_enabled = False


def enable_offline() -> None:
    """Render Altair charts with no network access, in JupyterLab and in Voila.

    Both steps are needed, in this order: the renderer option alone still loads the
    Vega bundle from a CDN for JupyterChart, and `set_embed_options` would reset the
    `offline` flag, so embed options are passed here instead.

    Cheap to call at the top of a lesson: Altair is configured when this module builds its
    first chart (or now, if Altair is already imported), and the offline bundle comes from a
    cache (see `_enable_offline_bundle`), so a page with no chart imports neither Altair nor
    vl-convert. A chart made with Altair directly, imported after this call, is configured
    once a chart of this module has been built or this function is called again.
    """
    global _offline_requested
    _offline_requested = True
    if alt.loaded:
        _configure_offline(alt.load())


def _configure_offline(altair) -> None:
    global _offline_enabled
    if _offline_enabled:
        return
    altair.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    _enable_offline_bundle(altair.JupyterChart)
    _offline_enabled = True


def _bundle_cache_file() -> Path | None:
    """Where this Altair and vl-convert's offline bundle is cached; None if unknown."""
    from altair.jupyter.jupyter_chart import load_js_src
    from altair.utils._importers import vl_version_for_vl_convert

    try:
        versions = f"altair {version('altair')}, vl-convert {version('vl-convert-python')}"
    except PackageNotFoundError:
        return None
    key = hashlib.sha256(
        f"{versions}, {vl_version_for_vl_convert()}\n{load_js_src()}".encode()
    ).hexdigest()[:20]
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aligned" / f"jupyterchart-offline-{key}.js"


def _enable_offline_bundle(jupyter_chart) -> None:
    """`JupyterChart.enable_offline()`, reading the bundle from a cache file when one exists.

    Altair builds the offline bundle by starting vl-convert's JavaScript engine, which takes
    about a second and 90 MiB in every kernel. The bundle depends only on the Altair and
    vl-convert versions, so the first kernel saves it (in ~/.cache/aligned/) and the next
    ones read it: the same JavaScript, without vl-convert. Any problem with the cache falls
    back to Altair's own method.
    """
    if getattr(jupyter_chart, "_is_offline", False):
        return
    try:
        cache = _bundle_cache_file()
    except (ImportError, AttributeError, OSError):  # Altair's internals moved: build it as usual
        cache = None
    if cache is not None:
        try:
            bundle = cache.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            bundle = ""
        if bundle:
            jupyter_chart._esm = bundle  # exactly what JupyterChart.enable_offline() sets
            jupyter_chart._is_offline = True
            return
    jupyter_chart.enable_offline()
    if cache is not None:
        _save_bundle(cache, jupyter_chart._esm)


def _save_bundle(cache: Path, bundle: str) -> None:
    """Write to a temporary file and rename it, so a reader never sees half a bundle."""
    temporary = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache.parent,
                                         suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(bundle)
        os.replace(temporary, cache)
    except OSError:  # a read-only home, a full disk: the next kernel builds it again
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def as_widget(chart: alt.TopLevelMixin) -> alt.JupyterChart:
    """A chart as an ipywidget that renders offline and can be updated in place."""
    enable_offline()
    return alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)


# The CVF layout: each type sits on a diagonal of the square. Flexibility is up,
# stability down; internal focus is left, external right.
KITE_DIRECTIONS = {
    "clan": (-1, 1),
    "adhocracy": (1, 1),
    "market": (1, -1),
    "hierarchy": (-1, -1),
}

SERIES_STYLE = {
    "Now": {"color": OKABE_ITO["blue"], "dash": [1, 0], "shape": "circle"},
    "Preferred": {"color": OKABE_ITO["vermillion"], "dash": [6, 4], "shape": "square"},
}


def kite_scale(*profiles: Mapping[str, float]) -> int:
    """The outer ring, in points: at least 50, else the next multiple of 10 above the data."""
    largest = max((p[t] for p in profiles for t in CULTURE_TYPES), default=0)
    return int(max(50, math.ceil(largest / 10) * 10))


def kite_points(series: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """One row per vertex of each profile's kite, closed by repeating the first vertex."""
    rows = []
    for name, points in series.items():
        for order, culture_type in enumerate((*CULTURE_TYPES, CULTURE_TYPES[0])):
            dx, dy = KITE_DIRECTIONS[culture_type]
            value = float(points[culture_type])
            rows.append(
                {
                    "series": name,
                    "order": order,
                    "culture_type": TYPE_GUIDE[culture_type].label,
                    "points": round(value, 1),
                    "x": dx * value,
                    "y": dy * value,
                }
            )
    return pd.DataFrame(rows)


def _grid(scale: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    corners = [(-1, 1), (1, 1), (1, -1), (-1, -1), (-1, 1)]
    rings = pd.DataFrame(
        [
            {"ring": r, "order": i, "x": cx * r, "y": cy * r}
            for r in range(10, scale + 1, 10)
            for i, (cx, cy) in enumerate(corners)
        ]
    )
    spokes = pd.DataFrame(
        [
            {"spoke": t, "order": end, "x": dx * scale * end, "y": dy * scale * end}
            for t, (dx, dy) in KITE_DIRECTIONS.items()
            for end in (0, 1)
        ]
    )
    ring_labels = pd.DataFrame(
        [{"x": r, "y": 0, "label": str(r)} for r in range(10, scale + 1, 10)]
    )
    return rings, spokes, ring_labels


def kite_chart(
    now: Mapping[str, float],
    preferred: Mapping[str, float] | None = None,
    title: str = "Culture profile",
    size: int = 420,
) -> alt.LayerChart:
    """The Competing Values Framework's four-quadrant kite chart: Now solid, Preferred dashed."""
    series = {"Now": now} if preferred is None else {"Now": now, "Preferred": preferred}
    scale = kite_scale(*series.values())
    extent = scale * 1.45
    x = alt.X("x:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-extent, extent]), axis=None)
    rings, spokes, ring_labels = _grid(scale)

    def guide_lines(data: pd.DataFrame, group: str, color: str, width: float) -> alt.Chart:
        return (
            alt.Chart(data)
            .mark_line(color=color, strokeWidth=width, aria=False)
            .encode(x=x, y=y, detail=f"{group}:N", order="order:O")
        )

    axes = pd.DataFrame(
        [
            {"axis": "h", "order": 0, "x": -scale, "y": 0},
            {"axis": "h", "order": 1, "x": scale, "y": 0},
            {"axis": "v", "order": 0, "x": 0, "y": -scale},
            {"axis": "v", "order": 1, "x": 0, "y": scale},
        ]
    )
    ring_layer = guide_lines(rings, "ring", GRID_GREY, 0.8)
    spoke_layer = guide_lines(spokes, "spoke", GRID_GREY, 0.8)
    axis_layer = guide_lines(axes, "axis", INK, 1.2)
    ring_label_layer = (
        alt.Chart(ring_labels)
        .mark_text(color=INK, fontSize=9, dy=9, aria=False)
        .encode(x=x, y=y, text="label:N")
    )
    pad = scale * 1.12
    axis_titles = pd.DataFrame(
        [
            {"x": 0, "y": pad, "label": "Flexibility and discretion", "angle": 0},
            {"x": 0, "y": -pad, "label": "Stability and control", "angle": 0},
            {"x": -pad, "y": 0, "label": "Internal focus and integration", "angle": 270},
            {"x": pad, "y": 0, "label": "External focus and differentiation", "angle": 90},
        ]
    )
    axis_title_layer = (
        alt.Chart(axis_titles)
        .mark_text(color=INK, fontSize=11, fontStyle="italic", aria=False)
        .encode(x=x, y=y, text="label:N", angle=alt.Angle("angle:Q", scale=None))
    )
    corner = scale * 1.02
    quadrant_labels = pd.DataFrame(
        [
            {
                "x": dx * corner,
                "y": dy * corner,
                "label": f"{TYPE_GUIDE[t].label} ({TYPE_GUIDE[t].verb})",
                "align": "right" if dx < 0 else "left",
            }
            for t, (dx, dy) in KITE_DIRECTIONS.items()
        ]
    )
    quadrant_layers = [
        alt.Chart(quadrant_labels[quadrant_labels["align"] == side])
        .mark_text(color=INK, fontSize=12, fontWeight="bold", align=side, aria=False)
        .encode(x=x, y=y, text="label:N")
        for side in ("left", "right")
    ]

    domain = list(series)
    color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["color"] for s in domain]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=2.5),
    )
    dash = alt.StrokeDash(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["dash"] for s in domain]),
    )
    shape = alt.Shape(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[SERIES_STYLE[s]["shape"] for s in domain]),
    )
    profile_data = kite_points(series)
    tooltip = [
        alt.Tooltip("series:N", title="Profile"),
        alt.Tooltip("culture_type:N", title="Type"),
        alt.Tooltip("points:Q", title="Points", format=".1f"),
    ]
    lines = (
        alt.Chart(profile_data)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y=y, color=color, strokeDash=dash, detail="series:N", order="order:O")
    )
    points = (
        alt.Chart(profile_data[profile_data["order"] < len(CULTURE_TYPES)])
        .mark_point(filled=True, size=70)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=tooltip)
    )
    return (
        alt.layer(
            ring_layer,
            spoke_layer,
            axis_layer,
            ring_label_layer,
            axis_title_layer,
            *quadrant_layers,
            lines,
            points,
        )
        .properties(
            width=size,
            height=size,
            title=title,
            description=f"{title}. Kite chart of the Competing Values Framework. "
            + describe_profiles(now, preferred),
        )
        .configure_view(stroke=None)
    )


# --- Five components: current-versus-target dumbbell chart (widgets.core.components) ---

_components = lazy_module("widgets.core.components")  # appended block; loads with its first chart

GAP_SERIES_STYLE = {
    "Now": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "Target": {"color": OKABE_ITO["vermillion"], "shape": "diamond"},
}


def component_gap_points(ratings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dumbbell's data: one row per component (the bar) and two per component (the dots)."""
    rows = _components.gaps(ratings)
    bars = pd.DataFrame(
        [
            {
                "component": r["label"],
                "low": min(r["current"], r["target"]),
                "high": max(r["current"], r["target"]),
                "now": r["current"],
                "target": r["target"],
                "gap": r["gap"],
            }
            for r in rows
        ]
    )
    dots = pd.DataFrame(
        [
            {"component": r["label"], "series": series, "score": r[key]}
            for r in rows
            for series, key in (("Now", "current"), ("Target", "target"))
        ]
    )
    return bars, dots


def component_gap_chart(
    ratings,
    weakest: str | None = None,
    title: str = "Your five components: now and target",
    width: int = 440,
) -> alt.LayerChart:
    """A dumbbell chart: a dot for now, a diamond for the target, a bar for the gap.

    The weakest link (a component key; computed from the ratings if not given) is named in
    a text label beside its row, so it is not marked by colour alone.
    """
    if weakest is None:
        weakest = _components.weakest_link(ratings)["component"]
    bars, dots = component_gap_points(ratings)
    order = [_components.LABELS[c] for c in _components.COMPONENTS]
    x = alt.X(
        "low:Q",
        title=f"Score: {_components.SCALE_MIN} = {_components.SCALE[_components.SCALE_MIN].lower()}, "
        f"{_components.SCALE_MAX} = {_components.SCALE[_components.SCALE_MAX].lower()}",
        scale=alt.Scale(domain=[_components.SCALE_MIN - 0.3, _components.SCALE_MAX + 2.2]),
        axis=alt.Axis(
            values=list(range(_components.SCALE_MIN, _components.SCALE_MAX + 1)),
            format="d",
            domain=False,
            titleAlign="left",
            titleAnchor="start",
        ),
    )
    y = alt.Y(
        "component:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=13, labelFontWeight="bold", labelColor=INK),
    )
    bar_layer = (
        alt.Chart(bars)
        .mark_rule(strokeWidth=5, color=GRID_GREY, strokeCap="round")
        .encode(x=x, x2="high:Q", y=y)
    )
    domain = list(GAP_SERIES_STYLE)
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, size=170, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("score:Q"),
            y=y,
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=[GAP_SERIES_STYLE[s]["color"] for s in domain]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=[GAP_SERIES_STYLE[s]["shape"] for s in domain]
                ),
            ),
            tooltip=[
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("series:N", title="Rating"),
                alt.Tooltip("score:Q", title="Score", format=".1~f"),
            ],
        )
    )
    notes = bars.assign(
        note=[
            (
                f"gap {_components.format_gap(g)}"
                if g > 0
                else "on target"
                if g == 0
                else "target below now"
            )
            + (" · weakest link" if label == _components.LABELS[weakest] else "")
            for label, g in zip(bars["component"], bars["gap"])
        ],
        weakest=[label == _components.LABELS[weakest] for label in bars["component"]],
    )
    note_layers = [
        alt.Chart(notes[notes["weakest"] == is_weakest])
        .mark_text(
            align="left",
            dx=14,
            fontSize=12,
            color=INK,
            fontWeight="bold" if is_weakest else "normal",
            aria=False,
        )
        .encode(x=alt.X("high:Q"), y=y, text="note:N")
        for is_weakest in (False, True)
    ]
    return (
        alt.layer(bar_layer, dot_layer, *note_layers)
        .properties(
            width=width,
            height=52 * len(order),
            title=title,
            description=f"{title}. Dumbbell chart of the current and target scores of the "
            "five components of alignment. " + _components.describe_gaps(ratings, weakest),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# The bakery's daily huddle: monthly waste share and complaints, before and with it.
# Used by workshops/fundamentals/purpose-values-trust.ipynb; data from
# widgets.core.purpose_trust.monthly_trend (12 rows, already aggregated).

HUDDLE_SERIES_STYLE = {
    "Before the huddle": {"color": OKABE_ITO["blue"], "shape": "circle", "dash": [1, 0]},
    "With the huddle": {"color": OKABE_ITO["vermillion"], "shape": "square", "dash": [6, 4]},
}


def huddle_trend_chart(
    monthly: pd.DataFrame,
    title: str = "The bakery before and with the daily huddle",
    width: int = 340,
    height: int = 220,
) -> alt.HConcatChart:
    """Two small line charts by month (waste share, complaints a day), the huddle's start marked.

    Before and with the huddle differ by color, point shape and line style, and a dashed
    rule labelled "Huddle starts" marks the first huddle day.
    """
    from widgets.core.purpose_trust import HUDDLE_START, describe_huddle_trend

    data = monthly[["month", "month_name", "period", "waste_share_pct", "complaints_per_day"]]
    domain = [period for period in HUDDLE_SERIES_STYLE if period in set(data["period"])]
    color = alt.Color(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["color"] for p in domain]),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["shape"] for p in domain]),
    )
    dash = alt.StrokeDash(
        "period:N",
        title=None,
        scale=alt.Scale(domain=domain, range=[HUDDLE_SERIES_STYLE[p]["dash"] for p in domain]),
    )
    x = alt.X(
        "month:T",
        title=None,
        axis=alt.Axis(format="%b", tickCount="month", labelAngle=0, labelOverlap=False),
    )
    start = pd.DataFrame({"month": [pd.Timestamp(HUDDLE_START)], "label": ["Huddle starts"]})

    def panel(field: str, name: str, axis_title: str, number_format: str) -> alt.LayerChart:
        y = alt.Y(f"{field}:Q", title=axis_title, scale=alt.Scale(zero=True))
        tooltip = [
            alt.Tooltip("month_name:N", title="Month"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip(f"{field}:Q", title=axis_title, format=number_format),
        ]
        base = alt.Chart(data)
        lines = base.mark_line(strokeWidth=2.5).encode(
            x=x, y=y, color=color, strokeDash=dash, detail="period:N"
        )
        points = base.mark_point(filled=True, size=60).encode(
            x=x, y=y, color=color, shape=shape, tooltip=tooltip
        )
        rule = (
            alt.Chart(start)
            .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
            .encode(x="month:T")
        )
        label = (
            alt.Chart(start)
            .mark_text(color=INK, align="left", baseline="top", dx=4, y=2, fontSize=11,
                       aria=False)
            .encode(x="month:T", text="label:N")
        )
        return alt.layer(lines, points, rule, label).properties(
            width=width, height=height, title=name
        )

    return (
        alt.hconcat(
            panel("waste_share_pct", "Waste", "% of items baked", ".1f"),
            panel("complaints_per_day", "Complaints", "complaints a day", ".2f"),
        )
        .properties(title=title, description=f"{title}. " + describe_huddle_trend(monthly))
        .configure_view(stroke=None)
    )


# --- The bakery case: a year of daily operations as a timeline (widgets.core.bakery_case) ---

from widgets.core import bakery_case as _bakery  # noqa: E402  (appended block)

BAKERY_ROLE_COLORS = {
    "baker": OKABE_ITO["orange"],
    "decorator": OKABE_ITO["reddish_purple"],
    "salesperson": OKABE_ITO["sky_blue"],
}


def _bakery_bands(marks, episodes) -> tuple[pd.DataFrame, pd.DataFrame]:
    day = pd.Timedelta(days=1)
    mark_rows = pd.DataFrame(
        [
            {
                "start": pd.Timestamp(m.start),
                "end_next": pd.Timestamp(m.end) + day,
                "label": f"Mark {i}: {m.role}",
                "role": m.role,
                "dates": f"{m.start.isoformat()} to {m.end.isoformat()}",
            }
            for i, m in enumerate(marks, start=1)
        ],
        columns=["start", "end_next", "label", "role", "dates"],
    )
    episode_rows = pd.DataFrame(
        [
            {
                "start": pd.Timestamp(e.start),
                "end_next": pd.Timestamp(e.end) + day,
                "label": f"{e.title} ({e.role})",
                "dates": f"{e.start.isoformat()} to {e.end.isoformat()}",
            }
            for e in episodes
        ],
        columns=["start", "end_next", "label", "dates"],
    )
    return mark_rows, episode_rows


def bakery_timeline_chart(
    series: pd.DataFrame,
    metric: str,
    granularity: str = "week",
    product: str = _bakery.ALL_PRODUCTS,
    marks=(),
    episodes=(),
    show_huddle: bool = True,
    brush_name: str | None = "brush",
    title: str | None = None,
    width: int = 640,
    height: int = 260,
) -> alt.LayerChart:
    """One metric of the bakery through 2025 (from `bakery_case.aggregate`), as a line.

    Optional layers: the learner's marked periods (shaded bands in the role's color, each
    labeled "Mark N: role" so color is never the only cue), the true episodes (dashed
    outlines, labeled below), and a dashed rule where the daily huddle starts. With
    `brush_name`, dragging across the chart makes an interval selection on the time axis
    that a JupyterChart exposes as `selections.<brush_name>`.
    """
    info = _bakery.METRICS[metric]
    unit = {"week": "week starting", "day": "day", "month": "month"}[granularity]
    if title is None:
        title = f"{info.label} by {granularity}, {_bakery.scope_label(product)}"
    data = series.assign(start=pd.to_datetime(series["start"]))
    x = alt.X(
        "start:T",
        title=f"2025 ({unit})",
        scale=alt.Scale(
            domain=[
                pd.Timestamp(_bakery.FIRST_DAY).isoformat(),
                (pd.Timestamp(_bakery.LAST_DAY) + pd.Timedelta(days=1)).isoformat(),
            ]
        ),
        axis=alt.Axis(format="%b", tickCount=12, grid=False),
    )
    y = alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title=info.axis_title, format=",.1f"),
        alt.Tooltip("wasted:Q", title="Items wasted (total)", format=","),
        alt.Tooltip("complaints:Q", title="Complaints (total)", format=","),
        alt.Tooltip("large_orders:Q", title="Large orders due", format=","),
        alt.Tooltip("late:Q", title="Large orders late", format=","),
    ]
    layers = []
    mark_rows, episode_rows = _bakery_bands(marks, episodes)
    top = alt.value(0)
    if not mark_rows.empty:
        roles = list(BAKERY_ROLE_COLORS)
        role_color = alt.Color(
            "role:N",
            title="Marked by you",
            scale=alt.Scale(domain=roles, range=[BAKERY_ROLE_COLORS[r] for r in roles]),
            legend=alt.Legend(orient="bottom"),
        )
        layers.append(
            alt.Chart(mark_rows)
            .mark_rect(opacity=0.28)
            .encode(
                x="start:T",
                x2="end_next:T",
                color=role_color,
                tooltip=[alt.Tooltip("label:N", title="Your mark"), alt.Tooltip("dates:N", title="Dates")],
            )
        )
        layers.append(
            alt.Chart(mark_rows)
            .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=11, color=INK, aria=False)
            .encode(x="start:T", y=top, text="label:N")
        )
    if not episode_rows.empty:
        layers.append(
            alt.Chart(episode_rows)
            .mark_rect(fillOpacity=0, stroke=OKABE_ITO["black"], strokeWidth=1.5, strokeDash=[5, 3])
            .encode(
                x="start:T",
                x2="end_next:T",
                tooltip=[alt.Tooltip("label:N", title="Episode"), alt.Tooltip("dates:N", title="Dates")],
            )
        )
        layers.append(
            alt.Chart(episode_rows)
            .mark_text(align="left", baseline="bottom", dx=3, dy=-3, fontSize=11, fontStyle="italic",
                       color=INK, aria=False)
            .encode(x="start:T", y=alt.value(height), text="label:N")
        )
    if show_huddle:
        huddle = pd.DataFrame(
            [{"start": pd.Timestamp(_bakery.HUDDLE_START), "label": "Daily huddle starts"}]
        )
        layers.append(
            alt.Chart(huddle)
            .mark_rule(color=INK, strokeDash=[2, 2], strokeWidth=1.2, aria=False)
            .encode(x="start:T")
        )
        layers.append(
            alt.Chart(huddle)
            .mark_text(align="left", baseline="top", dx=4, dy=18, fontSize=11, color=INK, aria=False)
            .encode(x="start:T", y=top, text="label:N")
        )
    line = (
        alt.Chart(data)
        .mark_line(color=OKABE_ITO["blue"], strokeWidth=2, point=alt.OverlayMarkDef(
            filled=True, size=28 if granularity == "day" else 40, color=OKABE_ITO["blue"]))
        .encode(x=x, y=y, tooltip=tooltip)
    )
    if brush_name:
        line = line.add_params(alt.selection_interval(name=brush_name, encodings=["x"]))
    layers.append(line)  # on top of the bands, so points stay visible and hoverable
    description = f"{title}. Line chart. " + _bakery.describe_series(series, metric, granularity, product)
    if len(mark_rows):
        description += " Your marks: " + "; ".join(
            f"{row.label}, {row.dates}" for row in mark_rows.itertuples()
        ) + "."
    if len(episode_rows):
        description += " Episodes in the data: " + "; ".join(
            f"{row.label}, {row.dates}" for row in episode_rows.itertuples()
        ) + "."
    return (
        alt.layer(*layers)
        .properties(width=width, height=height, title=title, description=description)
        .configure_view(stroke=None)
    )


# --- Engagement survey: trait scores, eNPS and answer distributions (widgets.core.survey) ---
# Hidden groups (fewer respondents than the anonymity threshold) keep their row, with the
# text "fewer than N respondents: hidden" in place of any mark: never a number.

_survey = lazy_module("widgets.core.survey")  # appended block; loads with its first chart

TRAIT_STYLE = {
    "adaptability": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "transparency": {"color": OKABE_ITO["vermillion"], "shape": "square"},
    "accountability": {"color": OKABE_ITO["bluish_green"], "shape": "diamond"},
    "continuous_improvement": {"color": OKABE_ITO["reddish_purple"], "shape": "triangle-up"},
}
# Disagree in warm colors, agree in blues, neutral in grey; each segment is also labeled.
ANSWER_COLORS = {
    1: OKABE_ITO["vermillion"], 2: OKABE_ITO["orange"], 3: "#c8c8c8",
    4: OKABE_ITO["sky_blue"], 5: OKABE_ITO["blue"],
}
ANSWER_TEXT_COLORS = {1: "white", 2: "black", 3: "black", 4: "black", 5: "white"}


def _survey_rows(report: pd.DataFrame) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    order = list(report["group"])
    visible = report[~report["suppressed"]]
    hidden = report.loc[report["suppressed"], ["group", "shown_as"]]
    return order, visible, hidden


def _group_axis(order: list[str]) -> alt.Y:
    return alt.Y("group:N", sort=order, title=None, scale=alt.Scale(domain=order),
                 axis=alt.Axis(labelLimit=260, labelFontSize=12))


def _survey_layers(layers, hidden: pd.DataFrame, y: alt.Y, field: str, at: float,
                   domain: list[float]):
    """The chart's layers plus, for each hidden group, its "fewer than N..." text at `at`."""
    if len(hidden):
        layers.append(alt.Chart(hidden.assign(**{field: at})).mark_text(
            align="left", fontSize=12, fontStyle="italic", color=INK).encode(
            x=alt.X(f"{field}:Q", scale=alt.Scale(domain=domain)), y=y, text="shown_as:N"))
    return alt.layer(*layers)


def trait_scores_chart(report: pd.DataFrame, grouping_label: str = "Group",
                       title: str | None = None, width: int = 460) -> alt.LayerChart:
    """Mean trait scores (1-5) per group from `survey.group_report`: one row per group, a dot
    per trait (color and shape differ, and each dot is labeled with its score)."""
    return _trait_panel(report, grouping_label, title, width, alt.Step(14)).configure_view(
        stroke=None)


def _trait_panel(report, grouping_label, title, width, height) -> alt.LayerChart:
    title = title or f"Trait scores by {grouping_label.lower()}"
    order, visible, hidden = _survey_rows(report)
    traits = list(_survey.TRAITS)
    labels = [_survey.TRAIT_LABELS[t] for t in traits]
    dots = visible.melt(id_vars=["group", "n"], value_vars=traits, var_name="trait_key",
                        value_name="score")
    dots["trait"] = dots["trait_key"].map(_survey.TRAIT_LABELS)
    dots["score"] = dots["score"].astype(float).round(2)
    dots["n"] = dots["n"].astype(int)
    dots["label"] = dots["score"].map(lambda v: f"{v:.1f}")
    y = _group_axis(order)
    x = alt.X("score:Q", title="Mean score: 1 = strongly disagree, 5 = strongly agree",
              scale=alt.Scale(domain=[1, 5]), axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"))
    y_offset = alt.YOffset("trait:N", sort=labels, scale=alt.Scale(domain=labels))
    color = alt.Color("trait:N", title="Trait", sort=labels, scale=alt.Scale(
        domain=labels, range=[TRAIT_STYLE[t]["color"] for t in traits]),
        legend=alt.Legend(orient="bottom", columns=2))
    shape = alt.Shape("trait:N", title="Trait", sort=labels, scale=alt.Scale(
        domain=labels, range=[TRAIT_STYLE[t]["shape"] for t in traits]))
    midpoint = alt.Chart(pd.DataFrame({"score": [3]})).mark_rule(
        color=GRID_GREY, strokeDash=[4, 3], aria=False).encode(x=x)
    points = alt.Chart(dots).mark_point(filled=True, size=80, opacity=1).encode(
        x=x, y=y, yOffset=y_offset, color=color, shape=shape,
        tooltip=[alt.Tooltip("group:N", title=grouping_label), alt.Tooltip("trait:N", title="Trait"),
                 alt.Tooltip("score:Q", title="Mean score", format=".2f"),
                 alt.Tooltip("n:Q", title="Respondents")])
    values = alt.Chart(dots).mark_text(align="left", dx=8, fontSize=10, color=INK,
                                       aria=False).encode(
        x=x, y=y, yOffset=y_offset, text="label:N")
    return (
        _survey_layers([midpoint, points, values], hidden, y, "score", 1.05, [1, 5])
        .properties(width=width, height=height, title=title,
                    description=f"{title}. Dot chart. "
                    + _survey.describe_trait_scores(report, grouping_label))
    )


def enps_chart(report: pd.DataFrame, grouping_label: str = "Group", title: str | None = None,
               width: int = 460) -> alt.LayerChart:
    """eNPS per group (-100 to +100) from `survey.group_report`, as bars from zero; every bar
    is labeled with its value, and negative bars also differ in color."""
    return _enps_panel(report, grouping_label, title, width, alt.Step(30)).configure_view(
        stroke=None)


def _enps_panel(report, grouping_label, title, width, height) -> alt.LayerChart:
    title = title or f"eNPS by {grouping_label.lower()}"
    order, visible, hidden = _survey_rows(report)
    bars = visible[["group", "n", "enps", "promoters_pct", "detractors_pct"]].copy()
    bars["n"] = bars["n"].astype(int)
    for column in ("enps", "promoters_pct", "detractors_pct"):
        bars[column] = bars[column].astype(float).round(1)
    bars["label"] = bars["enps"].map(_survey.format_enps)
    bars["sign"] = ["negative" if v < 0 else "zero or positive" for v in bars["enps"]]
    y = _group_axis(order)
    x = alt.X("enps:Q", title="eNPS: % promoters (9-10) minus % detractors (0-6)",
              scale=alt.Scale(domain=[-100, 100]), axis=alt.Axis(values=list(range(-100, 101, 25))))
    color = alt.Color("sign:N", legend=None, scale=alt.Scale(
        domain=["zero or positive", "negative"], range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"]]))
    zero = alt.Chart(pd.DataFrame({"enps": [0]})).mark_rule(color=INK, aria=False).encode(x="enps:Q")
    bar_layer = alt.Chart(bars).mark_bar(height=16).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("group:N", title=grouping_label), alt.Tooltip("label:N", title="eNPS"),
                 alt.Tooltip("promoters_pct:Q", title="% promoters", format=".0f"),
                 alt.Tooltip("detractors_pct:Q", title="% detractors", format=".0f"),
                 alt.Tooltip("n:Q", title="Respondents")])
    layers = [bar_layer, zero]
    for negative in (False, True):
        part = bars[(bars["enps"] < 0) == negative]
        if len(part):
            layers.append(alt.Chart(part).mark_text(
                align="right" if negative else "left", dx=-6 if negative else 6, fontSize=12,
                fontWeight="bold", color=INK, aria=False).encode(x=x, y=y, text="label:N"))
    return (
        _survey_layers(layers, hidden, y, "enps", -96, [-100, 100])
        .properties(width=width, height=height, title=title,
                    description=f"{title}. Bar chart. "
                    + _survey.describe_enps(report, grouping_label))
    )


def survey_groups_chart(report: pd.DataFrame, grouping_label: str = "Group",
                        title: str | None = None) -> alt.HConcatChart:
    """Trait scores (left) and eNPS (right) side by side, one row per group in both panels:
    one chart widget instead of two, so a page has fewer to load."""
    title = title or f"Trait scores and eNPS by {grouping_label.lower()}"
    height = 56 * max(len(report), 1)
    return (
        alt.hconcat(
            _trait_panel(report, grouping_label, None, 300, height),
            _enps_panel(report, grouping_label, None, 250, height),
            spacing=24,
        )
        .resolve_scale(color="independent", shape="independent")  # trait vs eNPS sign colors
        .properties(title=title,
                    description=f"{title}. Left, a dot chart: "
                    + _survey.describe_trait_scores(report, grouping_label)
                    + " Right, a bar chart: " + _survey.describe_enps(report, grouping_label))
        .configure_view(stroke=None)
    )


def answer_distribution_chart(rows: pd.DataFrame, group: str, title: str | None = None,
                              width: int = 460) -> alt.LayerChart:
    """The share of each answer (1-5) to each statement for one group, from
    `survey.item_distribution`: a stacked bar per statement, disagree on the left, agree on
    the right, each segment of 10 % or more labeled with its percentage."""
    title = title or f"Answers to each statement: {group}"
    items = list(dict.fromkeys(rows["item"]))
    data = rows[~rows["suppressed"]].copy()
    data["statement"] = [f"{_survey.TRAIT_LABELS[_survey.ITEM_TRAIT[i]]} {i[-1]}"
                         for i in data["item"]]
    order = [f"{_survey.TRAIT_LABELS[_survey.ITEM_TRAIT[i]]} {i[-1]}" for i in items]
    data["text"] = data["item"].map(_survey.ITEMS)
    data["answer_label"] = data["answer"].map(lambda a: f"{a} {_survey.ANSWER_LABELS[a]}")
    data["percent"] = (100 * data["share"].astype(float)).round(1)
    data["count"] = data["count"].astype(int)
    data["label"] = [f"{p:.0f}%" if p >= 10 else "" for p in data["percent"]]
    answers = list(_survey.ANSWER_LABELS)
    answer_labels = [f"{a} {_survey.ANSWER_LABELS[a]}" for a in answers]
    y = alt.Y("statement:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("percent:Q", stack="zero", title="% of the group's answers",
              scale=alt.Scale(domain=[0, 100]))
    order_enc = alt.Order("answer:Q", sort="ascending")
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=x, y=y, order=order_enc,
        color=alt.Color("answer_label:N", title="Answer", sort=answer_labels, scale=alt.Scale(
            domain=answer_labels, range=[ANSWER_COLORS[a] for a in answers]),
            legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("text:N", title="Statement"),
                 alt.Tooltip("answer_label:N", title="Answer"),
                 alt.Tooltip("count:Q", title="People"),
                 alt.Tooltip("percent:Q", title="% of answers", format=".0f")])
    # Label positions: the middle of each segment, computed here (data is already aggregated).
    data = data.sort_values(["statement", "answer"])
    data["mid"] = data.groupby("statement")["percent"].cumsum() - data["percent"] / 2
    labels = [
        alt.Chart(data[data["answer"] == a]).mark_text(
            color=ANSWER_TEXT_COLORS[a], fontSize=10, aria=False).encode(
            x=alt.X("mid:Q", scale=alt.Scale(domain=[0, 100])), y=y, text="label:N")
        for a in answers
    ]
    return (
        alt.layer(bars, *labels)
        .properties(width=width, height=alt.Step(22), title=title,
                    description=f"{title}. Stacked bar chart. "
                    + _survey.describe_distribution(rows, group))
        .configure_view(stroke=None)
    )


# --- The two coffee shops: linked views of one metric over 24 months (widgets.core.coffee) ---

_coffee = lazy_module("widgets.core.coffee")  # appended block; loads with its first chart

COFFEE_SHOP_STYLE = {
    "Harbour Beans": {"color": OKABE_ITO["blue"], "dash": [1, 0], "shape": "circle"},
    "Corner Grind": {"color": OKABE_ITO["vermillion"], "dash": [6, 4], "shape": "square"},
}


def coffee_linked_chart(
    data: pd.DataFrame,
    metric: str,
    other: str,
    brush_name: str = "months",
    title: str | None = None,
    description: str = "",
    width: int = 600,
) -> alt.VConcatChart:
    """Three linked views of the two shops (data from `coffee.chart_frame`, 48 rows).

    Top: the metric by month, one line per shop (color, line style and point shape differ),
    the road works marked. Dragging across it makes an interval brush on the time axis,
    exposed by a JupyterChart as `selections.<brush_name>`. Bottom left: the metric against
    the second metric, one point per shop-month; months outside the brush fade. Bottom
    right: each shop's mean over the brushed months (all months while nothing is brushed),
    with the value written on the bar.
    """
    info, other_info = _coffee.METRICS[metric], _coffee.METRICS[other]
    if title is None:
        title = f"{info.label}: Harbour Beans and Corner Grind, 2024-2025"
    shops = list(COFFEE_SHOP_STYLE)
    color = alt.Color(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=[COFFEE_SHOP_STYLE[s]["color"] for s in shops]),
        legend=alt.Legend(orient="top"),
    )
    shape = alt.Shape(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=[COFFEE_SHOP_STYLE[s]["shape"] for s in shops]),
    )
    dash = alt.StrokeDash(
        "shop_name:N",
        title="Shop",
        scale=alt.Scale(domain=shops, range=[COFFEE_SHOP_STYLE[s]["dash"] for s in shops]),
    )
    value_format = f",.{info.decimals}f"
    tooltip = [
        alt.Tooltip("month:N", title="Month"),
        alt.Tooltip("shop_name:N", title="Shop"),
        alt.Tooltip("value:Q", title=info.axis_title, format=value_format),
        alt.Tooltip("other:Q", title=other_info.axis_title, format=f",.{other_info.decimals}f"),
    ]
    brush = alt.selection_interval(name=brush_name, encodings=["x"])
    zero = metric in ("revenue", "employee_turnover_rate")
    y = alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=zero))
    x = alt.X("date:T", title="Month (drag across the chart to select months)",
              axis=alt.Axis(format="%b %y", tickCount=12, labelAngle=0, grid=False))
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=color, strokeDash=dash,
                                                 detail="shop_name:N")
    points = base.mark_point(filled=True, size=45).encode(
        x=x, y=y, color=color, shape=shape, tooltip=tooltip
    ).add_params(brush)
    shock = pd.DataFrame(
        {"date": [pd.Timestamp(_coffee.ROADWORKS_MONTH)], "label": ["Road works"]}
    )
    rule = alt.Chart(shock).mark_rule(color=INK, strokeDash=[2, 2], aria=False).encode(x="date:T")
    rule_label = (
        alt.Chart(shock)
        .mark_text(align="left", baseline="top", dx=4, y=4, fontSize=11, color=INK, aria=False)
        .encode(x="date:T", text="label:N")
    )
    timeline = alt.layer(lines, points, rule, rule_label).properties(
        width=width, height=230, title=f"{info.label} by month"
    )
    scatter = (
        base.mark_point(filled=True, size=60)
        .encode(
            x=alt.X("other:Q", title=other_info.axis_title, scale=alt.Scale(zero=False)),
            y=alt.Y("value:Q", title=info.axis_title, scale=alt.Scale(zero=zero)),
            color=color,
            shape=shape,
            opacity=alt.condition(brush, alt.value(0.95), alt.value(0.15)),
            tooltip=tooltip,
        )
        .properties(width=int(width * 0.48), height=220,
                    title=f"{info.label} against {other_info.label.lower()}")
    )
    bar_y = alt.Y("shop_name:N", title=None, sort=shops,
                  axis=alt.Axis(labelFontWeight="bold", labelColor=INK))
    means = base.transform_filter(brush).transform_aggregate(
        mean="mean(value)", months="distinct(date)", groupby=["shop_name"]
    )
    bars = means.mark_bar(height=28).encode(
        x=alt.X("mean:Q", title=info.axis_title, scale=alt.Scale(zero=True)),
        y=bar_y,
        color=color,
        tooltip=[
            alt.Tooltip("shop_name:N", title="Shop"),
            alt.Tooltip("mean:Q", title="Mean", format=value_format),
            alt.Tooltip("months:Q", title="Months"),
        ],
    )
    bar_text = means.mark_text(align="left", dx=4, fontSize=12, color=INK, aria=False).encode(
        x="mean:Q", y=bar_y, text=alt.Text("mean:Q", format=value_format)
    )
    averages = alt.layer(bars, bar_text).properties(
        width=int(width * 0.36), height=110,
        title="Mean over the selected months (all if none selected)",
    )
    text = f"{title}. Three linked charts: a line chart by month, a scatter plot and a bar chart."
    if description:
        text += " " + description
    return (
        alt.vconcat(timeline, alt.hconcat(scatter, averages, spacing=40))
        .properties(title=title, description=text)
        .configure_view(stroke=None)
        .configure_legend(symbolStrokeWidth=2)
    )


# --- Turnover by month (widgets.core.turnover), for the turnover calculator --------------

_turnover = lazy_module("widgets.core.turnover")  # appended block; loads with its first chart

# Voluntary and involuntary differ by color and by outline: involuntary bars have a dashed
# dark border, so the two stay apart without color.
TURNOVER_SERIES_STYLE = {
    "Voluntary": {"color": OKABE_ITO["vermillion"], "stroke": "#ffffff", "dash": [1, 0]},
    "Involuntary": {"color": OKABE_ITO["sky_blue"], "stroke": INK, "dash": [3, 2]},
}


def turnover_points(months: pd.DataFrame) -> pd.DataFrame:
    """Long format for the chart: one row per month and kind of separation (<= 48 rows)."""
    columns = {
        "Voluntary": ("voluntary_pct", "voluntary_separations"),
        "Involuntary": ("involuntary_pct", "involuntary_separations"),
    }
    return pd.DataFrame(
        [
            {
                "month": row["date"],
                "month_name": _turnover.month_label(row["date"]),
                "series": series,
                "order": order,
                "pct": round(float(row[pct]), 2),
                "people": int(row[count]),
                "total_pct": round(float(row["turnover_pct"]), 2),
                "headcount": round(float(row["average_headcount"]), 1),
            }
            for _, row in months.iterrows()
            for order, (series, (pct, count)) in enumerate(columns.items())
        ]
    )


def turnover_chart(
    months: pd.DataFrame,
    scope: str,
    events=(),
    title: str | None = None,
    width: int = 560,
    height: int = 230,
) -> alt.LayerChart:
    """Monthly turnover (%) of a team from `turnover.monthly_table`, as stacked bars.

    Each bar is one month's turnover, split into voluntary (bottom) and involuntary (top,
    dashed outline). `events` (pairs of month and label, e.g. the warehouse rota change)
    are dashed rules with a text label.
    """
    if title is None:
        title = f"Monthly turnover: {scope}"
    data = turnover_points(months)
    domain = list(TURNOVER_SERIES_STYLE)

    def scale(key: str) -> alt.Scale:
        return alt.Scale(domain=domain, range=[TURNOVER_SERIES_STYLE[s][key] for s in domain])

    x = alt.X(
        "yearmonth(month):T",
        title=None,
        axis=alt.Axis(format="%b %y", labelAngle=0, labelOverlap=True, grid=False),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(strokeWidth=1.2)
        .encode(
            x=x,
            y=alt.Y("pct:Q", title="% of average headcount", stack="zero",
                    scale=alt.Scale(domainMin=0, nice=True)),
            color=alt.Color("series:N", title="Separations", scale=scale("color"),
                            legend=alt.Legend(orient="bottom")),
            stroke=alt.Stroke("series:N", scale=scale("stroke"), legend=None),
            strokeDash=alt.StrokeDash("series:N", scale=scale("dash"), legend=None),
            order=alt.Order("order:Q"),
            # a month with nobody leaving draws no outline at zero height
            strokeOpacity=alt.condition("datum.pct > 0", alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip("month_name:N", title="Month"),
                alt.Tooltip("series:N", title="Separations"),
                alt.Tooltip("people:Q", title="People"),
                alt.Tooltip("pct:Q", title="Turnover % (this kind)", format=".1f"),
                alt.Tooltip("total_pct:Q", title="Turnover % (all)", format=".1f"),
                alt.Tooltip("headcount:Q", title="Average headcount"),
            ],
        )
    )
    layers = [bars]
    if len(events):
        marks = pd.DataFrame([{"month": when, "label": what} for when, what in events])
        layers.append(
            alt.Chart(marks)
            .mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.2, aria=False)
            .encode(x=alt.X("yearmonth(month):T", bandPosition=0))
        )
        layers.append(
            alt.Chart(marks)
            .mark_text(color=INK, align="left", baseline="top", dx=4, y=2, fontSize=11, aria=False)
            .encode(x=alt.X("yearmonth(month):T", bandPosition=0), text="label:N")
        )
    description = f"{title}. Stacked bar chart. " + _turnover.describe_months(months, scope)
    return (
        alt.layer(*layers)
        .properties(width=width, height=height, title=title, description=description)
        .configure_view(stroke=None)
    )


# --- Alignment metrics: KPI attainment and status, and a category's quarterly trend -----
# Used by workshops/intermediate/alignment-metrics.ipynb and widgets/metric_builder.py;
# data from widgets.core.metrics (dashboard_frame: one row per KPI; quarterly_values:
# one row per KPI and quarter).

_metrics = lazy_module("widgets.core.metrics")  # appended block; loads with its first chart


def attainment_chart(
    frame: pd.DataFrame,
    title: str = "KPI attainment",
    description: str = "",
    width: int = 420,
) -> alt.LayerChart:
    """One row per KPI: a bar to its attainment %, a status point and a text label.

    Status shows by color (Okabe-Ito), point shape and the label's words, so color is never
    the only cue. Dashed rules mark 100 % (target met) and the at-risk line.
    """
    data = frame[["kpi", "category", "attainment", "status", "label", "latest", "target",
                  "method"]]
    order = list(data["kpi"])
    statuses = [s for s in _metrics.STATUSES.values() if s.key != "no_data"]
    domain = [s.label for s in statuses]
    low = min(0.0, float(data["attainment"].min()) if len(data) else 0.0)
    high = max(150.0, float(data["attainment"].max()) + 40 if len(data) else 150.0)
    x = alt.X(
        "attainment:Q",
        title="Attainment (% of target; 100 = target met)",
        scale=alt.Scale(domain=[low, high], nice=False),
        axis=alt.Axis(values=[v for v in range(0, int(high) + 1, 50) if v >= low], grid=False),
    )
    y = alt.Y("kpi:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("kpi:N", title="KPI"),
        alt.Tooltip("latest:N", title="Actual"),
        alt.Tooltip("target:N", title="Target"),
        alt.Tooltip("attainment:Q", title="Attainment %", format=".0f"),
        alt.Tooltip("method:N", title="Method"),
        alt.Tooltip("status:N", title="Status"),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(color=GRID_GREY, height=6).encode(x=alt.X("zero:Q"), x2="attainment:Q", y=y)
    bars = bars.transform_calculate(zero="0")
    points = base.mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=domain, range=[s.color for s in statuses]),
            legend=alt.Legend(orient="bottom"),
        ),
        shape=alt.Shape(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=domain, range=[s.shape for s in statuses]),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=10, fontSize=11, color=INK, aria=False).encode(
        x=x, y=y, text="label:N"
    )
    marks = pd.DataFrame(
        [
            {"attainment": 100.0, "note": "target met", "align": "left"},
            {"attainment": _metrics.AT_RISK_FROM, "note": "at risk", "align": "right"},
        ]
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
        .encode(x=alt.X("attainment:Q"))
    )
    rule_labels = [
        alt.Chart(marks[marks["align"] == side])
        .mark_text(color=INK, fontSize=10, baseline="bottom", dy=-2, dx=3 if side == "left" else -3,
                   align=side, aria=False)
        .encode(x=alt.X("attainment:Q"), y=alt.value(0), text="note:N")
        for side in ("left", "right")
    ]
    text = description or f"{title}. Dot chart of each KPI's attainment in percent of target."
    return (
        alt.layer(bars, rules, *rule_labels, points, labels)
        .properties(
            width=width,
            height=max(60, 26 * len(order)),
            title=title,
            description=f"{title}. Dot chart of each KPI's attainment in percent of its "
            f"target, with its status. {text}",
        )
        .configure_view(stroke=None)
    )


KPI_SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")
KPI_SERIES_DASHES = ([1, 0], [6, 4], [2, 2], [8, 3, 2, 3], [1, 3])
KPI_SERIES_COLORS = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["orange"],
)


def kpi_trend_chart(
    quarterly: pd.DataFrame,
    title: str = "KPIs by quarter",
    width: int = 520,
    height: int = 260,
) -> alt.LayerChart:
    """Quarterly values of a few KPIs (from `metrics.quarterly_values`), OKR start marked.

    KPIs differ by color, point shape and line style; a dashed rule labeled "OKRs start"
    marks January 2024.
    """
    data = quarterly[["quarter", "start", "kpi", "value", "target", "unit", "period"]]
    names = list(dict.fromkeys(data["kpi"]))
    count = len(names)

    def scale(values):
        return alt.Scale(domain=names, range=[values[i % len(values)] for i in range(count)])

    quarters = list(dict.fromkeys(data["quarter"]))
    x = alt.X("quarter:O", title="Quarter", sort=quarters, axis=alt.Axis(labelAngle=0))
    units = set(data["unit"])
    unit = f" ({units.pop()})" if len(units) == 1 else ""
    y = alt.Y("value:Q", title=f"Quarterly average{unit}", scale=alt.Scale(zero=True))
    base = alt.Chart(data)
    lines = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=y,
        color=alt.Color("kpi:N", title=None, scale=scale(KPI_SERIES_COLORS),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        strokeDash=alt.StrokeDash("kpi:N", title=None, scale=scale(KPI_SERIES_DASHES)),
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=x,
        y=y,
        color=alt.Color("kpi:N", title=None, scale=scale(KPI_SERIES_COLORS)),
        shape=alt.Shape("kpi:N", title=None, scale=scale(KPI_SERIES_SHAPES)),
        tooltip=[
            alt.Tooltip("kpi:N", title="KPI"),
            alt.Tooltip("quarter:N", title="Quarter"),
            alt.Tooltip("value:Q", title="Average", format=".1f"),
            alt.Tooltip("target:Q", title="Target", format=".1f"),
        ],
    )
    okr_quarter = str(pd.Period(_metrics.OKR_START, freq="Q"))
    start = pd.DataFrame({"quarter": [okr_quarter], "label": [f"OKRs start ({okr_quarter})"]})
    rule = (
        alt.Chart(start)
        .mark_rule(color=INK, strokeDash=[4, 3], aria=False)
        .encode(x=alt.X("quarter:O", sort=quarters))
    )
    rule_label = (
        alt.Chart(start)
        .mark_text(color=INK, align="left", baseline="bottom", dx=4, y=height - 4, fontSize=11,
                   aria=False)
        .encode(x=alt.X("quarter:O", sort=quarters), text="label:N")
    )
    return (
        alt.layer(lines, points, rule, rule_label)
        .properties(
            width=width,
            height=height,
            title=title,
            description=f"{title}. Line chart. " + _metrics.describe_trend(quarterly),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Frameworks and growth (widgets.core.growth): the "fixes that fail" simulation, and the
# growth-phase diagnostic's points per phase. Both take data that is already aggregated
# (54 rows and 5 rows).

from widgets.core import growth as _growth  # noqa: E402  (appended block)

POLICY_STYLE = {
    _growth.QUICK_FIX: {"color": OKABE_ITO["vermillion"], "shape": "square", "dash": [6, 4]},
    _growth.FUNDAMENTAL_FIX: {"color": OKABE_ITO["blue"], "shape": "circle", "dash": [1, 0]},
}


def fixes_that_fail_chart(
    frame: pd.DataFrame,
    model: _growth.TeamModel = _growth.TeamModel(),  # noqa: B008 (a frozen dataclass)
    title: str = "Overtime as a fix that fails",
    width: int = 330,
    height: int = 220,
) -> alt.HConcatChart:
    """Two panels by week: jobs waiting, and overtime; one line per policy.

    The policies differ by color, line style and point shape, and a dashed rule labelled
    with the target marks the normal backlog.
    """
    domain = [p for p in POLICY_STYLE if p in set(frame["policy"])]

    def scale(key):
        return alt.Scale(domain=domain, range=[POLICY_STYLE[p][key] for p in domain])

    color = alt.Color("policy:N", title=None, scale=scale("color"),
                      legend=alt.Legend(orient="bottom", labelLimit=320))
    dash = alt.StrokeDash("policy:N", title=None, scale=scale("dash"))
    shape = alt.Shape("policy:N", title=None, scale=scale("shape"))
    x = alt.X("week:Q", title="Week", axis=alt.Axis(tickMinStep=1, format="d"))

    def panel(field: str, name: str, axis_title: str, target: float | None) -> alt.LayerChart:
        y = alt.Y(f"{field}:Q", title=axis_title, scale=alt.Scale(zero=True))
        base = alt.Chart(frame)
        layers = [
            base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, strokeDash=dash,
                                                   detail="policy:N"),
            base.mark_point(filled=True, size=40).encode(
                x=x, y=y, color=color, shape=shape,
                tooltip=[
                    alt.Tooltip("policy:N", title="Policy"),
                    alt.Tooltip("week:Q", title="Week"),
                    alt.Tooltip(f"{field}:Q", title=axis_title, format=".1f"),
                ],
            ),
        ]
        if target is not None:
            line = pd.DataFrame({"y": [target], "label": [f"Target: {target:g} jobs"]})
            layers.append(
                alt.Chart(line).mark_rule(color=INK, strokeDash=[4, 3], aria=False).encode(y="y:Q")
            )
            layers.append(
                alt.Chart(line)
                .mark_text(color=INK, align="right", baseline="bottom", dy=-3, x=width - 2,
                           fontSize=11, aria=False)
                .encode(y="y:Q", text="label:N")
            )
        return alt.layer(*layers).properties(width=width, height=height, title=name)

    return (
        alt.hconcat(
            panel("backlog", "Jobs waiting", "jobs in the backlog", model.target_backlog),
            panel("overtime_pct", "Overtime", "% of normal hours", None),
        )
        .properties(
            title=title,
            description=f"{title}. Two line charts by week, one line per policy. "
            + _growth.describe_simulation(frame, model),
        )
        .configure_view(stroke=None)
    )


def growth_scores_chart(
    diagnosis: _growth.Diagnosis,
    title: str = "Points per phase",
    width: int = 380,
) -> alt.LayerChart:
    """Horizontal bars: the diagnostic's points for each Greiner phase.

    The placed phase is labelled "your phase" beside its bar (and drawn in blue, the others
    in grey), so the placement never relies on color alone.
    """
    rows = pd.DataFrame(
        [
            {
                "phase": f"{p}. {_growth.PHASES[p].name}",
                "points": diagnosis.scores[p],
                "placed": p == diagnosis.phase,
                "label": f"{diagnosis.scores[p]}"
                + (" · your phase" if p == diagnosis.phase else ""),
            }
            for p in _growth.PHASE_NUMBERS
        ]
    )
    order = list(rows["phase"])
    y = alt.Y("phase:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=13, labelColor=INK, labelLimit=200))
    x = alt.X("points:Q", title=f"Points (out of {_growth.MAX_POINTS} possible)",
              scale=alt.Scale(domain=[0, _growth.MAX_POINTS + 5]),
              axis=alt.Axis(tickMinStep=1, format="d"))
    bars = (
        alt.Chart(rows)
        .mark_bar(height=22)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "placed:N",
                scale=alt.Scale(domain=[True, False], range=[OKABE_ITO["blue"], GRID_GREY]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("phase:N", title="Phase"), alt.Tooltip("points:Q", title="Points")],
        )
    )
    labels = (
        alt.Chart(rows)
        .mark_text(align="left", dx=6, fontSize=12, color=INK, aria=False)
        .encode(x=x, y=y, text="label:N")
    )
    return (
        alt.layer(bars, labels)
        .properties(width=width, height=44 * len(order), title=title,
                    description=f"{title}. " + _growth.describe_scores(diagnosis))
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Cross-border comparator (widgets.core.cross_border): two countries on Hofstede's six
# dimensions as a paired dot chart. Six rows, two dots each: already aggregated.

_cross_border = lazy_module("widgets.core.cross_border")  # appended block; loads with its first chart

CROSS_BORDER_STYLE = (
    {"color": OKABE_ITO["blue"], "shape": "circle"},
    {"color": OKABE_ITO["vermillion"], "shape": "square"},
)


def cross_border_points(comparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chart's data: one row per dimension (the gap line and its label), and one row per
    dimension and country (the dots)."""
    gaps = pd.DataFrame(
        [
            {
                "dimension": g.label,
                "low": min(g.first_score, g.second_score),
                "high": max(g.first_score, g.second_score),
                "note": f"gap {_cross_border.format_score(g.absolute)} · {g.band}",
            }
            for g in comparison.gaps
        ],
        columns=["dimension", "low", "high", "note"],
    )
    dots = pd.DataFrame(
        [
            {"dimension": g.label, "country": country, "score": score}
            for g in comparison.gaps
            for country, score in (
                (comparison.first, g.first_score),
                (comparison.second, g.second_score),
            )
        ],
        columns=["dimension", "country", "score"],
    )
    return gaps, dots


def cross_border_chart(comparison, title: str | None = None, width: int = 420) -> alt.LayerChart:
    """Paired dot chart: one row per dimension, a circle for the first country, a square for
    the second, a grey line for the gap and its size in words beside it.

    The countries differ by colour and shape, and the legend names them.
    """
    if title is None:
        title = f"{comparison.first} and {comparison.second} on Hofstede's six dimensions"
    gaps, dots = cross_border_points(comparison)
    order = [_cross_border.DIMENSIONS[k].label for k in _cross_border.DIMENSION_KEYS]
    top = max([100.0, *dots["score"].tolist()])
    x_scale = alt.Scale(domain=[0, top + 28], nice=False)
    axis = alt.Axis(values=list(range(0, int(top) + 1, 20)), format="d", grid=True)
    y = alt.Y(
        "dimension:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=12, labelColor=INK, labelLimit=200),
    )
    gap_layer = (
        alt.Chart(gaps)
        .mark_rule(strokeWidth=4, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(x=alt.X("low:Q", scale=x_scale), x2="high:Q", y=y)
    )
    domain = [comparison.first, comparison.second]
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("score:Q", scale=x_scale, axis=axis,
                    title="Index points (national averages; scale about 0 to 100)"),
            y=y,
            color=alt.Color(
                "country:N",
                title=None,
                scale=alt.Scale(domain=domain, range=[s["color"] for s in CROSS_BORDER_STYLE]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "country:N",
                title=None,
                scale=alt.Scale(domain=domain, range=[s["shape"] for s in CROSS_BORDER_STYLE]),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("score:Q", title="Score"),
            ],
        )
    )
    note_layer = (
        alt.Chart(gaps)
        .mark_text(align="left", dx=12, fontSize=11, color=INK, aria=False)
        .encode(x=alt.X("high:Q", scale=x_scale), y=y, text="note:N")
    )
    return (
        alt.layer(gap_layer, dot_layer, note_layer)
        .properties(
            width=width,
            height=40 * max(1, len(gaps)),
            title=title,
            description=f"{title}. Paired dot chart, one row per dimension: a circle for "
            f"{comparison.first}, a square for {comparison.second}, and the gap between them. "
            + _cross_border.describe_comparison(comparison),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Digital dynamic alignment (widgets.core.digital): a learner's six ratings against the
# peers' median and range, and the twelve case firms' profiles against an outcome. Both
# take data that is already aggregated (6 and 12 rows).

_digital = lazy_module("widgets.core.digital")  # appended block; loads with its first chart

DIGITAL_SERIES_STYLE = {
    "You": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "Peer median": {"color": OKABE_ITO["vermillion"], "shape": "diamond"},
}

PATTERN_STYLE = {
    "technology ahead": {"color": OKABE_ITO["vermillion"], "shape": "square"},
    "in between": {"color": OKABE_ITO["bluish_green"], "shape": "triangle-up"},
    "balanced": {"color": OKABE_ITO["blue"], "shape": "circle"},
}


def digital_profile_points(report) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chart's data: one row per dimension (peer range and a note), two per dimension
    (your rating and the peer median)."""
    peers = report["peers"]
    move_rank = {m["dimension"]: n for n, m in enumerate(report["moves"], start=1)}
    rows = pd.DataFrame(
        [
            {
                "dimension": g["label"],
                "low": peers["low"][g["dimension"]],
                "high": peers["high"][g["dimension"]],
                "note": f"gap {_digital.format_gap(g['gap'])}"
                + (f" · move {move_rank[g['dimension']]}" if g["dimension"] in move_rank else ""),
                "move": g["dimension"] in move_rank,
            }
            for g in report["gaps"]
        ]
    )
    marks = pd.DataFrame(
        [
            {"dimension": g["label"], "series": series, "rating": value}
            for g in report["gaps"]
            for series, value in (("You", g["you"]), ("Peer median", g["peer_median"]))
        ]
    )
    return rows, marks


def digital_profile_chart(
    report,
    title: str = "Your digital alignment against the peers",
    width: int = 420,
) -> alt.LayerChart:
    """One row per dimension: a grey bar for the peers' range, a diamond for their median,
    a circle for you, and the gap (with "move 1"/"move 2") written beside the row.

    You and the peers differ by color and shape; the moves are named in text, in bold.
    """
    rows, marks = digital_profile_points(report)
    order = [_digital.LABELS[d] for d in _digital.DIMENSIONS]
    note_at = _digital.SCALE_MAX + 0.2
    x_scale = alt.Scale(domain=[_digital.SCALE_MIN - 0.2, _digital.SCALE_MAX + 1.9], nice=False)
    y = alt.Y("dimension:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=13, labelFontWeight="bold", labelColor=INK))
    range_layer = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=7, color=GRID_GREY, strokeCap="round", opacity=0.7)
        .encode(
            x=alt.X("low:Q", scale=x_scale),
            x2="high:Q",
            y=y,
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("low:Q", title="Lowest peer"),
                alt.Tooltip("high:Q", title="Highest peer"),
            ],
        )
    )
    domain = list(DIGITAL_SERIES_STYLE)
    mark_layer = (
        alt.Chart(marks)
        .mark_point(filled=True, size=170, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "rating:Q",
                scale=x_scale,
                title=f"Rating: {_digital.SCALE_MIN} = {_digital.SCALE[_digital.SCALE_MIN].lower()}, "
                f"{_digital.SCALE_MAX} = {_digital.SCALE[_digital.SCALE_MAX].lower()} "
                "(grey bar: the peers' range)",
                axis=alt.Axis(values=list(range(_digital.SCALE_MIN, _digital.SCALE_MAX + 1)),
                              format="d", titleAnchor="start", titleAlign="left"),
            ),
            y=y,
            color=alt.Color(
                "series:N", title=None,
                scale=alt.Scale(domain=domain, range=[DIGITAL_SERIES_STYLE[s]["color"] for s in domain]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "series:N", title=None,
                scale=alt.Scale(domain=domain, range=[DIGITAL_SERIES_STYLE[s]["shape"] for s in domain]),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("series:N", title="Who"),
                alt.Tooltip("rating:Q", title="Rating", format=".2~f"),
            ],
        )
    )
    notes = rows.assign(at=note_at)
    note_layers = [
        alt.Chart(notes[notes["move"] == is_move])
        .mark_text(align="left", fontSize=12, color=INK, aria=False,
                   fontWeight="bold" if is_move else "normal")
        .encode(x=alt.X("at:Q", scale=x_scale), y=y, text="note:N")
        for is_move in (False, True)
    ]
    return (
        alt.layer(range_layer, mark_layer, *note_layers)
        .properties(
            width=width,
            height=44 * len(order),
            title=title,
            description=f"{title}. Dot chart, one row per dimension: a circle for you, a "
            "diamond for the peer median, a grey bar for the peers' range. "
            + _digital.describe_comparison(report),
        )
        .configure_view(stroke=None)
    )


def digital_outcomes_chart(
    profiles: pd.DataFrame,
    x: str = "weakest_score",
    y: str = "revenue_growth_pct",
    title: str = "Twelve firms: the weakest dimension and revenue growth",
    width: int = 420,
    height: int = 300,
) -> alt.LayerChart:
    """A scatter of the case firms (from `digital.firm_profiles`), one point per firm.

    Patterns differ by color and shape and each point carries its firm's id; a dashed rule
    marks zero when the outcome can be negative.
    """
    data = profiles.reset_index()[["smb_id", "firm", "sector", "pattern", x, y]].copy()
    data["pattern"] = data["pattern"].astype(str)
    domain = [p for p in PATTERN_STYLE if p in set(data["pattern"])]
    x_title = _digital.MEASURES.get(x, x)
    y_title = _digital.OUTCOME_LABELS.get(y, y)
    x_enc = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(zero=False, padding=12))
    y_enc = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False, padding=12))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=x_enc,
            y=y_enc,
            color=alt.Color(
                "pattern:N", title="Profile",
                scale=alt.Scale(domain=domain, range=[PATTERN_STYLE[p]["color"] for p in domain]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "pattern:N", title="Profile",
                scale=alt.Scale(domain=domain, range=[PATTERN_STYLE[p]["shape"] for p in domain]),
            ),
            tooltip=[
                alt.Tooltip("firm:N", title="Firm"),
                alt.Tooltip("sector:N", title="Sector"),
                alt.Tooltip("pattern:N", title="Profile"),
                alt.Tooltip(f"{x}:Q", title=x_title),
                alt.Tooltip(f"{y}:Q", title=y_title),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, dy=-6, fontSize=10, color=INK, aria=False)
        .encode(x=x_enc, y=y_enc, text="smb_id:N")
    )
    layers = [points, labels]
    if float(data[y].min()) < 0 < float(data[y].max()):
        layers.insert(0, alt.Chart(pd.DataFrame({"zero": [0.0]}))
                      .mark_rule(color=INK, strokeDash=[4, 3], aria=False).encode(y="zero:Q"))
    return (
        alt.layer(*layers)
        .properties(
            width=width,
            height=height,
            title=title,
            description=f"{title}. Scatter chart, one point per firm, shaped by profile "
            f"({_digital.PATTERN_RULE}) "
            + _digital.describe_outcomes(profiles, x, y),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Dynamic alignment: the alignment rhythm check (widgets.core.dynamism). Seven rows, one
# per part of the organization: how often it is reviewed now against the recommended cadence.

_dynamism = lazy_module("widgets.core.dynamism")  # appended block; loads with its first chart

RHYTHM_SERIES_STYLE = {
    "Recommended": {"color": OKABE_ITO["blue"], "shape": "diamond", "size": 300},
    "Now": {"color": OKABE_ITO["vermillion"], "shape": "circle", "size": 120},
}


def rhythm_chart(
    report: _dynamism.RhythmReport,
    title: str = "Your review rhythm",
    width: int = 600,
) -> alt.LayerChart:
    """A dot chart on the frequency ladder: a diamond for the recommended cadence, a circle for now.

    A grey bar joins the two; the status of each part ("Too rarely (2 steps slower)", "In
    rhythm", ...) is written beside its row, bold when flagged, so nothing relies on color.
    """
    rows = pd.DataFrame(_dynamism.chart_rows(report))
    order = list(rows["part"])
    ladder = _dynamism.FREQUENCIES
    last = ladder[-1].step
    labels = "[" + ",".join(f"'{f.short}'" for f in ladder) + "]"
    x_scale = alt.Scale(domain=[-0.4, last + 4.4], nice=False)
    axis = alt.Axis(
        values=[f.step for f in ladder],
        labelExpr=f"{labels}[datum.value]",
        labelAngle=0,
        grid=True,
        domain=False,
        titleAlign="left",
        titleAnchor="start",
    )
    y = alt.Y("part:N", sort=order, title=None,
              axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", labelColor=INK,
                            labelLimit=200))
    bars = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=5, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(
            x=alt.X("low:Q", scale=x_scale,
                    title="How often it is reviewed (left: more often; right: less often)",
                    axis=axis),
            x2="high:Q",
            y=y,
        )
    )
    dots = pd.DataFrame(
        [
            {"part": r["part"], "series": series, "step": r[f"{key}_step"], "cadence": r[key]}
            for r in _dynamism.chart_rows(report)
            for series, key in (("Recommended", "recommended"), ("Now", "actual"))
        ]
    )
    domain = list(RHYTHM_SERIES_STYLE)

    def scale(key):
        return alt.Scale(domain=domain, range=[RHYTHM_SERIES_STYLE[s][key] for s in domain])

    dot_layers = [
        alt.Chart(dots[dots["series"] == series])
        .mark_point(filled=True, opacity=1, stroke="white", strokeWidth=1,
                    size=RHYTHM_SERIES_STYLE[series]["size"])
        .encode(
            x=alt.X("step:Q", scale=x_scale),
            y=y,
            color=alt.Color("series:N", title=None, scale=scale("color"),
                            legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("series:N", title=None, scale=scale("shape")),
            tooltip=[
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("series:N", title="Cadence"),
                alt.Tooltip("cadence:N", title="How often"),
            ],
        )
        for series in domain  # the smaller "Now" circle is drawn on top of the diamond
    ]
    notes = rows.assign(note_x=last + 0.6)
    note_layers = [
        alt.Chart(notes[notes["flagged"] == flagged])
        .mark_text(align="left", fontSize=12, color=INK,
                   fontWeight="bold" if flagged else "normal", aria=False)
        .encode(x=alt.X("note_x:Q", scale=x_scale), y=y, text="note:N")
        for flagged in (False, True)
    ]
    return (
        alt.layer(bars, *dot_layers, *note_layers)
        .properties(
            width=width,
            height=44 * len(order),
            title=title,
            description=f"{title}. Dot chart of how often each of seven parts of the "
            "organization is reviewed now, against the recommended cadence. "
            + _dynamism.describe_rhythm(report),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Team culture: several groups' kites on one Competing Values map (widgets.core.team_culture).
# A group keeps one colour AND one point shape; the phase is told apart by line style and fill
# (Now: solid line, filled points; Preferred: dashed line, hollow points).

TEAM_KITE_COLORS = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["orange"], OKABE_ITO["black"],
)
TEAM_KITE_SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down")
TEAM_KITE_DASHES = {"Now": [1, 0], "Preferred": [6, 4]}


def team_kite_chart(
    profiles: Mapping[str, Mapping[str, Mapping[str, float]]],
    title: str = "Team culture profiles",
    description: str | None = None,
    size: int = 440,
) -> alt.LayerChart:
    """Overlay the kites of several groups: ``{group: {"Now": profile, "Preferred": profile}}``
    (either phase or both per group; at most six groups).

    The map (rings, axes, quadrant names) is `kite_chart`'s own: its guide layers are reused,
    drawn at the scale that fits the largest value, so the two charts always look alike.
    `description` (the text alternative, e.g. `team_culture.describe_overlay`) follows the
    chart's name in the Vega-Lite description.
    """
    groups = list(profiles)
    if not groups or len(groups) > len(TEAM_KITE_COLORS):
        raise ValueError(f"Draw between 1 and {len(TEAM_KITE_COLORS)} groups.")
    series = [(g, phase, points) for g in groups for phase, points in profiles[g].items()]
    if not series or any(phase not in TEAM_KITE_DASHES for _, phase, _ in series):
        raise ValueError("Each group needs a Now and/or a Preferred profile.")
    # kite_chart's last two layers are its own lines and points; the others are the map.
    largest = max((points for _, _, points in series), key=lambda p: max(p.values()))
    background = list(kite_chart(largest).layer[:-2])
    x, y = background[0].encoding.x, background[0].encoding.y
    data = pd.concat(
        [kite_points({f"{g} ({phase})": points}).assign(group=g, phase=phase)
         for g, phase, points in series],
        ignore_index=True,
    )
    phases = [p for p in TEAM_KITE_DASHES if p in set(data["phase"])]
    color = alt.Color("group:N", title="Group", sort=groups, scale=alt.Scale(
        domain=groups, range=list(TEAM_KITE_COLORS[: len(groups)])),
        legend=alt.Legend(orient="bottom", columns=2, labelLimit=260, symbolStrokeWidth=2.5))
    shape = alt.Shape("group:N", title="Group", sort=groups, scale=alt.Scale(
        domain=groups, range=list(TEAM_KITE_SHAPES[: len(groups)])))
    dash = alt.StrokeDash("phase:N", title="Phase", sort=phases, scale=alt.Scale(
        domain=phases, range=[TEAM_KITE_DASHES[p] for p in phases]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=2.5))
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("phase:N", title="Phase"),
        alt.Tooltip("culture_type:N", title="Type"),
        alt.Tooltip("points:Q", title="Points", format=".1f"),
    ]
    lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color, strokeDash=dash, detail="series:N", order="order:O")
    vertices = data[data["order"] < len(CULTURE_TYPES)]
    point_layers = [
        alt.Chart(vertices[vertices["phase"] == phase])
        .mark_point(filled=phase == "Now", size=80 if phase == "Now" else 90, strokeWidth=2,
                    opacity=1)
        .encode(x=x, y=y, color=color, shape=shape, tooltip=tooltip)
        for phase in phases
    ]
    text = f"{title}. Kite chart of the Competing Values Framework, one kite per group and phase."
    return (
        alt.layer(*background, lines, *point_layers)
        .properties(width=size, height=size, title=title,
                    description=text + (f" {description}" if description else ""))
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Shared mental models (widgets.core.mental_models): the ranks each person gave each item,
# the items the team disagrees on most at the top. Data are counts per item and rank
# (at most 10 x 10 rows).

_mental_models = lazy_module("widgets.core.mental_models")  # appended block; loads with its first chart

RANK_SERIES_STYLE = {
    "People's ranks": {"color": OKABE_ITO["blue"], "shape": "circle"},
    "Team average": {"color": OKABE_ITO["vermillion"], "shape": "diamond"},
}


def rank_spread_chart(
    rankings,
    title: str = "How the team ranked each priority",
    width: int = 420,
) -> alt.LayerChart:
    """One row per item: a grey bar from the best to the worst rank anyone gave it, a blue
    circle per rank given (larger when more people gave it), and the team's average rank as
    a vermillion diamond. Items are sorted by disagreement (largest spread first), and a text
    label beside each row states the spread, so nothing relies on color alone.
    """
    summary = _mental_models.item_disagreement(rankings)
    counts = _mental_models.rank_counts(rankings)
    raters = int(counts.groupby("item")["people"].sum().iloc[0])
    n = len(summary)
    order = list(summary["item"])
    bars = summary[["item", "best", "worst", "mean_rank", "sd"]].assign(
        note=[
            "everyone agrees" if spread == 0 else f"ranks {_mental_models.format_rank(b)}–"
            f"{_mental_models.format_rank(w)} · SD {sd:.1f}"
            for b, w, sd, spread in zip(summary["best"], summary["worst"], summary["sd"],
                                        summary["spread"])
        ],
        label_at=n + 0.45,
    )
    dots = counts.assign(series="People's ranks")
    means = summary[["item", "mean_rank"]].assign(series="Team average")
    x_scale = alt.Scale(domain=[0.5, n + 3.2], nice=False)
    x_axis = alt.Axis(values=list(range(1, n + 1)), format="d", grid=False, domain=False,
                      titleAlign="left", titleAnchor="start")
    y = alt.Y("item:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=300, labelFontSize=12, labelColor=INK))
    domain = list(RANK_SERIES_STYLE)
    color = alt.Color(
        "series:N", title=None,
        scale=alt.Scale(domain=domain, range=[RANK_SERIES_STYLE[s]["color"] for s in domain]),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape(
        "series:N", title=None,
        scale=alt.Scale(domain=domain, range=[RANK_SERIES_STYLE[s]["shape"] for s in domain]),
    )
    range_layer = (
        alt.Chart(bars)
        .mark_rule(strokeWidth=6, color=GRID_GREY, strokeCap="round", aria=False)
        .encode(x=alt.X("best:Q", scale=x_scale, axis=x_axis,
                        title="Rank given (1 = most important)"),
                x2="worst:Q", y=y)
    )
    dot_layer = (
        alt.Chart(dots)
        .mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("rank:Q", scale=x_scale),
            y=y,
            color=color,
            shape=shape,
            size=alt.Size("people:Q", title="People",
                          scale=alt.Scale(domain=[1, max(2, raters)], range=[70, 420]),
                          legend=alt.Legend(orient="bottom", values=[1, max(2, raters)],
                                            format="d")),
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("rank:Q", title="Rank", format=".1~f"),
                alt.Tooltip("people:Q", title="People"),
            ],
        )
    )
    mean_layer = (
        alt.Chart(means)
        .mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("mean_rank:Q", scale=x_scale),
            y=y,
            color=color,
            shape=shape,
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("mean_rank:Q", title="Average rank", format=".1f"),
            ],
        )
    )
    note_layer = (
        alt.Chart(bars)
        .mark_text(align="left", fontSize=11, color=INK, aria=False)
        .encode(x=alt.X("label_at:Q", scale=x_scale), y=y, text="note:N")
    )
    return (
        alt.layer(range_layer, dot_layer, mean_layer, note_layer)
        .properties(
            width=width,
            height=38 * n,
            title=title,
            description=f"{title}. Dot chart of the rank each person gave each item, with the "
            "team's average rank. " + _mental_models.describe_disagreement(summary, raters),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Ethical alignment (widgets.core.ethics): the ethical decision canvas's trade-off matrix,
# options x stakeholder groups, as a heatmap (a few dozen cells at most).

_ethics = lazy_module("widgets.core.ethics")  # appended block; loads with its first chart

# ColorBrewer's PuOr with seven classes, harm orange and benefit purple: a diverging scheme
# that stays distinguishable for the common forms of colour blindness. Every cell prints its
# score, so colour is never the only cue; the darkest two cells take white ink (WCAG AA).
TRADE_OFF_COLORS = ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788")
TRADE_OFF_WHITE_INK_FROM = 2.5  # |score| at or above this prints in white


def trade_off_chart(
    analysis: _ethics.Analysis,
    title: str = "Trade-off matrix",
    cell: int = 74,
) -> alt.LayerChart:
    """Options (rows) by stakeholder groups (columns), each cell coloured and labelled by score.

    A row whose option breaks a stated value says so in its label ("breaks 2 values").
    """
    data = _ethics.heatmap_data(analysis)
    options = list(dict.fromkeys(data["option"]))
    groups = list(dict.fromkeys(data["group"]))
    x = alt.X(
        "group:N",
        sort=groups,
        title="Stakeholder group",
        axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=160, labelColor=INK),
    )
    y = alt.Y(
        "option:N",
        sort=options,
        title=None,
        axis=alt.Axis(labelLimit=320, labelFontSize=12, labelColor=INK),
    )
    scale_title = (
        f"Score: {_ethics.score_label(_ethics.SCORE_MIN)} to "
        f"{_ethics.score_label(_ethics.SCORE_MAX)}"
    )
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.Color(
            "score:Q",
            title=scale_title,
            scale=alt.Scale(domain=list(_ethics.SCORES), range=list(TRADE_OFF_COLORS)),
            legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=280,
                              titleLimit=420, values=list(_ethics.SCORES)),
        ),
        tooltip=[
            alt.Tooltip("option:N", title="Option"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("text:N", title="Score"),
            alt.Tooltip("meaning:N", title="Meaning"),
        ],
    )
    numbers = base.mark_text(fontSize=15, fontWeight="bold", aria=False).encode(
        x=x,
        y=y,
        text="text:N",
        color=alt.condition(
            f"abs(datum.score) >= {TRADE_OFF_WHITE_INK_FROM}", alt.value("white"), alt.value("black")
        ),
    )
    return (
        alt.layer(cells, numbers)
        .properties(
            width=cell * len(groups),
            height=44 * len(options),
            title=title,
            description=f"{title}. Heatmap of scores. " + _ethics.describe_matrix(analysis),
        )
        .configure_view(stroke=None)
    )


# ---------------------------------------------------------------------------------------
# Static charts for worked examples (used by workshops/advanced/digital-dynamic-alignment):
# an SVG drawn in the kernel, so the page needs no chart widget at all.


def static_chart(chart: alt.TopLevelMixin):
    """A chart as static SVG inside an HTML figure: no widget, no script, no network.

    For worked examples that need no interaction: the chart arrives with the page, so it
    cannot miss anywidget's 2-second start-up limit on a busy machine. The figure has
    role="img" and the chart's `description` as its accessible name; show the same text
    visibly beside it (a details element), as for every chart.
    """
    import html as _html

    import vl_convert
    from IPython.display import HTML

    spec = chart.to_dict()
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    label = _html.escape(spec.get("description", ""), quote=True)
    return HTML(f'<figure class="aligned-static-chart" role="img" aria-label="{label}" '
                f'style="margin: 0.5rem 0">{svg}</figure>')
