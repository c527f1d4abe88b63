"""The consultations' state tables (enums.py) and the states that had none before: a delivery's overdue flag and
an escalation's open → ruled, each through its transition function (domain/transitions.py)."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.clock import end_of_day
from phoihop.common.errors import Conflict, DomainError, InvalidTransition
from phoihop.consultations.domain import actions
from phoihop.consultations.domain.sweep import apply_due
from phoihop.consultations.domain.transitions import flag_overdue, rule_escalation, set_request_state
from phoihop.consultations.enums import (
    DELIVERY_TRANSITIONS,
    ESCALATION_TRANSITIONS,
    OVERDUE_TRANSITIONS,
    REQUEST_TRANSITIONS,
    DeliveryState,
    EscalationState,
    Position,
    RequestState,
)
from phoihop.consultations.models import Delivery, Escalation
from phoihop.notifications.models import Notification
from tests.consultations.conftest import at, make_regulation
from tests.consultations.test_pages import both_answered, delivery, sent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("table", "states"),
    [
        (REQUEST_TRANSITIONS, set(RequestState)),
        (DELIVERY_TRANSITIONS, set(DeliveryState)),
        (ESCALATION_TRANSITIONS, set(EscalationState)),
        (OVERDUE_TRANSITIONS, {False, True}),
    ],
)
def test_every_table_names_every_state_once_and_only_known_targets(table, states):  # type: ignore[no-untyped-def]
    assert set(table) == states
    assert all(targets <= states and isinstance(targets, frozenset) for targets in table.values())


# --- the overdue flag --------------------------------------------------------------------------------


def _overdue_events(d: Delivery) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(d.pk), action="changed")
        .order_by("seq")
        .values_list("action", "summary", "data")
    )


def test_the_sweep_flags_an_answerable_copy_overdue_once_with_its_audit_event(bodies):  # type: ignore[no-untyped-def]
    req = sent(bodies, make_regulation(deemed_consent=False))  # deadline 05/02/2025
    d = delivery(req, bodies.xa1)
    assert (d.state, d.deadline.isoformat(), d.overdue) == (DeliveryState.RECEIVED, "2025-02-05", False)
    assert apply_due(end_of_day(d.deadline))["overdue"] == 2
    d.refresh_from_db()
    assert (d.state, d.overdue) == (DeliveryState.RECEIVED, True)
    assert _overdue_events(d) == [("changed", "Quá hạn trả lời 05/02/2025", {})]
    assert Notification.objects.filter(
        kind="delivery.overdue", dedupe_key=f"delivery:{d.pk}:overdue"
    ).exists()
    assert apply_due(end_of_day(d.deadline))["overdue"] == 0  # never twice
    assert len(_overdue_events(d)) == 1


def test_flagging_a_copy_already_flagged_is_refused_and_changes_nothing(bodies, regulation):  # type: ignore[no-untyped-def]
    req = sent(bodies, regulation)
    d = delivery(req, bodies.xa1)
    flag_overdue(d, summary="Quá hạn trả lời 05/02/2025")
    assert d.overdue is True
    with pytest.raises(InvalidTransition) as refused:
        flag_overdue(d, summary="lần hai")
    assert refused.value.message == "Nơi nhận này đã được đánh dấu quá hạn."
    assert [summary for _, summary, _ in _overdue_events(d)] == ["Quá hạn trả lời 05/02/2025"]


def test_a_stale_copy_flagged_in_between_is_a_lost_race(bodies, regulation):  # type: ignore[no-untyped-def]
    req = sent(bodies, regulation)
    stale = delivery(req, bodies.xa1)
    flag_overdue(delivery(req, bodies.xa1), summary="Quá hạn trả lời 05/02/2025")
    with pytest.raises(Conflict) as lost:
        flag_overdue(stale, summary="lần hai")
    assert lost.value.message == "Nơi nhận này vừa được trả lời, thu hồi hoặc đánh dấu quá hạn."
    assert stale.overdue is False
    assert len(_overdue_events(stale)) == 1


def test_an_answered_copy_is_never_flagged_overdue(bodies, regulation):  # type: ignore[no-untyped-def]
    req = sent(bodies, regulation)
    stale = delivery(req, bodies.xa1)  # read while answerable
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.AGREE)
    with pytest.raises(Conflict):
        flag_overdue(stale, summary="Quá hạn trả lời 05/02/2025")
    assert Delivery.objects.values_list("state", "overdue").get(pk=stale.pk) == (
        DeliveryState.ANSWERED,
        False,
    )
    assert _overdue_events(stale) == []


# --- escalation open → ruled -------------------------------------------------------------------------


def _escalated(bodies, regulation) -> Escalation:  # type: ignore[no-untyped-def]
    req = both_answered(bodies, regulation, with_files=False)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        return actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")


def _ruling_events(escalation: Escalation) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(
            target_type="consultations.coordinationrequest",
            target_id=str(escalation.request_id),
            summary="Cấp có thẩm quyền kết luận",
        ).values_list("action", "summary", "data")
    )


def test_an_escalation_is_open_until_ruled_then_ruled_once(bodies, regulation):  # type: ignore[no-untyped-def]
    escalation = _escalated(bodies, regulation)
    assert escalation.state == EscalationState.OPEN
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        actions.record_ruling(bodies.btv_leader, escalation, ruling="  Thống nhất theo Ban Nội chính. ")
    assert escalation.state == EscalationState.RULED
    escalation.refresh_from_db()
    assert (escalation.state, escalation.ruling, escalation.ruled_by, escalation.ruled_at) == (
        EscalationState.RULED,
        "Thống nhất theo Ban Nội chính.",
        bodies.btv_leader,
        at("2025-01-24", 9),
    )
    assert _ruling_events(escalation) == [("changed", "Cấp có thẩm quyền kết luận", {})]


def test_ruling_twice_is_refused_with_already_ruled_and_changes_nothing(bodies, regulation):  # type: ignore[no-untyped-def]
    escalation = _escalated(bodies, regulation)
    actions.record_ruling(bodies.btv_leader, escalation, ruling="Lần một")
    for text in ("Lần hai", ""):  # refused before the text is even read
        with pytest.raises(DomainError) as refused:
            actions.record_ruling(bodies.btv_leader, escalation, ruling=text)
        assert (type(refused.value), refused.value.code, refused.value.message) == (
            DomainError,
            "already_ruled",
            "Cấp có thẩm quyền đã có kết luận.",
        )
    escalation.refresh_from_db()
    assert escalation.ruling == "Lần một"
    assert len(_ruling_events(escalation)) == 1


def test_a_ruling_racing_another_is_already_ruled_and_changes_nothing(bodies, regulation):  # type: ignore[no-untyped-def]
    escalation = _escalated(bodies, regulation)
    stale = Escalation.objects.get(pk=escalation.pk)  # read while open
    actions.record_ruling(bodies.btv_leader, escalation, ruling="Lần một")
    with pytest.raises(DomainError) as lost:
        rule_escalation(stale, actor=bodies.btv_leader, ruling="Lần hai", at=at("2025-01-25"))
    assert (lost.value.code, lost.value.message) == ("already_ruled", "Cấp có thẩm quyền đã có kết luận.")
    assert (stale.state, stale.ruling) == (EscalationState.OPEN, "")
    assert Escalation.objects.get(pk=escalation.pk).ruling == "Lần một"
    assert len(_ruling_events(escalation)) == 1


def test_request_refused_edge_keeps_its_message(bodies, regulation):  # type: ignore[no-untyped-def]
    req = sent(bodies, regulation)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as refused:
        set_request_state(req, RequestState.DRAFT, actor=bodies.leader, summary="x")
    assert refused.value.message == "Không thể chuyển văn bản từ trạng thái “Đã ký, đã gửi” sang “Dự thảo”."
    req.refresh_from_db()
    assert req.state == RequestState.SENT
    assert AuditEvent.objects.count() == events
