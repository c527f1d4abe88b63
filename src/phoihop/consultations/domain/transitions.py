"""The two transition functions: the only code that changes a request's or a delivery's state.

Each is a compare-and-set (a conditional UPDATE on the expected current state) plus the audit event, in
one transaction; a concurrent change makes it fail with Conflict instead of overwriting.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import Conflict, InvalidTransition

from ..enums import DELIVERY_TRANSITIONS, REQUEST_TRANSITIONS, DeliveryState, RequestState
from ..models import CoordinationRequest, Delivery


def set_request_state(
    request: CoordinationRequest,
    new_state: RequestState,
    *,
    actor: Any,
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    old = request.state
    if new_state not in REQUEST_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Không thể chuyển văn bản từ trạng thái “{RequestState(old).label}” sang “{new_state.label}”."
        )
    with transaction.atomic():
        lock_chain()  # before the row lock: see audit.domain.lock_chain
        updated = CoordinationRequest.objects.filter(pk=request.pk, state=old).update(
            state=new_state, **fields
        )
        if updated != 1:
            raise Conflict("Văn bản vừa được người khác thay đổi. Hãy tải lại trang.")
        request.state = new_state
        for name, value in fields.items():
            setattr(request, name, value)
        record(
            actor=actor,
            action=AuditAction.TRANSITION,
            target=request,
            summary=summary,
            data={"from": old, "to": str(new_state), **(data or {})},
        )


def set_delivery_state(
    delivery: Delivery,
    new_state: DeliveryState,
    *,
    actor: Any,
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    old = delivery.state
    if new_state not in DELIVERY_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Không thể chuyển từ trạng thái “{DeliveryState(old).label}” sang “{new_state.label}”."
        )
    with transaction.atomic():
        lock_chain()  # before the row lock: see audit.domain.lock_chain
        updated = Delivery.objects.filter(pk=delivery.pk, state=old).update(state=new_state, **fields)
        if updated != 1:
            raise Conflict("Ý kiến của nơi nhận này vừa được ghi nhận hoặc thay đổi. Hãy tải lại trang.")
        delivery.state = new_state
        for name, value in fields.items():
            setattr(delivery, name, value)
        record(
            actor=actor,
            action=AuditAction.TRANSITION,
            target=delivery,
            summary=summary,
            data={"from": old, "to": str(new_state), **(data or {})},
        )
