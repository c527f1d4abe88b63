"""The deadlines of one petition (petitions/domain/deadlines.py): opened at receipt and acceptance, met by the
petition's events, flagged by the sweep from 00:00 of the day after their last day (across Tết 2027), once,
with the audit event, the petition's history and a notice to the receiving body's leaders only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.audit.models import AuditEvent
from phoihop.notifications.models import Notification
from phoihop.petitions.domain import deadlines
from phoihop.petitions.enums import EventKind, PetitionKind, PetitionState
from phoihop.petitions.models import Petition, PetitionDeadline, PetitionEvent

from .conftest import D, World, at, make

pytestmark = pytest.mark.django_db


def rows(petition: Petition) -> dict[str, tuple]:
    return {
        d.rule: (d.starts_on, d.due_on, d.done_on, d.overdue)
        for d in PetitionDeadline.objects.filter(petition=petition).order_by("rule")
    }


def sweep(day: str, hour: int = 0, minute: int = 0, second: int = 0) -> dict[str, int]:
    with time_machine.travel(at(day, hour, minute, second), tick=False):
        return deadlines.apply_due(timezone.now())


# --- start ------------------------------------------------------------------------------------------------------


def test_a_denunciation_received_before_tet_gets_its_classification_limit(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    created = deadlines.start(p, "received", p.received_on, actor=w.clerk)
    assert [d.rule for d in created] == [
        "denunciation.classify"
    ]  # the transfer limit waits for classification
    assert rows(p) == {"denunciation.classify": (D("2027-02-03"), D("2027-02-19"), None, False)}
    event = AuditEvent.objects.get(target_id=str(p.pk), action="created")
    assert event.actor_id == w.clerk.pk
    assert event.summary == (
        f"Bắt đầu tính thời hạn của đơn {p.register_code}: Vào sổ, phân loại, xử lý ban đầu thông tin tố cáo"
        " (hạn 19/02/2027)"
    )
    assert event.data == {
        "deadlines": {"denunciation.classify": {"starts_on": "2027-02-03", "due_on": "2027-02-19"}}
    }


def test_start_is_idempotent(w: World):
    p = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    assert len(deadlines.start(p, "received", p.received_on, actor=w.clerk)) == 1
    assert deadlines.start(p, "received", p.received_on, actor=w.clerk) == []
    assert deadlines.start(p, "received", D("2027-01-27"), actor=w.clerk) == []  # the first date is kept
    assert rows(p) == {"complaint.accept": (D("2027-01-26"), D("2027-02-11"), None, False)}
    assert AuditEvent.objects.filter(target_id=str(p.pk)).count() == 1


def test_a_complex_matter_gets_the_longer_limit(w: World):
    p = make(w, PetitionKind.COMPLAINT, "2027-01-04", complex=True, accepted_on=D("2027-01-06"))
    deadlines.start(p, "accepted", D("2027-01-06"), actor=w.leader)
    assert rows(p) == {"complaint.resolve": (D("2027-01-06"), D("2027-02-22"), None, False)}


def test_petitions_and_feedback_get_their_rule_and_nothing_else(w: World):
    p = make(w, PetitionKind.FEEDBACK, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    deadlines.start(p, "accepted", p.received_on, actor=w.clerk)
    assert rows(p) == {"petition.handle": (D("2027-02-03"), D("2027-02-24"), None, False)}


# --- meet -------------------------------------------------------------------------------------------------------


def test_classification_meets_its_limit_and_opens_the_transfer_limit_when_not_competent(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    Petition.objects.filter(pk=p.pk).update(within_competence=False, classified_on=D("2027-02-11"))
    p.refresh_from_db()
    assert deadlines.meet(p, "classified", D("2027-02-11"), actor=w.specialist) == 1
    assert rows(p) == {
        "denunciation.classify": (D("2027-02-03"), D("2027-02-19"), D("2027-02-11"), False),
        # counted from receipt: 5 working days after 03/02 is 17/02
        "denunciation.transfer": (D("2027-02-03"), D("2027-02-17"), None, False),
    }
    met = AuditEvent.objects.filter(target_id=str(p.pk), action="changed").get()
    assert met.summary == (
        f"Đơn {p.register_code}: hoàn thành Vào sổ, phân loại, xử lý ban đầu thông tin tố cáo ngày 11/02/2027"
    )
    assert met.data == {
        "event": "classified",
        "met": {"denunciation.classify": {"due_on": "2027-02-19", "done_on": "2027-02-11", "late": False}},
    }
    # idempotent: nothing more is met or opened
    assert deadlines.meet(p, "classified", D("2027-02-12"), actor=w.specialist) == 0
    assert rows(p)["denunciation.classify"][2] == D("2027-02-11")
    assert PetitionDeadline.objects.filter(petition=p).count() == 2
    # the transfer meets every open limit
    assert deadlines.meet(p, "transferred", D("2027-02-16"), actor=w.leader) == 1
    assert rows(p)["denunciation.transfer"] == (D("2027-02-03"), D("2027-02-17"), D("2027-02-16"), False)


def test_a_competent_denunciation_gets_no_transfer_limit(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    Petition.objects.filter(pk=p.pk).update(within_competence=True)
    p.refresh_from_db()
    deadlines.meet(p, "classified", D("2027-02-11"), actor=w.specialist)
    assert set(rows(p)) == {"denunciation.classify"}


def test_an_event_meets_only_its_own_rules(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-01-04", accepted_on=D("2027-01-06"))
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    deadlines.start(p, "accepted", D("2027-01-06"), actor=w.leader)
    assert deadlines.meet(p, "accepted", D("2027-01-06"), actor=w.leader) == 0  # no denunciation rule ends so
    assert deadlines.meet(p, "classified", D("2027-01-06"), actor=w.leader) == 1
    assert rows(p)["denunciation.resolve"] == (D("2027-01-06"), D("2027-02-11"), None, False)
    assert deadlines.meet(p, "closed", D("2027-02-01"), actor=w.leader) == 1
    assert rows(p)["denunciation.resolve"][2] == D("2027-02-01")


# --- the sweep --------------------------------------------------------------------------------------------------


def test_overdue_from_midnight_after_the_last_day_not_at_23_59_and_once(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)  # due Fri 19/02/2027
    assert sweep("2027-02-05") == {"overdue": 0}  # 7 calendar days, but Tết
    assert sweep("2027-02-19", 23, 59, 59) == {"overdue": 0}
    assert rows(p)["denunciation.classify"][3] is False
    assert sweep("2027-02-20", 0, 0, 0) == {"overdue": 1}
    assert rows(p)["denunciation.classify"] == (D("2027-02-03"), D("2027-02-19"), None, True)
    assert sweep("2027-02-20", 0, 1) == {"overdue": 0}  # once
    summary = (
        f"Đơn {p.register_code} quá hạn: Vào sổ, phân loại, xử lý ban đầu thông tin tố cáo (hạn 19/02/2027)"
    )
    event = AuditEvent.objects.get(target_id=str(p.pk), summary=summary)
    assert event.actor_id is None
    assert event.data["rule"] == "denunciation.classify"
    history = PetitionEvent.objects.get(petition=p, kind=EventKind.DEADLINE)
    assert history.text == summary
    notices = Notification.objects.filter(kind="petitions.deadline_overdue")
    assert [(n.user_id, n.title) for n in notices] == [
        (w.leader.pk, f"Đơn {p.register_code} quá hạn: Vào sổ, phân loại, xử lý ban đầu thông tin tố cáo")
    ]
    # met late: the flag stays, the day is recorded
    deadlines.meet(p, "classified", D("2027-02-22"), actor=w.specialist)
    assert rows(p)["denunciation.classify"] == (D("2027-02-03"), D("2027-02-19"), D("2027-02-22"), True)


def test_a_calendar_day_limit_falling_in_tet_is_overdue_after_the_next_working_day(w: World):
    p = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)  # 05/02 is Tết: due Thu 11/02
    assert sweep("2027-02-06") == {"overdue": 0}
    assert sweep("2027-02-11", 23, 59, 59) == {"overdue": 0}
    assert sweep("2027-02-12") == {"overdue": 1}


def test_a_met_deadline_is_never_flagged(w: World):
    p = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    deadlines.meet(p, "accepted", D("2027-02-11"), actor=w.leader)
    assert sweep("2027-03-01") == {"overdue": 0}


def test_a_petition_no_longer_open_has_its_deadlines_closed_not_flagged(w: World):
    p = make(w, PetitionKind.FEEDBACK, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    Petition.objects.filter(pk=p.pk).update(state=PetitionState.FILED, decided_on=D("2027-02-12"))
    assert sweep("2027-03-01") == {"overdue": 0, "closed": 1}
    assert rows(p)["petition.handle"] == (D("2027-02-03"), D("2027-02-24"), D("2027-02-12"), False)
    assert not Notification.objects.exists()
    assert sweep("2027-03-02") == {"overdue": 0}


def test_each_body_hears_of_its_own_deadlines_only(w: World):
    mine = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    theirs = make(w, PetitionKind.DENUNCIATION, "2027-02-03", body=w.other)
    for p in (mine, theirs):
        deadlines.start(p, "received", p.received_on, actor=w.clerk)
    assert sweep("2027-02-20") == {"overdue": 2}
    told = sorted(Notification.objects.values_list("user_id", "url"))
    assert told == sorted(
        [(w.leader.pk, mine.get_absolute_url()), (w.other_leader.pk, theirs.get_absolute_url())]
    )


def test_nothing_due_is_one_query(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    PetitionDeadline.objects.bulk_create(
        PetitionDeadline(petition=p, rule=f"x.rule_{i}", starts_on=D("2027-02-03"), due_on=D("2027-03-01"))
        for i in range(200)
    )
    with CaptureQueriesContext(connection) as queries:
        assert deadlines.apply_due(at("2027-02-19", 23, 59, 59)) == {"overdue": 0}
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_step_is_registered():
    from phoihop.scheduler.registry import jobs

    assert "petitions.deadlines" in jobs().names()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_probe_reads_the_partial_index_on_sqlite(w: World):
    sql, params = (
        PetitionDeadline.objects.filter(deadlines.due(at("2027-02-20")))
        .order_by()
        .values_list("pk", flat=True)[: deadlines.PROBE_LIMIT]
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "petition_deadline_due_idx" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_probe_reads_the_partial_index_on_postgresql(w: World):
    p = make(w, PetitionKind.DENUNCIATION, "2027-02-03")
    PetitionDeadline.objects.bulk_create(
        PetitionDeadline(
            petition=p,
            rule=f"x.rule_{i}",
            starts_on=D("2027-02-03"),
            due_on=D("2027-01-01") + dt.timedelta(days=i % 300),
            done_on=D("2027-01-02") if i % 10 else None,
        )
        for i in range(3000)
    )
    sql, params = (
        PetitionDeadline.objects.filter(deadlines.due(at("2027-02-20")))
        .order_by()
        .values_list("pk", flat=True)[: deadlines.PROBE_LIMIT]
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petitiondeadline")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "petition_deadline_due_idx" in plan, plan
