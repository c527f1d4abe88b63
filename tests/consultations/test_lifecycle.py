import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, InvalidTransition, NotAllowed, PolicyViolation
from phoihop.consultations import queries
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, Position, RequestKind, RequestState
from phoihop.consultations.models import Delivery
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at

pytestmark = pytest.mark.django_db


def sent_request(bodies, regulation, when="2025-01-22", **kwargs):
    with time_machine.travel(at(when, 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=kwargs.pop("kind", RequestKind.CONSULTATION),
            subject="Xin ý kiến dự thảo kế hoạch kiểm tra",
            recipients=[bodies.xa1, bodies.xa2],
            **kwargs,
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    return req


def delivery(req, org):
    return Delivery.objects.select_related("request", "recipient").get(request=req, recipient=org)


def test_send_numbers_the_request_and_computes_each_deadline_across_tet(bodies, regulation):
    req = sent_request(bodies, regulation)
    req.refresh_from_db()
    assert (req.state, req.document_number, req.approved_by) == (
        RequestState.SENT,
        "1-CV/BNCTU",
        bodies.leader,
    )
    d1 = delivery(req, bodies.xa1)
    assert (d1.state, d1.received_on, d1.deadline) == (
        DeliveryState.RECEIVED,
        dt.date(2025, 1, 22),
        dt.date(2025, 2, 5),
    )
    assert d1.deadline_explanation == (
        "Hạn trả lời 05/02/2025: 05 ngày làm việc kể từ ngày nhận 22/01/2025, "
        "không tính 25/01–02/02 (Tết Nguyên đán) — Điều 5 khoản 1 điểm c"
    )
    second = sent_request(bodies, regulation)
    second.refresh_from_db()
    assert second.document_number == "2-CV/BNCTU"
    assert set(
        Notification.objects.filter(kind="request.received").values_list("user__username", flat=True)
    ) == {
        # the drafter and each recipient's handlers: its leaders (its clerks only for a paper copy; issue 11)
        bodies.specialist.username,
        bodies.xa1_leader.username,
        bodies.xa2_leader.username,
    }


def test_only_a_leader_of_the_sender_approves(bodies, regulation):
    req = actions.create_request(
        bodies.specialist,
        regulation=regulation,
        kind=RequestKind.CONSULTATION,
        subject="X",
        recipients=[bodies.xa1],
    )
    actions.submit_for_approval(bodies.specialist, req)
    for user in (bodies.specialist, bodies.clerk, bodies.xa1_cv, bodies.btv_leader):
        with pytest.raises(NotAllowed):
            actions.approve_and_send(user, req)
    req.refresh_from_db()
    assert (req.state, req.document_number) == (RequestState.PENDING_APPROVAL, "")
    assert delivery(req, bodies.xa1).state == DeliveryState.SENT


def test_a_recipient_not_covered_by_the_regulation_is_refused(bodies, regulation):
    with pytest.raises(PolicyViolation, match="không áp dụng cho Hội Nông dân tỉnh"):
        actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="X",
            recipients=[bodies.xa1, bodies.outsider],
        )
    assert not Delivery.objects.exists()


def test_answer_in_time_then_twice_is_refused(bodies, regulation):
    req = sent_request(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    with time_machine.travel(at("2025-02-05", 23, 59), tick=False):
        actions.answer(
            bodies.xa1_leader, d1, position=Position.AGREE_WITH_COMMENTS, text="Đề nghị bổ sung mục 3."
        )
    d1.refresh_from_db()
    assert (d1.state, d1.position, d1.answer_text) == (
        DeliveryState.ANSWERED,
        Position.AGREE_WITH_COMMENTS,
        "Đề nghị bổ sung mục 3.",
    )
    with pytest.raises(DomainError, match="Không thể trả lời"):
        actions.answer(bodies.xa1_leader, d1, position=Position.AGREE)
    assert AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(d1.pk)).count() == 2


def test_only_the_recipient_answers(bodies, regulation):
    req = sent_request(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    for user in (bodies.xa2_cv, bodies.specialist, bodies.outsider_user, bodies.xa1_clerk):
        with pytest.raises(NotAllowed):
            actions.answer(user, d1, position=Position.AGREE)
    d1.refresh_from_db()
    assert d1.state == DeliveryState.RECEIVED


def test_silence_becomes_deemed_consent_at_end_of_deadline_day_exactly_once(bodies, regulation):
    req = sent_request(bodies, regulation)
    assert run_sweep(at("2025-02-05", 23, 59))["consultations.deadlines"]["deemed_consent"] == 0
    late_run = at("2025-02-10", 7)  # the sweep was down for days
    assert run_sweep(late_run)["consultations.deadlines"]["deemed_consent"] == 2
    assert run_sweep(late_run)["consultations.deadlines"]["deemed_consent"] == 0
    for org in (bodies.xa1, bodies.xa2):
        d = delivery(req, org)
        assert (d.state, d.deemed_at) == (DeliveryState.DEEMED_CONSENT, at("2025-02-06", 0))
    with pytest.raises(DomainError):
        actions.answer(bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.AGREE)


def test_answer_after_the_deadline_day_is_refused_even_before_the_sweep(bodies, regulation):
    req = sent_request(bodies, regulation)
    with time_machine.travel(at("2025-02-06", 0, 1), tick=False):
        with pytest.raises(PolicyViolation, match="Đã quá hạn trả lời \\(05/02/2025\\)"):
            actions.answer(bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.AGREE)
    assert delivery(req, bodies.xa1).state == DeliveryState.RECEIVED


@pytest.mark.parametrize(
    ("notice_day", "accepted"),
    [("2025-02-03", True), ("2025-02-04", True), ("2025-02-05", False)],
)
def test_extension_notice_at_least_one_working_day_before(bodies, regulation, notice_day, accepted):
    req = sent_request(bodies, regulation)
    d1 = delivery(req, bodies.xa1)
    with time_machine.travel(at(notice_day, 10), tick=False):
        if accepted:
            actions.notify_extension(
                bodies.xa1_leader, d1, new_deadline=dt.date(2025, 2, 12), reason="Cần xác minh"
            )
            d1.refresh_from_db()
            assert (d1.state, d1.deadline, d1.original_deadline) == (
                DeliveryState.EXTENSION_NOTIFIED,
                dt.date(2025, 2, 12),
                dt.date(2025, 2, 5),
            )
        else:
            with pytest.raises(PolicyViolation) as err:
                actions.notify_extension(
                    bodies.xa1_leader, d1, new_deadline=dt.date(2025, 2, 12), reason="Cần xác minh"
                )
            assert err.value.message == (
                "Phải báo gia hạn chậm nhất 01 ngày làm việc trước hạn, tức ngày 04/02/2025 — Điều 5 khoản 1 điểm c."
            )
            d1.refresh_from_db()
            assert (d1.state, d1.deadline) == (DeliveryState.RECEIVED, dt.date(2025, 2, 5))


def test_disagreement_meeting_escalation_ruling(bodies, regulation):
    req = sent_request(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(
            bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.DISAGREE, text="Không phù hợp."
        )
        actions.answer(bodies.xa2_leader, delivery(req, bodies.xa2), position=Position.AGREE)
        actions.record_meeting(
            bodies.specialist,
            req,
            held_on=dt.date(2025, 1, 23),
            participants="Lãnh đạo hai bên",
            outcome="Chưa thống nhất",
        )
        with pytest.raises(NotAllowed):
            actions.escalate(bodies.specialist, req)
        escalation = actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")
    assert escalation.authority == bodies.btv
    assert [(p["recipient"], p["position"]) for p in escalation.positions] == [
        ("Đảng ủy xã An Một", "disagree"),
        ("Đảng ủy xã An Hai", "agree"),
    ]
    assert set(queries.visible_to(bodies.btv_leader)) == {req}
    with pytest.raises(NotAllowed):
        actions.record_ruling(bodies.leader, escalation, ruling="X")
    actions.record_ruling(bodies.btv_leader, escalation, ruling="Thống nhất theo ý kiến của Ban Nội chính.")
    escalation.refresh_from_db()
    assert escalation.ruling == "Thống nhất theo ý kiến của Ban Nội chính."
    assert set(
        Notification.objects.filter(kind="request.ruled").values_list("user__organization", flat=True)
    ) == {
        bodies.ban.pk,
        bodies.xa1.pk,
        bodies.xa2.pk,
        bodies.btv.pk,
    }


def test_visibility_outsiders_and_drafts(bodies, regulation):
    draft = actions.create_request(
        bodies.specialist,
        regulation=regulation,
        kind=RequestKind.CONSULTATION,
        subject="Nháp",
        recipients=[bodies.xa1],
    )
    sent = sent_request(bodies, regulation)
    assert set(queries.visible_to(bodies.specialist)) == {draft, sent}
    assert set(queries.visible_to(bodies.xa1_cv)) == {sent}
    assert set(queries.visible_to(bodies.outsider_user)) == set()
    assert list(queries.inbox(bodies.xa1_cv).values_list("request_id", flat=True)) == [sent.pk]


def test_withdraw_closes_open_deliveries(bodies, regulation):
    req = sent_request(bodies, regulation)
    with time_machine.travel(at("2025-01-23"), tick=False):
        actions.answer(bodies.xa1_leader, delivery(req, bodies.xa1), position=Position.AGREE)
        actions.withdraw_request(bodies.leader, req, reason="Đổi kế hoạch")
    assert {d.recipient_id: d.state for d in req.deliveries.all()} == {
        bodies.xa1.pk: DeliveryState.ANSWERED,
        bodies.xa2.pk: DeliveryState.WITHDRAWN,
    }
    with pytest.raises(InvalidTransition):
        actions.close_request(bodies.leader, req)
