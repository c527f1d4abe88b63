"""manage.py workdays add|explain|is."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_date_alone():
    assert _run("add", "2025-01-22", "5") == "2025-02-05\n"


def test_add_with_official_schedule(loaded):
    assert _run("add", "2025-01-22", "5") == "2025-02-05\n"
    assert _run("add", "2025-02-05", "-5") == "2025-01-22\n"
    assert _run("add", "09/01/2026", "1") == "2026-01-10\n"
    assert _run("add", "31/12/2025", "1") == "2026-01-05\n"
    assert _run("add", "22/01/2025", "0") == "2025-01-22\n"


def test_explain(loaded):
    basis = "Thông báo số 6150/TB-BLĐTBXH ngày 08/11/2024 của Bộ Lao động – Thương binh và Xã hội"
    assert _run("explain", "2025-01-22", "5").splitlines() == [
        "Ngày tính: 22/01/2025 (không tính ngày này)",
        "Các ngày làm việc được tính:",
        "    1. 23/01/2025 (Thứ Năm)",
        "    2. 24/01/2025 (Thứ Sáu)",
        "    3. 03/02/2025 (Thứ Hai)",
        "    4. 04/02/2025 (Thứ Ba)",
        "    5. 05/02/2025 (Thứ Tư)",
        "Các ngày không tính:",
        "       25/01/2025: Thứ Bảy",
        "       26/01/2025: Chủ nhật",
        f"       27/01/2025: Tết Nguyên đán ({basis})",
        f"       28/01/2025: Tết Nguyên đán ({basis})",
        f"       29/01/2025: Tết Nguyên đán ({basis})",
        f"       30/01/2025: Tết Nguyên đán ({basis})",
        f"       31/01/2025: Tết Nguyên đán ({basis})",
        "       01/02/2025: Mùng bốn Tết Nguyên đán (Thứ Bảy)",
        "       02/02/2025: Chủ nhật",
        "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán)",
    ]


def test_is(loaded):
    assert _run("is", "2026-11-24") == (
        "24/11/2026 (Thứ Ba) là ngày nghỉ: Ngày Văn hóa Việt Nam (Nghị quyết số 28/2026/QH16)\n"
    )
    assert _run("is", "10/01/2026") == (
        "10/01/2026 (Thứ Bảy) là ngày làm việc: Làm bù cho ngày nghỉ 02/01/2026 "
        "(Thông báo lịch nghỉ năm 2026 của Bộ Nội vụ)\n"
    )
    assert _run("is", "2025-03-12") == "12/03/2025 (Thứ Tư) là ngày làm việc: Ngày làm việc (Thứ Tư)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("add", "not-a-date", "5"),
            "Ngày không hợp lệ: 'not-a-date'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22.",
        ),
        (
            ("add", "2025-02-30", "5"),
            "Ngày không hợp lệ: '2025-02-30'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22.",
        ),
        (
            ("add", "2025-01-22", "năm"),
            "Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được 'năm').",
        ),
        (
            ("add", "2025-01-22", "1.5"),
            "Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được '1.5').",
        ),
        (("add", "2025-01-22", "3651"), "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650."),
        (("explain", "2025-01-22", "-3651"), "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650."),
        (
            ("add", "1899-12-31", "1"),
            "Ngày 31/12/1899 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        (
            ("add", "2200-12-30", "5"),
            "Ngày 01/01/2201 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        (
            ("add", "2025-01-22"),
            "Thiếu số ngày làm việc: workdays add 2025-01-22 <N> (N có thể âm, ví dụ -5).",
        ),
        (("explain",), "Thiếu ngày: workdays explain <YYYY-MM-DD hoặc dd/mm/yyyy> …"),
        (("is",), "Thiếu ngày: workdays is <YYYY-MM-DD hoặc dd/mm/yyyy> …"),
        (
            ("is", "32/01/2026"),
            "Ngày không hợp lệ: '32/01/2026'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22.",
        ),
    ],
)
def test_bad_input(args, message):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("workdays", *args, stdout=out)
    assert str(exc.value) == message
    assert out.getvalue() == ""


@pytest.fixture(scope="module")
def subprocess_env(tmp_path_factory):
    """A migrated throw-away SQLite database for commands run in a child process."""
    db = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    return subprocess.run(
        [str(python if python.exists() else sys.executable), "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_subprocess_add(subprocess_env):
    done = _manage(subprocess_env, "workdays", "add", "2025-01-22", "5")
    assert (done.returncode, done.stdout) == (0, "2025-02-05\n"), done.stderr


def test_subprocess_bad_date(subprocess_env):
    done = _manage(subprocess_env, "workdays", "add", "not-a-date", "5")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "Ngày không hợp lệ: 'not-a-date'." in done.stderr
