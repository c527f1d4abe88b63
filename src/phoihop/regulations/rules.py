"""Who may do what with regulations."""

from __future__ import annotations

from phoihop.accounts.types import Viewer


def can_view_regulations(user: Viewer) -> bool:
    """Any signed-in user reads every regulation (they are the shared rules of coordination)."""
    return bool(getattr(user, "is_authenticated", False))
