"""The state machines of coordination requests: the only code that changes a request's or a delivery's state,
a delivery's overdue flag or an escalation's ruling state.

Each is a typed wrapper around `common.transitions.transition` (a compare-and-set on the expected current
state plus the audit event, in one transaction; a concurrent change makes it fail instead of overwriting).
The tables are in ../enums.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from phoihop.accounts.types import Actor
from phoihop.audit.domain import CHANGE_AUDIT, TRANSITION_AUDIT
from phoihop.common.errors import DomainError
from phoihop.common.transitions import Batch, Machine, transition

from ..enums import (
    ANSWERABLE_STATES,
    DELIVERY_TRANSITIONS,
    DRAFT_TRANSITIONS,
    ESCALATION_TRANSITIONS,
    OVERDUE_TRANSITIONS,
    REQUEST_TRANSITIONS,
    DeliveryState,
    DraftState,
    EscalationState,
    RequestState,
)
from ..models import AnswerDraft, CoordinationRequest, Delivery, Escalation

REQUESTS = Machine.standard(
    CoordinationRequest, REQUEST_TRANSITIONS, RequestState, "văn bản", TRANSITION_AUDIT
)

DELIVERIES: Machine[Delivery, str] = Machine(
    model=Delivery,
    table=DELIVERY_TRANSITIONS,
    label=lambda s: str(DeliveryState(s).label),
    refused="Không thể chuyển từ trạng thái “{old}” sang “{new}”.",
    lost_race="Ý kiến của nơi nhận này vừa được ghi nhận hoặc thay đổi. Hãy tải lại trang.",
    audit=TRANSITION_AUDIT,
)

OVERDUE: Machine[Delivery, bool] = Machine(
    model=Delivery,
    field="overdue",
    table=OVERDUE_TRANSITIONS,
    label=lambda flagged: "quá hạn" if flagged else "chưa quá hạn",
    refused="Nơi nhận này đã được đánh dấu quá hạn.",
    lost_race="Nơi nhận này vừa được trả lời, thu hồi hoặc đánh dấu quá hạn.",
    audit=CHANGE_AUDIT,
)


class _EscalationMachine(Machine[Escalation, str]):
    """Open while `ruled_at` is empty; the ruling's own fields (ruling, ruled_by, ruled_at) say it is ruled."""

    def state_of(self, obj: Escalation) -> str:
        return obj.state

    def in_state(self, state: str) -> Q:
        return Q(ruled_at__isnull=state == EscalationState.OPEN)

    def columns(self, state: str) -> dict[str, Any]:
        return {}


ESCALATIONS = _EscalationMachine(
    model=Escalation,
    table=ESCALATION_TRANSITIONS,
    label=lambda s: str(EscalationState(s).label),
    refused="Cấp có thẩm quyền đã có kết luận.",
    lost_race="Cấp có thẩm quyền đã có kết luận.",
    audit=CHANGE_AUDIT,
    refused_error=DomainError,
    lost_race_error=DomainError,
    code="already_ruled",
)


# An answer draft inside the recipient body (domain/assignment.py)
DRAFTS = Machine.standard(AnswerDraft, DRAFT_TRANSITIONS, DraftState, "dự thảo trả lời", TRANSITION_AUDIT)

set_request_state = REQUESTS.move
set_delivery_state = DELIVERIES.move
set_draft_state = DRAFTS.move


def flag_overdue(delivery: Delivery, *, summary: str, batch: Batch | None = None) -> None:
    """The sweep's overdue flag, only on a copy that can still be answered (Conflict otherwise); with `batch`,
    its audit event is written by `batch.flush()` (common.transitions.Batch)."""
    transition(OVERDUE, delivery, True, summary=summary, guard=Q(state__in=ANSWERABLE_STATES), batch=batch)


def rule_escalation(escalation: Escalation, *, actor: Actor, ruling: str, at: dt.datetime) -> None:
    """The authority's ruling (the audit event is about the request; "already_ruled" when it was ruled)."""
    transition(
        ESCALATIONS,
        escalation,
        EscalationState.RULED,
        actor=actor,
        summary="Cấp có thẩm quyền kết luận",
        fields={"ruling": ruling, "ruled_by": actor, "ruled_at": at},
        target=escalation.request,
    )
