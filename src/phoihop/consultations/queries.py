"""Permission-scoped accessors for coordination requests and deliveries; due(now) for the sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.common.clock import local_date

from .enums import ANSWERABLE_STATES
from .models import CoordinationRequest, Delivery


def visible_to(user: Any) -> QuerySet[CoordinationRequest]:
    """Requests a user's organisation sent, received (once sent) or must rule on. Outsiders see nothing."""
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    org = user.organization_id
    # A recipient sees a request only once it was signed and sent (a draft withdrawn unsent stays hidden).
    received = Q(deliveries__recipient_id=org, sent_at__isnull=False)
    ruling = Q(escalation__authority_id=org)
    ids = CoordinationRequest.objects.filter(Q(sender_id=org) | received | ruling).values("pk")
    return CoordinationRequest.objects.filter(pk__in=ids)


def deliveries_visible_to(user: Any) -> QuerySet[Delivery]:
    """Deliveries of the requests visible to the user."""
    return Delivery.objects.filter(request__in=visible_to(user).values("pk"))


def inbox(user: Any) -> QuerySet[Delivery]:
    """Deliveries addressed to the user's organisation (sent requests only), newest first."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(recipient_id=user.organization_id)
        .filter(request__sent_at__isnull=False)
        .select_related("request", "request__sender", "request__regulation")
        .order_by("deadline", "-request__sent_at", "pk")
    )


def outbox(user: Any) -> QuerySet[CoordinationRequest]:
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    return (
        CoordinationRequest.objects.filter(sender_id=user.organization_id)
        .select_related("regulation", "created_by")
        .order_by("-created_at", "-pk")
    )


def due(now: dt.datetime) -> QuerySet[Delivery]:
    """Open deliveries whose deadline day has ended (indexed on state, deadline)."""
    return Delivery.objects.filter(state__in=ANSWERABLE_STATES, deadline__lt=local_date(now))
