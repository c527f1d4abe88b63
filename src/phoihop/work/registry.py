"""The work queue ("Việc cần làm"): what awaits a person or their body, from the sources domain apps register.

A source is one kind of work (drafts to approve, copies to answer, reports due…). Each domain app registers its
sources in its own `work.py`, imported at start-up by WorkConfig.ready() (`work.discover()`), so that this app
imports no domain app and a new domain adds its work without touching it:

    # <app>/work.py
    from phoihop.work.registry import WorkItem, WorkSource, work

    def _pending(user: Actor, today: dt.date) -> QuerySet[Meeting] | None:
        if user.role != Role.LEADER:
            return None  # nothing of this kind for this user: no query at all
        return Meeting.objects.filter(host_id=user.organization_id, minutes="")

    def _items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
        rows = _pending(user, today)
        ...  # rows[:limit] with what the items show, in one query

    work.add("meetings.minutes", WorkSource(_("Họp, hội nghị"), _pending, _items), order=60)

Rules for a source:
- `pending(user, today)` is the rows awaiting the user (a QuerySet, unordered; None when the user's role has
  none of them): the work app counts every source in one query (`counts_for`), reading at most COUNT_CAP rows
  of each, so write it on an index of the open states.
- `items(user, today, limit)` gives at most `limit` items, nearest deadline first, in a fixed number of queries
  whatever the number of rows (one, usually: select_related, subqueries for counts).
- A user outside the body never gets a row (the same scoping as the domain's queries); anonymous users are
  never asked (queue_for and counts_for answer empty).
- Items leave `days` empty: the work app writes the deadline phrase in working days from one calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from phoihop.common.registry import Registry

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from phoihop.accounts.types import Actor

__all__ = ["WorkItem", "WorkSource", "work"]


@dataclass(frozen=True)
class WorkItem:
    """One thing awaiting a person: what kind of work it is, about what, from and to whom, by when, where."""

    what: str  # a short Vietnamese label of the kind of work ("Cần trả lời", "Dự thảo chờ duyệt, ký gửi")
    title: str  # what it is about (a request's subject, a report's title)
    from_body: str  # who it comes from (a body, or a person inside the body)
    to_body: str  # whom it is addressed to
    deadline: dt.date | None
    url: str
    source: str = ""  # the registered name of its source (filled in by the work app)
    days: str = ""  # the deadline in working days ("còn 2 ngày làm việc"; filled in by the work app)
    number: str = ""  # a document number, when it has one
    ref: int = 0  # the id of the row it comes from (ties in the order)

    @property
    def sort_key(self) -> tuple[int, dt.date, int]:
        """Nearest deadline first; items without a deadline after them, in the order of their rows."""
        return (self.deadline is None, self.deadline or dt.date.max, self.ref)


@dataclass(frozen=True)
class WorkSource:
    """One kind of work a domain app offers the queue (see the module's docstring for the rules)."""

    label: Any  # the group's heading on the page (a lazy Vietnamese string)
    pending: Callable[[Actor, dt.date], QuerySet[Any] | None]
    items: Callable[[Actor, dt.date, int], list[WorkItem]]


work: Registry[WorkSource] = Registry("work")
