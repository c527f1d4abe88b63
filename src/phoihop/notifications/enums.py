from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


# Allowed transitions of an outbox e-mail, as data (enforced by notifications.domain through
# common.transitions). A run claims a due e-mail (pending → sending) or one whose claim's lease ran out
# (sending → sending: the run that held it died); the claimer then marks it sent, puts it back for a
# retry (pending) or gives up after MAX_EMAIL_ATTEMPTS (failed).
EMAIL_TRANSITIONS: Mapping[str, frozenset[str]] = {
    EmailState.PENDING: frozenset({EmailState.SENDING}),
    EmailState.SENDING: frozenset(
        {EmailState.SENDING, EmailState.SENT, EmailState.PENDING, EmailState.FAILED}
    ),
    EmailState.SENT: frozenset(),
    EmailState.FAILED: frozenset(),
}

MAX_EMAIL_ATTEMPTS = 5
CLAIM_LEASE_SECONDS = 300
