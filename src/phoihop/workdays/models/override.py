from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import calendar
from ..enums import OverrideKind, OverrideStatus


class CalendarOverride(models.Model):
    """One day set by an announcement, on top of the base calendar (holidays package): a weekday off, or a
    weekend day / holiday worked. Only official overrides change deadlines; proposed ones are shown."""

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=OverrideKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(
        _("căn cứ"), max_length=500, blank=True, help_text=_("Ví dụ: số, ngày của thông báo lịch nghỉ.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OverrideStatus.choices, default=OverrideStatus.OFFICIAL
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch")
        verbose_name_plural = _("điều chỉnh lịch")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.name}"

    def to_override(self) -> calendar.DayOverride:
        return calendar.DayOverride(
            day=self.day,
            kind=calendar.WORKING_DAY if self.kind == OverrideKind.WORKING_DAY else calendar.DAY_OFF,
            name=self.name,
            basis=self.legal_basis,
            status=calendar.PROPOSED if self.status == OverrideStatus.PROPOSED else calendar.OFFICIAL,
        )

    def clean(self) -> None:
        super().clean()
        if self.day is None or not self.kind:
            return
        if not calendar.MIN_YEAR <= self.day.year <= calendar.MAX_YEAR:
            out_of_range = _("Chỉ nhận ngày từ năm %(a)s đến năm %(b)s.") % {
                "a": calendar.MIN_YEAR,
                "b": calendar.MAX_YEAR,
            }
            raise ValidationError({"day": out_of_range})
        message = calendar.override_problem(self.day, self.kind)
        if message:
            raise ValidationError({"kind": message})
