from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import queries, rules
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["seq", "at", "actor", "action", "target_type", "target_id", "summary"]
    list_filter = ["action", "target_type"]
    search_fields = ["summary", "target_id"]
    readonly_fields = [
        "seq",
        "at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "summary",
        "data",
        "prev_hash",
        "hash",
    ]

    # Who reads the trail is the audit app's rule (system administrators only), not a grantable permission.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return rules.can_read_audit(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return rules.can_read_audit(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return queries.visible_to(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
