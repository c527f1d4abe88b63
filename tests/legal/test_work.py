"""The work queue's source "petitions.deadlines": the receiving body's specialists and leaders see every open
deadline of their open petitions that is overdue or falls due within 3 working days (nearest first); clerks and
other bodies see none; one query for the items at 1, 3 and 50 deadlines, none for a role without them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.petitions import deadline_work
from phoihop.petitions.domain import deadlines
from phoihop.petitions.enums import PetitionKind, PetitionState
from phoihop.petitions.models import Petition, PetitionDeadline
from phoihop.work.queue import counts_for, queue_for

from .conftest import D, World, make

pytestmark = pytest.mark.django_db

SOURCE = deadline_work.SOURCE


def items(user, today):
    return [(i.what, i.title, i.number, i.deadline, i.url) for i in SOURCE.items(user, today, 50)]


def test_the_horizon_is_three_working_days_across_tet():
    assert deadline_work.horizon(D("2027-02-03")) == D("2027-02-15")  # 11, 12, 15/02
    assert deadline_work.horizon(D("2027-02-15")) == D("2027-02-18")


def test_deadlines_falling_due_or_overdue_for_the_bodys_specialists_and_leaders(w: World):
    soon = make(w, PetitionKind.COMPLAINT, "2027-01-26")  # complaint.accept due 11/02
    later = make(w, PetitionKind.DENUNCIATION, "2027-02-03")  # denunciation.classify due 19/02
    done = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    closed = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    theirs = make(w, PetitionKind.COMPLAINT, "2027-01-26", body=w.other)
    for p in (soon, later, done, closed, theirs):
        deadlines.start(p, "received", p.received_on, actor=w.clerk)
    deadlines.meet(done, "accepted", D("2027-02-01"), actor=w.leader)
    Petition.objects.filter(pk=closed.pk).update(state=PetitionState.FILED)
    url = soon.get_absolute_url()
    # on 03/02 the horizon is 15/02: only the complaint due 11/02
    expected = [("Thụ lý giải quyết khiếu nại lần đầu", soon.title, soon.register_code, D("2027-02-11"), url)]
    assert items(w.specialist, D("2027-02-03")) == expected
    assert items(w.leader, D("2027-02-03")) == expected
    # on 12/02 it is overdue (not flagged yet: the label says so all the same), and 19/02 is within 3 working days
    assert items(w.leader, D("2027-02-16")) == [
        (
            "Thụ lý giải quyết khiếu nại lần đầu (quá hạn)",
            soon.title,
            soon.register_code,
            D("2027-02-11"),
            url,
        ),
        (
            "Vào sổ, phân loại, xử lý ban đầu thông tin tố cáo",
            later.title,
            later.register_code,
            D("2027-02-19"),
            later.get_absolute_url(),
        ),
    ]
    assert items(w.clerk, D("2027-02-16")) == []
    assert SOURCE.pending(w.clerk, D("2027-02-16")) is None
    assert [i[2] for i in items(w.other_specialist, D("2027-02-16"))] == [theirs.register_code]


def test_the_queue_shows_them_with_the_others(w: World):
    p = make(w, PetitionKind.COMPLAINT, "2027-01-26")
    deadlines.start(p, "received", p.received_on, actor=w.clerk)
    assert counts_for(w.specialist, D("2027-02-10"))["petitions.deadlines"] == 1
    queued = [i for i in queue_for(w.specialist, D("2027-02-10")) if i.source == "petitions.deadlines"]
    assert [(i.what, i.deadline, i.days) for i in queued] == [
        ("Thụ lý giải quyết khiếu nại lần đầu", D("2027-02-11"), "còn 1 ngày làm việc")
    ]


@pytest.mark.parametrize("n", [1, 3, 50])
def test_one_query_for_the_items_whatever_their_number(w: World, n: int):
    for _ in range(n):
        p = make(w, PetitionKind.COMPLAINT, "2027-01-26")
        PetitionDeadline.objects.create(
            petition=p, rule="complaint.accept", starts_on=p.received_on, due_on=D("2027-02-11")
        )
    with CaptureQueriesContext(connection) as queries:
        got = SOURCE.items(w.leader, D("2027-02-10"), 50)
    assert len(got) == n
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert SOURCE.items(w.clerk, D("2027-02-10"), 50) == []
    assert len(queries) == 0
