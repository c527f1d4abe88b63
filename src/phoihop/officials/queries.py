"""Every user-visible query of the officials registry (the permission surface; rules.py decides)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import SupervisionAssignment

__all__ = ["supervised_by"]


def supervised_by(organization_id: int, start: dt.date, end: dt.date) -> QuerySet[SupervisionAssignment]:
    """The officials an organisation supervised at some time between `start` and `end` (002 III.2, IV.3), each
    with its official and workplace, in the official's alphabetical order."""
    return (
        SupervisionAssignment.objects.filter(supervisor_id=organization_id, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("official", "official__workplace")
        .order_by("official__name_key", "official_id")
    )
