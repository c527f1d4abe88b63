"""Pages for coordination requests: inbox, outbox, dashboard, detail, forms for every action.

Who sees what is decided in phoihop.consultations (queries.py, rules.py), the same functions the API calls:
- the sender's members and the authority a request was escalated to see every recipient's copy
  (rules.sees_every_delivery);
- a recipient sees its own copy only (never another recipient's answer, attachments or audit events:
  rules.shown_deliveries, rules.shown_attachments, queries.timeline);
- delivery actions (answer, extension, receipt) and answer attachments are 404 for anyone else
  (queries.delivery_for, queries.attachment_for);
- one request or copy is found by queries.request_for / delivery_for: the same rule as visible_to /
  own_deliveries, decided on the object itself, at the same cost whatever the body's history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor, signed_in
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.consultations import queries, rules
from phoihop.consultations.domain import actions, assignment, editing
from phoihop.consultations.domain.policy import applicable_regulations
from phoihop.consultations.enums import (
    ANSWERABLE_STATES,
    OPEN_DELIVERY_STATES,
    DeliveryState,
    PersonnelProcedure,
    Position,
    RequestKind,
    RequestState,
)
from phoihop.consultations.forms import (
    AnswerDraftForm,
    AnswerForm,
    AssignForm,
    DraftReturnForm,
    EscalationForm,
    ExtensionForm,
    MeetingForm,
    ReceiptForm,
    RequestForm,
    ReturnForm,
    RulingForm,
    WithdrawForm,
)
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.regulations.describe import Described, kind_sentence
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from . import _actions
from ._paging import page_or_first

LIST_LIMIT = 200  # rows of the outbox's page and of each dashboard list
# The inbox is what to do next: its 50 most urgent copies (nearest deadline first), the rest a page further on.
# A page of 200 rows cost 78 ms of template alone at the busiest body: 20 clients on 2 workers waited 0.9 s (p95);
# at 50 rows, 0.44 s (bench/README.md, issue 10).
INBOX_PAGE_SIZE = 50

# domain error fields -> form fields, where the names differ
FIELD_ALIASES = {"files": "attachments"}


def _today() -> dt.date:
    return local_date(timezone.now())


def _visible_request(request: HttpRequest, pk: int) -> CoordinationRequest:
    req = queries.request_for(request.user, pk)
    if req is None:
        raise Http404
    return req


def _visible_delivery(request: HttpRequest, pk: int) -> Delivery:
    delivery = queries.delivery_for(request.user, pk)
    if delivery is None:
        raise Http404
    return delivery


def _annotate_deadlines(deliveries: list[Delivery], today: dt.date, calendar: WorkCalendar) -> None:
    """days_left: working days from today to the deadline (0 = due today); is_late: the deadline day is over."""
    for d in deliveries:
        d.days_left = None  # type: ignore[attr-defined]
        d.is_late = False  # type: ignore[attr-defined]
        if not d.deadline or d.state not in ANSWERABLE_STATES:
            continue
        if today > d.deadline:
            d.is_late = True  # type: ignore[attr-defined]
            continue
        try:
            d.days_left = calendar.working_days_between(today, d.deadline)  # type: ignore[attr-defined]
        except ValueError:  # outside the supported calendar years: show the date only
            d.days_left = None  # type: ignore[attr-defined]


# --- lists -----------------------------------------------------------------------------------------


def _detail_url(pk: int, template: str) -> str:
    return template.replace("999999999", str(pk))


def _labels(choices: Any) -> dict[str, str]:
    """The labels of a TextChoices in the request's language, translated once per page: get_FOO_display() per
    row hashes every lazy label of the field's choices (a third of the inbox's rendering time, issue 10)."""
    return {value: str(label) for value, label in choices.choices}


def _detail_template() -> str:
    """The detail page's URL with a placeholder id: one reverse() per page instead of one per row."""
    return reverse("consult-detail", args=[999999999])


def _personnel_line(req: CoordinationRequest, procedures: dict[str, str]) -> str:
    """A list row's personnel line ("Nhân sự: <official> — <procedure>"), "" for other kinds."""
    if req.official_id is None or req.official is None:
        return ""
    return _personnel_text(req.official.full_name, req.personnel_procedure, procedures)


def _personnel_text(official: str, procedure: str, procedures: dict[str, str]) -> str:
    return _("Nhân sự: %(official)s — %(procedure)s") % {
        "official": official,
        "procedure": procedures.get(procedure, procedure),
    }


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    # One page in the inbox's order (open copies nearest deadline first, then those without a deadline, then
    # the latest handled), each part read on its own index only as far as the page goes (issue 10).
    page = page_or_first(request, lambda cursor: queries.inbox_page(request.user, cursor, INBOX_PAGE_SIZE))
    deliveries = page.rows
    _annotate_deadlines(deliveries, _today(), current_calendar())
    url = _detail_template()
    states, kinds, procedures = _labels(DeliveryState), _labels(RequestKind), _labels(PersonnelProcedure)
    for d in deliveries:
        d.detail_url = _detail_url(d.request_id, url)
        # dd/mm/yyyy as the `date:"d/m/Y"` filter writes it, at a tenth of its cost per row
        d.received_text = d.received_on.strftime("%d/%m/%Y") if d.received_on else "—"
        d.deadline_text = d.deadline.strftime("%d/%m/%Y") if d.deadline else ""
        d.state_label = states.get(d.state, d.state)
        d.kind_label = kinds.get(d.request.kind, d.request.kind)
        d.personnel = _personnel_line(d.request, procedures)
    return render(request, "web/consultations/inbox.html", {"deliveries": deliveries, "page": page})


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    # One query: the page's rows on request_outbox_idx, each with its copies counted (issue 10).
    page = page_or_first(request, lambda cursor: queries.outbox_page(request.user, cursor, LIST_LIMIT))
    url = _detail_template()
    states, procedures = _labels(RequestState), _labels(PersonnelProcedure)
    for r in page.rows:
        r.detail_url = _detail_url(r.pk, url)
        r.state_label = states.get(r.state, r.state)
        if r.official_name is not None:
            r.personnel = _personnel_text(r.official_name, r.personnel_procedure, procedures)
    return render(request, "web/consultations/outbox.html", {"requests": page.rows, "page": page})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = _today()
    calendar = current_calendar()
    # "Sắp đến hạn": today and the next SOON_WORKING_DAYS working days (never the calendar week: across Tết the
    # window reaches past the holiday); outside the calendar's years, a week of days
    try:
        soon_end = calendar.add_working_days(today, SOON_WORKING_DAYS)
    except ValueError:
        soon_end = today + dt.timedelta(days=7)
    due_soon = list(queries.dashboard_due(user, today, soon_end)[:LIST_LIMIT])
    overdue = list(queries.dashboard_overdue(user, today)[:LIST_LIMIT])
    to_answer = list(queries.dashboard_to_answer(user)[:LIST_LIMIT])
    deemed = list(queries.dashboard_deemed(user)[:50])
    rulings = list(queries.dashboard_rulings(user)[:LIST_LIMIT])
    for rows in (due_soon, overdue, to_answer, deemed):
        _annotate_deadlines(rows, today, calendar)
    return render(
        request,
        "web/consultations/dashboard.html",
        {
            "due_week": due_soon,
            "overdue": overdue,
            "to_answer": to_answer,
            "deemed": deemed,
            "rulings": rulings,
            "today": today,
            "soon_end": soon_end,
            "soon_days": SOON_WORKING_DAYS,
            "is_working_day": calendar.is_working_day(today),
        },
    )


SOON_WORKING_DAYS = 3  # the dashboard's "Sắp đến hạn" window (issue 11, part 6)


# --- create ----------------------------------------------------------------------------------------


def _add_domain_error(form: forms.Form, exc: DomainError) -> None:
    field = FIELD_ALIASES.get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def _picker(form: RequestForm, offer: editing.Offer) -> list[dict[str, Any]]:
    """The picker's groups with each body's checked state and channel, from the form's data or initial values."""
    chosen = {str(v) for v in form["recipients"].value() or []}
    paper = {str(v) for v in form["paper_recipients"].value() or []}
    return [
        {
            "kind": group.kind,
            "label": group.label,
            "items": [
                {
                    "pk": item.organization.pk,
                    "name": item.organization.name,
                    "level": item.organization.level,
                    "commune": item.is_commune,
                    "regulations": " ".join(str(pk) for pk in item.regulation_ids),
                    "search": item.search,
                    "checked": str(item.organization.pk) in chosen,
                    "paper": str(item.organization.pk) in paper,
                }
                for item in group.items
            ],
        }
        for group in offer.groups
    ]


def _request_form(
    request: HttpRequest, sender: Any, initial: dict[str, Any] | None = None
) -> tuple[RequestForm, editing.Offer]:
    regulations = applicable_regulations(sender)
    offer = editing.offered_recipients(regulations, sender, _today())
    bound = request.method == "POST"
    form = RequestForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        regulations=regulations,
        organizations=offer.organizations,
        communes_of=offer.communes_of,
        officials=queries.personnel_officials(request.user, regulations, sender),
        personnel_articles=queries.personnel_articles(regulations, sender),
        initial=initial,
    )
    return form, offer


def _draft_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "regulation": data["regulation"],
        "kind": RequestKind(data["kind"]),
        "subject": data["subject"],
        "body": data["body"],
        "recipients": list(data["recipients"]),
        "stated_deadline": data["stated_deadline"],
        "stated_working_days": data["stated_working_days"],
        "paper_recipients": [o.pk for o in data["paper_recipients"]],
        "files": data["attachments"],
        "official": data.get("official"),
        "personnel_procedure": data.get("personnel_procedure") or "",
        "personnel_article": data.get("personnel_article") or "",
    }


def _render_form(
    request: HttpRequest,
    form: RequestForm,
    offer: editing.Offer,
    status: int,
    req: CoordinationRequest | None = None,
) -> HttpResponse:
    context = {"form": form, "picker": _picker(form, offer), "req": req}
    return render(request, "web/consultations/form.html", context, status=status)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    sender = user.organization if rules.can_draft(user) else None  # can_draft asks for an organisation
    if sender is None:
        raise Http404
    # a one-time token per rendered form: a second POST of it opens the first draft (editing.create_draft_once)
    form, offer = _request_form(request, sender, initial={"form_token": uuid.uuid4()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, is_new = editing.create_draft_once(
                    user, data.get("form_token"), **_draft_fields(data)
                )
            except DomainError as exc:
                _add_domain_error(form, exc)
                status = exc.status
            else:
                if not is_new:
                    messages.info(
                        request, _("Văn bản này đã được lưu từ lần bấm trước; không tạo thêm dự thảo.")
                    )
                    return redirect("consult-detail", pk=created.pk)
                messages.success(request, _("Đã lưu dự thảo."))
                warning = actions.send_ahead_warning(created, _today(), current_calendar())
                if warning:
                    messages.warning(request, warning)
                return redirect("consult-detail", pk=created.pk)
    return _render_form(request, form, offer, status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The request form, prefilled, for a draft not submitted yet (new, or returned by the leader)."""
    req = _visible_request(request, pk)
    if not rules.may_edit_drafts_of(request.user, req):
        raise Http404
    user = signed_in(request.user)
    if not rules.can_edit_draft(user, req):
        messages.warning(request, editing.NOT_A_DRAFT)
        return redirect("consult-detail", pk=req.pk)
    form, offer = _request_form(request, req.sender, initial=editing.draft_initial(req))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                editing.update_draft(user, req, **_draft_fields(form.cleaned_data))
            except DomainError as exc:
                if exc.code == "not_a_draft":
                    messages.warning(request, exc.message)
                    return redirect("consult-detail", pk=req.pk)
                _add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("consult-detail", pk=req.pk)
    return _render_form(request, form, offer, status, req)


# --- detail ----------------------------------------------------------------------------------------

DELIVERY_FORMS: dict[str, type[forms.Form]] = {
    "answer": AnswerForm,
    "extension": ExtensionForm,
    "receipt": ReceiptForm,
}
REQUEST_FORMS: dict[str, type[forms.Form]] = {
    "meeting": MeetingForm,
    "escalation": EscalationForm,
    "ruling": RulingForm,
    "withdraw": WithdrawForm,
    "return": ReturnForm,
}


def _latest_reason(timeline: list[Any], state: str) -> str:
    """The reason given when the request last moved to `state` (withdrawn, or back to draft), read from that
    move's audit event (no column of its own)."""
    label = CoordinationRequest._meta.label_lower
    for event in reversed(timeline):
        if event.target_type == label and event.data.get("to") == state:
            return str(event.data.get("reason") or "")
    return ""


def _consolidated(deliveries: list[Delivery]) -> list[tuple[str, int]]:
    """How many recipients agreed, agreed with comments, disagreed, were deemed to consent, are still open."""
    counts: dict[str, int] = {}
    for d in deliveries:
        if d.state == DeliveryState.ANSWERED and d.position:
            key = str(Position(d.position).label)
        elif d.state == DeliveryState.DEEMED_CONSENT:
            key = _("Coi như đồng ý")
        elif d.state in OPEN_DELIVERY_STATES:
            key = _("Chưa trả lời")
        else:
            key = str(DeliveryState(d.state).label)
        counts[key] = counts.get(key, 0) + 1
    order = [str(p.label) for p in Position] + [_("Coi như đồng ý"), _("Chưa trả lời")]
    return sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


def request_kind_rule(req: CoordinationRequest) -> Any:
    """The rule of the request's kind under its own regulation version, as a sentence with its Reading."""
    rule = req.regulation.kind_rule(req.kind)
    if rule is None:
        return None
    consultation = getattr(req.regulation, "consultation_rule", None)
    return Described(kind_sentence(rule, consultation), rule.reading)


def _disagreement_reading(req: CoordinationRequest) -> str:
    consultation = getattr(req.regulation, "consultation_rule", None)
    return consultation.disagreement_reading if consultation is not None else ""


def _internal_forms(
    user: Any, shown: list[Delivery], bound: tuple[str, int | None, forms.Form] | None
) -> None:
    """Assignment and the answer draft of each copy whose internals the user sees (its own body's, issue 11):
    `d.sees_internal`, `d.draft`, and the forms the page offers (one query for the drafts, one for the
    specialists of a copy the user may assign)."""
    drafts = queries.live_drafts(user, shown)

    def bound_or(kind: str, pk: int, make: Callable[[str], forms.Form]) -> forms.Form:
        if bound is not None and bound[0] == kind and bound[1] == pk:
            return bound[2]
        return make(f"id_{kind}_{pk}_%s")

    for d in shown:
        draft = drafts.get(d.pk)
        d.sees_internal = rules.sees_internal(user, d)  # type: ignore[attr-defined]
        d.draft = draft  # type: ignore[attr-defined]
        d.assign_form = (  # type: ignore[attr-defined]
            bound_or(
                "assign",
                d.pk,
                lambda auto_id, d=d: AssignForm(  # type: ignore[misc]
                    auto_id=auto_id,
                    specialists=queries.assignable_specialists(d),
                    initial={"assignee": d.assignee_id, "internal_deadline": d.internal_deadline},
                ),
            )
            if rules.offers_assignment(user, d)
            else None
        )
        d.draft_form = (  # type: ignore[attr-defined]
            bound_or(
                "draft",
                d.pk,
                lambda auto_id, draft=draft: AnswerDraftForm(  # type: ignore[misc]
                    auto_id=auto_id,
                    initial=(
                        {
                            "kind": draft.kind,
                            "position": draft.position,
                            "text": draft.text,
                            "new_deadline": draft.new_deadline,
                            "extension_reason": draft.extension_reason,
                        }
                        if draft is not None
                        else {}
                    ),
                ),
            )
            if rules.offers_drafting(user, d, draft)
            else None
        )
        d.can_submit_draft = d.draft_form is not None and draft is not None  # type: ignore[attr-defined]
        d.can_decide_draft = rules.offers_draft_decision(user, d, draft)  # type: ignore[attr-defined]
        d.draft_return_form = (  # type: ignore[attr-defined]
            bound_or("draft_return", d.pk, lambda auto_id: DraftReturnForm(auto_id=auto_id))
            if d.can_decide_draft  # type: ignore[attr-defined]
            else None
        )


def _render_detail(
    request: HttpRequest,
    req: CoordinationRequest,
    *,
    bound: tuple[str, int | None, forms.Form] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    # Only the copies the viewer may read (a recipient: its own), not every copy of the request (issue 10).
    shown: list[Delivery] = queries.copies_shown(user, req)
    _annotate_deadlines(shown, _today(), current_calendar())
    is_sender = rules.is_sender_member(user, req)
    sees_all = rules.sees_every_delivery(user, req)
    attachments = rules.shown_attachments(
        req.attachments.select_related("delivery__recipient").order_by("pk"), shown
    )
    escalation = rules.escalation_of(req)
    positions: list[dict[str, Any]] = []
    if escalation is not None:
        positions = queries.positions_shown(
            escalation.positions, sees_all=sees_all, organization_ids={d.recipient_id for d in shown}
        )

    def form_for(kind: str, target: int | None) -> forms.Form:
        if bound is not None and bound[0] == kind and bound[1] == target:
            return bound[2]
        form_class = DELIVERY_FORMS.get(kind) or REQUEST_FORMS[kind]
        return form_class(auto_id=f"id_{kind}_{target}_%s" if target else "id_%s")

    # Only the forms the page offers are built (and rendered).
    for d in shown:
        d.user_can_answer = rules.offers_answer(user, d)  # type: ignore[attr-defined]
        d.user_can_extend = rules.offers_extension(user, d)  # type: ignore[attr-defined]
        d.user_can_record = rules.offers_receipt(user, req, d)  # type: ignore[attr-defined]
        d.answer_form = form_for("answer", d.pk) if d.user_can_answer else None  # type: ignore[attr-defined]
        d.extension_form = form_for("extension", d.pk) if d.user_can_extend else None  # type: ignore[attr-defined]
        d.receipt_form = form_for("receipt", d.pk) if d.user_can_record else None  # type: ignore[attr-defined]
    _internal_forms(user, shown, bound)
    has_disagreement = is_sender and any(d.position == Position.DISAGREE for d in shown)
    handles_disagreement = has_disagreement and req.state == RequestState.SENT
    can_approve = rules.can_approve(user, req)
    can_rule = escalation is not None and rules.can_rule(user, escalation)
    timeline = queries.timeline(req, shown, user)
    context = {
        "req": req,
        "deliveries": shown,
        "is_sender": is_sender,
        "sees_all": sees_all,
        "can_approve": can_approve,
        "attachments": attachments,
        "timeline": timeline,
        "consolidated": _consolidated(shown) if sees_all else [],
        "meetings": list(req.meetings.all()),
        "escalation": escalation,
        "escalation_reading": _disagreement_reading(req) if escalation is not None or is_sender else "",
        "kind_rule": request_kind_rule(req),
        "send_ahead_warning": (
            actions.send_ahead_warning(req, _today(), current_calendar())
            if rules.sees_send_ahead_warning(user, req)
            else ""
        ),
        "positions": positions,
        "can_rule": can_rule,
        "meeting_form": form_for("meeting", None) if handles_disagreement else None,
        "escalation_form": (
            form_for("escalation", None)
            if handles_disagreement and can_approve and escalation is None
            else None
        ),
        "ruling_form": form_for("ruling", None) if can_rule else None,
        "withdraw_form": form_for("withdraw", None) if is_sender else None,
        "return_form": form_for("return", None) if can_approve else None,
        "withdraw_reason": _latest_reason(timeline, RequestState.WITHDRAWN),
        "return_reason": _latest_reason(timeline, RequestState.DRAFT) if is_sender else "",
        "has_disagreement": has_disagreement,
        "RequestState": RequestState,
        "action_error": error,
        "bound_errors": bound[2].errors if bound is not None and bound[2].errors else None,
    }
    return render(request, "web/consultations/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = queries.request_page_for(request.user, pk)
    if req is None:
        raise Http404
    return _render_detail(request, req)


# --- actions ---------------------------------------------------------------------------------------


def _request_action(
    fn: Callable[[Actor, CoordinationRequest], object], done: Any
) -> Callable[..., HttpResponse]:
    @login_required
    @_actions.post_action(_actions.consultation_request)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        req = _visible_request(request, pk)
        try:
            fn(signed_in(request.user), req)
        except DomainError as exc:
            req = _visible_request(request, pk)  # unchanged state, fresh from the database
            return _render_detail(request, req, error=exc.message, status=exc.status)
        messages.success(request, done)
        return redirect("consult-detail", pk=req.pk)

    return view


submit = _request_action(actions.submit_for_approval, gettext_lazy("Đã trình lãnh đạo duyệt."))
approve_send = _request_action(
    lambda u, r: actions.approve_and_send(u, r), gettext_lazy("Đã ký và gửi văn bản.")
)
close = _request_action(lambda u, r: actions.close_request(u, r), gettext_lazy("Đã kết thúc văn bản."))


def _form_action(
    kind: str, fn: Callable[[Actor, Any, dict[str, Any]], object], done: Any, *, on_delivery: bool
) -> Callable[..., HttpResponse]:
    form_class = DELIVERY_FORMS[kind] if on_delivery else REQUEST_FORMS[kind]

    @login_required
    @_actions.post_action(_actions.consultation_delivery if on_delivery else _actions.consultation_request)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        target: Any = _visible_delivery(request, pk) if on_delivery else _visible_request(request, pk)
        req_pk = target.request_id if on_delivery else target.pk
        form = form_class(
            request.POST, request.FILES, auto_id=f"id_{kind}_{pk}_%s" if on_delivery else "id_%s"
        )
        status = 400
        error = None
        if form.is_valid():
            try:
                fn(signed_in(request.user), target, form.cleaned_data)
            except DomainError as exc:
                _add_domain_error(form, exc)
                error, status = exc.message, exc.status
            else:
                messages.success(request, done)
                return redirect("consult-detail", pk=req_pk)
        else:
            error = _("Chưa thực hiện được: hãy sửa các lỗi dưới đây.")
        req = _visible_request(request, req_pk)
        return _render_detail(
            request, req, bound=(kind, pk if on_delivery else None, form), error=error, status=status
        )

    return view


answer = _form_action(
    "answer",
    lambda u, d, c: actions.answer(
        u, d, position=Position(c["position"]), text=c["text"], files=c["attachments"]
    ),
    gettext_lazy("Đã gửi ý kiến trả lời."),
    on_delivery=True,
)
extension = _form_action(
    "extension",
    lambda u, d, c: actions.notify_extension(u, d, new_deadline=c["new_deadline"], reason=c["reason"]),
    gettext_lazy("Đã gửi thông báo gia hạn."),
    on_delivery=True,
)
receipt = _form_action(
    "receipt",
    lambda u, d, c: actions.record_receipt(u, d, c["received_on"], c["incoming_number"]),
    gettext_lazy("Đã vào sổ ngày nhận."),
    on_delivery=True,
)
meeting = _form_action(
    "meeting",
    lambda u, r, c: actions.record_meeting(
        u, r, held_on=c["held_on"], participants=c["participants"], outcome=c["outcome"]
    ),
    gettext_lazy("Đã ghi nhận cuộc họp lãnh đạo."),
    on_delivery=False,
)
escalate = _form_action(
    "escalation",
    lambda u, r, c: actions.escalate(u, r, summary=c["summary"]),
    gettext_lazy("Đã báo cáo cấp có thẩm quyền."),
    on_delivery=False,
)


def _rule(user: Actor, req: CoordinationRequest, cleaned: dict[str, Any]) -> None:
    escalation = rules.escalation_of(req)
    if escalation is None:
        raise DomainError("Văn bản này chưa được báo cáo cấp có thẩm quyền.", code="not_escalated")
    actions.record_ruling(user, escalation, ruling=cleaned["ruling"])


ruling = _form_action("ruling", _rule, gettext_lazy("Đã ghi kết luận."), on_delivery=False)
# a withdrawal and a return to draft say why (forms.WithdrawForm, forms.ReturnForm)
return_draft = _form_action(
    "return",
    lambda u, r, c: actions.return_to_draft(u, r, c["reason"]),
    gettext_lazy("Đã trả lại dự thảo."),
    on_delivery=False,
)
withdraw = _form_action(
    "withdraw",
    lambda u, r, c: actions.withdraw_request(u, r, c["reason"]),
    gettext_lazy("Đã thu hồi văn bản."),
    on_delivery=False,
)


# --- assignment and answer drafts inside the recipient (issue 11; consultations/domain/assignment.py) ----------


def _copy_action(
    kind: str,
    make_form: Callable[[Any, Delivery], forms.Form] | None,
    fn: Callable[[Actor, Delivery, dict[str, Any]], object],
    done: Any,
    may: tuple[Callable[[Any, Delivery], bool], str],
) -> Callable[..., HttpResponse]:
    """A POST on one copy (`noi-nhan/<pk>/...`): the copy by the same lookup as the page (404 for outsiders),
    refused (403) to whoever `may` refuses before its form is read, then its form when it has one, the domain's
    refusal shown on the request's page beside the form (400/403/409)."""

    @login_required
    @_actions.post_action(_actions.consultation_delivery)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        delivery = _visible_delivery(request, pk)
        allowed, refusal = may
        if not allowed(request.user, delivery):
            return _render_detail(
                request, _visible_request(request, delivery.request_id), error=refusal, status=403
            )
        form = make_form(request, delivery) if make_form is not None else None
        error, status = None, 400
        if form is None or form.is_valid():
            try:
                fn(signed_in(request.user), delivery, form.cleaned_data if form is not None else {})
            except DomainError as exc:
                if form is not None:
                    _add_domain_error(form, exc)
                error, status = exc.message, exc.status
            else:
                messages.success(request, done)
                return redirect("consult-detail", pk=delivery.request_id)
        else:
            error = _("Chưa thực hiện được: hãy sửa các lỗi dưới đây.")
        req = _visible_request(request, delivery.request_id)
        return _render_detail(
            request, req, bound=(kind, pk, form) if form is not None else None, error=error, status=status
        )

    return view


ASSIGNING = (rules.can_assign, assignment.ASSIGN_REFUSED)
DRAFTING = (rules.can_draft_answer, assignment.DRAFT_REFUSED)
DECIDING = (rules.can_decide_draft, assignment.DECIDE_REFUSED)


def _assign(user: Actor, delivery: Delivery, cleaned: dict[str, Any]) -> None:
    specialists = queries.assignable_specialists(delivery)
    assignment.assign_specialist(
        user, delivery, cleaned["assignee"], specialists, internal_deadline=cleaned.get("internal_deadline")
    )


assign_copy = _copy_action(
    "assign",
    lambda request, d: AssignForm(
        request.POST, auto_id=f"id_assign_{d.pk}_%s", specialists=queries.assignable_specialists(d)
    ),
    _assign,
    gettext_lazy("Đã giao xử lý."),
    ASSIGNING,
)
draft_save = _copy_action(
    "draft",
    lambda request, d: AnswerDraftForm(request.POST, auto_id=f"id_draft_{d.pk}_%s"),
    lambda u, d, c: assignment.save_draft(
        u,
        d,
        kind=c["kind"],
        position=c["position"],
        text=c["text"],
        new_deadline=c["new_deadline"],
        extension_reason=c["extension_reason"],
    ),
    gettext_lazy("Đã lưu dự thảo trả lời."),
    DRAFTING,
)
draft_submit = _copy_action(
    "draft_submit",
    None,
    lambda u, d, c: assignment.submit_draft(u, assignment.draft_of(u, d)),
    gettext_lazy("Đã trình lãnh đạo duyệt dự thảo trả lời."),
    DRAFTING,
)
draft_approve = _copy_action(
    "draft_approve",
    None,
    lambda u, d, c: assignment.approve_draft(u, assignment.draft_of(u, d, deciding=True)),
    gettext_lazy("Đã duyệt, ký và gửi trả lời."),
    DECIDING,
)
draft_return = _copy_action(
    "draft_return",
    lambda request, d: DraftReturnForm(request.POST, auto_id=f"id_draft_return_{d.pk}_%s"),
    lambda u, d, c: assignment.return_draft(u, assignment.draft_of(u, d, deciding=True), c["reason"]),
    gettext_lazy("Đã trả lại dự thảo trả lời."),
    DECIDING,
)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    att = queries.attachment_for(request.user, pk)
    if att is None:
        raise Http404
    try:
        handle = att.file.open("rb")
    except OSError as exc:  # the stored file is gone: not found, never a 500
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=att.original_name)


urlpatterns = [
    path("den/", inbox, name="consult-inbox"),
    path("di/", outbox, name="consult-outbox"),
    path("bang-dieu-khien/", dashboard, name="consult-dashboard"),
    path("moi/", create, name="consult-create"),
    path("<int:pk>/sua/", edit, name="consult-edit"),
    path("<int:pk>/", detail, name="consult-detail"),
    path("<int:pk>/trinh/", submit, name="consult-submit"),
    path("<int:pk>/ky-gui/", approve_send, name="consult-approve"),
    path("<int:pk>/tra-lai/", return_draft, name="consult-return"),
    path("<int:pk>/thu-hoi/", withdraw, name="consult-withdraw"),
    path("<int:pk>/ket-thuc/", close, name="consult-close"),
    path("<int:pk>/hop/", meeting, name="consult-meeting"),
    path("<int:pk>/bao-cao/", escalate, name="consult-escalate"),
    path("<int:pk>/ket-luan/", ruling, name="consult-ruling"),
    path("noi-nhan/<int:pk>/tra-loi/", answer, name="consult-answer"),
    path("noi-nhan/<int:pk>/gia-han/", extension, name="consult-extension"),
    path("noi-nhan/<int:pk>/vao-so/", receipt, name="consult-receipt"),
    path("noi-nhan/<int:pk>/giao/", assign_copy, name="consult-assign"),
    path("noi-nhan/<int:pk>/du-thao/", draft_save, name="consult-draft"),
    path("noi-nhan/<int:pk>/du-thao/trinh/", draft_submit, name="consult-draft-submit"),
    path("noi-nhan/<int:pk>/du-thao/duyet/", draft_approve, name="consult-draft-approve"),
    path("noi-nhan/<int:pk>/du-thao/tra-lai/", draft_return, name="consult-draft-return"),
    path("tep/<int:pk>/", attachment, name="consult-attachment"),
]
