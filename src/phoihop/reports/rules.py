"""Permission predicates for report slots (no queries beyond the objects given)."""

from __future__ import annotations

from typing import Any

from phoihop.accounts.enums import DRAFTING_ROLES, Role

REVIEWING_ROLES = {Role.SPECIALIST, Role.LEADER}


def _member(user: Any, organization_id: int | None) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.organization_id == organization_id)


def is_reporter_member(user: Any, slot: Any) -> bool:
    return _member(user, slot.reporter_id)


def is_receiver_member(user: Any, slot: Any) -> bool:
    return _member(user, slot.receiver_id)


def can_draft(user: Any, slot: Any) -> bool:
    """A clerk, specialist or leader of the reporting body prepares a version (document and figures)."""
    return is_reporter_member(user, slot) and user.role in DRAFTING_ROLES


def can_approve(user: Any, slot: Any) -> bool:
    """Only a leader of the reporting body approves and sends."""
    return is_reporter_member(user, slot) and user.role == Role.LEADER


def can_review(user: Any, slot: Any) -> bool:
    """A specialist or leader of the receiving body accepts, returns for correction and sends reminders."""
    return is_receiver_member(user, slot) and user.role in REVIEWING_ROLES


def can_receive_for(user: Any, receiver_id: int) -> bool:
    return _member(user, receiver_id) and user.role in REVIEWING_ROLES


def can_request(user: Any) -> bool:
    """A specialist or leader asks other bodies for an ad hoc or thematic report."""
    return bool(user.is_authenticated and user.organization_id and user.role in REVIEWING_ROLES)
