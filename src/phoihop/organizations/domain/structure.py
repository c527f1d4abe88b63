"""The place of an organisation in the province: its superior, its kind and its dissolution change only through
these functions, which validate the change (a Vietnamese DomainError) and write its audit event in the same
transaction. Only a superuser changes them (the admin shows them read-only to an organisation admin).

    check_superior(actor, org, parent)        # raises DomainError; what a form's clean() calls
    set_superior(actor, org, parent)          # validates, saves `superior` only, records; False when unchanged
    check_kind(actor, org, kind) / change_kind(actor, org, kind)
    check_dissolution(actor, org, on_date) / dissolve(actor, org, on_date)   # on_date None: not dissolved
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from phoihop.accounts.types import Actor
from phoihop.audit.domain import change_field, stored
from phoihop.common.errors import DomainError, NotAllowed

from ..enums import OrganizationKind
from ..models import Organization

if TYPE_CHECKING:
    pass

EMPTY = "(trống)"
_UNSET: Any = object()


# --- checks (no writes) ---------------------------------------------------------------------------------


def _check_actor(actor: Actor, field: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_superuser:
        raise NotAllowed(
            "Chỉ siêu quản trị mới được đổi vị trí, loại hoặc ngày giải thể của tổ chức.", field=field
        )


def check_superior(actor: Actor, org: Organization, parent: Organization | None) -> None:
    """Raise DomainError (field "superior") unless `parent` may become the superior of `org`: never the
    organisation itself nor one of the bodies under it (a loop of superiors)."""
    _check_actor(actor, "superior")
    if parent is None or org.pk is None:
        return
    if parent.pk == org.pk:
        raise DomainError(f"Tổ chức “{org}” không thể là cơ quan cấp trên của chính nó.", field="superior")
    if org.pk in _ancestor_ids(parent):
        raise DomainError(
            f"Không thể đặt “{parent}” làm cơ quan cấp trên của “{org}”: “{parent}” đang trực thuộc “{org}” "
            "(vòng lặp cấp trên).",
            field="superior",
        )


def check_kind(actor: Actor, org: Organization, kind: str) -> None:
    _check_actor(actor, "kind")
    if kind not in OrganizationKind.values:
        raise DomainError(f"Loại tổ chức “{kind}” không hợp lệ.", field="kind")


def check_dissolution(
    actor: Actor, org: Organization, on_date: dt.date | None, *, established_on: Any = _UNSET
) -> None:
    """Raise DomainError (field "dissolved_on") unless `org` may be dissolved from `on_date` (None: not
    dissolved). `established_on`: the establishment date it will have, when a form changes it too."""
    _check_actor(actor, "dissolved_on")
    start = org.established_on if established_on is _UNSET else established_on
    if on_date is not None and start is not None and on_date <= start:
        raise DomainError(
            f"Ngày giải thể ({on_date:%d/%m/%Y}) phải sau ngày thành lập ({start:%d/%m/%Y}).",
            field="dissolved_on",
        )


# --- actions --------------------------------------------------------------------------------------------


def set_superior(actor: Actor, org: Organization, parent: Organization | None, *, via: str = "") -> bool:
    """Place `org` under `parent` (None: a root). False when it already was there (nothing written)."""

    def describe(old: int | None) -> str:
        old_name = stored(org, "superior__name") or EMPTY
        return f"Đổi cơ quan cấp trên của tổ chức “{org}”: {old_name} → {parent or EMPTY}"

    return change_field(
        actor,
        org,
        "superior",
        parent,
        check=lambda: check_superior(actor, org, parent),
        describe=describe,
        via=via,
    )


def change_kind(actor: Actor, org: Organization, kind: str, *, via: str = "") -> bool:
    """Give `org` the kind `kind`. False when it already had it (nothing written)."""
    return change_field(
        actor,
        org,
        "kind",
        kind,
        check=lambda: check_kind(actor, org, kind),
        describe=lambda old: f"Đổi loại của tổ chức “{org}”: {_kind_label(old)} → {_kind_label(kind)}",
        via=via,
    )


def dissolve(actor: Actor, org: Organization, on_date: dt.date | None, *, via: str = "") -> bool:
    """Record that `org` is dissolved from `on_date` (it is active until the day before), or, with None, that
    it is not dissolved. False when that was already recorded (nothing written)."""

    def describe(old: dt.date | None) -> str:
        if old is None:
            return f"Giải thể tổ chức “{org}” từ ngày {on_date:%d/%m/%Y}"
        if on_date is None:
            return f"Hủy ghi nhận giải thể tổ chức “{org}” (đã ghi giải thể từ ngày {old:%d/%m/%Y})"
        return f"Đổi ngày giải thể của tổ chức “{org}”: {old:%d/%m/%Y} → {on_date:%d/%m/%Y}"

    check = lambda: check_dissolution(actor, org, on_date)  # noqa: E731
    return change_field(actor, org, "dissolved_on", on_date, check=check, describe=describe, via=via)


# --- helpers --------------------------------------------------------------------------------------------


def _ancestor_ids(org: Organization) -> set[int]:
    """Primary keys of `org` and of every body above it (one query per level; stops on a stored loop)."""
    seen: set[int] = set()
    current: int | None = org.pk
    while current is not None and current not in seen:
        seen.add(current)
        current = Organization.objects.filter(pk=current).values_list("superior_id", flat=True).first()
    return seen


def _kind_label(kind: str | None) -> str:
    return str(OrganizationKind(kind).label) if kind in OrganizationKind.values else (kind or EMPTY)
