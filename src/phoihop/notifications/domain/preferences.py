"""A user's choice of e-mail for notifications (accounts.User.email_notifications)."""

from __future__ import annotations

from django.db import transaction

from phoihop.accounts.models import EmailNotifications, User
from phoihop.accounts.types import Actor
from phoihop.common.errors import DomainError

from ..models import Notification


def set_email_notifications(user: Actor, value: str) -> bool:
    """Set how the user gets notifications by e-mail: at once, in one digest a working day, or not at all.
    Leaving the digest drops the notifications still waiting for it (they stay in the list; "off" means no
    e-mail, "immediate" starts with the next notification). Returns whether the choice changed."""
    if value not in EmailNotifications.values:
        raise DomainError(
            "Hãy chọn một cách nhận thư thông báo trong danh sách.",
            code="invalid",
            field="email_notifications",
        )
    if user.email_notifications == value:
        return False
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(email_notifications=value)
        if value != EmailNotifications.DIGEST:
            Notification.objects.filter(user_id=user.pk, digest_due=True).update(digest_due=False)
    user.email_notifications = value
    return True
