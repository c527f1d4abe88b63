from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def visible_to(user: Any) -> QuerySet[Notification]:
    """A user sees only their own notifications."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user: Any) -> int:
    return visible_to(user).filter(read_at__isnull=True).count()
