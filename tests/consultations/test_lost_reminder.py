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


class Killed(BaseException):
    """Stands for the process dying in the middle of the sweep (like SystemExit on SIGTERM: not an Exception)."""


def _dies_once(monkeypatch, module, name="notify"):
    real = getattr(module, name)
    calls = {"n": 0}

    def notify(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, notify)


def test_a_consultation_reminder_survives_a_sweep_dying_before_its_notification(
    monkeypatch, bodies, regulation
):
    req = sent(bodies, regulation)  # deadline 05/02/2025; the "before" reminder is due on Monday 03/02
    _dies_once(monkeypatch, consultation_sweep, "notify_many")  # the chunk's notifications
    with time_machine.travel(at("2025-02-03", 8), tick=False), pytest.raises(Killed):
        run_sweep(at("2025-02-03", 8))
    d1 = delivery(req, bodies.xa1)
    assert d1.reminded_before_on is None  # the claim went with the failed notification
    with time_machine.travel(at("2025-02-03", 9), tick=False):
        assert run_sweep(at("2025-02-03", 9))["consultations.deadlines"]["reminders"] == 2
    # the recipient's handlers (its leader; its clerk only for a paper copy: consultations.rules.handlers_of), once
    assert sorted(
        Notification.objects.filter(
            kind="delivery.reminder.before", user__organization=bodies.xa1
        ).values_list("user__username", flat=True)
    ) == [bodies.xa1_leader.username]
    assert delivery(req, bodies.xa1).reminded_before_on is not None


def test_a_report_reminder_survives_a_sweep_dying_before_its_notification(monkeypatch, db):
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


def test_an_item_whose_data_throws_is_logged_and_skipped_while_the_others_proceed(
    monkeypatch, caplog, bodies, regulation
):
    """Issue 8, point 12: one broken delivery does not stop the sweep; the next sweep tries it again."""
    from phoihop.consultations.enums import DeliveryState

    req = sent(bodies, regulation)  # deadline 05/02/2025, both copies unanswered
    broken = delivery(req, bodies.xa1)
    real = consultation_sweep._deem

    def deem(d, *args, **kwargs):
        if d.pk == broken.pk:
            raise ValueError("dữ liệu hỏng")
        return real(d, *args, **kwargs)

    monkeypatch.setattr(consultation_sweep, "_deem", deem)
    with (
        time_machine.travel(at("2025-02-06", 1), tick=False),
        caplog.at_level("ERROR", logger="phoihop.sweep"),
    ):
        outcome = run_sweep(at("2025-02-06", 1))["consultations.deadlines"]
    assert outcome == {"deemed_consent": 1, "overdue": 0, "reminders": 0, "skipped": 1}
    assert delivery(req, bodies.xa2).state == DeliveryState.DEEMED_CONSENT
    assert delivery(req, bodies.xa1).state == DeliveryState.RECEIVED
    assert [r.getMessage() for r in caplog.records] == [
        f"sweep: delivery {broken.pk} skipped (its data threw)"
    ]
    monkeypatch.setattr(consultation_sweep, "_deem", real)
    with time_machine.travel(at("2025-02-06", 2), tick=False):
        assert run_sweep(at("2025-02-06", 2))["consultations.deadlines"]["deemed_consent"] == 1
    assert delivery(req, bodies.xa1).state == DeliveryState.DEEMED_CONSENT


def test_sigterm_during_a_sweep_finishes_the_item_in_hand_and_leaves_no_half_state(
    monkeypatch, bodies, regulation
):
    """Issue 8, point 12: a real SIGTERM arrives while the first of two deliveries is being deemed: that one is
    finished (state, audit event and notices together), the second is left untouched for the next sweep."""
    import os
    import signal

    from phoihop.audit.models import AuditEvent
    from phoihop.common import sweeping
    from phoihop.consultations.enums import DeliveryState

    req = sent(bodies, regulation)
    previous = signal.getsignal(signal.SIGTERM)
    sweeping.stop_on_sigterm()
    real = consultation_sweep._deem
    handled: list[int] = []

    def deem(d, *args, **kwargs):
        if not handled:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the first item
        handled.append(d.pk)
        return real(d, *args, **kwargs)

    monkeypatch.setattr(consultation_sweep, "_deem", deem)
    try:
        with time_machine.travel(at("2025-02-06", 1), tick=False):
            outcome = run_sweep(at("2025-02-06", 1))["consultations.deadlines"]
    finally:
        signal.signal(signal.SIGTERM, previous)
        sweeping.stop_requested.clear()
    assert outcome == {"deemed_consent": 1, "overdue": 0, "reminders": 0, "stopped": 1}
    states = {d.pk: d.state for d in req.deliveries.all()}
    assert sorted(states.values()) == [DeliveryState.DEEMED_CONSENT, DeliveryState.RECEIVED]
    done = handled[0]
    assert states[done] == DeliveryState.DEEMED_CONSENT
    assert AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(done)).exists()
    with time_machine.travel(at("2025-02-06", 2), tick=False):
        assert run_sweep(at("2025-02-06", 2))["consultations.deadlines"]["deemed_consent"] == 1
    assert {d.state for d in req.deliveries.all()} == {DeliveryState.DEEMED_CONSENT}


def test_a_sweep_after_days_of_downtime_over_a_weekend_and_holidays_applies_each_outcome_once(
    bodies, regulation
):
    """Issue 8, point 12: nothing ran from the deadline day until Monday 05/05/2025 (30/04 and 01/05 are public
    holidays, then a weekend): the first sweep after it deems each copy once, stamped with the end of the
    deadline day (not the day the sweep happened to run); later sweeps change nothing."""
    import datetime as dt

    from phoihop.common.clock import end_of_day
    from phoihop.consultations.enums import DeliveryState

    req = sent(bodies, regulation, when="2025-04-22")
    deadline = delivery(req, bodies.xa1).deadline
    assert deadline is not None
    assert dt.date(2025, 4, 25) <= deadline <= dt.date(2025, 4, 29)
    assert (dt.date(2025, 5, 5) - deadline).days >= 6  # the downtime spans 30/04, 01/05 and a weekend
    with time_machine.travel(at("2025-05-05", 8), tick=False):
        first = run_sweep(at("2025-05-05", 8))["consultations.deadlines"]
        again = run_sweep(at("2025-05-05", 8, 1))["consultations.deadlines"]
    assert first["deemed_consent"] == 2
    assert again == {"deemed_consent": 0, "overdue": 0, "reminders": 0}
    for org in (bodies.xa1, bodies.xa2):
        d = delivery(req, org)
        assert (d.state, d.deemed_at) == (DeliveryState.DEEMED_CONSENT, end_of_day(deadline))
    assert Notification.objects.filter(kind="delivery.deemed_consent", user=bodies.specialist).count() == 2
