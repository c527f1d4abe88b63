"""Every user-visible query of protected identities (the permission surface; rules.py decides). An identity, its
protection requests and the body's lists are for the keeping body's custodians only: anyone else gets None
(404). Lists are keyset pages, newest first (on the (organization, id) indexes)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from phoihop.accounts.models import User
from phoihop.common.keyset import BadCursor, Page
from phoihop.formats.vi.collation import sorted_vi

from . import rules
from .models import Custodian, Identity, ProtectionRequest

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer

__all__ = [
    "PAGE_SIZE",
    "custodian_for",
    "custodians_of",
    "identity_for",
    "identity_page",
    "members_for_designation",
    "protection_for",
    "protection_page",
    "protection_requests_of",
]

PAGE_SIZE = 50


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode()


def _decode(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeError) as exc:
        raise BadCursor(cursor) from exc


def _page(qs: QuerySet[Identity] | QuerySet[ProtectionRequest], cursor: str | None, size: int) -> Page[Any]:
    if cursor:
        qs = qs.filter(pk__lt=_decode(cursor))
    rows = list(qs.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _encode(rows[-1].pk) if more and rows else None, None)


def identity_page(
    user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE, *, custodian: bool | None = None
) -> Page[Identity]:
    """The identities the user's body keeps, newest first, for its custodians (an empty page for anyone else):
    the custodian check (one query unless the caller passes it) and one query of size + 1 rows. No token is read."""
    org = _org(user)
    if org is None or not (custodian if custodian is not None else rules.is_custodian(user, org)):
        return Page([], None, None)
    qs = Identity.objects.filter(organization_id=org).only("id", "handle", "metadata_only", "created_at")
    return _page(qs, cursor, size)


def identity_for(user: Viewer, pk: int) -> Identity | None:
    """One identity by id if the user is a custodian of the body keeping it (two indexed queries)."""
    if _org(user) is None:
        return None
    identity = Identity.objects.filter(pk=pk).first()
    if identity is None or not rules.is_custodian(user, identity.organization_id):
        return None
    return identity


def protection_requests_of(identity: Identity) -> QuerySet[ProtectionRequest]:
    return ProtectionRequest.objects.filter(identity=identity).order_by("-pk")


def protection_for(user: Viewer, pk: int) -> ProtectionRequest | None:
    """One protection request by id if the user is a custodian of its body."""
    if _org(user) is None:
        return None
    row = ProtectionRequest.objects.select_related("identity").filter(pk=pk).first()
    if row is None or not rules.is_custodian(user, row.organization_id):
        return None
    return row


def protection_page(
    user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE, *, custodian: bool | None = None
) -> Page[ProtectionRequest]:
    """The body's protection requests, newest first, for its custodians (empty for anyone else)."""
    org = _org(user)
    if org is None or not (custodian if custodian is not None else rules.is_custodian(user, org)):
        return Page([], None, None)
    qs = ProtectionRequest.objects.filter(organization_id=org).select_related("identity")
    return _page(qs, cursor, size)


def custodians_of(user: Viewer) -> list[Custodian]:
    """The custodians (current and past) of the user's body, in Vietnamese order of their names: for its
    leaders and org admins (empty for anyone else)."""
    org = _org(user)
    if org is None or not rules.manages_custodians(user):
        return []
    rows = Custodian.objects.filter(organization_id=org).select_related("user", "designated_by")
    return sorted_vi(rows, key=lambda c: str(c.user))


def custodian_for(user: Viewer, pk: int) -> Custodian | None:
    """One designation by id if the user manages its body's custodians."""
    row = Custodian.objects.select_related("user").filter(pk=pk).first()
    if row is None or not rules.manages_custodians(user, row.organization_id):
        return None
    return row


def members_for_designation(user: Viewer) -> list[User]:
    """The active members of the user's body a leader may designate, in Vietnamese order of their names."""
    org = _org(user)
    if org is None or not rules.manages_custodians(user):
        return []
    rows = User.objects.filter(organization_id=org, is_active=True).only(
        "id", "username", "full_name", "organization_id"
    )
    return sorted_vi(rows, key=lambda u: str(u))


def member_by_id(user: Viewer, pk: int | None) -> User | None:
    """A member of the user's body named by id in a form or an API call (None: none, or not a member)."""
    org = _org(user)
    if org is None or pk is None:
        return None
    return User.objects.filter(pk=pk, organization_id=org).first()
