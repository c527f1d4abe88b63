"""The receiving body's period table (one period of an obligation, or one ad hoc request): punctuality and
figures of every reporter with totals, its .xlsx and the archive of sent documents, and reminders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import build_table, upward_slot, with_sent_versions
from phoihop.reports.domain.schedule import due_advice
from phoihop.reports.domain.xlsx import XLSX_TYPE, documents_zip, file_stem, table_xlsx
from phoihop.reports.models import ReportSlot
from phoihop.workdays.queries import current_calendar

from .. import _actions
from .common import ZIP_TYPE, today


def _render_table(
    request: HttpRequest,
    slots_qs: QuerySet[ReportSlot],
    indicators: list[Any],
    *,
    base: str,
    args: list[Any],
    regulation_id: int | None,
    period_key: str,
) -> HttpResponse:
    slots = list(with_sent_versions(slots_qs))
    if not slots:
        raise Http404
    day = today()
    table = build_table(slots, indicators, day)
    fmt = request.GET.get("dang", "")
    if fmt == "xlsx":
        return HttpResponse(
            table_xlsx(table),
            content_type=XLSX_TYPE,
            headers={"Content-Disposition": f'attachment; filename="tong-hop-{file_stem(table)}.xlsx"'},
        )
    if fmt == "zip":
        return HttpResponse(
            documents_zip(table),
            content_type=ZIP_TYPE,
            headers={"Content-Disposition": f'attachment; filename="van-ban-{file_stem(table)}.zip"'},
        )
    user = request.user
    receiver_id = slots[0].receiver_id
    table.upward = upward_slot(receiver_id, regulation_id, period_key)
    # each figure with its indicator's name: on a small screen every cell shows it (data-label)
    labels = [str(ind.label) for ind in table.indicators]
    for row in table.rows:
        row.cells = list(zip(labels, row.values, strict=False))  # type: ignore[attr-defined]
    table.total_cells = list(zip(labels, table.totals, strict=False))  # type: ignore[attr-defined]
    return render(
        request,
        "web/reports/period.html",
        {
            "table": table,
            "receiver": slots[0].receiver,
            "can_review": rules.can_receive_for(user, receiver_id),
            "remind_url": reverse(f"{base}-remind", args=args),
            "xlsx_url": reverse(base, args=args) + "?dang=xlsx",
            "zip_url": reverse(base, args=args) + "?dang=zip",
            "advice": due_advice(current_calendar(), table.due_on) if table.due_on else "",
            "today": day,
        },
    )


def _period_qs(request: HttpRequest, obligation: int, key: str) -> QuerySet[ReportSlot]:
    return queries.received_slots(request.user).filter(
        obligation_id=obligation, period_key=key, request__isnull=True
    )


def _request_qs(request: HttpRequest, pk: int) -> QuerySet[ReportSlot]:
    return queries.received_slots(request.user).filter(request_id=pk)


@login_required
def period(request: HttpRequest, obligation: int, key: str) -> HttpResponse:
    ob = queries.obligation(obligation)
    if ob is None:
        raise Http404
    return _render_table(
        request,
        _period_qs(request, obligation, key),
        list(ob.indicators.all()),
        base="reports-period",
        args=[obligation, key],
        regulation_id=ob.regulation_id,
        period_key=key,
    )


@login_required
def request_table(request: HttpRequest, pk: int) -> HttpResponse:
    report_request = get_object_or_404(queries.requests_of(request.user).select_related("obligation"), pk=pk)
    indicators = list(report_request.obligation.indicators.all()) if report_request.obligation else []
    return _render_table(
        request,
        _request_qs(request, pk),
        indicators,
        base="reports-request-table",
        args=[pk],
        regulation_id=None,
        period_key="",
    )


def _remind(request: HttpRequest, slots_qs: QuerySet[ReportSlot], back: str) -> HttpResponse:
    slots = list(slots_qs.select_related("reporter", "receiver"))
    if not slots:
        raise Http404
    try:
        n = actions.send_reminders(signed_in(request.user), slots)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if n:
        messages.success(request, _("Đã nhắc %(n)d cơ quan gửi báo cáo.") % {"n": n})
    else:
        messages.info(request, _("Không có cơ quan nào cần nhắc (hoặc đã nhắc hôm nay)."))
    return redirect(back)


@login_required
@_actions.post_action(_actions.report_period)
def period_remind(request: HttpRequest, obligation: int, key: str) -> HttpResponse:
    return _remind(
        request, _period_qs(request, obligation, key), reverse("reports-period", args=[obligation, key])
    )


@login_required
@_actions.post_action(_actions.report_request)
def request_remind(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(queries.requests_of(request.user), pk=pk)
    return _remind(request, _request_qs(request, pk), reverse("reports-request-table", args=[pk]))
