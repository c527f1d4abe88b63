"""The state machines of cases: the only code that changes a case's stage or a progress request's state.

A case's stages and their moves are data (data/cases/cases.yaml, read by cases.schema): its machine is built
from the data in force at each move. A progress request's table is in ../enums.py."""

from __future__ import annotations

from typing import Any

from phoihop.audit.domain import TRANSITION_AUDIT
from phoihop.common.transitions import Batch, Machine

from ..enums import PROGRESS_TRANSITIONS, ProgressState
from ..models import Case, ProgressRequest
from ..schema import cases_data

PROGRESS = Machine.standard(
    ProgressRequest, PROGRESS_TRANSITIONS, ProgressState, "yêu cầu báo cáo tiến độ", TRANSITION_AUDIT
)


def stages() -> Machine[Case, str]:
    """The stage machine of the data in force."""
    data = cases_data()
    return Machine(
        model=Case,
        table=data.moves,
        label=data.stage_label,
        refused="Không thể chuyển vụ án, vụ việc từ giai đoạn “{old}” sang “{new}”.",
        lost_race="Vụ án, vụ việc vừa được người khác thay đổi. Hãy tải lại trang.",
        field="stage",
        audit=TRANSITION_AUDIT,
    )


def set_case_stage(
    case: Case,
    stage: str,
    *,
    actor: Any,
    summary: str,
    data: dict[str, Any] | None = None,
    batch: Batch | None = None,
    **fields: Any,
) -> None:
    stages().move(case, stage, actor=actor, summary=summary, data=data, batch=batch, **fields)


set_progress_state = PROGRESS.move
