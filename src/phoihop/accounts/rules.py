"""Permission predicates on users."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User


def can_manage_user(actor: User, target: User) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return bool(
        actor.is_org_admin and actor.organization_id and actor.organization_id == target.organization_id
    )
