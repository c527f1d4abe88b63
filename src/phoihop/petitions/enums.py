"""States and kinds of the petitions domain (issue 13), with the petition's transition table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionKind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị")
    FEEDBACK = "feedback", _("Phản ánh")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Tiếp nhận trực tiếp")
    POST = "post", _("Qua bưu điện")
    SUGGESTION_BOX = "suggestion_box", _("Hòm thư góp ý")
    TRANSFER = "transfer", _("Cơ quan khác chuyển đến")
    INTERNAL_FORM = "internal_form", _("Biểu mẫu nội bộ")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận, chờ phân loại")
    HANDLING = "handling", _("Đang giải quyết")
    TRANSFERRED = "transferred", _("Đã chuyển đơn, chờ kết quả")
    GUIDED = "guided", _("Đã hướng dẫn người gửi")
    FILED = "filed", _("Lưu đơn")
    CLOSED = "closed", _("Đã có kết quả")


PETITION_TRANSITIONS: dict[PetitionState, frozenset[PetitionState]] = {
    PetitionState.RECEIVED: frozenset(
        {PetitionState.HANDLING, PetitionState.TRANSFERRED, PetitionState.GUIDED, PetitionState.FILED}
    ),
    PetitionState.HANDLING: frozenset({PetitionState.CLOSED, PetitionState.TRANSFERRED}),
    PetitionState.TRANSFERRED: frozenset({PetitionState.CLOSED}),
    PetitionState.GUIDED: frozenset(),
    PetitionState.FILED: frozenset(),
    PetitionState.CLOSED: frozenset(),
}
OPEN_STATES = (PetitionState.RECEIVED, PetitionState.HANDLING, PetitionState.TRANSFERRED)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    CLASSIFIED = "classified", _("Phân loại")
    DECIDED = "decided", _("Quyết định xử lý")
    TRANSFERRED = "transferred", _("Chuyển đơn")
    RESULT = "result", _("Báo cáo kết quả")
    LINKED = "linked", _("Gắn với vụ việc chung")
    DEADLINE = "deadline", _("Đến hạn")
    CLOSED = "closed", _("Kết thúc")
