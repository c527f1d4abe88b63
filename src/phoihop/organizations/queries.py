"""Permission-scoped accessors for organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Organization

if TYPE_CHECKING:
    from phoihop.accounts.models import User


def visible_to(user: User) -> QuerySet[Organization]:
    """Organisations are a public directory for every signed-in user; anonymous users see none."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.select_related("superior")


def administered_by(user: User) -> QuerySet[Organization]:
    """Organisations whose users and data this user may administer."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    if user.is_org_admin and user.organization_id:
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.none()
