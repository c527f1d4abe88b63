"""`manage.py workdays` in a child process: bad input exits non-zero with a Vietnamese message and no
traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


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
