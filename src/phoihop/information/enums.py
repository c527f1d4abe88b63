"""Kinds and states of information about officials (issue 12, part 2), and the transition tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InformationKind(models.TextChoices):
    """What is known about the official (000 4.2.2, 4.2.6; 001 9.3, 14.2, 15.2; 003 3.7, 4.1.g; 004 1.6),
    and the result of handling it (003 4.2.đ, 004 2.6)."""

    SIGNS_OF_VIOLATION = "signs_of_violation", _("Có dấu hiệu vi phạm")
    COMPLAINT = "complaint", _("Bị khiếu nại")
    DENUNCIATION = "denunciation", _("Bị tố cáo")
    UNDER_REVIEW = "under_review", _("Đang được xem xét")
    PROSECUTED = "prosecuted", _("Bị khởi tố")
    HANDLING_RESULT = "handling_result", _("Kết quả xử lý")


# Kinds that report facts about the official: only verified, concluded information may be sent (000 5.2,
# 003 5.1.d), so the sender attests it and names the conclusion. A handling result is itself a conclusion.
ATTESTED_KINDS: frozenset[str] = frozenset(InformationKind.values) - {InformationKind.HANDLING_RESULT}


class InformationState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Đã gửi")


INFORMATION_TRANSITIONS: dict[str, frozenset[str]] = {
    InformationState.DRAFT: frozenset({InformationState.SENT}),
    InformationState.SENT: frozenset(),
}


class CopyState(models.TextChoices):
    SENT = "sent", _("Chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    ANSWERED = "answered", _("Đã báo cáo kết quả xử lý")


COPY_TRANSITIONS: dict[str, frozenset[str]] = {
    CopyState.SENT: frozenset({CopyState.RECEIVED, CopyState.ANSWERED}),
    CopyState.RECEIVED: frozenset({CopyState.ANSWERED}),
    CopyState.ANSWERED: frozenset(),
}

# A copy still awaiting its handling result (the partial index copy_result_due_idx is on these states).
OPEN_COPY_STATES: tuple[str, ...] = (CopyState.RECEIVED.value, CopyState.SENT.value)

OVERDUE_TRANSITIONS: dict[bool, frozenset[bool]] = {False: frozenset({True}), True: frozenset()}
