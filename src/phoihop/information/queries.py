"""Every user-visible query of information about officials (the permission surface; rules.py decides).

Need-to-know: sent information is visible to its sender, its recipients and the official's managing body only;
a draft to its sender only. One-object lookups read the row by id and then let its own sender, copies and
official decide (the cost does not grow with the body's history). Lists are keyset pages on an index in the
list's order: the inbox on information_inbox_idx (recipient, -information), the outbox on information_outbox_idx
(sender, -id), the timeline on information_official_idx (official, -id)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.accounts.models import User
from phoihop.accounts.types import Viewer
from phoihop.common.keyset import BadCursor as BadCursor  # re-exported: the pages and the API catch it here
from phoihop.common.keyset import Page as Page
from phoihop.officials import queries as officials_queries
from phoihop.officials.models import Official

from . import rules
from .enums import InformationState
from .models import InformationCopy, OfficialInformation

__all__ = [
    "BadCursor",
    "PAGE_SIZE",
    "Page",
    "active_users_of",
    "copies_of",
    "copy_for",
    "inbox_page",
    "information_for",
    "may_name",
    "official_for_routing",
    "official_to_name",
    "officials_to_name",
    "outbox_page",
    "timeline",
    "visible_to",
]

PAGE_SIZE = 50
INFO_RELATED = ("official", "official__managing_body", "sender")


def _org(user: Viewer) -> int | None:
    return rules.org_of(user)


def visible_to(user: Viewer) -> QuerySet[OfficialInformation]:
    """Every item of information the user's body may see (need-to-know); nothing for an outsider."""
    org = _org(user)
    if org is None:
        return OfficialInformation.objects.none()
    received = Exists(InformationCopy.objects.filter(information_id=OuterRef("pk"), recipient_id=org))
    return OfficialInformation.objects.filter(
        Q(sender_id=org) | Q(state=InformationState.SENT) & (received | Q(official__managing_body_id=org))
    )


def _recipient_ids(info: OfficialInformation) -> list[int]:
    return list(InformationCopy.objects.filter(information_id=info.pk).values_list("recipient_id", flat=True))


def information_for(user: Viewer, pk: int) -> OfficialInformation | None:
    """One item of information the user may see, with its official and sender; None (404) otherwise."""
    if _org(user) is None:
        return None
    info = OfficialInformation.objects.select_related(*INFO_RELATED).filter(pk=pk).first()
    if info is None:
        return None
    ids = _recipient_ids(info) if info.state == InformationState.SENT else []
    return info if rules.sees(user, info, ids, info.official.managing_body_id) else None


def copies_of(info: OfficialInformation) -> list[InformationCopy]:
    """The copies of an item the viewer already may see (information_for), with their recipients."""
    return list(
        InformationCopy.objects.filter(information_id=info.pk).select_related("recipient").order_by("pk")
    )


def copy_for(user: Viewer, pk: int) -> InformationCopy | None:
    """One copy whose information the user may see, with its information, official and recipient."""
    if _org(user) is None:
        return None
    copy = (
        InformationCopy.objects.select_related(
            "recipient", *(f"information__{name}" for name in INFO_RELATED)
        )
        .filter(pk=pk)
        .first()
    )
    if copy is None:
        return None
    info = copy.information
    ids = [copy.recipient_id] if rules.is_recipient_member(user, copy) else _recipient_ids(info)
    return copy if rules.sees(user, info, ids, info.official.managing_body_id) else None


def _decode(cursor: str) -> tuple[bool, int]:
    direction, _, pk = cursor.partition(".")
    try:
        value = int(pk)
    except ValueError as exc:
        raise BadCursor(cursor) from exc
    if direction not in ("a", "b") or not 0 < value < 2**63 or pk != str(value):
        raise BadCursor(cursor)
    return direction == "a", value


def _keyset(rows: QuerySet[Any], key: str, cursor: str | None, size: int) -> Page[Any]:
    """Newest first on `key` (a unique column of the list's index), size + 1 rows read."""
    forward, value = (True, None) if cursor is None else _decode(cursor)
    if forward:
        qs = rows.order_by(f"-{key}")
        if value is not None:
            qs = qs.filter(**{f"{key}__lt": value})
        found = list(qs[: size + 1])
        if value is not None and not found:
            return _keyset(rows, key, None, size)
        shown = found[:size]
        return Page(
            shown,
            f"a.{_value(shown[-1], key)}" if len(found) > size else None,
            f"b.{_value(shown[0], key)}" if value is not None and shown else None,
        )
    assert value is not None
    found = list(rows.filter(**{f"{key}__gt": value}).order_by(key)[: size + 1])
    if len(found) <= size:
        return _keyset(rows, key, None, size)
    shown = found[:size][::-1]
    return Page(shown, f"a.{_value(shown[-1], key)}", f"b.{_value(shown[0], key)}")


def _value(row: Any, key: str) -> int:
    return int(getattr(row, key))


def inbox_page(user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[InformationCopy]:
    """The copies the user's body received, newest first, each with its information, official and sender (one
    query). Raises BadCursor for a cursor not written here."""
    org = _org(user)
    if org is None:
        return Page([], None, None)
    rows = InformationCopy.objects.filter(recipient_id=org).select_related(
        "recipient", *(f"information__{name}" for name in ("official", "sender"))
    )
    return _keyset(rows, "information_id", cursor, size)


def outbox_page(user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[OfficialInformation]:
    """What the user's body recorded or sent, newest first, with its official (one query), then its copies with
    their recipients (one query for the page)."""
    org = _org(user)
    if org is None:
        return Page([], None, None)
    rows = OfficialInformation.objects.filter(sender_id=org).select_related("official", "sender")
    page: Page[OfficialInformation] = _keyset(rows, "pk", cursor, size)
    _attach_copies(page.rows)
    return page


def _attach_copies(rows: list[OfficialInformation]) -> None:
    by_info: dict[int, list[InformationCopy]] = defaultdict(list)
    if rows:
        for c in (
            InformationCopy.objects.filter(information_id__in=[r.pk for r in rows])
            .select_related("recipient")
            .order_by("pk")
        ):
            by_info[c.information_id].append(c)
    for r in rows:
        r.shown_copies = by_info.get(r.pk, [])  # type: ignore[attr-defined]


def timeline(
    user: Viewer, official_pk: int, cursor: str | None = None, size: int = PAGE_SIZE
) -> tuple[Official, Page[OfficialInformation]] | None:
    """The official (None: the viewer may see nothing of them, 404) and one page of what was sent about them that
    the viewer may see, newest first, each with its sender and copies (what came back)."""
    official = officials_queries.official_for(user, official_pk)
    if official is None:
        return None
    rows = visible_to(user).filter(official_id=official_pk).select_related("sender", "official")
    page: Page[OfficialInformation] = _keyset(rows, "pk", cursor, size)
    _attach_copies(page.rows)
    return official, page


# --- what the actions need -----------------------------------------------------------------------------------


def officials_to_name(user: Viewer) -> QuerySet[Official]:
    """The officials the user's body may write information about: the ones it may see (officials registry)."""
    return officials_queries.visible_to(user)


def may_name(user: Viewer, official_pk: int) -> bool:
    return officials_queries.official_for(user, official_pk) is not None


def official_for_routing(pk: int) -> Official:
    """The official with what the routing rules look at (managing body, party organisation)."""
    return Official.objects.select_related("managing_body", "party_organization").get(pk=pk)


def active_users_of(organization_ids: list[int]) -> dict[int, list[User]]:
    """The active users of these bodies, by body (one query)."""
    out: dict[int, list[User]] = defaultdict(list)
    for u in User.objects.filter(organization_id__in=organization_ids, is_active=True).order_by("pk"):
        out[int(u.organization_id or 0)].append(u)
    return dict(out)


def sees_information_about(organization_id: int) -> QuerySet[Any]:
    """(involvement) the ids of officials a body works on information about: it sent or received some."""
    received = InformationCopy.objects.filter(recipient_id=organization_id).values("information_id")
    return OfficialInformation.objects.filter(Q(sender_id=organization_id) | Q(pk__in=received)).values(
        "official_id"
    )


def official_to_name(user: Viewer, official_pk: int) -> Official | None:
    """The official, when the user's body may write information about them (else None)."""
    return officials_queries.official_for(user, official_pk)
