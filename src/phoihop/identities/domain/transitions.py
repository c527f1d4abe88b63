"""The state machine of protection requests: the only code that changes their state (table in ../enums.py)."""

from __future__ import annotations

from phoihop.audit.domain import TRANSITION_AUDIT
from phoihop.common.transitions import Machine

from ..enums import PROTECTION_TRANSITIONS, ProtectionState
from ..models import ProtectionRequest

PROTECTION = Machine.standard(
    ProtectionRequest, PROTECTION_TRANSITIONS, ProtectionState, "yêu cầu bảo vệ", TRANSITION_AUDIT
)

set_protection_state = PROTECTION.move
