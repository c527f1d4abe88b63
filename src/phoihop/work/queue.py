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
from phoihop.audit.models import AuditEvent
from phoihop.common.clock import local_date
from phoihop.scheduler.models import SweepRun
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from .registry import WorkItem, work

__all__ = [
    "COUNT_CAP",
    "LIMIT",
    "WorkGroup",
    "counts_for",
    "data_version",
    "deadline_phrase",
    "forget_totals",
    "groups_for",
    "menu_total",
    "queue_for",
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
    return _counted(actor, today or _today(), with_version=False)[0]


def _subquery(rows: Any) -> tuple[str, list[Any]]:
    """The SQL of our own QuerySet, its values bound as parameters."""
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    return sql, list(params)


def _select(db: str, columns: list[str], params: list[Any]) -> tuple[Any, ...]:
    """One row of scalar subqueries (`SELECT (…), (…)`), in one query."""
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        return tuple(cursor.fetchone())


def _version_parts() -> tuple[list[str], list[Any]]:
    """data_version's two columns: the newest audit event's and sweep run's ids (0 when there is none)."""
    parts, params = [], []
    for rows in (AuditEvent.objects.order_by("-pk"), SweepRun.objects.order_by("-pk")):
        sql, p = _subquery(rows.values("pk")[:1])
        parts.append(f"COALESCE(({sql}), 0)")
        params.extend(p)
    return parts, params


def _counted(
    actor: Actor, day: dt.date, *, with_version: bool
) -> tuple[dict[str, int], tuple[int, int] | None]:
    """counts_for's counts, and with_version data_version() read by the same query (None when no source applies:
    then no query at all)."""
    parts: list[str] = []
    params: list[Any] = []
    names: list[str] = []
    db = DEFAULT_DB_ALIAS
    for name, source in work.items():
        rows = source.pending(actor, day)
        if rows is None:
            continue
        sql, p = _subquery(rows.order_by().values("pk")[:COUNT_CAP])
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS w{len(names)})")  # noqa: S608
        params.extend(p)
        names.append(name)
        db = rows.db
    if not parts:
        return {}, None
    if with_version:
        version_sql, version_params = _version_parts()
        parts += version_sql
        params += version_params
    row = _select(db, parts, params)
    counts = {name: int(n) for name, n in zip(names, row, strict=False)}
    return counts, (int(row[-2]), int(row[-1])) if with_version else None


# --- the menu's badge on every page, remembered while nothing changed (issue 10) ---------------------------------
# Counting every source cost ≈20 ms a page at the busiest body (half of it building the sources' twenty
# subqueries), the inbox's own work being ≈25 ms: under load the badge halved what two workers could serve.
# Every state change writes an audit event in its own transaction (AGENTS.md), and every sweep records its run:
# the newest of each, with the user and the day, tells whether a total counted before still holds. A change that
# writes no audit event (a fixture) shows with the next audited change or the next sweep run.

TOTALS_KEPT = 10_000  # users and days remembered per process; then all forgotten at once
_totals: dict[tuple[Any, ...], tuple[tuple[int, int], int]] = {}


def data_version() -> tuple[int, int]:
    """(the newest audit event's id, the newest sweep run's id), 0 for none: one query reading one key of each."""
    audit_id, run_id = _select(DEFAULT_DB_ALIAS, *_version_parts())
    return int(audit_id), int(run_id)


def menu_total(user: Viewer, today: dt.date | None = None) -> int:
    """Every item awaiting the user (the navigation's badge): counts_for's total with data_version() in the same
    query, remembered for the user and the day; a later page reads data_version() alone (one query) and counts
    again only when it changed. No query when no source applies to the user's role."""
    actor = _member(user)
    if actor is None:
        return 0
    day = today or _today()
    key = (actor.pk, actor.role, actor.organization_id, day)
    remembered = _totals.get(key)
    if remembered is not None and data_version() == remembered[0]:
        return remembered[1]
    counts, version = _counted(actor, day, with_version=True)
    total = sum(counts.values())
    if version is not None:
        if len(_totals) >= TOTALS_KEPT:
            _totals.clear()
        _totals[key] = (version, total)
    return total


def forget_totals() -> None:
    """Forget every remembered total (the tests, between two databases whose ids repeat)."""
    _totals.clear()


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
