"""Who may see an evaluation (Access, decided by rules.access_for) and what an evaluation shows (Scope)."""

from __future__ import annotations

import enum


class Access(enum.Enum):
    NONE = "none"
    OWN = "own"  # a partner: its own row only
    ALL = "all"  # the lead body, the receiver of the evaluation, system administrators


class Scope(enum.StrEnum):
    ALL = "all"
    OWN = "own"
