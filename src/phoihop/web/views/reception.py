"""Pages of citizen reception by party secretaries (issue 13, point 6; Quy định 11-QĐi/TW as amended; 004 3.1)
under /tiep-cong-dan/: the sessions (keyset pages), the schedule of a month with the monthly minimum check and
the form to add a day, the record of a session, and a session's page with its written answer and follow-ups.
Every lookup goes through reception.queries (404 for anyone outside the body and its superior); every action
through reception.domain; the people received appear only as protected identities' handles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.legal import rules as legal
from phoihop.reception import queries, rules
from phoihop.reception.domain import actions
from phoihop.reception.enums import AnswerState, DayState, FollowUpState, SessionKind
from phoihop.reception.forms import (
    AnswerForm,
    CancelDayForm,
    CloseFollowUpForm,
    FollowUpForm,
    PlanDayForm,
    RecordSessionForm,
    parse_lines,
    parse_visitors,
)
from phoihop.reception.models import ReceptionSession
from phoihop.reception.schema import reception_data

from ._actions import post_action
from ._paging import cursor_of, page_or_first

PLACEHOLDER = "999999999"


def _today() -> dt.date:
    return local_date(timezone.now())


def _month(request: HttpRequest) -> dt.date:
    """The month the schedule shows: ?thang=mm/yyyy, else the current one."""
    month, _sep, year = request.GET.get("thang", "").partition("/")
    try:
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return _today().replace(day=1)


def _session(request: HttpRequest, pk: int) -> ReceptionSession:
    session = queries.session_for(request.user, pk)
    if session is None:
        raise Http404
    return session


def _session_url(request: HttpRequest, pk: int) -> str:
    return _session(request, pk).get_absolute_url()


def _schedule_url(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return reverse("reception-schedule")


def _day_url(request: HttpRequest, pk: int) -> str:
    planned = queries.day_for(request.user, pk)
    if planned is None:
        raise Http404
    return planned.get_absolute_url()


def _followup_url(request: HttpRequest, pk: int) -> str:
    followup = queries.followup_for(request.user, pk)
    if followup is None:
        raise Http404
    return followup.get_absolute_url()


def _form_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def reception_list(request: HttpRequest) -> HttpResponse:
    page = page_or_first(request, lambda cursor: queries.session_page(request.user, cursor))
    url = reverse("reception-session", args=[PLACEHOLDER])
    kinds, answers = dict(SessionKind.choices), dict(AnswerState.choices)
    rows = [
        {
            "s": s,
            "url": url.replace(PLACEHOLDER, str(s.pk)),
            "kind": kinds.get(s.kind, s.kind),
            "answer": answers.get(s.answer_state, s.answer_state),
        }
        for s in page.rows
    ]
    return render(
        request,
        "web/reception/list.html",
        {
            "rows": rows,
            "page": page,
            "next_url": f"?cursor={page.next}" if page.next else "",
            "first_url": "?" if cursor_of(request) else "",
            "can_keep": rules.can_keep(request.user),
        },
    )


def _render_schedule(request: HttpRequest, form: forms.Form | None = None) -> HttpResponse:
    month = _month(request)
    page = page_or_first(request, lambda cursor: queries.day_page(request.user, month, cursor))
    can_keep = rules.can_keep(request.user)
    actor = signed_in(request.user)
    check = queries.month_check(actor.organization, month) if can_keep and actor.organization else None
    states = dict(DayState.choices)
    rows = [
        {
            "d": d,
            "state": states.get(d.state, d.state),
            "own": can_keep and d.organization_id == actor.organization_id,
            "cancellable": d.state == DayState.PLANNED,
        }
        for d in page.rows
    ]
    prev_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    secretaries = queries.secretaries_for(request.user) if can_keep else []
    return render(
        request,
        "web/reception/schedule.html",
        {
            "month": month,
            "rows": rows,
            "page": page,
            "next_url": f"?thang={month:%m/%Y}&cursor={page.next}" if page.next else "",
            "prev_month_url": f"?thang={prev_month:%m/%Y}",
            "next_month_url": f"?thang={next_month:%m/%Y}",
            "check": check,
            "can_keep": can_keep,
            "form": form or (PlanDayForm(secretaries=secretaries) if can_keep else None),
            "cancel_form": CancelDayForm(),
            "law": reception_data().law,
        },
    )


@login_required
def reception_schedule(request: HttpRequest) -> HttpResponse:
    return _render_schedule(request)


@login_required
@post_action(_schedule_url)
def reception_plan(request: HttpRequest) -> HttpResponse:
    if not rules.can_keep(request.user):
        raise PermissionDenied
    actor = signed_in(request.user)
    form = PlanDayForm(request.POST, secretaries=queries.secretaries_for(actor))
    if not form.is_valid():
        return _render_schedule(request, form)
    d = form.cleaned_data
    try:
        planned = actions.plan_day(
            actor,
            d["day"],
            secretary_user=queries.user_by_id(actor, d["secretary_user"]),
            secretary_official=queries.official_by_id(actor, d["secretary_official"]),
            place=d["place"],
        )
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        _form_error(form, exc)
        return _render_schedule(request, form)
    messages.success(
        request, _("Đã thêm ngày %(day)s vào lịch tiếp dân.") % {"day": f"{planned.day:%d/%m/%Y}"}
    )
    return redirect(planned.get_absolute_url())


@login_required
@post_action(_day_url)
def reception_cancel_day(request: HttpRequest, pk: int) -> HttpResponse:
    planned = queries.day_for(request.user, pk)
    if planned is None:
        raise Http404
    actor = signed_in(request.user)
    if not rules.acts_for(actor, planned.organization_id):
        raise PermissionDenied
    form = CancelDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nêu lý do hủy ngày tiếp dân."))
        return redirect(planned.get_absolute_url())
    try:
        actions.cancel_day(actor, planned, form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(planned.get_absolute_url())
    messages.success(request, _("Đã hủy ngày tiếp dân."))
    return redirect(planned.get_absolute_url())


def _render_record(request: HttpRequest, form: forms.Form) -> HttpResponse:
    return render(request, "web/reception/record.html", {"form": form})


@login_required
def reception_record(request: HttpRequest) -> HttpResponse:
    if not rules.can_keep(request.user):
        raise PermissionDenied
    actor = signed_in(request.user)
    secretaries = queries.secretaries_for(actor)
    if request.method != "POST":
        return _render_record(
            request, RecordSessionForm(secretaries=secretaries, initial={"held_on": _today()})
        )
    form = RecordSessionForm(request.POST, secretaries=secretaries)
    if not form.is_valid():
        return _render_record(request, form)
    d = form.cleaned_data
    try:
        session = actions.record_session(
            actor,
            held_on=d["held_on"],
            people_count=d["people_count"],
            visitors=parse_visitors(d["visitors"]),
            matters=parse_lines(d["matters"]),
            conclusions=d["conclusions"],
            answered_on_spot=d["answered_on_spot"],
            secretary_user=queries.user_by_id(actor, d["secretary_user"]),
            secretary_official=queries.official_by_id(actor, d["secretary_official"]),
            place=d["place"],
        )
    except DomainError as exc:
        _form_error(form, exc)
        return _render_record(request, form)
    messages.success(request, _("Đã ghi nhận buổi tiếp dân."))
    return redirect(session.get_absolute_url())


@login_required
def reception_session(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_session(request, _session(request, pk))


def _render_session(request: HttpRequest, session: ReceptionSession, **forms_: forms.Form) -> HttpResponse:
    perms = rules.session_permissions(request.user, session)
    states = dict(FollowUpState.choices)
    rule = None
    if session.answer_rule:
        try:
            rule = legal.rule(session.answer_rule)
        except KeyError:
            rule = None
    return render(
        request,
        "web/reception/session.html",
        {
            "s": session,
            "perms": perms,
            "kind": SessionKind(session.kind).label,
            "answer": AnswerState(session.answer_state).label,
            "waiting": session.answer_state in (AnswerState.PENDING, AnswerState.OVERDUE),
            "rule": rule,
            "visitors": list(queries.visitors_of(session)),
            "matters": list(queries.matters_of(session)),
            "followups": [
                {"f": f, "state": states.get(f.state, f.state), "open": f.state != FollowUpState.DONE}
                for f in queries.followups_of(session)
            ],
            "answer_form": forms_.get("answer_form") or AnswerForm(initial={"sent_on": _today()}),
            "followup_form": forms_.get("followup_form") or FollowUpForm(),
            "close_form": forms_.get("close_form") or CloseFollowUpForm(),
        },
    )


def _act(
    request: HttpRequest,
    session: ReceptionSession,
    allowed: bool,
    form: forms.Form,
    key: str,
    run: Any,
    done: str,
) -> HttpResponse:
    if not allowed:
        raise PermissionDenied
    if not form.is_valid():
        return _render_session(request, session, **{key: form})
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_session(request, session, **{key: form})
        messages.error(request, exc.message)
        return redirect(session.get_absolute_url())
    messages.success(request, done)
    return redirect(session.get_absolute_url())


@login_required
@post_action(_session_url)
def reception_answer(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        session,
        rules.acts_for(actor, session.organization_id),
        AnswerForm(request.POST),
        "answer_form",
        lambda d: actions.send_answer(
            actor, session, sent_on=d["sent_on"], number=d["number"], summary=d["summary"]
        ),
        _("Đã ghi nhận văn bản trả lời."),
    )


@login_required
@post_action(_session_url)
def reception_followup(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        session,
        rules.acts_for(actor, session.organization_id),
        FollowUpForm(request.POST),
        "followup_form",
        lambda d: actions.add_followup(
            actor, session, task=d["task"], due_on=d["due_on"], responsible=d["responsible"]
        ),
        _("Đã giao việc."),
    )


@login_required
@post_action(_followup_url)
def reception_followup_close(request: HttpRequest, pk: int) -> HttpResponse:
    followup = queries.followup_for(request.user, pk)
    if followup is None:
        raise Http404
    actor = signed_in(request.user)
    session = _session(request, followup.session_id)
    return _act(
        request,
        session,
        rules.acts_for(actor, session.organization_id),
        CloseFollowUpForm(request.POST),
        "close_form",
        lambda d: actions.close_followup(actor, followup, d["result"]),
        _("Đã ghi nhận kết quả."),
    )


urlpatterns = [
    path("", reception_list, name="reception-list"),
    path("lich/", reception_schedule, name="reception-schedule"),
    path("lich/them/", reception_plan, name="reception-plan"),
    path("lich/<int:pk>/huy/", reception_cancel_day, name="reception-cancel-day"),
    path("ghi-nhan/", reception_record, name="reception-record"),
    path("<int:pk>/", reception_session, name="reception-session"),
    path("<int:pk>/tra-loi/", reception_answer, name="reception-answer"),
    path("<int:pk>/viec/", reception_followup, name="reception-followup"),
    path("viec/<int:pk>/xong/", reception_followup_close, name="reception-followup-close"),
]
