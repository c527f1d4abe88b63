"""The bodies a personnel consultation involves may see the official it names (issue 12, part 1: "bodies working
on ... about them"): its sender, and its recipients once it was sent (officials/involvement.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.officials.involvement import Involvement, involvement

from .models import CoordinationRequest, Delivery


def _about_officials(organization_id: int) -> QuerySet[Any]:
    received = Exists(Delivery.objects.filter(request_id=OuterRef("pk"), recipient_id=organization_id))
    return (
        CoordinationRequest.objects.filter(official_id__isnull=False)
        .filter(Q(sender_id=organization_id) | Q(received, sent_at__isnull=False))
        .values("official_id")
    )


def _involves(official_id: int, organization_id: int) -> bool:
    received = Exists(Delivery.objects.filter(request_id=OuterRef("pk"), recipient_id=organization_id))
    return (
        CoordinationRequest.objects.filter(official_id=official_id)
        .filter(Q(sender_id=organization_id) | Q(received, sent_at__isnull=False))
        .exists()
    )


involvement.add("consultations.personnel", Involvement(officials_of=_about_officials, involves=_involves))
