"""Who may do what in the officials registry: predicates on loaded objects, no queries.

- See a record (queries.visible_to / official_for): the official's workplace, their managing body, a body that
  supervises them (002 III.2), and the bodies a registered Involvement says work on information or a case about
  them (officials.involvement).
- Edit a record: leaders, specialists and org admins (enums.EDITING_ROLES) of the managing body. A new record
  is registered by such a user with their own body as the managing body.
- Assign or end a supervision: the same roles of Ban Tổ chức or of the Front (002 III.1: the list is built by
  Ban Tổ chức with the Front)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from phoihop.accounts.types import Viewer

from .enums import EDITING_ROLES, FRONT_KINDS, LIST_BUILDER_KINDS

if TYPE_CHECKING:
    from phoihop.accounts.types import Actor
    from phoihop.organizations.models import Organization

    from .models import Official

__all__ = [
    "OfficialPermissions",
    "can_assign_supervision",
    "can_edit",
    "can_register",
    "official_permissions",
    "sees_directly",
]


def _editor(user: Viewer) -> TypeGuard[Actor]:
    return bool(user.is_authenticated and user.organization_id and user.role in EDITING_ROLES)


def can_register(user: Viewer) -> TypeGuard[Actor]:
    """May register a new official (managed by the user's own body)."""
    return _editor(user)


def can_edit(user: Viewer, official: Official) -> TypeGuard[Actor]:
    """May change an official's record: an editor of the managing body."""
    return (
        _editor(user)
        and official.managing_body_id is not None
        and user.organization_id == official.managing_body_id
    )


def sees_directly(user: Viewer, official: Official) -> bool:
    """The official's workplace or managing body (the rest of the audience needs a query: queries.official_for)."""
    if not user.is_authenticated or not user.organization_id:
        return False
    return user.organization_id in (official.workplace_id, official.managing_body_id)


def builds_lists(organization: Organization | None) -> bool:
    """Ban Tổ chức (002 III.1)."""
    return organization is not None and organization.kind in LIST_BUILDER_KINDS


def is_front(organization: Organization | None) -> bool:
    return organization is not None and organization.kind in FRONT_KINDS


def can_assign_supervision(user: Viewer) -> TypeGuard[Actor]:
    """Ban Tổ chức and the Front build the supervision lists (002 III.1)."""
    if not _editor(user):
        return False
    organization = user.organization
    return builds_lists(organization) or is_front(organization)


@dataclass(frozen=True)
class OfficialPermissions:
    """What a page and the API offer on one official (the same answer for both)."""

    edit: bool
    assign_supervision: bool


def official_permissions(user: Viewer, official: Official) -> OfficialPermissions:
    return OfficialPermissions(edit=can_edit(user, official), assign_supervision=can_assign_supervision(user))
