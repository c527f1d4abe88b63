"""The legal time limits of petitions and citizen reception, as data (data/legal/*.yaml; issue 13, point 3).

Interface other parts call:

- `rule(code) -> LegalRule` (KeyError for an unknown code);
- `rules_starting(kind, event, on=None) -> list[LegalRule]`: the rules that start counting at `event`
  ("received", "accepted", "reception", ...) for a petition of `kind` ("complaint", "denunciation", "petition",
  "feedback", or "reception" for the secretary's written answer), in force on `on` (today by default);
- `rules_ending(event) -> list[LegalRule]`: the rules that `event` meets;
- `due_date(rule, start) -> date` and `extended_due_date(rule, start) -> date | None`.

Counting (Civil Code 2015 Art. 147–148, REGULATIONS.md "Calendar"): the start day is never counted.
Working days: the N-th working day after the start (`workdays.WorkCalendar.add_working_days`). Calendar days:
the N-th day after the start; when that day is not a working day (weekend, holiday, Tết) the time limit ends at
the end of the next working day (Art. 148.5). A deadline ends at 24:00 Asia/Ho_Chi_Minh of its day, so it is
overdue from 00:00 of the day after.

The files are read once per process (`functools.cache`); `reload()` forgets them (tests, `check_legal`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from .schema import LegalDataError, RawRule, read_files

__all__ = [
    "DATA_DIR",
    "TIME_LIMIT_FILES",
    "LegalDataError",
    "LegalRule",
    "all_rules",
    "due_date",
    "extended_due_date",
    "reload",
    "rule",
    "rules_ending",
    "rules_starting",
]

DATA_DIR = Path(settings.BASE_DIR) / "data" / "legal"
# The time-limit files of data/legal/ (other files there, e.g. reception.yaml, have schemas of their own).
TIME_LIMIT_FILES = ("petitions.yaml",)


@dataclass(frozen=True)
class LegalRule:
    code: str
    title: str
    law: str
    article: str
    status: str  # "verified" (checked against the text) or "reading"
    counts: str  # "working_days" or "calendar_days"
    days: int
    starts: str  # the event it counts from
    ends: str  # the event that meets it
    applies_to: tuple[str, ...]
    extension_days: int | None = None
    extension_times: int = 0
    complex_days: int | None = None  # the limit of a complex matter, when the law gives one
    extension_complex_days: int | None = None
    source: str = ""  # the page the wording was checked against (verified)
    reading: str = ""  # the system's reading, shown labelled "Cách hiểu của hệ thống"
    when: str = ""  # "competent" / "not_competent": opened only once the petition is classified so
    in_force: dt.date | None = None  # counted from a start on or after this day
    until: dt.date | None = None  # ... and before this day
    file: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def counts_label(self) -> str:
        unit = "ngày làm việc" if self.counts == "working_days" else "ngày"
        return f"{self.days} {unit}"

    def in_force_on(self, day: dt.date) -> bool:
        return (self.in_force is None or day >= self.in_force) and (self.until is None or day < self.until)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _build(raw: RawRule) -> LegalRule:
    d = raw.data
    extension = d.get("extension") or {}
    return LegalRule(
        code=d["code"],
        title=d["title"],
        law=d["law"],
        article=d["article"],
        status=d["status"],
        counts=d["counts"],
        days=d["days"],
        starts=d["starts"],
        ends=d["ends"],
        applies_to=tuple(d["applies_to"]),
        extension_days=extension.get("days"),
        extension_times=extension.get("times", 0),
        complex_days=d.get("complex_days"),
        extension_complex_days=extension.get("complex_days"),
        source=d.get("source", ""),
        reading=" ".join(d.get("reading", "").split()),
        when=d.get("when", ""),
        in_force=_date(d.get("in_force")),
        until=_date(d.get("until")),
        file=raw.file,
    )


@cache
def _load(directory: Path) -> dict[str, LegalRule]:
    return {r.data["code"]: _build(r) for r in read_files([directory / name for name in TIME_LIMIT_FILES])}


def all_rules(directory: Path | None = None) -> list[LegalRule]:
    """Every rule, in file then entry order (LegalDataError naming the file, field and reason)."""
    return list(_load(directory or DATA_DIR).values())


def reload() -> None:
    _load.cache_clear()


def rule(code: str) -> LegalRule:
    """The rule of that code (KeyError for an unknown code)."""
    return _load(DATA_DIR)[code]


def rules_starting(kind: str, event: str, on: dt.date | None = None) -> list[LegalRule]:
    """The rules counted from `event` for `kind`, in force for a start on `on` (today by default)."""
    day = on or timezone.localdate()
    return [
        r
        for r in _load(DATA_DIR).values()
        if r.starts == event and kind in r.applies_to and r.in_force_on(day)
    ]


def rules_ending(event: str) -> list[LegalRule]:
    """The rules that `event` meets."""
    return [r for r in _load(DATA_DIR).values() if r.ends == event]


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    if calendar is not None:
        return calendar
    return current_calendar()


def _count(rule: LegalRule, start: dt.date, days: int, calendar: WorkCalendar) -> dt.date:
    if rule.counts == "working_days":
        return calendar.add_working_days(start, days)
    day = start + dt.timedelta(days=days)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_date(
    rule: LegalRule, start: dt.date, *, complex: bool = False, calendar: WorkCalendar | None = None
) -> dt.date:
    """The last day of the time limit counted from `start` (the matter's limit when `complex` and the law gives
    one); the deadline ends at 24:00 of that day."""
    days = rule.complex_days if complex and rule.complex_days else rule.days
    return _count(rule, start, days, _calendar(calendar))


def extended_due_date(
    rule: LegalRule,
    start: dt.date,
    *,
    times: int | None = None,
    complex: bool = False,
    calendar: WorkCalendar | None = None,
) -> dt.date | None:
    """The last day once extended `times` times (all the law allows by default), each extension counted on from
    the end of the previous limit in the rule's unit; None when the law allows no extension."""
    if not rule.extension_days or not rule.extension_times:
        return None
    n = rule.extension_times if times is None else times
    if n < 1 or n > rule.extension_times:
        raise ValueError(f"{rule.code}: gia hạn được tối đa {rule.extension_times} lần")
    cal = _calendar(calendar)
    day = due_date(rule, start, complex=complex, calendar=cal)
    step = rule.extension_complex_days if complex and rule.extension_complex_days else rule.extension_days
    for _ in range(n):
        day = _count(rule, day, step, cal)
    return day
