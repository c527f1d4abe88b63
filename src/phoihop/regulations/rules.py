"""Who may do what with regulations."""

from __future__ import annotations

from typing import Any


def can_view_regulations(user: Any) -> bool:
    """Any signed-in user reads every regulation (they are the shared rules of coordination)."""
    return bool(getattr(user, "is_authenticated", False))


def can_load_regulations(user: Any) -> bool:
    """Only superusers (or the load_regulations command) load new versions."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))
