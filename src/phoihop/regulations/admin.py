"""Read-only admin: regulations change only through data files and load_regulations (new versions)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import (
    ConsultationRule,
    Content,
    Party,
    Reading,
    Regulation,
    ReportingObligation,
    RequestKindRule,
)

_Child = TypeVar("_Child", bound=models.Model)


class _ReadOnlyInline(admin.TabularInline[_Child, Regulation]):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PartyInline(_ReadOnlyInline[Party]):
    model = Party
    fields = ["role", "kind", "level", "name", "article", "note"]


class ContentInline(_ReadOnlyInline[Content]):
    model = Content
    fields = ["section", "ref", "actor", "text"]


class ConsultationInline(admin.StackedInline[ConsultationRule, Regulation]):
    model = ConsultationRule
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RequestKindInline(_ReadOnlyInline[RequestKindRule]):
    model = RequestKindRule
    fields = [
        "kind",
        "answer_period",
        "working_days",
        "stated_period",
        "deemed_consent",
        "extension",
        "article",
        "reading",
    ]


class ReportingInline(_ReadOnlyInline[ReportingObligation]):
    model = ReportingObligation
    fields = ["code", "title", "period", "receiver_name", "due_type", "due_month", "due_day", "article"]


class ReadingInline(_ReadOnlyInline[Reading]):
    model = Reading
    fields = ["target", "source", "text"]


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin[Regulation]):
    list_display = ["code", "version", "number", "short_title", "issuer_name", "issued_on", "superseded_by"]
    list_filter = ["doc_type", "code"]
    search_fields = ["code", "number", "title", "short_title"]
    exclude = ["data", "full_text"]
    inlines = [
        PartyInline,
        ConsultationInline,
        RequestKindInline,
        ReportingInline,
        ContentInline,
        ReadingInline,
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
