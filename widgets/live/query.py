"""The query string of a Voila page (the facilitator dashboard reads ?session=...&key=... from it)."""

from __future__ import annotations

import logging
import os

from widgets.core import sessions

log = logging.getLogger(__name__)


def page_query() -> dict[str, str]:
    """The page's query string. Under Voila with preheated kernels this waits for the request."""
    query = None
    try:
        from voila.utils import get_query_string

        query = get_query_string()
    except Exception:  # not under Voila, or an older Voila: fall back to the environment
        log.debug("No query string from Voila", exc_info=True)
    return sessions.parse_query(query or os.environ.get("QUERY_STRING", ""))
