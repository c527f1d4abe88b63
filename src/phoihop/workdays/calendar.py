"""The Vietnamese working-day calendar for civil servants. Pure Python: no Django, no database.

Base rules come from the ``holidays`` package (Vietnam, Vietnamese names, Vietnamese lunar calendar):
Saturday and Sunday are off, public holidays and their compensatory days are off, and the package's
``weekend_workdays`` (Saturdays worked to make up a swapped weekday) are working days. On top of that a list
of :class:`DayOverride` (loaded from the yearly official schedules and editable by an administrator): only
*official* overrides change the computation; *proposed* ones are shown to users but never counted.

Counting follows the Civil Code 2015, Art. 147: in "N working days from receipt" the day of receipt is never
counted (even when it is not a working day); the deadline is the N-th working day after it. "At least N
working days before D" gives, as the latest acceptable day, the N-th working day before D.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

import holidays

OverrideKind = Literal["day_off", "working_day"]
OverrideStatus = Literal["official", "proposed"]

DAY_OFF: OverrideKind = "day_off"
WORKING_DAY: OverrideKind = "working_day"
OFFICIAL: OverrideStatus = "official"
PROPOSED: OverrideStatus = "proposed"

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_OFFSET = 3650

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
TET = "Tết Nguyên đán"
PLAIN_WEEKEND = "Thứ Bảy, Chủ nhật"

# Where a day's status comes from (DayInfo.source).
Source = Literal["weekday", "weekend", "holiday", "makeup", "override"]


@dataclass(frozen=True)
class DayOverride:
    """One day set by an announcement: a weekday off, or a weekend/holiday worked (make-up day)."""

    day: dt.date
    kind: OverrideKind
    name: str
    basis: str = ""
    status: OverrideStatus = OFFICIAL

    @property
    def is_official(self) -> bool:
        return self.status == OFFICIAL


@dataclass(frozen=True)
class BaseYear:
    """What the ``holidays`` package says about one year (cached by :func:`base_year`)."""

    year: int
    holidays: Mapping[dt.date, str]
    makeup_days: frozenset[dt.date]


@dataclass(frozen=True)
class DayInfo:
    """Whether a day is worked, and why, in Vietnamese."""

    day: dt.date
    working: bool
    reason: str
    source: Source
    label: str  # short name used to group consecutive days off ("Tết Nguyên đán", "Thứ Bảy", …)
    override: DayOverride | None = None  # the official override deciding this day, if any
    proposed: DayOverride | None = None  # a proposed override (shown, not counted)
    base_holiday: str = ""  # the package's holiday name for this day, if any

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True)
class SkippedRange:
    first: dt.date
    last: dt.date
    reason: str


@dataclass(frozen=True)
class Explanation:
    """How a deadline was counted: the working days counted and every day skipped, with its reason."""

    start: dt.date
    days: int
    result: dt.date
    counted: list[dt.date] = field(default_factory=list)
    skipped: list[tuple[dt.date, str]] = field(default_factory=list)
    ranges: list[SkippedRange] = field(default_factory=list)

    def skipped_text(self) -> str:
        """ "25/01–02/02 (Tết Nguyên đán); 08/02–09/02 (Thứ Bảy, Chủ nhật)" (years shown when they differ)."""
        with_year = self.start.year != self.result.year
        fmt = "%d/%m/%Y" if with_year else "%d/%m"
        parts = []
        for r in self.ranges:
            span = r.first.strftime(fmt) if r.first == r.last else f"{r.first:{fmt}}–{r.last:{fmt}}"
            parts.append(f"{span} ({r.reason})")
        return "; ".join(parts)

    def sentence(self) -> str:
        """One Vietnamese sentence, e.g. "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính
        25/01–02/02 (Tết Nguyên đán)". For a negative offset: "Chậm nhất ngày 22/01/2025: 05 ngày làm việc
        trước ngày 05/02/2025, …". Skipped days are grouped into consecutive ranges; weekends next to a
        holiday are part of the holiday's range; plain weekends read "Thứ Bảy, Chủ nhật"."""
        count = f"{abs(self.days):02d} ngày làm việc"
        if self.days >= 0:
            text = f"Hạn {self.result:%d/%m/%Y}: {count} kể từ ngày {self.start:%d/%m/%Y}"
        else:
            text = f"Chậm nhất ngày {self.result:%d/%m/%Y}: {count} trước ngày {self.start:%d/%m/%Y}"
        if self.ranges:
            text += f", không tính {self.skipped_text()}"
        return text

    def __str__(self) -> str:
        return self.sentence()


def _check_year(day: dt.date) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch hỗ trợ (từ năm {MIN_YEAR} đến năm {MAX_YEAR})."
        )


def _check_offset(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError("Số ngày làm việc phải là số nguyên.")
    if abs(n) > MAX_OFFSET:
        raise ValueError(f"Số ngày làm việc phải nằm trong khoảng từ -{MAX_OFFSET} đến {MAX_OFFSET}.")


def _normalise_name(name: str) -> str:
    return name.replace("Tết Nguyên Đán", TET)


_TET_DAY = re.compile(r"^(\d+ Tết|Giao thừa.*|Mùng .*Tết.*)$")
_REMARK = re.compile(r"(\s*\([^()]*\))+$")
_SWAP = re.compile(r"^Ngày nghỉ \(thay cho ngày (.+)\)$")


def group_label(name: str) -> str:
    """The name under which consecutive days off are grouped: every Tết day reads "Tết Nguyên đán"; a trailing
    remark in parentheses is dropped ("Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" → "Ngày Giỗ Tổ Hùng Vương")."""
    name = _normalise_name(name).strip()
    if TET in name or _TET_DAY.match(name):
        return TET
    swap = _SWAP.match(name)
    if swap:
        return f"Nghỉ hoán đổi với ngày {swap.group(1)}"
    return _REMARK.sub("", name) or name


@lru_cache(maxsize=512)
def base_year(year: int) -> BaseYear:
    """Holidays and make-up Saturdays of one year according to the ``holidays`` package (cached per year)."""
    table = holidays.country_holidays("VN", years=year, language="vi")
    days = {day: _normalise_name(str(name)) for day, name in table.items() if day.year == year}
    makeup = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
    return BaseYear(year=year, holidays=MappingProxyType(days), makeup_days=makeup)


class WorkCalendar:
    """Working days = Monday–Friday minus holidays, plus make-up days, corrected by official overrides."""

    def __init__(self, overrides: Iterable[DayOverride] = ()) -> None:
        self.official: dict[dt.date, DayOverride] = {}
        self.proposed: dict[dt.date, DayOverride] = {}
        for o in overrides:
            (self.official if o.is_official else self.proposed)[o.day] = o

    def __repr__(self) -> str:
        return f"WorkCalendar(official={len(self.official)}, proposed={len(self.proposed)})"

    # --- one day -------------------------------------------------------------------------------------
    @staticmethod
    def base_is_working_day(day: dt.date) -> bool:
        """The package's answer, ignoring every override."""
        base = base_year(day.year)
        if day in base.makeup_days:
            return True
        if day in base.holidays:
            return False
        return day.weekday() < 5

    def is_working_day(self, day: dt.date) -> bool:
        _check_year(day)
        override = self.official.get(day)
        if override is not None:
            return override.kind == WORKING_DAY
        return self.base_is_working_day(day)

    def day_info(self, day: dt.date) -> DayInfo:
        _check_year(day)
        base = base_year(day.year)
        weekday = WEEKDAY_NAMES[day.weekday()]
        holiday = base.holidays.get(day, "")
        proposed = self.proposed.get(day)
        override = self.official.get(day)
        if override is not None:
            reason = f"{override.name} ({override.basis})" if override.basis else override.name
            working = override.kind == WORKING_DAY
            label = weekday if working else group_label(override.name)
            return DayInfo(day, working, reason, "override", label, override, proposed, holiday)
        if day in base.makeup_days:
            return DayInfo(day, True, f"Ngày làm bù ({weekday})", "makeup", weekday, None, proposed, holiday)
        if holiday:
            reason = f"{holiday} ({weekday})" if day.weekday() >= 5 else holiday
            return DayInfo(day, False, reason, "holiday", group_label(holiday), None, proposed, holiday)
        if day.weekday() >= 5:
            return DayInfo(day, False, weekday, "weekend", weekday, None, proposed)
        return DayInfo(day, True, f"Ngày làm việc ({weekday})", "weekday", weekday, None, proposed)

    # --- counting ------------------------------------------------------------------------------------
    def _walk(self, start: dt.date, n: int) -> Iterator[dt.date]:
        """Days after (n > 0) or before (n < 0) `start`, `start` excluded, until |n| working days were seen."""
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            _check_year(day)
            if self.is_working_day(day):
                remaining -= 1
            yield day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """n > 0: the n-th working day after `day` (`day` itself never counted, even if it is not a working day
        — Civil Code Art. 147). n < 0: the |n|-th working day before `day` (the latest acceptable day for "at
        least |n| working days before `day`"). n == 0: `day`."""
        _check_offset(n)
        _check_year(day)
        result = day
        for step in self._walk(day, n):
            result = step
        return result

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in the half-open interval (a, b]: `a` excluded, `b` included; negative (minus the
        working days in (b, a]) when b < a; 0 when a == b. So add_working_days(a, n) == b with n > 0 gives
        working_days_between(a, b) == n, and for n < 0 when `a` is itself a working day."""
        _check_year(a)
        _check_year(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def explain(self, day: dt.date, n: int) -> Explanation:
        """The result of add_working_days(day, n) with the days counted and skipped (ascending dates)."""
        _check_offset(n)
        _check_year(day)
        counted: list[dt.date] = []
        skipped: list[DayInfo] = []
        result = day
        for result in self._walk(day, n):
            info = self.day_info(result)
            if info.working:
                counted.append(result)
            else:
                skipped.append(info)
        if n < 0:
            counted.reverse()
            skipped.reverse()
        return Explanation(
            start=day,
            days=n,
            result=result,
            counted=counted,
            skipped=[(i.day, i.reason) for i in skipped],
            ranges=_group(skipped),
        )

    # --- a year --------------------------------------------------------------------------------------
    def days_of_year(self, year: int) -> list[DayInfo]:
        _check_year(dt.date(year, 1, 1))
        day = dt.date(year, 1, 1)
        out = []
        while day.year == year:
            out.append(self.day_info(day))
            day += dt.timedelta(days=1)
        return out

    def special_days(self, year: int) -> list[DayInfo]:
        """Every holiday, compensatory day, swap, make-up day and override (official or proposed) of a year."""
        base = base_year(year)
        days = set(base.holidays) | set(base.makeup_days)
        days |= {d for d in self.official if d.year == year} | {d for d in self.proposed if d.year == year}
        return [self.day_info(d) for d in sorted(days)]

    def non_working_weekdays(self, year: int) -> set[dt.date]:
        return {i.day for i in self.days_of_year(year) if not i.working and not i.is_weekend}

    def working_weekend_days(self, year: int) -> set[dt.date]:
        return {i.day for i in self.days_of_year(year) if i.working and i.is_weekend}


def _group(skipped: list[DayInfo]) -> list[SkippedRange]:
    """Consecutive skipped days become one range. Its reason lists the holidays in it (weekends next to a
    holiday belong to the holiday's block); a range of plain weekend days reads "Thứ Bảy, Chủ nhật"."""
    runs: list[list[DayInfo]] = []
    for info in skipped:
        if runs and runs[-1][-1].day + dt.timedelta(days=1) == info.day:
            runs[-1].append(info)
        else:
            runs.append([info])
    ranges = []
    for run in runs:
        named = [i.label for i in run if i.source != "weekend"]
        labels = list(dict.fromkeys(named or [i.label for i in run]))
        ranges.append(SkippedRange(run[0].day, run[-1].day, ", ".join(labels)))
    return ranges


def override_problem(day: dt.date, kind: str) -> str:
    """Why an override of `kind` on `day` makes no sense against the base calendar ("" when it is fine).

    - A make-up working day must be a Saturday, a Sunday or a holiday of the base calendar.
    - A day off must not be a weekend day that is already off (it must be a weekday or a make-up Saturday of
      the base calendar). A weekday that is already a public holiday, or a Saturday already worked in the
      base calendar, may be confirmed by an override: the official schedule states its legal basis and pins
      the day even if a later version of the holidays package changes."""
    _check_year(day)
    weekday = WEEKDAY_NAMES[day.weekday()]
    weekend = day.weekday() >= 5
    if kind == WORKING_DAY and not weekend and day not in base_year(day.year).holidays:
        return (
            f"Ngày {day:%d/%m/%Y} ({weekday}) vốn đã là ngày làm việc: chỉ có thể đặt ngày làm bù vào "
            "Thứ Bảy, Chủ nhật hoặc ngày lễ."
        )
    if kind == DAY_OFF and weekend and not WorkCalendar.base_is_working_day(day):
        return f"Ngày {day:%d/%m/%Y} là {weekday}, vốn đã là ngày nghỉ: không cần đặt thêm ngày nghỉ."
    if kind not in (DAY_OFF, WORKING_DAY):
        return f"Loại điều chỉnh không hợp lệ: {kind!r}."
    return ""


# Module-level helpers taking the calendar explicitly.
def is_working_day(calendar: WorkCalendar, day: dt.date) -> bool:
    return calendar.is_working_day(day)


def add_working_days(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    return calendar.add_working_days(day, n)


def working_days_between(calendar: WorkCalendar, a: dt.date, b: dt.date) -> int:
    return calendar.working_days_between(a, b)


def explain(calendar: WorkCalendar, day: dt.date, n: int) -> Explanation:
    return calendar.explain(day, n)


def day_info(calendar: WorkCalendar, day: dt.date) -> DayInfo:
    return calendar.day_info(day)
