"""Issue 8, defect 4: a reminder's claim (reminded_*_on) and its notification are written in one transaction,
so a sweep that dies between the two (here: the notification write fails) leaves both undone and the next
sweep sends the reminder — it is never lost."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.consultations.domain import sweep as consultation_sweep
from phoihop.notifications.models import Notification
from phoihop.reports.domain import sweep as report_sweep
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.test_pages import delivery, sent

pytestmark = pytest.mark.django_db


class Killed(Exception):
    """Stands for the process dying in the middle of the sweep."""


def _dies_once(monkeypatch, module):  # type: ignore[no-untyped-def]
    real = module.notify
    calls = {"n": 0}

    def notify(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "notify", notify)


def test_a_consultation_reminder_survives_a_sweep_dying_before_its_notification(
    monkeypatch, bodies, regulation
):  # type: ignore[no-untyped-def]
    req = sent(bodies, regulation)  # deadline 05/02/2025; the "before" reminder is due on Monday 03/02
    _dies_once(monkeypatch, consultation_sweep)
    with time_machine.travel(at("2025-02-03", 8), tick=False), pytest.raises(Killed):
        run_sweep(at("2025-02-03", 8))
    d1 = delivery(req, bodies.xa1)
    assert d1.reminded_before_on is None  # the claim went with the failed notification
    with time_machine.travel(at("2025-02-03", 9), tick=False):
        assert run_sweep(at("2025-02-03", 9))["consultations.deadlines"]["reminders"] == 2
    assert Notification.objects.filter(kind="delivery.reminder.before", user=bodies.xa1_cv).count() == 1
    assert delivery(req, bodies.xa1).reminded_before_on is not None


def test_a_report_reminder_survives_a_sweep_dying_before_its_notification(monkeypatch, db):  # type: ignore[no-untyped-def]
    import io

    from django.core.management import call_command

    from tests.reports.conftest import Province
    from tests.reports.conftest import at as vn

    call_command("load_regulations", stdout=io.StringIO())
    p = Province()
    with time_machine.travel(vn("2027-01-02", 1), tick=False):
        report_sweep.apply_due(vn("2027-01-02", 1))
    _dies_once(monkeypatch, report_sweep)
    with time_machine.travel(vn("2027-01-26", 8), tick=False), pytest.raises(Killed):
        report_sweep.apply_due(vn("2027-01-26", 8))
    with time_machine.travel(vn("2027-01-26", 9), tick=False):
        assert report_sweep.apply_due(vn("2027-01-26", 9))["reminders"] == 2
    assert Notification.objects.filter(kind="report.reminder.before", user=p.xa1_cv).count() == 1
    assert Notification.objects.filter(kind="report.reminder.before", user=p.xa2_cv).count() == 1
