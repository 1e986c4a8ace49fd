"""Charts as static SVG: for every static report (lesson worked examples, the live session's
report, the grading report). vl-convert's JavaScript engine costs about 90 MiB, so it is
imported only when a chart is drawn.
"""

from __future__ import annotations

import html
import re

from widgets.charts.render import alt


def to_svg(chart: alt.TopLevelMixin, *, inline: bool = False) -> str:
    """The chart drawn as SVG by vl-convert, offline.

    With `inline`, the XML declaration and namespace attributes are dropped: SVG inlined in
    HTML needs neither, and the page then holds no URL at all. A chart built with Altair
    directly (the grading report's) is drawn in the kit's theme too.
    """
    import vl_convert

    alt.load()  # the first chart of the process: enables the theme (render._altair_imported)
    text = vl_convert.vegalite_to_svg(chart.to_dict())
    if inline:
        text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
        text = re.sub(r"<\?xml[^>]*>", "", text).strip()
    return text


def static_chart(chart: alt.TopLevelMixin):
    """A chart as static SVG inside an HTML figure: no widget, no script, no network.

    For worked examples that need no interaction: the chart arrives with the page, so it
    cannot miss anywidget's 2-second start-up limit on a busy machine. The figure has
    role="img" and the chart's `description` as its accessible name; show the same text
    visibly beside it (a details element), as for every chart.
    """
    from IPython.display import HTML

    spec = chart.to_dict()
    svg = to_svg(chart)
    label = html.escape(spec.get("description", ""), quote=True)
    return HTML(f'<figure class="aligned-static-chart" role="img" aria-label="{label}" '
                f'style="margin: 0.5rem 0">{svg}</figure>')
