"""States of coordination requests, of each recipient's delivery (and its overdue flag) and of an escalation;
allowed transitions as data (each goes through common.transitions)."""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.regulations.enums import PersonnelProcedure, RequestKind

__all__ = [
    "ANSWERABLE_STATES",
    "ANSWERED_KINDS",
    "DELIVERY_TRANSITIONS",
    "DRAFT_TRANSITIONS",
    "LIVE_DRAFT_STATES",
    "ESCALATION_TRANSITIONS",
    "OPEN_DELIVERY_STATES",
    "OVERDUE_TRANSITIONS",
    "REQUEST_TRANSITIONS",
    "Channel",
    "PersonnelProcedure",
    "DeliveryState",
    "DraftKind",
    "DraftState",
    "EscalationState",
    "Position",
    "RequestKind",
    "RequestState",
]


# Kinds that expect an answer by a deadline (a notice expects none).
ANSWERED_KINDS = {
    RequestKind.CONSULTATION,
    RequestKind.INFORMATION_REQUEST,
    RequestKind.SECONDMENT,
    RequestKind.APPRAISAL,
    RequestKind.PERSONNEL,
}


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    SENT = "sent", _("Đã ký, đã gửi")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


REQUEST_TRANSITIONS: Mapping[str, frozenset[str]] = {
    RequestState.DRAFT: frozenset({RequestState.PENDING_APPROVAL, RequestState.WITHDRAWN}),
    RequestState.PENDING_APPROVAL: frozenset({RequestState.SENT, RequestState.DRAFT, RequestState.WITHDRAWN}),
    RequestState.SENT: frozenset({RequestState.CLOSED, RequestState.WITHDRAWN}),
    RequestState.CLOSED: frozenset(),
    RequestState.WITHDRAWN: frozenset(),
}


class DeliveryState(models.TextChoices):
    SENT = "sent", _("Đã gửi, chờ nhận")
    RECEIVED = "received", _("Đã nhận")
    EXTENSION_NOTIFIED = "extension_notified", _("Đã báo gia hạn")
    ANSWERED = "answered", _("Đã trả lời")
    DEEMED_CONSENT = "deemed_consent", _("Coi như đồng ý — cùng chịu trách nhiệm")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


OPEN_DELIVERY_STATES = {DeliveryState.SENT, DeliveryState.RECEIVED, DeliveryState.EXTENSION_NOTIFIED}
ANSWERABLE_STATES = {DeliveryState.RECEIVED, DeliveryState.EXTENSION_NOTIFIED}

DELIVERY_TRANSITIONS: Mapping[str, frozenset[str]] = {
    DeliveryState.SENT: frozenset({DeliveryState.RECEIVED, DeliveryState.WITHDRAWN}),
    DeliveryState.RECEIVED: frozenset(
        {
            DeliveryState.ANSWERED,
            DeliveryState.EXTENSION_NOTIFIED,
            DeliveryState.DEEMED_CONSENT,
            DeliveryState.WITHDRAWN,
        }
    ),
    DeliveryState.EXTENSION_NOTIFIED: frozenset(
        {DeliveryState.ANSWERED, DeliveryState.DEEMED_CONSENT, DeliveryState.WITHDRAWN}
    ),
    DeliveryState.ANSWERED: frozenset(),
    DeliveryState.DEEMED_CONSENT: frozenset(),
    DeliveryState.WITHDRAWN: frozenset(),
}

# A delivery's overdue flag (Delivery.overdue): set once by the sweep when the deadline day of an answerable
# copy has ended (the copy stays open for a late answer), never cleared.
OVERDUE_TRANSITIONS: Mapping[bool, frozenset[bool]] = {
    False: frozenset({True}),
    True: frozenset(),
}


class EscalationState(models.TextChoices):
    """An escalation is open until the authority rules (derived from Escalation.ruled_at, not a column)."""

    OPEN = "open", _("Chờ cấp có thẩm quyền kết luận")
    RULED = "ruled", _("Cấp có thẩm quyền đã kết luận")


ESCALATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    EscalationState.OPEN: frozenset({EscalationState.RULED}),
    EscalationState.RULED: frozenset(),
}


class Position(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    AGREE_WITH_COMMENTS = "agree_with_comments", _("Đồng ý, có ý kiến")
    DISAGREE = "disagree", _("Không đồng ý")


class Channel(models.TextChoices):
    ELECTRONIC = "electronic", _("Điện tử (trên hệ thống)")
    PAPER = "paper", _("Văn bản giấy")


class DraftKind(models.TextChoices):
    """What an answer draft inside the recipient body will send once a leader approves it."""

    ANSWER = "answer", _("Trả lời")
    EXTENSION = "extension", _("Báo gia hạn")


class DraftState(models.TextChoices):
    """An answer draft inside the recipient body (giao xử lý, lãnh đạo ký)."""

    DRAFTING = "drafting", _("Đang soạn")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    RETURNED = "returned", _("Lãnh đạo trả lại")
    SENT = "sent", _("Đã ký, đã gửi")
    DROPPED = "dropped", _("Không còn hiệu lực")


# A live draft can still become the body's answer; at most one per copy (constraint one_live_draft_per_copy).
LIVE_DRAFT_STATES = {DraftState.DRAFTING, DraftState.PENDING_APPROVAL, DraftState.RETURNED}

DRAFT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    DraftState.DRAFTING: frozenset({DraftState.PENDING_APPROVAL, DraftState.DROPPED}),
    DraftState.PENDING_APPROVAL: frozenset({DraftState.SENT, DraftState.RETURNED, DraftState.DROPPED}),
    DraftState.RETURNED: frozenset({DraftState.PENDING_APPROVAL, DraftState.DROPPED}),
    DraftState.SENT: frozenset(),
    DraftState.DROPPED: frozenset(),
}
