from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


# Allowed transitions of an outbox e-mail, as data.
EMAIL_TRANSITIONS: dict[str, set[str]] = {
    EmailState.PENDING: {EmailState.SENDING},
    EmailState.SENDING: {EmailState.SENT, EmailState.PENDING, EmailState.FAILED},
    EmailState.SENT: set(),
    EmailState.FAILED: set(),
}

MAX_EMAIL_ATTEMPTS = 5
CLAIM_LEASE_SECONDS = 300
