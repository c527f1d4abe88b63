"""What a user may do: their role and their organisation change only through these functions, which validate
the change (a Vietnamese DomainError) and write its audit event in the same transaction.

    check_role(actor, user, role)            # raises DomainError; what a form's clean() calls
    change_role(actor, user, role)           # validates, saves `role` only, records; False when unchanged
    check_move(actor, user, organization)
    move_user(actor, user, organization)     # the same for the user's organisation

Both save with `update_fields`, so the accounts signals see the change: the user's API tokens are revoked and
their sessions end (User.get_session_auth_hash).

The organisation is typed by what is read of it (OrganizationLike): accounts sits below organizations in the
import layers (pyproject.toml, import-linter) and never imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from phoihop.audit.domain import change_field, stored
from phoihop.common.errors import DomainError, NotAllowed

from ..enums import Role
from ..rules import can_manage_user
from ..types import Actor

if TYPE_CHECKING:
    from ..models import User

EMPTY = "(trống)"


class OrganizationLike(Protocol):
    pk: Any
    dissolved_on: dt.date | None


# --- checks (no writes) ---------------------------------------------------------------------------------


def check_role(actor: Actor, user: User, role: str) -> None:
    """Raise DomainError (field "role") unless `actor` may give `user` this role."""
    if role not in Role.values:
        raise DomainError(f"Vai trò “{role}” không hợp lệ.", field="role")
    if not can_manage_user(actor, user):
        raise NotAllowed("Bạn không có quyền đổi vai trò của người dùng này.", field="role")
    if Role.SYSTEM_ADMIN in (role, stored(user, "role")) and not actor.is_superuser:
        raise NotAllowed("Chỉ siêu quản trị mới được trao hoặc bỏ vai trò Quản trị hệ thống.", field="role")


def check_move(actor: Actor, user: User, organization: OrganizationLike | None) -> None:
    """Raise DomainError (field "organization") unless `actor` may move `user` into `organization`."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_superuser:
        raise NotAllowed(
            "Chỉ siêu quản trị mới được chuyển người dùng sang tổ chức khác.", field="organization"
        )
    today = timezone.localdate()
    if (
        organization is not None
        and organization.dissolved_on is not None
        and organization.dissolved_on <= today
    ):
        raise DomainError(
            f"Tổ chức “{organization}” đã giải thể từ ngày {organization.dissolved_on:%d/%m/%Y}: "
            "không chuyển người dùng vào đó.",
            field="organization",
        )


# --- actions --------------------------------------------------------------------------------------------


def change_role(actor: Actor, user: User, role: str, *, via: str = "") -> bool:
    """Give `user` the role `role` (validated, saved, audited in one transaction). False when it already was
    their role (nothing written). `via` ("admin") is kept in the event's data."""
    return change_field(
        actor,
        user,
        "role",
        role,
        check=lambda: check_role(actor, user, role),
        describe=lambda old: f"Đổi vai trò của người dùng “{user}”: {_role_label(old)} → {_role_label(role)}",
        via=via,
    )


def move_user(actor: Actor, user: User, organization: OrganizationLike | None, *, via: str = "") -> bool:
    """Move `user` into `organization` (None: no organisation), validated, saved and audited in one
    transaction. False when they already were there (nothing written)."""

    def describe(old: int | None) -> str:
        old_name = stored(user, "organization__name") or EMPTY
        return f"Chuyển người dùng “{user}” sang tổ chức khác: {old_name} → {organization or EMPTY}"

    check = lambda: check_move(actor, user, organization)  # noqa: E731
    return change_field(actor, user, "organization", organization, check=check, describe=describe, via=via)


# --- helpers --------------------------------------------------------------------------------------------


def _role_label(role: str | None) -> str:
    return str(Role(role).label) if role in Role.values else (role or EMPTY)
