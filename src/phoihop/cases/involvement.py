"""The bodies working on a case about an official may see that official's record (issue 12, part 1): the lead
body, the locality, the steering committee that monitors it and the bodies involved, for every official
involved in the case."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.officials.involvement import Involvement, involvement

from .models import CaseOfficial, CaseOrganization


def _works_on(organization_id: int) -> Q:
    involved = CaseOrganization.objects.filter(case_id=OuterRef("case_id"), organization_id=organization_id)
    return (
        Q(case__lead_id=organization_id)
        | Q(case__locality_id=organization_id)
        | Q(case__monitor_id=organization_id)
        | Q(Exists(involved))
    )


def officials_of(organization_id: int) -> QuerySet[Any]:
    return CaseOfficial.objects.filter(_works_on(organization_id)).values("official_id")


def involves(official_id: int, organization_id: int) -> bool:
    return CaseOfficial.objects.filter(_works_on(organization_id), official_id=official_id).exists()


involvement.add("cases", Involvement(officials_of=officials_of, involves=involves))
