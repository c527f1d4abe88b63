"""Template context shared by every page: the counts in the page header (the menu's work badge and the bell),
each counted only when a template shows it, in one query, and never for an anonymous visitor. The badge's total
is remembered while the data has not changed (work.queue.menu_total): then its one query is a probe of two keys."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from phoihop.notifications import queries as notification_queries
from phoihop.work.queue import counts_for, menu_total

# Where a view that already counted the user's work (the home page) leaves the counts for the navigation.
COUNTS_ATTRIBUTE = "work_counts"


def work_counts(request: HttpRequest) -> dict[str, int]:
    """The user's work counted once per request (counts_for: one query), shared by the page and the menu."""
    counts: dict[str, int] | None = getattr(request, COUNTS_ATTRIBUTE, None)
    if counts is None:
        counts = counts_for(request.user)
        setattr(request, COUNTS_ATTRIBUTE, counts)
    return counts


def _total(request: HttpRequest) -> int:
    """The badge: the page's own counts when it counted the user's work (the home page), else menu_total (the
    total remembered while the data has not changed)."""
    counts: dict[str, int] | None = getattr(request, COUNTS_ATTRIBUTE, None)
    try:
        return sum(counts.values()) if counts is not None else menu_total(request.user)
    except DatabaseError:  # the error page of a failing database still renders its menu, without the count
        return 0


def work(request: HttpRequest) -> dict[str, Any]:
    """`work_total`: every item awaiting the signed-in user (the badge beside "Việc cần làm" in the menu), counted
    only when a template reads it, in one query; nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_total": SimpleLazyObject(lambda: _total(request))}


def notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the bell's count (one COUNT on the notifications' (user, read_at) index)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: notification_queries.unread_count(user))}
