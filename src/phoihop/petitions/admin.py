"""Petitions in the admin: read only, and never an identity (signers are not shown at all; the text is stored
redacted). Every change goes through the domain's actions (pages and API), which check and audit it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Matter, Petition


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Petition)
class PetitionAdmin(ReadOnly):
    list_display = ("register_code", "organization", "received_on", "kind", "channel", "state", "title")
    list_filter = ("kind", "channel", "state", "complex", "prolonged", "backlog", "mass", "result_overdue")
    search_fields = ("title",)
    exclude = ("search_text",)
    list_select_related = ("organization",)


@admin.register(Matter)
class MatterAdmin(ReadOnly):
    list_display = ("title", "created_at")
    search_fields = ("title",)
