"""The organisations directory (issue 11, part 7): every body, searchable without diacritics, filtered by kind,
level and superior body, dissolved bodies marked, in Vietnamese order; one body with its superior and
subordinates, and its members by role for administrators (organizations.rules.can_see_members).

Every signed-in user reads the directory (organizations.queries.visible_to); the members are for administrators
only. No API twin yet: the API's tổ chức codes come from the request endpoints' error messages and the admin."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from phoihop.common.clock import local_date
from phoihop.organizations import queries, rules
from phoihop.organizations.enums import Level, OrganizationKind


def _today() -> dt.date:
    return local_date(timezone.now())


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _labels(choices: type[Level] | type[OrganizationKind]) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    wanted = queries.DirectoryFilter(
        q=request.GET.get("q", ""),
        kind=request.GET.get("loai", ""),
        level=request.GET.get("cap", ""),
        superior_id=_int_or_none(request.GET.get("cap-tren")),
    ).cleaned()
    rows = queries.directory(request.user, wanted)
    superior = queries.directory_entry(request.user, wanted.superior_id) if wanted.superior_id else None
    today = _today()
    kinds, levels = _labels(OrganizationKind), _labels(Level)
    # one reverse() per page, labels translated once per page
    url = reverse("organization-detail", args=[999999999])
    for org in rows:
        org.detail_url = url.replace("999999999", str(org.pk))  # type: ignore[attr-defined]
        org.kind_label = kinds.get(org.kind, org.kind)  # type: ignore[attr-defined]
        org.level_label = levels.get(org.level, org.level)  # type: ignore[attr-defined]
        org.is_dissolved = queries.is_dissolved(org, today)  # type: ignore[attr-defined]
        if org.superior is not None:
            org.superior_url = url.replace("999999999", str(org.superior.pk))  # type: ignore[attr-defined]
    context = {
        "rows": rows,
        "wanted": wanted,
        "superior": superior,
        "kinds": OrganizationKind.choices,
        "levels": Level.choices,
    }
    return render(request, "web/organizations/directory.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = queries.directory_entry(request.user, pk)
    if org is None:
        raise Http404
    today = _today()
    subordinates = queries.subordinates_of(org)
    for sub in subordinates:
        sub.is_dissolved = queries.is_dissolved(sub, today)  # type: ignore[attr-defined]
    context = {
        "org": org,
        "is_dissolved": queries.is_dissolved(org, today),
        "kind_label": _labels(OrganizationKind).get(org.kind, org.kind),
        "level_label": _labels(Level).get(org.level, org.level),
        "subordinates": subordinates,
        "members": queries.members_by_role(org) if rules.can_see_members(request.user, org) else None,
    }
    return render(request, "web/organizations/detail.html", context)


urlpatterns = [
    path("", directory, name="organization-directory"),
    path("<int:pk>/", detail, name="organization-detail"),
]
