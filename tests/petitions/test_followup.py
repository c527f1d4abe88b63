"""The follow-up of transferred petitions (003 4.1.đ): overdue from 00:00 of the day after the due date (Vietnam
time), flagged once, in both bodies' work queues once each; the sweep's cost with nothing due; the evaluation's
figures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.evaluation.sources import Bounds
from phoihop.notifications.models import Notification
from phoihop.petitions import evaluation
from phoihop.petitions.domain import actions, followup
from phoihop.petitions.enums import EventKind
from phoihop.petitions.models import PetitionEvent
from phoihop.scheduler.registry import steps
from phoihop.work.queue import counts_for, queue_for

from .conftest import at, day, register_at, transferred

pytestmark = pytest.mark.django_db

PETITION_SOURCES = ("petitions.to_decide", "petitions.to_report", "petitions.result_overdue")


def mine(user, today):
    return [
        (i.source, i.what, i.title, i.from_body, i.to_body, i.deadline, i.number)
        for i in queue_for(user, today)
        if i.source in PETITION_SOURCES
    ]


def test_the_sweep_steps_are_registered():
    names = steps()
    assert names.index("petitions.deadlines") < names.index("petitions.transfers")


def test_overdue_exactly_from_the_day_after_the_due_date(p):
    petition = register_at(p, "2027-01-05")
    received = transferred(p, petition, "2027-01-06", due="2027-02-15")
    assert followup.apply_due(at("2027-02-15", 23, 59)) == {}
    petition.refresh_from_db()
    assert petition.result_overdue is False
    assert followup.apply_due(at("2027-02-16", 0, 0)) == {"overdue": 1}
    petition.refresh_from_db()
    received.refresh_from_db()
    assert (petition.result_overdue, received.result_overdue) == (True, True)
    assert list(
        PetitionEvent.objects.filter(petition=petition, kind=EventKind.DEADLINE).values_list(
            "text", flat=True
        )
    ) == ["Quá hạn báo cáo kết quả (hạn 15/02/2027): Đảng ủy xã An Một chưa báo cáo kết quả giải quyết"]
    audit = AuditEvent.objects.filter(target_type="petitions.petition", target_id=str(petition.pk)).latest(
        "seq"
    )
    assert (audit.actor, audit.summary) == (
        None,
        "Đơn số 1/2027 đã chuyển: quá hạn báo cáo kết quả (hạn 15/02/2027)",
    )
    assert sorted(
        Notification.objects.filter(kind="petitions.overdue").values_list("user__username", flat=True)
    ) == sorted([p.ban_clerk.username, p.ban_leader.username, p.xa1_leader.username])
    # a second run, later, flags nothing again
    assert followup.apply_due(at("2027-02-17", 9)) == {}


def test_with_nothing_due_the_sweep_step_is_one_query(p, django_assert_num_queries):
    for i in range(3):
        transferred(p, register_at(p, "2027-01-05", title=f"Đơn {i}"), "2027-01-06", due="2027-02-15")
    with django_assert_num_queries(1):
        assert followup.apply_due(at("2027-02-15", 23, 59)) == {}


def test_an_overdue_transfer_is_once_in_each_bodys_queue(p):
    petition = register_at(p, "2027-01-05", title="Tố cáo cán bộ xã")
    received = transferred(p, petition, "2027-01-06", due="2027-02-15")
    today = day("2027-02-16")
    # before the due date: the receiving body must decide it; the first body has nothing to do yet
    assert mine(p.xa1_cv, today) == [
        (
            "petitions.to_decide",
            "Đơn thư cần phân loại",
            "Tố cáo cán bộ xã",
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Một",
            day("2027-02-15"),
            received.register_code,
        )
    ]
    assert mine(p.ban_cv, today) == []
    followup.apply_due(at("2027-02-16", 0, 0))
    assert mine(p.ban_cv, today) == [
        (
            "petitions.result_overdue",
            "Đơn đã chuyển quá hạn báo cáo kết quả",
            "Tố cáo cán bộ xã",
            "Đảng ủy xã An Một",
            "Ban Nội chính Tỉnh ủy",
            day("2027-02-15"),
            "1/2027",
        )
    ]
    assert mine(p.xa1_leader, today) == [
        (
            "petitions.result_overdue",
            "Đơn được chuyển đến quá hạn báo cáo kết quả",
            "Tố cáo cán bộ xã",
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Một",
            day("2027-02-15"),
            received.register_code,
        )
    ]
    assert counts_for(p.xa1_cv, today).get("petitions.result_overdue") == 1
    assert counts_for(p.xa1_cv, today).get("petitions.to_decide") == 0
    # clerks and outsiders: none of it
    for user in (p.ban_clerk, p.xa1_clerk, p.outsider, p.xa2_cv):
        assert mine(user, today) == []
    # the result comes: both leave the queues
    with time_machine.travel(at("2027-02-17"), tick=False):
        actions.classify(received, actions.Classification(True), actor=p.xa1_cv)
        actions.accept(received, on=day("2027-02-17"), note="", actor=p.xa1_leader)
        received.refresh_from_db()
        actions.report_result(received, on=day("2027-02-17"), text="Đã giải quyết", actor=p.xa1_cv)
    assert mine(p.ban_cv, day("2027-02-17")) == []
    assert mine(p.xa1_cv, day("2027-02-17")) == []


def test_a_handled_petition_waits_for_its_result(p):
    petition = register_at(p, "2027-01-05", by=p.xa1_clerk, title="Khiếu nại")
    with time_machine.travel(at("2027-01-06"), tick=False):
        actions.classify(petition, actions.Classification(True), actor=p.xa1_cv)
        assert [x[1] for x in mine(p.xa1_cv, day("2027-01-06"))] == ["Đơn thư cần quyết định xử lý"]
        actions.accept(petition, on=day("2027-01-06"), note="", actor=p.xa1_leader)
    assert mine(p.xa1_leader, day("2027-01-06")) == [
        (
            "petitions.to_report",
            "Đơn đang giải quyết, cần báo cáo kết quả",
            "Khiếu nại",
            "Đảng ủy xã An Một",
            "Đảng ủy xã An Một",
            None,
            "1/2027",
        )
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_the_queue_costs_one_query_per_source(p, n, django_assert_num_queries):
    for i in range(n):
        transferred(p, register_at(p, "2027-01-05", title=f"Đơn {i}"), "2027-01-06", due="2027-02-15")
    followup.apply_due(at("2027-02-16", 0, 0))
    from phoihop.petitions.petition_work import SOURCES

    for name, (_order, source) in SOURCES.items():
        with django_assert_num_queries(1):
            items = source.items(p.ban_cv, day("2027-02-16"), 50)
        assert len(items) == (n if name == "petitions.result_overdue" else 0)


def test_evaluation_counts_received_transferred_and_results_on_time_or_late(p):
    a = register_at(p, "2027-01-05")
    register_at(p, "2027-01-05", kind="complaint")
    on_time = transferred(p, a, "2027-01-06", due="2027-02-15")
    late = transferred(p, register_at(p, "2027-01-05"), "2027-01-06", due="2027-01-20", to=p.xa2)
    transferred(p, register_at(p, "2027-01-05"), "2027-01-06", due="2027-01-20")  # still open, overdue
    with time_machine.travel(at("2027-02-01"), tick=False):
        for received, user, leader in ((on_time, p.xa1_cv, p.xa1_leader), (late, p.xa2_cv, p.xa2_leader)):
            actions.classify(received, actions.Classification(True), actor=user)
            actions.accept(received, on=day("2027-02-01"), note="", actor=leader)
            received.refresh_from_db()
            actions.report_result(received, on=day("2027-02-01"), text="Xong", actor=user)
    b = Bounds(code="003", year=2027, today=dt.date(2027, 2, 2))
    figures = evaluation.petitions(b)
    assert figures[p.ban.pk]["petitions_received"] == 4
    assert (figures[p.ban.pk]["petitions_denunciation"], figures[p.ban.pk]["petitions_complaint"]) == (3, 1)
    assert figures[p.ban.pk]["petitions_transferred"] == 3
    assert figures[p.xa1.pk]["petitions_received"] == 2
    results = evaluation.petition_results(b)
    assert results[p.xa1.pk] == {
        "petition_results_on_time": 1,
        "petition_results_late": 0,
        "petition_results_overdue": 1,
    }
    assert results[p.xa2.pk] == {
        "petition_results_on_time": 0,
        "petition_results_late": 1,
        "petition_results_overdue": 0,
    }


def test_the_probe_reads_the_partial_index(p):
    from phoihop.common.sql import StateIn
    from phoihop.petitions.models import Petition

    transferred(p, register_at(p, "2027-01-05"), "2027-01-06", due="2027-02-15")
    plan = (
        Petition.objects.filter(StateIn(["transferred"]), followup.due(day("2027-02-16")))
        .order_by()
        .values_list("pk", flat=True)
        .explain()
    )
    assert "petition_result_due_idx" in plan, plan
