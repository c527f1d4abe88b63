"""Permission-scoped accessor for users, and whom a notice goes to."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import QuerySet

from .models import User
from .types import Viewer


def visible_to(user: Viewer) -> QuerySet[User]:
    """Colleagues of the same organisation; everyone for a system administrator."""
    if not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.select_related("organization")
    if not user.organization_id:
        return User.objects.filter(pk=user.pk)
    return User.objects.filter(organization_id=user.organization_id).select_related("organization")


def users_of(orgs: Iterable[models.Model], roles: Iterable[str] | None = None) -> list[User]:
    """The active users of these organisations (only those with one of `roles`, when given), by pk: whom a
    notice about these bodies goes to. One query."""
    qs = User.objects.filter(organization__in=list(orgs), is_active=True)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return list(qs.order_by("pk"))
