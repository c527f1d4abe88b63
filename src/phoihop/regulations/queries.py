"""Reading regulations: current versions, one code's history, and which regulations bind whom."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .enums import PartyRole
from .models import Party, Regulation
from .rules import can_view_regulations

RULE_PREFETCHES = (
    "parties",
    "contents",
    "readings",
    "request_kind_rules",
    "meeting_rules",
    "reporting_obligations__indicators",
    "copy_to_duties",
    "monitoring_duties",
    "designation_duties",
    "evaluation_duties",
)


def with_rules(qs: QuerySet[Regulation]) -> QuerySet[Regulation]:
    """Every rule of each version, in a fixed number of queries whatever the number of versions."""
    return qs.select_related("consultation_rule").prefetch_related(*RULE_PREFETCHES)


def current() -> QuerySet[Regulation]:
    """The current version of every regulation (not superseded), by code."""
    return Regulation.objects.filter(superseded_by__isnull=True).order_by("code")


def current_version(code: str) -> Regulation | None:
    return current().filter(code=code).first()


def versions_of(code: str) -> QuerySet[Regulation]:
    """Every loaded version of one code, newest first."""
    return Regulation.objects.filter(code=code).select_related("superseded_by").order_by("-version")


def visible_to(user: Any) -> QuerySet[Regulation]:
    """Any signed-in user reads every version; anonymous users none."""
    if not can_view_regulations(user):
        return Regulation.objects.none()
    return Regulation.objects.all()


def _with_party(role: str, kind: str | None, level: str | None) -> QuerySet[Party]:
    qs = Party.objects.filter(role=role)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return qs


def _ids(role: str, kind: str | None, level: str | None) -> Any:
    return _with_party(role, kind, level).values("regulation_id")


def applicable_to(
    *,
    sender_kind: str | None = None,
    sender_level: str | None = None,
    recipient_kind: str | None = None,
    recipient_level: str | None = None,
    include_superseded: bool = False,
) -> QuerySet[Regulation]:
    """Regulations (current versions unless include_superseded) under which a body of the sender's kind and
    level may address a body of the recipient's kind and level: one is the lead and the other a partner, in
    either direction. A side left as None matches anything; a level left as None matches every level."""
    base = Regulation.objects.all() if include_superseded else current()
    sender_given = bool(sender_kind or sender_level)
    recipient_given = bool(recipient_kind or recipient_level)
    lead, partner = PartyRole.LEAD, PartyRole.PARTNER
    if sender_given and recipient_given:
        cond = (
            Q(pk__in=_ids(lead, sender_kind, sender_level))
            & Q(pk__in=_ids(partner, recipient_kind, recipient_level))
        ) | (
            Q(pk__in=_ids(partner, sender_kind, sender_level))
            & Q(pk__in=_ids(lead, recipient_kind, recipient_level))
        )
    elif sender_given or recipient_given:
        kind, level = (sender_kind, sender_level) if sender_given else (recipient_kind, recipient_level)
        cond = Q(pk__in=_ids(lead, kind, level)) | Q(pk__in=_ids(partner, kind, level))
    else:
        return base
    return base.filter(cond).order_by("code", "-version")


def binding(kind: str, level: str) -> QuerySet[Regulation]:
    """Current regulations naming a body of this kind and level as lead or partner."""
    return applicable_to(sender_kind=kind, sender_level=level)
