from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from phoihop.accounts.types import Actor, signed_in
from phoihop.audit.admin_changes import (
    AuditedDeletesMixin,
    DomainActionsMixin,
    DomainChecksForm,
    record_admin_save,
    save_form_fields,
    snapshot,
)
from phoihop.audit.domain import lock_chain

from . import queries, rules
from .domain.structure import (
    change_kind,
    check_dissolution,
    check_kind,
    check_superior,
    dissolve,
    set_superior,
)
from .models import Organization

# Every change of these made in the admin writes an audit event (issue 8).
AUDITED_FIELDS = {
    "code": "mã",
    "name": "tên",
    "abbreviation": "viết tắt",
    "kind": "loại",
    "level": "cấp",
    "superior": "cơ quan cấp trên",
    "admin_division_code": "mã đơn vị hành chính",
    "email": "thư điện tử",
    "established_on": "thành lập từ ngày",
    "dissolved_on": "giải thể từ ngày",
}
# Changed through their domain function (organizations.domain.structure), which writes its own event; the
# admin's event of a change names the other fields.
DOMAIN_FIELDS = {"superior", "kind", "dissolved_on"}
OTHER_AUDITED_FIELDS = {f: label for f, label in AUDITED_FIELDS.items() if f not in DOMAIN_FIELDS}


def _check_dissolution(actor: Actor, org: Organization, on_date: Any, cleaned: dict[str, Any]) -> None:
    # the establishment date the form saves with it (an organisation admin's form has neither field)
    check_dissolution(actor, org, on_date, established_on=cleaned.get("established_on", org.established_on))


class OrganizationAdminForm(DomainChecksForm[Organization]):
    domain_checks = {
        "superior": lambda actor, org, parent, cleaned: check_superior(actor, org, parent),
        "kind": lambda actor, org, kind, cleaned: check_kind(actor, org, kind),
        "dissolved_on": _check_dissolution,
    }

    class Meta:
        model = Organization
        fields = "__all__"


@admin.register(Organization)
class OrganizationAdmin(DomainActionsMixin, AuditedDeletesMixin, admin.ModelAdmin[Organization]):
    audited_fields = AUDITED_FIELDS
    form = OrganizationAdminForm
    list_display = ["name", "abbreviation", "kind", "level", "superior", "established_on", "dissolved_on"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "abbreviation", "code"]
    autocomplete_fields = ["superior"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        # An organisation admin sees and edits only their own organisation.
        return queries.administered_by(request.user)

    # Object-level scoping on top of the model permissions: an organisation admin views and changes its
    # own organisation only (another one is not in get_queryset either: the admin redirects).
    def has_view_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rules.can_administer(request.user, obj))

    def has_change_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rules.can_administer(request.user, obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return bool(request.user.is_superuser)

    def get_readonly_fields(self, request: HttpRequest, obj: Organization | None = None) -> list[str]:
        if request.user.is_superuser:
            return []
        return ["code", "kind", "level", "superior", "established_on", "dissolved_on", "admin_division_code"]

    def save_model(
        self, request: HttpRequest, obj: Organization, form: ModelForm[Organization], change: bool
    ) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            record_admin_save(request, obj, AUDITED_FIELDS, None)
            return
        # A change: the superior, kind and dissolution date through their domain functions (each writes its
        # event), then one admin event for the other fields — all in the admin's transaction.
        lock_chain()  # before the first write of a transaction that records (AGENTS.md)
        before = snapshot(Organization, obj.pk, list(OTHER_AUDITED_FIELDS))
        superior, kind, dissolved_on = obj.superior, obj.kind, obj.dissolved_on
        save_form_fields(obj, form, exclude=DOMAIN_FIELDS)
        changed = form.changed_data
        actor = signed_in(request.user)
        if "superior" in changed:
            set_superior(actor, obj, superior, via="admin")
        if "kind" in changed:
            change_kind(actor, obj, kind, via="admin")
        if "dissolved_on" in changed:
            dissolve(actor, obj, dissolved_on, via="admin")
        record_admin_save(request, obj, OTHER_AUDITED_FIELDS, before)
