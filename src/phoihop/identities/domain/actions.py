"""The actions on protected identities (issue 13, point 5; Law on Denunciations 2018 Art. 47 and following;
Chỉ thị 27-CT/TW; 002 II.3; 004 3.11): designating and ending custodians, a custodian's reading of an identity
(asked with a reason, one audit event, never the identity in it), and protection requests with their measures
and follow-up. Each checked, audited in its transaction, raising a DomainError with a Vietnamese message."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.formats.vi.collation import fold

from .. import rules
from ..enums import FOLLOWED_STATES, ProtectionState
from ..models import Custodian, Identity, ProtectionRequest
from .protect import Person, reveal
from .transitions import set_protection_state

__all__ = [
    "apply_protection",
    "designate_custodian",
    "end_custodian",
    "end_protection",
    "follow_up_protection",
    "open_protection",
    "read_identity",
]

NOT_MANAGER = "Chỉ lãnh đạo hoặc quản trị của cơ quan được giao, thôi giao người quản lý danh tính."
NOT_CUSTODIAN = "Chỉ người được cơ quan giao quản lý danh tính mới được làm việc này."
ENDED = "Yêu cầu bảo vệ đã kết thúc: không thể thay đổi."


def _today() -> dt.date:
    return local_date(timezone.now())


def _user_label(user: User) -> str:
    return str(user)


# --- custodians ------------------------------------------------------------------------------------------


def designate_custodian(actor: Actor, user: User | None) -> Custodian:
    """A leader (or org admin) of a body designates one of its members to keep its protected identities."""
    if not rules.manages_custodians(actor):
        raise NotAllowed(NOT_MANAGER)
    if user is None or not user.is_active or user.organization_id != actor.organization_id:
        raise DomainError("Hãy chọn một người đang làm việc tại cơ quan.", field="user")
    org = int(actor.organization_id or 0)
    today = _today()
    with transaction.atomic():
        lock_chain()
        current = Custodian.objects.select_for_update().filter(organization_id=org, user=user)
        if any(rules.custodian_active(c, today) for c in current):
            raise DomainError("Người này đang được giao quản lý danh tính.", field="user")
        custodian = Custodian.objects.create(
            organization_id=org, user=user, designated_by=actor, designated_on=today
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=custodian,
            summary=f"Giao {_user_label(user)} quản lý danh tính được bảo vệ",
            data={"user": user.pk, "organization": org, "designated_on": today.isoformat()},
        )
    return custodian


def end_custodian(actor: Actor, custodian: Custodian) -> None:
    """The body's leader (or org admin) ends a designation: from today the user reads nothing more."""
    if not rules.manages_custodians(actor, custodian.organization_id):
        raise NotAllowed(NOT_MANAGER)
    today = _today()
    with transaction.atomic():
        lock_chain()
        changed = (
            Custodian.objects.filter(pk=custodian.pk, ended_on__isnull=True)
            .exclude(designated_on__gt=today)
            .update(ended_on=today)
        )
        if not changed:
            raise DomainError("Việc giao quản lý danh tính này đã kết thúc.", code="ended")
        custodian.ended_on = today
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=custodian,
            summary=f"Thôi giao {_user_label(custodian.user)} quản lý danh tính được bảo vệ",
            data={"user": custodian.user_id, "ended_on": today.isoformat()},
        )


# --- reading -----------------------------------------------------------------------------------------------


def _mentions(reason: str, person: Person) -> bool:
    """Whether the reason repeats a part of the identity (it goes into the audit trail)."""
    folded = fold(reason)
    parts = (fold(person.name), fold(person.address), fold(person.contact))
    return any(p and p in folded for p in parts)


def read_identity(actor: Actor, identity: Identity, reason: str) -> Person:
    """A custodian of the keeping body reads an identity, with a reason (≥ 10 characters): one audit event with
    the reason (never the identity), and the person returned for this response only."""
    if not rules.is_custodian(actor, identity.organization_id):
        raise NotAllowed(NOT_CUSTODIAN)
    reason = " ".join(reason.split())
    if len(reason) < rules.MIN_REASON:
        raise DomainError(
            f"Hãy nêu lý do cần đọc danh tính (ít nhất {rules.MIN_REASON} ký tự).", field="reason"
        )
    if identity.metadata_only:
        raise DomainError(
            "Danh tính này không lưu trong hệ thống (chế độ chỉ lưu siêu dữ liệu): xem sổ đăng ký giấy của cơ quan.",
            code="metadata_only",
        )
    person = reveal(identity)  # a token no key opens: refused before anything is written
    if _mentions(reason, person):
        raise DomainError(
            "Lý do không được chứa họ tên, địa chỉ hay thông tin liên hệ của người được bảo vệ "
            "(lý do được ghi vào nhật ký).",
            field="reason",
        )
    with transaction.atomic():
        lock_chain()
        record(
            actor=actor,
            action=AuditAction.CHANGED,  # no "read" action in the audit trail: the data says what it was
            target=identity,
            summary=f"Đọc danh tính được bảo vệ {identity.handle}",
            data={"event": "identity_read", "handle": identity.handle, "reason": reason},
        )
    return person


# --- protection requests --------------------------------------------------------------------------------


def _check_custodian(actor: Actor, organization_id: int) -> None:
    if not rules.is_custodian(actor, organization_id):
        raise NotAllowed(NOT_CUSTODIAN)


def _follow_up(day: dt.date | None, today: dt.date, *, required: bool) -> dt.date | None:
    if day is None:
        if required:
            raise DomainError("Hãy nhập hạn theo dõi tiếp.", field="follow_up_on")
        return None
    if day < today:
        raise DomainError("Hạn theo dõi tiếp không được trước hôm nay.", field="follow_up_on")
    return day


def open_protection(
    actor: Actor,
    identity: Identity,
    *,
    requested_on: dt.date | None,
    measures_requested: str,
    follow_up_on: dt.date | None = None,
) -> ProtectionRequest:
    """A custodian records a request to protect the person behind `identity` (Law on Denunciations 2018 Art. 48:
    the request, the measures asked for)."""
    _check_custodian(actor, identity.organization_id)
    today = _today()
    measures = measures_requested.strip()
    if requested_on is None:
        raise DomainError("Hãy nhập ngày yêu cầu bảo vệ.", field="requested_on")
    if requested_on > today:
        raise DomainError("Ngày yêu cầu không được sau hôm nay.", field="requested_on")
    if not measures:
        raise DomainError("Hãy nhập biện pháp bảo vệ được đề nghị.", field="measures_requested")
    follow = _follow_up(follow_up_on, today, required=False)
    with transaction.atomic():
        lock_chain()
        row = ProtectionRequest.objects.create(
            identity=identity,
            organization_id=identity.organization_id,
            requested_on=requested_on,
            measures_requested=measures,
            follow_up_on=follow,
            created_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=row,
            summary=f"Tiếp nhận yêu cầu bảo vệ người tố cáo {identity.handle}",
            data={
                "handle": identity.handle,
                "requested_on": requested_on.isoformat(),
                "follow_up_on": follow.isoformat() if follow else None,
            },
        )
    return row


def apply_protection(
    actor: Actor, request: ProtectionRequest, *, measures_taken: str, follow_up_on: dt.date | None
) -> None:
    """The body decides the measures (open → in force), with the date of the next follow-up."""
    _check_custodian(actor, request.organization_id)
    today = _today()
    measures = measures_taken.strip()
    if not measures:
        raise DomainError("Hãy nhập biện pháp bảo vệ đã áp dụng.", field="measures_taken")
    follow = _follow_up(follow_up_on, today, required=True)
    assert follow is not None
    with transaction.atomic():
        lock_chain()
        set_protection_state(
            request,
            ProtectionState.IN_FORCE,
            actor=actor,
            summary="Áp dụng biện pháp bảo vệ người tố cáo",
            data={"follow_up_on": follow.isoformat()},
            measures_taken=measures,
            decided_on=today,
            follow_up_on=follow,
            follow_up_flagged=False,
        )


def follow_up_protection(
    actor: Actor, request: ProtectionRequest, *, note: str, follow_up_on: dt.date | None
) -> None:
    """A custodian records how the protection goes and when to look again."""
    _check_custodian(actor, request.organization_id)
    if request.state not in FOLLOWED_STATES:
        raise DomainError(ENDED, code="ended")
    today = _today()
    text = note.strip()
    if not text:
        raise DomainError("Hãy nhập kết quả theo dõi.", field="note")
    follow = _follow_up(follow_up_on, today, required=True)
    assert follow is not None
    with transaction.atomic():
        lock_chain()
        changed = ProtectionRequest.objects.filter(pk=request.pk, state__in=list(FOLLOWED_STATES)).update(
            follow_up_note=text, follow_up_on=follow, follow_up_flagged=False
        )
        if not changed:
            raise DomainError(ENDED, code="ended")
        request.follow_up_note, request.follow_up_on = text, follow
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=request,
            summary=f"Theo dõi việc bảo vệ, hạn theo dõi tiếp {follow:%d/%m/%Y}",
            data={"follow_up_on": follow.isoformat()},
        )


def end_protection(actor: Actor, request: ProtectionRequest, *, reason: str) -> None:
    """The protection ends (the measures are no longer needed, or the request is refused)."""
    _check_custodian(actor, request.organization_id)
    text = reason.strip()
    if not text:
        raise DomainError("Hãy nêu lý do kết thúc.", field="reason")
    if request.state == ProtectionState.ENDED:
        raise DomainError(ENDED, code="ended")
    with transaction.atomic():
        lock_chain()
        set_protection_state(
            request,
            ProtectionState.ENDED,
            actor=actor,
            summary="Kết thúc việc bảo vệ người tố cáo",
            end_reason=text,
            ended_on=_today(),
            follow_up_on=None,
        )
