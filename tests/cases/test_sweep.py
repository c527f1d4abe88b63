"""The sweep step "cases.stale": a case is flagged stale exactly on the working day the data says (N working
days after its last move, across Tết Nguyên đán 2027: 04–10/02 off), progress requests past due become overdue,
every run gives one outcome, and a run with nothing due is one query."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.audit.models import AuditEvent
from phoihop.cases.domain import actions
from phoihop.cases.domain.sweep import apply_due
from phoihop.cases.enums import ProgressState
from phoihop.cases.models import Case
from phoihop.scheduler.registry import jobs

from .conftest import at, open_case_at

pytestmark = pytest.mark.django_db


def _sweep(day: str, hour: int = 7) -> dict[str, int]:
    with time_machine.travel(at(day, hour), tick=False):
        return apply_due(at(day, hour))


def test_the_step_is_registered() -> None:
    assert "cases.stale" in [entry.name for entry in jobs().entries()]


def test_stale_exactly_on_the_working_day_across_tet(p) -> None:
    # Ban Chỉ đạo level: 10 working days after Fri 29/01/2027 → 01, 02, 03/02, (Tết 04–10/02), 11, 12, 15–19/02
    case = open_case_at(p, "2027-01-29", level="steering")
    assert _sweep("2027-02-18", 23) == {}
    case.refresh_from_db()
    assert (case.stale, case.stale_since) == (False, None)
    assert _sweep("2027-02-19", 0) == {"stale": 1, "overdue": 0}
    case.refresh_from_db()
    assert (case.stale, case.stale_since, case.stale_on) == (True, dt.date(2027, 2, 19), None)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.summary) == (None, "Vụ án, vụ việc chậm tiến độ từ ngày 19/02/2027")
    assert case.events.order_by("-id").first().text == "Không có tiến triển, chậm tiến độ từ ngày 19/02/2027"


def test_each_level_its_own_number(p) -> None:
    local = open_case_at(p, "2027-01-29", level="local", title="B")  # 20 working days → 05/03/2027
    ban = open_case_at(p, "2027-01-29", level="internal_affairs", title="C")  # 15 → 26/02/2027
    assert (local.stale_on, ban.stale_on) == (dt.date(2027, 3, 5), dt.date(2027, 2, 26))
    assert _sweep("2027-02-25") == {}
    assert _sweep("2027-02-26") == {"stale": 1, "overdue": 0}
    assert _sweep("2027-03-04") == {}
    assert _sweep("2027-03-05") == {"stale": 1, "overdue": 0}
    assert set(Case.objects.filter(stale=True).values_list("title", flat=True)) == {"B", "C"}


def test_the_sweep_is_idempotent_and_a_late_run_flags_once(p) -> None:
    open_case_at(p, "2027-01-29", level="steering")
    assert _sweep("2027-02-22") == {"stale": 1, "overdue": 0}  # a late run: the Monday after
    events = AuditEvent.objects.count()
    assert _sweep("2027-02-22") == {}
    assert _sweep("2027-02-23") == {}
    assert AuditEvent.objects.count() == events
    assert Case.objects.get().stale_since == dt.date(2027, 2, 19)


def test_a_move_clears_the_flag_and_restarts_the_count(p) -> None:
    case = open_case_at(p, "2027-01-29", level="steering")
    _sweep("2027-02-19")
    with time_machine.travel(at("2027-02-22", 9), tick=False):
        actions.move_stage(p.ban_cv, case, "verification")
    case.refresh_from_db()
    assert (case.stale, case.stale_since, case.stale_on) == (False, None, dt.date(2027, 3, 8))
    assert _sweep("2027-03-05") == {}
    assert _sweep("2027-03-08") == {"stale": 1, "overdue": 0}


def test_a_closed_case_never_goes_stale(p) -> None:
    case = open_case_at(p, "2027-01-29", level="steering")
    with time_machine.travel(at("2027-02-01", 9), tick=False):
        actions.close_case(p.ban_leader, case)
    assert _sweep("2027-03-31") == {}


def test_a_progress_request_is_overdue_the_day_after_its_due_day(p) -> None:
    case = open_case_at(p, "2027-01-29", level="local")
    with time_machine.travel(at("2027-02-01", 10), tick=False):
        request = actions.request_progress(p.ban_cv, case, "Báo cáo")
    assert request.due_on == dt.date(2027, 2, 15)
    assert _sweep("2027-02-15", 23) == {}
    assert _sweep("2027-02-16", 0) == {"stale": 0, "overdue": 1}
    request.refresh_from_db()
    assert request.state == ProgressState.OVERDUE
    assert _sweep("2027-02-17") == {}
    # answered late: still accepted
    with time_machine.travel(at("2027-02-17", 9), tick=False):
        actions.answer_progress(p.xa1_cv, request, "Đã xong")
    request.refresh_from_db()
    assert request.state == ProgressState.ANSWERED


def test_nothing_due_is_one_query(p) -> None:
    for i in range(5):
        open_case_at(p, "2027-01-29", level="local", title=f"V{i}")
    with time_machine.travel(at("2027-02-02", 7), tick=False), CaptureQueriesContext(connection) as q:
        assert apply_due(at("2027-02-02", 7)) == {}
    assert len(q.captured_queries) == 1, [x["sql"] for x in q.captured_queries]
