"""Permission-scoped accessors for organisations, and walks up the organisation tree (ancestors, distance)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.formats.vi.collation import fold, sort_key

from .enums import Level, OrganizationKind
from .models import Organization

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer


def visible_to(user: Viewer) -> QuerySet[Organization]:
    """Organisations are a public directory for every signed-in user; anonymous users see none."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.select_related("superior")


def administered_by(user: Viewer) -> QuerySet[Organization]:
    """Organisations whose users and data this user may administer."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    if user.is_org_admin and user.organization_id:
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.none()


def ancestors(org: Organization | None) -> list[int]:
    """The organisation's id, then its superior's, up to the top of the tree."""
    chain: list[int] = []
    seen: set[int] = set()
    while org is not None and org.pk not in seen:
        chain.append(org.pk)
        seen.add(org.pk)
        org = org.superior
    return chain


def hierarchy_distance(body_chain: list[int], candidate: Organization) -> int:
    """How far up `body_chain` (a body's ancestors()) the first superior it shares with `candidate` is; one past
    the top when they share none. The nearest authority or lead body is the candidate with the least."""
    theirs = set(ancestors(candidate))
    common = [i for i, pk in enumerate(body_chain) if pk in theirs]
    return common[0] if common else len(body_chain) + 1


# --- the organisations directory (issue 11, part 7) ------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilter:
    """What the directory is asked for: a search (diacritics-insensitive: "pho hien" finds "Phố Hiến"), a kind, a
    level, a superior body (its direct subordinates); blank means any."""

    q: str = ""
    kind: str = ""
    level: str = ""
    superior_id: int | None = None

    def cleaned(self) -> DirectoryFilter:
        """Unknown kinds and levels are ignored (a hand-edited URL shows the whole directory, never a 500)."""
        return DirectoryFilter(
            q=self.q.strip()[:100],
            kind=self.kind if self.kind in OrganizationKind.values else "",
            level=self.level if self.level in Level.values else "",
            superior_id=self.superior_id,
        )


def matches(org: Organization, words: list[str]) -> bool:
    """True when every folded word of the search is in the body's folded name or abbreviation."""
    text = fold(f"{org.name} {org.abbreviation}")
    return all(word in text for word in words)


def directory(user: Viewer, wanted: DirectoryFilter) -> list[Organization]:
    """The bodies of the directory that match, in Vietnamese order of their names: one query (with each body's
    superior). The search runs in Python on the folded names (a province has a few hundred bodies), so it
    ignores diacritics on every database."""
    wanted = wanted.cleaned()
    qs = visible_to(user).order_by()
    if wanted.kind:
        qs = qs.filter(kind=wanted.kind)
    if wanted.level:
        qs = qs.filter(level=wanted.level)
    if wanted.superior_id is not None:
        qs = qs.filter(superior_id=wanted.superior_id)
    words = fold(wanted.q).split()
    rows = [org for org in qs if matches(org, words)] if words else list(qs)
    return sorted(rows, key=lambda org: sort_key(org.name))


def directory_entry(user: Viewer, pk: int) -> Organization | None:
    """One body of the directory (with its superior), or None."""
    return visible_to(user).filter(pk=pk).first()


def subordinates_of(organization: Organization) -> list[Organization]:
    """The bodies directly under this one, in Vietnamese order."""
    rows = list(Organization.objects.filter(superior=organization).order_by())
    return sorted(rows, key=lambda org: sort_key(org.name))


def is_dissolved(organization: Organization, day: dt.date) -> bool:
    return organization.dissolved_on is not None and organization.dissolved_on <= day


def members_by_role(organization: Organization) -> list[tuple[str, list[User]]]:
    """The body's active users by role (the roles in their declared order, people in Vietnamese order of their
    names): one query. Only for administrators (rules.can_see_members)."""
    users = list(User.objects.filter(organization=organization, is_active=True).order_by())
    by_role: dict[str, list[User]] = {}
    for u in users:
        by_role.setdefault(u.role, []).append(u)
    return [
        (str(label), sorted(by_role[value], key=lambda u: sort_key(u.get_full_name() or u.username)))
        for value, label in Role.choices
        if value in by_role
    ]
