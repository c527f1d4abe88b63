"""Citizen reception in the admin: read only. Every change goes through the domain's actions (pages and API),
which check and audit it; the people received appear only as protected identities' handles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import FollowUp, PlannedDay, ReceptionSession


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PlannedDay)
class PlannedDayAdmin(ReadOnly):
    list_display = ("organization", "day", "state")
    list_filter = ("state",)


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ReadOnly):
    list_display = ("organization", "held_on", "kind", "people_count", "matters_count", "answer_state")
    list_filter = ("kind", "answer_state")
    exclude = ("answer_summary",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("session", "due_on", "state")
    list_filter = ("state",)
