"""What coordination requests put in the work queue ("Việc cần làm", phoihop.work): request drafts to approve
or finish, incoming copies to assign or answer, answer drafts to approve or rework, paper copies whose receipt
must be recorded, escalations awaiting a ruling. Each source reads its rows in one query (select_related and
subqueries, at most `limit` rows), whatever the number of items; a role with nothing of a kind costs nothing.

Who acts (rules.py): a leader of the sender approves and sends a request; a leader (or the clerk) of the
recipient assigns an incoming copy (RECEIVING_HANDLER_ROLES); the assigned specialist drafts the answer and a
leader of the recipient approves it; a clerk of either side records a paper copy's receipt; a leader of the
authority rules on an escalation.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.enums import DRAFTING_ROLES, Role
from phoihop.accounts.types import Actor
from phoihop.audit.models import AuditEvent
from phoihop.common.sql import StateIn
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import Channel, DeliveryState, DraftKind, DraftState, RequestState
from .models import AnswerDraft, CoordinationRequest, Delivery, Escalation
from .rules import ANSWERING_ROLES, RECEIVING_HANDLER_ROLES

__all__ = ["SOURCES"]

# The states of the partial index delivery_inbox_open_idx / delivery_assignee_open_idx, written as constants.
_OPEN = sorted(
    [DeliveryState.EXTENSION_NOTIFIED.value, DeliveryState.RECEIVED.value, DeliveryState.SENT.value]
)
_ANSWERABLE = (DeliveryState.RECEIVED, DeliveryState.EXTENSION_NOTIFIED)
# The states of the partial index request_unsent_idx (a body's drafts among its whole history of requests).
_UNSENT = sorted([RequestState.DRAFT.value, RequestState.PENDING_APPROVAL.value])


def _org(user: Actor) -> int:
    return int(user.organization_id or 0)


def _detail(pk: int) -> str:
    return reverse("consult-detail", args=[pk])


# --- request drafts: a leader approves and sends; the drafter finishes (or reworks a returned one) ------------


def _request_drafts(user: Actor, today: dt.date) -> QuerySet[CoordinationRequest] | None:
    if not user.organization_id or user.role not in DRAFTING_ROLES:
        return None
    mine = Q(created_by_id=user.pk, state=RequestState.DRAFT)
    if user.role == Role.LEADER:
        mine |= Q(state=RequestState.PENDING_APPROVAL)
    # on request_unsent_idx: the body's unsent requests only, whatever the number it ever sent (issue 10)
    return CoordinationRequest.objects.filter(StateIn(_UNSENT), mine, sender_id=_org(user))


def _recipients_summary(first: str | None, n: int) -> str:
    if not first:
        return ""
    if n <= 1:
        return first
    return _("%(first)s và %(n)d cơ quan khác") % {"first": first, "n": n - 1}


def _request_draft_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _request_drafts(user, today)
    if rows is None:
        return []
    copies = Delivery.objects.filter(request_id=OuterRef("pk"))
    rows = (
        rows.select_related("created_by", "sender")
        .only(
            "id",
            "subject",
            "state",
            "stated_deadline",
            "created_at",
            "created_by__full_name",
            "created_by__username",
            "sender__name",
        )
        .annotate(
            # returned by the leader: the request's audit trail holds the edge pending approval -> draft
            returned=Exists(
                AuditEvent.objects.filter(
                    target_type=CoordinationRequest._meta.label_lower,
                    target_id=Cast(OuterRef("pk"), output_field=CharField()),
                    data__from=RequestState.PENDING_APPROVAL.value,
                    data__to=RequestState.DRAFT.value,
                )
            ),
            first_recipient=Subquery(copies.order_by("pk").values("recipient__name")[:1]),
            n_recipients=Subquery(
                copies.order_by().values("request_id").annotate(n=Count("pk")).values("n")[:1]
            ),
        )
        .order_by("created_at", "pk")[:limit]
    )
    pending, own = _("Dự thảo chờ duyệt, ký gửi"), _("Dự thảo chưa trình duyệt")
    returned = _("Dự thảo bị lãnh đạo trả lại")
    return [
        WorkItem(
            what=pending if r.state == RequestState.PENDING_APPROVAL else returned if r.returned else own,
            title=r.subject,
            from_body=str(r.created_by) if r.state == RequestState.PENDING_APPROVAL else r.sender.name,
            to_body=_recipients_summary(r.first_recipient, r.n_recipients or 0),
            deadline=r.stated_deadline,
            url=_detail(r.pk),
            ref=r.pk,
        )
        for r in rows
    ]


# --- incoming copies: assign (leader, clerk of the recipient), answer (the assignee) -------------------------


def _live_draft(state: str) -> Exists:
    return Exists(AnswerDraft.objects.filter(delivery_id=OuterRef("pk"), state=state))


def _incoming(user: Actor, today: dt.date) -> QuerySet[Delivery] | None:
    if not user.organization_id:
        return None
    copies = Delivery.objects.filter(
        StateIn(_OPEN), recipient_id=_org(user), state__in=_ANSWERABLE, request__sent_at__isnull=False
    )
    if user.role in RECEIVING_HANDLER_ROLES:
        # not assigned yet; a leader also answers the copies assigned to them
        mine = Q(assignee__isnull=True)
        if user.role == Role.LEADER:
            mine |= Q(assignee_id=user.pk)
        return copies.filter(mine).exclude(_live_draft(DraftState.PENDING_APPROVAL))
    if user.role == Role.SPECIALIST:
        # assigned to them and not answered; a draft waiting for the leader is the leader's turn
        return copies.filter(assignee_id=user.pk).exclude(_live_draft(DraftState.PENDING_APPROVAL))
    return None


def _incoming_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _incoming(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("request", "request__sender", "recipient", "assignee")
        .only(
            "id",
            "deadline",
            "internal_deadline",
            "assignee_id",
            "assignee__full_name",
            "assignee__username",
            "recipient__name",
            "request__id",
            "request__subject",
            "request__document_number",
            "request__sender__name",
        )
        .order_by(F("deadline").asc(nulls_last=True), "pk")[:limit]
    )
    assign, answer = _("Cần giao xử lý"), _("Cần trả lời")
    items = []
    for d in rows:
        mine = d.assignee_id == user.pk
        items.append(
            WorkItem(
                what=answer if mine else assign,
                title=d.request.subject,
                from_body=d.request.sender.name,
                to_body=str(d.assignee) if mine else d.recipient.name,
                # the assignee works to the internal date when the leader set one (never later than the body's)
                deadline=(d.internal_deadline or d.deadline) if mine else d.deadline,
                url=_detail(d.request.pk),
                number=d.request.document_number,
                ref=d.pk,
            )
        )
    return items


# --- answer drafts inside the recipient: a leader approves; the drafter reworks a returned one ----------------


def _answer_drafts(user: Actor, today: dt.date) -> QuerySet[AnswerDraft] | None:
    if not user.organization_id or user.role not in ANSWERING_ROLES:
        return None
    mine = Q(drafted_by_id=user.pk, state=DraftState.RETURNED, delivery__recipient_id=_org(user))
    if user.role == Role.LEADER:
        mine |= Q(state=DraftState.PENDING_APPROVAL, delivery__recipient_id=_org(user))
    return AnswerDraft.objects.filter(mine, delivery__state__in=_ANSWERABLE)


def _answer_draft_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _answer_drafts(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("delivery", "delivery__request", "delivery__request__sender", "drafted_by")
        .only(
            "id",
            "kind",
            "state",
            "drafted_by__full_name",
            "drafted_by__username",
            "delivery__id",
            "delivery__deadline",
            "delivery__request__id",
            "delivery__request__subject",
            "delivery__request__document_number",
            "delivery__request__sender__name",
        )
        .order_by(F("delivery__deadline").asc(nulls_last=True), "pk")[:limit]
    )
    labels: dict[tuple[str, str], str] = {
        (DraftState.PENDING_APPROVAL, DraftKind.ANSWER): _("Dự thảo trả lời chờ duyệt, ký gửi"),
        (DraftState.PENDING_APPROVAL, DraftKind.EXTENSION): _("Dự thảo báo gia hạn chờ duyệt, ký gửi"),
        (DraftState.RETURNED, DraftKind.ANSWER): _("Dự thảo trả lời bị trả lại"),
        (DraftState.RETURNED, DraftKind.EXTENSION): _("Dự thảo báo gia hạn bị trả lại"),
    }
    return [
        WorkItem(
            what=labels.get((a.state, a.kind), a.get_state_display()),
            title=a.delivery.request.subject,
            from_body=str(a.drafted_by),
            to_body=a.delivery.request.sender.name,
            deadline=a.delivery.deadline,
            url=_detail(a.delivery.request.pk),
            number=a.delivery.request.document_number,
            ref=a.pk,
        )
        for a in rows
    ]


# --- paper copies: a clerk of either side records the receipt ----------------------------------------------


def _paper(user: Actor, today: dt.date) -> QuerySet[Delivery] | None:
    if not user.organization_id or user.role != Role.CLERK:
        return None
    org = _org(user)
    return Delivery.objects.filter(
        Q(recipient_id=org) | Q(request__sender_id=org),
        state=DeliveryState.SENT,
        channel=Channel.PAPER,
        request__state=RequestState.SENT,
    )


def _paper_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _paper(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("request", "request__sender", "recipient")
        .only(
            "id",
            "recipient__name",
            "request__id",
            "request__subject",
            "request__document_number",
            "request__sender__name",
        )
        .order_by("pk")[:limit]
    )
    what = _("Vào sổ văn bản giấy đã nhận")
    return [
        WorkItem(
            what=what,
            title=d.request.subject,
            from_body=d.request.sender.name,
            to_body=d.recipient.name,
            deadline=None,
            url=_detail(d.request.pk),
            number=d.request.document_number,
            ref=d.pk,
        )
        for d in rows
    ]


# --- escalations: a leader of the authority rules ------------------------------------------------------------


def _escalations(user: Actor, today: dt.date) -> QuerySet[Escalation] | None:
    if not user.organization_id or user.role != Role.LEADER:
        return None
    return Escalation.objects.filter(authority_id=_org(user), ruled_at__isnull=True)


def _escalation_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _escalations(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("request", "request__sender", "authority")
        .only(
            "id",
            "document_number",
            "authority__name",
            "request__id",
            "request__subject",
            "request__document_number",
            "request__sender__name",
        )
        .order_by("escalated_at", "pk")[:limit]
    )
    what = _("Chờ kết luận")
    return [
        WorkItem(
            what=what,
            title=e.request.subject,
            from_body=e.request.sender.name,
            to_body=e.authority.name,
            deadline=None,
            url=_detail(e.request.pk),
            number=e.document_number or e.request.document_number,
            ref=e.pk,
        )
        for e in rows
    ]


SOURCES: dict[str, tuple[int, WorkSource]] = {
    "consultations.request_drafts": (
        10,
        WorkSource(gettext_lazy("Dự thảo văn bản đề nghị"), _request_drafts, _request_draft_items),
    ),
    "consultations.incoming": (
        20,
        WorkSource(gettext_lazy("Văn bản đến cần xử lý"), _incoming, _incoming_items),
    ),
    "consultations.answer_drafts": (
        30,
        WorkSource(gettext_lazy("Dự thảo trả lời"), _answer_drafts, _answer_draft_items),
    ),
    "consultations.paper": (40, WorkSource(gettext_lazy("Văn bản giấy cần vào sổ"), _paper, _paper_items)),
    "consultations.escalations": (
        50,
        WorkSource(gettext_lazy("Báo cáo cấp có thẩm quyền chờ kết luận"), _escalations, _escalation_items),
    ),
}

for _name, (_order, _source) in SOURCES.items():
    work.add(_name, _source, order=_order)
