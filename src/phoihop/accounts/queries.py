"""Permission-scoped accessor for users."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import User


def visible_to(user: User) -> QuerySet[User]:
    """Colleagues of the same organisation; everyone for a system administrator."""
    if not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.select_related("organization")
    if not user.organization_id:
        return User.objects.filter(pk=user.pk)
    return User.objects.filter(organization_id=user.organization_id).select_related("organization")
