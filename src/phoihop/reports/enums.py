"""States of report slots and of each submitted version; allowed transitions as data (each goes through
common.transitions)."""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotOrigin(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")
    THEMATIC = "thematic", _("Chuyên đề")


class SlotState(models.TextChoices):
    NOT_DUE = "not_due", _("Chưa đến kỳ")
    DUE = "due", _("Đến kỳ báo cáo")
    OVERDUE = "overdue", _("Quá hạn, chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# States in which the reporting body still owes a (corrected) report.
OPEN_SLOT_STATES = {SlotState.NOT_DUE, SlotState.DUE, SlotState.OVERDUE, SlotState.RETURNED}
# States in which the sweep reminds the reporting body (before and on the due day; then while overdue).
NOT_SENT_SLOT_STATES = [SlotState.NOT_DUE, SlotState.DUE]
REMINDED_SLOT_STATES = [SlotState.NOT_DUE, SlotState.DUE, SlotState.OVERDUE]
# States in which a version has been sent.
SENT_SLOT_STATES = {SlotState.SUBMITTED, SlotState.ACCEPTED, SlotState.RETURNED}

SLOT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    SlotState.NOT_DUE: frozenset({SlotState.DUE, SlotState.OVERDUE, SlotState.SUBMITTED}),
    SlotState.DUE: frozenset({SlotState.OVERDUE, SlotState.SUBMITTED}),
    SlotState.OVERDUE: frozenset({SlotState.SUBMITTED}),
    SlotState.SUBMITTED: frozenset({SlotState.ACCEPTED, SlotState.RETURNED}),
    SlotState.RETURNED: frozenset({SlotState.SUBMITTED}),
    SlotState.ACCEPTED: frozenset(),
}


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    SENT = "sent", _("Đã gửi")


SUBMISSION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    SubmissionState.DRAFT: frozenset({SubmissionState.PENDING_APPROVAL, SubmissionState.SENT}),
    SubmissionState.PENDING_APPROVAL: frozenset({SubmissionState.SENT, SubmissionState.DRAFT}),
    SubmissionState.SENT: frozenset(),
}


class Punctuality(models.TextChoices):
    """How the slot stands for chasing and evaluation (derived, never stored)."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")
    MISSING = "missing", _("Chưa gửi, đã quá hạn")
    PENDING = "pending", _("Chưa đến hạn")
