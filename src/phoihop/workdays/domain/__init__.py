"""Changing the calendar: every change of an override goes through these functions, which validate it and
write its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.common.types import UserLike

from ..enums import OverrideKind, OverrideStatus
from ..models import CalendarOverride
from ..signals import calendar_changed

Outcome = Literal["created", "updated", "unchanged"]
FIELDS = ("day", "kind", "name", "legal_basis", "status", "note")


@dataclass(frozen=True)
class OverrideResult:
    override: CalendarOverride
    outcome: Outcome


def _snapshot(o: CalendarOverride) -> dict[str, str]:
    return {
        "day": o.day.isoformat() if o.day else "",
        "kind": str(o.kind),
        "name": o.name,
        "legal_basis": o.legal_basis,
        "status": str(o.status),
        "note": o.note,
    }


def _describe(o: CalendarOverride) -> str:
    return f"{OverrideKind(o.kind).label} {o.day:%d/%m/%Y} ({o.name}) — {OverrideStatus(o.status).label}" + (
        f"; căn cứ: {o.legal_basis}" if o.legal_basis else ""
    )


def _announce(reason: str, actor: UserLike | None) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarOverride, reason=reason, actor=actor))


def set_override(
    *,
    actor: UserLike | None,
    day: dt.date,
    kind: str,
    name: str,
    legal_basis: str = "",
    status: str = OverrideStatus.OFFICIAL,
    note: str = "",
    instance: CalendarOverride | None = None,
    source: str = "",
) -> OverrideResult:
    """Create or update the override of `day` (or the given `instance`, e.g. from the admin form). Validates
    it (model.clean: raises ValidationError with a Vietnamese message), saves it and records an audit event
    in one transaction; nothing is written when nothing changed. `source` names the data file of a load."""
    with transaction.atomic():
        if instance is None:
            instance = (
                CalendarOverride.objects.select_for_update().filter(day=day).first() or CalendarOverride()
            )
        before = None
        if instance.pk is not None:
            stored = CalendarOverride.objects.select_for_update().filter(pk=instance.pk).first()
            before = _snapshot(stored) if stored is not None else None
        instance.day, instance.kind, instance.name = day, kind, name
        instance.legal_basis, instance.status, instance.note = legal_basis, status, note
        after = _snapshot(instance)
        if before == after:
            return OverrideResult(instance, "unchanged")
        instance.full_clean()
        instance.save()
        created = before is None
        if source:
            action = AuditAction.LOADED
            summary = f"Nạp từ {source}: {_describe(instance)}"
        else:
            action = AuditAction.CREATED if created else AuditAction.CHANGED
            summary = f"{'Thêm' if created else 'Sửa'} điều chỉnh lịch: {_describe(instance)}"
        data: dict[str, Any] = {"after": after}
        if before is not None:
            data["before"] = before
        if source:
            data["source"] = source
        record(actor=actor, action=action, target=instance, summary=summary, data=data)
        _announce(summary, actor)
        return OverrideResult(instance, "created" if created else "updated")


def remove_override(*, actor: UserLike | None, override: CalendarOverride) -> None:
    """Delete an override and record it, in one transaction."""
    with transaction.atomic():
        summary = f"Xóa điều chỉnh lịch: {_describe(override)}"
        record(
            actor=actor,
            action=AuditAction.DELETED,
            target=override,
            summary=summary,
            data=_snapshot(override),
        )
        override.delete()
        _announce(summary, actor)
