"""The state machines of citizen reception: the only code that changes a planned day's, an answer's or a
follow-up's state (tables in ../enums.py)."""

from __future__ import annotations

from phoihop.audit.domain import TRANSITION_AUDIT
from phoihop.common.transitions import Machine

from ..enums import (
    ANSWER_TRANSITIONS,
    DAY_TRANSITIONS,
    FOLLOWUP_TRANSITIONS,
    AnswerState,
    DayState,
    FollowUpState,
)
from ..models import FollowUp, PlannedDay, ReceptionSession

DAYS = Machine.standard(PlannedDay, DAY_TRANSITIONS, DayState, "ngày tiếp dân", TRANSITION_AUDIT)
ANSWERS: Machine[ReceptionSession, AnswerState] = Machine(
    model=ReceptionSession,
    table=ANSWER_TRANSITIONS,
    label=lambda s: str(AnswerState(s).label),
    refused="Không thể chuyển việc trả lời từ trạng thái “{old}” sang “{new}”.",
    lost_race="Buổi tiếp dân vừa được người khác thay đổi. Hãy tải lại trang.",
    field="answer_state",
    audit=TRANSITION_AUDIT,
)
FOLLOWUPS = Machine.standard(
    FollowUp, FOLLOWUP_TRANSITIONS, FollowUpState, "việc sau buổi tiếp dân", TRANSITION_AUDIT
)

set_day_state = DAYS.move
set_answer_state = ANSWERS.move
set_followup_state = FOLLOWUPS.move
