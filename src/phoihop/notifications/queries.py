"""Who sees which notifications: a user sees only their own, on the list page, the bell and the API.

The list is read by key (newest first, on notification_list_idx (user, -id)), as the inbox is
(consultations.queries.inbox_page): a page reads its rows plus one; a cursor is the key of a shown row, "a.<id>"
for the rows after it, "b.<id>" for those before it; no OFFSET, no total count.
"""

from __future__ import annotations

from django.db.models import QuerySet

from phoihop.accounts.types import Viewer
from phoihop.common.keyset import BadCursor as BadCursor  # re-exported: the pages and the API catch it here
from phoihop.common.keyset import Page as Page

from .models import Notification

PAGE_SIZE = 50

# what the list, the bell's page and the API show of a notification
LIST_FIELDS = ("id", "user_id", "kind", "title", "body", "url", "created_at", "read_at")


def visible_to(user: Viewer) -> QuerySet[Notification]:
    """A user sees only their own notifications."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notification_for(user: Viewer, pk: int) -> Notification | None:
    """One notification of the user's own by id (None for anyone else's: the page and the API answer 404)."""
    if not user.is_authenticated:
        return None
    return Notification.objects.filter(pk=pk, user_id=user.pk).only(*LIST_FIELDS).first()


def unread_count(user: Viewer) -> int:
    """The bell's number: the user's unread notifications, one COUNT on the (user, read_at) index."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).order_by().count()


def _decode(cursor: str) -> tuple[bool, int]:
    direction, _, pk = cursor.partition(".")
    try:
        value = int(pk)
    except ValueError as exc:
        raise BadCursor(cursor) from exc
    if direction not in ("a", "b") or not 0 < value < 2**63 or pk != str(value):
        raise BadCursor(cursor)
    return direction == "a", value


def notification_page(user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[Notification]:
    """One page of the user's notifications, newest first, from `cursor` (None: the first page): one query of
    at most size + 1 rows on notification_list_idx. Raises BadCursor for a cursor not written here."""
    if not user.is_authenticated:
        return Page([], None, None)
    rows_of = Notification.objects.filter(user_id=user.pk).only(*LIST_FIELDS)
    if cursor is None:
        forward, key = True, None
    else:
        forward, key = _decode(cursor)
    if forward:
        qs = rows_of.order_by("-pk")
        if key is not None:
            qs = qs.filter(pk__lt=key)
        rows = list(qs[: size + 1])
        if key is not None and not rows:  # past the end (its rows are gone): the first page
            return notification_page(user, None, size)
        shown = rows[:size]
        return Page(
            shown,
            f"a.{shown[-1].pk}" if len(rows) > size else None,
            f"b.{shown[0].pk}" if key is not None and shown else None,
        )
    assert key is not None
    rows = list(rows_of.filter(pk__gt=key).order_by("pk")[: size + 1])
    if len(rows) <= size:  # back at the start: the first page, as read from the start
        return notification_page(user, None, size)
    shown = rows[:size][::-1]
    return Page(shown, f"a.{shown[-1].pk}", f"b.{shown[0].pk}")
