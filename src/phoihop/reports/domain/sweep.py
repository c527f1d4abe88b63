"""What falls due, applied by the sweep: slots created ahead, opened (đến kỳ), flagged overdue, and reminders
on working days. Every outcome is claimed with a conditional UPDATE, so repeated, late or concurrent runs give
exactly one outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from phoihop.accounts.queries import users_of
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import notify
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from ..enums import SlotState
from ..models import ReportSlot
from ..queries import due, opening
from .generation import generate_ahead
from .transitions import set_slot_state

AHEAD_DAYS = 62
REMIND_WORKING_DAYS_BEFORE = 3
OVERDUE_REPEAT_WORKING_DAYS = 5
NOT_SENT = [SlotState.NOT_DUE, SlotState.DUE]


def apply_due(now: dt.datetime) -> dict[str, int]:
    calendar = current_calendar()
    today = local_date(now)
    generated = generate_ahead(today, AHEAD_DAYS, calendar=calendar)
    counts = {"created": generated.created, "no_receiver": generated.no_receiver, "opened": 0, "overdue": 0}
    tally = Tally()
    counts["opened"] = each(
        opening(now).select_related("reporter", "receiver"), _open, what="slot", tally=tally
    )
    counts["overdue"] = each(
        due(now).select_related("reporter", "receiver"), _overdue, what="slot", tally=tally
    )
    counts["reminders"] = remind(now, calendar, tally)
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


def _overdue(slot: ReportSlot) -> int:
    try:
        with transaction.atomic():
            set_slot_state(
                slot,
                SlotState.OVERDUE,
                actor=None,
                summary=f"Quá hạn {slot.due_on:%d/%m/%Y}: {slot.reporter.name} chưa gửi báo cáo {slot.period_label}",
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
    date, once on the last working day on or before it, and when overdue every few working days."""
    calendar = calendar or current_calendar()
    tally = tally or Tally()
    today = local_date(now)
    if not calendar.is_working_day(today):
        return 0
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    last_day = calendar.add_working_days(today, 1) - dt.timedelta(
        days=1
    )  # days whose last working day is today
    qs = ReportSlot.objects.select_related("reporter", "receiver")
    on_the_day = qs.filter(
        state__in=NOT_SENT, due_on__gte=today, due_on__lte=last_day, reminded_due_on__isnull=True
    )
    before = qs.filter(
        state__in=NOT_SENT, due_on__gt=last_day, due_on__lte=horizon, reminded_before_on__isnull=True
    )
    overdue = [
        s
        for s in qs.filter(state=SlotState.OVERDUE)
        if s.reminded_overdue_on is None
        or calendar.working_days_between(s.reminded_overdue_on, today) >= OVERDUE_REPEAT_WORKING_DAYS
    ]
    claims: list[tuple[Any, Callable[[ReportSlot], int]]] = [
        (
            on_the_day,
            lambda s: _claim_and_send(
                s, {"reminded_due_on__isnull": True}, {"reminded_due_on": today}, "due", today
            ),
        ),
        (
            before,
            lambda s: _claim_and_send(
                s, {"reminded_before_on__isnull": True}, {"reminded_before_on": today}, "before", today
            ),
        ),
        (
            overdue,
            lambda s: _claim_and_send(
                s,
                {"state": SlotState.OVERDUE, "reminded_overdue_on": s.reminded_overdue_on},
                {"reminded_overdue_on": today},
                "overdue",
                today,
            ),
        ),
    ]
    return sum(each(items, claim, what="reminder", tally=tally) for items, claim in claims)


def _claim_and_send(
    slot: ReportSlot, claim: dict[str, Any], values: dict[str, Any], which: str, today: dt.date
) -> int:
    """Claim the reminder (a conditional UPDATE: one sweep wins) and write its notification in ONE transaction,
    so a sweep that dies between the two leaves neither, and the next sweep sends it."""
    with transaction.atomic():
        if not ReportSlot.objects.filter(pk=slot.pk, **claim).update(**values):
            return 0
        return _send(slot, which, today)


def _send(slot: ReportSlot, which: str, today: dt.date) -> int:
    titles = {
        "before": f"Sắp đến hạn gửi báo cáo “{slot.title}” {slot.period_label}: {slot.due_on:%d/%m/%Y}",
        "due": f"Hôm nay là ngày làm việc cuối cùng để gửi báo cáo “{slot.title}” {slot.period_label} đúng hạn",
        "overdue": f"Báo cáo “{slot.title}” {slot.period_label} đã quá hạn {slot.due_on:%d/%m/%Y}: hãy gửi ngay",
    }
    with transaction.atomic():
        notify(
            users_of([slot.reporter]),
            kind=f"report.reminder.{which}",
            title=titles[which],
            body=f"Gửi {slot.receiver.name}. {slot.due_rule}",
            url=slot.get_absolute_url(),
            dedupe_key=f"report-slot:{slot.pk}:remind-{which}:{today.isoformat()}",
        )
    return 1
