"""Who may do what with protected identities (issue 13, point 5).

Reading an identity, its page and its protection requests: the custodians the keeping body designates (one
query: `is_custodian`, whose signature other domains rely on). Designating and ending custodians: the body's
leaders and organisation administrators (predicates, no query). Nobody else sees anything (404)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.accounts.types import Viewer

from .models import Custodian

MANAGING_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.ORG_ADMIN})
MIN_REASON = 10


def is_custodian(viewer: Viewer, organization_id: int, on: dt.date | None = None) -> bool:
    """Whether `viewer` is a custodian of `organization_id`'s identities today (one query)."""
    if not viewer.is_authenticated or getattr(viewer, "organization_id", None) != organization_id:
        return False
    if not viewer.is_active:
        return False
    day = on or timezone.localdate()
    return (
        Custodian.objects.filter(organization_id=organization_id, user_id=viewer.pk, designated_on__lte=day)
        .exclude(ended_on__lte=day)
        .exists()
    )


def manages_custodians(viewer: Viewer, organization_id: int | None = None) -> bool:
    """A leader or an org admin of the body (of `organization_id` when given) designates and ends custodians."""
    if not viewer.is_authenticated or viewer.organization_id is None or viewer.role not in MANAGING_ROLES:
        return False
    return organization_id is None or viewer.organization_id == organization_id


def custodian_active(custodian: Custodian, on: dt.date | None = None) -> bool:
    day = on or timezone.localdate()
    return custodian.designated_on <= day and (custodian.ended_on is None or custodian.ended_on > day)
