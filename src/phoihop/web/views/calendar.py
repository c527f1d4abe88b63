"""The working-day calendar page: one year as twelve month grids, the table of every holiday, swap and
override with its legal basis and status, and a small deadline calculator."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.workdays.calendar import MAX_YEAR, MIN_YEAR, WEEKDAY_NAMES, DayInfo, WorkCalendar
from phoihop.workdays.parsing import parse_date, parse_days
from phoihop.workdays.queries import calendar_for
from phoihop.workdays.rules import can_change_calendar

MONTH_NAMES = [f"Tháng {m}" for m in range(1, 13)]
WEEKDAY_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


@dataclass(frozen=True)
class Cell:
    day: dt.date
    css: str
    title: str
    proposed: bool


@dataclass(frozen=True)
class Row:
    day: dt.date
    weekday: str
    name: str
    kind: str
    kind_css: str
    basis: str
    status: str
    status_css: str


def _cell(info: DayInfo) -> Cell:
    classes = []
    if info.working and info.is_weekend:
        classes.append("makeup")
    elif not info.working:
        classes.append("weekend" if info.source == "weekend" else "off")
    if info.proposed is not None:
        classes.append("proposed")
    title = info.reason
    if info.proposed is not None:
        title += f" — {_('dự kiến')}: {info.proposed.name}"
    return Cell(info.day, " ".join(classes), title, info.proposed is not None)


def _months(calendar: WorkCalendar, year: int) -> list[dict[str, Any]]:
    infos = {i.day: i for i in calendar.days_of_year(year)}
    months = []
    grid = pycal.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = [
            [_cell(infos[d]) if d.month == month else None for d in week]
            for week in grid.monthdatescalendar(year, month)
        ]
        months.append({"name": MONTH_NAMES[month - 1], "weeks": weeks})
    return months


def _rows(calendar: WorkCalendar, year: int) -> list[Row]:
    rows = []
    for info in calendar.special_days(year):
        weekday = WEEKDAY_NAMES[info.day.weekday()]
        worked = _("Ngày làm việc (làm bù)")
        off = _("Ngày nghỉ")
        if info.override is not None:
            o = info.override
            rows.append(
                Row(
                    info.day,
                    weekday,
                    o.name,
                    worked if o.kind == "working_day" else off,
                    "workday" if o.kind == "working_day" else "holiday",
                    o.basis,
                    _("Chính thức"),
                    "official",
                )
            )
        elif info.source == "makeup":
            rows.append(
                Row(
                    info.day,
                    weekday,
                    info.reason,
                    worked,
                    "workday",
                    _("Lịch cơ sở"),
                    _("Lịch cơ sở"),
                    "base",
                )
            )
        elif info.base_holiday:
            kind = off if not info.is_weekend else _("Ngày lễ trùng ngày nghỉ hằng tuần")
            rows.append(
                Row(
                    info.day,
                    weekday,
                    info.base_holiday,
                    kind,
                    "holiday",
                    _("Bộ luật Lao động 2019, Điều 112 (lịch cơ sở)"),
                    _("Lịch cơ sở"),
                    "base",
                )
            )
        if info.proposed is not None:
            p = info.proposed
            rows.append(
                Row(
                    info.day,
                    weekday,
                    p.name,
                    worked if p.kind == "working_day" else off,
                    "workday" if p.kind == "working_day" else "holiday",
                    p.basis,
                    _("Dự kiến (chưa tính)"),
                    "proposed",
                )
            )
    return rows


def _calculator(request: HttpRequest, calendar: WorkCalendar) -> dict[str, Any]:
    start_text = request.GET.get("tu_ngay", "").strip()
    days_text = request.GET.get("so_ngay", "").strip()
    out: dict[str, Any] = {"start": start_text, "days": days_text, "errors": [], "explanation": None}
    if not start_text and not days_text:
        return out
    try:
        start = parse_date(start_text)
    except ValueError as exc:
        out["errors"].append(str(exc))
    try:
        days = parse_days(days_text)
    except ValueError as exc:
        out["errors"].append(str(exc))
    if not out["errors"]:
        try:
            out["explanation"] = calendar.explain(start, days)
        except ValueError as exc:
            out["errors"].append(str(exc))
    return out


@login_required
def calendar_year(request: HttpRequest) -> HttpResponse:
    status = 200
    errors: list[str] = []
    year = timezone.localdate().year
    raw_year = request.GET.get("year", "").strip()
    if raw_year:
        if raw_year.isascii() and raw_year.isdecimal() and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            year = int(raw_year)
        else:
            errors.append(
                _("Năm không hợp lệ: %(y)s. Nhập một năm từ %(a)s đến %(b)s.")
                % {"y": raw_year, "a": MIN_YEAR, "b": MAX_YEAR}
            )
            status = 400
    calendar, _overrides = calendar_for(request.user)
    calculator = _calculator(request, calendar)
    if calculator["errors"]:
        status = 400
    context = {
        "year": year,
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "months": _months(calendar, year),
        "weekdays": WEEKDAY_SHORT,
        "rows": _rows(calendar, year),
        "errors": errors,
        "calculator": calculator,
        "can_change": can_change_calendar(request.user),
    }
    return render(request, "web/calendar/year.html", context, status=status)


urlpatterns = [path("", calendar_year, name="calendar-year")]
