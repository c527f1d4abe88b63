"""States of report slots and of each submitted version; allowed transitions as data."""

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
# States in which a version has been sent.
SENT_SLOT_STATES = {SlotState.SUBMITTED, SlotState.ACCEPTED, SlotState.RETURNED}

SLOT_TRANSITIONS: dict[str, set[str]] = {
    SlotState.NOT_DUE: {SlotState.DUE, SlotState.OVERDUE, SlotState.SUBMITTED},
    SlotState.DUE: {SlotState.OVERDUE, SlotState.SUBMITTED},
    SlotState.OVERDUE: {SlotState.SUBMITTED},
    SlotState.SUBMITTED: {SlotState.ACCEPTED, SlotState.RETURNED},
    SlotState.RETURNED: {SlotState.SUBMITTED},
    SlotState.ACCEPTED: set(),
}


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    SENT = "sent", _("Đã gửi")


SUBMISSION_TRANSITIONS: dict[str, set[str]] = {
    SubmissionState.DRAFT: {SubmissionState.PENDING_APPROVAL, SubmissionState.SENT},
    SubmissionState.PENDING_APPROVAL: {SubmissionState.SENT, SubmissionState.DRAFT},
    SubmissionState.SENT: set(),
}


class Punctuality(models.TextChoices):
    """How the slot stands for chasing and evaluation (derived, never stored)."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")
    MISSING = "missing", _("Chưa gửi, đã quá hạn")
    PENDING = "pending", _("Chưa đến hạn")
