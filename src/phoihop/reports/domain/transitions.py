"""The state machines of reports: the only code that changes a slot's or a version's state.

Each is a typed one-line wrapper around `common.transitions.transition` (`Machine.move`: a compare-and-set on
the expected current state plus the audit event, in one transaction; a concurrent change makes it fail with
Conflict instead of overwriting). The tables are in ../enums.py.
"""

from __future__ import annotations

from phoihop.audit.domain import TRANSITION_AUDIT
from phoihop.common.transitions import Machine

from ..enums import SLOT_TRANSITIONS, SUBMISSION_TRANSITIONS, SlotState, SubmissionState
from ..models import ReportSlot, ReportSubmission

SLOTS = Machine.standard(ReportSlot, SLOT_TRANSITIONS, SlotState, "báo cáo", TRANSITION_AUDIT)
SUBMISSIONS = Machine.standard(
    ReportSubmission, SUBMISSION_TRANSITIONS, SubmissionState, "bản báo cáo", TRANSITION_AUDIT
)

set_slot_state = SLOTS.move
set_submission_state = SUBMISSIONS.move
