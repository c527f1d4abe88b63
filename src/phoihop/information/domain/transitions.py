"""The state machines of information about officials: the only code that changes an information's state, a
copy's state or a copy's overdue flag (tables in ../enums.py)."""

from __future__ import annotations

from django.db.models import Q

from phoihop.audit.domain import CHANGE_AUDIT, TRANSITION_AUDIT
from phoihop.common.transitions import Batch, Machine, transition

from ..enums import (
    COPY_TRANSITIONS,
    INFORMATION_TRANSITIONS,
    OPEN_COPY_STATES,
    OVERDUE_TRANSITIONS,
    CopyState,
    InformationState,
)
from ..models import InformationCopy, OfficialInformation

INFORMATION = Machine.standard(
    OfficialInformation, INFORMATION_TRANSITIONS, InformationState, "thông tin", TRANSITION_AUDIT
)
COPIES = Machine.standard(
    InformationCopy, COPY_TRANSITIONS, CopyState, "nơi nhận thông tin", TRANSITION_AUDIT
)

OVERDUE: Machine[InformationCopy, bool] = Machine(
    model=InformationCopy,
    field="overdue",
    table=OVERDUE_TRANSITIONS,
    label=lambda flagged: "quá hạn" if flagged else "chưa quá hạn",
    refused="Nơi nhận này đã được đánh dấu quá hạn.",
    lost_race="Nơi nhận này vừa báo cáo kết quả hoặc đã được đánh dấu quá hạn.",
    audit=CHANGE_AUDIT,
)

set_information_state = INFORMATION.move
set_copy_state = COPIES.move


def flag_overdue(copy: InformationCopy, *, summary: str, batch: Batch | None = None) -> None:
    """The sweep's overdue flag, only on a copy still awaiting its result (Conflict otherwise)."""
    transition(OVERDUE, copy, True, summary=summary, guard=Q(state__in=OPEN_COPY_STATES), batch=batch)
