"""Permission-scoped accessors for coordination requests and deliveries; due(now) for the sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from phoihop.common.clock import local_date

from .enums import ANSWERABLE_STATES, OPEN_DELIVERY_STATES
from .models import CoordinationRequest, Delivery, Escalation

# A regulation row carries its full text and source data (tens of KB): lists that show a request with its
# regulation never load those columns (measured in bench/: the outbox of a busy body went from 9 s to 0.1 s).
REGULATION_HEAVY = ("full_text", "data", "context_note", "derivation_note")


def light_regulation(prefix: str) -> list[str]:
    """Field paths to defer() when a list select_related()s a regulation through `prefix`."""
    return [f"{prefix}{name}" for name in REGULATION_HEAVY]


def visible_to(user: Any) -> QuerySet[CoordinationRequest]:
    """Requests a user's organisation sent, received (once sent) or must rule on. Outsiders see nothing."""
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    org = user.organization_id
    # A recipient sees a request only once it was signed and sent (a draft withdrawn unsent stays hidden).
    # Three indexed lookups (sender; recipient's deliveries; escalations to it) instead of one OR over joins.
    received = Q(pk__in=Delivery.objects.filter(recipient_id=org).values("request_id"), sent_at__isnull=False)
    ruling = Q(pk__in=Escalation.objects.filter(Q(authority_id=org) | Q(via_id=org)).values("request_id"))
    return CoordinationRequest.objects.filter(Q(sender_id=org) | received | ruling)


def deliveries_visible_to(user: Any) -> QuerySet[Delivery]:
    """Deliveries of the requests visible to the user."""
    return Delivery.objects.filter(request__in=visible_to(user).values("pk"))


def inbox(user: Any) -> QuerySet[Delivery]:
    """Deliveries addressed to the user's organisation (sent requests only), newest first."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return _inbox_base(user).order_by(
        Case(
            When(state__in=OPEN_DELIVERY_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        Case(When(state__in=OPEN_DELIVERY_STATES, then=F("deadline"))).asc(nulls_last=True),
        "-pk",
    )


def _inbox_base(user: Any) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(recipient_id=user.organization_id, request__sent_at__isnull=False)
        .select_related("request", "request__sender", "request__regulation")
        .defer(*light_regulation("request__regulation__"))
    )


def inbox_open(user: Any) -> QuerySet[Delivery]:
    """Copies still to handle (not yet received, received, extension notified), nearest deadline first; those
    without a deadline (a notice, a paper copy not yet registered) after them."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    # "no deadline last" as an explicit first key (not NULLS LAST), the same on SQLite and PostgreSQL; it lets
    # the planner take the (recipient, state) index and sort only the open copies (bench/: 110 ms -> 35 ms).
    no_deadline = Case(
        When(deadline__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        _inbox_base(user)
        .filter(state__in=OPEN_DELIVERY_STATES)
        .alias(no_deadline=no_deadline)
        .order_by("no_deadline", "deadline", "pk")
    )


def inbox_done(user: Any) -> QuerySet[Delivery]:
    """Copies already answered, deemed consented or withdrawn, newest first."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return _inbox_base(user).exclude(state__in=OPEN_DELIVERY_STATES).order_by("-pk")


def outbox(user: Any) -> QuerySet[CoordinationRequest]:
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    return (
        CoordinationRequest.objects.filter(sender_id=user.organization_id)
        .select_related("regulation", "created_by")
        .defer(*light_regulation("regulation__"))
        .order_by("-created_at", "-pk")
    )


def due(now: dt.datetime) -> QuerySet[Delivery]:
    """Open deliveries whose deadline day has ended and that were not flagged overdue yet (indexed on state,
    deadline): an overdue copy stays open for a late answer without being read by every later sweep."""
    return Delivery.objects.filter(state__in=ANSWERABLE_STATES, deadline__lt=local_date(now), overdue=False)


def positions_shown(
    positions: list[dict[str, Any]], *, sees_all: bool, organization_ids: set[int]
) -> list[dict[str, Any]]:
    """An escalation's recorded positions a viewer may read: all of them for the sender and the authority,
    otherwise only those of the viewer's own bodies — matched by organisation id, never by a display name (a
    body renamed to another recipient's name must not read that recipient's answer). Positions recorded before
    ids were kept have none and are shown to no partial viewer."""
    if sees_all:
        return list(positions)
    return [p for p in positions if p.get("recipient_id") in organization_ids]
