"""The petition's state machine: the only code that changes a petition's state (table in ../enums.py)."""

from __future__ import annotations

from phoihop.audit.domain import TRANSITION_AUDIT
from phoihop.common.transitions import Machine

from ..enums import PETITION_TRANSITIONS, PetitionState
from ..models import Petition

PETITIONS = Machine.standard(Petition, PETITION_TRANSITIONS, PetitionState, "đơn thư", TRANSITION_AUDIT)

set_petition_state = PETITIONS.move
