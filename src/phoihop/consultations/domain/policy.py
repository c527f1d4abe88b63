"""Reads a regulation version's data (parties, consultation rule) for coordination requests.

Nothing here names a regulation: every rule comes from the regulation data loaded from data/regulations/.
The adopted area (in_adopted_area) is read by regulations.queries and the organisation tree (ancestors,
hierarchy_distance) by organizations.queries; reports use them from there too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.organizations.models import Organization
from phoihop.organizations.queries import ancestors, hierarchy_distance
from phoihop.regulations.enums import AnswerPeriod, ExtensionPolicy, PartyRole, RequestKind, StatedPeriod
from phoihop.regulations.models import Party, Regulation
from phoihop.regulations.queries import in_adopted_area

__all__ = [
    "ConsultationPolicy",
    "ExtensionPolicy",
    "KindPolicy",
    "applicable_regulations",
    "askable_organizations",
    "asking_refusal",
    "covered_organizations",
    "dissolved_refusal",
    "find_authority",
    "in_adopted_area",
    "kind_policy",
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


@dataclass(frozen=True)
class KindPolicy:
    """What one regulation version says of one request kind (its RequestKindRule, or for a version loaded
    before request kinds were data, what its consultation rule said of every kind)."""

    kind: str
    answer_period: str
    working_days: int | None
    stated_period: str
    send_ahead_working_days: int | None
    deemed_consent: bool
    shared_responsibility: bool
    extension: bool
    article: str
    deemed_consent_article: str
    reading: str
    consultation: ConsultationPolicy | None

    @property
    def expects_answer(self) -> bool:
        return self.answer_period != AnswerPeriod.NONE

    @property
    def may_state_period(self) -> bool:
        return self.answer_period == AnswerPeriod.STATED or self.stated_period in (
            StatedPeriod.ANY,
            StatedPeriod.NOT_EARLIER,
        )

    @property
    def extension_policy(self) -> ConsultationPolicy | None:
        """The extension rule that applies to this kind, or None."""
        if not self.extension or self.consultation is None:
            return None
        if self.consultation.extension_policy == ExtensionPolicy.NONE:
            return None
        return self.consultation


def kind_policy(regulation: Regulation, kind: str) -> KindPolicy | None:
    """The rule of this regulation version for one request kind; None when the version does not govern it."""
    consultation = policy_for(regulation)
    rules = list(regulation.request_kind_rules.all())
    if rules:
        rule = next((r for r in rules if r.kind == kind), None)
        if rule is None:
            return None
        return KindPolicy(
            kind=rule.kind,
            answer_period=rule.answer_period,
            working_days=rule.working_days,
            stated_period=rule.stated_period,
            send_ahead_working_days=rule.send_ahead_working_days,
            deemed_consent=rule.deemed_consent,
            shared_responsibility=rule.shared_responsibility,
            extension=rule.extension,
            article=rule.article,
            deemed_consent_article=rule.deemed_consent_article or rule.article,
            reading=rule.reading,
            consultation=consultation,
        )
    # a version loaded before request kinds were data keeps the rule it was created under
    if kind == RequestKind.NOTICE:
        none = AnswerPeriod.NONE
        return KindPolicy(
            kind, none, None, StatedPeriod.NONE, None, False, False, False, "", "", "", consultation
        )
    if consultation is None:
        return None
    return KindPolicy(
        kind=kind,
        answer_period=AnswerPeriod.WORKING_DAYS,
        working_days=consultation.working_days,
        stated_period=(
            StatedPeriod.NOT_EARLIER if consultation.allow_request_stated_period else StatedPeriod.NONE
        ),
        send_ahead_working_days=None,
        deemed_consent=consultation.deemed_consent,
        shared_responsibility=consultation.deemed_consent,
        extension=True,
        article=consultation.article,
        deemed_consent_article=consultation.deemed_consent_article,
        reading="",
        consultation=consultation,
    )


def dissolved_refusal(organization: Organization, day: dt.date) -> str:
    """A Vietnamese refusal when the body no longer exists on `day` (no new work after dissolution)."""
    if organization.dissolved_on is not None and organization.dissolved_on <= day:
        return (
            f"{organization.name} đã giải thể từ ngày {organization.dissolved_on:%d/%m/%Y}; không giao việc mới "
            "cho cơ quan đã giải thể (hồ sơ cũ vẫn xem được)."
        )
    return ""


def _parties_article(regulation: Regulation) -> str:
    lead = regulation.lead
    return lead.article if lead is not None and lead.article else ""


def asking_refusal(regulation: Regulation, sender: Organization, recipient: Organization) -> str:
    """Why `sender` may not ask `recipient` under this version ("" when it may): a request goes between the
    lead body and a partner, either way; partner to partner only where the data allows it; both bodies in the
    area the regulation is adopted for. The message quotes the article naming the parties."""
    name = regulation.number or regulation.short_title
    article = _parties_article(regulation)
    ref = f" — {article}" if article else ""
    for org in (sender, recipient):
        if regulation.role_of(org.kind, org.level) is None:
            return f"{name} không áp dụng cho {org.name}{ref}."
        if not in_adopted_area(regulation, org):
            return f"{name} được áp dụng cho địa bàn {regulation.adopted_area}; {org.name} không thuộc địa bàn này."
    s_role = regulation.role_of(sender.kind, sender.level)
    r_role = regulation.role_of(recipient.kind, recipient.level)
    if s_role == r_role == PartyRole.LEAD:
        return f"Theo {name}, {sender.name} và {recipient.name} đều là cơ quan chủ trì; đề nghị được gửi giữa cơ quan chủ trì và cơ quan phối hợp{ref}."
    if s_role == r_role == PartyRole.PARTNER and not regulation.partner_to_partner:
        lead = regulation.lead
        lead_name = lead.name if lead is not None else "cơ quan chủ trì"
        return (
            f"Theo {name}, đề nghị được gửi giữa {lead_name} và các cơ quan phối hợp; {sender.name} và "
            f"{recipient.name} đều là cơ quan phối hợp nên không gửi đề nghị cho nhau theo văn bản này{ref}."
        )
    return ""


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


def askable_organizations(
    regulations: QuerySet[Regulation], sender: Organization, today: dt.date
) -> QuerySet[Organization]:
    """Bodies the sender may ask under at least one of these regulations, leaving out dissolved ones."""
    condition = Q(pk__in=[])
    for reg in regulations.prefetch_related("parties"):
        role = reg.role_of(sender.kind, sender.level)
        if role is None or not in_adopted_area(reg, sender):
            continue
        for party in reg.parties.all():
            allowed = (
                (role == PartyRole.LEAD and party.role == PartyRole.PARTNER)
                or (role == PartyRole.PARTNER and party.role == PartyRole.LEAD)
                or (role == party.role == PartyRole.PARTNER and reg.partner_to_partner)
            )
            if allowed:
                condition |= Q(kind=party.kind, level=party.level)
    return (
        Organization.objects.filter(condition)
        .exclude(pk=sender.pk)
        .exclude(dissolved_on__lte=today)
        .order_by("level", "name")
    )


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


def _nearest(pairs: list[tuple[str, str]], sender: Organization) -> Organization | None:
    """The active organisation of one of these (kind, level) pairs nearest to the sender in the hierarchy."""
    sender_chain = ancestors(sender)
    best: tuple[int, int, Any] | None = None
    for rank, (kind, level) in enumerate(pairs):
        for candidate in Organization.objects.filter(kind=kind, level=level).select_related("superior"):
            score = (hierarchy_distance(sender_chain, candidate), rank, candidate.pk)
            if best is None or score < best:
                best = score
    if best is None:
        return None
    return Organization.objects.get(pk=best[2])


def find_authority(regulation: Regulation, sender: Organization) -> Organization | None:
    """The organisation of the kind and level the regulation names as authority, nearest to the sender."""
    return _nearest(
        [(p.kind, p.level) for p in regulation.parties.all() if p.role == PartyRole.AUTHORITY], sender
    )


def find_lead(regulation: Regulation, sender: Organization) -> Organization | None:
    """The lead body of the regulation nearest to the sender."""
    return _nearest([(p.kind, p.level) for p in regulation.parties.all() if p.role == PartyRole.LEAD], sender)
