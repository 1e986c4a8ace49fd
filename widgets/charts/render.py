"""Altair and pandas, loaded with the first chart; offline rendering in JupyterLab and Voila.

Every family module takes `alt` and `pd` from here, so the first chart built anywhere runs
`_altair_imported` once: it enables the kit's theme and, if a lesson asked for it, the
offline renderer.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from widgets.charts import theme
from widgets.core.lazy import lazy_module


def _altair_imported(module) -> None:
    """Runs once, when the first chart is built: enables the theme, and `enable_offline()` if
    it was asked for."""
    theme.enable(module)
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
