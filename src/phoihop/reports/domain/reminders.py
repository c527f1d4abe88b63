"""When the sweep reminds a reporting body, as rules over one slot and a WorkCalendar (no queries).

On working days only: once within the last REMIND_WORKING_DAYS_BEFORE working days before the due date ("before"),
once on the last working day on or before it ("due"), and while overdue every OVERDUE_REPEAT_WORKING_DAYS working
days ("overdue"). `reminder_on(slot, day)` says which one falls on a day; `next_reminder(slot, start)` is the first
day on or after `start` on which one falls, stored as `ReportSlot.next_reminder_on` so that the sweep reads only the
slots it owes a reminder (healthchecks' stored next-due date) instead of every overdue slot ever made.

The stored date is a lower bound: the sweep evaluates `reminder_on` again on the day it finds a slot and, when none
falls, stores the next date. A date too early costs one recomputation; it must never be later than the true one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from phoihop.workdays.calendar import WorkCalendar

from ..enums import NOT_SENT_SLOT_STATES, SlotState

REMIND_WORKING_DAYS_BEFORE = 3
OVERDUE_REPEAT_WORKING_DAYS = 5
DAY = dt.timedelta(days=1)


class Remindable(Protocol):
    """The fields of a slot the rules read (a ReportSlot, or its values in a migration or a bulk job)."""

    state: str
    due_on: dt.date
    reminded_before_on: dt.date | None
    reminded_due_on: dt.date | None
    reminded_overdue_on: dt.date | None


def reminder_on(slot: Remindable, day: dt.date, calendar: WorkCalendar) -> str | None:
    """The reminder the sweep sends on `day` ("before", "due", "overdue"), or None (the rules of the sweep before
    next_reminder_on was stored, unchanged)."""
    if not calendar.is_working_day(day):
        return None
    if slot.state in NOT_SENT_SLOT_STATES:
        last_day = calendar.add_working_days(day, 1) - DAY  # the days whose last working day is `day`
        if day <= slot.due_on <= last_day:
            return "due" if slot.reminded_due_on is None else None
        if last_day < slot.due_on <= calendar.add_working_days(day, REMIND_WORKING_DAYS_BEFORE):
            return "before" if slot.reminded_before_on is None else None
        return None
    if slot.state == SlotState.OVERDUE:
        last = slot.reminded_overdue_on
        if last is None or calendar.working_days_between(last, day) >= OVERDUE_REPEAT_WORKING_DAYS:
            return "overdue"
    return None


def next_reminder(slot: Remindable, start: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """The first day on or after `start` on which `reminder_on` gives a reminder, with the slot as it is; None
    when none will (sent, or nothing left before the due date: flagging it overdue sets the next one)."""
    if slot.state in NOT_SENT_SLOT_STATES:
        # No reminder falls before the (REMIND_WORKING_DAYS_BEFORE + 1)-th working day before the due date: from
        # there, REMIND_WORKING_DAYS_BEFORE working days on is still before it.
        day = max(start, calendar.add_working_days(slot.due_on, -(REMIND_WORKING_DAYS_BEFORE + 1)))
        while day <= slot.due_on:
            if reminder_on(slot, day, calendar):
                return day
            day += DAY
        return None
    if slot.state == SlotState.OVERDUE:
        day = start
        if slot.reminded_overdue_on is not None:
            day = max(day, calendar.add_working_days(slot.reminded_overdue_on, OVERDUE_REPEAT_WORKING_DAYS))
        while not calendar.is_working_day(day):
            day += DAY
        return day
    return None


def next_reminders(
    slots: Iterable[Any], start: dt.date, calendar: WorkCalendar
) -> list[tuple[Any, dt.date | None]]:
    """(slot, its next reminder date) for each slot whose stored date differs from it."""
    out = []
    for slot in slots:
        day = next_reminder(slot, start, calendar)
        if day != slot.next_reminder_on:
            out.append((slot, day))
    return out


@dataclass
class SlotView:
    """A slot's reminder fields with another state: what a transition is about to make of it."""

    state: str
    due_on: dt.date
    reminded_before_on: dt.date | None
    reminded_due_on: dt.date | None
    reminded_overdue_on: dt.date | None


def overdue_view(slot: Remindable) -> SlotView:
    """The slot as the sweep is flagging it overdue."""
    return SlotView(
        SlotState.OVERDUE,
        slot.due_on,
        slot.reminded_before_on,
        slot.reminded_due_on,
        slot.reminded_overdue_on,
    )
