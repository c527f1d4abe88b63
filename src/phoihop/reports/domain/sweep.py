"""What falls due, applied by the sweep: slots created ahead, opened (đến kỳ), flagged overdue, and reminders
on working days. Every outcome is claimed with a conditional UPDATE, so repeated, late or concurrent runs give
exactly one outcome.

Cost (issue 10, cause 3): with nothing due a run is two queries — the generation mark compared with today's
horizon and the fingerprint of its inputs (generation.generate_if_needed), and one probe reading the first
date of each state on its index (opening, past due, next reminder date) — and nothing else: no calendar, no slot rows. Each due
item then costs a fixed number of queries, whatever the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from phoihop.accounts.queries import users_of
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict
from phoihop.common.sql import StateIn
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import notify
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from ..enums import NOT_SENT_SLOT_STATES, REMINDED_SLOT_STATES, SlotState
from ..models import ReportSlot
from ..queries import due, opening, reminders_due
from .generation import generate_if_needed
from .reminders import (
    DAY,
    OVERDUE_REPEAT_WORKING_DAYS,
    REMIND_WORKING_DAYS_BEFORE,
    next_reminder,
    overdue_view,
    reminder_on,
)
from .transitions import set_slot_state

__all__ = ["AHEAD_DAYS", "OVERDUE_REPEAT_WORKING_DAYS", "REMIND_WORKING_DAYS_BEFORE", "apply_due", "remind"]

AHEAD_DAYS = 62
NOT_SENT = NOT_SENT_SLOT_STATES
CHUNK = 500


class LazyCalendar:
    """The working calendar, read (one query) the first time a step needs it, and then kept for the run."""

    def __init__(self, calendar: WorkCalendar | None = None) -> None:
        self.calendar = calendar

    def __call__(self) -> WorkCalendar:
        if self.calendar is None:
            self.calendar = current_calendar()
        return self.calendar


_PROBE_SQL: dict[str, tuple[str, list[Any], list[str]]] = {}


def _first(qs: Any, key: str, state: str) -> Any:
    """The smallest `key` of the slots in `state` among `qs`: ORDER BY key LIMIT 1 with the state fixed, which
    reads one entry of the (state, key) index. An EXISTS with a date range was planned as a scan of the table
    on PostgreSQL (bench/: it multiplies the selectivities of the correlated state and dates)."""
    return qs.filter(state=state, **{f"{key}__isnull": False}).order_by(key).values(key)[:1]


def _probes() -> list[tuple[str, Any]]:
    """(what it says, its subquery): the slots' own query functions (their StateIn is the partial indexes'
    condition, as SQLite needs) narrowed to one state, so that the first key is one index entry."""
    window = ReportSlot.objects.filter(StateIn([SlotState.NOT_DUE]))
    probes: list[tuple[str, Any]] = [("open", _first(window, "opens_on", SlotState.NOT_DUE))]
    probes += [("due", _first(due(dt.date.max), "due_on", s)) for s in NOT_SENT_SLOT_STATES]
    probes += [
        ("remind", _first(reminders_due(dt.date.max), "next_reminder_on", s)) for s in REMINDED_SLOT_STATES
    ]
    return probes


def probe_sql(today: dt.date | None = None) -> tuple[str, list[Any]]:
    """One statement of scalar subqueries, each the first date of one state on its index: the earliest opening
    day of a slot not due (report_slot_opening_idx), the earliest due day of each not-sent state and the
    earliest stored reminder day of each reminded state. Built once per database vendor; it has no parameter
    that changes (`probe` compares the dates with today)."""
    return _probe_sql()[:2]


def _probe_sql() -> tuple[str, list[Any], list[str]]:
    if connection.vendor not in _PROBE_SQL:
        parts: list[str] = []
        params: list[Any] = []
        names: list[str] = []
        for name, qs in _probes():
            sql, p = qs.query.sql_with_params()
            parts.append(f"({sql})")
            params.extend(p)
            names.append(name)
        _PROBE_SQL[connection.vendor] = ("SELECT " + ", ".join(parts), params, names)
    return _PROBE_SQL[connection.vendor]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def probe(today: dt.date) -> tuple[bool, bool, bool]:
    """(something to open, something past due, a reminder date reached), in one query."""
    sql, params, names = _probe_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    found = {"open": False, "due": False, "remind": False}
    for what, value in zip(names, row, strict=True):
        day = _date(value)
        if day is not None and (day < today if what == "due" else day <= today):
            found[what] = True
    return found["open"], found["due"], found["remind"]


def apply_due(now: dt.datetime) -> dict[str, int]:
    today = local_date(now)
    calendar = LazyCalendar()
    generated = generate_if_needed(today, AHEAD_DAYS, calendar)
    counts = {"created": generated.created, "no_receiver": generated.no_receiver, "opened": 0, "overdue": 0}
    counts["reminders"] = 0
    tally = Tally()
    to_open, past_due, to_remind = probe(today)
    if to_open:
        counts["opened"] = each(
            opening(today).select_related("reporter", "receiver"), _open, what="slot", tally=tally
        )
    if past_due:
        counts["overdue"] = each(
            due(today).select_related("reporter", "receiver"),
            lambda slot: _overdue(slot, today, calendar()),
            what="slot",
            tally=tally,
        )
    if to_remind or counts["overdue"]:  # a slot flagged overdue on a working day is reminded at once
        counts["reminders"] = _remind(today, calendar, tally)
    return tally.add_to(counts)


def _open(slot: ReportSlot) -> int:
    try:
        set_slot_state(
            slot,
            SlotState.DUE,
            actor=None,
            summary=f"Đến kỳ báo cáo {slot.period_label}: hạn gửi {slot.due_on:%d/%m/%Y}",
        )
    except Conflict:
        return 0
    return 1


def _overdue(slot: ReportSlot, today: dt.date, calendar: WorkCalendar) -> int:
    try:
        with transaction.atomic():
            set_slot_state(
                slot,
                SlotState.OVERDUE,
                actor=None,
                summary=f"Quá hạn {slot.due_on:%d/%m/%Y}: {slot.reporter.name} chưa gửi báo cáo {slot.period_label}",
                next_reminder_on=next_reminder(overdue_view(slot), today, calendar),
            )
            notify(
                users_of([slot.reporter, slot.receiver]),
                kind="report.overdue",
                title=f"{slot.reporter.name} chưa gửi báo cáo “{slot.title}” {slot.period_label} (hạn {slot.due_on:%d/%m/%Y})",
                url=slot.get_absolute_url(),
                dedupe_key=f"report-slot:{slot.pk}:overdue",
            )
    except Conflict:
        return 0  # sent or flagged by a concurrent worker
    return 1


def remind(now: dt.datetime, calendar: WorkCalendar | None = None, tally: Tally | None = None) -> int:
    """Reminders to the reporting body, on working days only: once within the last working days before the due
    date, once on the last working day on or before it, and when overdue every few working days
    (domain/reminders.py). Reads only the slots whose stored next reminder date has come."""
    return _remind(local_date(now), LazyCalendar(calendar), tally or Tally())


def _remind(today: dt.date, calendar: Callable[[], WorkCalendar], tally: Tally) -> int:
    ids = list(reminders_due(today).order_by().values_list("pk", flat=True))
    if not ids:
        return 0
    work = calendar()
    if not work.is_working_day(today):
        # nothing is sent on a day off: these wait for the next working day (still no later than their reminder)
        after = work.add_working_days(today, 1)
        ReportSlot.objects.filter(pk__in=ids, next_reminder_on__lte=today).update(next_reminder_on=after)
        return 0
    sent = 0
    for start in range(0, len(ids), CHUNK):
        slots = (
            ReportSlot.objects.filter(pk__in=ids[start : start + CHUNK])
            .select_related("reporter", "receiver")
            .order_by("due_on", "pk")
        )
        sent += each(slots, lambda slot: _remind_one(slot, today, work), what="reminder", tally=tally)
    return sent


def _remind_one(slot: ReportSlot, today: dt.date, calendar: WorkCalendar) -> int:
    """The reminder that falls today, if any, claimed with the next reminder date; else only the next date."""
    which = reminder_on(slot, today, calendar)
    states: list[str] = list(NOT_SENT) if slot.state in NOT_SENT else [slot.state]
    if which is None:
        ReportSlot.objects.filter(
            pk=slot.pk, state=slot.state, next_reminder_on=slot.next_reminder_on
        ).update(next_reminder_on=next_reminder(slot, today + DAY, calendar))
        return 0
    field = f"reminded_{which}_on"
    claim = {"state__in": states, field: getattr(slot, field)}
    setattr(slot, field, today)
    values = {field: today, "next_reminder_on": next_reminder(slot, today + DAY, calendar)}
    return _claim_and_send(slot, claim, values, which, today)


def _claim_and_send(
    slot: ReportSlot, claim: dict[str, Any], values: dict[str, Any], which: str, today: dt.date
) -> int:
    """Claim the reminder (a conditional UPDATE: one sweep wins) and write its notification in ONE transaction
    (the item's own, from common.sweeping.each), so a sweep that dies between the two leaves neither, and the
    next sweep sends it."""
    if not ReportSlot.objects.filter(pk=slot.pk, **claim).update(**values):
        return 0
    titles = {
        "before": f"Sắp đến hạn gửi báo cáo “{slot.title}” {slot.period_label}: {slot.due_on:%d/%m/%Y}",
        "due": f"Hôm nay là ngày làm việc cuối cùng để gửi báo cáo “{slot.title}” {slot.period_label} đúng hạn",
        "overdue": f"Báo cáo “{slot.title}” {slot.period_label} đã quá hạn {slot.due_on:%d/%m/%Y}: hãy gửi ngay",
    }
    notify(
        users_of([slot.reporter]),
        kind=f"report.reminder.{which}",
        title=titles[which],
        body=f"Gửi {slot.receiver.name}. {slot.due_rule}",
        url=slot.get_absolute_url(),
        dedupe_key=f"report-slot:{slot.pk}:remind-{which}:{today.isoformat()}",
    )
    return 1
