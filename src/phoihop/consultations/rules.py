"""Permission predicates for coordination requests (no queries beyond the objects given)."""

from __future__ import annotations

from typing import Any

from phoihop.accounts.enums import DRAFTING_ROLES, Role

ANSWERING_ROLES = {Role.SPECIALIST, Role.LEADER}


def _member(user: Any, organization_id: int | None) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.organization_id == organization_id)


def can_draft(user: Any) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.role in DRAFTING_ROLES)


def is_sender_member(user: Any, request: Any) -> bool:
    return _member(user, request.sender_id)


def can_approve(user: Any, request: Any) -> bool:
    """Only a leader of the sender approves, signs and sends (and withdraws, closes, escalates)."""
    return is_sender_member(user, request) and user.role == Role.LEADER


def is_recipient_member(user: Any, delivery: Any) -> bool:
    return _member(user, delivery.recipient_id)


def can_answer(user: Any, delivery: Any) -> bool:
    """A specialist or leader of the recipient answers; a clerk of either side records a paper answer."""
    if is_recipient_member(user, delivery) and user.role in ANSWERING_ROLES:
        return True
    return can_record_paper(user, delivery)


def can_record_paper(user: Any, delivery: Any) -> bool:
    if delivery.channel != "paper" or user.role != Role.CLERK:
        return False
    return is_recipient_member(user, delivery) or _member(user, delivery.request.sender_id)


def can_rule(user: Any, escalation: Any) -> bool:
    return _member(user, escalation.authority_id) and user.role == Role.LEADER
