"""Who to notify about a slot, and where its page is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from phoihop.organizations.models import Organization


def users_of(orgs: Iterable[Organization], roles: Iterable[str] | None = None) -> list[Any]:
    from phoihop.accounts.models import User

    qs = User.objects.filter(organization__in=list(orgs), is_active=True)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return list(qs.order_by("pk"))


def slot_url(slot: Any) -> str:
    return f"/bao-cao/{slot.pk}/"
