"""The types of our users in signatures: never `Any` for a user (mypy runs strict on src/).

- `Actor`: the signed-in user of ours who performs a domain action (the actor of its audit event). A view
  behind `login_required` (or DRF's IsAuthenticated) passes `signed_in(request.user)`; elsewhere, checking
  `user.is_authenticated` narrows a Viewer to an Actor.
- `Viewer`: whoever a visibility query (`queries.visible_to`) or a permission rule is asked about:
  `request.user` as it comes, possibly an anonymous visitor (the rules refuse them).

Nothing of ours is imported at runtime, so any module of ours may import these names without a cycle.
The apps below accounts (common, audit, scheduler, workdays) may not import accounts: they use
`phoihop.common.types.UserLike` (Django's own user types) instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

Actor: TypeAlias = "User"
Viewer: TypeAlias = "User | AnonymousUser"


def signed_in(user: Viewer) -> Actor:
    """`request.user` of a view that only signed-in users reach (`login_required`, DRF's IsAuthenticated), as the
    Actor it is. An anonymous visitor never gets that far; if one did, it would be refused (403)."""
    if not user.is_authenticated:
        raise PermissionDenied
    return user


__all__ = ["Actor", "Viewer", "signed_in"]
