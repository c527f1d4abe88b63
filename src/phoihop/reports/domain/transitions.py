"""The state machines of reports: the only code that changes a slot's or a version's state.

Each is a typed wrapper around `common.transitions.transition` (a compare-and-set on the expected current
state plus the audit event, in one transaction; a concurrent change makes it fail with Conflict instead of
overwriting). The tables are in ../enums.py.
"""

from __future__ import annotations

from typing import Any

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.transitions import Audit, Machine, transition

from ..enums import SLOT_TRANSITIONS, SUBMISSION_TRANSITIONS, SlotState, SubmissionState
from ..models import ReportSlot, ReportSubmission

TRANSITION_AUDIT = Audit(lock=lock_chain, record=record, action=AuditAction.TRANSITION)

SLOTS: Machine[ReportSlot, str] = Machine(
    model=ReportSlot,
    table=SLOT_TRANSITIONS,
    label=lambda s: str(SlotState(s).label),
    refused="Không thể chuyển báo cáo từ trạng thái “{old}” sang “{new}”.",
    lost_race="Báo cáo vừa được người khác thay đổi. Hãy tải lại trang.",
    audit=TRANSITION_AUDIT,
)

SUBMISSIONS: Machine[ReportSubmission, str] = Machine(
    model=ReportSubmission,
    table=SUBMISSION_TRANSITIONS,
    label=lambda s: str(SubmissionState(s).label),
    refused="Không thể chuyển bản báo cáo từ trạng thái “{old}” sang “{new}”.",
    lost_race="Bản báo cáo vừa được người khác thay đổi. Hãy tải lại trang.",
    audit=TRANSITION_AUDIT,
)


def set_slot_state(
    slot: ReportSlot,
    new_state: SlotState,
    *,
    actor: Actor | None,  # None: the system (the sweep)
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    transition(SLOTS, slot, new_state, actor=actor, summary=summary, data=data, fields=fields)


def set_submission_state(
    submission: ReportSubmission,
    new_state: SubmissionState,
    *,
    actor: Actor | None,  # None: the system (the sweep)
    summary: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    transition(SUBMISSIONS, submission, new_state, actor=actor, summary=summary, data=data, fields=fields)
