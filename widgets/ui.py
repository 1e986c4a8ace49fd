"""Shared look and messages for every activity widget."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping
from importlib.resources import files

# The kit's one stylesheet (widgets/templates/aligned.css), read once. Three places show it, all
# from this one file: the standalone page templates include it; Voila's page template `aligned`
# includes it once per page (its aligned.css is a link to this file); in JupyterLab, which has no
# page template, the kernel adds it once (widgets.activity.stylesheet).
CSS = files("widgets").joinpath("templates/aligned.css").read_text(encoding="utf-8")
STYLE = "<style>\n" + CSS + "</style>"

# Voila sets both in every kernel it runs a page in, before the page's first cell: VOILA_PREHEAT
# when it starts the kernel (warm pool or on request), VOILA_KERNEL_ID when it starts rendering.
VOILA_KERNEL_VARIABLES = ("VOILA_PREHEAT", "VOILA_KERNEL_ID")


def page_has_stylesheet(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the page around this kernel's widgets has aligned.css already: a kernel Voila
    runs a page in, since the kit serves its pages with its template `aligned` (voila.json).
    `ALIGNED_STYLESHEET=kernel` says no (Voila with another template: the views carry it)."""
    environ = os.environ if environ is None else environ
    if environ.get("ALIGNED_STYLESHEET", "").strip().lower() == "kernel":
        return False
    return any(name in environ for name in VOILA_KERNEL_VARIABLES)


def page_style() -> str:
    """STYLE for an HTML output that must carry the stylesheet itself (a self-check's report, a
    worked example's cards, kept in a saved notebook too), or "" where the page has it."""
    return "" if page_has_stylesheet() else STYLE

# Links from the hub and its panels open a new tab, which keeps the hub at hand (as JupyterLab
# does for links in rendered output); the page is a widget's HTML, so it says so itself.
NEW_TAB = "target='_blank' rel='noopener'"

_MESSAGE_ROLES = {"error": "alert", "ok": "status"}


def message_html(kind: str, text: str, items: Iterable[str] = ()) -> str:
    """A message box; errors are announced at once by screen readers, the rest politely."""
    role = _MESSAGE_ROLES[kind]
    listing = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return (
        f'<div class="aligned-message aligned-message-{kind}" role="{role}">'
        f"<p>{html.escape(text)}</p>" + (f"<ul>{listing}</ul>" if listing else "") + "</div>"
    )


def failure_text(doing: str, kept: str = "Your answers are kept") -> str:
    """What a learner reads when a handler fails: what failed, and that nothing is lost."""
    return f"Something went wrong while {doing}. {kept}: please try again, or tell your facilitator."


def failure_html(doing: str, kept: str = "Your answers are kept") -> str:
    """The message box a learner sees when a handler fails; see `failure_text`."""
    return message_html("error", failure_text(doing, kept))
