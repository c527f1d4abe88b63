"""`manage.py load_regulations` in a child process: a malformed file is refused (exit code, the file, field and
reason, no traceback) and nothing is loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import edit

pytestmark = pytest.mark.django_db


def test_the_command_refuses_a_malformed_file_in_a_child_process(tmp_path, data_copy):
    edit(data_copy / "004.yaml", "    total_cap_working_days: 7", "    total_cap_working_days: bảy")
    db = tmp_path / "reg.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    exe = str(python if python.exists() else sys.executable)

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    done = manage("load_regulations", "--dir", str(data_copy))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "CommandError: Không nạp quy chế nào do dữ liệu không hợp lệ:",
        f"- {data_copy / '004.yaml'}: consultation.extension.total_cap_working_days: phải là số nguyên dương",
    ]
    script = (
        "from phoihop.regulations.models import ConsultationRule, Party, Regulation; "
        "print(Regulation.objects.count(), Party.objects.count(), ConsultationRule.objects.count())"
    )
    assert manage("shell", "-c", script).stdout.strip().splitlines()[-1] == "0 0 0"
