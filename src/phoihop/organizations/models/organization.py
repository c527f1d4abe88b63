from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Level, OrganizationKind


class Organization(models.Model):
    """A body that takes part in coordination: committee, board, Front, socio-political organisation."""

    code = models.SlugField(
        _("mã"), max_length=80, unique=True, help_text=_("Mã ổn định, dùng trong dữ liệu.")
    )
    name = models.CharField(_("tên"), max_length=255)
    abbreviation = models.CharField(
        _("viết tắt"), max_length=30, help_text=_("Dùng trong số ký hiệu văn bản, ví dụ BNCTU.")
    )
    kind = models.CharField(_("loại"), max_length=40, choices=OrganizationKind.choices, db_index=True)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices, db_index=True)
    superior = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    admin_division_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Theo danh mục hành chính chính thức."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    established_on = models.DateField(
        _("thành lập từ ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu đã có từ trước; ví dụ các xã, phường mới từ 01/07/2025."),
    )
    dissolved_on = models.DateField(_("giải thể từ ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        started = self.established_on is None or self.established_on <= day
        return started and (self.dissolved_on is None or day < self.dissolved_on)

    def reports_for(self, start: dt.date, end: dt.date, due: dt.date) -> bool:
        """True if the body owes a report on the period start–end due on `due`: it existed during the period
        and still exists on the due day."""
        existed = self.established_on is None or self.established_on <= end
        return existed and (self.dissolved_on is None or due < self.dissolved_on)
