"""Page actions without dead ends (issue 11, part 4).

An action (sign and send, answer, remind…) changes something, so only a POST runs it. Opened with GET — the
address bar after a refused form, a reload, a bookmark, a typed or shared address — it used to end on the
browser's "HTTP ERROR 405". `post_action` sends such a GET to the page the action belongs to instead (the
request's or the slot's page), after the same lookup that decides who may see that page: an outsider still
gets 404, an anonymous visitor still goes to the login page (`login_required` stays outside).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from phoihop.consultations import queries as consultations_queries
from phoihop.reports import queries as reports_queries

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

# Where a GET of an action goes: called with the view's own arguments; it looks the object up with the rule
# that decides who may see it (raising Http404 for anyone else) and returns the page's URL.
Target = Callable[..., str]

SAFE_METHODS = ("GET", "HEAD")


def post_action(redirect_to: Target) -> Callable[[View], View]:
    """POST runs the view; GET and HEAD redirect (302) to `redirect_to(request, *args, **kwargs)`; any other
    method is refused with 405, as before."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in SAFE_METHODS:
                return redirect(redirect_to(request, *args, **kwargs))
            return HttpResponseNotAllowed(["POST", *SAFE_METHODS])

        wrapper.post_action = True  # type: ignore[attr-defined]  # tests find the actions by it
        return cast(View, wrapper)

    return decorate


def is_post_action(view: Any) -> bool:
    """Whether a resolved view is a page action (for tests and the access matrix)."""
    return bool(getattr(view, "post_action", False))


# --- the pages actions belong to: the same lookups as the pages themselves ---------------------------


def consultation_request(request: HttpRequest, pk: int) -> str:
    """A request's action: its page, if the user may see the request."""
    req = consultations_queries.request_for(request.user, pk)
    if req is None:
        raise Http404
    return reverse("consult-detail", args=[req.pk])


def consultation_delivery(request: HttpRequest, pk: int) -> str:
    """A copy's action (answer, extension, receipt): the request's page, if the user may act on the copy."""
    delivery = consultations_queries.delivery_for(request.user, pk)
    if delivery is None:
        raise Http404
    return reverse("consult-detail", args=[delivery.request_id])


def report_slot(request: HttpRequest, pk: int) -> str:
    slot = get_object_or_404(reports_queries.visible_to(request.user).only("pk"), pk=pk)
    return reverse("reports-slot", args=[slot.pk])


def report_submission(request: HttpRequest, pk: int) -> str:
    """A version's action: its slot's page, if the user may see the version."""
    submission = get_object_or_404(
        reports_queries.submissions_visible_to(request.user).only("slot_id"), pk=pk
    )
    return reverse("reports-slot", args=[submission.slot_id])


def report_period(request: HttpRequest, obligation: int, key: str) -> str:
    """A period's reminders: the period table, for its receiving body."""
    received = reports_queries.received_slots(request.user)
    if not received.filter(obligation_id=obligation, period_key=key, request__isnull=True).exists():
        raise Http404
    return reverse("reports-period", args=[obligation, key])


def report_request(request: HttpRequest, pk: int) -> str:
    """An ad hoc request's reminders: its table, for the body that asked."""
    get_object_or_404(reports_queries.requests_of(request.user).only("pk"), pk=pk)
    return reverse("reports-request-table", args=[pk])


def home(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return reverse("home")
