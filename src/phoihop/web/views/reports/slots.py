"""One report slot: its page (versions, figures, copies, timeline, and the actions the user may take, from
rules.slot_permissions as in the API), drafting a version by form or by the .xlsx template, the version's file,
the reporting body's submit, return and approval, and the receiving body's acceptance or return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor, signed_in
from phoihop.common.errors import DomainError
from phoihop.reception import queries as reception_queries
from phoihop.reports import queries, rules
from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import punctuality
from phoihop.reports.domain.schedule import due_advice
from phoihop.reports.domain.xlsx import XLSX_TYPE, slot_file_stem, template
from phoihop.reports.enums import SubmissionState
from phoihop.reports.forms import DraftForm, ReasonForm, XlsxUploadForm
from phoihop.reports.models import ReportSlot, ReportSubmission
from phoihop.workdays.queries import current_calendar

from .. import _actions
from .common import domain_error_to, today


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
    user = request.user
    day = today()
    indicators = actions.indicators_of(slot)
    versions = list(
        queries.submissions_visible_to(user)
        .filter(slot=slot)
        .select_related("created_by", "approved_by")
        .order_by("version")
    )
    draft = next((v for v in versions if v.state != SubmissionState.SENT), None)
    can = rules.slot_permissions(user, slot, draft=draft)
    if not can.see_drafts:
        draft = None
    sent = [v for v in versions if v.state == SubmissionState.SENT]
    for v in versions:
        v.rows = [(ind.label, v.figures.get(ind.code)) for ind in indicators]  # type: ignore[attr-defined]
    if draft_form is None:
        initial: dict[str, Any] = {}
        source = draft or (sent[-1] if sent else None)
        if source is not None:
            initial = {f"fig_{k}": v for k, v in source.figures.items()}
            initial["note"] = source.note if source is draft else ""
        draft_form = DraftForm(initial=initial, indicators=indicators)
    context = {
        "slot": slot,
        "today": day,
        "punctuality": punctuality(slot, day),
        "advice": due_advice(current_calendar(), slot.due_on),
        "indicators": indicators,
        "versions": versions,
        "draft": draft,
        "can": can,
        "draft_form": draft_form,
        "xlsx_form": xlsx_form or XlsxUploadForm(),
        "reason_form": reason_form or ReasonForm(),
        "copies": list(queries.slot_copies(user, slot)),
        "supervised": queries.supervised_in_period(slot),
        "reception": _reception_in_period(slot),
        "timeline": queries.slot_timeline(slot, versions if can.see_drafts else ()),
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
        domain_error_to(form, exc)
        fresh = _visible_slot(request, slot.pk)  # unchanged state, fresh from the database
        return _render_slot(request, fresh, **bound, error=exc.message, status=exc.status)
    messages.success(request, done)
    return redirect("reports-slot", pk=slot.pk)


@login_required
@_actions.post_action(_actions.report_slot)
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
            signed_in(request.user),
            slot,
            document=c["document"],
            figures=form.figures() if form.indicators else None,
            note=c["note"],
        ),
        done=_("Đã lưu dự thảo báo cáo."),
        invalid=_("Chưa lưu được: hãy sửa các lỗi dưới đây."),
    )


@login_required
@_actions.post_action(_actions.report_slot)
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
            signed_in(request.user), slot, c["xlsx"], document=c["document"], note=c["note"]
        ),
        done=_("Đã nhận số liệu từ tệp .xlsx và lưu dự thảo báo cáo."),
        invalid=_("Chưa lưu được: hãy chọn tệp .xlsx."),
    )


def _reception_in_period(slot: ReportSlot) -> list[tuple[str, int]]:
    """The reporting body's citizen reception in the slot's period (the figures its periodic report gives:
    11-QĐi/TW as amended, 004 3.1); none for a report on request, which has no period."""
    if slot.period_start is None or slot.period_end is None:
        return []
    return reception_queries.report_figures(slot.reporter_id, (slot.period_start, slot.period_end))


@login_required
def xlsx_template(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    obligation = actions.obligation_of(slot)
    indicators = actions.indicators_of(slot)
    if obligation is None or not indicators:
        raise Http404
    data = template(
        obligation,
        indicators,
        reporter=slot.reporter.name,
        period=slot.period_label,
        supervised=queries.supervised_in_period(slot),
    )
    return HttpResponse(
        data,
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="mau-so-lieu-{slot_file_stem(slot)}.xlsx"'},
    )


def _visible_submission(request: HttpRequest, pk: int) -> ReportSubmission:
    return get_object_or_404(
        queries.submissions_visible_to(request.user).select_related(
            "slot", "slot__reporter", "slot__receiver", "slot__regulation"
        ),
        pk=pk,
    )


def _submission_action(
    fn: Callable[[Actor, ReportSubmission, QueryDict], object], done: Any
) -> Callable[..., HttpResponse]:
    """A leader's or drafter's action on one version; `fn` also gets the posted fields (the return's reason)."""

    @login_required
    @_actions.post_action(_actions.report_submission)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        submission = _visible_submission(request, pk)
        try:
            fn(signed_in(request.user), submission, request.POST)
        except DomainError as exc:
            return _render_slot(
                request, _visible_slot(request, submission.slot_id), error=exc.message, status=exc.status
            )
        messages.success(request, done)
        return redirect("reports-slot", pk=submission.slot_id)

    return view


submit = _submission_action(
    lambda u, s, _: actions.submit_for_approval(u, s), gettext_lazy("Đã trình lãnh đạo duyệt báo cáo.")
)
approve_send = _submission_action(
    lambda u, s, _: actions.approve_and_send(u, s), gettext_lazy("Đã duyệt và gửi báo cáo.")
)
return_draft = _submission_action(
    lambda u, s, posted: actions.return_draft(u, s, posted.get("reason", "")),
    gettext_lazy("Đã trả lại dự thảo báo cáo."),
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
@_actions.post_action(_actions.report_slot)
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    try:
        actions.accept(signed_in(request.user), slot)
    except DomainError as exc:
        return _render_slot(request, _visible_slot(request, pk), error=exc.message, status=exc.status)
    messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect("reports-slot", pk=pk)


@login_required
@_actions.post_action(_actions.report_slot)
def return_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _visible_slot(request, pk)
    return _form_post(
        request,
        slot,
        ReasonForm(request.POST),
        "reason_form",
        lambda c: actions.return_for_correction(signed_in(request.user), slot, c["reason"]),
        done=_("Đã trả lại báo cáo để chỉnh sửa."),
        invalid=_("Hãy nêu nội dung cần chỉnh sửa."),
    )
