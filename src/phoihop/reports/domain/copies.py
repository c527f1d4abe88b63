"""Copy-to duties (đồng gửi): when a body sends a report covered by a duty to the original receiver, the named
body gets a copy automatically. Duties come from the regulation data (CopyToDuty), never from code."""

from __future__ import annotations

import datetime as dt

from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.notifications.domain import notify
from phoihop.regulations.models import CopyToDuty

from ..models import ReportCopy, ReportSlot, ReportSubmission
from .generation import Hierarchy


def duties_for(slot: ReportSlot) -> list[CopyToDuty]:
    """Duties binding the reporter when it reports to this receiver (of the slot's regulation, or of every
    current regulation for a report made under none)."""
    qs = CopyToDuty.objects.select_related("regulation")
    qs = (
        qs.filter(regulation_id=slot.regulation_id)
        if slot.regulation_id
        else qs.filter(regulation__superseded_by__isnull=True)
    )
    reporter, receiver = slot.reporter, slot.receiver
    return [
        d
        for d in qs.order_by("regulation__code", "order", "pk")
        if d.binds(reporter.kind, reporter.level)
        and any(
            a.get("kind") == receiver.kind and a.get("level") == receiver.level for a in d.original_receivers
        )
    ]


def deliver_copies(
    slot: ReportSlot, submission: ReportSubmission, now: dt.datetime, actor: Actor
) -> list[ReportCopy]:
    """Create each copy once per version (unique constraint) and tell both bodies; call inside the transaction
    that sends the version."""
    duties = duties_for(slot)
    if not duties:
        return []
    hierarchy = Hierarchy.load()
    made: list[ReportCopy] = []
    for duty in duties:
        target = hierarchy.nearest(slot.reporter, duty.copy_to_kind, duty.copy_to_level, now.date())
        if target is None or target.pk in (slot.receiver_id, slot.reporter_id):
            continue
        copy, created = ReportCopy.objects.get_or_create(
            submission=submission,
            copy_to=target,
            defaults={"slot": slot, "duty": duty, "created_at": now},
        )
        if not created:
            continue
        made.append(copy)
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=copy,
            summary=(
                f"Đồng gửi {target.name} báo cáo “{slot.title}” (lần {submission.version}) — "
                f"{duty.regulation.display_name}, {duty.article}"
            ),
            data={"slot": slot.pk, "submission": submission.pk, "duty": duty.code},
        )
        notify(
            users_of([target, slot.reporter]),
            kind="report.copy",
            title=f"Bản đồng gửi: {slot.reporter.name} gửi {slot.receiver.name} báo cáo “{slot.title}”",
            body=f"Theo {duty.regulation.display_name}, {duty.article}: {duty.scope}",
            url=slot.get_absolute_url(),
            dedupe_key=f"report-copy:{submission.pk}:{target.pk}",
        )
    return made
