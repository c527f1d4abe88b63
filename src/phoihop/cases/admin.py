"""Cases in the admin: read only. Every change goes through the domain's actions (pages and API), which check
and audit it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Case, ProgressRequest


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("title", "category", "level", "stage", "locality", "stale", "closed", "opened_on")
    list_filter = ("level", "stage", "stale", "closed")
    search_fields = ("title",)


@admin.register(ProgressRequest)
class ProgressRequestAdmin(ReadOnly):
    list_display = ("case", "asked_on", "due_on", "state")
    list_filter = ("state",)
