"""Pages of protected identities (issue 13, point 5; Law on Denunciations 2018 Art. 47 and following; Chỉ thị
27-CT/TW; 002 II.3; 004 3.11), under /danh-tinh/: the identities a body keeps and their protection requests (its
custodians only: 404 for anyone else), a custodian's reading of an identity (asked with a reason, audited, shown
on that response only), and the designation of custodians by the body's leaders. Every lookup goes through
identities.queries; every decision is identities.rules'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.identities import crypto, queries, rules
from phoihop.identities.domain import actions
from phoihop.identities.enums import ProtectionState
from phoihop.identities.forms import (
    ApplyProtectionForm,
    DesignateForm,
    EndProtectionForm,
    FollowUpForm,
    ProtectionForm,
    ReadIdentityForm,
)
from phoihop.identities.models import Identity, ProtectionRequest

from ._actions import post_action
from ._paging import cursor_of, page_or_first

PLACEHOLDER = "999999999"
NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"


def _identity(request: HttpRequest, pk: int) -> Identity:
    identity = queries.identity_for(request.user, pk)
    if identity is None:
        raise Http404
    return identity


def _protection(request: HttpRequest, pk: int) -> ProtectionRequest:
    row = queries.protection_for(request.user, pk)
    if row is None:
        raise Http404
    return row


def _identity_url(request: HttpRequest, pk: int) -> str:
    return reverse("identity-detail", args=[_identity(request, pk).pk])


def _protection_url(request: HttpRequest, pk: int) -> str:
    return reverse("identity-detail", args=[_protection(request, pk).identity_id])


def _custodians_url(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """The custodians page, for those who manage them; the others have no page to be sent on to (404)."""
    if not rules.manages_custodians(request.user):
        raise Http404
    pk = kwargs.get("pk")
    if pk is not None and queries.custodian_for(request.user, pk) is None:
        raise Http404
    return reverse("custodian-list")


@login_required
def identity_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = getattr(user, "organization_id", None)
    custodian = org is not None and rules.is_custodian(user, org)
    page = page_or_first(request, lambda cursor: queries.identity_page(user, cursor, custodian=custodian))
    url = reverse("identity-detail", args=[PLACEHOLDER])
    return render(
        request,
        "web/identities/list.html",
        {
            "custodian": custodian,
            "rows": [{"i": i, "url": url.replace(PLACEHOLDER, str(i.pk))} for i in page.rows],
            "next_url": f"?cursor={page.next}" if page.next else "",
            "first_url": "?" if cursor_of(request) else "",
            "manages": rules.manages_custodians(user),
            "metadata_only": crypto.metadata_only(),
        },
    )


def _render_detail(
    request: HttpRequest, identity: Identity, *, revealed: Any = None, **forms_: forms.Form
) -> HttpResponse:
    states = dict(ProtectionState.choices)
    requests_ = [
        {"r": r, "state": states.get(r.state, r.state), "open": r.state != ProtectionState.ENDED}
        for r in queries.protection_requests_of(identity)
    ]
    response = render(
        request,
        "web/identities/detail.html",
        {
            "identity": identity,
            "revealed": revealed,
            "requests": requests_,
            "read_form": forms_.get("read_form") or ReadIdentityForm(),
            "protection_form": forms_.get("protection_form") or ProtectionForm(),
            "apply_form": forms_.get("apply_form") or ApplyProtectionForm(),
            "follow_form": forms_.get("follow_form") or FollowUpForm(),
            "end_form": forms_.get("end_form") or EndProtectionForm(),
        },
    )
    response["Cache-Control"] = NO_STORE
    return response


@login_required
def identity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _identity(request, pk))


@login_required
@post_action(_identity_url)
def identity_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The custodian's reading: the identity is in this response only (never cached, never redirected to)."""
    identity = _identity(request, pk)
    form = ReadIdentityForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, identity, read_form=form)
    try:
        person = actions.read_identity(signed_in(request.user), identity, form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error("reason" if exc.field == "reason" else None, exc.message)
        return _render_detail(request, identity, read_form=form)
    return _render_detail(request, identity, revealed=person)


def _act(
    request: HttpRequest,
    identity: Identity,
    form: forms.Form,
    key: str,
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    if not form.is_valid():
        return _render_detail(request, identity, **{key: form})
    try:
        run(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_detail(request, identity, **{key: form})
        messages.error(request, exc.message)
        return redirect(identity.get_absolute_url())
    messages.success(request, done)
    return redirect(identity.get_absolute_url())


@login_required
@post_action(_identity_url)
def protection_open(request: HttpRequest, pk: int) -> HttpResponse:
    identity = _identity(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        identity,
        ProtectionForm(request.POST),
        "protection_form",
        lambda d: actions.open_protection(actor, identity, **d),
        _("Đã ghi nhận yêu cầu bảo vệ."),
    )


@login_required
@post_action(_protection_url)
def protection_apply(request: HttpRequest, pk: int) -> HttpResponse:
    row = _protection(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        row.identity,
        ApplyProtectionForm(request.POST),
        "apply_form",
        lambda d: actions.apply_protection(actor, row, **d),
        _("Đã ghi nhận biện pháp bảo vệ."),
    )


@login_required
@post_action(_protection_url)
def protection_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    row = _protection(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        row.identity,
        FollowUpForm(request.POST),
        "follow_form",
        lambda d: actions.follow_up_protection(actor, row, **d),
        _("Đã ghi nhận kết quả theo dõi."),
    )


@login_required
@post_action(_protection_url)
def protection_end(request: HttpRequest, pk: int) -> HttpResponse:
    row = _protection(request, pk)
    actor = signed_in(request.user)
    return _act(
        request,
        row.identity,
        EndProtectionForm(request.POST),
        "end_form",
        lambda d: actions.end_protection(actor, row, **d),
        _("Đã kết thúc việc bảo vệ."),
    )


@login_required
def protection_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = getattr(user, "organization_id", None)
    custodian = org is not None and rules.is_custodian(user, org)
    page = page_or_first(request, lambda cursor: queries.protection_page(user, cursor, custodian=custodian))
    url = reverse("identity-detail", args=[PLACEHOLDER])
    states = dict(ProtectionState.choices)
    return render(
        request,
        "web/identities/protections.html",
        {
            "custodian": custodian,
            "rows": [
                {
                    "r": r,
                    "url": url.replace(PLACEHOLDER, str(r.identity_id)),
                    "state": states.get(r.state, r.state),
                }
                for r in page.rows
            ],
            "next_url": f"?cursor={page.next}" if page.next else "",
            "first_url": "?" if cursor_of(request) else "",
        },
    )


def _render_custodians(request: HttpRequest, form: DesignateForm | None = None) -> HttpResponse:
    members = queries.members_for_designation(request.user)
    return render(
        request,
        "web/identities/custodians.html",
        {
            "custodians": [
                {"c": c, "active": rules.custodian_active(c)} for c in queries.custodians_of(request.user)
            ],
            "form": form or DesignateForm(members=members),
        },
    )


@login_required
def custodian_list(request: HttpRequest) -> HttpResponse:
    if not rules.manages_custodians(request.user):
        raise PermissionDenied
    return _render_custodians(request)


@login_required
@post_action(_custodians_url)
def custodian_designate(request: HttpRequest) -> HttpResponse:
    if not rules.manages_custodians(request.user):
        raise PermissionDenied
    actor = signed_in(request.user)
    form = DesignateForm(request.POST, members=queries.members_for_designation(actor))
    if not form.is_valid():
        return _render_custodians(request, form)
    try:
        actions.designate_custodian(actor, queries.member_by_id(actor, form.cleaned_data["user"]))
    except DomainError as exc:
        form.add_error("user" if exc.field == "user" else None, exc.message)
        return _render_custodians(request, form)
    messages.success(request, _("Đã giao quản lý danh tính."))
    return redirect("custodian-list")


@login_required
@post_action(_custodians_url)
def custodian_end(request: HttpRequest, pk: int) -> HttpResponse:
    custodian = queries.custodian_for(request.user, pk)
    if custodian is None:
        raise Http404
    try:
        actions.end_custodian(signed_in(request.user), custodian)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("custodian-list")
    messages.success(request, _("Đã thôi giao quản lý danh tính."))
    return redirect("custodian-list")


urlpatterns = [
    path("", identity_list, name="identity-list"),
    path("<int:pk>/", identity_detail, name="identity-detail"),
    path("<int:pk>/doc/", identity_read, name="identity-read"),
    path("<int:pk>/yeu-cau-bao-ve/", protection_open, name="identity-protection-open"),
    path("bao-ve/", protection_list, name="identity-protection-list"),
    path("bao-ve/<int:pk>/ap-dung/", protection_apply, name="identity-protection-apply"),
    path("bao-ve/<int:pk>/theo-doi/", protection_follow_up, name="identity-protection-follow-up"),
    path("bao-ve/<int:pk>/ket-thuc/", protection_end, name="identity-protection-end"),
    path("nguoi-quan-ly/", custodian_list, name="custodian-list"),
    path("nguoi-quan-ly/giao/", custodian_designate, name="custodian-designate"),
    path("nguoi-quan-ly/<int:pk>/thoi/", custodian_end, name="custodian-end"),
]
