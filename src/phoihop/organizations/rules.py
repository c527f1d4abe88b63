"""Permission predicates for organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer

    from .models import Organization


def can_administer(user: Viewer, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_org_admin and user.organization_id == organization.pk)


def can_see_members(user: Viewer, organization: Organization) -> bool:
    """Who may see a body's members by role in the directory: a system administrator (every body), the body's
    own administrator (its body only)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_system_admin or can_administer(user, organization))
