"""Permission predicates on users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .enums import TWO_FACTOR_ROLES

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


def requires_two_factor(user: Any) -> bool:
    """Leaders, organisation admins, system administrators, superusers and staff must pass a TOTP step."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.role in TWO_FACTOR_ROLES)
