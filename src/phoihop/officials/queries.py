"""Every user-visible query of the officials registry (the permission surface; rules.py decides).

Who sees an official (issue 12, 1): their workplace, their managing body, a body supervising them (002 III.2),
and the bodies a registered Involvement (officials.involvement) says work on information or a case about them.
Lists are keyset pages in Vietnamese order on the stored collation key `sort_name` (officials.naming): a cursor
is "a.<sort_name>.<id>" (the page after that row) or "b.<sort_name>.<id>" (the page before it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import F, Model, Q, QuerySet

from phoihop.accounts.types import Viewer
from phoihop.common.keyset import BadCursor, Page
from phoihop.organizations.models import Organization

from .enums import PROVINCE_DEPTH
from .involvement import involvement
from .models import Official, OfficialMembership, OfficialPosition, SupervisionAssignment
from .naming import words_of
from .rules import builds_lists, is_front, sees_directly

__all__ = [
    "BadCursor",
    "PAGE_SIZE",
    "find_same",
    "history_of",
    "memberships_of",
    "official_for",
    "official_page",
    "supervised_by",
    "supervision_for",
    "supervision_list",
    "supervision_page",
    "supervisors_of",
    "visible_to",
]

PAGE_SIZE = 50
M = TypeVar("M", bound=Model)
_CURSOR = re.compile(r"^([ab])\.([0-9a-z]{2,802})\.([1-9][0-9]{0,18})$")


# --- one official --------------------------------------------------------------------------------------------


def find_same(name_key: str, birth_year: int | None, workplace_id: int | None) -> Official | None:
    """The official already registered with this search key, year of birth and workplace (the registry's
    uniqueness; the import's duplicate check): one query on the unique constraint's index."""
    return (
        Official.objects.filter(name_key=name_key, birth_year=birth_year, workplace_id=workplace_id)
        .order_by("pk")
        .first()
    )


def _organization_id(user: Viewer) -> int | None:
    return user.organization_id if user.is_authenticated and user.organization_id else None


def official_for(user: Viewer, pk: int) -> Official | None:
    """One official the user may see, with its workplace, managing body and party organisation; None (404)
    otherwise. The cost does not grow with the body's history: the row by id, then its own workplace and managing
    body decide, then an open supervision by the body (one EXISTS on the unique index), then each registered
    involvement's `involves` (one EXISTS each)."""
    org = _organization_id(user)
    if org is None:
        return None
    official = (
        Official.objects.select_related("workplace", "managing_body", "party_organization")
        .filter(pk=pk)
        .first()
    )
    if official is None:
        return None
    if sees_directly(user, official):
        return official
    if SupervisionAssignment.objects.filter(
        official_id=pk, supervisor_id=org, ended_on__isnull=True
    ).exists():
        return official
    if any(entry.involves(pk, org) for entry in involvement):
        return official
    return None


def history_of(official: Official) -> list[OfficialPosition]:
    """The official's positions, the current one first, with their organisations (one query)."""
    return list(
        OfficialPosition.objects.filter(official_id=official.pk)
        .select_related("organization")
        .order_by(F("ended_on").desc(nulls_first=True), F("started_on").desc(nulls_last=True), "-pk")
    )


def memberships_of(official: Official) -> list[OfficialMembership]:
    return list(
        OfficialMembership.objects.filter(official_id=official.pk)
        .select_related("organization")
        .order_by("pk")
    )


def supervisors_of(official: Official) -> list[SupervisionAssignment]:
    """The organisations supervising the official now (002 III.2), with who built the list."""
    return list(
        SupervisionAssignment.objects.filter(official_id=official.pk, ended_on__isnull=True)
        .select_related("supervisor", "listed_with")
        .order_by("pk")
    )


# --- the registry's list -------------------------------------------------------------------------------------


def visible_to(user: Viewer) -> QuerySet[Official]:
    """Every official the user's body may see (see the module's docstring); nothing for an outsider."""
    org = _organization_id(user)
    if org is None:
        return Official.objects.none()
    audience = (
        Q(workplace_id=org)
        | Q(managing_body_id=org)
        | Q(
            pk__in=SupervisionAssignment.objects.filter(supervisor_id=org, ended_on__isnull=True).values(
                "official_id"
            )
        )
    )
    for entry in involvement:
        audience |= Q(pk__in=entry.officials_of(org))
    return Official.objects.filter(audience)


def matching(officials: QuerySet[M], query: str, *, prefix: str = "") -> QuerySet[M]:
    """Officials whose name has every word of `query` at the start of one of its words, without diacritics
    ("nguyen van" finds "Nguyễn Văn An"; "an" finds "Nguyễn Văn An" and "An Thị Bình", not "Hoàng Lan")."""
    for word in words_of(query):
        officials = officials.filter(
            Q(**{f"{prefix}name_key__startswith": word}) | Q(**{f"{prefix}name_key__contains": f" {word}"})
        )
    return officials


LIST_FIELDS = (
    "id",
    "full_name",
    "sort_name",
    "birth_year",
    "position",
    "is_party_member",
    "workplace__id",
    "workplace__name",
    "managing_body__id",
    "managing_body__name",
)


def _decode(cursor: str) -> tuple[bool, str, int]:
    found = _CURSOR.match(cursor)
    if found is None:
        raise BadCursor(cursor)
    direction, key, pk = found.groups()
    return direction == "a", key, int(pk)


def keyset(
    rows: QuerySet[M],
    cursor: str | None,
    size: int,
    *,
    key: str,
    key_of: Callable[[M], str],
    tie: str = "pk",
) -> Page[M]:
    """One page of `rows` in the order (key, tie), from `cursor`: at most size + 1 rows read."""
    if cursor is None:
        forward, after = True, None
    else:
        forward, sort, pk = _decode(cursor)
        after = (sort, pk)

    def mark(direction: str, row: M) -> str:
        return f"{direction}.{key_of(row)}.{row.pk}"

    if forward:
        qs = rows.order_by(key, tie)
        if after is not None:
            qs = qs.filter(Q(**{f"{key}__gt": after[0]}) | Q(**{key: after[0], f"{tie}__gt": after[1]}))
        found = list(qs[: size + 1])
        if after is not None and not found:  # past the end: the first page
            return keyset(rows, None, size, key=key, key_of=key_of, tie=tie)
        shown = found[:size]
        return Page(
            shown,
            mark("a", shown[-1]) if len(found) > size else None,
            mark("b", shown[0]) if after is not None and shown else None,
        )
    assert after is not None
    qs = rows.order_by(f"-{key}", f"-{tie}").filter(
        Q(**{f"{key}__lt": after[0]}) | Q(**{key: after[0], f"{tie}__lt": after[1]})
    )
    found = list(qs[: size + 1])
    if len(found) <= size:  # back at the start: the first page as read from the start
        return keyset(rows, None, size, key=key, key_of=key_of, tie=tie)
    shown = found[:size][::-1]
    return Page(shown, mark("a", shown[-1]), mark("b", shown[0]))


def official_page(
    user: Viewer, query: str = "", cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[Official]:
    """One page of the officials the user sees, matching `query` (diacritics-insensitive words), in Vietnamese
    order (sort_name, id), with workplace and managing body: one query of at most size + 1 rows. Raises BadCursor
    for a cursor not written here."""
    rows = matching(visible_to(user), query).select_related("workplace", "managing_body").only(*LIST_FIELDS)
    return keyset(rows, cursor, size, key="sort_name", key_of=lambda o: o.sort_name)


# --- supervision lists (002 III.1–2, IV.3) ---------------------------------------------------------------------


def supervised_by(organization_id: int, start: dt.date, end: dt.date) -> QuerySet[SupervisionAssignment]:
    """The officials an organisation supervised at some time between `start` and `end` (002 III.2, IV.3), each
    with its official and workplace, in the official's alphabetical order."""
    return (
        SupervisionAssignment.objects.filter(supervisor_id=organization_id, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("official", "official__workplace")
        .order_by("official__name_key", "official_id")
    )


def _within(top_id: int) -> Q:
    """Supervisors in the tree under `top_id` (up to PROVINCE_DEPTH levels), or `top_id` itself."""
    condition = Q(supervisor_id=top_id)
    path = "supervisor__superior_id"
    for _ in range(PROVINCE_DEPTH):
        condition |= Q(**{path: top_id})
        path = path.replace("supervisor__", "supervisor__superior__", 1)
    return condition


def supervision_scope(user: Viewer, organization: Organization | None) -> Q | None:
    """Which supervision assignments the user's body sees (002 III.1–2, IV.3): its own list; Ban Tổ chức, every
    list of its province (under its party committee); the Front (its standing committee or a department of it),
    the lists of its member organisations. None: nothing."""
    org = _organization_id(user)
    if org is None or organization is None:
        return None
    scope = Q(supervisor_id=org)
    if builds_lists(organization) and organization.superior_id:
        scope |= _within(organization.superior_id)
    if is_front(organization):
        front = organization.superior_id if organization.kind == "front_department" else organization.pk
        if front:
            scope |= Q(supervisor_id=front) | Q(supervisor__superior_id=front)
    return scope


def _viewer_organization(user: Viewer) -> Organization | None:
    org = _organization_id(user)
    return Organization.objects.filter(pk=org).first() if org is not None else None


def supervision_list(
    user: Viewer, query: str = "", organization: Organization | None = None
) -> QuerySet[SupervisionAssignment]:
    """The open supervision assignments the user's body sees (supervision_scope), matching `query`, each with its
    official, the official's workplace, the supervisor and who built the list. `organization`: the user's body
    already loaded (saves its query)."""
    organization = organization if organization is not None else _viewer_organization(user)
    scope = supervision_scope(user, organization)
    if scope is None:
        return SupervisionAssignment.objects.none()
    rows = SupervisionAssignment.objects.filter(scope, ended_on__isnull=True)
    return matching(rows, query, prefix="official__").select_related(
        "official", "official__workplace", "official__managing_body", "supervisor", "listed_with"
    )


def supervision_page(
    user: Viewer,
    query: str = "",
    cursor: str | None = None,
    size: int = PAGE_SIZE,
    organization: Organization | None = None,
) -> Page[SupervisionAssignment]:
    """One page of supervision_list in the officials' Vietnamese order: one query (plus the viewer's body
    when not given)."""
    rows = supervision_list(user, query, organization)
    return keyset(rows, cursor, size, key="official__sort_name", key_of=lambda a: a.official.sort_name)


def supervision_for(user: Viewer, pk: int) -> SupervisionAssignment | None:
    """One open supervision assignment the user's body may end (its list builder's view of it), else None."""
    organization = _viewer_organization(user)
    scope = supervision_scope(user, organization)
    if scope is None:
        return None
    return SupervisionAssignment.objects.filter(scope, pk=pk).select_related("official", "supervisor").first()


def export_rows(user: Viewer, query: str = "", limit: int = 5000) -> list[SupervisionAssignment]:
    """The supervision list for an export, in Vietnamese order (at most `limit` rows)."""
    return list(supervision_list(user, query).order_by("official__sort_name", "official_id", "pk")[:limit])


def organization_choices(user: Viewer) -> QuerySet[Organization]:
    """Bodies a form may name (workplace, party organisation, managing body, supervisor): every active one."""
    if _organization_id(user) is None:
        return Organization.objects.none()
    return Organization.objects.filter(dissolved_on__isnull=True).order_by("name")


def organization_by_id(pk: Any) -> Organization | None:
    try:
        return Organization.objects.filter(pk=int(pk), dissolved_on__isnull=True).first()
    except (TypeError, ValueError):
        return None
