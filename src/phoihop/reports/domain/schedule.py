"""Periods and due dates of periodic reports, computed from a reporting obligation's data.

Pure functions over the obligation's fields and a WorkCalendar (no queries). "Before day D" is on time if
received on or before day D−1 (the Reading lines of 000, 002 and 004); a text that gives no day uses the
system rule stated in the data (e.g. the last working day of the period).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from phoihop.common.errors import DomainError
from phoihop.regulations.enums import DueRuleType, ReportPeriod, SystemDueRule
from phoihop.workdays.calendar import WorkCalendar

if TYPE_CHECKING:
    from phoihop.regulations.models import ReportingObligation

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR = 2000
MAX_YEAR = 2100


class ScheduleError(DomainError):
    code = "schedule"


@dataclass(frozen=True)
class Period:
    key: str  # "2027-03", "2027-Q1", "2027-H1", "2027"
    label: str  # "Tháng 3/2027", "Quý I/2027", "6 tháng đầu năm 2027", "Năm 2027"
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Due:
    day: dt.date
    rule: str  # the rule in plain Vietnamese, with the article and the reading


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ScheduleError(
            f"Năm {year} không hợp lệ: hệ thống lập lịch báo cáo cho các năm {MIN_YEAR}–{MAX_YEAR}."
        )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def periods_of(period: str, year: int) -> list[Period]:
    """The periods of one year. A half-year report is the report on the first six months (the year's report
    covers the whole year), as the readings of the data state; a report every six months has two periods."""
    check_year(year)
    if period == ReportPeriod.MONTHLY:
        return [
            Period(f"{year}-{m:02d}", f"Tháng {m}/{year}", dt.date(year, m, 1), _month_end(year, m))
            for m in range(1, 13)
        ]
    if period == ReportPeriod.QUARTERLY:
        return [
            Period(
                f"{year}-Q{q}",
                f"Quý {ROMAN[q]}/{year}",
                dt.date(year, 3 * q - 2, 1),
                _month_end(year, 3 * q),
            )
            for q in range(1, 5)
        ]
    if period == ReportPeriod.HALF_YEAR:
        return [Period(f"{year}-H1", f"6 tháng đầu năm {year}", dt.date(year, 1, 1), dt.date(year, 6, 30))]
    if period == ReportPeriod.SEMIANNUAL:  # "every six months" (001 Art. 11.1): both halves of the year
        return [
            Period(f"{year}-H1", f"6 tháng đầu năm {year}", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            Period(f"{year}-H2", f"6 tháng cuối năm {year}", dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ]
    if period == ReportPeriod.ANNUAL:
        return [Period(f"{year}", f"Năm {year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []  # ad hoc reports have no periods


def period_by_key(period: str, key: str) -> Period | None:
    try:
        year = int(key[:4])
    except ValueError:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return next((p for p in periods_of(period, year) if p.key == key), None)


def is_scheduled(obligation: ReportingObligation) -> bool:
    """True for obligations with periods (not "when it arises or on request")."""
    return obligation.period != ReportPeriod.AD_HOC and obligation.due_type != DueRuleType.ON_OCCURRENCE


def _before(day: dt.date, what: str, article: str) -> Due:
    last = day - dt.timedelta(days=1)
    return Due(
        last,
        f"{what} ({article}): đúng hạn nếu nhận được chậm nhất ngày {last:%d/%m/%Y}.",
    )


def due_for(obligation: ReportingObligation, period: Period, calendar: WorkCalendar) -> Due:
    """The last on-time day of one period of an obligation, and the rule that gives it."""
    due_type = obligation.due_type
    article = obligation.article
    if due_type == DueRuleType.BEFORE_DATE:
        if not obligation.due_month or not obligation.due_day:
            raise ScheduleError(f"Nghĩa vụ “{obligation.title}” thiếu ngày, tháng của hạn gửi.")
        try:
            day = dt.date(period.end.year, obligation.due_month, obligation.due_day)
        except ValueError as exc:
            raise ScheduleError(f"Nghĩa vụ “{obligation.title}”: ngày hạn gửi không hợp lệ.") from exc
        return _before(day, f"Trước ngày {obligation.due_day}/{obligation.due_month}", article)
    if due_type == DueRuleType.BEFORE_DAY_OF_QUARTER_LAST_MONTH:
        if not obligation.due_day:
            raise ScheduleError(f"Nghĩa vụ “{obligation.title}” thiếu ngày của hạn gửi.")
        day = period.end.replace(day=obligation.due_day)
        return _before(day, f"Trước ngày {obligation.due_day} của tháng cuối quý", article)
    if due_type == DueRuleType.UNSPECIFIED:
        if obligation.due_system_rule == SystemDueRule.LAST_WORKING_DAY_OF_PERIOD:
            day = period.end
            while not calendar.is_working_day(day):
                day -= dt.timedelta(days=1)
            return Due(
                day,
                f"Văn bản không quy định ngày ({article}); hệ thống dùng ngày làm việc cuối cùng của kỳ: "
                f"{day:%d/%m/%Y}.",
            )
        raise ScheduleError(
            f"Nghĩa vụ “{obligation.title}” không có quy tắc hạn gửi mà hệ thống áp dụng được."
        )
    raise ScheduleError(f"Nghĩa vụ “{obligation.title}” là báo cáo khi phát sinh, không có lịch định kỳ.")


def opens_on(due: dt.date, period: Period | None = None) -> dt.date:
    """The day a slot becomes due (đến kỳ): the first day of the month of its due date."""
    return due.replace(day=1)


def due_advice(calendar: WorkCalendar, day: dt.date) -> str:
    """When the last on-time day is not a working day, say so and suggest the working day before it."""
    try:
        if calendar.is_working_day(day):
            return ""
        info = calendar.day_info(day)
        before = calendar.add_working_days(day, -1)
    except ValueError:
        return ""
    weekday = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")[before.weekday()]
    return (
        f"Ngày {day:%d/%m/%Y} là ngày nghỉ ({info.reason}); nên gửi chậm nhất vào ngày làm việc trước đó: "
        f"{weekday} {before:%d/%m/%Y}."
    )
