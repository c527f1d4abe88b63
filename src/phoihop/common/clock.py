"""Local (Asia/Ho_Chi_Minh) dates and the end of a deadline day (24:00 local)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """24:00 local time of `day`, i.e. 00:00 of the next day, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def is_past_deadline(deadline: dt.date, moment: dt.datetime) -> bool:
    return moment >= end_of_day(deadline)
