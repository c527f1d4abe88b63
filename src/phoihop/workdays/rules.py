"""Who may do what with the calendar."""

from __future__ import annotations

from phoihop.common.types import UserLike


def can_view_calendar(user: UserLike) -> bool:
    """Any signed-in user reads the calendar and its overrides."""
    return bool(getattr(user, "is_authenticated", False))


def can_change_calendar(user: UserLike) -> bool:
    """Only superusers add, change or remove overrides (they change every deadline in the system)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))
