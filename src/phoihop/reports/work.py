"""What report slots put in the work queue ("Việc cần làm", phoihop.work): reports the body must send (due,
overdue, returned for correction by the receiving body), versions waiting for a leader's approval, and sent
reports the receiving body must accept or return. One query per source, whatever the number of items.

Who acts (rules.py): a clerk, specialist or leader of the reporting body drafts (can_draft); a leader of the
reporting body approves and sends (can_approve); a specialist or leader of the receiving body reviews
(can_review). A version waiting for approval is the leader's turn, so its slot leaves the drafters' queue.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.enums import DRAFTING_ROLES, Role
from phoihop.accounts.types import Actor
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import SlotState, SubmissionState
from .models import ReportSlot, ReportSubmission
from .rules import REVIEWING_ROLES

__all__ = ["SOURCES"]


def _org(user: Actor) -> int:
    return int(user.organization_id or 0)


def _slot_url(pk: int) -> str:
    return reverse("reports-slot", args=[pk])


def _awaiting_leader() -> Exists:
    return Exists(
        ReportSubmission.objects.filter(slot_id=OuterRef("pk"), state=SubmissionState.PENDING_APPROVAL)
    )


# --- reports to send: due, overdue, returned for correction ----------------------------------------------------


def _to_send(user: Actor, today: dt.date) -> QuerySet[ReportSlot] | None:
    if not user.organization_id or user.role not in DRAFTING_ROLES:
        return None
    owed = Q(state__in=[SlotState.DUE, SlotState.OVERDUE, SlotState.RETURNED]) | Q(
        state=SlotState.NOT_DUE, opens_on__lte=today
    )
    return ReportSlot.objects.filter(owed, reporter_id=_org(user)).exclude(_awaiting_leader())


def _to_send_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _to_send(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("reporter", "receiver")
        .only("id", "title", "period_label", "state", "due_on", "reporter__name", "receiver__name")
        .order_by("due_on", "pk")[:limit]
    )
    labels = {
        SlotState.RETURNED: _("Báo cáo bị trả lại, cần chỉnh sửa"),
        SlotState.OVERDUE: _("Báo cáo quá hạn, chưa gửi"),
    }
    due = _("Báo cáo đến kỳ phải gửi")
    return [
        WorkItem(
            what=labels.get(s.state, due),  # type: ignore[call-overload]
            title=f"{s.title} — {s.period_label}" if s.period_label else s.title,
            from_body=s.reporter.name,
            to_body=s.receiver.name,
            # a returned report has no date of its own for the correction: it is owed at once
            deadline=None if s.state == SlotState.RETURNED else s.due_on,
            url=_slot_url(s.pk),
            ref=s.pk,
        )
        for s in rows
    ]


# --- versions waiting for the reporting body's leader ---------------------------------------------------------


def _approval(user: Actor, today: dt.date) -> QuerySet[ReportSubmission] | None:
    if not user.organization_id or user.role != Role.LEADER:
        return None
    return ReportSubmission.objects.filter(
        state=SubmissionState.PENDING_APPROVAL, slot__reporter_id=_org(user)
    )


def _approval_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _approval(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("slot", "slot__receiver", "created_by")
        .only(
            "id",
            "slot__id",
            "slot__title",
            "slot__period_label",
            "slot__due_on",
            "slot__receiver__name",
            "created_by__full_name",
            "created_by__username",
        )
        .order_by("slot__due_on", "pk")[:limit]
    )
    what = _("Báo cáo chờ duyệt, ký gửi")
    return [
        WorkItem(
            what=what,
            title=f"{v.slot.title} — {v.slot.period_label}" if v.slot.period_label else v.slot.title,
            from_body=str(v.created_by),
            to_body=v.slot.receiver.name,
            deadline=v.slot.due_on,
            url=_slot_url(v.slot.pk),
            ref=v.pk,
        )
        for v in rows
    ]


# --- sent reports the receiving body accepts or returns -------------------------------------------------------


def _to_review(user: Actor, today: dt.date) -> QuerySet[ReportSlot] | None:
    if not user.organization_id or user.role not in REVIEWING_ROLES:
        return None
    return ReportSlot.objects.filter(state=SlotState.SUBMITTED, receiver_id=_org(user))


def _to_review_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _to_review(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("reporter", "receiver")
        .only("id", "title", "period_label", "last_sent_at", "reporter__name", "receiver__name")
        .order_by("last_sent_at", "pk")[:limit]
    )
    what = _("Báo cáo cần tiếp nhận")
    return [
        WorkItem(
            what=what,
            title=f"{s.title} — {s.period_label}" if s.period_label else s.title,
            from_body=s.reporter.name,
            to_body=s.receiver.name,
            deadline=None,
            url=_slot_url(s.pk),
            ref=s.pk,
        )
        for s in rows
    ]


SOURCES: dict[str, tuple[int, WorkSource]] = {
    "reports.to_send": (60, WorkSource(gettext_lazy("Báo cáo phải gửi"), _to_send, _to_send_items)),
    "reports.approval": (70, WorkSource(gettext_lazy("Báo cáo chờ duyệt"), _approval, _approval_items)),
    "reports.review": (
        80,
        WorkSource(gettext_lazy("Báo cáo nhận cần tiếp nhận"), _to_review, _to_review_items),
    ),
}

for _name, (_order, _source) in SOURCES.items():
    work.add(_name, _source, order=_order)
