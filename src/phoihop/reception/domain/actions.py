"""The actions of citizen reception (issue 13, point 6), each checked, audited in its transaction and raising a
DomainError with a Vietnamese message on bad input (nothing half-written).

The people received are never stored by name: each goes through `identities.domain.protect.protect` and only the
identity (its pseudonymous handle) is linked to the session; no summary, audit row or message names them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.identities.domain.protect import Person, protect
from phoihop.legal import rules as legal
from phoihop.officials.models import Official

from .. import rules
from ..enums import AnswerState, DayState, FollowUpState, SessionKind
from ..models import FollowUp, PlannedDay, ReceptionSession, SessionMatter, SessionVisitor
from .transitions import set_answer_state, set_day_state, set_followup_state

__all__ = [
    "ANSWER_RULE",
    "add_followup",
    "answer_due_on",
    "cancel_day",
    "close_followup",
    "plan_day",
    "record_session",
    "send_answer",
]

ANSWER_RULE = "reception.written_answer"
NOT_KEEPER = (
    "Chỉ văn thư, chuyên viên, lãnh đạo của cấp ủy tổ chức tiếp dân (cấp tỉnh, cấp xã) được lên lịch và ghi nhận "
    "buổi tiếp dân."
)
NOT_OWN = "Chỉ văn thư, chuyên viên, lãnh đạo của cấp ủy đã tiếp dân được làm việc này."
MAX_PEOPLE = 10_000


def _today() -> dt.date:
    return local_date(timezone.now())


def answer_due_on(held_on: dt.date) -> dt.date:
    """The day the written answer is due: the legal rule `reception.written_answer` counted from the session."""
    return legal.due_date(legal.rule(ANSWER_RULE), held_on)


def _secretary(
    actor: Actor, user: Actor | None, official: Official | None
) -> tuple[Actor | None, Official | None]:
    if (user is None) == (official is None):
        raise DomainError(
            "Hãy chọn bí thư cấp ủy tiếp dân: một người dùng của cơ quan hoặc một cán bộ trong danh sách cán bộ.",
            field="secretary_user",
        )
    org = actor.organization_id
    if user is not None and user.organization_id != org:
        raise DomainError("Người tiếp dân phải là người của cấp ủy mình.", field="secretary_user")
    if official is not None and org not in (official.workplace_id, official.managing_body_id):
        raise DomainError(
            "Cán bộ tiếp dân phải công tác tại hoặc thuộc diện cấp ủy mình quản lý.",
            field="secretary_official",
        )
    return user, official


def _check_keeper(actor: Actor) -> int:
    if not rules.can_keep(actor) or actor.organization_id is None:
        raise NotAllowed(NOT_KEEPER)
    return actor.organization_id


def plan_day(
    actor: Actor,
    day: dt.date | None,
    *,
    secretary_user: Actor | None = None,
    secretary_official: Official | None = None,
    place: str = "",
) -> PlannedDay:
    """Add a day to the body's reception schedule (from the first day of the current month on)."""
    org = _check_keeper(actor)
    if day is None:
        raise DomainError("Hãy nhập ngày tiếp dân (dd/mm/yyyy).", field="day")
    if day < _today().replace(day=1):
        raise DomainError("Không thể lên lịch cho tháng đã qua.", field="day")
    user, official = _secretary(actor, secretary_user, secretary_official)
    try:
        with transaction.atomic():
            lock_chain()
            planned = PlannedDay.objects.create(
                organization_id=org,
                day=day,
                secretary_user=user,
                secretary_official=official,
                place=place.strip(),
                created_by=actor,
            )
            record(
                actor=actor,
                action=AuditAction.CREATED,
                target=planned,
                summary=f"Lên lịch tiếp dân ngày {day:%d/%m/%Y}",
                data={"day": day.isoformat(), "organization": org},
            )
    except IntegrityError as exc:
        raise DomainError(f"Ngày {day:%d/%m/%Y} đã có trong lịch tiếp dân.", field="day") from exc
    return planned


def cancel_day(actor: Actor, planned: PlannedDay, reason: str = "") -> None:
    if not rules.acts_for(actor, planned.organization_id):
        raise NotAllowed(NOT_OWN)
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy nêu lý do hủy ngày tiếp dân.", field="reason")
    with transaction.atomic():
        lock_chain()
        set_day_state(
            planned,
            DayState.CANCELLED,
            actor=actor,
            summary=f"Hủy ngày tiếp dân {planned.day:%d/%m/%Y}",
            data={"reason": reason},
        )


def record_session(
    actor: Actor,
    *,
    held_on: dt.date | None,
    people_count: int | None,
    visitors: Sequence[Person] = (),
    matters: Sequence[str] = (),
    conclusions: str = "",
    answered_on_spot: bool = False,
    secretary_user: Actor | None = None,
    secretary_official: Official | None = None,
    place: str = "",
) -> ReceptionSession:
    """Record a session the body's head held: periodic when the schedule has the day (the day is then held), ad
    hoc otherwise. Each person who gave an identity is protected; the written answer is due by the legal rule
    unless the head answered on the spot."""
    org = _check_keeper(actor)
    today = _today()
    if held_on is None:
        raise DomainError("Hãy nhập ngày tiếp (dd/mm/yyyy).", field="held_on")
    if held_on > today:
        raise DomainError("Ngày tiếp không được sau hôm nay.", field="held_on")
    user, official = _secretary(actor, secretary_user, secretary_official)
    people = [p for p in visitors if p.name.strip() or p.address.strip() or p.contact.strip()]
    if any(not p.name.strip() for p in people):
        raise DomainError("Mỗi người đến phải có họ tên.", field="visitors")
    if people_count is None or not 1 <= people_count <= MAX_PEOPLE:
        raise DomainError(f"Số người đến phải từ 1 đến {MAX_PEOPLE}.", field="people_count")
    if people_count < len(people):
        raise DomainError(
            f"Số người đến ({people_count}) ít hơn số người đã ghi danh tính ({len(people)}).",
            field="people_count",
        )
    texts = [m.strip() for m in matters if m.strip()]
    if not texts:
        raise DomainError("Hãy ghi ít nhất một nội dung phản ánh, kiến nghị.", field="matters")
    due = None if answered_on_spot else answer_due_on(held_on)
    with transaction.atomic():
        lock_chain()
        planned = (
            PlannedDay.objects.select_for_update()
            .filter(organization_id=org, day=held_on, state=DayState.PLANNED)
            .first()
        )
        if planned is not None and ReceptionSession.objects.filter(planned_day=planned).exists():
            planned = None
        session = ReceptionSession.objects.create(
            organization_id=org,
            planned_day=planned,
            kind=SessionKind.PERIODIC if planned else SessionKind.AD_HOC,
            held_on=held_on,
            secretary_user=user,
            secretary_official=official,
            place=place.strip(),
            people_count=people_count,
            matters_count=len(texts),
            conclusions=conclusions.strip(),
            answer_state=AnswerState.ON_SPOT if answered_on_spot else AnswerState.PENDING,
            answer_rule="" if answered_on_spot else ANSWER_RULE,
            answer_due_on=due,
            recorded_by=actor,
        )
        SessionMatter.objects.bulk_create(
            SessionMatter(session=session, position=i, text=t) for i, t in enumerate(texts, 1)
        )
        for i, person in enumerate(people, 1):
            identity = protect(organization_id=org, person=person, actor=actor)
            SessionVisitor.objects.create(session=session, identity=identity, position=i)
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=session,
            summary=(
                f"Ghi nhận buổi tiếp dân ngày {held_on:%d/%m/%Y}: {people_count} người, {len(texts)} vụ việc"
                + (f", hạn trả lời bằng văn bản {due:%d/%m/%Y}" if due else ", đã trả lời trực tiếp")
            ),
            data={
                "held_on": held_on.isoformat(),
                "kind": session.kind,
                "people": people_count,
                "identities": len(people),
                "matters": len(texts),
                "answer_due_on": due.isoformat() if due else None,
            },
        )
        if planned is not None:
            set_day_state(
                planned,
                DayState.HELD,
                actor=actor,
                summary=f"Đã tiếp dân theo lịch ngày {held_on:%d/%m/%Y}",
            )
    return session


def send_answer(
    actor: Actor, session: ReceptionSession, *, sent_on: dt.date | None, number: str, summary: str
) -> None:
    """The written answer to the people received was sent (on time when `sent_on` is not after the due day)."""
    if not rules.acts_for(actor, session.organization_id):
        raise NotAllowed(NOT_OWN)
    if session.answer_state not in (AnswerState.PENDING, AnswerState.OVERDUE):
        raise DomainError("Buổi tiếp dân này không còn chờ trả lời bằng văn bản.", code="answered")
    if sent_on is None:
        raise DomainError("Hãy nhập ngày gửi văn bản trả lời (dd/mm/yyyy).", field="sent_on")
    if sent_on < session.held_on or sent_on > _today():
        raise DomainError("Ngày gửi văn bản trả lời phải từ ngày tiếp đến hôm nay.", field="sent_on")
    number, summary = number.strip(), summary.strip()
    if not number:
        raise DomainError("Hãy nhập số văn bản trả lời.", field="number")
    if not summary:
        raise DomainError("Hãy tóm tắt nội dung trả lời.", field="summary")
    late = session.answer_due_on is not None and sent_on > session.answer_due_on
    with transaction.atomic():
        lock_chain()
        set_answer_state(
            session,
            AnswerState.SENT,
            actor=actor,
            summary=f"Đã trả lời bằng văn bản số {number} ngày {sent_on:%d/%m/%Y}"
            + (" (quá hạn)" if late else " (đúng hạn)"),
            data={"sent_on": sent_on.isoformat(), "late": late},
            answer_sent_on=sent_on,
            answer_number=number,
            answer_summary=summary,
        )


def add_followup(
    actor: Actor, session: ReceptionSession, *, task: str, due_on: dt.date | None, responsible: str = ""
) -> FollowUp:
    if not rules.acts_for(actor, session.organization_id):
        raise NotAllowed(NOT_OWN)
    task = task.strip()
    if not task:
        raise DomainError("Hãy nhập việc cần làm.", field="task")
    if due_on is None:
        raise DomainError("Hãy nhập hạn (dd/mm/yyyy).", field="due_on")
    if due_on < _today():
        raise DomainError("Hạn không được trước hôm nay.", field="due_on")
    with transaction.atomic():
        lock_chain()
        followup = FollowUp.objects.create(
            session=session, task=task, responsible=responsible.strip(), due_on=due_on, created_by=actor
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=followup,
            summary=f"Giao việc sau buổi tiếp dân ngày {session.held_on:%d/%m/%Y}, hạn {due_on:%d/%m/%Y}",
            data={"session": session.pk, "due_on": due_on.isoformat()},
        )
    return followup


def close_followup(actor: Actor, followup: FollowUp, result: str) -> None:
    if not rules.acts_for(actor, followup.session.organization_id):
        raise NotAllowed(NOT_OWN)
    result = result.strip()
    if not result:
        raise DomainError("Hãy nhập kết quả thực hiện.", field="result")
    if followup.state == FollowUpState.DONE:
        raise DomainError("Việc này đã xong.", code="done")
    with transaction.atomic():
        lock_chain()
        set_followup_state(
            followup,
            FollowUpState.DONE,
            actor=actor,
            summary="Đã xong việc sau buổi tiếp dân",
            done_on=_today(),
            done_by=actor,
            result=result,
        )
