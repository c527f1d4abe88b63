from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import calendar
from .domain import remove_override, set_override
from .models import CalendarOverride
from .rules import can_change_calendar


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarOverride.objects.dates("day", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarOverride]
    ) -> QuerySet[CalendarOverride]:
        value = self.value()
        if value and value.isascii() and value.isdecimal():
            return queryset.filter(day__year=int(value))
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    list_display = ["day", "weekday", "kind", "name", "legal_basis", "status", "updated_at"]
    list_filter = [YearFilter, "kind", "status"]
    search_fields = ["name", "legal_basis", "note"]
    date_hierarchy = "day"
    ordering = ["day"]
    fields = ["day", "kind", "name", "legal_basis", "status", "note"]

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return calendar.WEEKDAY_NAMES[obj.day.weekday()]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_change_calendar(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_change_calendar(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_change_calendar(request.user)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        set_override(
            actor=request.user,
            instance=obj,
            day=obj.day,
            kind=obj.kind,
            name=obj.name,
            legal_basis=obj.legal_basis,
            status=obj.status,
            note=obj.note,
        )

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        remove_override(actor=request.user, override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for obj in queryset:
            remove_override(actor=request.user, override=obj)
