"""Permission predicates on notifications: a user sees and marks only their own (queries.notification_for);
a notification's link is followed only to a page of this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

from .models import Notification


def safe_link(notification: Notification) -> str:
    """The notification's link if it is a path on this site ("/…", no scheme, no host, not "//…"), else "":
    opening a notification is never an open redirect, whatever was stored."""
    url = notification.url.strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=False):
        return ""
    return url
