"""Permission predicates on users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .enums import TWO_FACTOR_ROLES
from .types import Viewer

if TYPE_CHECKING:
    from .models import User


def can_manage_user(actor: Viewer, target: User) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return bool(
        actor.is_org_admin and actor.organization_id and actor.organization_id == target.organization_id
    )


def requires_two_factor(user: Viewer) -> bool:
    """Leaders, organisation admins, system administrators, superusers and staff must pass a TOTP step."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or user.role in TWO_FACTOR_ROLES)
