"""How far the sweep has generated periodic report slots, and from which inputs (issue 10, cause 3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GenerationMark(models.Model):
    """One row (key "periodic"): the sweep generates the slots ahead again only when today's horizon moved past
    `horizon`, the clock went back before `generated_on`, or the fingerprint of its inputs changed.

    `inputs` is the fingerprint of what generation reads: the current regulation versions (their count and ids:
    a version's data never changes, a new one gets a new id), the organisations (count, highest id and sums,
    weighted by id, of their superior, kind/level and establishment/dissolution dates: Organization has no
    updated timestamp) and the calendar's overrides (count and latest `updated_at`). `calendar` is the calendar's
    part alone: when it changes, the stored next reminder date of every open slot is computed again.
    `no_receiver` is what the last generation could not create (no receiving body), reported by every sweep as
    before."""

    key = models.CharField(_("khóa"), max_length=40, unique=True)
    generated_on = models.DateField(_("tạo lần cuối ngày"))
    horizon = models.DateField(_("đã tạo đến ngày"))
    inputs = models.CharField(_("dấu vết dữ liệu đầu vào"), max_length=255, blank=True)
    calendar = models.CharField(_("dấu vết lịch làm việc"), max_length=100, blank=True)
    no_receiver = models.PositiveIntegerField(_("kỳ không có cơ quan nhận"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mốc tạo kỳ báo cáo")
        verbose_name_plural = _("mốc tạo kỳ báo cáo")

    def __str__(self) -> str:
        return f"{self.key}: {self.horizon:%d/%m/%Y}"
