"""The two transition functions: the only code that changes a slot's or a version's state.

Each is a compare-and-set (a conditional UPDATE on the expected current state) plus the audit event, in one
transaction; a concurrent change makes it fail with Conflict instead of overwriting.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import Conflict, InvalidTransition

from ..enums import SLOT_TRANSITIONS, SUBMISSION_TRANSITIONS, SlotState, SubmissionState
from ..models import ReportSlot, ReportSubmission


def set_slot_state(
    slot: ReportSlot,
    new_state: SlotState,
    *,
    actor: Any,
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    old = slot.state
    if new_state not in SLOT_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Không thể chuyển báo cáo từ trạng thái “{SlotState(old).label}” sang “{new_state.label}”."
        )
    with transaction.atomic():
        lock_chain()  # before the row lock: see audit.domain.lock_chain
        updated = ReportSlot.objects.filter(pk=slot.pk, state=old).update(state=new_state, **fields)
        if updated != 1:
            raise Conflict("Báo cáo vừa được người khác thay đổi. Hãy tải lại trang.")
        slot.state = new_state
        for name, value in fields.items():
            setattr(slot, name, value)
        record(
            actor=actor,
            action=AuditAction.TRANSITION,
            target=slot,
            summary=summary,
            data={"from": old, "to": str(new_state), **(data or {})},
        )


def set_submission_state(
    submission: ReportSubmission,
    new_state: SubmissionState,
    *,
    actor: Any,
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    old = submission.state
    if new_state not in SUBMISSION_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Không thể chuyển bản báo cáo từ trạng thái “{SubmissionState(old).label}” sang “{new_state.label}”."
        )
    with transaction.atomic():
        lock_chain()  # before the row lock: see audit.domain.lock_chain
        updated = ReportSubmission.objects.filter(pk=submission.pk, state=old).update(
            state=new_state, **fields
        )
        if updated != 1:
            raise Conflict("Bản báo cáo vừa được người khác thay đổi. Hãy tải lại trang.")
        submission.state = new_state
        for name, value in fields.items():
            setattr(submission, name, value)
        record(
            actor=actor,
            action=AuditAction.TRANSITION,
            target=submission,
            summary=summary,
            data={"from": old, "to": str(new_state), **(data or {})},
        )
