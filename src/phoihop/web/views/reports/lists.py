"""The report lists: what the user's body must send, what it receives (one row per period), the copies it got."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from phoihop.reports import queries, rules
from phoihop.reports.domain.consolidation import punctuality
from phoihop.reports.enums import OPEN_SLOT_STATES, SlotOrigin, SlotState
from phoihop.reports.models import ReportSlot

from .common import LIST_LIMIT, today, year_of, years_around


@login_required
def own(request: HttpRequest) -> HttpResponse:
    """The reports the user's body must send in a year, by due date, with their state."""
    year = year_of(request)
    day = today()
    slots = list(
        queries.own_slots(request.user)
        .filter(due_on__year=year)
        .select_related("receiver", "regulation")
        .order_by("due_on", "title", "pk")[:LIST_LIMIT]
    )
    for s in slots:
        s.punctuality = punctuality(s, day)  # type: ignore[attr-defined]
        s.is_open = s.state in OPEN_SLOT_STATES  # type: ignore[attr-defined]
    return render(
        request,
        "web/reports/own.html",
        {"slots": slots, "year": year, "years": years_around(year), "today": day},
    )


def _period_rows(qs: QuerySet[ReportSlot], day: dt.date) -> list[dict[str, Any]]:
    """One row per period (or per ad hoc request): how many reporters, sent, late, missing, accepted."""
    rows = list(
        qs.values("obligation_id", "request_id", "period_key", "period_label", "title", "due_on", "origin")
        .annotate(
            total=Count("id"),
            sent=Count("id", filter=Q(first_sent_at__isnull=False)),
            late=Count("id", filter=Q(first_sent_at__isnull=False, late=True)),
            missing=Count("id", filter=Q(first_sent_at__isnull=True, due_on__lt=day)),
            returned=Count("id", filter=Q(state=SlotState.RETURNED)),
            accepted=Count("id", filter=Q(state=SlotState.ACCEPTED)),
        )
        .order_by("due_on", "title", "period_key")[:LIST_LIMIT]
    )
    for r in rows:
        if r["request_id"]:
            r["url"] = reverse("reports-request-table", args=[r["request_id"]])
        else:
            r["url"] = reverse("reports-period", args=[r["obligation_id"], r["period_key"]])
        r["origin_label"] = SlotOrigin(r["origin"]).label
    return rows


@login_required
def received(request: HttpRequest) -> HttpResponse:
    """The reports addressed to the user's body, one row per period: who reported, who is late or missing."""
    year = year_of(request)
    day = today()
    rows = _period_rows(queries.received_slots(request.user).filter(due_on__year=year), day)
    user = request.user
    return render(
        request,
        "web/reports/received.html",
        {
            "rows": rows,
            "year": year,
            "years": years_around(year),
            "today": day,
            "can_request": rules.can_request(user),
        },
    )


@login_required
def copies(request: HttpRequest) -> HttpResponse:
    """Copies received under a copy-to duty (đồng gửi)."""
    items = list(
        queries.copies_for(request.user)
        .select_related("slot", "slot__reporter", "slot__receiver", "submission", "duty")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    return render(request, "web/reports/copies.html", {"copies": items})
