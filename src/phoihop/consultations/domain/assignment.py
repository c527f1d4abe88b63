"""Assignment and sign-off inside the recipient body (giao xử lý, lãnh đạo ký; issue 11 part 2).

A leader of the recipient — or its clerk, on the leader's instruction (the clerk registers incoming documents and
distributes them as the leader directs; the audit event says the clerk did it) — assigns an open copy to a
specialist of the body, with an optional internal date that is never later than the body's deadline. The
assignee (or any specialist or leader of the body) drafts the answer or the extension notice; a leader approves
it, which sends it as the body's official answer through `actions.answer` / `actions.notify_extension` (signed by
the leader), or returns it with a reason the drafter sees. Every draft state change goes through
`set_draft_state`. The body's deadline and its deemed consent never wait for these internal steps: a draft still
live when the copy is deemed, withdrawn or answered directly becomes "dropped".

Assignment and draft events are internal to the recipient (`data["internal"]`): queries.timeline shows them to the
recipient's members only, never to the sender or another recipient.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict, DomainError, NotAllowed
from phoihop.notifications.domain import notify

from .. import rules
from ..enums import (
    ANSWERABLE_STATES,
    LIVE_DRAFT_STATES,
    OPEN_DELIVERY_STATES,
    DeliveryState,
    DraftKind,
    DraftState,
    Position,
)
from ..models import AnswerDraft, Delivery
from . import actions
from .transitions import DRAFTS, set_draft_state

INTERNAL = {"internal": True}
ASSIGN_REFUSED = (
    "Chỉ lãnh đạo cơ quan được đề nghị (hoặc văn thư theo chỉ đạo của lãnh đạo) mới được giao xử lý."
)
NOT_ASSIGNABLE = "Chỉ giao cho chuyên viên đang công tác tại cơ quan được đề nghị."
DRAFT_REFUSED = "Chỉ chuyên viên, lãnh đạo của cơ quan được đề nghị mới được soạn dự thảo trả lời."
DECIDE_REFUSED = "Chỉ lãnh đạo cơ quan được đề nghị mới được duyệt, ký và gửi trả lời."


def _name(user: Actor) -> str:
    return str(user)


# --- assignment ------------------------------------------------------------------------------------


def assign(
    actor: Actor,
    delivery: Delivery,
    assignee: Actor,
    *,
    internal_deadline: dt.date | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Assign (or reassign) an open copy to a specialist of the recipient, with an optional internal date."""
    if not rules.can_assign(actor, delivery):
        raise NotAllowed(ASSIGN_REFUSED)
    if delivery.state not in OPEN_DELIVERY_STATES:
        raise DomainError(
            f"Không thể giao xử lý: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            code="not_open",
        )
    if not rules.is_assignable(assignee, delivery):
        raise DomainError(
            "Chỉ giao cho chuyên viên đang công tác tại cơ quan được đề nghị.",
            field="assignee",
            code="not_assignable",
        )
    now = now or timezone.now()
    today = local_date(now)
    if internal_deadline is not None:
        if internal_deadline < today:
            raise DomainError(
                f"Hạn xử lý nội bộ ({internal_deadline:%d/%m/%Y}) không thể trước hôm nay ({today:%d/%m/%Y}).",
                field="internal_deadline",
            )
        if delivery.deadline is not None and internal_deadline > delivery.deadline:
            raise DomainError(
                f"Hạn xử lý nội bộ ({internal_deadline:%d/%m/%Y}) không thể sau hạn trả lời của cơ quan "
                f"({delivery.deadline:%d/%m/%Y}).",
                field="internal_deadline",
                code="after_deadline",
            )
    again = delivery.assignee_id is not None
    summary = f"{'Giao lại' if again else 'Giao'} xử lý cho {_name(assignee)}"
    if internal_deadline is not None:
        summary += f", hạn xử lý nội bộ {internal_deadline:%d/%m/%Y}"
    if actor.role == Role.CLERK:
        summary += " (văn thư giao theo chỉ đạo của lãnh đạo)"
    fields: dict[str, Any] = {
        "assignee": assignee,
        "internal_deadline": internal_deadline,
        "assigned_at": now,
        "assigned_by": actor,
    }
    with transaction.atomic():
        lock_chain()  # before the row's UPDATE (AGENTS.md)
        if not Delivery.objects.filter(pk=delivery.pk, state__in=OPEN_DELIVERY_STATES).update(**fields):
            raise Conflict("Nơi nhận này vừa được trả lời, thu hồi hoặc coi như đồng ý. Hãy tải lại trang.")
        previous = delivery.assignee_id
        for name, value in fields.items():
            setattr(delivery, name, value)
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=delivery,
            summary=summary,
            data={
                **INTERNAL,
                "assignee": assignee.pk,
                "previous": previous,
                "internal_deadline": internal_deadline.isoformat() if internal_deadline else None,
            },
        )
        request = delivery.request
        notify(
            [assignee],
            kind="delivery.assigned",
            title=f"Được giao xử lý văn bản {request.document_number}: {request.subject}",
            body=(f"Hạn xử lý nội bộ: {internal_deadline:%d/%m/%Y}" if internal_deadline else ""),
            url=request.get_absolute_url(),
            dedupe_key=f"delivery:{delivery.pk}:assigned:{now.timestamp()}",
        )


# --- answer drafts ---------------------------------------------------------------------------------


def _check_kind(delivery: Delivery, kind: str) -> None:
    if kind not in DraftKind.values:
        raise DomainError("Hãy chọn loại dự thảo: trả lời hoặc báo gia hạn.", field="kind")
    if kind == DraftKind.EXTENSION and delivery.state != DeliveryState.RECEIVED:
        raise DomainError(
            f"Không thể soạn báo gia hạn: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            field="kind",
            code="not_extendable",
        )


def _draft_fields(
    kind: str, position: str, text: str, new_deadline: dt.date | None, extension_reason: str
) -> dict[str, Any]:
    if position and position not in Position.values:
        raise DomainError("Hãy chọn ý kiến: đồng ý, đồng ý có ý kiến, hoặc không đồng ý.", field="position")
    if kind == DraftKind.ANSWER:
        return {
            "kind": kind,
            "position": position,
            "text": text.strip(),
            "new_deadline": None,
            "extension_reason": "",
        }
    return {
        "kind": kind,
        "position": "",
        "text": "",
        "new_deadline": new_deadline,
        "extension_reason": extension_reason.strip(),
    }


def save_draft(
    actor: Actor,
    delivery: Delivery,
    *,
    kind: str = DraftKind.ANSWER,
    position: str = "",
    text: str = "",
    new_deadline: dt.date | None = None,
    extension_reason: str = "",
) -> AnswerDraft:
    """Start the copy's answer draft, or edit its live draft while it is being drafted or was returned (the
    drafter stays the one who started it). A double click never makes two drafts: the second edits the first."""
    if not rules.can_draft_answer(actor, delivery):
        raise NotAllowed(DRAFT_REFUSED)
    if delivery.state not in ANSWERABLE_STATES:
        raise DomainError(
            f"Không thể soạn dự thảo: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            code="not_answerable",
        )
    _check_kind(delivery, kind)
    fields = _draft_fields(kind, position, text, new_deadline, extension_reason)
    with transaction.atomic():
        lock_chain()
        # the copy's row lock serialises two saves of the same copy (a double click)
        Delivery.objects.select_for_update().filter(pk=delivery.pk).exists()
        draft = AnswerDraft.objects.filter(delivery=delivery, state__in=LIVE_DRAFT_STATES).first()
        if draft is None:
            try:
                with transaction.atomic():
                    draft = AnswerDraft.objects.create(delivery=delivery, drafted_by=actor, **fields)
            except IntegrityError as exc:  # a concurrent first save won (SQLite has no row lock to wait on)
                raise Conflict("Dự thảo trả lời vừa được người khác tạo. Hãy tải lại trang.") from exc
            record(
                actor=actor,
                action=AuditAction.CREATED,
                target=draft,
                summary=f"Soạn dự thảo {DraftKind(kind).label.lower()}",
                data={**INTERNAL, "delivery": delivery.pk},
            )
            return draft
        if draft.state == DraftState.PENDING_APPROVAL:
            raise DomainError(
                "Dự thảo đang chờ lãnh đạo duyệt; không sửa được cho đến khi lãnh đạo trả lại.",
                code="draft_pending",
            )
        updated = AnswerDraft.objects.filter(pk=draft.pk, state=draft.state).update(
            updated_at=timezone.now(), **fields
        )
        if updated != 1:
            raise Conflict("Dự thảo trả lời vừa được người khác thay đổi. Hãy tải lại trang.")
        for name, value in fields.items():
            setattr(draft, name, value)
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=draft,
            summary="Sửa dự thảo",
            data={**INTERNAL, "delivery": delivery.pk},
        )
    return draft


def assign_specialist(
    actor: Actor,
    delivery: Delivery,
    assignee_id: int,
    specialists: list[Actor],
    *,
    internal_deadline: dt.date | None = None,
) -> None:
    """`assign` to the specialist of that id among `specialists` (queries.assignable_specialists): the
    refusal of someone who may not assign comes first, then an unknown specialist."""
    if not rules.can_assign(actor, delivery):
        raise NotAllowed(ASSIGN_REFUSED)
    chosen = {u.pk: u for u in specialists}.get(assignee_id)
    if chosen is None:
        raise DomainError(NOT_ASSIGNABLE, field="assignee", code="not_assignable")
    assign(actor, delivery, chosen, internal_deadline=internal_deadline)


def draft_of(actor: Actor, delivery: Delivery, *, deciding: bool = False) -> AnswerDraft:
    """The copy's live answer draft for an action on it: refused first to anyone who may not submit it (or, when
    `deciding`, approve or return it), then "no_draft" when there is none."""
    if deciding and not rules.can_decide_draft(actor, delivery):
        raise NotAllowed(DECIDE_REFUSED)
    if not deciding and not rules.can_draft_answer(actor, delivery):
        raise NotAllowed(DRAFT_REFUSED)
    draft = (
        AnswerDraft.objects.filter(delivery=delivery, state__in=LIVE_DRAFT_STATES)
        .select_related("drafted_by")
        .first()
    )
    if draft is None:
        raise DomainError("Nơi nhận này chưa có dự thảo trả lời đang soạn.", code="no_draft")
    draft.delivery = delivery
    return draft


def _check_complete(draft: AnswerDraft) -> None:
    """What the leader will send must be complete (its rules under the regulation are checked when sent)."""
    delivery = draft.delivery
    if draft.kind == DraftKind.ANSWER:
        if draft.position not in Position.values:
            raise DomainError(
                "Hãy chọn ý kiến: đồng ý, đồng ý có ý kiến, hoặc không đồng ý.", field="position"
            )
        if draft.position != Position.AGREE and not draft.text.strip():
            raise DomainError("Hãy ghi rõ nội dung ý kiến.", field="text")
        return
    if draft.new_deadline is None:
        raise DomainError("Hãy nhập hạn mới.", field="new_deadline")
    if delivery.deadline is not None and draft.new_deadline <= delivery.deadline:
        raise DomainError(
            f"Hạn mới phải sau hạn hiện tại ({delivery.deadline:%d/%m/%Y}).", field="new_deadline"
        )
    if not draft.extension_reason.strip():
        raise DomainError("Hãy nêu lý do cần thêm thời gian.", field="extension_reason")


def submit_draft(actor: Actor, draft: AnswerDraft, now: dt.datetime | None = None) -> None:
    """Submit the draft to the recipient's leaders (who are told)."""
    delivery = draft.delivery
    if not rules.can_draft_answer(actor, delivery):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo của cơ quan được đề nghị mới được trình dự thảo trả lời.")
    if delivery.state not in ANSWERABLE_STATES:
        raise DomainError(
            f"Không thể trình: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            code="not_answerable",
        )
    _check_complete(draft)
    now = now or timezone.now()
    request = delivery.request
    with transaction.atomic():
        set_draft_state(
            draft,
            DraftState.PENDING_APPROVAL,
            actor=actor,
            summary="Trình lãnh đạo duyệt dự thảo trả lời",
            data=dict(INTERNAL),
            submitted_at=now,
        )
        notify(
            rules.leaders_among(users_of([delivery.recipient], roles=[Role.LEADER])),
            kind="delivery.draft_pending",
            title=f"Dự thảo trả lời văn bản {request.document_number} chờ duyệt: {request.subject}",
            url=request.get_absolute_url(),
            dedupe_key=f"answerdraft:{draft.pk}:pending:{now.timestamp()}",
            email=False,
        )


def return_draft(actor: Actor, draft: AnswerDraft, reason: str) -> None:
    """A leader of the recipient returns the draft with a reason the drafter sees (and is told of)."""
    delivery = draft.delivery
    if not rules.can_decide_draft(actor, delivery):
        raise NotAllowed("Chỉ lãnh đạo cơ quan được đề nghị mới được trả lại dự thảo trả lời.")
    if not reason.strip():
        raise DomainError("Hãy nêu lý do trả lại để người soạn sửa.", field="reason")
    request = delivery.request
    with transaction.atomic():
        set_draft_state(
            draft,
            DraftState.RETURNED,
            actor=actor,
            summary=f"Trả lại dự thảo trả lời: {reason.strip()}",
            data={**INTERNAL, "reason": reason.strip()},
            returned_reason=reason.strip(),
            returned_by=actor,
        )
        notify(
            [draft.drafted_by],
            kind="delivery.draft_returned",
            title=f"Lãnh đạo trả lại dự thảo trả lời văn bản {request.document_number}",
            body=reason.strip(),
            url=request.get_absolute_url(),
            dedupe_key=f"answerdraft:{draft.pk}:returned:{timezone.now().timestamp()}",
        )


def approve_draft(actor: Actor, draft: AnswerDraft, now: dt.datetime | None = None) -> None:
    """A leader of the recipient approves, signs and sends the draft as the body's official answer (or extension
    notice): `actions.answer` / `actions.notify_extension` with the leader as the one who answers, in the same
    transaction as the draft's move to "sent". Refused cleanly when the copy was deemed, withdrawn or answered
    meanwhile."""
    delivery = draft.delivery
    if not rules.can_decide_draft(actor, delivery):
        raise NotAllowed(DECIDE_REFUSED)
    DRAFTS.check(draft.state, DraftState.SENT)  # a refused edge before the regulation's checks
    now = now or timezone.now()
    request = delivery.request
    with transaction.atomic():
        # the draft first (so the direct-answer path below does not drop it as a stale draft), then the answer
        # itself: a refusal of either rolls both back
        set_draft_state(
            draft,
            DraftState.SENT,
            actor=actor,
            summary=f"Lãnh đạo duyệt, ký và gửi {DraftKind(draft.kind).label.lower()}",
            data=dict(INTERNAL),
            decided_by=actor,
            decided_at=now,
        )
        if draft.kind == DraftKind.ANSWER:
            actions.answer(actor, delivery, position=Position(draft.position), text=draft.text, now=now)
        else:
            assert draft.new_deadline is not None
            actions.notify_extension(
                actor, delivery, new_deadline=draft.new_deadline, reason=draft.extension_reason, now=now
            )
        if draft.drafted_by_id != actor.pk:
            notify(
                [draft.drafted_by],
                kind="delivery.draft_sent",
                title=f"Lãnh đạo đã ký, gửi dự thảo trả lời văn bản {request.document_number}",
                url=request.get_absolute_url(),
                dedupe_key=f"answerdraft:{draft.pk}:sent",
            )


__all__ = ["approve_draft", "assign", "return_draft", "save_draft", "submit_draft"]
