"""Reading the work queue: each source's items with their deadline in working days (queue_for), and how many
items each source holds (counts_for, one query for every source together)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.types import Actor, Viewer
from phoihop.common.clock import local_date
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from .registry import WorkItem, work

__all__ = [
    "COUNT_CAP",
    "LIMIT",
    "WorkGroup",
    "counts_for",
    "deadline_phrase",
    "groups_for",
    "queue_for",
    "total_for",
]

LIMIT = 50  # items shown per source; the rest is "và N việc khác"
COUNT_CAP = 1000  # rows counted per source at most (never the whole history): a count at the cap reads "999+"


def _today() -> dt.date:
    return local_date(timezone.now())


def _member(user: Viewer) -> Actor | None:
    """The signed-in user of a body (the queue is a body's work), else None."""
    if not user.is_authenticated or not user.organization_id:
        return None
    return user


def deadline_phrase(deadline: dt.date | None, today: dt.date, calendar: WorkCalendar) -> str:
    """The deadline in working days as seen `today`: "còn 2 ngày làm việc", "hạn hôm nay", "quá hạn 3 ngày làm
    việc" (the working days after the deadline up to today). A deadline outside the calendar's years: its date."""
    if deadline is None:
        return ""
    if deadline == today:
        return _("hạn hôm nay")
    try:
        if deadline > today:
            left = calendar.working_days_between(today, deadline)
            if left <= 0:  # a deadline on a day off with no working day before it: today is the last one
                return _("hạn hôm nay")
            return _("còn %(n)d ngày làm việc") % {"n": left}
        late = calendar.working_days_between(deadline, today)
    except ValueError:
        return _("hạn %(date)s") % {"date": deadline.strftime("%d/%m/%Y")}
    if late <= 0:  # past a deadline on a day off, before the next working day ends
        return _("quá hạn")
    return _("quá hạn %(n)d ngày làm việc") % {"n": late}


def counts_for(user: Viewer, today: dt.date | None = None) -> dict[str, int]:
    """{source name: items awaiting the user} for every source with something for the user's role, each
    counted up to COUNT_CAP, in one query (none when no source applies; none for anonymous users)."""
    actor = _member(user)
    if actor is None:
        return {}
    day = today or _today()
    parts: list[str] = []
    params: list[Any] = []
    names: list[str] = []
    db = DEFAULT_DB_ALIAS
    for name, source in work.items():
        rows = source.pending(actor, day)
        if rows is None:
            continue
        sql, p = rows.order_by().values("pk")[:COUNT_CAP].query.get_compiler(using=rows.db).as_sql()
        # the SQL of our own QuerySet, its values bound as parameters
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS w{len(names)})")  # noqa: S608
        params.extend(p)
        names.append(name)
        db = rows.db
    if not parts:
        return {}
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(n) for name, n in zip(names, row, strict=True)}


def total_for(user: Viewer, today: dt.date | None = None) -> int:
    """Every item awaiting the user (the navigation's badge), in one query."""
    return sum(counts_for(user, today).values())


def queue_for(
    user: Viewer, today: dt.date | None = None, calendar: WorkCalendar | None = None, limit: int = LIMIT
) -> list[WorkItem]:
    """The items awaiting the user, source by source (in the registry's order), nearest deadline first within a
    source, at most `limit` per source, each with its source's name and its deadline phrase. A fixed number of
    queries whatever the number of items: the calendar (unless given) and one (or a few) per source that applies."""
    actor = _member(user)
    if actor is None:
        return []
    day = today or _today()
    result: list[WorkItem] = []
    cal = calendar
    for name, source in work.items():
        if source.pending(actor, day) is None:
            continue
        items = source.items(actor, day, limit)[:limit]
        if items and cal is None:
            cal = current_calendar()
        for item in sorted(items, key=lambda i: i.sort_key):
            assert cal is not None
            result.append(
                dataclasses.replace(item, source=name, days=deadline_phrase(item.deadline, day, cal))
            )
    return result


@dataclass(frozen=True)
class WorkGroup:
    """One source's items on the page: its heading, its first items and how many more it holds."""

    name: str
    label: Any
    items: list[WorkItem]
    count: int  # every item of the source, up to COUNT_CAP
    more: int  # count - len(items)
    capped: bool  # count reached COUNT_CAP (the real number is larger)


def groups_for(items: list[WorkItem], counts: dict[str, int]) -> list[WorkGroup]:
    """queue_for's items grouped by source, in the registry's order, with the counts of counts_for; sources with
    no item are left out."""
    by_source: dict[str, list[WorkItem]] = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item)
    groups = []
    for name, source in work.items():
        rows = by_source.get(name)
        if not rows:
            continue
        count = max(counts.get(name, len(rows)), len(rows))
        groups.append(WorkGroup(name, source.label, rows, count, count - len(rows), count >= COUNT_CAP))
    return groups
