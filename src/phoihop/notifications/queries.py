"""Who sees which notifications. No page lists them yet (the workplace issue builds it)."""

from __future__ import annotations

from django.db.models import QuerySet

from phoihop.accounts.types import Viewer

from .models import Notification


def visible_to(user: Viewer) -> QuerySet[Notification]:
    """A user sees only their own notifications."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)
