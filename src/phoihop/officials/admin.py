"""The officials registry in the admin: read-only. Every change goes through the domain's actions
(officials.domain: the managing body's editors, each change audited) on the pages /can-bo/ and the API; the
admin only lets staff look records up (search without diacritics on the stored key)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Official, OfficialMembership, OfficialPosition, SupervisionAssignment
from .naming import fold


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PositionInline(ReadOnly, admin.TabularInline[OfficialPosition, Official]):
    model = OfficialPosition
    fields = readonly_fields = ("title", "organization", "started_on", "ended_on")
    extra = 0


class MembershipInline(ReadOnly, admin.TabularInline[OfficialMembership, Official]):
    model = OfficialMembership
    fields = readonly_fields = ("organization", "role", "started_on", "ended_on")
    extra = 0


@admin.register(Official)
class OfficialAdmin(ReadOnly, admin.ModelAdmin[Official]):
    list_display = ["full_name", "birth_year", "position", "workplace", "managing_body"]
    list_select_related = ["workplace", "managing_body"]
    search_fields = ["name_key"]
    fields = readonly_fields = (
        "full_name",
        "birth_year",
        "position",
        "workplace",
        "is_party_member",
        "party_organization",
        "managing_body",
        "managing_basis",
        "created_at",
        "updated_at",
    )
    inlines = [PositionInline, MembershipInline]
    show_full_result_count = False

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(SupervisionAssignment)
class SupervisionAdmin(ReadOnly, admin.ModelAdmin[SupervisionAssignment]):
    list_display = ["official", "supervisor", "listed_with", "started_on", "ended_on"]
    list_select_related = ["official", "supervisor", "listed_with"]
    fields = readonly_fields = (
        "official",
        "supervisor",
        "listed_with",
        "basis",
        "started_on",
        "ended_on",
        "created_at",
    )
