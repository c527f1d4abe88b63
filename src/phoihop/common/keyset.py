"""What every keyset-paged list shares (issue 10: no OFFSET, no total count): the page of rows with the cursors
of its neighbours, and the error for a cursor this site did not write. The lists' own queries (one index, one
order each) live in their domain's queries.py: consultations.queries.inbox_page/outbox_page,
notifications.queries.notification_page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["BadCursor", "Page"]

R = TypeVar("R")


class BadCursor(ValueError):
    """A cursor this site did not write (edited or truncated): the page shows the first page, the API a 400."""


@dataclass(frozen=True)
class Page(Generic[R]):
    """One page of a keyset-paged list: its rows and the cursors of the next and previous pages (None: none)."""

    rows: list[R]
    next: str | None
    previous: str | None
