"""What reception puts in the work queue, per role, with exact items; another body's sessions never in my queue;
one query per source whatever the number of items."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.reception.domain import actions
from phoihop.reception.work import SOURCES
from phoihop.work.queue import counts_for, queue_for

from .conftest import at, plan_at, record_at

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 10)


def _rows(user, today=TODAY):
    return [
        (i.source, i.what, i.title, i.from_body, i.deadline, i.url)
        for i in queue_for(user, today)
        if i.source.startswith("reception.")
    ]


def _counts(user, today=TODAY):
    return {k: v for k, v in counts_for(user, today).items() if k.startswith("reception.")}


def test_the_bodys_acting_users_see_answers_followups_and_a_month_below_the_minimum(p) -> None:
    plan_at(p, "2027-03-01", "2027-03-05")
    session = record_at(p, "2027-03-05", people=4)
    with time_machine.travel(at("2027-03-05", 17), tick=False):
        actions.add_followup(p.xa1_cv, session, task="Kiểm tra tuyến đường", due_on=dt.date(2027, 3, 12))
    url = session.get_absolute_url()
    expected = [
        (
            "reception.answers",
            "Trả lời bằng văn bản người được tiếp",
            "Buổi tiếp dân ngày 05/03/2027 (4 người)",
            "Đảng ủy xã An Một",
            dt.date(2027, 3, 19),
            url,
        ),
        (
            "reception.followups",
            "Việc sau buổi tiếp dân",
            "Kiểm tra tuyến đường",
            "Đảng ủy xã An Một",
            dt.date(2027, 3, 12),
            url,
        ),
        (
            "reception.minimum",
            "Lịch tiếp dân dưới mức tối thiểu",
            "Tháng 03/2027: 1/2 ngày tiếp dân",
            "Đảng ủy xã An Một",
            dt.date(2027, 3, 31),
            "/tiep-cong-dan/lich/?thang=03/2027",
        ),
    ]
    for who in ("xa1_cv", "xa1_clerk", "xa1_leader"):
        assert _rows(getattr(p, who)) == expected, who
        assert _counts(getattr(p, who)) == {
            "reception.answers": 1,
            "reception.followups": 1,
            "reception.minimum": 1,
        }
    # another commune, the superior body, an outsider: none of xã Một's work; a body that never planned a day
    # here (it keeps its schedule on paper) is not told of the minimum
    for who in ("xa2_cv", "tu_cv", "outsider_cv", "ban_cv"):
        assert _rows(getattr(p, who)) == [], who
    # once the Tỉnh ủy plans a day (in April), March below its one day a month is its work
    plan_at(p, "2027-03-01", "2027-04-02", who=p.tu_cv, secretary_user=p.tu_cv)
    assert [(r[0], r[2]) for r in _rows(p.tu_cv)] == [
        ("reception.minimum", "Tháng 03/2027: 0/1 ngày tiếp dân")
    ]


def test_overdue_answers_say_so_and_a_month_at_the_minimum_leaves(p) -> None:
    plan_at(p, "2027-03-01", "2027-03-05")
    plan_at(p, "2027-03-01", "2027-03-19")
    session = record_at(p, "2027-03-05")
    from phoihop.reception.domain.sweep import apply_due

    with time_machine.travel(at("2027-03-20"), tick=False):
        apply_due(at("2027-03-20"))
    assert [(r[0], r[1]) for r in _rows(p.xa1_cv, dt.date(2027, 3, 22))] == [
        ("reception.answers", "Trả lời bằng văn bản quá hạn")
    ]
    session.refresh_from_db()
    with time_machine.travel(at("2027-03-22"), tick=False):
        actions.send_answer(p.xa1_cv, session, sent_on=dt.date(2027, 3, 22), number="1", summary="X")
    assert _rows(p.xa1_cv, dt.date(2027, 3, 22)) == []


@pytest.mark.parametrize("n", [1, 3])
def test_one_query_per_source(p, n, django_assert_num_queries) -> None:
    plan_at(p, "2027-03-01", "2027-03-26")
    with time_machine.travel(at("2027-03-05", 17), tick=False):
        for i in range(n):
            session = record_at(p, "2027-03-05", matters=(f"Vụ {i}",))
            actions.add_followup(p.xa1_cv, session, task=f"Việc {i}", due_on=dt.date(2027, 3, 12))
    user = p.xa1_cv
    for name, (_order, source) in SOURCES.items():
        with django_assert_num_queries(1):
            items = source.items(user, TODAY, 50)
        assert len(items) == (1 if name == "reception.minimum" else n)
    # none for a role with nothing of the kind
    from phoihop.accounts.enums import Role
    from tests.factories import UserFactory

    admin = UserFactory(organization=p.xa1, role=Role.ORG_ADMIN)
    with django_assert_num_queries(0):
        for _name, (_order, source) in SOURCES.items():
            assert source.pending(admin, TODAY) is None
            assert source.items(admin, TODAY, 50) == []
