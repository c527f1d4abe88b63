"""Pages of information about officials (issue 12, point 2) under /thong-tin-can-bo/: the inbox and the outbox
(keyset pages), new information, its page with the copies and what came back, acknowledging a copy, reporting the
handling result, and an official's timeline. Every lookup goes through information.queries (404 for anyone the
need-to-know rule leaves out); every action through information.domain."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.information import queries, rules
from phoihop.information.domain import actions
from phoihop.information.domain.routing import recipients_for
from phoihop.information.enums import CopyState, InformationKind
from phoihop.information.forms import InformationForm, ResultForm
from phoihop.information.models import InformationCopy, OfficialInformation

from ._actions import post_action
from ._paging import cursor_of, page_or_first

PLACEHOLDER = "999999999"


def _information(request: HttpRequest, pk: int) -> OfficialInformation:
    info = queries.information_for(request.user, pk)
    if info is None:
        raise Http404
    return info


def _copy(request: HttpRequest, pk: int) -> InformationCopy:
    copy = queries.copy_for(request.user, pk)
    if copy is None:
        raise Http404
    return copy


def _detail_of(request: HttpRequest, pk: int) -> str:
    return _information(request, pk).get_absolute_url()


def _detail_of_copy(request: HttpRequest, pk: int) -> str:
    return _copy(request, pk).information.get_absolute_url()


def _linked(rows: list[OfficialInformation]) -> list[OfficialInformation]:
    url = reverse("information-detail", args=[PLACEHOLDER])
    labels = dict(InformationKind.choices)
    for r in rows:
        r.url = url.replace(PLACEHOLDER, str(r.pk))  # type: ignore[attr-defined]
        r.kind_label = labels.get(r.kind, r.kind)  # type: ignore[attr-defined]
    return rows


@login_required
def information_inbox(request: HttpRequest) -> HttpResponse:
    page = page_or_first(request, lambda cursor: queries.inbox_page(request.user, cursor))
    _linked([c.information for c in page.rows])
    states = dict(CopyState.choices)
    for c in page.rows:
        c.state_label = states.get(c.state, c.state)
    return render(
        request,
        "web/information/inbox.html",
        {"copies": page.rows, "page": page, "may_write": rules.acts_for_body(request.user)},
    )


@login_required
def information_outbox(request: HttpRequest) -> HttpResponse:
    page = page_or_first(request, lambda cursor: queries.outbox_page(request.user, cursor))
    return render(
        request,
        "web/information/outbox.html",
        {"items": _linked(page.rows), "page": page, "may_write": rules.acts_for_body(request.user)},
    )


@login_required
def information_new(request: HttpRequest) -> HttpResponse:
    if not rules.acts_for_body(request.user):
        raise Http404
    actor = signed_in(request.user)
    officials = queries.officials_to_name(actor)
    form = InformationForm(request.POST or None, officials=officials)
    initial_official = request.GET.get("official")
    if request.method == "GET" and initial_official and initial_official.isdigit():
        form.initial["official"] = int(initial_official)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            info = actions.record(
                actor,
                official=d["official"],
                kind=d["kind"],
                content=d["content"],
                basis=d["basis"],
                verified=d["verified"],
                conclusion_number=d["conclusion_number"],
                conclusion_date=d["conclusion_date"],
                result_due_on=d["result_due_on"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi dự thảo. Kiểm tra nơi nhận rồi bấm “Gửi”."))
            return redirect(info.get_absolute_url())
    return render(request, "web/information/form.html", {"form": form})


@login_required
def information_detail(request: HttpRequest, pk: int) -> HttpResponse:
    info = _information(request, pk)
    copies = queries.copies_of(info) if info.state == "sent" else []
    preview = None
    if rules.can_send(request.user, info):
        preview = recipients_for(info.sender, queries.official_for_routing(info.official_id), info.kind)
    states = dict(CopyState.choices)
    for c in copies:
        c.state_label = states.get(c.state, c.state)  # type: ignore[attr-defined]
        c.permissions = rules.copy_permissions(request.user, c)  # type: ignore[attr-defined]
    return render(
        request,
        "web/information/detail.html",
        {
            "info": info,
            "copies": copies,
            "may_send": rules.can_send(request.user, info),
            "preview": preview,
            "needs_attestation": rules.needs_attestation(info.kind),
        },
    )


@login_required
@post_action(_detail_of)
def information_send(request: HttpRequest, pk: int) -> HttpResponse:
    info = _information(request, pk)
    try:
        route = actions.send(signed_in(request.user), info)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã gửi tới: %(names)s.") % {"names": ", ".join(o.name for o in route.recipients)},
        )
    return redirect(info.get_absolute_url())


@login_required
@post_action(_detail_of_copy)
def information_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    copy = _copy(request, pk)
    try:
        actions.acknowledge(signed_in(request.user), copy)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xác nhận tiếp nhận."))
    return redirect(copy.information.get_absolute_url())


@login_required
def information_result(request: HttpRequest, pk: int) -> HttpResponse:
    copy = _copy(request, pk)
    if not rules.can_report_result(request.user, copy):
        messages.info(request, _("Bản này không chờ bạn báo cáo kết quả xử lý."))
        return redirect(copy.information.get_absolute_url())
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.report_result(
                signed_in(request.user),
                copy,
                text=d["text"],
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã báo cáo kết quả xử lý."))
            return redirect(copy.information.get_absolute_url())
    return render(
        request, "web/information/result.html", {"form": form, "copy": copy, "info": copy.information}
    )


@login_required
def information_timeline(request: HttpRequest, official_pk: int) -> HttpResponse:
    try:
        found = queries.timeline(request.user, official_pk, cursor_of(request))
    except queries.BadCursor:
        messages.warning(request, _("Liên kết trang không hợp lệ: đang hiện trang đầu."))
        found = queries.timeline(request.user, official_pk, None)
    if found is None:
        raise Http404
    official, page = found
    return render(
        request,
        "web/information/timeline.html",
        {"official": official, "items": _linked(page.rows), "page": page},
    )


urlpatterns = [
    path("", information_inbox, name="information-inbox"),
    path("da-gui/", information_outbox, name="information-outbox"),
    path("moi/", information_new, name="information-new"),
    path("<int:pk>/", information_detail, name="information-detail"),
    path("<int:pk>/gui/", information_send, name="information-send"),
    path("ban/<int:pk>/tiep-nhan/", information_acknowledge, name="information-acknowledge"),
    path("ban/<int:pk>/ket-qua/", information_result, name="information-result"),
    path("can-bo/<int:official_pk>/", information_timeline, name="information-timeline"),
]
