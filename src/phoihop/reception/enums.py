"""States of citizen reception (issue 13, point 6): a planned reception day, the written answer a session owes the
people received, and a follow-up of a session; each with its transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayState(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã tiếp dân")
    CANCELLED = "cancelled", _("Đã hủy")


DAY_TRANSITIONS: dict[DayState, frozenset[DayState]] = {
    DayState.PLANNED: frozenset({DayState.HELD, DayState.CANCELLED}),
    DayState.HELD: frozenset(),
    DayState.CANCELLED: frozenset(),
}
COUNTED_DAY_STATES = (DayState.PLANNED, DayState.HELD)


class SessionKind(models.TextChoices):
    PERIODIC = "periodic", _("Tiếp dân định kỳ")
    AD_HOC = "ad_hoc", _("Tiếp dân đột xuất")


class AnswerState(models.TextChoices):
    ON_SPOT = "on_spot", _("Đã trả lời trực tiếp tại buổi tiếp")
    PENDING = "pending", _("Chờ trả lời bằng văn bản")
    OVERDUE = "overdue", _("Quá hạn trả lời bằng văn bản")
    SENT = "sent", _("Đã trả lời bằng văn bản")


ANSWER_TRANSITIONS: dict[AnswerState, frozenset[AnswerState]] = {
    AnswerState.ON_SPOT: frozenset(),
    AnswerState.PENDING: frozenset({AnswerState.OVERDUE, AnswerState.SENT}),
    AnswerState.OVERDUE: frozenset({AnswerState.SENT}),
    AnswerState.SENT: frozenset(),
}
WAITING_ANSWER_STATES = (AnswerState.PENDING, AnswerState.OVERDUE)


class FollowUpState(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    OVERDUE = "overdue", _("Quá hạn")
    DONE = "done", _("Đã xong")


FOLLOWUP_TRANSITIONS: dict[FollowUpState, frozenset[FollowUpState]] = {
    FollowUpState.OPEN: frozenset({FollowUpState.OVERDUE, FollowUpState.DONE}),
    FollowUpState.OVERDUE: frozenset({FollowUpState.DONE}),
    FollowUpState.DONE: frozenset(),
}
WAITING_FOLLOWUP_STATES = (FollowUpState.OPEN, FollowUpState.OVERDUE)
