"""Accessors for the audit trail: the whole trail for system administrators, and the timeline of given objects
(the caller decides which objects the viewer may see; this module never widens that choice)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet

from phoihop.common.types import UserLike

from .models import AuditEvent
from .rules import can_read_audit


def visible_to(user: UserLike) -> QuerySet[AuditEvent]:
    """Only system administrators read the whole audit trail (rules.can_read_audit)."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def about(targets: Iterable[Model]) -> Q | None:
    """A filter on the events of the given objects (of any models), one indexed (target_type, target_id)
    lookup per model; None when there is no object."""
    ids: dict[str, list[str]] = {}
    for target in targets:
        ids.setdefault(target._meta.label_lower, []).append(str(target.pk))
    q: Q | None = None
    for label, pks in ids.items():
        one = (
            Q(target_type=label, target_id=pks[0])
            if len(pks) == 1
            else Q(target_type=label, target_id__in=pks)
        )
        q = one if q is None else q | one
    return q


def timeline(targets: Iterable[Model]) -> QuerySet[AuditEvent]:
    """The audit events of the given objects (a request and the copies shown, a slot and the versions shown…),
    oldest first, with their actor, in one query. Pass only objects the viewer may see."""
    q = about(targets)
    if q is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(q).select_related("actor").order_by("at", "pk")
