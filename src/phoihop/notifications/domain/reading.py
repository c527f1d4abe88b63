"""Marking notifications read. Reading is not a state of a legal object: no state machine and no audit event
(a notification is the user's own message, not a document), but each change is one conditional UPDATE
(`WHERE read_at IS NULL`), so that the first time a notification was read is kept and racing clicks are
harmless."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.accounts.types import Actor

from ..models import Notification


def mark_read(user: Actor, notification: Notification, now: dt.datetime | None = None) -> bool:
    """Mark one of the user's notifications read (the caller found it with queries.notification_for). Returns
    whether it was unread. A notification of another user is never touched."""
    now = now or timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, user_id=user.pk, read_at__isnull=True).update(
        read_at=now
    )
    if changed:
        notification.read_at = now
    return bool(changed)


def mark_all_read(user: Actor, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of the user read, in one UPDATE on the (user, read_at) index. Returns how
    many were unread."""
    now = now or timezone.now()
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=now)
