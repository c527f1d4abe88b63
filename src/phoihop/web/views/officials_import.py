"""Importing officials and supervision lists from .xlsx (issue 12, points 1 and 4): upload → preview → confirm.

/can-bo/nhap/ shows the form and the columns of each list (with the templates to download); posting a file shows
the preview of every row with its errors (nothing written); the confirmation (a POST-only action carrying the
preview's token) writes the valid rows in one transaction. Who may: officials.import_rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import signed_in
from phoihop.common.errors import DomainError
from phoihop.officials import import_rules
from phoihop.officials.domain import importing

from ._actions import post_action

KIND_SLUGS = {"can-bo": importing.OFFICIALS, "giam-sat": importing.SUPERVISION}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}


def _kinds(request: HttpRequest) -> list[dict[str, Any]]:
    """The lists the user may import, each with its columns and template link."""
    allowed = {
        importing.OFFICIALS: import_rules.may_import_officials(request.user),
        importing.SUPERVISION: import_rules.may_import_supervision(request.user),
    }
    template_url = reverse("officials-import-template")
    return [
        {
            "slug": SLUG_OF[kind],
            "label": label,
            "columns": importing.columns_of(kind),
            "template_url": f"{template_url}?loai={SLUG_OF[kind]}",
        }
        for kind, label in importing.KINDS.items()
        if allowed[kind]
    ]


def _form(request: HttpRequest, *, error: str = "", status: int = 200, chosen: str = "") -> HttpResponse:
    kinds = _kinds(request)
    context = {
        "kinds": kinds,
        "error": error,
        "chosen": chosen or (kinds[0]["slug"] if kinds else ""),
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "web/officials/import.html", context, status=status)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """The form (GET) and the preview (POST). The page opens for every signed-in user (it holds no data) and tells
    those who may not import who may; their upload is refused (403)."""
    if request.method != "POST":
        return _form(request)
    if not import_rules.may_import(request.user):
        raise PermissionDenied
    slug = request.POST.get("loai", "")
    try:
        preview = importing.preview(
            signed_in(request.user), KIND_SLUGS.get(slug, slug), request.FILES.get("file")
        )
    except DomainError as exc:
        return _form(request, error=exc.message, status=exc.status, chosen=slug)
    return render(request, "web/officials/import_preview.html", {"preview": preview})


def _back(request: HttpRequest) -> str:
    return reverse("officials-import")


@login_required
@post_action(_back)
def confirm(request: HttpRequest) -> HttpResponse:
    if not import_rules.may_import(request.user):
        raise PermissionDenied
    try:
        outcome = importing.confirm(signed_in(request.user), request.POST.get("token", ""))
    except DomainError as exc:
        return _form(request, error=exc.message, status=exc.status)
    unit = _("cán bộ") if outcome.kind == importing.OFFICIALS else _("phân công giám sát")
    done = _(
        "Đã nhập %(n)d %(unit)s từ tệp “%(file)s”; %(old)d dòng đã có từ trước, %(bad)d dòng có lỗi không được nhập."
    )
    messages.success(
        request,
        done
        % {
            "n": outcome.created,
            "unit": unit,
            "file": outcome.file_name,
            "old": outcome.registered,
            "bad": outcome.errors,
        },
    )
    return redirect("officials-import")


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """The empty workbook of a list (its header row only): no data, for every signed-in user."""
    kind = KIND_SLUGS.get(request.GET.get("loai", ""), importing.OFFICIALS)
    response = HttpResponse(importing.template(kind), content_type=importing.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{SLUG_OF[kind]}.xlsx"'
    return response


urlpatterns = [
    path("", import_page, name="officials-import"),
    path("xac-nhan/", confirm, name="officials-import-confirm"),
    path("mau.xlsx", template, name="officials-import-template"),
]
