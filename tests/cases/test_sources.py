"""The sources cases register: the work queue (exact items per role, data that could leak, one query per source
whatever the number of items), the yearly evaluation (cases by stage) and the officials' involvement."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.cases.domain import actions
from phoihop.cases.domain.sweep import apply_due
from phoihop.cases.evaluation import cases as evaluation_source
from phoihop.cases.involvement import involves, officials_of
from phoihop.evaluation.sources import Bounds
from phoihop.work.registry import work

from .conftest import at, new_official, open_case_at

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 2, 22)


def _ours(user) -> list[tuple[str, str, str, dt.date | None]]:
    """Our sources' items, in the registry's order (called directly: the queue also runs other domains')."""
    return [
        (name, i.what, i.title, i.deadline)
        for name, source in work.items()
        if name.startswith("cases.")
        for i in source.items(user, TODAY, 50)
    ]


@pytest.fixture
def world(p):
    stale = open_case_at(p, "2027-01-29", level="steering", title="Vụ chậm")
    quiet = open_case_at(p, "2027-02-01", locality=p.xa2, title="Vụ xã Hai")
    with time_machine.travel(at("2027-02-01", 9), tick=False):
        asked = actions.request_progress(p.ban_cv, stale, "Hỏi 1")  # due 15/02 → overdue 16/02
        actions.request_progress(p.ban_cv, quiet, "Hỏi 2", 20)  # due 08/03
    apply_due(at("2027-02-22", 7))
    return {"stale": stale, "quiet": quiet, "asked": asked}


def test_the_sources_are_registered() -> None:
    names = [name for name, _ in work.items()]
    assert {"cases.progress", "cases.overdue", "cases.stale"} <= set(names)


def test_exact_items_per_role(p, world) -> None:
    assert _ours(p.xa1_cv) == [
        ("cases.progress", "Báo cáo tiến độ vụ án, vụ việc quá hạn", "Vụ chậm", dt.date(2027, 2, 15))
    ]
    assert _ours(p.xa2_cv) == [
        ("cases.progress", "Báo cáo tiến độ vụ án, vụ việc", "Vụ xã Hai", dt.date(2027, 3, 8))
    ]
    assert _ours(p.ban_cv) == [
        ("cases.overdue", "Địa phương chưa báo cáo tiến độ, đã quá hạn", "Vụ chậm", dt.date(2027, 2, 15)),
        ("cases.stale", "Vụ án, vụ việc chậm tiến độ", "Vụ chậm", None),
    ]
    for who in ("xa1_clerk", "ban_clerk", "outsider_cv", "bcd_cv", "hu_cv"):
        assert _ours(getattr(p, who)) == [], who
    counts = {n: s.pending(p.ban_cv, TODAY) for n, s in work.items() if n.startswith("cases.")}
    assert {n: rows.count() for n, rows in counts.items() if rows is not None} == {
        "cases.progress": 0,
        "cases.overdue": 1,
        "cases.stale": 1,
    }


def test_an_answer_and_a_move_leave_the_queue(p, world) -> None:
    world["asked"].refresh_from_db()
    world["stale"].refresh_from_db()
    with time_machine.travel(at("2027-02-22", 9), tick=False):
        actions.answer_progress(p.xa1_cv, world["asked"], "Đã xong")
        actions.move_stage(p.ban_cv, world["stale"], "verification")
    assert _ours(p.xa1_cv) == []
    assert _ours(p.ban_cv) == []


def _cost(user) -> int:
    with CaptureQueriesContext(connection) as q:
        for name, source in work.items():
            if name.startswith("cases."):
                source.items(user, TODAY, 50)
    return len(q.captured_queries)


def test_one_query_per_source_at_1_and_3_items(p) -> None:
    for i in range(3):
        case = open_case_at(p, "2027-01-29", level="steering", title=f"V{i}")
        with time_machine.travel(at("2027-02-01", 9), tick=False):
            actions.request_progress(p.ban_cv, case, "Hỏi")
        if i == 0:
            apply_due(at("2027-02-22", 7))
            one = (_cost(p.ban_cv), _cost(p.xa1_cv))
    apply_due(at("2027-02-22", 7))
    assert len([i for i in _ours(p.ban_cv) if i[0] == "cases.stale"]) == 3
    assert one == (_cost(p.ban_cv), _cost(p.xa1_cv)) == (3, 3)
    assert _cost(p.outsider_cv) == 3  # each source: one query, no rows (the role has some)
    assert _cost(p.xa1_clerk) == 0  # no source for a clerk: no query


def test_evaluation_cases_by_stage(p, world) -> None:
    with time_machine.travel(at("2027-02-22", 9), tick=False):
        actions.move_stage(p.ban_cv, world["quiet"], "verification")
    open_case_at(p, "2027-02-01", locality=p.hu, title="Huyện")  # under 004
    figures = evaluation_source(Bounds("003", 2027, TODAY))
    assert figures[p.xa1.pk]["cases_opened"] == 1
    assert figures[p.xa1.pk]["cases_stage_received"] == 1
    assert figures[p.xa1.pk]["cases_stale"] == 1
    assert figures[p.xa2.pk]["cases_stage_verification"] == 1
    assert figures[p.xa2.pk]["cases_stale"] == 0
    assert set(figures) == {p.xa1.pk, p.xa2.pk}
    assert set(evaluation_source(Bounds("004", 2027, TODAY))) == {p.hu.pk}
    assert set(evaluation_source(Bounds("003", 2026, TODAY))) == set()
    assert set(evaluation_source(Bounds("003", 2027, TODAY, only=p.xa2.pk))) == {p.xa2.pk}


def test_the_bodies_on_a_case_may_see_its_officials(p) -> None:
    case = open_case_at(p, "2027-01-29", level="steering")
    official = new_official("Phạm Văn Dũng", workplace=p.xa1)
    actions.add_official(p.ban_cv, case, official, "subject")
    actions.add_organization(p.ban_cv, case, p.ubkt)
    for body in (p.ban, p.xa1, p.bcd, p.ubkt):
        assert involves(official.pk, body.pk)
        assert list(officials_of(body.pk).values_list("official_id", flat=True)) == [official.pk]
    for body in (p.farmers, p.xa2, p.ubkt2):
        assert not involves(official.pk, body.pk)
        assert not officials_of(body.pk).exists()
