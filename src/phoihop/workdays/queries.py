"""Reading the calendar. No cross-request cache: an override saved in the admin changes results at once
(the holidays of the base calendar are cached per year in calendar.py, they never change at run time)."""

from __future__ import annotations

from django.db.models import QuerySet

from phoihop.common.types import UserLike

from .calendar import WorkCalendar
from .models import CalendarOverride
from .rules import can_view_calendar


def build_calendar(rows: list[CalendarOverride]) -> WorkCalendar:
    return WorkCalendar(row.to_override() for row in rows)


def current_calendar() -> WorkCalendar:
    """The calendar with every official override applied and every proposed one attached (one query)."""
    return build_calendar(list(CalendarOverride.objects.all()))


def visible_to(user: UserLike) -> QuerySet[CalendarOverride]:
    """Any signed-in user reads every override; anonymous users none."""
    if not can_view_calendar(user):
        return CalendarOverride.objects.none()
    return CalendarOverride.objects.all()


def calendar_for(user: UserLike) -> tuple[WorkCalendar, list[CalendarOverride]]:
    """The current calendar and the overrides the user may read, from one query (for pages and the API)."""
    rows = list(CalendarOverride.objects.all())
    visible = rows if can_view_calendar(user) else []
    return build_calendar(rows), visible
