"""Who may read a protected identity: the custodians the keeping body designates (issue 13, point 5).
SKELETON: the identities part may extend it; the signature stays."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.accounts.types import Viewer

from .models import Custodian


def is_custodian(viewer: Viewer, organization_id: int, on: dt.date | None = None) -> bool:
    """Whether `viewer` is a custodian of `organization_id`'s identities today (one query)."""
    if not viewer.is_authenticated or getattr(viewer, "organization_id", None) != organization_id:
        return False
    day = on or timezone.localdate()
    return (
        Custodian.objects.filter(organization_id=organization_id, user_id=viewer.pk, designated_on__lte=day)
        .exclude(ended_on__lte=day)
        .exists()
    )
