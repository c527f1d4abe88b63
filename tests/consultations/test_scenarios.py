"""Per-regulation scenarios of coordination requests (000, 001, 003, 004) across Tết 2025, with the real
regulation data: deadlines, answers, extensions, deemed consent by the sweep, disagreement and ruling.

Every request is sent on Wed 22/01/2025 at 08:00 (Vietnam time); Tết is off 25/01–02/02/2025, so
5 working days from receipt end on 05/02/2025 and 7 working days on 07/02/2025.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError, NotAllowed, PolicyViolation
from phoihop.consultations import queries
from phoihop.consultations.domain import actions
from phoihop.consultations.domain.policy import find_authority
from phoihop.consultations.enums import DeliveryState, Position, RequestKind, RequestState
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.scenario_fixtures import CODES, SEND_DAY, SPECS, ScenarioBodies, scenario_bodies

pytestmark = pytest.mark.django_db

ONE_DAY = dt.timedelta(days=1)
STATED_NOT_ALLOWED_004 = (
    "Thời hạn trả lời là 05 ngày làm việc kể từ ngày nhận; văn bản đề nghị không được tự nêu thời hạn khác — "
    "Điều 5 khoản 3."
)


@pytest.fixture(params=CODES)
def code(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def world(code: str) -> ScenarioBodies:
    return scenario_bodies(code)


def send(world: ScenarioBodies, **kwargs: Any) -> CoordinationRequest:
    with time_machine.travel(at(SEND_DAY, 8), tick=False):
        req = actions.create_request(
            world.specialist,
            regulation=world.regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến dự thảo kế hoạch giám sát năm 2025",
            recipients=world.recipients,
            **kwargs,
        )
        actions.submit_for_approval(world.specialist, req)
        actions.approve_and_send(world.leader, req)
    req.refresh_from_db()
    return req


def sending(world: ScenarioBodies) -> set[str]:
    """Who is told on the sender's side (consultations.rules.sending_handlers): the drafter and the signer."""
    return {world.specialist.username, world.leader.username}


def receiving(world: ScenarioBodies, *indices: int) -> set[str]:
    """Who is told on the side of these (electronic) recipients: their leaders (rules.receiving_handlers)."""
    return {world.users[f"recipient{i}_leader"].username for i in indices}


def delivery(req: CoordinationRequest, org: Any) -> Delivery:
    return Delivery.objects.select_related("request", "recipient").get(request=req, recipient=org)


def deemed(now: dt.datetime) -> int:
    return int(run_sweep(now)["consultations.deadlines"]["deemed_consent"])


def midnight_after(day: dt.date) -> dt.datetime:
    return at((day + ONE_DAY).isoformat(), 0, 0)


def snapshot(d: Delivery) -> tuple[Any, ...]:
    d.refresh_from_db()
    return (
        d.state,
        d.received_on,
        d.deadline,
        d.original_deadline,
        d.deadline_explanation,
        d.extension_reason,
        d.extension_notified_at,
        d.position,
        d.deemed_at,
    )


def test_deadline_across_tet_and_answer_on_the_deadline_day_at_2359(code: str, world: ScenarioBodies) -> None:
    spec = SPECS[code]
    req = send(world)
    assert (req.state, req.sent_at, req.document_number) == (
        RequestState.SENT,
        at(SEND_DAY, 8),
        f"1-CV/{world.sender.abbreviation}",
    )
    first, second = (delivery(req, org) for org in world.recipients)
    for d in (first, second):
        assert (d.state, d.received_on, d.deadline, d.original_deadline) == (
            DeliveryState.RECEIVED,
            dt.date(2025, 1, 22),
            spec.deadline,
            spec.deadline,
        )
        assert d.deadline_explanation == (
            f"Hạn trả lời {spec.deadline:%d/%m/%Y}: {spec.working_days:02d} ngày làm việc kể từ ngày nhận "
            f"22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán) — {spec.article}"
        )
    assert set(
        Notification.objects.filter(kind="request.received").values_list("user__username", flat=True)
    ) == {world.specialist.username} | receiving(world, 0, 1)

    last_minute = at(spec.deadline.isoformat(), 23, 59)
    with time_machine.travel(last_minute, tick=False):
        actions.answer(world.recipient_user(0), first, position=Position.AGREE)
    first.refresh_from_db()
    assert (first.state, first.position, first.answered_at, first.answered_by) == (
        DeliveryState.ANSWERED,
        Position.AGREE,
        last_minute,
        world.recipient_user(0),
    )
    assert set(
        Notification.objects.filter(kind="delivery.answered").values_list("user__username", flat=True)
    ) == sending(world)

    # One minute later the deadline day is over: the other recipient can no longer answer.
    with time_machine.travel(midnight_after(spec.deadline), tick=False):
        with pytest.raises(PolicyViolation) as err:
            actions.answer(world.recipient_user(1), second, position=Position.AGREE)
    assert err.value.message == (
        f"Đã quá hạn trả lời ({spec.deadline:%d/%m/%Y}); quá hạn coi như đồng ý — {spec.article}."
    )
    assert snapshot(second)[:4] == (
        DeliveryState.RECEIVED,
        dt.date(2025, 1, 22),
        spec.deadline,
        spec.deadline,
    )

    # The sweep deems only the silent one; the answer stands.
    assert deemed(midnight_after(spec.deadline)) == 1
    assert {d.recipient_id: d.state for d in req.deliveries.all()} == {
        world.recipients[0].pk: DeliveryState.ANSWERED,
        world.recipients[1].pk: DeliveryState.DEEMED_CONSENT,
    }


def test_extension_accepted_and_refused_per_policy(code: str, world: ScenarioBodies) -> None:
    spec = SPECS[code]
    req = send(world)
    accepted, refused = (delivery(req, org) for org in world.recipients)

    with time_machine.travel(spec.accept_at, tick=False):
        actions.notify_extension(
            world.recipient_user(0), accepted, new_deadline=spec.accept_new, reason="Cần xác minh thêm"
        )
    accepted.refresh_from_db()
    assert (
        accepted.state,
        accepted.deadline,
        accepted.original_deadline,
        accepted.extension_notified_at,
    ) == (
        DeliveryState.EXTENSION_NOTIFIED,
        spec.accept_new,
        spec.deadline,
        spec.accept_at,
    )
    assert accepted.deadline_explanation.endswith(
        f"\nGia hạn đến {spec.accept_new:%d/%m/%Y} theo thông báo của {world.recipients[0].name} ngày "
        f"{spec.accept_at:%d/%m/%Y}: Cần xác minh thêm — {spec.article}"
    )
    assert set(
        Notification.objects.filter(kind="delivery.extension").values_list("user__username", flat=True)
    ) == sending(world)

    before = snapshot(refused)
    events = AuditEvent.objects.count()
    with time_machine.travel(spec.refuse_at, tick=False):
        with pytest.raises(PolicyViolation) as err:
            actions.notify_extension(
                world.recipient_user(1), refused, new_deadline=spec.refuse_new, reason="Cần xác minh thêm"
            )
    assert err.value.message == spec.refuse_message
    assert snapshot(refused) == before
    assert before[:4] == (DeliveryState.RECEIVED, dt.date(2025, 1, 22), spec.deadline, spec.deadline)
    assert AuditEvent.objects.count() == events
    assert Notification.objects.filter(kind="delivery.extension").count() == len(sending(world))


def test_silence_becomes_deemed_consent_at_the_end_of_the_deadline_day(
    code: str, world: ScenarioBodies
) -> None:
    spec = SPECS[code]
    req = send(world)
    assert deemed(at(spec.deadline.isoformat(), 23, 59)) == 0
    assert {d.state for d in req.deliveries.all()} == {DeliveryState.RECEIVED}

    assert deemed(midnight_after(spec.deadline)) == 2
    assert deemed(midnight_after(spec.deadline)) == 0  # run twice: exactly once
    assert deemed(at("2025-02-20", 7)) == 0  # and days later
    for org in world.recipients:
        d = delivery(req, org)
        assert (d.state, d.deemed_at, d.position) == (
            DeliveryState.DEEMED_CONSENT,
            midnight_after(spec.deadline),
            "",
        )
    notified = sorted(
        Notification.objects.filter(kind="delivery.deemed_consent").values_list("user__username", flat=True)
    )
    # the handlers (consultations.rules.handlers_of): the request's drafter and signer, and each silent
    # recipient's leader (its clerk only for a paper copy) — not every user of both bodies (issues 10 and 11)
    drafters = [world.specialist.username, world.leader.username]
    handlers = [world.users[f"recipient{i}_leader"].username for i in (0, 1)]
    assert notified == sorted(drafters * 2 + handlers)
    with time_machine.travel(at("2025-02-20", 9), tick=False):
        with pytest.raises(DomainError, match="Không thể trả lời"):
            actions.answer(
                world.recipient_user(0), delivery(req, world.recipients[0]), position=Position.AGREE
            )


def test_silence_after_an_extension_is_deemed_at_the_end_of_the_new_date(
    code: str, world: ScenarioBodies
) -> None:
    spec = SPECS[code]
    req = send(world)
    extended, silent = world.recipients
    with time_machine.travel(spec.accept_at, tick=False):
        actions.notify_extension(
            world.recipient_user(0), delivery(req, extended), new_deadline=spec.accept_new, reason="Phức tạp"
        )

    assert deemed(midnight_after(spec.deadline)) == 1
    assert (delivery(req, silent).state, delivery(req, silent).deemed_at) == (
        DeliveryState.DEEMED_CONSENT,
        midnight_after(spec.deadline),
    )
    assert delivery(req, extended).state == DeliveryState.EXTENSION_NOTIFIED

    assert deemed(at(spec.accept_new.isoformat(), 23, 59)) == 0
    assert delivery(req, extended).state == DeliveryState.EXTENSION_NOTIFIED
    assert deemed(midnight_after(spec.accept_new)) == 1
    assert deemed(midnight_after(spec.accept_new)) == 0
    d = delivery(req, extended)
    assert (d.state, d.deadline, d.original_deadline, d.deemed_at) == (
        DeliveryState.DEEMED_CONSENT,
        spec.accept_new,
        spec.deadline,
        midnight_after(spec.accept_new),
    )


def test_disagreement_meeting_escalation_and_ruling_by_the_named_authority(
    code: str, world: ScenarioBodies
) -> None:
    spec = SPECS[code]
    req = send(world)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(
            world.recipient_user(0),
            delivery(req, world.recipients[0]),
            position=Position.DISAGREE,
            text="Không phù hợp với chương trình công tác.",
        )
        actions.answer(world.recipient_user(1), delivery(req, world.recipients[1]), position=Position.AGREE)
    with time_machine.travel(at("2025-02-03", 14), tick=False):
        meeting = actions.record_meeting(
            world.specialist,
            req,
            held_on=dt.date(2025, 2, 3),
            participants="Lãnh đạo hai cơ quan",
            outcome="Chưa thống nhất",
        )
    assert (meeting.held_on, meeting.recorded_by) == (dt.date(2025, 2, 3), world.specialist)
    assert set(
        Notification.objects.filter(kind="request.meeting").values_list("user__username", flat=True)
    ) == receiving(world, 0, 1)

    assert find_authority(world.regulation, world.sender) == world.authority
    with time_machine.travel(at("2025-02-04", 10), tick=False):
        with pytest.raises(NotAllowed):
            actions.escalate(world.specialist, req)
        escalation = actions.escalate(world.leader, req, summary="Còn ý kiến khác nhau")
    assert (escalation.authority, escalation.authority.name) == (world.authority, spec.authority_name)
    assert [(p["recipient"], p["position"]) for p in escalation.positions] == [
        (world.recipients[0].name, Position.DISAGREE),
        (world.recipients[1].name, Position.AGREE),
    ]
    assert set(queries.visible_to(world.authority_leader)) == {req}
    assert set(queries.visible_to(world.decoy_leader)) == set()

    for intruder in (world.decoy_leader, world.leader, world.users["authority_specialist"]):
        with pytest.raises(NotAllowed):
            actions.record_ruling(intruder, escalation, ruling="Không có thẩm quyền")
    ruled_at = at("2025-02-06", 15)
    with time_machine.travel(ruled_at, tick=False):
        actions.record_ruling(
            world.authority_leader, escalation, ruling="Thống nhất theo ý kiến cơ quan chủ trì."
        )
    escalation.refresh_from_db()
    assert (escalation.ruling, escalation.ruled_by, escalation.ruled_at) == (
        "Thống nhất theo ý kiến cơ quan chủ trì.",
        world.authority_leader,
        ruled_at,
    )
    # the handlers of both sides and the authority's leaders (issue 11), not every user of every body
    involved = sending(world) | receiving(world, 0, 1) | {world.authority_leader.username}
    for kind in ("request.escalated", "request.ruled"):
        assert (
            set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True)) == involved
        )
    assert Notification.objects.filter(kind="request.ruled").count() == len(involved)
    with pytest.raises(DomainError, match="đã có kết luận"):
        actions.record_ruling(world.authority_leader, escalation, ruling="Lần hai")


def test_a_recipient_not_covered_by_the_regulation_is_refused(code: str, world: ScenarioBodies) -> None:
    reg = world.regulation
    with pytest.raises(PolicyViolation) as err:
        actions.create_request(
            world.specialist,
            regulation=reg,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến",
            recipients=[world.recipients[0], world.outsider],
        )
    assert reg.lead is not None
    assert err.value.message == (
        f"{reg.number or reg.short_title} không áp dụng cho {world.outsider.name} — {reg.lead.article}."
    )
    assert (CoordinationRequest.objects.count(), Delivery.objects.count()) == (0, 0)


def test_a_deadline_stated_in_the_request(code: str, world: ScenarioBodies) -> None:
    """A stated date: 003 5.1.c and 001 3.1 apply it (001: no earlier than its 07 days); 000 reads it as the date
    the opinion is needed by (the answer keeps its 07 days); 004 lets no request set its own period."""
    spec = SPECS[code]
    later = dt.date(2025, 2, 12)
    if code == "004":
        with pytest.raises(PolicyViolation) as err:
            send(world, stated_deadline=later)
        assert err.value.message == STATED_NOT_ALLOWED_004
        assert CoordinationRequest.objects.count() == 0
        return
    req = send(world, stated_deadline=later)
    if code == "000":
        assert {d.deadline for d in req.deliveries.all()} == {spec.deadline}
        return
    for org in world.recipients:
        d = delivery(req, org)
        assert (d.deadline, d.original_deadline, d.deadline_explanation) == (
            later,
            later,
            f"Hạn trả lời 12/02/2025: thời hạn nêu trong văn bản đề nghị (muộn hơn hạn theo quy chế "
            f"{spec.deadline:%d/%m/%Y}) — {spec.article}",
        )
    assert deemed(midnight_after(spec.deadline)) == 0
    assert deemed(at("2025-02-12", 23, 59)) == 0
    assert deemed(at("2025-02-13", 0, 0)) == 2
    assert {(d.state, d.deemed_at) for d in req.deliveries.all()} == {
        (DeliveryState.DEEMED_CONSENT, at("2025-02-13", 0, 0))
    }


def test_003_a_stated_deadline_earlier_than_the_rule_applies() -> None:
    """003 5.1.c: "or the period stated in the request", shorter as well as longer (REGULATIONS.md)."""
    world = scenario_bodies("003")
    req = send(world, stated_deadline=dt.date(2025, 2, 3))
    assert {d.deadline for d in req.deliveries.all()} == {dt.date(2025, 2, 3)}
    assert {d.deadline_explanation for d in req.deliveries.all()} == {
        "Hạn trả lời 03/02/2025: thời hạn nêu trong văn bản đề nghị (sớm hơn hạn theo quy chế 05/02/2025) — "
        "Điều 5 khoản 1 điểm c"
    }


# Paper: received on Sat 25/01/2025 (first day of Tết), counting starts at the next working day all the same.
PAPER_DEADLINES = {5: dt.date(2025, 2, 7), 7: dt.date(2025, 2, 11)}


def test_paper_receipt_during_tet_counts_from_the_next_working_day(code: str, world: ScenarioBodies) -> None:
    spec = SPECS[code]
    paper_org = world.recipients[1]
    req = send(world, paper_recipients=[paper_org.pk])
    paper = delivery(req, paper_org)
    assert (paper.state, paper.received_on, paper.deadline) == (DeliveryState.SENT, None, None)

    clerk = world.users["recipient1_clerk"]
    with time_machine.travel(at("2025-02-03", 8), tick=False):
        with pytest.raises(DomainError, match="Ngày nhận không thể trước ngày gửi văn bản"):
            actions.record_receipt(clerk, paper, dt.date(2025, 1, 21))
        actions.record_receipt(clerk, paper, dt.date(2025, 1, 25), incoming_number=" 15/ĐẾN ")
    expected = PAPER_DEADLINES[spec.working_days]
    paper.refresh_from_db()
    assert (
        paper.state,
        paper.received_on,
        paper.incoming_number,
        paper.deadline,
        paper.original_deadline,
    ) == (
        DeliveryState.RECEIVED,
        dt.date(2025, 1, 25),
        "15/ĐẾN",
        expected,
        expected,
    )

    # The electronic one falls due at its own deadline; the paper one only at the end of its later date.
    assert deemed(midnight_after(spec.deadline)) == 1
    assert delivery(req, paper_org).state == DeliveryState.RECEIVED
    assert deemed(at(expected.isoformat(), 23, 59)) == 0
    assert deemed(midnight_after(expected)) == 1
    assert delivery(req, paper_org).deemed_at == midnight_after(expected)


def test_a_withdrawn_request_is_never_deemed(code: str, world: ScenarioBodies) -> None:
    req = send(world)
    with time_machine.travel(at("2025-01-24", 10), tick=False):
        actions.answer(
            world.recipient_user(0),
            delivery(req, world.recipients[0]),
            position=Position.AGREE_WITH_COMMENTS,
            text="Đề nghị bổ sung đối tượng giám sát.",
        )
        with pytest.raises(NotAllowed):
            actions.withdraw_request(world.specialist, req)
        actions.withdraw_request(world.leader, req, reason="Điều chỉnh kế hoạch")
    assert deemed(at("2025-02-20", 0, 0)) == 0
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN
    assert {d.recipient_id: d.state for d in req.deliveries.all()} == {
        world.recipients[0].pk: DeliveryState.ANSWERED,
        world.recipients[1].pk: DeliveryState.WITHDRAWN,
    }
    assert set(
        Notification.objects.filter(kind="request.withdrawn").values_list("user__username", flat=True)
    ) == receiving(world, 1)  # the copy still open; the answered one has nothing left to do
