"""States and kinds of the cases domain. A case's stage is data (data/cases/cases.yaml: stages and their moves,
read by cases.schema); a progress request's states are here, with their transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressState(models.TextChoices):
    OPEN = "open", _("Chờ địa phương trả lời")
    OVERDUE = "overdue", _("Quá hạn, chưa trả lời")
    ANSWERED = "answered", _("Đã trả lời")


PROGRESS_TRANSITIONS: dict[ProgressState, frozenset[ProgressState]] = {
    ProgressState.OPEN: frozenset({ProgressState.OVERDUE, ProgressState.ANSWERED}),
    ProgressState.OVERDUE: frozenset({ProgressState.ANSWERED}),
    ProgressState.ANSWERED: frozenset(),
}
WAITING_PROGRESS_STATES = (ProgressState.OPEN, ProgressState.OVERDUE)


class OfficialRole(models.TextChoices):
    SUBJECT = "subject", _("Đối tượng của vụ án, vụ việc")
    RESPONSIBLE = "responsible", _("Có trách nhiệm liên quan")
    RELATED = "related", _("Người có liên quan")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Mở theo dõi")
    MOVED = "moved", _("Chuyển giai đoạn")
    OFFICIAL = "official", _("Thêm cán bộ liên quan")
    ORGANIZATION = "organization", _("Thêm cơ quan liên quan")
    PROGRESS_ASKED = "progress_asked", _("Yêu cầu báo cáo tiến độ")
    PROGRESS_ANSWERED = "progress_answered", _("Địa phương báo cáo tiến độ")
    STALE = "stale", _("Chậm tiến độ")
    CLOSED = "closed", _("Kết thúc")
