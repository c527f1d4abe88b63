"""States of the protected identities' domain (issue 13, point 5): a protection request's, with its table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtectionState(models.TextChoices):
    OPEN = "open", _("Đang xem xét")
    IN_FORCE = "in_force", _("Đang áp dụng biện pháp bảo vệ")
    ENDED = "ended", _("Đã kết thúc")


PROTECTION_TRANSITIONS: dict[ProtectionState, frozenset[ProtectionState]] = {
    ProtectionState.OPEN: frozenset({ProtectionState.IN_FORCE, ProtectionState.ENDED}),
    ProtectionState.IN_FORCE: frozenset({ProtectionState.ENDED}),
    ProtectionState.ENDED: frozenset(),
}
FOLLOWED_STATES = (ProtectionState.OPEN, ProtectionState.IN_FORCE)
