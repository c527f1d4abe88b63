"""Pages of cases (issue 12, point 5; 003 3.5, 4.1.d, 4.2.b; 004 1.4): the list per level and locality (keyset
pages, filters), a case's page with its history, officials, bodies and progress requests, and a form for each
action. Every lookup goes through cases.queries (outsiders get 404); every decision is cases.rules'."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.cases import queries, rules
from phoihop.cases.domain import actions
from phoihop.cases.enums import OfficialRole, ProgressState
from phoihop.cases.forms import (
    AddOfficialForm,
    AddOrganizationForm,
    AnswerProgressForm,
    CloseCaseForm,
    MoveStageForm,
    OpenCaseForm,
    RequestProgressForm,
)
from phoihop.cases.models import Case
from phoihop.cases.schema import cases_data
from phoihop.common.errors import DomainError

from ._actions import post_action
from ._paging import cursor_of, page_or_first

PLACEHOLDER = "999999999"
FILTERS = ("level", "locality", "category", "stage", "stale", "closed")


def _filters(request: HttpRequest) -> dict[str, Any]:
    data = cases_data()
    f: dict[str, Any] = {}
    for name, known in (("level", data.levels), ("category", data.categories), ("stage", data.stages)):
        value = request.GET.get(name, "")
        if value in known:
            f[name] = value
    locality = request.GET.get("locality", "")
    if locality.isdigit():
        f["locality"] = int(locality)
    if request.GET.get("stale") == "1":
        f["stale"] = True
    closed = request.GET.get("closed", "")
    if closed in ("0", "1"):
        f["closed"] = closed == "1"
    return f


def _case(request: HttpRequest, pk: int) -> Case:
    case = queries.case_for(request.user, pk)
    if case is None:
        raise Http404
    return case


def _detail_url(request: HttpRequest, pk: int) -> str:
    return reverse("case-detail", args=[_case(request, pk).pk])


def _answer_target(request: HttpRequest, pk: int) -> str:
    progress = queries.progress_request_for(request.user, pk)
    if progress is None:
        raise Http404
    return reverse("case-detail", args=[progress.case_id])


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = page_or_first(request, lambda cursor: queries.case_page(request.user, filters, cursor))
    data = cases_data()
    url = reverse("case-detail", args=[PLACEHOLDER])
    rows = [
        {
            "case": c,
            "url": url.replace(PLACEHOLDER, str(c.pk)),
            "category": data.category_label(c.category),
            "level": data.level_label(c.level),
            "stage": data.stage_label(c.stage),
        }
        for c in page.rows
    ]
    kept = {k: request.GET[k] for k in FILTERS if request.GET.get(k)}
    next_url = f"?{urlencode({**kept, 'cursor': page.next})}" if page.next else ""
    return render(
        request,
        "web/cases/list.html",
        {
            "rows": rows,
            "page": page,
            "next_url": next_url,
            "first_url": f"?{urlencode(kept)}" if cursor_of(request) else "",
            "filters": {k: str(v) for k, v in kept.items()},
            "levels": list(data.levels.values()),
            "categories": list(data.categories.values()),
            "stages": list(data.stages.values()),
            "localities": queries.localities_for_filter(request.user),
            "can_open": rules.can_open(request.user),
        },
    )


def _render_open(request: HttpRequest, form: forms.Form) -> HttpResponse:
    return render(request, "web/cases/open.html", {"form": form})


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    if not rules.can_open(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _render_open(request, OpenCaseForm())
    form = OpenCaseForm(request.POST)
    if not form.is_valid():
        return _render_open(request, form)
    try:
        case = actions.open_case(signed_in(request.user), **form.cleaned_data)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render_open(request, form)
    messages.success(request, _("Đã mở theo dõi vụ án, vụ việc."))
    return redirect(case.get_absolute_url())


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _render_detail(request, case)


def _render_detail(request: HttpRequest, case: Case, **forms_: forms.Form) -> HttpResponse:
    data = cases_data()
    perms = rules.case_permissions(request.user, case)
    progress = list(queries.progress_requests_of(case))
    states = dict(ProgressState.choices)
    roles = dict(OfficialRole.choices)
    level = data.levels.get(case.level)
    context: dict[str, Any] = {
        "case": case,
        "perms": perms,
        "category": data.category_label(case.category),
        "level": level,
        "stage": data.stage_label(case.stage),
        "events": [
            {
                "e": e,
                "from": data.stage_label(e.from_stage) if e.from_stage else "",
                "to": data.stage_label(e.to_stage) if e.to_stage else "",
            }
            for e in queries.events_of(case)
        ],
        "officials": [{"o": o, "role": roles.get(o.role, o.role)} for o in queries.officials_of(case)],
        "organizations": list(queries.organizations_of(case)),
        "progress": [
            {"p": p, "state": states.get(p.state, p.state), "waiting": p.state != ProgressState.ANSWERED}
            for p in progress
        ],
        "progress_reading": data.progress_request,
        "move_form": forms_.get("move_form") or MoveStageForm(current=case.stage),
        "close_form": forms_.get("close_form") or CloseCaseForm(),
        "official_form": forms_.get("official_form") or AddOfficialForm(),
        "organization_form": forms_.get("organization_form") or AddOrganizationForm(),
        "progress_form": forms_.get("progress_form") or RequestProgressForm(),
        "answer_form": forms_.get("answer_form") or AnswerProgressForm(),
        "can_move": perms["move"]
        and bool(data.moves.get(case.stage, frozenset()) - {data.closing_stage.code}),
        "can_close": perms["close"] and data.closing_stage.code in data.moves.get(case.stage, frozenset()),
    }
    return render(request, "web/cases/detail.html", context)


def _act(
    request: HttpRequest, case: Case, allowed: bool, form: forms.Form, key: str, run: Any, done: str
) -> HttpResponse:
    """Run a case action from its form: a user the rules refuse gets 403 before the form is read; errors go back
    to the case's page (form errors) or as a message."""
    if not allowed:
        raise PermissionDenied
    if not form.is_valid():
        return _render_detail(request, case, **{key: form})
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_detail(request, case, **{key: form})
        messages.error(request, exc.message)
        return redirect(case.get_absolute_url())
    messages.success(request, done)
    return redirect(case.get_absolute_url())


@login_required
@post_action(_detail_url)
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        case,
        rules.leads(actor, case),
        MoveStageForm(request.POST, current=case.stage),
        "move_form",
        lambda d: actions.move_stage(actor, case, d["stage"], d["note"]),
        _("Đã chuyển giai đoạn."),
    )


@login_required
@post_action(_detail_url)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        case,
        rules.can_close(actor, case),
        CloseCaseForm(request.POST),
        "close_form",
        lambda d: actions.close_case(actor, case, d["note"]),
        _("Đã kết thúc vụ án, vụ việc."),
    )


@login_required
@post_action(_detail_url)
def case_add_official(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        case,
        rules.leads(actor, case),
        AddOfficialForm(request.POST),
        "official_form",
        lambda d: actions.add_official(
            actor, case, queries.official_to_add(actor, d["official"]), d["role"], d["note"]
        ),
        _("Đã thêm cán bộ liên quan."),
    )


@login_required
@post_action(_detail_url)
def case_add_organization(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        case,
        rules.leads(actor, case),
        AddOrganizationForm(request.POST),
        "organization_form",
        lambda d: actions.add_organization(actor, case, d["organization"], d["role"]),
        _("Đã thêm cơ quan liên quan."),
    )


@login_required
@post_action(_detail_url)
def case_request_progress(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        case,
        rules.leads(actor, case),
        RequestProgressForm(request.POST),
        "progress_form",
        lambda d: actions.request_progress(actor, case, d["question"], d["working_days"]),
        _("Đã gửi yêu cầu báo cáo tiến độ."),
    )


@login_required
@post_action(_answer_target)
def case_answer_progress(request: HttpRequest, pk: int) -> HttpResponse:
    progress = queries.progress_request_for(request.user, pk)
    if progress is None:
        raise Http404
    actor = signed_in(request.user)
    return _act(
        request,
        progress.case,
        rules.can_answer(actor, progress),
        AnswerProgressForm(request.POST),
        "answer_form",
        lambda d: actions.answer_progress(actor, progress, d["answer"]),
        _("Đã gửi báo cáo tiến độ."),
    )


urlpatterns = [
    path("", case_list, name="case-list"),
    path("mo/", case_open, name="case-open"),
    path("<int:pk>/", case_detail, name="case-detail"),
    path("<int:pk>/chuyen-giai-doan/", case_move, name="case-move"),
    path("<int:pk>/ket-thuc/", case_close, name="case-close"),
    path("<int:pk>/can-bo/", case_add_official, name="case-official"),
    path("<int:pk>/co-quan/", case_add_organization, name="case-organization"),
    path("<int:pk>/yeu-cau-tien-do/", case_request_progress, name="case-progress"),
    path("tien-do/<int:pk>/tra-loi/", case_answer_progress, name="case-answer"),
]
