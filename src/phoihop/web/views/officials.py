"""Pages of the officials registry (issue 12, 1 and 4) under /can-bo/: the list (search without diacritics,
keyset pages in Vietnamese order), an official's record, registering and editing one (the managing body's
editors), and the supervision lists (002 III.1–2, IV.3) with their .xlsx export. Everything through
officials.queries / rules / domain: an official the user's body may not see is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.officials import queries, rules
from phoihop.officials.domain import create_official, set_managing_body, update_official
from phoihop.officials.export import XLSX_TYPE, supervision_filename, supervision_xlsx
from phoihop.officials.forms import OfficialForm
from phoihop.officials.models import Official

from ._paging import page_or_first

PLACEHOLDER = "999999999"


def _with_links(rows: list[Official]) -> list[Official]:
    """Each row's link from one reverse() per page."""
    url = reverse("official-detail", args=[PLACEHOLDER])
    for official in rows:
        official.url = url.replace(PLACEHOLDER, str(official.pk))  # type: ignore[attr-defined]
    return rows


@login_required
def official_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = page_or_first(request, lambda cursor: queries.official_page(request.user, q, cursor))
    return render(
        request,
        "web/officials/list.html",
        {
            "officials": _with_links(page.rows),
            "page": page,
            "q": q,
            "can_register": rules.can_register(request.user),
        },
    )


def _visible(request: HttpRequest, pk: int) -> Official:
    official = queries.official_for(request.user, pk)
    if official is None:
        raise Http404
    return official


@login_required
def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    official = _visible(request, pk)
    return render(
        request,
        "web/officials/detail.html",
        {
            "official": official,
            "positions": queries.history_of(official),
            "memberships": queries.memberships_of(official),
            "supervisors": queries.supervisors_of(official),
            "permissions": rules.official_permissions(request.user, official),
        },
    )


def _form(request: HttpRequest, official: Official | None) -> OfficialForm:
    organizations = queries.organization_choices(request.user)
    if request.method == "POST":
        return OfficialForm(request.POST, organizations=organizations, editing=official is not None)
    initial = {}
    if official is not None:
        initial = {
            "full_name": official.full_name,
            "birth_year": official.birth_year,
            "position": official.position,
            "workplace": official.workplace_id,
            "is_party_member": official.is_party_member,
            "party_organization": official.party_organization_id,
            "managing_basis": official.managing_basis,
        }
    return OfficialForm(initial=initial, organizations=organizations, editing=official is not None)


def _save(request: HttpRequest, form: OfficialForm, official: Official | None) -> Official | None:
    if not form.is_valid():
        return None
    actor = signed_in(request.user)
    try:
        if official is None:
            return create_official(actor, form.data_of())
        with transaction.atomic():  # the record and its hand-over together, or neither
            saved = update_official(actor, official, form.data_of())
            body = form.cleaned_data.get("managing_body")
            if body is not None and body.pk != saved.managing_body_id:
                saved = set_managing_body(actor, saved, body, form.cleaned_data.get("managing_basis") or "")
        return saved
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
def official_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_register(request.user):
        raise Http404
    form = _form(request, None)
    if request.method == "POST":
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("Đã thêm cán bộ %(name)s.") % {"name": saved.full_name})
            return redirect(saved.get_absolute_url())
    return render(request, "web/officials/form.html", {"form": form, "official": None})


@login_required
def official_edit(request: HttpRequest, pk: int) -> HttpResponse:
    official = _visible(request, pk)
    if not rules.can_edit(request.user, official):
        raise Http404
    form = _form(request, official)
    if request.method == "POST":
        saved = _save(request, form, official)
        if saved is not None:
            messages.success(request, _("Đã lưu hồ sơ cán bộ %(name)s.") % {"name": saved.full_name})
            if queries.official_for(request.user, saved.pk) is None:  # handed over to a body of its own
                return redirect("official-list")
            return redirect(saved.get_absolute_url())
    return render(request, "web/officials/form.html", {"form": form, "official": official})


@login_required
def official_supervision(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    if request.GET.get("format") == "xlsx":
        return _supervision_xlsx(request, q)
    page = page_or_first(request, lambda cursor: queries.supervision_page(request.user, q, cursor))
    url = reverse("official-detail", args=[PLACEHOLDER])
    own = request.user.organization_id if request.user.is_authenticated else None
    for row in page.rows:
        # the record opens for the supervising body itself (queries.official_for); others see the row only
        link = url.replace(PLACEHOLDER, str(row.official_id)) if row.supervisor_id == own else ""
        row.official_url = link
    return render(request, "web/officials/supervision.html", {"assignments": page.rows, "page": page, "q": q})


def _supervision_xlsx(request: HttpRequest, q: str) -> HttpResponse:
    content = supervision_xlsx(queries.export_rows(request.user, q))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{supervision_filename(timezone.localdate())}"'
    return response


urlpatterns = [
    path("", official_list, name="official-list"),
    path("them/", official_create, name="official-create"),
    path("giam-sat/", official_supervision, name="official-supervision"),
    path("<int:pk>/", official_detail, name="official-detail"),
    path("<int:pk>/sua/", official_edit, name="official-edit"),
]
