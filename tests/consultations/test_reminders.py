"""Reminders of coordination requests: two working days before and on the deadline day, working days only,
once each, by e-mail through the outbox; an extension moves them to the new date; a closed request gets none."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.consultations.domain import actions
from phoihop.consultations.enums import Position
from phoihop.notifications.domain import deliver_outbox
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.test_pages import delivery, sent

pytestmark = pytest.mark.django_db


REMINDER_KINDS = ("delivery.reminder.before", "delivery.reminder.due")


def reminders(now: dt.datetime) -> int:
    return int(run_sweep(now)["consultations.deadlines"]["reminders"])


def reminded() -> list[tuple[str, str, str]]:
    return sorted(
        Notification.objects.filter(kind__in=REMINDER_KINDS).values_list("kind", "user__username", "title")
    )


def test_reminders_two_working_days_before_and_on_the_deadline_day_once_each(bodies, regulation, smtp_server):
    req = sent(bodies, regulation)  # 22/01/2025, deadline 05/02/2025 across Tết
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(bodies.xa2_leader, delivery(req, bodies.xa2), position=Position.AGREE)
    deliver_outbox()
    smtp_server.messages.clear()

    # 24/01: 05/02 is still more than two working days away (Tết); 01/02 and 02/02 are not working days
    for moment in (at("2025-01-24", 8), at("2025-02-01", 8), at("2025-02-02", 8)):
        assert reminders(moment) == 0
    assert reminded() == []

    # Mon 03/02 is the second working day before the deadline: the recipient that has not answered
    assert reminders(at("2025-02-03", 8)) == 1
    before = "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 05/02/2025"
    # the recipient's handlers (consultations.rules.handlers_of): its leader (its clerk only for a paper copy)
    xa1_users = [bodies.xa1_leader.username]
    assert reminded() == [("delivery.reminder.before", u, before) for u in xa1_users]
    # once: later runs on the same day and the next working day send nothing new
    assert reminders(at("2025-02-03", 16)) == 0
    assert reminders(at("2025-02-04", 8)) == 0

    # the deadline day
    assert reminders(at("2025-02-05", 7)) == 1
    assert reminders(at("2025-02-05", 23, 59)) == 0
    due = "Hôm nay (05/02/2025) là hạn trả lời văn bản 1-CV/BNCTU"
    assert reminded() == sorted(
        [("delivery.reminder.before", u, before) for u in xa1_users]
        + [("delivery.reminder.due", u, due) for u in xa1_users]
    )
    d1 = delivery(req, bodies.xa1)
    assert (d1.reminded_before_on, d1.reminded_due_on) == (dt.date(2025, 2, 3), dt.date(2025, 2, 5))

    # by e-mail to each address of the recipient's handlers (the clerk has none), each exactly once
    mailed = [("ld@xa1.vn", due), ("ld@xa1.vn", before)]
    assert (
        sorted(OutboundEmail.objects.filter(subject__in=[before, due]).values_list("to", "subject")) == mailed
    )
    deliver_outbox()
    deliver_outbox()
    # (a long non-ASCII subject is folded after "Subject:", which the parser reads as a leading space)
    assert sorted((m["To"], m["Subject"].strip()) for m in smtp_server.messages) == mailed
    # after the deadline day: deemed consent, no further reminder
    assert run_sweep(at("2025-02-06", 0))["consultations.deadlines"] == {
        "deemed_consent": 1,
        "overdue": 0,
        "reminders": 0,
    }


def test_no_reminder_on_a_non_working_day_even_inside_the_window(bodies, regulation):
    req = sent(bodies, regulation, when="2025-02-03", recipients=[bodies.xa1])  # deadline Mon 10/02/2025
    assert delivery(req, bodies.xa1).deadline == dt.date(2025, 2, 10)
    assert reminders(at("2025-02-05", 8)) == 0  # Wed: three working days before
    # Sat 08/02 and Sun 09/02: the deadline is within two working days, but nobody works
    assert reminders(at("2025-02-08", 8)) == 0
    assert reminders(at("2025-02-09", 8)) == 0
    assert reminded() == []
    assert reminders(at("2025-02-06", 8)) == 1  # Thursday, two working days before (weekend runs sent none)
    assert reminders(at("2025-02-10", 8)) == 1
    xa1_users = 1  # each handler of the recipient (its leader; its clerk only for paper), once per reminder
    assert [k for k, _u, _t in reminded()] == ["delivery.reminder.before"] * xa1_users + [
        "delivery.reminder.due"
    ] * xa1_users


def test_an_extension_sets_new_reminders_for_the_new_date(bodies, regulation):
    req = sent(bodies, regulation, recipients=[bodies.xa1])
    assert reminders(at("2025-02-03", 8)) == 1
    with time_machine.travel(at("2025-02-03", 9), tick=False):  # at least 1 working day before 05/02
        actions.notify_extension(
            bodies.xa1_leader, delivery(req, bodies.xa1), new_deadline=dt.date(2025, 2, 12), reason="Xác minh"
        )
    assert reminders(at("2025-02-05", 8)) == 0  # the old date no longer applies
    assert reminders(at("2025-02-10", 8)) == 1
    assert reminders(at("2025-02-12", 8)) == 1
    titles = [t for _k, u, t in reminded() if u == bodies.xa1_leader.username]
    assert titles == [
        "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 05/02/2025",
        "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 12/02/2025",
        "Hôm nay (12/02/2025) là hạn trả lời văn bản 1-CV/BNCTU",
    ]


def test_a_closed_request_gets_no_more_reminders(bodies, regulation):
    req = sent(bodies, regulation, recipients=[bodies.xa1])
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        actions.close_request(bodies.leader, req)
    assert reminders(at("2025-02-03", 8)) == 0
    assert reminders(at("2025-02-05", 8)) == 0
    assert reminded() == []
