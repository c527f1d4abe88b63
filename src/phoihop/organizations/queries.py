"""Permission-scoped accessors for organisations, and walks up the organisation tree (ancestors, distance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Organization

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer


def visible_to(user: Viewer) -> QuerySet[Organization]:
    """Organisations are a public directory for every signed-in user; anonymous users see none."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.select_related("superior")


def administered_by(user: Viewer) -> QuerySet[Organization]:
    """Organisations whose users and data this user may administer."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    if user.is_org_admin and user.organization_id:
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.none()


def ancestors(org: Organization | None) -> list[int]:
    """The organisation's id, then its superior's, up to the top of the tree."""
    chain: list[int] = []
    seen: set[int] = set()
    while org is not None and org.pk not in seen:
        chain.append(org.pk)
        seen.add(org.pk)
        org = org.superior
    return chain


def hierarchy_distance(body_chain: list[int], candidate: Organization) -> int:
    """How far up `body_chain` (a body's ancestors()) the first superior it shares with `candidate` is; one past
    the top when they share none. The nearest authority or lead body is the candidate with the least."""
    theirs = set(ancestors(candidate))
    common = [i for i, pk in enumerate(body_chain) if pk in theirs]
    return common[0] if common else len(body_chain) + 1
