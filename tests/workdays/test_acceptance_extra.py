"""Acceptance gaps of the calendar: 24/11 only from 2026, Tết 2026 explained day by day, bad input on the
command line (exit code, no traceback) and in the API (`?date=&days=`), an admin override seen by the API
and the command at once."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
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


def test_api_add_with_empty_date_and_days(client_logged_in):
    response = client_logged_in.get("/api/v1/workdays/add?date=&days=")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "detail": "Dữ liệu không hợp lệ.",
        "fields": {
            "date": ["Thiếu tham số date (ví dụ date=2025-01-22)."],
            "days": ["Thiếu tham số days (ví dụ days=5)."],
        },
    }
    response = client_logged_in.get("/api/v1/workdays/add?date=2025-02-30&days=5")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "date": [
            "Ngày không hợp lệ: '2025-02-30'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22."
        ]
    }


def test_an_override_added_in_the_admin_changes_the_api_and_the_command_at_once(client, superuser):
    client.force_login(superuser)
    before = client.get("/api/v1/workdays/add", {"date": "2025-03-11", "days": "1"}).json()
    assert before["date"] == "2025-03-12"
    response = client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "day": "12/03/2025",
            "kind": "day_off",
            "name": "Nghỉ đột xuất",
            "legal_basis": "Thông báo số 1/TB-UBND",
            "status": "official",
            "note": "",
        },
    )
    assert response.status_code == 302
    after = client.get("/api/v1/workdays/add", {"date": "2025-03-11", "days": "1"}).json()
    assert after["date"] == "2025-03-13"
    assert after["explanation"]["skipped"] == [
        {"date": "2025-03-12", "reason": "Nghỉ đột xuất (Thông báo số 1/TB-UBND)"}
    ]
    out = io.StringIO()
    call_command("workdays", "add", "2025-03-11", "1", stdout=out)
    assert out.getvalue() == "2025-03-13\n"


# --- the command in a child process: exit code and no traceback --------------------------------------


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    return subprocess.run(
        [str(python if python.exists() else sys.executable), "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("add", "2025-01-22", "năm"),
            "Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được 'năm').",
        ),
        (("add", "2025-01-22", "99999"), "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650."),
        (
            ("explain", "31/02/2025", "5"),
            "Ngày không hợp lệ: '31/02/2025'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22.",
        ),
    ],
)
def test_subprocess_bad_input_exits_non_zero_without_a_traceback(tmp_path, args, message):
    done = _manage(tmp_path, "workdays", *args)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == f"CommandError: {message}"


def test_subprocess_missing_day_count_exits_non_zero_with_a_vietnamese_message(tmp_path):
    done = _manage(tmp_path, "workdays", "add", "2025-01-22")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "CommandError: Thiếu số ngày làm việc: workdays add 2025-01-22 <N> (N có thể âm, ví dụ -5)."
    )
