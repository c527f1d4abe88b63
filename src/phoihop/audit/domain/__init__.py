"""Writing audit events. Call inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from ..enums import AuditAction
from ..models import AuditEvent


def record(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model,
    summary: str,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. Must run inside the caller's atomic block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the transaction that makes the change")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:500],
        data=data or {},
    )
