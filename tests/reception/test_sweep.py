"""The sweep step `reception.overdue`: a written answer (and a follow-up) not done by its due day becomes overdue
exactly the day after, once, with its audit event; with nothing due the step is one query."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.reception.domain import actions
from phoihop.reception.domain.sweep import apply_due, probe
from phoihop.scheduler.registry import jobs

from .conftest import at, record_at

pytestmark = pytest.mark.django_db


def _sweep(day: str, hour: int = 0, minute: int = 0) -> dict[str, int]:
    moment = at(day, hour, minute)
    with time_machine.travel(moment, tick=False):
        return apply_due(moment)


def test_the_step_is_registered_at_its_order() -> None:
    entry = next(e for e in jobs().entries() if e.name == "reception.overdue")
    assert entry.order == 285


def test_the_answer_becomes_overdue_the_day_after_its_due_day_across_tet(p) -> None:
    session = record_at(p, "2027-02-05")  # due 24/02/2027
    assert _sweep("2027-02-24", 23, 59) == {}
    session.refresh_from_db()
    assert session.answer_state == "pending"
    assert _sweep("2027-02-25") == {"answers_overdue": 1, "followups_overdue": 0}
    session.refresh_from_db()
    assert session.answer_state == "overdue"
    assert _sweep("2027-02-26") == {}
    events = AuditEvent.objects.filter(target_type="reception.receptionsession", action="transition")
    assert list(events.values_list("actor_id", "summary")) == [
        (None, "Quá hạn trả lời bằng văn bản (hạn 24/02/2027)")
    ]
    # an overdue answer can still be sent (late)
    with time_machine.travel(at("2027-02-26", 9), tick=False):
        actions.send_answer(p.xa1_cv, session, sent_on=dt.date(2027, 2, 26), number="5", summary="Trả lời")
    session.refresh_from_db()
    assert session.answer_state == "sent"


def test_a_followup_becomes_overdue_the_day_after_its_deadline(p) -> None:
    session = record_at(p, "2027-03-05", answered_on_spot=True)
    with time_machine.travel(at("2027-03-05", 17), tick=False):
        followup = actions.add_followup(p.xa1_cv, session, task="Kiểm tra", due_on=dt.date(2027, 3, 12))
    assert _sweep("2027-03-12", 23, 59) == {}
    assert _sweep("2027-03-13") == {"answers_overdue": 0, "followups_overdue": 1}
    followup.refresh_from_db()
    assert followup.state == "overdue"


def test_nothing_due_is_one_query(p, django_assert_num_queries) -> None:
    record_at(p, "2027-03-05")
    with django_assert_num_queries(1):
        assert probe(dt.date(2027, 3, 10)) == []
    with django_assert_num_queries(1):
        assert _sweep("2027-03-10") == {}
