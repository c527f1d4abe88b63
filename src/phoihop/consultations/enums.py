"""States of coordination requests and of each recipient's delivery; allowed transitions as data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.regulations.enums import RequestKind

__all__ = [
    "ANSWERABLE_STATES",
    "ANSWERED_KINDS",
    "DELIVERY_TRANSITIONS",
    "OPEN_DELIVERY_STATES",
    "REQUEST_TRANSITIONS",
    "Channel",
    "DeliveryState",
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
}


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    SENT = "sent", _("Đã ký, đã gửi")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestState.DRAFT: {RequestState.PENDING_APPROVAL, RequestState.WITHDRAWN},
    RequestState.PENDING_APPROVAL: {RequestState.SENT, RequestState.DRAFT, RequestState.WITHDRAWN},
    RequestState.SENT: {RequestState.CLOSED, RequestState.WITHDRAWN},
    RequestState.CLOSED: set(),
    RequestState.WITHDRAWN: set(),
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

DELIVERY_TRANSITIONS: dict[str, set[str]] = {
    DeliveryState.SENT: {DeliveryState.RECEIVED, DeliveryState.WITHDRAWN},
    DeliveryState.RECEIVED: {
        DeliveryState.ANSWERED,
        DeliveryState.EXTENSION_NOTIFIED,
        DeliveryState.DEEMED_CONSENT,
        DeliveryState.WITHDRAWN,
    },
    DeliveryState.EXTENSION_NOTIFIED: {
        DeliveryState.ANSWERED,
        DeliveryState.DEEMED_CONSENT,
        DeliveryState.WITHDRAWN,
    },
    DeliveryState.ANSWERED: set(),
    DeliveryState.DEEMED_CONSENT: set(),
    DeliveryState.WITHDRAWN: set(),
}


class Position(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    AGREE_WITH_COMMENTS = "agree_with_comments", _("Đồng ý, có ý kiến")
    DISAGREE = "disagree", _("Không đồng ý")


class Channel(models.TextChoices):
    ELECTRONIC = "electronic", _("Điện tử (trên hệ thống)")
    PAPER = "paper", _("Văn bản giấy")
