"""The admin shows information about officials read-only: recording, sending and results go through the domain's
actions (pages and API), each audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import InformationCopy, OfficialInformation


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OfficialInformation)
class OfficialInformationAdmin(ReadOnly):
    list_display = ("id", "official", "kind", "sender", "state", "sent_at")
    list_filter = ("kind", "state")
    list_select_related = ("official", "sender")
    raw_id_fields = ("official", "sender", "regulation", "created_by", "sent_by")


@admin.register(InformationCopy)
class InformationCopyAdmin(ReadOnly):
    list_display = ("id", "information", "recipient", "state", "due_on", "overdue")
    list_filter = ("state", "overdue")
    list_select_related = ("recipient",)
    raw_id_fields = ("information", "recipient", "received_by", "result_by")
