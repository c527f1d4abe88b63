"""Reading regulations: current versions, the area a version is adopted for, and the heavy columns lists
leave out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from phoihop.accounts.types import Viewer
from phoihop.organizations.enums import Level

from .models import Regulation
from .rules import can_view_regulations

if TYPE_CHECKING:
    from phoihop.organizations.models import Organization

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

# A regulation row carries its full text and source data (tens of KB): lists that show a request with its
# regulation never load those columns (measured in bench/: the outbox of a busy body went from 9 s to 0.1 s).
REGULATION_HEAVY = ("full_text", "data", "context_note", "derivation_note")


def light_regulation(prefix: str) -> list[str]:
    """Field paths to defer() when a list select_related()s a regulation through `prefix`."""
    return [f"{prefix}{name}" for name in REGULATION_HEAVY]


def with_rules(qs: QuerySet[Regulation]) -> QuerySet[Regulation]:
    """Every rule of each version, in a fixed number of queries whatever the number of versions."""
    return qs.select_related("consultation_rule").prefetch_related(*RULE_PREFETCHES)


def current() -> QuerySet[Regulation]:
    """The current version of every regulation (not superseded), by code."""
    return Regulation.objects.filter(superseded_by__isnull=True).order_by("code")


def current_version(code: str) -> Regulation | None:
    return current().filter(code=code).first()


def visible_to(user: Viewer) -> QuerySet[Regulation]:
    """Any signed-in user reads every version; anonymous users none."""
    if not can_view_regulations(user):
        return Regulation.objects.none()
    return Regulation.objects.all()


def in_adopted_area(regulation: Regulation, organization: Organization) -> bool:
    """True when the body is in the area this deployment adopts the regulation for. A deployment serves one
    province, so a province-wide adoption binds every body; a district adoption binds the bodies of that
    district (the body itself or one of its superiors is a district body named after the area)."""
    if regulation.adopted_level != Level.DISTRICT or not regulation.adopted_area:
        return True
    area = regulation.adopted_area.casefold()
    org: Organization | None = organization
    seen: set[int] = set()
    while org is not None and org.pk not in seen:
        seen.add(org.pk)
        if org.level == Level.DISTRICT and org.name.casefold().endswith(area):
            return True
        org = org.superior
    return False
