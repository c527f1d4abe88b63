"""`manage.py sweep --now …` on coordination requests: deemed consent as of that moment, a bad moment refused
with a Vietnamese message and nothing changed, and in a child process a non-zero exit without a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from phoihop.consultations.enums import DeliveryState
from phoihop.consultations.models import Delivery
from tests.consultations.conftest import at
from tests.consultations.test_pages import sent

pytestmark = pytest.mark.django_db


def test_sweep_now_applies_deemed_consent_as_of_that_moment(bodies, regulation):
    req = sent(bodies, regulation, when="2026-02-12")  # Thu before Tết 2026: deadline Thu 26/02/2026
    assert {d.deadline for d in req.deliveries.all()} == {dt.date(2026, 2, 26)}

    def sweep(now: str) -> dict:
        out = StringIO()
        call_command("sweep", "--now", now, stdout=out)
        return json.loads(out.getvalue())

    # a time without zone is Vietnam time: 23:59 on the deadline day is still in time
    assert sweep("2026-02-26T23:59")["steps"]["consultations.deadlines"]["deemed_consent"] == 0
    body = sweep("2026-03-02T08:00+07:00")
    assert body["now"] == "2026-03-02T08:00:00+07:00"
    assert body["steps"]["consultations.deadlines"] == {"deemed_consent": 2, "overdue": 0, "reminders": 0}
    assert {(d.state, d.deemed_at) for d in Delivery.objects.filter(request=req)} == {
        (DeliveryState.DEEMED_CONSENT, at("2026-02-27", 0))
    }
    assert sweep("2026-03-02T08:00+07:00")["steps"]["consultations.deadlines"]["deemed_consent"] == 0


@pytest.mark.parametrize("value", ["02/03/2026 tám giờ", "2026-03-32T08:00", "ngày mai"])
def test_sweep_with_a_bad_now_is_refused_and_changes_nothing(bodies, regulation, value):
    req = sent(bodies, regulation)
    with pytest.raises(CommandError) as err:
        call_command("sweep", "--now", value, stdout=StringIO())
    assert str(err.value) == (
        f"Thời điểm không hợp lệ: {value!r}. Dùng dạng 2026-03-02T08:00+07:00 (hoặc 2026-03-02T08:00, giờ Việt Nam)."
    )
    assert {d.state for d in req.deliveries.all()} == {DeliveryState.RECEIVED}


def test_sweep_with_a_bad_now_exits_non_zero_without_a_traceback(tmp_path):
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), "manage.py", "sweep", "--now", "hôm qua"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'sweep.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "Thời điểm không hợp lệ: 'hôm qua'." in done.stderr
