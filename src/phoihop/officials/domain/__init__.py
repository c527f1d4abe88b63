"""The officials registry's actions (officials.domain.actions); the import is officials.domain.importing."""

from .actions import (
    OfficialData,
    add_membership,
    assign_supervision,
    create_official,
    end_supervision,
    set_managing_body,
    update_official,
)

__all__ = [
    "OfficialData",
    "add_membership",
    "assign_supervision",
    "create_official",
    "end_supervision",
    "set_managing_body",
    "update_official",
]
