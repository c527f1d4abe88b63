"""Copy-to duties (đồng gửi): when a body sends a report covered by a duty to the original receiver, the named
body gets a copy automatically. Duties come from the regulation data (CopyToDuty), never from code."""

from __future__ import annotations

import datetime as dt

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.notifications.domain import notify
from phoihop.organizations.models import Organization
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


# Who is told of a copy at the body it goes to (issue 11): its leaders, who direct its handling, and its clerks,
# who register incoming documents — not every specialist (consultations.rules.RECEIVING_HANDLER_ROLES).
COPY_RECEIVING_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.CLERK})


def copy_handlers(
    users: list[User], slot: ReportSlot, submission: ReportSubmission, target: Organization
) -> list[User]:
    """Who is told that a report was copied to `target` (among `users`, the active users of the reporter and
    the target, no query): on the reporter's side the version's drafter and its signer and the reporter's
    leaders; on the target's side its leaders and clerks. A side with none of them falls back to every user of
    that side, so that someone is always told."""
    reporter = [u for u in users if u.organization_id == slot.reporter_id]
    receiving = [u for u in users if u.organization_id == target.pk]
    handled = {submission.created_by_id, submission.approved_by_id}
    reporter_side = [u for u in reporter if u.pk in handled or u.role == Role.LEADER] or reporter
    target_side = [u for u in receiving if u.role in COPY_RECEIVING_ROLES] or receiving
    seen: dict[int, User] = {}
    for user in (*reporter_side, *target_side):
        seen.setdefault(user.pk, user)
    return list(seen.values())


def deliver_copies(
    slot: ReportSlot, submission: ReportSubmission, now: dt.datetime, actor: Actor
) -> list[ReportCopy]:
    """Create each copy once per version (unique constraint) and tell its handlers on both sides
    (`copy_handlers`); call inside the transaction that sends the version."""
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
            copy_handlers(users_of([target, slot.reporter]), slot, submission, target),
            kind="report.copy",
            title=f"Bản đồng gửi: {slot.reporter.name} gửi {slot.receiver.name} báo cáo “{slot.title}”",
            body=f"Theo {duty.regulation.display_name}, {duty.article}: {duty.scope}",
            url=slot.get_absolute_url(),
            dedupe_key=f"report-copy:{submission.pk}:{target.pk}",
        )
    return made
