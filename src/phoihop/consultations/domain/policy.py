"""Reads a regulation version's data (parties, consultation rule) for coordination requests.

Nothing here names a regulation: every rule comes from the regulation data loaded from data/regulations/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.organizations.models import Organization
from phoihop.regulations.enums import ExtensionPolicy, PartyRole
from phoihop.regulations.models import Party, Regulation

__all__ = [
    "ConsultationPolicy",
    "ExtensionPolicy",
    "applicable_regulations",
    "covered_organizations",
    "find_authority",
    "policy_for",
    "regulation_covers",
]

BOUND_ROLES = (PartyRole.LEAD, PartyRole.PARTNER)


@dataclass(frozen=True)
class ConsultationPolicy:
    working_days: int
    deemed_consent: bool
    allow_request_stated_period: bool
    extension_policy: str
    extension_lead_working_days: int | None
    extension_cap_working_days: int | None
    article: str
    deemed_consent_article: str
    extension_article: str


def policy_for(regulation: Regulation) -> ConsultationPolicy | None:
    """The consultation rule of this regulation version, or None when it sets no answer deadline."""
    try:
        rule = regulation.consultation_rule
    except Regulation.consultation_rule.RelatedObjectDoesNotExist:
        return None
    return ConsultationPolicy(
        working_days=rule.working_days,
        deemed_consent=rule.deemed_consent,
        allow_request_stated_period=rule.allow_request_stated_period,
        extension_policy=rule.extension_policy,
        extension_lead_working_days=rule.extension_lead_working_days,
        extension_cap_working_days=rule.extension_total_cap_working_days,
        article=rule.article,
        deemed_consent_article=rule.deemed_consent_article or rule.article,
        extension_article=rule.extension_article or rule.article,
    )


def regulation_covers(regulation: Regulation, organization: Organization) -> bool:
    """True when the organisation is the lead body or a partner of this regulation (by kind and level)."""
    return regulation.binds(organization.kind, organization.level)


def applicable_regulations(organization: Organization | None) -> QuerySet[Regulation]:
    """Current regulation versions that bind this organisation."""
    if organization is None:
        return Regulation.objects.none()
    parties = Party.objects.filter(role__in=BOUND_ROLES, kind=organization.kind, level=organization.level)
    return Regulation.objects.filter(
        superseded_by__isnull=True, pk__in=parties.values("regulation_id")
    ).order_by("code")


def covered_organizations(
    regulations: QuerySet[Regulation], exclude: Organization | None = None
) -> QuerySet[Organization]:
    """Organisations bound by at least one of these regulations."""
    pairs = Party.objects.filter(role__in=BOUND_ROLES, regulation__in=regulations).values_list(
        "kind", "level"
    )
    condition = Q(pk__in=[])
    for kind, level in set(pairs):
        condition |= Q(kind=kind, level=level)
    qs = Organization.objects.filter(condition).order_by("level", "name")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def _ancestors(org: Organization | None) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    while org is not None and org.pk not in seen:
        chain.append(org.pk)
        seen.add(org.pk)
        org = org.superior
    return chain


def find_authority(regulation: Regulation, sender: Organization) -> Organization | None:
    """The organisation of the kind and level the regulation names as authority, nearest to the sender."""
    wanted = [(p.kind, p.level) for p in regulation.parties.all() if p.role == PartyRole.AUTHORITY]
    if not wanted:
        return None
    sender_chain = _ancestors(sender)
    best: tuple[int, int, Any] | None = None
    for rank, (kind, level) in enumerate(wanted):
        for candidate in Organization.objects.filter(kind=kind, level=level).select_related("superior"):
            chain = _ancestors(candidate)
            common = [i for i, pk in enumerate(sender_chain) if pk in chain]
            distance = common[0] if common else len(sender_chain) + 1
            score = (distance, rank, candidate.pk)
            if best is None or score < best:
                best = score
    if best is None:
        return None
    return Organization.objects.get(pk=best[2])
