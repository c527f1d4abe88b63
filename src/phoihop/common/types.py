"""A user for the apps below accounts (common, audit, scheduler, workdays), which may not import our User model
(import-linter contracts): Django's own user types. Apps above accounts use `phoihop.accounts.types` (`Actor`,
`Viewer`), whose User is an `AbstractUser`, so both fit here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

UserLike: TypeAlias = "AbstractUser | AnonymousUser"

__all__ = ["UserLike"]
