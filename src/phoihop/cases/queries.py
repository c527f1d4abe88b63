"""Every user-visible query of cases (the permission surface; rules.py decides)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.common.keyset import BadCursor, Page
from phoihop.formats.vi.collation import sorted_vi
from phoihop.officials.models import Official
from phoihop.organizations.models import Organization

from . import rules
from .models import Case, CaseEvent, CaseOfficial, CaseOrganization, ProgressRequest

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer

__all__ = [
    "PAGE_SIZE",
    "case_for",
    "case_page",
    "events_of",
    "localities_for_filter",
    "official_to_add",
    "organization_by_id",
    "officials_of",
    "organizations_of",
    "progress_request_for",
    "progress_requests_of",
    "visible_to",
]

PAGE_SIZE = 50
LIST_FIELDS = (
    "id",
    "title",
    "category",
    "level",
    "stage",
    "opened_on",
    "last_moved_on",
    "stale",
    "closed",
    "locality__id",
    "locality__name",
    "lead_id",
    "monitor_id",
)


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def visible_to(user: Viewer) -> QuerySet[Case]:
    """The cases the user's body leads, is the locality of, monitors (the steering committee of the level) or
    is involved in; none for anyone else."""
    org = _org(user)
    if org is None:
        return Case.objects.none()
    involved = CaseOrganization.objects.filter(case_id=OuterRef("pk"), organization_id=org)
    return Case.objects.filter(Q(lead_id=org) | Q(locality_id=org) | Q(monitor_id=org) | Exists(involved))


def case_for(user: Viewer, pk: int) -> Case | None:
    """One case by id if the user sees it (its own bodies decide: at most two indexed queries)."""
    org = _org(user)
    if org is None:
        return None
    case = Case.objects.select_related("locality", "lead", "monitor").filter(pk=pk).first()
    if case is None:
        return None
    if org in (case.lead_id, case.locality_id, case.monitor_id):
        return case
    involved = CaseOrganization.objects.filter(case_id=case.pk, organization_id=org).exists()
    return case if rules.sees(user, case, involved) else None


def progress_request_for(user: Viewer, pk: int) -> ProgressRequest | None:
    """One progress request by id if the user sees its case."""
    row = ProgressRequest.objects.filter(pk=pk).only("pk", "case_id").first()
    if row is None:
        return None
    case = case_for(user, row.case_id)
    if case is None:
        return None
    request = ProgressRequest.objects.get(pk=pk)
    request.case = case
    return request


def events_of(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def officials_of(case: Case) -> QuerySet[CaseOfficial]:
    return case.officials.select_related("official", "official__workplace").order_by(
        "official__name_key", "id"
    )


def organizations_of(case: Case) -> QuerySet[CaseOrganization]:
    return case.organizations.select_related("organization").order_by("organization__name", "id")


def progress_requests_of(case: Case) -> QuerySet[ProgressRequest]:
    return case.progress_requests.select_related("asked_by", "answered_by").order_by("-asked_on", "-id")


def localities_for_filter(user: Viewer) -> list[Organization]:
    """The localities a filter offers (the communes and districts), in Vietnamese order."""
    if _org(user) is None:
        return []
    rows = Organization.objects.filter(level__in=sorted(rules.LOCALITY_LEVELS)).only("id", "name", "level")
    return sorted_vi(rows, key=lambda o: o.name)


# --- the list: keyset pages, newest opened first -----------------------------------------------------------


def _encode(case: Case) -> str:
    return base64.urlsafe_b64encode(f"{case.opened_on.isoformat()}|{case.pk}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.date, int]:
    try:
        day, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeError) as exc:
        raise BadCursor(cursor) from exc


def filtered(user: Viewer, filters: dict[str, Any]) -> QuerySet[Case]:
    """visible_to(user) with the list's filters: level, locality, category, stage, stale, open/closed."""
    qs = visible_to(user)
    for name in ("level", "category", "stage"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("locality"):
        qs = qs.filter(locality_id=filters["locality"])
    if filters.get("stale"):
        qs = qs.filter(stale=True)
    if filters.get("closed") in (True, False):
        qs = qs.filter(closed=filters["closed"])
    return qs


def case_page(
    user: Viewer, filters: dict[str, Any] | None = None, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[Case]:
    """One page of the visible cases, newest opened first (opened_on, id descending), starting after `cursor`:
    one query reading size + 1 rows. Raises BadCursor for a cursor not written here."""
    qs = filtered(user, filters or {}).select_related("locality").only(*LIST_FIELDS)
    if cursor:
        day, pk = _decode(cursor)
        qs = qs.filter(Q(opened_on__lt=day) | Q(opened_on=day, pk__lt=pk))
    rows = list(qs.order_by("-opened_on", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _encode(rows[-1]) if more and rows else None, None)


def official_to_add(user: Viewer, pk: int) -> Official | None:
    """The official a lead body adds to a case, by id (None: no such official)."""
    if _org(user) is None:
        return None
    return Official.objects.filter(pk=pk).first()


def organization_by_id(pk: int | None) -> Organization | None:
    """An organisation named by id in a form or an API call (None: none, or no such body)."""
    if pk is None:
        return None
    return Organization.objects.filter(pk=pk).first()
