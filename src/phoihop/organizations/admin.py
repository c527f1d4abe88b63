from django.contrib import admin
from django.http import HttpRequest

from phoihop.audit.admin_changes import AuditedDeletesMixin, record_admin_save, snapshot

from . import queries, rules
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


@admin.register(Organization)
class OrganizationAdmin(AuditedDeletesMixin, admin.ModelAdmin):
    audited_fields = AUDITED_FIELDS
    list_display = ["name", "abbreviation", "kind", "level", "superior", "established_on", "dissolved_on"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "abbreviation", "code"]
    autocomplete_fields = ["superior"]

    def get_queryset(self, request: HttpRequest):
        # An organisation admin sees and edits only their own organisation.
        return queries.administered_by(request.user)  # type: ignore[arg-type]

    # Object-level scoping on top of the model permissions: an organisation admin views and changes its
    # own organisation only (another one is not in get_queryset either: the admin redirects).
    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rules.can_administer(request.user, obj))  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rules.can_administer(request.user, obj))  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(request.user.is_superuser)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return []
        return ["code", "kind", "level", "superior", "established_on", "dissolved_on", "admin_division_code"]

    def save_model(self, request, obj, form, change):
        before = snapshot(Organization, obj.pk, list(AUDITED_FIELDS)) if change else None
        super().save_model(request, obj, form, change)
        record_admin_save(request, obj, AUDITED_FIELDS, before)
