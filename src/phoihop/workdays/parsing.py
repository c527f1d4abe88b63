"""Parsing user input (CLI, API) into dates and day counts, with Vietnamese messages."""

from __future__ import annotations

import datetime as dt

from .calendar import MAX_OFFSET, MAX_YEAR, MIN_YEAR

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD or dd/mm/yyyy, years 1900–2200; ValueError with a Vietnamese message otherwise."""
    value = text.strip()
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValueError(
                f"Ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch hỗ trợ (từ năm {MIN_YEAR} đến năm {MAX_YEAR})."
            )
        return day
    raise ValueError(
        f"Ngày không hợp lệ: {text!r}. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22."
    )


def parse_days(text: str) -> int:
    """A whole number of working days within ±3650; ValueError with a Vietnamese message otherwise."""
    try:
        n = int(text.strip())
    except ValueError:
        raise ValueError(
            f"Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được {text!r})."
        ) from None
    if abs(n) > MAX_OFFSET:
        raise ValueError(f"Số ngày làm việc phải nằm trong khoảng từ -{MAX_OFFSET} đến {MAX_OFFSET}.")
    return n
