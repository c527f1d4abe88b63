"""Who may import officials and supervision lists from .xlsx (issue 12, points 1 and 4): predicates on loaded
objects, no queries beyond the user's own organisation.

- The officials registry: the leaders and specialists of a Ban Tổ chức (organisation board: it keeps the
  registry of officials under the managing bodies), for any workplace; and the administrators of an
  organisation (org admins), for the officials working in their own organisation only.
- A supervision list (002 III.1–2, "built with Ban Tổ chức"): the leaders and specialists of a Ban Tổ chức,
  for any supervising organisation; and those of the Front (Ủy ban MTTQ), for the Front itself and the
  organisations directly under it (the socio-political organisations that supervise with it).
"""

from __future__ import annotations

from phoihop.accounts.enums import Role
from phoihop.accounts.types import Viewer
from phoihop.organizations.enums import OrganizationKind
from phoihop.organizations.models import Organization

__all__ = [
    "may_assign_supervisor",
    "may_import",
    "may_import_officials",
    "may_import_supervision",
    "may_place_official",
]

WORKING_ROLES = (Role.LEADER, Role.SPECIALIST)
BOARD = OrganizationKind.ORGANIZATION_BOARD
FRONT = OrganizationKind.FATHERLAND_FRONT


def _body(user: Viewer) -> Organization | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return user.organization


def _role(user: Viewer) -> str:
    return str(user.role) if user.is_authenticated else ""


def _works_in(user: Viewer, kind: str) -> bool:
    body = _body(user)
    return body is not None and body.kind == kind and _role(user) in WORKING_ROLES


def may_import_officials(user: Viewer) -> bool:
    body = _body(user)
    return body is not None and (_works_in(user, BOARD) or _role(user) == Role.ORG_ADMIN)


def may_import_supervision(user: Viewer) -> bool:
    return _works_in(user, BOARD) or _works_in(user, FRONT)


def may_import(user: Viewer) -> bool:
    """Whether the import page opens for the user (either list)."""
    return may_import_officials(user) or may_import_supervision(user)


def may_place_official(user: Viewer, workplace: Organization) -> bool:
    """Whether the user may import an official working at `workplace`."""
    body = _body(user)
    if body is None:
        return False
    if _works_in(user, BOARD):
        return True
    return _role(user) == Role.ORG_ADMIN and workplace.pk == body.pk


def may_assign_supervisor(user: Viewer, supervisor: Organization) -> bool:
    """Whether the user may list officials for `supervisor` to supervise."""
    body = _body(user)
    if body is None:
        return False
    if _works_in(user, BOARD):
        return True
    return _works_in(user, FRONT) and (supervisor.pk == body.pk or supervisor.superior_id == body.pk)
