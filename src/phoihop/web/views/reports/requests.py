"""Ad hoc and thematic report requests: the ones the user's body made, and the form to ask bodies for one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.asking import reportable
from phoihop.reports.enums import SlotOrigin
from phoihop.reports.forms import ReportRequestForm

from .common import LIST_LIMIT, domain_error_to, today


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    receiver = user.organization if rules.can_request(user) else None  # can_request asks for an organisation
    if receiver is None:
        raise Http404
    # Only the bodies this body may ask under the regulation data (lead → partners; authority → bodies it
    # directs); a forged choice outside them is refused by the form, and again by the domain action.
    allowed = reportable(receiver, actions.asking_regulations(), today())
    orgs = queries.organizations_among(allowed)
    bound = request.method == "POST"
    form = ReportRequestForm(request.POST if bound else None, organizations=orgs)
    status = 200
    if bound:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = actions.create_request(
                    user,
                    origin=SlotOrigin(data["origin"]),
                    subject=data["subject"],
                    body=data["body"],
                    reporters=list(data["reporters"]),
                    due_on=data["due_on"],
                    working_days=data["working_days"],
                )
            except DomainError as exc:
                domain_error_to(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã gửi yêu cầu báo cáo."))
                return redirect("reports-request-table", pk=created.pk)
    return render(request, "web/reports/request_form.html", {"form": form}, status=status)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    items = list(
        queries.requests_of(request.user)
        .annotate(
            n_reporters=Count("slots"),
            n_sent=Count("slots", filter=Q(slots__first_sent_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    return render(request, "web/reports/requests.html", {"items": items})
