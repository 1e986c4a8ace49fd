"""Shared look and messages for every activity widget."""

from __future__ import annotations

import html
from collections.abc import Iterable
from importlib.resources import files

# The kit's one stylesheet (widgets/templates/aligned.css), read once: every view carries it per
# kernel (JupyterLab has no page template), and the standalone page templates include the same file.
CSS = files("widgets").joinpath("templates/aligned.css").read_text(encoding="utf-8")
STYLE = "<style>\n" + CSS + "</style>"

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
