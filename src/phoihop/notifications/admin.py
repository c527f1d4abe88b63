from django.contrib import admin
from django.http import HttpRequest

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin[OutboundEmail]):
    list_display = ["created_at", "to", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
