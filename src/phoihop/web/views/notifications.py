"""Notifications you can read (issue 11): the list, opening one (marks it read), marking read, the settings of
e-mail. A user only ever reads and marks their own (queries.notification_for: 404 for anyone else's).

With HTMX (`hx-post`) marking one read swaps that row in place and marking all read swaps the page's rows; both
update the bell's count by an out-of-band swap (web/notifications/_bell_count.html). Without JavaScript the POST
redirects back to the list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.forms import EmailNotificationsForm
from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.common.keyset import Page
from phoihop.notifications import queries, rules
from phoihop.notifications.domain import mark_all_read, mark_read, set_email_notifications
from phoihop.notifications.models import Notification

from ._actions import post_action
from ._paging import cursor_of, page_or_first

PAGE_SIZE = 50
PLACEHOLDER = "999999999"


def _page(request: HttpRequest) -> Page[Notification]:
    """The page the cursor asks for (the first one, with a message, for a cursor not written here)."""
    return page_or_first(request, lambda cursor: queries.notification_page(request.user, cursor, PAGE_SIZE))


def _own(request: HttpRequest, pk: int) -> Notification:
    notification = queries.notification_for(request.user, pk)
    if notification is None:
        raise Http404
    return notification


def _with_links(rows: list[Notification]) -> list[Notification]:
    """Each row's links from one reverse() per page, not a {% url %} per row."""
    open_url = reverse("notification-open", args=[PLACEHOLDER])
    read_url = reverse("notification-read", args=[PLACEHOLDER])
    for n in rows:
        n.open_url = open_url.replace(PLACEHOLDER, str(n.pk))  # type: ignore[attr-defined]
        n.read_url = read_url.replace(PLACEHOLDER, str(n.pk))  # type: ignore[attr-defined]
    return rows


def _list_url(request: HttpRequest) -> str:
    """Back to the list, at the page the action was posted from."""
    cursor = cursor_of(request)
    url = reverse("notification-list")
    return f"{url}?{urlencode({'cursor': cursor})}" if cursor else url


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = _page(request)
    return render(
        request,
        "web/notifications/list.html",
        {"notifications": _with_links(page.rows), "page": page, "cursor": cursor_of(request) or ""},
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read: only to a page of this site (never an open redirect);
    a notification without a usable link opens the list."""
    notification = _own(request, pk)
    mark_read(signed_in(request.user), notification)
    return redirect(rules.safe_link(notification) or reverse("notification-list"))


def _back_to_list(request: HttpRequest, pk: int | None = None) -> str:
    if pk is not None:
        _own(request, pk)  # someone else's: 404, as the POST
    return reverse("notification-list")


@login_required
@post_action(_back_to_list)
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    mark_read(signed_in(request.user), notification)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "web/notifications/_read.html",
            {"n": _with_links([notification])[0], "cursor": cursor_of(request) or ""},
        )
    return redirect(_list_url(request))


@login_required
@post_action(_back_to_list)
def notification_read_all(request: HttpRequest) -> HttpResponse:
    marked = mark_all_read(signed_in(request.user))
    if request.htmx:  # type: ignore[attr-defined]
        page = _page(request)
        return render(
            request,
            "web/notifications/_all_read.html",
            {"notifications": _with_links(page.rows), "page": page, "cursor": cursor_of(request) or ""},
        )
    if marked:
        messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect(_list_url(request))


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    if request.method == "POST":
        form = EmailNotificationsForm(request.POST)
        if form.is_valid():
            try:
                set_email_notifications(user, form.cleaned_data["email_notifications"])
            except DomainError as exc:
                form.add_error("email_notifications", exc.message)
            else:
                messages.success(request, _("Đã lưu cài đặt thông báo."))
                return redirect("notification-settings")
    else:
        form = EmailNotificationsForm(initial={"email_notifications": user.email_notifications})
    return render(request, "web/notifications/settings.html", {"form": form})


urlpatterns = [
    path("", notification_list, name="notification-list"),
    path("cai-dat/", notification_settings, name="notification-settings"),
    path("da-doc-tat-ca/", notification_read_all, name="notification-read-all"),
    path("<int:pk>/mo/", notification_open, name="notification-open"),
    path("<int:pk>/da-doc/", notification_read, name="notification-read"),
]
