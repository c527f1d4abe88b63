from typing import Any


def can_read(user: Any, notification: Any) -> bool:
    return bool(user.is_authenticated and notification.user_id == user.pk)
