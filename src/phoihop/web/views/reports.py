"""Pages for report slots: the reports a body owes, the reports it receives (by period), one slot with its
versions and actions, the period table with totals and downloads, ad hoc and thematic report requests.

Who sees what (on top of reports.queries):
- the reporting body sees its own slots and every version of them (drafts included);
- the receiving body sees every slot addressed to it and their sent versions, the period tables and downloads;
- a body named by a copy-to duty sees the slots it received a copy of, sent versions only;
- anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phoihop.audit.models import AuditEvent
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.organizations.models import Organization
from phoihop.regulations.models import ReportingObligation
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.asking import reportable
from phoihop.reports.domain.consolidation import (
    build_table,
    punctuality,
    upward_slot,
    with_sent_versions,
)
from phoihop.reports.domain.schedule import due_advice
from phoihop.reports.domain.xlsx import XLSX_TYPE, documents_zip, table_xlsx, template
from phoihop.reports.enums import OPEN_SLOT_STATES, SlotOrigin, SlotState, SubmissionState
from phoihop.reports.forms import DraftForm, ReasonForm, ReportRequestForm, XlsxUploadForm
from phoihop.reports.models import ReportSlot, ReportSubmission
from phoihop.workdays.queries import current_calendar

LIST_LIMIT = 300
ZIP_TYPE = "application/zip"


def _today() -> dt.date:
    return local_date(timezone.now())


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    if raw.isascii() and raw.isdecimal() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return _today().year


def _years(year: int) -> list[int]:
    return [year - 1, year, year + 1]


# --- lists -----------------------------------------------------------------------------------------


@login_required
def own(request: HttpRequest) -> HttpResponse:
    """The reports the user's body must send in a year, by due date, with their state."""
    year = _year(request)
    today = _today()
    slots = list(
        queries.own_slots(request.user)
        .filter(due_on__year=year)
        .select_related("receiver", "regulation")
        .order_by("due_on", "title", "pk")[:LIST_LIMIT]
    )
    for s in slots:
        s.punctuality = punctuality(s, today)  # type: ignore[attr-defined]
        s.is_open = s.state in OPEN_SLOT_STATES  # type: ignore[attr-defined]
    return render(
        request,
        "web/reports/own.html",
        {"slots": slots, "year": year, "years": _years(year), "today": today},
    )


def _period_rows(qs: QuerySet[ReportSlot], today: dt.date) -> list[dict[str, Any]]:
    """One row per period (or per ad hoc request): how many reporters, sent, late, missing, accepted."""
    rows = list(
        qs.values("obligation_id", "request_id", "period_key", "period_label", "title", "due_on", "origin")
        .annotate(
            total=Count("id"),
            sent=Count("id", filter=Q(first_sent_at__isnull=False)),
            late=Count("id", filter=Q(first_sent_at__isnull=False, late=True)),
            missing=Count("id", filter=Q(first_sent_at__isnull=True, due_on__lt=today)),
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
    year = _year(request)
    today = _today()
    rows = _period_rows(queries.received_slots(request.user).filter(due_on__year=year), today)
    user: Any = request.user
    return render(
        request,
        "web/reports/received.html",
        {
            "rows": rows,
            "year": year,
            "years": _years(year),
            "today": today,
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


# --- the period table --------------------------------------------------------------------------------


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
    today = _today()
    table = build_table(slots, indicators, today)
    fmt = request.GET.get("dang", "")
    if fmt == "xlsx":
        return HttpResponse(
            table_xlsx(table),
            content_type=XLSX_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="tong-hop-{_slug(period_key or args)}.xlsx"'
            },
        )
    if fmt == "zip":
        return HttpResponse(
            documents_zip(table),
            content_type=ZIP_TYPE,
            headers={"Content-Disposition": f'attachment; filename="ho-so-{_slug(period_key or args)}.zip"'},
        )
    user: Any = request.user
    receiver_id = slots[0].receiver_id
    table.upward = upward_slot(receiver_id, regulation_id, period_key)
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
            "today": today,
        },
    )


def _slug(value: Any) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in str(value)).strip("-") or "bao-cao"


def _period_qs(request: HttpRequest, obligation: int, key: str) -> QuerySet[ReportSlot]:
    return queries.received_slots(request.user).filter(
        obligation_id=obligation, period_key=key, request__isnull=True
    )


def _request_qs(request: HttpRequest, pk: int) -> QuerySet[ReportSlot]:
    return queries.received_slots(request.user).filter(request_id=pk)


@login_required
def period(request: HttpRequest, obligation: int, key: str) -> HttpResponse:
    ob = get_object_or_404(ReportingObligation.objects.select_related("regulation"), pk=obligation)
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
        n = actions.send_reminders(request.user, slots)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if n:
        messages.success(request, _("Đã nhắc %(n)d cơ quan gửi báo cáo.") % {"n": n})
    else:
        messages.info(request, _("Không có cơ quan nào cần nhắc (hoặc đã nhắc hôm nay)."))
    return redirect(back)


@login_required
@require_POST
def period_remind(request: HttpRequest, obligation: int, key: str) -> HttpResponse:
    return _remind(
        request, _period_qs(request, obligation, key), reverse("reports-period", args=[obligation, key])
    )


@login_required
@require_POST
def request_remind(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(queries.requests_of(request.user), pk=pk)
    return _remind(request, _request_qs(request, pk), reverse("reports-request-table", args=[pk]))


# --- one slot ----------------------------------------------------------------------------------------


def _visible_slot(request: HttpRequest, pk: int) -> ReportSlot:
    return get_object_or_404(
        queries.visible_to(request.user).select_related(
            "reporter",
            "receiver",
            "regulation",
            "obligation",
            "obligation__regulation",
            "request",
            "request__obligation",
            "request__obligation__regulation",
        ),
        pk=pk,
    )


def _timeline(slot: ReportSlot, versions: list[ReportSubmission], sees_drafts: bool) -> list[AuditEvent]:
    ids = [str(v.pk) for v in versions]
    q = Q(target_type=ReportSlot._meta.label_lower, target_id=str(slot.pk))
    if sees_drafts:
        q |= Q(target_type=ReportSubmission._meta.label_lower, target_id__in=ids)
    return list(AuditEvent.objects.filter(q).select_related("actor").order_by("at", "pk"))


def _render_slot(
    request: HttpRequest,
    slot: ReportSlot,
    *,
    draft_form: DraftForm | None = None,
    xlsx_form: XlsxUploadForm | None = None,
    reason_form: ReasonForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    today = _today()
    indicators = actions.indicators_of(slot)
    versions = list(
        queries.submissions_visible_to(user)
        .filter(slot=slot)
        .select_related("created_by", "approved_by")
        .order_by("version")
    )
    is_reporter = rules.is_reporter_member(user, slot)
    draft = next((v for v in versions if v.state != SubmissionState.SENT), None) if is_reporter else None
    sent = [v for v in versions if v.state == SubmissionState.SENT]
    for v in versions:
        v.rows = [(ind.label, v.figures.get(ind.code)) for ind in indicators]  # type: ignore[attr-defined]
    is_open = slot.state in OPEN_SLOT_STATES
    can_edit = bool(
        is_open and rules.can_draft(user, slot) and (draft is None or draft.state == SubmissionState.DRAFT)
    )
    if draft_form is None:
        initial: dict[str, Any] = {}
        source = draft or (sent[-1] if sent else None)
        if source is not None:
            initial = {f"fig_{k}": v for k, v in source.figures.items()}
            initial["note"] = source.note if source is draft else ""
        draft_form = DraftForm(initial=initial, indicators=indicators)
    obligation = actions.obligation_of(slot)
    context = {
        "slot": slot,
        "today": today,
        "punctuality": punctuality(slot, today),
        "advice": due_advice(current_calendar(), slot.due_on),
        "indicators": indicators,
        "versions": versions,
        "draft": draft,
        "is_reporter": is_reporter,
        "is_receiver": rules.is_receiver_member(user, slot),
        "can_edit": can_edit,
        "can_submit": bool(
            draft and draft.state == SubmissionState.DRAFT and rules.can_draft(user, slot) and is_open
        ),
        "can_approve": bool(draft and rules.can_approve(user, slot) and is_open),
        "can_review": rules.can_review(user, slot) and slot.state == SlotState.SUBMITTED,
        "has_template": bool(obligation is not None and indicators),
        "draft_form": draft_form,
        "xlsx_form": xlsx_form or XlsxUploadForm(),
        "reason_form": reason_form or ReasonForm(),
        "copies": list(slot.copies.select_related("copy_to", "duty").order_by("pk")),
        "timeline": _timeline(slot, versions, is_reporter),
        "action_error": error,
        "table_url": (
            reverse("reports-request-table", args=[slot.request_id])
            if slot.request_id
            else reverse("reports-period", args=[slot.obligation_id, slot.period_key])
            if slot.obligation_id
            else ""
        ),
    }
    return render(request, "web/reports/slot.html", context, status=status)


@login_required
def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_slot(request, _visible_slot(request, pk))


def _domain_error_to(form: forms.Form, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None)
    field = exc.field if exc.field in form.fields else None
    if errors:
        for e in errors:
            form.add_error(field, e)
    else:
        form.add_error(field, exc.message)


def _form_post(
    request: HttpRequest,
    slot: ReportSlot,
    form: forms.Form,
    form_name: str,
    act: Callable[[dict[str, Any]], object],
    *,
    done: str,
    invalid: str,
) -> HttpResponse:
    """Validate a form of the slot page, run the domain action, and on any error render the page again with
    the form, its errors and nothing changed."""
    bound: dict[str, Any] = {form_name: form}
    if not form.is_valid():
        return _render_slot(request, slot, **bound, error=invalid, status=400)
    try:
        act(form.cleaned_data)
    except DomainError as exc:
        _domain_error_to(form, exc)
        fresh = _visible_slot(request, slot.pk)  # unchanged state, fresh from the database
        return _render_slot(request, fresh, **bound, error=exc.message, status=exc.status)
    messages.success(request, done)
    return redirect("reports-slot", pk=slot.pk)


@login_required
@require_POST
def save_draft(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    if not rules.is_reporter_member(request.user, slot):
        raise Http404
    form = DraftForm(request.POST, request.FILES, indicators=actions.indicators_of(slot))
    return _form_post(
        request,
        slot,
        form,
        "draft_form",
        lambda c: actions.save_draft(
            request.user,
            slot,
            document=c["document"],
            figures=form.figures() if form.indicators else None,
            note=c["note"],
        ),
        done=_("Đã lưu dự thảo báo cáo."),
        invalid=_("Chưa lưu được: hãy sửa các lỗi dưới đây."),
    )


@login_required
@require_POST
def upload_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    if not rules.is_reporter_member(request.user, slot):
        raise Http404
    return _form_post(
        request,
        slot,
        XlsxUploadForm(request.POST, request.FILES),
        "xlsx_form",
        lambda c: actions.upload_figures(
            request.user, slot, c["xlsx"], document=c["document"], note=c["note"]
        ),
        done=_("Đã nhận số liệu từ tệp .xlsx và lưu dự thảo báo cáo."),
        invalid=_("Chưa lưu được: hãy chọn tệp .xlsx."),
    )


@login_required
def xlsx_template(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    obligation = actions.obligation_of(slot)
    indicators = actions.indicators_of(slot)
    if obligation is None or not indicators:
        raise Http404
    data = template(obligation, indicators, reporter=slot.reporter.name, period=slot.period_label)
    return HttpResponse(
        data,
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="mau-so-lieu-{_slug(obligation.code)}.xlsx"'},
    )


def _visible_submission(request: HttpRequest, pk: int) -> ReportSubmission:
    return get_object_or_404(
        queries.submissions_visible_to(request.user).select_related(
            "slot", "slot__reporter", "slot__receiver", "slot__regulation"
        ),
        pk=pk,
    )


def _submission_action(
    fn: Callable[[Any, ReportSubmission], object], done: Any
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        submission = _visible_submission(request, pk)
        try:
            fn(request.user, submission)
        except DomainError as exc:
            return _render_slot(
                request, _visible_slot(request, submission.slot_id), error=exc.message, status=exc.status
            )
        messages.success(request, done)
        return redirect("reports-slot", pk=submission.slot_id)

    return view


submit = _submission_action(actions.submit_for_approval, gettext_lazy("Đã trình lãnh đạo duyệt báo cáo."))
approve_send = _submission_action(
    lambda u, s: actions.approve_and_send(u, s), gettext_lazy("Đã duyệt và gửi báo cáo.")
)
return_draft = _submission_action(
    lambda u, s: actions.return_draft(u, s), gettext_lazy("Đã trả lại dự thảo báo cáo.")
)


@login_required
def document(request: HttpRequest, pk: int) -> FileResponse:
    submission = _visible_submission(request, pk)
    try:
        handle = submission.document.open("rb")
    except (OSError, ValueError) as exc:  # the stored file is gone: not found, never a 500
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=submission.original_name or "bao-cao")


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    try:
        actions.accept(request.user, slot)
    except DomainError as exc:
        return _render_slot(request, _visible_slot(request, pk), error=exc.message, status=exc.status)
    messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect("reports-slot", pk=pk)


@login_required
@require_POST
def return_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    return _form_post(
        request,
        slot,
        ReasonForm(request.POST),
        "reason_form",
        lambda c: actions.return_for_correction(request.user, slot, c["reason"]),
        done=_("Đã trả lại báo cáo để chỉnh sửa."),
        invalid=_("Hãy nêu nội dung cần chỉnh sửa."),
    )


# --- ad hoc and thematic requests ----------------------------------------------------------------------


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not rules.can_request(user):
        raise Http404
    today = _today()
    # Only the bodies this body may ask under the regulation data (lead → partners; authority → bodies it
    # directs); a forged choice outside them is refused by the form, and again by the domain action.
    allowed = reportable(user.organization, actions.asking_regulations(), today)
    orgs = Organization.objects.filter(pk__in=list(allowed)).order_by("level", "name")
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
                _domain_error_to(form, exc)
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


urlpatterns = [
    path("", own, name="reports-own"),
    path("nhan/", received, name="reports-received"),
    path("dong-gui/", copies, name="reports-copies"),
    path("ky/<int:obligation>/<str:key>/", period, name="reports-period"),
    path("ky/<int:obligation>/<str:key>/nhac/", period_remind, name="reports-period-remind"),
    path("yeu-cau/", request_list, name="reports-requests"),
    path("yeu-cau/moi/", request_create, name="reports-request-create"),
    path("yeu-cau/<int:pk>/", request_table, name="reports-request-table"),
    path("yeu-cau/<int:pk>/nhac/", request_remind, name="reports-request-table-remind"),
    path("<int:pk>/", slot_detail, name="reports-slot"),
    path("<int:pk>/soan/", save_draft, name="reports-draft"),
    path("<int:pk>/tai-so-lieu/", upload_xlsx, name="reports-xlsx-upload"),
    path("<int:pk>/mau-so-lieu.xlsx", xlsx_template, name="reports-xlsx-template"),
    path("<int:pk>/tiep-nhan/", accept, name="reports-accept"),
    path("<int:pk>/tra-lai/", return_slot, name="reports-return"),
    path("ban/<int:pk>/trinh/", submit, name="reports-submit"),
    path("ban/<int:pk>/duyet-gui/", approve_send, name="reports-approve"),
    path("ban/<int:pk>/tra-lai/", return_draft, name="reports-return-draft"),
    path("ban/<int:pk>/tep/", document, name="reports-document"),
]
