"""Signal receivers of the accounts app (connected in AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from . import sessions
from .models import User

_ACCESS_FIELDS = ("is_active", "role", "organization_id")


@receiver(user_logged_in, dispatch_uid="phoihop.accounts.start_session")
def start_session(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session)


@receiver(pre_save, sender=User, dispatch_uid="phoihop.accounts.note_access_change")
def note_access_change(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    """Before a save of an existing user: does it change what their credentials were granted for?"""
    instance._access_changed = False  # type: ignore[attr-defined]
    if instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not {"is_active", "role", "organization"} & set(update_fields):
        return  # e.g. last_login at each login: no query
    before = User.objects.filter(pk=instance.pk).values_list(*_ACCESS_FIELDS).first()
    instance._access_changed = before is not None and before != tuple(  # type: ignore[attr-defined]
        getattr(instance, f) for f in _ACCESS_FIELDS
    )


@receiver(post_save, sender=User, dispatch_uid="phoihop.accounts.revoke_api_tokens")
def revoke_api_tokens(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """Disabling a user or changing their role or organisation also revokes their API tokens (in the same
    transaction as the change). Their sessions end by themselves: see User.get_session_auth_hash."""
    if not created and getattr(instance, "_access_changed", False):
        Token.objects.filter(user=instance).delete()
        instance._access_changed = False  # type: ignore[attr-defined]
