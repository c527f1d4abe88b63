"""Protected identities in the admin: read only, and never a token or a fingerprint (the handle, the keeping body,
dates). Reading an identity, designating custodians and protection requests go through the domain's actions
(pages and API), which check and audit them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Custodian, Identity, ProtectionRequest


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Identity)
class IdentityAdmin(ReadOnly):
    list_display = ("handle", "organization", "metadata_only", "created_at")
    list_filter = ("metadata_only",)
    search_fields = ("handle",)
    fields = ("handle", "organization", "metadata_only", "created_at", "created_by")  # never the tokens


@admin.register(Custodian)
class CustodianAdmin(ReadOnly):
    list_display = ("user", "organization", "designated_on", "ended_on", "designated_by")


@admin.register(ProtectionRequest)
class ProtectionRequestAdmin(ReadOnly):
    list_display = ("identity", "organization", "requested_on", "state", "follow_up_on")
    list_filter = ("state",)
    fields = ("identity", "organization", "requested_on", "state", "follow_up_on", "decided_on", "ended_on")
