"""Shared look and messages for every activity widget."""

from __future__ import annotations

import html
from collections.abc import Iterable

# Long statements are the point of the assessment, so labels wrap instead of being cut
# with an ellipsis (ipywidgets' default). Colours pass WCAG AA contrast on white.
STYLE = """<style>
.aligned-activity { max-width: 60rem; }
.aligned-activity .widget-label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; padding-right: 1rem; text-align: left;
}
.aligned-activity .aligned-points { align-items: center; margin: 0.35rem 0; }
.aligned-activity .aligned-points input { max-width: 6rem; }
.aligned-activity .aligned-dimension {
  border: 1px solid #c8c8c8; border-radius: 6px; padding: 0.25rem 0.9rem 0.6rem;
  margin: 0.5rem 0;
}
.aligned-activity .aligned-ok { color: #1b6e3a; font-weight: 600; }
.aligned-activity .aligned-pending { color: #8a4b00; font-weight: 600; }
.aligned-activity .aligned-message { padding: 0.6rem 0.9rem; border-radius: 6px; margin: 0.5rem 0; }
.aligned-activity .aligned-message-error { background: #fdecea; border-left: 5px solid #b3261e; }
.aligned-activity .aligned-message-ok { background: #e8f5ec; border-left: 5px solid #1b6e3a; }
.aligned-activity .aligned-table { border-collapse: collapse; margin: 0.5rem 0; }
.aligned-activity .aligned-table th, .aligned-activity .aligned-table td {
  border: 1px solid #c8c8c8; padding: 0.2rem 0.6rem; text-align: right;
}
.aligned-activity .aligned-table th[scope=row] { text-align: left; }
.aligned-activity .aligned-table caption { text-align: left; font-weight: 600; white-space: nowrap; }
.aligned-activity .aligned-caveat { font-style: italic; }
.aligned-activity :focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.aligned-activity a { text-decoration: underline; }
</style>"""

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
