"""Extending a deadline the law allows to extend (Luật Tố cáo 2018 Điều 30: twice at most, 30 days each): only
a leader of the receiving body, before it ends; the sweep and the work queue then wait for the extended day."""

from __future__ import annotations

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.petitions import deadline_work
from phoihop.petitions.domain import deadlines
from phoihop.petitions.enums import EventKind, PetitionKind
from phoihop.petitions.models import PetitionDeadline, PetitionEvent

from .conftest import D, World, at, make

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolving(w: World):
    """A denunciation accepted on 06/01/2027: resolution due 11/02 (05/02 is Tết)."""
    p = make(w, PetitionKind.DENUNCIATION, "2027-01-04", accepted_on=D("2027-01-06"))
    deadlines.start(p, "accepted", D("2027-01-06"), actor=w.leader)
    return p


def the_row(p) -> tuple:
    d = PetitionDeadline.objects.get(petition=p, rule="denunciation.resolve")
    return (d.due_on, d.extended_to, d.overdue)


def test_a_leader_extends_once_then_twice(w: World, resolving):
    d = deadlines.extend(resolving, "denunciation.resolve", times=1, on=D("2027-02-11"), actor=w.leader)
    assert d.extended_to == D("2027-03-15")  # 30 days after 11/02 is Sat 13/03
    assert the_row(resolving) == (D("2027-02-11"), D("2027-03-15"), False)
    summary = f"Đơn {resolving.register_code}: gia hạn Giải quyết tố cáo đến 15/03/2027 (lần 1)"
    event = AuditEvent.objects.get(summary=summary)
    assert event.actor_id == w.leader.pk
    assert event.data == {"rule": "denunciation.resolve", "changes": {"extended_to": [None, "2027-03-15"]}}
    assert (
        PetitionEvent.objects.filter(petition=resolving, kind=EventKind.DEADLINE, text=summary).count() == 1
    )
    deadlines.extend(resolving, "denunciation.resolve", times=2, on=D("2027-03-15"), actor=w.leader)
    assert the_row(resolving) == (D("2027-02-11"), D("2027-04-14"), False)


@pytest.mark.parametrize(
    ("rule", "times", "on", "message"),
    [
        ("denunciation.resolve", 3, "2027-02-01", "Giải quyết tố cáo được gia hạn tối đa 2 lần."),
        ("denunciation.resolve", 1, "2027-02-12", "Thời hạn đã hết ngày 11/02/2027: không gia hạn được."),
        (
            "complaint.resolve",
            1,
            "2027-02-01",
            "Giải quyết khiếu nại lần đầu (Điều 28) không cho phép gia hạn.",
        ),
        ("no.rule", 1, "2027-02-01", "Không có quy định về thời hạn này."),
    ],
)
def test_refusals_say_why_and_change_nothing(w: World, resolving, rule, times, on, message):
    with pytest.raises(DomainError) as refused:
        deadlines.extend(resolving, rule, times=times, on=D(on), actor=w.leader)
    assert str(refused.value) == message
    assert the_row(resolving) == (D("2027-02-11"), None, False)


def test_only_a_leader_of_the_receiving_body(w: World, resolving):
    for user in (w.specialist, w.other_leader):
        with pytest.raises(NotAllowed, match="Chỉ lãnh đạo cơ quan tiếp nhận đơn được gia hạn."):
            deadlines.extend(resolving, "denunciation.resolve", times=1, on=D("2027-02-01"), actor=user)
    assert the_row(resolving) == (D("2027-02-11"), None, False)


def test_no_extension_twice_to_the_same_day_nor_of_a_met_deadline(w: World, resolving):
    deadlines.extend(resolving, "denunciation.resolve", times=1, on=D("2027-02-01"), actor=w.leader)
    with pytest.raises(DomainError, match="Thời hạn đã được gia hạn đến 15/03/2027."):
        deadlines.extend(resolving, "denunciation.resolve", times=1, on=D("2027-02-02"), actor=w.leader)
    deadlines.meet(resolving, "closed", D("2027-03-01"), actor=w.leader)
    with pytest.raises(DomainError, match="Đơn này không có thời hạn đang mở theo quy định này."):
        deadlines.extend(resolving, "denunciation.resolve", times=2, on=D("2027-03-02"), actor=w.leader)


def test_the_sweep_and_the_queue_wait_for_the_extended_day(w: World, resolving):
    deadlines.extend(resolving, "denunciation.resolve", times=1, on=D("2027-02-10"), actor=w.leader)
    assert deadlines.apply_due(at("2027-02-12", 0)) == {"overdue": 0}
    assert deadlines.apply_due(at("2027-03-15", 23, 59, 59)) == {"overdue": 0}
    assert [i.deadline for i in deadline_work.SOURCE.items(w.leader, D("2027-02-12"), 10)] == []
    assert [i.deadline for i in deadline_work.SOURCE.items(w.leader, D("2027-03-10"), 10)] == [
        D("2027-03-15")
    ]
    assert deadlines.apply_due(at("2027-03-16", 0)) == {"overdue": 1}
    assert the_row(resolving) == (D("2027-02-11"), D("2027-03-15"), True)
    summary = f"Đơn {resolving.register_code} quá hạn: Giải quyết tố cáo (hạn 15/03/2027)"
    assert AuditEvent.objects.filter(summary=summary).count() == 1
