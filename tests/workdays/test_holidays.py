"""Holidays of the calendar: Vietnamese Culture Day (24/11) is off from 2026 only, and `workdays explain` names
each skipped day of Tết 2026 with its legal basis."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from phoihop.workdays.queries import current_calendar

from .conftest import d

pytestmark = pytest.mark.django_db


BASIS_2026 = "Thông báo lịch nghỉ năm 2026 của Bộ Nội vụ"


def test_vietnamese_culture_day_is_off_from_2026_only(official, loaded):
    for calendar in (official, current_calendar()):
        info = calendar.day_info(d("24/11/2025"))
        assert (info.working, info.reason) == (True, "Ngày làm việc (Thứ Hai)")
        assert calendar.is_working_day(d("24/11/2026")) is False
        assert calendar.add_working_days(d("21/11/2025"), 1) == d("24/11/2025")
        assert calendar.add_working_days(d("23/11/2026"), 1) == d("25/11/2026")


def test_explain_names_each_skipped_day_of_tet_2026(loaded):
    out = io.StringIO()
    call_command("workdays", "explain", "12/02/2026", "5", stdout=out)
    tet = f"Tết Nguyên đán ({BASIS_2026})"
    assert out.getvalue().splitlines() == [
        "Ngày tính: 12/02/2026 (không tính ngày này)",
        "Các ngày làm việc được tính:",
        "    1. 13/02/2026 (Thứ Sáu)",
        "    2. 23/02/2026 (Thứ Hai)",
        "    3. 24/02/2026 (Thứ Ba)",
        "    4. 25/02/2026 (Thứ Tư)",
        "    5. 26/02/2026 (Thứ Năm)",
        "Các ngày không tính:",
        "       14/02/2026: Thứ Bảy",
        "       15/02/2026: Chủ nhật",
        f"       16/02/2026: {tet}",
        f"       17/02/2026: {tet}",
        f"       18/02/2026: {tet}",
        f"       19/02/2026: {tet}",
        f"       20/02/2026: {tet}",
        "       21/02/2026: Thứ Bảy",
        "       22/02/2026: Chủ nhật",
        "Hạn 26/02/2026: 05 ngày làm việc kể từ ngày 12/02/2026, không tính 14/02–22/02 (Tết Nguyên đán)",
    ]
