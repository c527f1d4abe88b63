from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def visible_to(user) -> QuerySet[AuditEvent]:
    """Only system administrators read the whole audit trail."""
    if not user.is_authenticated or not user.is_superuser:
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def for_target(target) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
