"""What the layout (web/base.html) itself costs on every signed-in page, so that a page's query-count test names its
own queries plus these (web/context_processors.py): the menu's work count (one query whatever the sources: the
total with its data version, or, once remembered, the version alone, work.queue.menu_total) and the bell's unread
count (one query on the notifications' (user, read_at) index)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

WORK_BADGE = 1
BELL = 1
LAYOUT_QUERIES = WORK_BADGE + BELL


def page_queries(client: Any, url: str, **params: Any) -> int:
    """The queries of one GET of the page (answered 200), requested once before: the menu's badge is then
    remembered (work.queue.menu_total), as on every page after a user's first, so the count is the page's own."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)
